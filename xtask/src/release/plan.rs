//! Building a release plan from git: which commits a line's next release
//! takes, which it leaves and why, and the version that results.

use std::collections::HashMap;

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use git2::{Oid, Repository};
use semver::Version;
use serde::Serialize;

use super::api_surface::{self, SurfaceDiff};
use super::rules::{decide, next_version, Candidate, Decision, LineState};
use crate::commits::{Class, Kind};
use crate::gitx::{self, Identities, ReleaseTag};
use crate::lines::{branch_name, staging_name, Phase, ReleaseLines};

/// What `release prepare` was asked to do.
#[derive(Debug, Clone)]
pub struct PrepareOptions {
    /// Major of the line.
    pub line: u64,
    /// Insist that this is an LTS release.
    pub lts: bool,
    /// Release day.
    pub date: NaiveDate,
    /// Development branch commits come from.
    pub main_branch: String,
}

/// One commit in the plan.
#[derive(Debug, Clone, Serialize)]
pub struct PlannedCommit {
    /// Abbreviated commit id.
    pub sha: String,
    /// First line of the message.
    pub summary: String,
    /// Semver class, and where it came from.
    pub class: Class,
    /// Change kind.
    pub kind: Kind,
    /// PR-URL trailer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pr_url: Option<String>,
    /// What the plan does with it.
    pub decision: Decision,
    /// Why.
    pub reason: String,
    #[serde(skip)]
    pub(crate) oid: Option<Oid>,
}

/// A reviewed-before-written release plan (`--json` prints it).
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// Major of the line.
    pub line: u64,
    /// Release day.
    pub date: NaiveDate,
    /// Phase of the line on that day.
    pub phase: Phase,
    /// `Current`, `LTS` or `Alpha`.
    pub release_type: String,
    /// LTS codename.
    pub codename: Option<String>,
    /// Newest release of the line so far.
    pub last_release: Option<String>,
    /// Version this release gets; None when there is nothing to release.
    pub next_version: Option<String>,
    /// `branch-cut` (staging follows main) or `cherry-pick`.
    pub mode: String,
    /// Where commits come from.
    pub source: String,
    /// Branch the release is assembled on.
    pub staging_branch: String,
    /// Bake time applied.
    pub bake_days: i64,
    /// Largest class that ships.
    pub class: Option<Class>,
    /// Why the class is what it is, beyond commit messages.
    pub class_notes: Vec<String>,
    /// API-surface comparison with the last release, when snapshots exist.
    pub api_surface: Option<SurfaceDiff>,
    /// Every commit considered.
    pub commits: Vec<PlannedCommit>,
    /// Problems that stop the release from being written.
    pub blockers: Vec<String>,
    /// The first cherry-pick that conflicts; `prepare` lands the picks before
    /// it and stops there so the conflict can be resolved by hand.
    pub conflict: Option<String>,
    #[serde(skip)]
    pub(crate) staging_base: Option<Oid>,
    #[serde(skip)]
    pub(crate) cut_to: Option<Oid>,
}

impl Plan {
    /// Commits this release cherry-picks, oldest first (none for a branch
    /// cut, which takes main as it is).
    pub fn to_pick(&self) -> Vec<Oid> {
        if self.cut_to.is_some() {
            return Vec::new();
        }
        self.commits.iter().filter(|c| c.decision == Decision::Take).filter_map(|c| c.oid).collect()
    }

    /// Commits that ship: staged plus taken.
    pub fn shipping(&self) -> impl Iterator<Item = &PlannedCommit> {
        self.commits.iter().filter(|c| matches!(c.decision, Decision::Take | Decision::Staged))
    }

    /// Release commit title, Node's format.
    pub fn title(&self) -> Option<String> {
        let v = self.next_version.as_ref()?;
        Some(match &self.codename {
            Some(c) if self.release_type == "LTS" => format!("{}, Version {v} '{c}' (LTS)", self.date),
            _ => format!("{}, Version {v} ({})", self.date, self.release_type),
        })
    }
}

fn short(oid: Oid) -> String {
    oid.to_string()[..10].to_string()
}

