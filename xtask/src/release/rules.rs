//! The phase rules and version arithmetic, as pure functions over plain data
//! so they can be property-tested without git.

use chrono::NaiveDate;
use semver::{Prerelease, Version};
use serde::{Deserialize, Serialize};

use crate::commits::{Class, CommitMeta, Kind};
use crate::lines::{branch_name, Phase};

/// What the plan does with one commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// Cherry-picked onto staging by this release.
    Take,
    /// Left out; the reason says why.
    Leave,
    /// Already released on this line.
    Landed,
    /// Already on staging since the last release; ships in this one.
    Staged,
}

/// A commit that could land, with what git told us about it.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Commit metadata.
    pub meta: CommitMeta,
    /// Set when the commit already landed on the line (how it was detected).
    pub landed: Option<String>,
    /// First release of a newer line that contains it: (day, version).
    pub first_release: Option<(NaiveDate, String)>,
}

/// The facts the rules need about the line being released.
#[derive(Debug, Clone, Copy)]
pub struct LineState {
    /// Major of the line.
    pub major: u64,
    /// Phase on the release day.
    pub phase: Phase,
    /// Release day.
    pub date: NaiveDate,
    /// Bake time in days.
    pub bake_days: i64,
    /// True once `<major>.0.0` is out: semver-major is closed from then on.
    pub released: bool,
}

/// Decides one commit and says why.
pub fn decide(c: &Candidate, line: &LineState) -> (Decision, String) {
    let m = &c.meta;
    let name = branch_name(line.major);
    if let Some(how) = &c.landed {
        return (Decision::Landed, how.clone());
    }
    if m.is_release {
        return (Decision::Leave, "release commit of another line".into());
    }
    if m.dont_land_on.contains(&line.major) {
        return (Decision::Leave, format!("Dont-Land-On: {name}"));
    }
    if m.class == Class::Major && line.released {
        return (Decision::Leave, format!("semver-major never lands on a released line ({name} is {})", line.phase));
    }
    let requested = m.backport_to.contains(&line.major);
    if line.phase == Phase::Maintenance && !requested {
        if !matches!(m.kind, Kind::Fix | Kind::Security) {
            return (Decision::Leave, format!("Maintenance takes fixes and security only (this is {}); add `Backport-To: {name}` to request it", kind_word(m.kind)));
        }
        if m.class > Class::Patch {
            return (Decision::Leave, format!("semver-{} in Maintenance needs `Backport-To: {name}`", m.class));
        }
    }
    if !line.phase.is_lts() {
        return (Decision::Take, format!("{} takes semver-{} ({})", line.phase, m.class, kind_word(m.kind)));
    }
    if m.kind == Kind::Security {
        return (Decision::Take, "security fix: lands without bake time".into());
    }
    let Some((day, version)) = &c.first_release else {
        return (Decision::Leave, "not yet in a release of a newer line".into());
    };
    let days = (line.date - *day).num_days();
    if days < line.bake_days {
        return (Decision::Leave, format!("baking: in v{version} since {day}, {days} of {} days", line.bake_days));
    }
    (Decision::Take, format!("semver-{} {}, baked {days} days since v{version}", m.class, kind_word(m.kind)))
}

fn kind_word(kind: Kind) -> &'static str {
    match kind {
        Kind::Security => "security",
        Kind::Fix => "fix",
        Kind::Feature => "feature",
        Kind::Other => "other",
    }
}

/// A plain semver bump of `v` by `class`.
pub fn bump(v: &Version, class: Class) -> Version {
    match class {
        Class::Major => Version::new(v.major + 1, 0, 0),
        Class::Minor => Version::new(v.major, v.minor + 1, 0),
        Class::Patch => Version::new(v.major, v.minor, v.patch + 1),
    }
}

/// The next version of a line, or None when there is nothing to release.
///
/// `last` is the newest release of the line; `class` the largest class among
/// the commits that ship; `lts_promotion` is true for the first release after
/// the line entered LTS, which is at least semver-minor (as Node's are).
pub fn next_version(major: u64, last: Option<&Version>, phase: Phase, class: Option<Class>, lts_promotion: bool) -> Option<Version> {
    if phase == Phase::Alpha {
        let n = match last {
            Some(v) if v.major == major && v.minor == 0 && v.patch == 0 => alpha_number(v).map_or(1, |n| n + 1),
            _ => 1,
        };
        let mut v = Version::new(major, 0, 0);
        v.pre = Prerelease::new(&format!("alpha.{n}")).ok()?;
        return Some(v);
    }
    match last {
        None => Some(Version::new(major, 0, 0)),
        Some(v) if !v.pre.is_empty() => Some(Version::new(major, 0, 0)),
        Some(v) => {
            let class = if lts_promotion { Some(class.unwrap_or(Class::Minor).max(Class::Minor)) } else { class };
            class.map(|c| bump(v, c))
        }
    }
}

fn alpha_number(v: &Version) -> Option<u64> {
    v.pre.as_str().strip_prefix("alpha.")?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        Version::parse(s).unwrap()
    }

    #[test]
    fn versions() {
        assert_eq!(next_version(22, None, Phase::Current, None, false), Some(v("22.0.0")));
        assert_eq!(next_version(22, Some(&v("22.3.1")), Phase::Current, Some(Class::Minor), false), Some(v("22.4.0")));
        assert_eq!(next_version(22, Some(&v("22.3.1")), Phase::Maintenance, Some(Class::Patch), false), Some(v("22.3.2")));
        assert_eq!(next_version(22, Some(&v("22.3.1")), Phase::ActiveLts, None, false), None);
        assert_eq!(next_version(22, Some(&v("22.3.1")), Phase::ActiveLts, Some(Class::Patch), true), Some(v("22.4.0")));
        assert_eq!(next_version(27, None, Phase::Alpha, None, false), Some(v("27.0.0-alpha.1")));
        assert_eq!(next_version(27, Some(&v("27.0.0-alpha.4")), Phase::Alpha, None, false), Some(v("27.0.0-alpha.5")));
        assert_eq!(next_version(27, Some(&v("27.0.0-alpha.4")), Phase::Current, None, false), Some(v("27.0.0")));
    }
}
