//! RFCs: `rfc new` starts one from the template, `rfc check` verifies the
//! RFCs and that the compat data cites only accepted ones.

pub mod compat_refs;
pub mod doc;

use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
};

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;

use crate::lines::ReleaseLines;
use doc::{Rfc, Status};

/// Result of `rfc check`.
#[derive(Debug, Default)]
pub struct Report {
    /// Every problem found; empty means the check passes.
    pub errors: Vec<String>,
    /// Worth fixing, but not failing the check.
    pub warnings: Vec<String>,
    /// RFCs read.
    pub rfcs: usize,
    /// Compat entries checked.
    pub entries: usize,
}

/// Checks `rfcs/` and the compat data under `root`.
pub fn check(root: &Path) -> Result<Report> {
    let mut report = Report::default();
    let majors: Vec<u64> = match ReleaseLines::load(&root.join("releases/lines.yaml")) {
        Ok(l) => l.lines.iter().map(|l| l.major).collect(),
        Err(_) => Vec::new(),
    };
    let dir = root.join("rfcs");
    let template = dir.join("0000-template.md");
    match std::fs::read_to_string(&template) {
        Ok(text) => {
            if let Err(e) = Rfc::parse("0000-template.md", &text) {
                report.errors.push(format!("{e:#}"));
            }
        }
        Err(_) => report.errors.push("rfcs/0000-template.md is missing; restore it from git".into()),
    }
    let mut statuses: BTreeMap<u32, Status> = BTreeMap::new();
    for (file, text) in doc::read_dir(&dir)? {
        report.rfcs += 1;
        match Rfc::parse(&file, &text) {
            Err(e) => report.errors.push(format!("rfcs/{e:#}")),
            Ok(rfc) => {
                report.errors.extend(rfc.problems(&majors).into_iter().map(|p| format!("rfcs/{file}: {p}")));
                if statuses.insert(rfc.front.number, rfc.front.status).is_some() {
                    report.errors.push(format!("rfcs/{file}: number {:04} is used twice; renumber one", rfc.front.number));
                }
            }
        }
    }

    let compat = root.join("compat");
    let deps_file = compat.join("deprecations.yaml");
    let known_deps = if deps_file.exists() { Some(compat_refs::defined_deps(&load_yaml(&deps_file)?)) } else { None };
    for file in yaml_files(&compat)?.into_iter().chain(yaml_files(&compat.join("lines"))?) {
        let rel = file.strip_prefix(root).unwrap_or(&file).display().to_string();
        let doc = match load_yaml(&file) {
            Ok(d) => d,
            Err(e) => {
                report.errors.push(format!("{rel}: {e:#}"));
                continue;
            }
        };
        let entries = compat_refs::entries(&rel, &doc);
        report.entries += entries.len();
        let (errors, warnings) = compat_refs::problems(&entries, &statuses, known_deps.as_ref());
        report.errors.extend(errors);
        report.warnings.extend(warnings);
    }
    Ok(report)
}

fn load_yaml(path: &Path) -> Result<serde_yaml::Value> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    serde_yaml::from_str(&text).with_context(|| "not valid YAML")
}

fn yaml_files(dir: &Path) -> Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")))
        .collect();
    files.sort();
    Ok(files)
}

/// `Use The Title!` → `use-the-title`.
pub fn slug(title: &str) -> String {
    let mut s = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    s.trim_end_matches('-').to_string()
}

/// Creates `rfcs/NNNN-<slug>.md` from the template as a draft; returns its path.
pub fn new(root: &Path, title: &str, author: &str, date: NaiveDate) -> Result<PathBuf> {
    let dir = root.join("rfcs");
    let template = std::fs::read_to_string(dir.join("0000-template.md")).context("rfcs/0000-template.md is missing; restore it from git")?;
    let slug = slug(title);
    if slug.is_empty() {
        bail!("the title needs at least one letter or digit");
    }
    let mut used: BTreeSet<u32> = BTreeSet::new();
    for (file, _) in doc::read_dir(&dir)? {
        used.extend(file[..4].parse::<u32>().ok());
    }
    let number = used.last().map_or(1, |n| n + 1);
    let (front, body) = doc::split_front_matter(&template).context("rfcs/0000-template.md lost its front matter; restore it from git")?;
    let front: String = front
        .lines()
        .map(|l| match l.split_once(':').map(|(k, _)| k) {
            Some("number") => format!("number: {number}"),
            Some("title") => format!("title: {}", serde_json::to_string(title).unwrap_or_default()),
            Some("status") => "status: draft".to_string(),
            Some("authors") => format!("authors: [{}]", serde_json::to_string(author).unwrap_or_default()),
            Some("created") => format!("created: {date}"),
            Some("tracking") => "tracking: none".to_string(),
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    let body = body.replacen("# RFC template", &format!("# RFC {number:04}: {title}"), 1);
    let path = dir.join(format!("{number:04}-{slug}.md"));
    std::fs::write(&path, format!("---\n{front}\n---\n{body}")).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(path)
}
