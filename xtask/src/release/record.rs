//! What a release writes into the tree: its record
//! (`releases/<major>/<version>.yaml`), the line's `CHANGELOG.md`, the root
//! `CHANGELOG.md` index and the version data the runtime embeds
//! (`releases/<major>/version.json`: `process.version`, `process.release.lts`).

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::commits::{Class, Kind};

/// One shipped commit in a record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordCommit {
    /// Commit id on the release branch.
    pub sha: String,
    /// First line of the message.
    pub summary: String,
    /// Semver class.
    pub class: Class,
    /// Change kind.
    pub kind: Kind,
    /// PR-URL trailer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pr_url: Option<String>,
}

/// `releases/<major>/<version>.yaml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Version without the `v`.
    pub version: String,
    /// Release day.
    pub date: NaiveDate,
    /// Major of the line.
    pub line: u64,
    /// `Current`, `LTS` or `Alpha`.
    #[serde(rename = "type")]
    pub release_type: String,
    /// LTS codename.
    pub codename: Option<String>,
    /// Commits that shipped.
    pub commits: Vec<RecordCommit>,
    /// Notable changes (from `Notable-Change:` trailers).
    pub notable_changes: Vec<String>,
    /// Set by `release promote`.
    #[serde(default)]
    pub promoted: bool,
    /// Day of promotion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promoted_on: Option<NaiveDate>,
    /// Artifact name → SHA-256, set by `release promote`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sha256: BTreeMap<String, String>,
}

impl Record {
    /// Path of the record inside the repository.
    pub fn path(line: u64, version: &str) -> String {
        format!("releases/{line}/{version}.yaml")
    }

    /// YAML text.
    pub fn to_yaml(&self) -> Result<String> {
        Ok(format!("# Written by `cargo xtask release`; edit the commits, not this file.\n{}", serde_yaml::to_string(self)?))
    }

    /// Parses a record.
    pub fn parse(text: &str) -> Result<Record> {
        serde_yaml::from_str(text).context("release record does not parse; it is written by `cargo xtask release prepare`")
    }

    /// Release title, Node's format.
    pub fn title(&self) -> String {
        match &self.codename {
            Some(c) if self.release_type == "LTS" => format!("{}, Version {} '{c}' (LTS)", self.date, self.version),
            _ => format!("{}, Version {} ({})", self.date, self.version, self.release_type),
        }
    }

    /// The changelog section of this release.
    pub fn changelog_entry(&self) -> String {
        let mut out = format!("<a id=\"{}\"></a>\n\n## {}\n\n", self.version, self.title());
        if !self.notable_changes.is_empty() {
            out.push_str("### Notable changes\n\n");
            for n in &self.notable_changes {
                out.push_str(&format!("* {n}\n"));
            }
            out.push('\n');
        }
        out.push_str("### Commits\n\n");
        if self.commits.is_empty() {
            let cut = self.version.ends_with(".0.0") || self.version.ends_with("-alpha.1");
            out.push_str(if cut { "* First release of the line, cut from `main`.\n" } else { "* No code changes.\n" });
        }
        for c in &self.commits {
            let tag = match c.class {
                Class::Patch => String::new(),
                other => format!(" **(SEMVER-{})**", other.to_string().to_uppercase()),
            };
            let sec = if c.kind == Kind::Security { " **(SECURITY)**" } else { "" };
            let pr = c.pr_url.as_ref().map(|u| format!(" ({u})")).unwrap_or_default();
            out.push_str(&format!("* \\[[`{}`]\\]{tag}{sec} - {}{pr}\n", &c.sha[..c.sha.len().min(10)], c.summary));
        }
        out
    }

    /// `version.json`: what `process.version` and `process.release.lts` report.
    pub fn version_data(&self) -> String {
        let lts = match (&self.codename, self.release_type.as_str()) {
            (Some(c), "LTS") => serde_json::Value::String(c.clone()),
            _ => serde_json::Value::Bool(false),
        };
        // Keys in sorted order, so the file reads the same whether or not serde_json keeps insertion order (a feature the workspace may turn on).
        let v = serde_json::json!({ "date": self.date.to_string(), "lts": lts, "version": format!("v{}", self.version) });
        format!("{}\n", serde_json::to_string_pretty(&v).unwrap_or_default())
    }
}

const LINE_HEADER_END: &str = "<!-- releases: newest first -->\n";

/// The line's changelog with `record` added on top; unchanged when present.
pub fn line_changelog(existing: Option<&str>, record: &Record) -> String {
    let header = format!("# nodus {}.x changelog\n\nReleases of the {}.x line, newest first. Index of all lines: [CHANGELOG.md](../../CHANGELOG.md).\n\n{LINE_HEADER_END}", record.line, record.line);
    let existing = existing.unwrap_or(&header);
    if existing.contains(&format!("## {}\n", record.title())) {
        return existing.to_string();
    }
    let (head, rest) = match existing.find(LINE_HEADER_END) {
        Some(i) => existing.split_at(i + LINE_HEADER_END.len()),
        None => (header.as_str(), existing),
    };
    let rest = rest.trim_start();
    format!("{head}\n{}{}{rest}", record.changelog_entry(), if rest.is_empty() { "" } else { "\n" })
}

/// One row of the root index.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct IndexEntry {
    /// Major.
    pub line: u64,
    /// Version.
    pub version: semver::Version,
    /// Day.
    pub date: NaiveDate,
    /// Title suffix, e.g. `'Jod' (LTS)`.
    pub label: String,
}

/// The root `CHANGELOG.md`: every line, newest first, each with its releases
/// newest first.
pub fn root_index(entries: &[IndexEntry]) -> String {
    let mut by_line: BTreeMap<u64, Vec<&IndexEntry>> = BTreeMap::new();
    for e in entries {
        by_line.entry(e.line).or_default().push(e);
    }
    let mut out = String::from("# nodus changelog\n\nOne section per release line, newest line first; each lists its releases newest first.\nThe full notes of a release are in `releases/<major>/CHANGELOG.md`; the schedule of every line is in\n[releases/lines.yaml](releases/lines.yaml). This file is written by `cargo xtask release prepare`.\n");
    for (line, mut list) in by_line.into_iter().rev() {
        list.sort_by(|a, b| b.version.cmp(&a.version));
        list.dedup_by(|a, b| a.version == b.version);
        out.push_str(&format!("\n## {line}.x\n\n"));
        for e in list {
            out.push_str(&format!("* [{}](releases/{line}/CHANGELOG.md#{}) {} {}\n", e.version, e.version, e.date, e.label));
        }
    }
    out
}
