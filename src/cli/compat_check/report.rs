//! Turning scanner [`Use`]s into findings for one target line.

use super::patterns::Pattern;
use super::scan::{line_col, Use};
use nodus_compat::{ApiChange, Catalog, Level, Line};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One reported use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The file as given on the command line.
    pub file: String,
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
    /// `DEP0045`, or `RFC 0001` when no DEP code applies.
    pub code: String,
    /// What is used: the deprecation's API, the API, switch, module or global.
    pub subject: String,
    /// `deprecated`, `removed`, `unavailable` or `behaviour`.
    pub kind: &'static str,
    /// The deprecation level on the target line (`doc` .. `eol`), for DEP findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// The Node version the state on the target line dates from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// Short state: `end-of-life since 23.0.0`.
    pub status: String,
    /// Node's deprecation message or the data's summary.
    pub message: String,
    /// How the scanner matched (`call util.isBoolean`).
    pub matched: String,
    /// From the lines' `modules`/`globals` lists rather than a pattern; yields
    /// to a pattern finding at the same place.
    #[serde(skip)]
    pub generic: bool,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}: {} {}: {}. {}", self.file, self.line, self.column, self.code, self.subject, self.status, self.message)
    }
}

/// The target line and, for switches without `when`, the line migrated from.
pub struct Target<'c> {
    pub catalog: &'c Catalog,
    pub to: &'c Line,
    pub from: Option<&'c Line>,
}

fn version_tuple(v: &str) -> (u64, u64, u64) {
    let mut it = v.trim_start_matches('v').split('.').map(|p| p.parse().unwrap_or(0));
    (it.next().unwrap_or(0), it.next().unwrap_or(0), it.next().unwrap_or(0))
}

/// Level, the version it dates from and the message of `code` on `line`.
pub fn deprecation_on(catalog: &Catalog, code: &str, line: &Line) -> Option<(Level, String, String)> {
    let dep = catalog.deprecations().iter().find(|d| d.code == code)?;
    let now = (line.version.major, line.version.minor, line.version.patch);
    let mut state = None;
    let mut message = dep.message.clone();
    for h in &dep.history {
        if version_tuple(&h.since) > now {
            break;
        }
        if let Some(m) = &h.message {
            message = m.clone();
        }
        state = Some((h.level, h.since.clone(), message.clone()));
    }
    state
}

/// Whether an API of the `added`/`removed`/`flagged` lists is missing on
/// `line`: the change that explains it and whether it was removed (else not
/// yet added, or only behind the option a `flagged` entry names).
pub fn api_absence<'c>(catalog: &'c Catalog, api: &str, line: &Line) -> Option<(&'c ApiChange, bool)> {
    // (change, removed, absent)
    let mut state: Option<(&ApiChange, bool, bool)> = None;
    for l in catalog.lines() {
        let find = |list: &'c [ApiChange]| list.iter().find(|c| c.api == api);
        if l.major() <= line.major() {
            if let Some(c) = find(&l.data.removed) {
                state = Some((c, true, true));
            }
            if let Some(c) = find(&l.data.flagged) {
                state = Some((c, false, true));
            }
            if let Some(c) = find(&l.data.added) {
                state = Some((c, false, false));
            }
        } else if state.is_none() {
            if let Some(c) = find(&l.data.added).or_else(|| find(&l.data.flagged)) {
                return Some((c, false));
            }
        }
    }
    match state {
        Some((c, removed, true)) => Some((c, removed)),
        _ => None,
    }
}

/// Whether `change` is recorded by `line` or an earlier shipped line.
fn change_is_on_or_before(catalog: &Catalog, change: &ApiChange, line: &Line) -> bool {
    catalog
        .lines()
        .iter()
        .filter(|l| l.major() <= line.major())
        .any(|l| l.data.flagged.iter().chain(&l.data.added).chain(&l.data.removed).any(|c| std::ptr::eq(c, change)))
}

fn cite(dep: &Option<String>, rfc: &Option<String>) -> String {
    match (dep, rfc) {
        (Some(d), _) => d.clone(),
        (None, Some(r)) => format!("RFC {r}"),
        (None, None) => "RFC 0001".into(),
    }
}

fn level_words(level: Level) -> &'static str {
    match level {
        Level::Doc => "documentation-only deprecation",
        Level::Pending => "pending deprecation",
        Level::Application => "application deprecation",
        Level::Runtime => "runtime deprecation",
        Level::Eol => "end-of-life",
    }
}

fn lines_having(catalog: &Catalog, f: impl Fn(&Line) -> bool) -> String {
    catalog.lines().iter().filter(|l| f(l)).map(|l| l.major().to_string()).collect::<Vec<_>>().join(", ")
}

