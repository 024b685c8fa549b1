//! Commit metadata from the message alone: trailers first, conventional-commit
//! prefixes as a fallback.
//!
//! Trailers read: `Semver: major|minor|patch`, `Notable-Change: <text>`,
//! `RFC: NNNN`, `Dont-Land-On: v24.x`, `Backport-To: v22.x`, `PR-URL: <url>`,
//! `Security: <text>`; and git's `(cherry picked from commit <sha>)` line.
//!
//! ```
//! use xtask::commits::{CommitMeta, Class};
//! let m = CommitMeta::parse("fs: add rm\n\nSemver: minor\nPR-URL: https://x/1\n");
//! assert_eq!(m.class, Class::Minor);
//! assert_eq!(m.pr_url.as_deref(), Some("https://x/1"));
//! ```

use serde::{Deserialize, Serialize};

use crate::lines::parse_line_name;

/// Semver class of a change; ordered so the largest wins.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    /// Bug fixes, docs, tests, internal changes.
    #[default]
    Patch,
    /// New API, backwards compatible.
    Minor,
    /// Breaking change.
    Major,
}

impl Class {
    /// Parses `major`, `semver-minor`, `PATCH`.
    pub fn parse(text: &str) -> Option<Class> {
        match text.trim().to_ascii_lowercase().trim_start_matches("semver-") {
            "major" => Some(Class::Major),
            "minor" => Some(Class::Minor),
            "patch" => Some(Class::Patch),
            _ => None,
        }
    }
}

impl std::fmt::Display for Class {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Class::Patch => "patch",
            Class::Minor => "minor",
            Class::Major => "major",
        })
    }
}

/// What kind of change a commit is; Maintenance takes only fixes and security.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A security fix (`Security:` trailer or `security:` prefix).
    Security,
    /// A bug fix (`fix:` prefix, or a subsystem-prefixed patch without a type).
    Fix,
    /// A feature (`feat:` or any semver-minor/major change).
    Feature,
    /// Docs, tests, build, CI, refactors, chores.
    #[default]
    Other,
}

/// Everything the release tooling reads from one commit message.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CommitMeta {
    /// First line of the message.
    pub summary: String,
    /// Semver class.
    pub class: Class,
    /// Where the class came from: `trailer`, `conventional` or `default`.
    pub class_source: String,
    /// Change kind.
    pub kind: Kind,
    /// `Notable-Change:` texts.
    pub notable: Vec<String>,
    /// `RFC:` numbers.
    pub rfcs: Vec<String>,
    /// Majors from `Dont-Land-On:`.
    pub dont_land_on: Vec<u64>,
    /// Majors from `Backport-To:`.
    pub backport_to: Vec<u64>,
    /// `PR-URL:`.
    pub pr_url: Option<String>,
    /// Source commit of a cherry-pick (`git cherry-pick -x`).
    pub cherry_picked_from: Option<String>,
    /// True for commits made by the release tooling (`YYYY-MM-DD, Version ...`
    /// titles or a `Release-Line:` trailer): they never ship as changes.
    pub is_release: bool,
}


/// Trailers as (lowercased key, value) pairs, from the last paragraph and any
/// `Key: value` line after the summary (Node's PR metadata sits anywhere there).
pub fn trailers(message: &str) -> Vec<(String, String)> {
    message
        .lines()
        .skip(1)
        .filter_map(|line| {
            let (key, value) = line.split_once(':')?;
            let key = key.trim();
            let is_token = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
            (is_token && !line.starts_with(' ')).then(|| (key.to_ascii_lowercase(), value.trim().to_string()))
        })
        .collect()
}

fn lines_of(value: &str) -> Vec<u64> {
    value.split([',', ' ']).filter_map(parse_line_name).collect()
}

