//! Every difference between two shipped lines.

use crate::load::{catalog, Catalog, Line};
use crate::model::{ApiChange, Citation, Cited};
use crate::CompatError;
use serde::Serialize;
use std::collections::BTreeSet;
use std::fmt;

/// What kind of fact differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DiffKind {
    /// `process.version` / `process.versions.*`.
    Version,
    /// `process.release.*`.
    Release,
    /// A global name.
    Global,
    /// A built-in module.
    Module,
    /// A behaviour switch.
    Switch,
    /// An API added or removed.
    Api,
    /// A deprecation's level.
    Deprecation,
    /// An `ExperimentalWarning`.
    Experimental,
}

/// One difference: `subject` is `a` on the first line and `b` on the second
/// (`None` = absent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Difference {
    /// What kind of fact.
    pub kind: DiffKind,
    /// Which one (`versions.v8`, `navigator`, `DEP0005`, ...).
    pub subject: String,
    /// Its value on the first line.
    pub a: Option<String>,
    /// Its value on the second line.
    pub b: Option<String>,
    /// Why it changed, when the data says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cite: Option<Citation>,
    /// The Node version that made the change, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// One line for people, when the data has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "absent".into());
        let kind = serde_json::to_value(self.kind).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default();
        write!(f, "{kind:<12} {}: {} -> {}", self.subject, show(&self.a), show(&self.b))?;
        let mut notes = vec![];
        if let Some(since) = &self.since {
            notes.push(format!("since {since}"));
        }
        if let Some(cite) = &self.cite {
            notes.push(cite.to_string());
        }
        if !notes.is_empty() {
            write!(f, " ({})", notes.join(", "))?;
        }
        if let Some(summary) = &self.summary {
            write!(f, " — {summary}")?;
        }
        Ok(())
    }
}

/// Every difference between shipped lines `a` and `b`, in a stable order.
pub fn diff(a: u32, b: u32) -> Result<Vec<Difference>, CompatError> {
    let catalog = catalog();
    Ok(diff_lines(catalog, catalog.line(a)?, catalog.line(b)?))
}

fn plain(kind: DiffKind, subject: impl Into<String>, a: Option<String>, b: Option<String>) -> Difference {
    Difference { kind, subject: subject.into(), a, b, cite: None, since: None, summary: None }
}

fn present(yes: bool) -> Option<String> {
    yes.then(|| "present".to_string())
}

fn set_diff(out: &mut Vec<Difference>, kind: DiffKind, a: &[String], b: &[String]) {
    let (a, b): (BTreeSet<&String>, BTreeSet<&String>) = (a.iter().collect(), b.iter().collect());
    for name in a.symmetric_difference(&b) {
        out.push(plain(kind, name.as_str(), present(a.contains(name)), present(b.contains(name))));
    }
}

