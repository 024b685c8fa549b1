//! One RFC document: YAML front matter plus the required Markdown sections.

use std::path::Path;

use anyhow::{anyhow, Result};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Sections every RFC has, as `## ` headings, in this order.
pub const SECTIONS: &[&str] = &[
    "Summary",
    "Motivation",
    "Guide-level explanation",
    "Reference-level explanation",
    "Drawbacks",
    "Alternatives",
    "Prior art",
    "Unresolved questions",
];

/// Lifecycle of an RFC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Under discussion.
    Draft,
    /// Accepted after the final-comment period.
    Accepted,
    /// Accepted and shipped.
    Implemented,
    /// Declined.
    Rejected,
    /// Withdrawn by its authors.
    Withdrawn,
}

impl Status {
    /// Accepted or implemented: compat data may cite it.
    pub fn is_binding(self) -> bool {
        matches!(self, Status::Accepted | Status::Implemented)
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Status::Draft => "draft",
            Status::Accepted => "accepted",
            Status::Implemented => "implemented",
            Status::Rejected => "rejected",
            Status::Withdrawn => "withdrawn",
        })
    }
}

/// The front matter of an RFC.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// RFC number; matches the file name.
    pub number: u32,
    /// Title.
    pub title: String,
    /// Status.
    pub status: Status,
    /// Line it targets: a major, or `all`.
    pub target_line: serde_yaml::Value,
    /// Compat keys it introduces (`compat/lines/<N>.yaml` entries).
    #[serde(default)]
    pub compat_keys: Vec<String>,
    /// Deprecation codes it introduces or changes.
    #[serde(default)]
    pub deprecations: Vec<String>,
    /// Authors.
    pub authors: Vec<String>,
    /// Day it was opened.
    pub created: NaiveDate,
    /// Issue or PR that tracks it; `none` while a draft has none.
    pub tracking: String,
}

/// A parsed RFC file.
#[derive(Debug, Clone)]
pub struct Rfc {
    /// File name.
    pub file: String,
    /// Front matter.
    pub front: FrontMatter,
    /// Markdown after the front matter.
    pub body: String,
}

/// True for `DEP` followed by four digits.
pub fn is_dep_code(s: &str) -> bool {
    s.len() == 7 && s.starts_with("DEP") && s[3..].bytes().all(|b| b.is_ascii_digit())
}

/// Splits `---\n<yaml>\n---\n<body>`.
pub fn split_front_matter(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix("---\n")?;
    let end = rest.find("\n---\n")?;
    Some((&rest[..end], &rest[end + 5..]))
}

impl Rfc {
    /// Parses an RFC's text; `file` is its file name, used in messages.
    pub fn parse(file: &str, text: &str) -> Result<Rfc> {
        let (yaml, body) = split_front_matter(text)
            .ok_or_else(|| anyhow!("{file}: no front matter; start the file with `---`, the YAML fields of rfcs/0000-template.md, then `---`"))?;
        let front: FrontMatter = serde_yaml::from_str(yaml).map_err(|e| anyhow!("{file}: invalid front matter: {e}"))?;
        Ok(Rfc { file: file.to_string(), front, body: body.to_string() })
    }

    /// Problems with this RFC on its own (numbering and uniqueness are checked by the caller).
    pub fn problems(&self, known_majors: &[u64]) -> Vec<String> {
        let f = &self.front;
        let mut out = Vec::new();
        let expected = format!("{:04}-", f.number);
        if !self.file.starts_with(&expected) {
            out.push(format!("number {} does not match the file name; rename it to {expected}<slug>.md", f.number));
        }
        let slug = self.file.get(5..).unwrap_or("").trim_end_matches(".md");
        if slug.is_empty() || !slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
            out.push("file name must be NNNN-lowercase-words.md".into());
        }
        if f.title.trim().is_empty() {
            out.push("empty title".into());
        }
        if f.authors.is_empty() {
            out.push("list at least one author".into());
        }
        if f.tracking.trim().is_empty() {
            out.push("tracking is empty; put the issue or PR, or `none` for a fresh draft".into());
        }
        for d in &f.deprecations {
            if !is_dep_code(d) {
                out.push(format!("deprecation `{d}` is not a DEP code like DEP0005"));
            }
        }
        match &f.target_line {
            serde_yaml::Value::String(s) if s == "all" => {}
            serde_yaml::Value::Number(n) if n.as_u64().is_some_and(|m| known_majors.is_empty() || known_majors.contains(&m)) => {}
            other => out.push(format!("target_line {other:?} is neither `all` nor a major in releases/lines.yaml")),
        }
        let headings: Vec<&str> = self.body.lines().filter_map(|l| l.strip_prefix("## ")).map(str::trim).collect();
        for s in SECTIONS {
            if !headings.contains(s) {
                out.push(format!("missing section `## {s}`"));
            }
        }
        out
    }
}

/// Reads every `NNNN-*.md` in `dir` except the template, sorted by name.
pub fn read_dir(dir: &Path) -> Result<Vec<(String, String)>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| anyhow!("cannot read {}: {e}; run from the repository or pass --root", dir.display()))? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
        let numbered = name.len() > 5 && name.as_bytes()[..4].iter().all(u8::is_ascii_digit) && name.ends_with(".md");
        if numbered && !name.starts_with("0000-") {
            files.push((name, std::fs::read_to_string(&path)?));
        }
    }
    files.sort();
    Ok(files)
}
