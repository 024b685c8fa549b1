//! Small git2 helpers shared by release, backport and promote: tags of a line,
//! commit identities for landed detection, and writing trees without touching
//! any working tree (so the tooling is safe to run in a repository people
//! are working in).

use std::collections::HashMap;

use anyhow::{anyhow, bail, Context, Result};
use chrono::{NaiveDate, TimeZone, Utc};
use git2::{Commit, Index, IndexEntry, IndexTime, Oid, Repository, Signature, Sort, Tree};
use semver::Version;

use crate::commits::CommitMeta;

/// A release tag `v<version>` and where it points.
#[derive(Debug, Clone)]
pub struct ReleaseTag {
    /// Parsed version.
    pub version: Version,
    /// Commit the tag points to.
    pub commit: Oid,
    /// Release day (tagger time, else commit time), UTC.
    pub date: NaiveDate,
}

/// Every `v*` tag that parses as semver, oldest version first.
pub fn release_tags(repo: &Repository) -> Result<Vec<ReleaseTag>> {
    let mut tags = Vec::new();
    for name in repo.tag_names(Some("v*"))?.iter().flatten() {
        let Ok(version) = Version::parse(&name[1..]) else { continue };
        let obj = repo.revparse_single(&format!("refs/tags/{name}"))?;
        let when = match obj.as_tag() {
            Some(tag) => tag.tagger().map(|s| s.when()),
            None => None,
        };
        let commit = obj.peel_to_commit()?;
        let when = when.unwrap_or_else(|| commit.time());
        tags.push(ReleaseTag { version, commit: commit.id(), date: day_of(when.seconds()) });
    }
    tags.sort_by(|a, b| a.version.cmp(&b.version));
    Ok(tags)
}

/// UTC day of a unix time.
pub fn day_of(seconds: i64) -> NaiveDate {
    Utc.timestamp_opt(seconds, 0).single().map(|t| t.date_naive()).unwrap_or_default()
}

/// Noon UTC of a day: release objects get this time so that preparing the
/// same release twice yields the same commit and tag ids.
pub fn noon(day: NaiveDate) -> git2::Time {
    let secs = day.and_hms_opt(12, 0, 0).map(|t| t.and_utc().timestamp()).unwrap_or(0);
    git2::Time::new(secs, 0)
}

/// The signature release objects are made with: the repository's configured
/// user if any, else the tooling itself; at noon UTC of `day`.
pub fn release_signature(repo: &Repository, day: NaiveDate) -> Result<Signature<'static>> {
    let (name, email) = match repo.signature() {
        Ok(s) => (s.name().unwrap_or("nodus release").to_string(), s.email().unwrap_or("release@nodus.invalid").to_string()),
        Err(_) => ("nodus release tooling".to_string(), "release@nodus.invalid".to_string()),
    };
    Ok(Signature::new(&name, &email, &noon(day))?)
}

/// Tip of a local branch, if it exists.
pub fn branch_tip(repo: &Repository, branch: &str) -> Option<Oid> {
    repo.refname_to_id(&format!("refs/heads/{branch}")).ok()
}

/// Commits reachable from `include` but not from any of `exclude`, oldest first.
pub fn range(repo: &Repository, include: Oid, exclude: &[Oid]) -> Result<Vec<Oid>> {
    let mut walk = repo.revwalk()?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)?;
    walk.push(include)?;
    for e in exclude {
        walk.hide(*e)?;
    }
    Ok(walk.collect::<Result<Vec<_>, _>>()?)
}

/// Caches what landed detection needs per commit: its metadata and patch-id.
#[derive(Default)]
pub struct Identities {
    meta: HashMap<Oid, CommitMeta>,
    patch: HashMap<Oid, Option<Oid>>,
}

impl Identities {
    /// Parsed metadata of a commit.
    pub fn meta(&mut self, repo: &Repository, oid: Oid) -> Result<&CommitMeta> {
        if let std::collections::hash_map::Entry::Vacant(slot) = self.meta.entry(oid) {
            let commit = repo.find_commit(oid)?;
            slot.insert(CommitMeta::parse(commit.message().unwrap_or("")));
        }
        Ok(&self.meta[&oid])
    }

    /// Patch-id of a commit against its first parent (None for empty diffs and merges).
    pub fn patch_id(&mut self, repo: &Repository, oid: Oid) -> Result<Option<Oid>> {
        if let Some(p) = self.patch.get(&oid) {
            return Ok(*p);
        }
        let commit = repo.find_commit(oid)?;
        let id = if commit.parent_count() > 1 {
            None
        } else {
            let parent_tree = match commit.parent(0) {
                Ok(p) => Some(p.tree()?),
                Err(_) => None,
            };
            let diff = repo.diff_tree_to_tree(parent_tree.as_ref(), Some(&commit.tree()?), None)?;
            if diff.deltas().len() == 0 { None } else { Some(diff.patchid(None)?) }
        };
        self.patch.insert(oid, id);
        Ok(id)
    }

    /// The keys two commits share when one is the other landed elsewhere:
    /// the commit id, its patch-id, its PR-URL and the commit it was
    /// cherry-picked from (branch-diff's rules, from git alone).
    pub fn keys(&mut self, repo: &Repository, oid: Oid) -> Result<Vec<String>> {
        let mut keys = vec![format!("oid:{oid}")];
        if let Some(p) = self.patch_id(repo, oid)? {
            keys.push(format!("patch:{p}"));
        }
        let meta = self.meta(repo, oid)?;
        if let Some(url) = &meta.pr_url {
            keys.push(format!("pr:{url}"));
        }
        if let Some(from) = &meta.cherry_picked_from {
            keys.push(format!("oid:{from}"));
        }
        Ok(keys)
    }