/// The findings of `uses` (scanned from `source`, named `file`) on the target.
pub fn evaluate(file: &str, source: &str, uses: &[Use], patterns: &[Pattern], t: &Target) -> Vec<Finding> {
    let to = t.to;
    let mut out = Vec::new();
    for u in uses {
        let (line, column) = line_col(source, u.offset());
        let mut finding = |code: String, subject: String, kind, level: Option<Level>, since: Option<String>, status: String, message: String, matched: String| {
            out.push(Finding {
                file: file.to_string(),
                line,
                column,
                code,
                subject,
                kind,
                level: level.map(|l| l.to_string()),
                since,
                status,
                message,
                generic: !matches!(u, Use::Pattern { .. }),
                matched,
            })
        };
        match u {
            Use::Pattern { pattern, what, .. } => {
                let entry = &patterns[*pattern].entry;
                if let Some(code) = &entry.dep {
                    let Some((level, since, message)) = deprecation_on(t.catalog, code, to) else { continue };
                    let api = t.catalog.deprecations().iter().find(|d| &d.code == code).map(|d| d.api.clone()).unwrap_or_default();
                    let (kind, status) = match level {
                        Level::Eol => ("removed", format!("removed in {since} (end-of-life)")),
                        l => ("deprecated", format!("{} since {since}", level_words(l))),
                    };
                    finding(code.clone(), api, kind, Some(level), Some(since), status, message, what.clone());
                } else if let Some(api) = &entry.api {
                    let Some((change, removed)) = api_absence(t.catalog, api, to) else { continue };
                    let status = if removed {
                        format!("removed in {}", change.since)
                    } else if let Some(flag) = &change.flag {
                        if change_is_on_or_before(t.catalog, change, to) {
                            format!("not available on Node {} by default: needs {flag}", to.major())
                        } else {
                            format!("not available on Node {} (behind {flag} in {})", to.major(), change.since)
                        }
                    } else {
                        format!("not available on Node {}: added in {}", to.major(), change.since)
                    };
                    let kind = if removed { "removed" } else { "unavailable" };
                    finding(cite(&change.dep, &change.rfc), api.clone(), kind, None, Some(change.since.clone()), status, change.summary.clone(), what.clone());
                } else if let Some(name) = &entry.switch {
                    let Some(sw) = to.data.switches.get(name) else { continue };
                    let value = sw.value.to_string();
                    let status = if entry.when.is_empty() {
                        let Some(from) = t.from else { continue };
                        let Some(before) = from.data.switches.get(name) else { continue };
                        if before.value == sw.value {
                            continue;
                        }
                        format!("{} on Node {}, {value} on Node {}", before.value, from.major(), to.major())
                    } else if entry.when.contains(&value) {
                        format!("{value} on Node {}", to.major())
                    } else {
                        continue;
                    };
                    finding(cite(&sw.dep, &sw.rfc), name.clone(), "behaviour", None, Some(sw.since.clone()), status, sw.summary.clone(), what.clone());
                }
            }
            Use::Module { id, .. } | Use::Global { name: id, .. } => {
                let module = matches!(u, Use::Module { .. });
                let list = |l: &Line| if module { l.data.modules.contains(id) } else { l.data.globals.contains(id) };
                if list(to) {
                    continue;
                }
                let (what, subject) = if module { ("module", format!("require('{id}')")) } else { ("global", id.clone()) };
                let has = lines_having(t.catalog, list);
                finding(
                    "RFC 0001".into(),
                    subject,
                    "unavailable",
                    None,
                    None,
                    format!("{what} not available on Node {}", to.major()),
                    format!("The {} {id} exists on lines {has}.", if module { "built-in module" } else { "global" }),
                    format!("{} {id}", if module { "require" } else { "global" }),
                );
            }
        }
    }
    // One finding per line and subject: `new buffer.SlowBuffer()` is both a member and a `new`.
    let specific: BTreeSet<(usize, usize)> = out.iter().filter(|f| !f.generic).map(|f| (f.line, f.column)).collect();
    out.retain(|f| !f.generic || !specific.contains(&(f.line, f.column)));
    let mut seen = BTreeSet::new();
    out.sort_by(|a, b| (a.line, a.column, &a.code, &a.subject).cmp(&(b.line, b.column, &b.code, &b.subject)));
    out.retain(|f| seen.insert((f.line, f.code.clone(), f.subject.clone())));
    out
}

/// Counts by code, for the summary line.
pub fn by_code(findings: &[Finding]) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for f in findings {
        *m.entry(f.code.clone()).or_insert(0) += 1;
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deprecation_levels_follow_the_line() {
        let c = nodus_compat::catalog();
        let (l20, _, _) = deprecation_on(c, "DEP0045", c.line(20).unwrap()).unwrap();
        let (l24, since, _) = deprecation_on(c, "DEP0045", c.line(24).unwrap()).unwrap();
        assert_eq!((l20, l24, since.as_str()), (Level::Doc, Level::Eol, "23.0.0"));
        // DEP0176 is runtime from 24.0.0 and documentation-only before.
        assert_eq!(deprecation_on(c, "DEP0176", c.line(18).unwrap()), None);
    }

    #[test]
    fn api_absence_covers_removed_and_not_yet_added() {
        let c = nodus_compat::catalog();
        let (ch, removed) = api_absence(c, "fs.glob", c.line(20).unwrap()).unwrap();
        assert!(!removed && ch.since == "22.0.0");
        assert!(api_absence(c, "fs.glob", c.line(22).unwrap()).is_none());
        let (ch, removed) = api_absence(c, "Math.sumPrecise", c.line(26).unwrap()).unwrap();
        assert!(!removed && ch.flag.as_deref() == Some("--js-sum-precise"));
        assert!(api_absence(c, "Math.sumPrecise", c.line(22).unwrap()).is_some());
        assert!(api_absence(c, "Math.sumPrecise", c.line(27).unwrap()).is_some());
        let (_, removed) = api_absence(c, "util.isBoolean", c.line(26).unwrap()).unwrap();
        assert!(removed);
        assert!(api_absence(c, "util.isBoolean", c.line(22).unwrap()).is_none());
    }
}
