//! `release promote <version>`: build the binary (or take given artifacts),
//! write `SHASUMS256.txt`, verify the tag and mark the record promoted.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
    process::Command,
};

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use git2::Repository;
use semver::Version;
use sha2::{Digest, Sha256};

use super::record::Record;
use crate::gitx;
use crate::lines::{branch_name, staging_name};

/// Inputs of a promotion.
#[derive(Debug, Clone)]
pub struct PromoteOptions {
    /// Version to promote (with or without `v`).
    pub version: String,
    /// Artifacts to publish; empty means build `nodus` with cargo.
    pub artifacts: Vec<PathBuf>,
    /// Directory for the artifacts and `SHASUMS256.txt`.
    pub out: PathBuf,
    /// Promotion day.
    pub date: NaiveDate,
}

/// Result of a promotion.
#[derive(Debug, Clone)]
pub struct Promoted {
    /// Path of the SHASUMS file.
    pub shasums: PathBuf,
    /// False when the record was already promoted (nothing changed).
    pub changed: bool,
}

/// Hex SHA-256 of a file.
pub fn sha256_file(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read artifact {}", path.display()))?;
    Ok(Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect())
}

/// Verifies the release tag: annotated, and pointing at a commit that holds
/// the release record for that version. Returns the record.
pub fn verify_tag(repo: &Repository, version: &Version) -> Result<(git2::Oid, Record)> {
    let name = format!("v{version}");
    let obj = repo
        .revparse_single(&format!("refs/tags/{name}"))
        .with_context(|| format!("no tag {name}; run `cargo xtask release prepare --line {}` first", version.major))?;
    if obj.as_tag().is_none() {
        bail!("{name} is a lightweight tag; releases need annotated tags (re-create it with `git tag -a`)");
    }
    let commit = obj.peel_to_commit()?;
    let path = Record::path(version.major, &version.to_string());
    let text = gitx::read_file(repo, &commit.tree()?, &path)
        .with_context(|| format!("tag {name} has no {path}; it was not made by `release prepare`"))?;
    let record = Record::parse(&text)?;
    if record.version != version.to_string() {
        bail!("{path} says version {} but the tag is {name}", record.version);
    }
    Ok((commit.id(), record))
}

fn build_nodus(repo: &Repository) -> Result<PathBuf> {
    let root = repo.workdir().context("cannot build in a bare repository; pass --artifact")?;
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "--release", "--bin", "nodus"])
        .current_dir(root)
        .status()
        .context("cannot run cargo")?;
    if !status.success() {
        bail!("`cargo build --release --bin nodus` failed; fix the build or pass --artifact <file>");
    }
    let dir = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"));
    Ok(dir.join("release").join(if cfg!(windows) { "nodus.exe" } else { "nodus" }))
}

/// Promotes a prepared release.
pub fn promote(repo: &Repository, opts: &PromoteOptions) -> Result<Promoted> {
    let version = Version::parse(opts.version.trim_start_matches('v'))
        .with_context(|| format!("`{}` is not a version like 22.12.0", opts.version))?;
    let (tag_commit, mut record) = verify_tag(repo, &version)?;
    let line = branch_name(version.major);
    let line_tip = gitx::branch_tip(repo, &line).with_context(|| format!("no branch {line}; the release was not prepared here"))?;
    if line_tip != tag_commit && !repo.graph_descendant_of(line_tip, tag_commit)? {
        bail!("{line} does not contain v{version}; promote from the repository the release was prepared in");
    }
    let line_tree = repo.find_commit(line_tip)?.tree()?;
    let path = Record::path(version.major, &version.to_string());
    if let Some(current) = gitx::read_file(repo, &line_tree, &path) {
        record = Record::parse(&current)?;
    }

    let artifacts = if opts.artifacts.is_empty() { vec![build_nodus(repo)?] } else { opts.artifacts.clone() };
    std::fs::create_dir_all(&opts.out).with_context(|| format!("cannot create {}", opts.out.display()))?;
    let mut sums = BTreeMap::new();
    for a in &artifacts {
        let base = a.file_name().context("artifact path has no file name")?.to_string_lossy().into_owned();
        let name = if base == "nodus" || base == "nodus.exe" {
            format!("nodus-v{version}-{}-{}{}", std::env::consts::OS, std::env::consts::ARCH, if base.ends_with(".exe") { ".exe" } else { "" })
        } else {
            base
        };
        std::fs::copy(a, opts.out.join(&name)).with_context(|| format!("cannot copy {} to {}", a.display(), opts.out.display()))?;
        sums.insert(name, sha256_file(a)?);
    }
    let shasums = opts.out.join("SHASUMS256.txt");
    let text: String = sums.iter().map(|(n, h)| format!("{h}  {n}\n")).collect();
    std::fs::write(&shasums, text).with_context(|| format!("cannot write {}", shasums.display()))?;

    if record.promoted && record.sha256 == sums {
        return Ok(Promoted { shasums, changed: false });
    }
    gitx::refuse_checked_out(repo, &line)?;
    record.promoted = true;
    record.promoted_on = Some(opts.date);
    record.sha256 = sums;
    let sig = gitx::release_signature(repo, opts.date)?;
    let parent = repo.find_commit(line_tip)?;
    let tree = gitx::write_files(repo, &line_tree, &[(path, record.to_yaml()?)])?;
    let msg = format!("release: promote v{version}\n\nRelease-Line: {line}\n");
    let commit = gitx::commit_on_branch(repo, &line, &parent, tree, &msg, &sig)?;
    // Staging follows the line when it had nothing else on it.
    let staging = staging_name(version.major);
    if gitx::branch_tip(repo, &staging) == Some(line_tip) {
        gitx::set_branch(repo, &staging, commit, &msg)?;
    }
    Ok(Promoted { shasums, changed: true })
}