impl CommitMeta {
    /// Reads the metadata of one commit message.
    pub fn parse(message: &str) -> CommitMeta {
        let summary = message.lines().next().unwrap_or("").trim().to_string();
        let mut meta = CommitMeta { summary: summary.clone(), ..Default::default() };
        let mut trailer_class = None;
        let mut security = false;
        for (key, value) in trailers(message) {
            match key.as_str() {
                "semver" => trailer_class = Class::parse(&value).or(trailer_class),
                "notable-change" if !value.is_empty() => meta.notable.push(value),
                "rfc" => meta.rfcs.extend(value.split([',', ' ']).filter(|s| !s.is_empty()).map(str::to_string)),
                "dont-land-on" => meta.dont_land_on.extend(lines_of(&value)),
                "backport-to" => meta.backport_to.extend(lines_of(&value)),
                "pr-url" => meta.pr_url = Some(value),
                "security" => security = true,
                "breaking-change" => trailer_class = trailer_class.or(Some(Class::Major)),
                // Written by the release tooling on its own commits (release, promote).
                "release-line" => meta.is_release = true,
                _ => {}
            }
        }
        meta.cherry_picked_from = message.lines().find_map(|l| {
            let rest = l.trim().strip_prefix("(cherry picked from commit ")?;
            Some(rest.trim_end_matches(')').trim().to_string())
        });
        meta.is_release |= is_release_title(&summary);

        let (conv_type, bang) = conventional_type(&summary);
        let breaking_footer = message.lines().any(|l| l.starts_with("BREAKING CHANGE:") || l.starts_with("BREAKING-CHANGE:"));
        let conv_class = match conv_type.as_deref() {
            _ if bang || breaking_footer => Some(Class::Major),
            Some("feat") => Some(Class::Minor),
            Some(_) => Some(Class::Patch),
            None => None,
        };
        (meta.class, meta.class_source) = match (trailer_class, conv_class) {
            (Some(c), _) => (c, "trailer".into()),
            (None, Some(c)) => (c, "conventional".into()),
            (None, None) => (Class::Patch, "default".into()),
        };
        security |= conv_type.as_deref() == Some("security");
        meta.kind = if security {
            Kind::Security
        } else {
            match conv_type.as_deref() {
                Some("fix") | Some("revert") => Kind::Fix,
                Some("feat") => Kind::Feature,
                Some(_) => Kind::Other,
                // Node-style `fs: fix ...` subjects: the class decides.
                None if meta.class > Class::Patch => Kind::Feature,
                None => Kind::Fix,
            }
        };
        meta
    }
}

/// True for `YYYY-MM-DD, Version X.Y.Z ...` titles.
pub fn is_release_title(summary: &str) -> bool {
    let b = summary.as_bytes();
    b.len() > 20 && b[4] == b'-' && b[7] == b'-' && summary[10..].starts_with(", Version ")
}

/// The conventional-commit type of a summary (`feat`, `fix`, ...) and whether
/// it has the `!` breaking marker. Types are a fixed list so that Node-style
/// subsystem prefixes (`fs: ...`) are not mistaken for types.
fn conventional_type(summary: &str) -> (Option<String>, bool) {
    const TYPES: &[&str] = &["feat", "fix", "docs", "doc", "test", "chore", "build", "ci", "refactor", "perf", "style", "revert", "security", "deps"];
    let Some((head, _)) = summary.split_once(':') else { return (None, false) };
    let bang = head.ends_with('!');
    let head = head.trim_end_matches('!');
    let ty = head.split('(').next().unwrap_or("").to_ascii_lowercase();
    if TYPES.contains(&ty.as_str()) {
        (Some(ty), bang)
    } else {
        (None, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailers_win_over_prefixes() {
        let m = CommitMeta::parse("feat: thing\n\nSemver: patch\nDont-Land-On: v24.x, v22.x\nBackport-To: v20.x\nRFC: 0001\nNotable-Change: adds thing\n");
        assert_eq!(m.class, Class::Patch);
        assert_eq!(m.class_source, "trailer");
        assert_eq!(m.dont_land_on, vec![24, 22]);
        assert_eq!(m.backport_to, vec![20]);
        assert_eq!(m.rfcs, vec!["0001"]);
        assert_eq!(m.notable, vec!["adds thing"]);
    }

    #[test]
    fn conventional_fallback() {
        assert_eq!(CommitMeta::parse("feat(fs)!: drop x").class, Class::Major);
        assert_eq!(CommitMeta::parse("feat: add x").class, Class::Minor);
        let fix = CommitMeta::parse("fix: x");
        assert_eq!((fix.class, fix.kind), (Class::Patch, Kind::Fix));
        assert_eq!(CommitMeta::parse("docs: x").kind, Kind::Other);
        assert_eq!(CommitMeta::parse("fix: x\n\nBREAKING CHANGE: y").class, Class::Major);
        let node_style = CommitMeta::parse("fs: fix crash");
        assert_eq!((node_style.class, node_style.kind, node_style.class_source.as_str()), (Class::Patch, Kind::Fix, "default"));
    }

    #[test]
    fn security_and_cherry_picks() {
        let m = CommitMeta::parse("http: limit headers\n\nSecurity: CVE-2026-0001\n(cherry picked from commit abc123)\n");
        assert_eq!(m.kind, Kind::Security);
        assert_eq!(m.cherry_picked_from.as_deref(), Some("abc123"));
        assert!(is_release_title("2026-11-24, Version 22.12.0 'Jod' (LTS)"));
        assert!(!is_release_title("fs: 2026-11-24"));
    }
}