/// [`diff`] against a given catalog.
pub fn diff_lines(catalog: &Catalog, a: &Line, b: &Line) -> Vec<Difference> {
    let (x, y) = (&a.data, &b.data);
    let mut out = vec![];
    if x.version != y.version {
        out.push(plain(DiffKind::Version, "version", Some(x.version.clone()), Some(y.version.clone())));
    }
    let keys: BTreeSet<&String> = x.versions.keys().chain(y.versions.keys()).collect();
    for key in keys {
        let (va, vb) = (x.versions.get(key).cloned(), y.versions.get(key).cloned());
        if va != vb && key != "node" {
            out.push(plain(DiffKind::Version, format!("versions.{key}"), va, vb));
        }
    }
    if x.release.lts != y.release.lts {
        out.push(plain(DiffKind::Release, "release.lts", x.release.lts.clone(), y.release.lts.clone()));
    }
    set_diff(&mut out, DiffKind::Global, &x.globals, &y.globals);
    set_diff(&mut out, DiffKind::Module, &x.modules, &y.modules);
    let newer = if a.major() <= b.major() { y } else { x };
    for (name, sa) in &x.switches {
        let sb = &y.switches[name];
        if sa.value != sb.value {
            let why = if newer.line == y.line { sb } else { sa };
            out.push(Difference {
                kind: DiffKind::Switch,
                subject: name.clone(),
                a: Some(sa.value.to_string()),
                b: Some(sb.value.to_string()),
                cite: Some(why.cite()),
                since: Some(why.since.clone()),
                summary: Some(why.summary.clone()),
            });
        }
    }
    api_changes(&mut out, catalog, a, b);
    for dep in catalog.deprecations() {
        let (la, lb) = (catalog.deprecation_state(dep, a), catalog.deprecation_state(dep, b));
        let (la, lb) = (la.map(|s| s.0), lb.map(|s| s.0));
        if la != lb {
            let mut d = plain(DiffKind::Deprecation, dep.code.clone(), la.map(|l| l.to_string()), lb.map(|l| l.to_string()));
            d.cite = Some(Citation { dep: Some(dep.code.clone()), rfc: dep.rfc.clone() });
            d.summary = Some(dep.api.clone());
            out.push(d);
        }
    }
    let warns = |line: &Line| -> BTreeSet<(String, String)> {
        line.data.experimental.iter().map(|e| (e.feature.clone(), e.warning.clone())).collect()
    };
    let (wa, wb) = (warns(a), warns(b));
    for (feature, warning) in wa.symmetric_difference(&wb) {
        out.push(plain(
            DiffKind::Experimental,
            feature.clone(),
            wa.contains(&(feature.clone(), warning.clone())).then(|| warning.clone()),
            wb.contains(&(feature.clone(), warning.clone())).then(|| warning.clone()),
        ));
    }
    out.sort_by(|p, q| (p.kind, &p.subject).cmp(&(q.kind, &q.subject)));
    out
}

/// API changes recorded on the lines after the older one up to the newer one;
/// seen from a newer `a`, additions read as removals and the reverse.
fn api_changes(out: &mut Vec<Difference>, catalog: &Catalog, a: &Line, b: &Line) {
    let (lo, hi, forward) = if a.major() <= b.major() { (a, b, true) } else { (b, a, false) };
    let span = catalog.lines().iter().filter(|l| l.major() > lo.major() && l.major() <= hi.major());
    for line in span {
        let mut push = |change: &ApiChange, added: bool| {
            let (before, after) = (present(!added), present(added));
            let (va, vb) = if forward { (before, after) } else { (after, before) };
            out.push(Difference {
                kind: DiffKind::Api,
                subject: change.api.clone(),
                a: va,
                b: vb,
                cite: Some(change.cite()),
                since: Some(change.since.clone()),
                summary: Some(change.summary.clone()),
            });
        };
        line.data.added.iter().for_each(|c| push(c, true));
        line.data.removed.iter().for_each(|c| push(c, false));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twenty_to_twenty_six_has_at_least_forty_real_differences() {
        let diffs = diff(20, 26).unwrap();
        let real = diffs.iter().filter(|d| !matches!(d.kind, DiffKind::Version | DiffKind::Release)).count();
        assert!(real >= 40, "only {real} differences:\n{}", render(&diffs));
    }

    #[test]
    fn diff_is_symmetric_and_empty_on_itself() {
        assert!(diff(22, 22).unwrap().is_empty());
        let forward = diff(20, 24).unwrap();
        let backward = diff(24, 20).unwrap();
        assert_eq!(forward.len(), backward.len());
        for (f, b) in forward.iter().zip(&backward) {
            assert_eq!((&f.subject, &f.a, &f.b), (&b.subject, &b.b, &b.a));
        }
    }

    #[test]
    fn navigator_and_util_is_boolean_show_up() {
        let diffs = diff(20, 24).unwrap();
        let find = |s: &str| diffs.iter().find(|d| d.subject == s).unwrap_or_else(|| panic!("{s} missing"));
        assert_eq!(find("navigator").b.as_deref(), Some("present"));
        assert_eq!(find("util.isBoolean").b, None);
        assert!(find("util.isBoolean").to_string().contains("DEP0045"));
        let json = serde_json::to_value(&diffs).unwrap();
        assert!(json.as_array().unwrap().iter().any(|d| d["kind"] == "global"));
    }

    fn render(diffs: &[Difference]) -> String {
        diffs.iter().map(|d| format!("{d}\n")).collect()
    }
}