    /// Maps every key of the given commits to the commit carrying it.
    pub fn index(&mut self, repo: &Repository, oids: &[Oid]) -> Result<HashMap<String, Oid>> {
        let mut map = HashMap::new();
        for oid in oids {
            for k in self.keys(repo, *oid)? {
                map.entry(k).or_insert(*oid);
            }
        }
        Ok(map)
    }
}

/// Human name of a key kind, for plan reasons.
pub fn key_kind(key: &str) -> &'static str {
    match key.split(':').next() {
        Some("patch") => "patch-id",
        Some("pr") => "PR-URL",
        _ => "commit id",
    }
}

/// Applies `commits` as cherry-picks onto `base` in memory, returning the tree
/// after each one. Fails with the offending commit on the first conflict.
pub fn simulate_picks(repo: &Repository, base: &Tree, commits: &[Oid]) -> Result<Vec<Oid>, (Oid, anyhow::Error)> {
    let mut ours = base.id();
    let mut trees = Vec::new();
    for oid in commits {
        let step = || -> Result<Oid> {
            let commit = repo.find_commit(*oid)?;
            let parent_tree = commit.parent(0).context("cannot cherry-pick a root commit")?.tree()?;
            let mut index = repo.merge_trees(&parent_tree, &repo.find_tree(ours)?, &commit.tree()?, None)?;
            if index.has_conflicts() {
                let paths: Vec<String> = index
                    .conflicts()?
                    .flatten()
                    .filter_map(|c| c.our.or(c.their).map(|e| String::from_utf8_lossy(&e.path).into_owned()))
                    .collect();
                return Err(anyhow!("conflict in {}", paths.join(", ")));
            }
            Ok(index.write_tree_to(repo)?)
        };
        match step() {
            Ok(tree) => {
                ours = tree;
                trees.push(tree);
            }
            Err(e) => return Err((*oid, e)),
        }
    }
    Ok(trees)
}

/// Reads a file from a tree, if present.
pub fn read_file(repo: &Repository, tree: &Tree, path: &str) -> Option<String> {
    let entry = tree.get_path(std::path::Path::new(path)).ok()?;
    let blob = repo.find_blob(entry.id()).ok()?;
    Some(String::from_utf8_lossy(blob.content()).into_owned())
}

/// A new tree: `base` with `files` (path, contents) written over it.
pub fn write_files(repo: &Repository, base: &Tree, files: &[(String, String)]) -> Result<Oid> {
    let mut index = Index::new()?;
    index.read_tree(base)?;
    for (path, text) in files {
        let blob = repo.blob(text.as_bytes())?;
        let zero = IndexTime::new(0, 0);
        index.add(&IndexEntry {
            ctime: zero,
            mtime: zero,
            dev: 0,
            ino: 0,
            mode: 0o100644,
            uid: 0,
            gid: 0,
            file_size: text.len() as u32,
            id: blob,
            flags: path.len().min(0xfff) as u16,
            flags_extended: 0,
            path: path.as_bytes().to_vec(),
        })?;
    }
    Ok(index.write_tree_to(repo)?)
}

/// Commits `tree` on top of `parent` and moves `branch` there.
pub fn commit_on_branch(repo: &Repository, branch: &str, parent: &Commit, tree: Oid, message: &str, sig: &Signature) -> Result<Oid> {
    let tree = repo.find_tree(tree)?;
    let oid = repo.commit(None, sig, sig, message, &tree, &[parent])?;
    set_branch(repo, branch, oid, message)?;
    Ok(oid)
}

/// Points a local branch at `oid`, creating it when missing.
pub fn set_branch(repo: &Repository, branch: &str, oid: Oid, why: &str) -> Result<()> {
    let summary = why.lines().next().unwrap_or(why);
    repo.reference(&format!("refs/heads/{branch}"), oid, true, &format!("xtask: {summary}"))?;
    Ok(())
}

/// Refuses to move a branch someone has checked out: their working tree would
/// silently disagree with it.
pub fn refuse_checked_out(repo: &Repository, branch: &str) -> Result<()> {
    if repo.is_bare() {
        return Ok(());
    }
    let head = repo.head().ok().and_then(|h| h.shorthand().map(str::to_string));
    if head.as_deref() == Some(branch) {
        bail!("{branch} is checked out; switch to another branch (e.g. `git switch main`) and re-run");
    }
    Ok(())
}

/// Cherry-picks one commit onto the branch tip, like `git cherry-pick -x`.
pub fn pick(repo: &Repository, branch: &str, tip: Oid, oid: Oid, sig: &git2::Signature) -> Result<Oid> {
    let ours = repo.find_commit(tip)?;
    let theirs = repo.find_commit(oid)?;
    let tree = match simulate_picks(repo, &ours.tree()?, &[oid]) {
        Ok(trees) => trees[0],
        Err((_, e)) => bail!(
            "cherry-picking {oid} onto {branch} stopped: {e}.\n\
             The picks before it are on {branch}. Resolve by hand, then re-run the same command:\n  \
             git switch {branch} && git cherry-pick -x {oid}\n  \
             (fix the conflict, `git cherry-pick --continue`, then `git switch -` )\n\
             or add `Dont-Land-On: {}` to skip it.",
            branch.trim_end_matches("-staging")
        ),
    };
    let message = format!("{}\n(cherry picked from commit {oid})\n", theirs.message().unwrap_or("").trim_end());
    let commit = repo.commit(None, &theirs.author(), sig, &message, &repo.find_tree(tree)?, &[&ours])?;
    set_branch(repo, branch, commit, &message)?;
    Ok(commit)
}

