//! `backport <commit> --to <line>`: one cherry-pick onto a line's staging
//! branch, with the same rules `release prepare` applies. Idempotent: a commit
//! already on the line (same id, patch-id, PR-URL or cherry-pick source) is
//! reported, not picked again.

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use git2::{Oid, Repository};

use crate::commits::Class;
use crate::gitx::{self, Identities};
use crate::lines::{branch_name, staging_name, ReleaseLines};

/// Outcome of a backport.
#[derive(Debug, Clone, PartialEq)]
pub enum Backported {
    /// Picked; the new commit on staging.
    Picked(Oid),
    /// Already there (how it was recognised).
    AlreadyThere(String),
}

/// Backports `rev` onto line `major`'s staging branch.
pub fn backport(repo: &Repository, lines: &ReleaseLines, rev: &str, major: u64, date: NaiveDate, main: &str) -> Result<Backported> {
    let line = lines.line(major)?;
    let phase = line.phase_on(date);
    if phase == crate::lines::Phase::EndOfLife {
        bail!("line {major} reached end-of-life on {}; nothing lands on it", line.end);
    }
    let oid = repo.revparse_single(rev).with_context(|| format!("`{rev}` is not a commit here"))?.peel_to_commit()?.id();
    let staging = staging_name(major);
    let tip = gitx::branch_tip(repo, &staging)
        .or_else(|| gitx::branch_tip(repo, &branch_name(major)))
        .with_context(|| format!("neither {staging} nor {} exists; prepare the line's first release first", branch_name(major)))?;
    let mut ids = Identities::default();
    let exclude: Vec<Oid> = gitx::branch_tip(repo, main).into_iter().collect();
    let on_line = gitx::range(repo, tip, &exclude)?;
    let index = ids.index(repo, &on_line)?;
    if repo.graph_descendant_of(tip, oid)? || tip == oid {
        return Ok(Backported::AlreadyThere(format!("{oid} is an ancestor of {staging}")));
    }
    for key in ids.keys(repo, oid)? {
        if let Some(found) = index.get(&key) {
            return Ok(Backported::AlreadyThere(format!("already on {staging} as {found} ({})", gitx::key_kind(&key))));
        }
    }
    let meta = ids.meta(repo, oid)?.clone();
    if meta.class == Class::Major {
        bail!("{oid} is semver-major; it never lands on a released line. Land a non-breaking variant instead");
    }
    if meta.dont_land_on.contains(&major) {
        bail!("{oid} carries `Dont-Land-On: {}`; remove the trailer in a follow-up commit if it should land", branch_name(major));
    }
    let sig = gitx::release_signature(repo, date)?;
    gitx::refuse_checked_out(repo, &staging)?;
    Ok(Backported::Picked(gitx::pick(repo, &staging, tip, oid, &sig)?))
}
