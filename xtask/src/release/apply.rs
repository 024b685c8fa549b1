//! Carrying out a plan: cherry-picks onto the staging branch, the release
//! files, the release commit and the annotated tag. Works on refs and objects
//! only, never on a working tree, and is resumable: after a conflict the picks
//! made so far stay on staging and a re-run plans from there.

use anyhow::{bail, Context, Result};
use git2::{ObjectType, Oid, Repository};

use super::plan::Plan;
use super::record::{line_changelog, root_index, IndexEntry, Record, RecordCommit};
use crate::commits::CommitMeta;
use crate::gitx::{self, release_signature};
use crate::lines::branch_name;

/// What `apply` did.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    /// Released version.
    pub version: String,
    /// Release commit.
    pub commit: Oid,
    /// Tag name.
    pub tag: String,
}

/// Executes a plan. Returns None when there is nothing to release.
pub fn apply(repo: &Repository, plan: &Plan) -> Result<Option<Applied>> {
    if !plan.blockers.is_empty() {
        bail!("the plan has blockers; fix them and re-run:\n  - {}", plan.blockers.join("\n  - "));
    }
    let Some(version) = plan.next_version.clone() else { return Ok(None) };
    let staging = plan.staging_branch.clone();
    let line_branch = branch_name(plan.line);
    for b in [&staging, &line_branch] {
        gitx::refuse_checked_out(repo, b)?;
    }
    let sig = release_signature(repo, plan.date)?;
    let mut tip = match (plan.cut_to, plan.staging_base) {
        (Some(cut), _) => cut,
        (None, Some(base)) => base,
        (None, None) => bail!("internal: plan has neither a cut nor a staging base"),
    };
    gitx::set_branch(repo, &staging, tip, "release staging")?;
    for oid in plan.to_pick() {
        tip = gitx::pick(repo, &staging, tip, oid, &sig)?;
    }

    let last_tag = plan.last_release.as_ref().map(|v| repo.revparse_single(&format!("refs/tags/v{v}^{{commit}}")).map(|o| o.id())).transpose()?;
    let mut commits = Vec::new();
    let mut notable = Vec::new();
    for oid in gitx::range(repo, tip, &last_tag.into_iter().collect::<Vec<_>>())? {
        let meta = CommitMeta::parse(repo.find_commit(oid)?.message().unwrap_or(""));
        if meta.is_release {
            continue;
        }
        notable.extend(meta.notable.iter().cloned());
        commits.push(RecordCommit { sha: oid.to_string(), summary: meta.summary, class: meta.class, kind: meta.kind, pr_url: meta.pr_url });
    }
    // A branch cut ships a whole history: the record keeps what this cut added.
    if plan.cut_to.is_some() && last_tag.is_none() {
        commits.clear();
        notable.clear();
    }
    let record = Record {
        version: version.clone(),
        date: plan.date,
        line: plan.line,
        release_type: plan.release_type.clone(),
        codename: plan.codename.clone(),
        commits,
        notable_changes: notable,
        promoted: false,
        promoted_on: None,
        sha256: Default::default(),
    };
    let parent = repo.find_commit(tip)?;
    let tree = parent.tree()?;
    let changelog_path = format!("releases/{}/CHANGELOG.md", plan.line);
    let changelog = line_changelog(gitx::read_file(repo, &tree, &changelog_path).as_deref(), &record);
    let files = vec![
        (Record::path(plan.line, &version), record.to_yaml()?),
        (changelog_path, changelog),
        (format!("releases/{}/version.json", plan.line), record.version_data()),
        ("CHANGELOG.md".to_string(), root_index(&index_entries(repo, &record)?)),
    ];
    let new_tree = gitx::write_files(repo, &tree, &files)?;
    let message = release_message(&record);
    let commit = gitx::commit_on_branch(repo, &staging, &parent, new_tree, &message, &sig)?;

    let tag = format!("v{version}");
    let obj = repo.find_object(commit, Some(ObjectType::Commit))?;
    repo.tag(&tag, &obj, &sig, &format!("{}\n", record.title()), false)
        .with_context(|| format!("cannot create tag {tag}; if it exists from an earlier run, delete it and re-run"))?;
    match gitx::branch_tip(repo, &line_branch) {
        Some(old) if old != commit && !repo.graph_descendant_of(commit, old)? && plan.cut_to.is_none() => {
            bail!("{line_branch} is not an ancestor of the release commit; release tagged {tag} but {line_branch} left alone: merge it by hand")
        }
        _ => gitx::set_branch(repo, &line_branch, commit, &message)?,
    }
    Ok(Some(Applied { version, commit, tag }))
}

fn release_message(record: &Record) -> String {
    let mut msg = format!("{}\n\n", record.title());
    if !record.notable_changes.is_empty() {
        msg.push_str("Notable changes:\n\n");
        for n in &record.notable_changes {
            msg.push_str(&format!("* {n}\n"));
        }
        msg.push('\n');
    }
    msg.push_str(&format!("Release-Line: {}\nRelease-Type: {}\n", branch_name(record.line), record.release_type));
    msg
}

/// Every release tag in the repository plus the one being made.
fn index_entries(repo: &Repository, record: &Record) -> Result<Vec<IndexEntry>> {
    let mut entries = Vec::new();
    for t in gitx::release_tags(repo)? {
        let label = repo
            .revparse_single(&format!("refs/tags/v{}", t.version))
            .ok()
            .and_then(|o| o.as_tag().and_then(|tag| tag.message().map(|m| label_of(m.lines().next().unwrap_or("")))))
            .unwrap_or_default();
        entries.push(IndexEntry { line: t.version.major, version: t.version, date: t.date, label });
    }
    let version = semver::Version::parse(&record.version)?;
    entries.retain(|e| e.version != version);
    entries.push(IndexEntry { line: record.line, version, date: record.date, label: label_of(&record.title()) });
    Ok(entries)
}

/// `'Jod' (LTS)` out of `2026-11-24, Version 22.1.0 'Jod' (LTS)`.
fn label_of(title: &str) -> String {
    title.splitn(4, ' ').nth(3).unwrap_or("").to_string()
}
