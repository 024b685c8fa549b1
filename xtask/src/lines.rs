//! `releases/lines.yaml`: the release lines, their schedule and the phase a
//! line is in on a given date.
//!
//! ```
//! use xtask::lines::{ReleaseLines, Phase};
//! let lines = ReleaseLines::parse("lines:\n  - {major: 22, codename: Jod, start: 2024-04-24, lts: 2024-10-29, maintenance: 2025-10-21, end: 2027-04-30}\n").unwrap();
//! let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
//! assert_eq!(lines.line(22).unwrap().phase_on(day), Phase::Maintenance);
//! ```

use std::{fmt, path::Path};

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Bake time used when `lines.yaml` sets none (Node's two weeks).
pub const DEFAULT_BAKE_DAYS: i64 = 14;

/// The whole `releases/lines.yaml` file.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ReleaseLines {
    /// First major of the yearly model, where every line becomes LTS.
    #[serde(default)]
    pub yearly_model_from: Option<u64>,
    /// Days a commit bakes in a newer line's release before it may land on LTS.
    #[serde(default)]
    pub bake_days: Option<i64>,
    /// Node release lines, oldest first.
    pub lines: Vec<Line>,
    /// The lines nodus itself ships; when empty every Node line may be released.
    #[serde(default)]
    pub nodus: Vec<NodusLine>,
}

/// One Node release line.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct Line {
    /// Major version number.
    pub major: u64,
    /// LTS codename; null until the line is promoted to LTS.
    #[serde(default)]
    pub codename: Option<String>,
    /// First alpha release (yearly model only).
    #[serde(default)]
    pub alpha: Option<NaiveDate>,
    /// First Current release (`<major>.0.0`).
    pub start: NaiveDate,
    /// Promotion to Active LTS; null for lines that never become LTS.
    #[serde(default)]
    pub lts: Option<NaiveDate>,
    /// Start of Maintenance.
    #[serde(default)]
    pub maintenance: Option<NaiveDate>,
    /// End of life.
    pub end: NaiveDate,
}

/// A line nodus ships as its own release series.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct NodusLine {
    /// The Node major it presents.
    pub major: u64,
    /// First nodus release of the line.
    pub start: NaiveDate,
    /// Last day nodus supports it; never after Node's end.
    pub end: NaiveDate,
}

/// Where a line stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    /// Before its first alpha or Current release.
    Pending,
    /// Alpha releases from main; semver-major allowed.
    Alpha,
    /// Current: everything but semver-major.
    Current,
    /// Active LTS: baked fixes and baked semver-minor.
    ActiveLts,
    /// Maintenance: fixes and security only.
    Maintenance,
    /// End of life: no releases.
    EndOfLife,
}

impl Phase {
    /// True for the two LTS phases.
    pub fn is_lts(self) -> bool {
        matches!(self, Phase::ActiveLts | Phase::Maintenance)
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Phase::Pending => "Pending",
            Phase::Alpha => "Alpha",
            Phase::Current => "Current",
            Phase::ActiveLts => "Active LTS",
            Phase::Maintenance => "Maintenance",
            Phase::EndOfLife => "End-of-Life",
        })
    }
}

impl Line {
    /// The phase of this line on `day`.
    pub fn phase_on(&self, day: NaiveDate) -> Phase {
        if day >= self.end {
            Phase::EndOfLife
        } else if self.maintenance.is_some_and(|m| day >= m) {
            Phase::Maintenance
        } else if self.lts.is_some_and(|l| day >= l) {
            Phase::ActiveLts
        } else if day >= self.start {
            Phase::Current
        } else if self.alpha.is_some_and(|a| day >= a) {
            Phase::Alpha
        } else {
            Phase::Pending
        }
    }

    /// Release branch name, e.g. `v22.x`.
    pub fn branch(&self) -> String {
        branch_name(self.major)
    }
}

/// Release branch of a major, e.g. `v22.x`.
pub fn branch_name(major: u64) -> String {
    format!("v{major}.x")
}

/// Staging branch of a major, e.g. `v22.x-staging`.
pub fn staging_name(major: u64) -> String {
    format!("v{major}.x-staging")
}

/// Parses `v22.x`, `v22`, `22.x` or `22` into a major.
pub fn parse_line_name(text: &str) -> Option<u64> {
    let t = text.trim().trim_start_matches('v');
    let t = t.strip_suffix(".x").unwrap_or(t);
    t.parse().ok()
}

impl ReleaseLines {
    /// Parses the YAML text of `lines.yaml`.
    pub fn parse(text: &str) -> Result<Self> {
        serde_yaml::from_str(text).context(
            "releases/lines.yaml does not parse; each entry needs major, start and end (dates as YYYY-MM-DD)",
        )
    }