/// Builds the plan for one line. Reads git only; writes nothing but
/// unreferenced tree objects (from simulating the cherry-picks).
pub fn build(repo: &Repository, lines: &ReleaseLines, opts: &PrepareOptions) -> Result<Plan> {
    let major = opts.line;
    let line = lines.line(major)?;
    let phase = line.phase_on(opts.date);
    lines.check_nodus_line(major, opts.date)?;
    match phase {
        Phase::Pending => bail!("line {major} has not started on {} (starts {}); pass a later --date", opts.date, line.alpha.unwrap_or(line.start)),
        Phase::EndOfLife => bail!("line {major} reached end-of-life on {}; it gets no more releases", line.end),
        p if opts.lts && !p.is_lts() => bail!(
            "--lts given but line {major} is {p} on {}{}; drop --lts or pick a date in its LTS phase",
            opts.date,
            line.lts.map(|d| format!(" (LTS from {d})")).unwrap_or_default()
        ),
        _ => {}
    }
    let main_tip = gitx::branch_tip(repo, &opts.main_branch)
        .with_context(|| format!("no branch `{}`; pass --main <branch>", opts.main_branch))?;
    let tags = gitx::release_tags(repo)?;
    let line_tags: Vec<&ReleaseTag> = tags.iter().filter(|t| t.version.major == major).collect();
    let last = line_tags.last().copied();
    let released = line_tags.iter().any(|t| t.version.pre.is_empty());
    let staging = staging_name(major);
    let staging_tip = gitx::branch_tip(repo, &staging).or(last.map(|t| t.commit));
    let release_type = match phase {
        Phase::Alpha => "Alpha",
        p if p.is_lts() => "LTS",
        _ => "Current",
    };
    let mut plan = Plan {
        line: major,
        date: opts.date,
        phase,
        release_type: release_type.into(),
        codename: if phase.is_lts() { line.codename.clone() } else { None },
        last_release: last.map(|t| t.version.to_string()),
        next_version: None,
        mode: String::new(),
        source: String::new(),
        staging_branch: staging.clone(),
        bake_days: lines.bake_days(),
        class: None,
        class_notes: Vec::new(),
        api_surface: None,
        commits: Vec::new(),
        blockers: Vec::new(),
        conflict: None,
        staging_base: staging_tip,
        cut_to: None,
    };
    if phase.is_lts() && plan.codename.is_none() {
        plan.blockers.push(format!("line {major} is LTS but has no codename in releases/lines.yaml; set it"));
    }
    let state = LineState { major, phase, date: opts.date, bake_days: lines.bake_days(), released };
    let mut ids = Identities::default();
    if phase == Phase::Alpha || !released {
        plan_branch_cut(repo, &mut plan, &mut ids, main_tip, staging_tip, &opts.main_branch)?;
    } else {
        let base = staging_tip.context("internal: a released line has a tag")?;
        plan_cherry_picks(repo, &mut plan, &mut ids, &state, &tags, main_tip, base, last.map(|t| t.commit), &opts.main_branch)?;
    }

    let mut class = plan.shipping().map(|c| c.class).max();
    check_api_surface(repo, &mut plan, last, &mut class)?;
    let lts_promotion = phase.is_lts() && released && last.is_some_and(|t| line.lts.is_some_and(|lts| t.date < lts));
    if lts_promotion {
        plan.class_notes.push(format!("first release since the LTS promotion on {}: at least semver-minor", line.lts.unwrap_or_default()));
    }
    if class == Some(Class::Major) && released {
        plan.blockers.push(format!("semver-major cannot ship on {} once {major}.0.0 is out", branch_name(major)));
    }
    plan.class = class;
    let last_version: Option<&Version> = last.map(|t| &t.version);
    // The first non-alpha release of a line ships even with nothing new.
    let first_stable = !released && phase != Phase::Alpha;
    let has_changes = plan.shipping().next().is_some() || plan.cut_to.is_some() || lts_promotion || first_stable;
    plan.next_version = if has_changes {
        next_version(major, last_version, phase, class, lts_promotion).map(|v| v.to_string())
    } else {
        None
    };
    if plan.next_version.as_deref() == plan.last_release.as_deref() {
        plan.next_version = None;
    }
    Ok(plan)
}

fn plan_branch_cut(repo: &Repository, plan: &mut Plan, ids: &mut Identities, main_tip: Oid, staging: Option<Oid>, main: &str) -> Result<()> {
    plan.mode = "branch-cut".into();
    plan.source = format!("{main} at {}", short(main_tip));
    if let Some(s) = staging {
        // Only earlier cuts' release commits may sit on staging outside main:
        // each cut starts again from main and the tags keep the old ones.
        for oid in gitx::range(repo, s, &[main_tip])? {
            if !ids.meta(repo, oid)?.is_release {
                plan.blockers.push(format!(
                    "{} has {} which is not on {main}; a branch cut restarts staging from {main}: land it on {main} first",
                    plan.staging_branch,
                    short(oid)
                ));
                return Ok(());
            }
        }
        if gitx::range(repo, main_tip, &[s])?.is_empty() && plan.last_release.is_some() {
            return Ok(());
        }
    }
    plan.cut_to = Some(main_tip);
    // Listing a whole history for a line's very first cut helps nobody.
    let Some(s) = staging else { return Ok(()) };
    for oid in gitx::range(repo, main_tip, &[s])? {
        let meta = ids.meta(repo, oid)?.clone();
        plan.commits.push(planned(oid, &meta, Decision::Take, format!("branch cut from {main}")));
    }
    Ok(())
}

