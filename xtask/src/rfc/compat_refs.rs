//! Citations in the compat data: every entry of `compat/*.yaml` and
//! `compat/lines/*.yaml` that changes behaviour cites an accepted RFC
//! (`rfc: NNNN`) or a deprecation code (`dep: DEPxxxx`).
//!
//! The files are read loosely (as YAML values) so the check keeps working
//! while their schema evolves: an *entry* is any mapping with an `rfc` or
//! `dep` key, or any mapping listed (or keyed) under one of
//! [`ENTRY_SECTIONS`]. A deprecation's own `code: DEPxxxx` is its citation,
//! and everything under `experimental` must cite an RFC.

/// Keys whose items are compat entries that must cite something.
pub const ENTRY_SECTIONS: &[&str] = &["changes", "deprecations", "switches", "added", "removed", "experimental"];

use std::collections::{BTreeMap, BTreeSet};

use serde_yaml::Value;

use super::doc::{is_dep_code, Status};

/// One citation found in a compat file.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Where: `compat/lines/22.yaml: changes[3]`.
    pub location: String,
    /// RFC numbers cited (as written).
    pub rfcs: Vec<String>,
    /// DEP codes cited.
    pub deps: Vec<String>,
    /// True when the entry is marked experimental.
    pub experimental: bool,
}

fn key<'a>(map: &'a serde_yaml::Mapping, name: &str) -> Option<&'a Value> {
    map.get(Value::String(name.to_string()))
}

fn scalars(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Number(n) => vec![n.to_string()],
        Value::Sequence(items) => items.iter().flat_map(scalars).collect(),
        _ => Vec::new(),
    }
}

fn is_experimental(map: &serde_yaml::Mapping) -> bool {
    let truthy = |k: &str| key(map, k).is_some_and(|v| v.as_bool() == Some(true));
    let says = |k: &str| key(map, k).and_then(Value::as_str).is_some_and(|s| s.eq_ignore_ascii_case("experimental"));
    let value = key(map, "value").and_then(Value::as_str).is_some_and(|s| s.starts_with("experimental"));
    truthy("experimental") || says("stability") || says("status") || value
}

/// Collects every entry in a parsed compat file.
pub fn entries(file: &str, doc: &Value) -> Vec<Entry> {
    let mut out = Vec::new();
    walk(doc, file, "", false, false, &mut out);
    out
}

fn walk(v: &Value, file: &str, path: &str, listed: bool, experimental: bool, out: &mut Vec<Entry>) {
    match v {
        Value::Mapping(map) => {
            let rfcs = key(map, "rfc").map(scalars).unwrap_or_default();
            let mut deps = key(map, "dep").map(scalars).unwrap_or_default();
            deps.extend(key(map, "code").map(scalars).unwrap_or_default().into_iter().filter(|c| is_dep_code(c)));
            let experimental = experimental || is_experimental(map);
            if listed || !rfcs.is_empty() || !deps.is_empty() || experimental {
                let location = if path.is_empty() { file.to_string() } else { format!("{file}: {path}") };
                out.push(Entry { location, rfcs, deps, experimental });
            }
            for (k, child) in map {
                let name = k.as_str().map(str::to_string).unwrap_or_else(|| format!("{k:?}"));
                let child_path = if path.is_empty() { name.clone() } else { format!("{path}.{name}") };
                let lists_entries = ENTRY_SECTIONS.contains(&name.as_str());
                let exp = experimental || name == "experimental";
                match child {
                    Value::Sequence(items) => {
                        for (i, item) in items.iter().enumerate() {
                            walk(item, file, &format!("{child_path}[{i}]"), lists_entries, exp, out);
                        }
                    }
                    // `deprecations: {DEP0005: {...}}` keyed by code.
                    Value::Mapping(inner) if lists_entries => {
                        for (code, item) in inner {
                            let code = code.as_str().unwrap_or_default().to_string();
                            let mut found = Vec::new();
                            walk(item, file, &format!("{child_path}.{code}"), true, exp, &mut found);
                            if let Some(first) = found.first_mut() {
                                if is_dep_code(&code) && !first.deps.contains(&code) {
                                    first.deps.push(code);
                                }
                            }
                            out.extend(found);
                        }
                    }
                    _ => walk(child, file, &child_path, false, exp, out),
                }
            }
        }
        Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, file, &format!("{path}[{i}]"), listed, experimental, out);
            }
        }
        _ => {}
    }
}

/// Normalises `1`, `"0001"`, `RFC-0001`, `rfc 1` to 1.
pub fn rfc_number(text: &str) -> Option<u32> {
    let digits: String = text.chars().skip_while(|c| !c.is_ascii_digit()).take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// Problems with the entries, given the RFC statuses and the DEP codes the
/// deprecation list defines (None when there is no deprecation list yet).
/// Returns (errors, warnings): a DEP code missing from the deprecation list is
/// a warning, since the code itself is a valid citation of Node's list.
pub fn problems(entries: &[Entry], rfcs: &BTreeMap<u32, Status>, known_deps: Option<&BTreeSet<String>>) -> (Vec<String>, Vec<String>) {
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    for e in entries {
        if e.rfcs.is_empty() && e.deps.is_empty() {
            let what = if e.experimental { "experimental feature" } else { "entry" };
            out.push(format!("{}: {what} cites no RFC; add `rfc: NNNN` (an accepted RFC){}", e.location, if e.experimental { "" } else { " or `dep: DEPxxxx`" }));
            continue;
        }
        if e.experimental && e.rfcs.is_empty() {
            out.push(format!("{}: experimental feature without an RFC; add `rfc: NNNN`", e.location));
        }
        for r in &e.rfcs {
            match rfc_number(r).map(|n| (n, rfcs.get(&n))) {
                None => out.push(format!("{}: `rfc: {r}` is not an RFC number", e.location)),
                Some((n, None)) => out.push(format!("{}: cites RFC {n:04}, which does not exist in rfcs/", e.location)),
                Some((n, Some(s))) if !s.is_binding() => {
                    out.push(format!("{}: cites RFC {n:04}, which is {s}; only accepted or implemented RFCs count", e.location))
                }
                Some(_) => {}
            }
        }
        for d in &e.deps {
            if !is_dep_code(d) {
                out.push(format!("{}: `dep: {d}` is not a code like DEP0005", e.location));
            } else if known_deps.is_some_and(|k| !k.contains(d)) {
                warnings.push(format!("{}: {d} is not defined in compat/deprecations.yaml; add it there", e.location));
            }
        }
    }
    (out, warnings)
}

/// DEP codes a deprecation file defines: `dep`/`code`/`id` values and
/// DEP-shaped mapping keys, anywhere in it.
pub fn defined_deps(doc: &Value) -> BTreeSet<String> {
    let mut set = BTreeSet::new();
    fn go(v: &Value, set: &mut BTreeSet<String>) {
        match v {
            Value::Mapping(map) => {
                for (k, child) in map {
                    let k = k.as_str().unwrap_or_default();
                    if is_dep_code(k) {
                        set.insert(k.to_string());
                    }
                    if matches!(k, "dep" | "code" | "id") {
                        set.extend(scalars(child).into_iter().filter(|s| is_dep_code(s)));
                    }
                    go(child, set);
                }
            }
            Value::Sequence(items) => items.iter().for_each(|i| go(i, set)),
            _ => {}
        }
    }
    go(doc, &mut set);
    set
}