    /// Reads and parses a `lines.yaml` file.
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}; run from the repository or pass --root", path.display()))?;
        Self::parse(&text).with_context(|| format!("in {}", path.display()))
    }

    /// The line with this major.
    pub fn line(&self, major: u64) -> Result<&Line> {
        match self.lines.iter().find(|l| l.major == major) {
            Some(l) => Ok(l),
            None => bail!("line {major} is not in releases/lines.yaml; add it with its schedule first"),
        }
    }

    /// Bake time in days.
    pub fn bake_days(&self) -> i64 {
        self.bake_days.unwrap_or(DEFAULT_BAKE_DAYS)
    }

    /// Fails unless nodus ships `major` on `day` (when a `nodus:` section exists).
    pub fn check_nodus_line(&self, major: u64, day: NaiveDate) -> Result<()> {
        if self.nodus.is_empty() {
            return Ok(());
        }
        match self.nodus.iter().find(|n| n.major == major) {
            None => bail!("line {major} is not a nodus release line; add it under `nodus:` in releases/lines.yaml"),
            Some(n) if day >= n.end => bail!("nodus ended line {major} on {}; no more releases", n.end),
            Some(_) => Ok(()),
        }
    }

    /// Every rule the file breaks; empty when it is consistent.
    pub fn validate(&self) -> Vec<String> {
        let mut errors = Vec::new();
        let yearly = self.yearly_model_from.unwrap_or(u64::MAX);
        for pair in self.lines.windows(2) {
            if pair[1].major <= pair[0].major {
                errors.push(format!("line {} follows {}: keep majors ascending and unique", pair[1].major, pair[0].major));
            }
            if pair[1].start < pair[0].start {
                errors.push(format!("line {} starts before line {}", pair[1].major, pair[0].major));
            }
        }
        for l in &self.lines {
            errors.extend(validate_line(l, yearly).into_iter().map(|e| format!("line {}: {e}", l.major)));
        }
        for n in &self.nodus {
            match self.lines.iter().find(|l| l.major == n.major) {
                None => errors.push(format!("nodus line {} has no Node line in `lines:`", n.major)),
                Some(l) if n.end > l.end => {
                    errors.push(format!("nodus line {} ends {} after Node's end {}; end it on or before", n.major, n.end, l.end))
                }
                Some(_) if n.start >= n.end => errors.push(format!("nodus line {} starts after it ends", n.major)),
                Some(_) => {}
            }
        }
        if self.bake_days() < 0 {
            errors.push("bake_days must not be negative".into());
        }
        errors
    }
}

fn validate_line(l: &Line, yearly_from: u64) -> Vec<String> {
    let mut errors = Vec::new();
    let dates = [("alpha", l.alpha), ("start", Some(l.start)), ("lts", l.lts), ("maintenance", l.maintenance), ("end", Some(l.end))];
    let present: Vec<(&str, NaiveDate)> = dates.iter().filter_map(|(n, d)| d.map(|d| (*n, d))).collect();
    for w in present.windows(2) {
        if w[1].1 <= w[0].1 {
            errors.push(format!("{} ({}) must come after {} ({})", w[1].0, w[1].1, w[0].0, w[0].1));
        }
    }
    let yearly = l.major >= yearly_from;
    if l.lts.is_some() && !yearly && l.major % 2 == 1 {
        errors.push("odd lines never become LTS before the yearly model; set lts: null".into());
    }
    if yearly && l.lts.is_none() {
        errors.push("every line of the yearly model becomes LTS; set its lts date".into());
    }
    if l.alpha.is_some() && !yearly {
        errors.push("alpha releases exist only in the yearly model".into());
    }
    if l.lts.is_none() && l.codename.is_some() {
        errors.push("a codename without an lts date; codenames belong to LTS lines".into());
    }
    if l.lts.is_some() && l.maintenance.is_none() {
        errors.push("an LTS line needs a maintenance date".into());
    }
    if l.codename.as_deref().is_some_and(|c| c.trim().is_empty()) {
        errors.push("empty codename; use null until the line is promoted".into());
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_real_file_is_valid() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../releases/lines.yaml");
        let lines = ReleaseLines::load(&path).unwrap();
        assert_eq!(lines.validate(), Vec::<String>::new());
        let today = d("2026-11-24");
        assert_eq!(lines.line(22).unwrap().phase_on(today), Phase::Maintenance);
        assert_eq!(lines.line(24).unwrap().phase_on(today), Phase::Maintenance);
        assert_eq!(lines.line(26).unwrap().phase_on(today), Phase::ActiveLts);
        assert_eq!(lines.line(27).unwrap().phase_on(today), Phase::Alpha);
        assert_eq!(lines.line(20).unwrap().phase_on(today), Phase::EndOfLife);
    }

    #[test]
    fn catches_each_inconsistency() {
        let text = "yearly_model_from: 27\nlines:\n  - {major: 23, codename: X, start: 2024-10-16, lts: 2025-01-01, maintenance: 2025-04-01, end: 2025-06-01}\n  - {major: 22, start: 2024-04-24, lts: 2024-10-29, maintenance: 2024-10-01, end: 2027-04-30}\n  - {major: 27, alpha: 2026-10-20, start: 2027-04-20, maintenance: 2028-01-01, end: 2030-04-30}\nnodus:\n  - {major: 22, start: 2026-01-01, end: 2028-01-01}\n";
        let errors = ReleaseLines::parse(text).unwrap().validate().join("\n");
        for needle in ["ascending", "odd lines", "maintenance (2024-10-01) must come after lts", "yearly model becomes LTS", "after Node's end"] {
            assert!(errors.contains(needle), "missing {needle:?} in:\n{errors}");
        }
    }

    #[test]
    fn parses_line_names() {
        assert_eq!(parse_line_name("v22.x"), Some(22));
        assert_eq!(parse_line_name("24"), Some(24));
        assert_eq!(parse_line_name("v26"), Some(26));
        assert_eq!(parse_line_name("main"), None);
    }
}