fn planned(oid: Oid, meta: &crate::commits::CommitMeta, decision: Decision, reason: String) -> PlannedCommit {
    PlannedCommit {
        sha: short(oid),
        summary: meta.summary.clone(),
        class: meta.class,
        kind: meta.kind,
        pr_url: meta.pr_url.clone(),
        decision,
        reason,
        oid: Some(oid),
    }
}

#[allow(clippy::too_many_arguments)]
fn plan_cherry_picks(
    repo: &Repository,
    plan: &mut Plan,
    ids: &mut Identities,
    state: &LineState,
    tags: &[ReleaseTag],
    main_tip: Oid,
    staging_tip: Oid,
    last_tag: Option<Oid>,
    main: &str,
) -> Result<()> {
    plan.mode = "cherry-pick".into();
    plan.source = if state.phase.is_lts() { format!("{main}, once released on a newer line") } else { main.to_string() };
    // Commits on staging since the last release ship with this one.
    for oid in gitx::range(repo, staging_tip, &last_tag.into_iter().collect::<Vec<_>>())? {
        let meta = ids.meta(repo, oid)?.clone();
        if !meta.is_release {
            plan.commits.push(planned(oid, &meta, Decision::Staged, format!("already on {} since the last release", plan.staging_branch)));
        }
    }
    let on_line = gitx::range(repo, staging_tip, &[main_tip])?;
    let landed = ids.index(repo, &on_line)?;
    let first_release = if state.phase.is_lts() { newer_releases(repo, ids, tags, state.major)? } else { HashMap::new() };
    for oid in gitx::range(repo, main_tip, &[staging_tip])? {
        let keys = ids.keys(repo, oid)?;
        let landed_as = keys.iter().find_map(|k| {
            landed.get(k).map(|o| format!("already on {} as {} ({})", plan.staging_branch, short(*o), gitx::key_kind(k)))
        });
        let first = keys.iter().filter_map(|k| first_release.get(k)).min().cloned();
        let candidate = Candidate { meta: ids.meta(repo, oid)?.clone(), landed: landed_as, first_release: first };
        let (decision, reason) = decide(&candidate, state);
        plan.commits.push(planned(oid, &candidate.meta, decision, reason));
    }
    Ok(())
}

/// For every commit in a release of a line newer than `major`: each of its
/// identity keys → (day, version) of the first such release.
fn newer_releases(repo: &Repository, ids: &mut Identities, tags: &[ReleaseTag], major: u64) -> Result<HashMap<String, (NaiveDate, String)>> {
    // Alphas are not releases users run: baking there does not count.
    let mut newer: Vec<&ReleaseTag> = tags.iter().filter(|t| t.version.major > major && t.version.pre.is_empty()).collect();
    newer.sort_by(|a, b| (a.date, &a.version).cmp(&(b.date, &b.version)));
    let mut map = HashMap::new();
    let mut seen = Vec::new();
    for tag in newer {
        for oid in gitx::range(repo, tag.commit, &seen)? {
            for key in ids.keys(repo, oid)? {
                map.entry(key).or_insert((tag.date, tag.version.to_string()));
            }
        }
        seen.push(tag.commit);
    }
    Ok(map)
}

/// The tree the release would ship, simulating the cherry-picks in memory;
/// records the first conflict in the plan.
fn shipped_tree(repo: &Repository, plan: &mut Plan) -> Result<Option<Oid>> {
    Ok(match (plan.cut_to, plan.staging_base) {
        (Some(cut), _) => Some(repo.find_commit(cut)?.tree()?.id()),
        (None, Some(base)) => {
            let base_tree = repo.find_commit(base)?.tree()?;
            match gitx::simulate_picks(repo, &base_tree, &plan.to_pick()) {
                Ok(trees) => Some(trees.last().copied().unwrap_or(base_tree.id())),
                Err((oid, e)) => {
                    plan.conflict = Some(format!("cherry-picking {} onto {} conflicts: {e}", short(oid), plan.staging_branch));
                    None
                }
            }
        }
        (None, None) => None,
    })
}

fn check_api_surface(repo: &Repository, plan: &mut Plan, last: Option<&ReleaseTag>, class: &mut Option<Class>) -> Result<()> {
    let after_tree = shipped_tree(repo, plan)?;
    let Some(last) = last else { return Ok(()) };
    let path = api_surface::snapshot_path(plan.line);
    let before_tree = repo.find_commit(last.commit)?.tree()?;
    let Some(before) = gitx::read_file(repo, &before_tree, &path) else { return Ok(()) };
    let Some(after_tree) = after_tree else { return Ok(()) };
    let Some(after) = gitx::read_file(repo, &repo.find_tree(after_tree)?, &path) else { return Ok(()) };
    let diff = api_surface::compare(&before, &after);
    if let Some(required) = diff.class() {
        if class.is_none_or(|c| c < required) {
            plan.class_notes.push(format!("API surface ({path}) requires semver-{required}"));
            *class = Some(required);
        }
    }
    plan.api_surface = Some(diff);
    Ok(())
}
