//! Semver check on the runtime's API-surface snapshots.
//!
//! The compat tests keep one insta snapshot per line,
//! `tests/snapshots/api_surface__line_<N>.snap`, whose body lists
//! `globals: a, b, c` and `module <name>: <export> <typeof>` lines. Comparing
//! the file at the last release tag with the one about to ship gives the
//! smallest honest semver class, whatever commit messages claim: a removed
//! export or a changed `typeof` is major, an added one minor.
//!
//! ```
//! use xtask::release::api_surface::compare;
//! use xtask::commits::Class;
//! let d = compare("module fs: readFile function\n", "module fs: readFile function\nmodule fs: rm function\n");
//! assert_eq!(d.class(), Some(Class::Minor));
//! ```

use std::collections::BTreeMap;

use serde::Serialize;

use crate::commits::Class;

/// Path of a line's snapshot inside the repository.
pub fn snapshot_path(major: u64) -> String {
    format!("tests/snapshots/api_surface__line_{major}.snap")
}

/// What changed between two surfaces.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SurfaceDiff {
    /// Entries gone (`module fs: rm`, `global: fetch`).
    pub removed: Vec<String>,
    /// Entries whose typeof changed (`module fs: x function -> object`).
    pub changed: Vec<String>,
    /// New entries.
    pub added: Vec<String>,
}

impl SurfaceDiff {
    /// The semver class the diff requires, None when nothing changed.
    pub fn class(&self) -> Option<Class> {
        if !self.removed.is_empty() || !self.changed.is_empty() {
            Some(Class::Major)
        } else if !self.added.is_empty() {
            Some(Class::Minor)
        } else {
            None
        }
    }
}

/// Entry name → typeof (empty for globals, which carry no type).
fn parse(text: &str) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for line in strip_insta_header(text).lines().map(str::trim) {
        if let Some(list) = line.strip_prefix("globals:") {
            for g in list.split([',', ' ']).map(str::trim).filter(|g| !g.is_empty()) {
                map.insert(format!("global: {g}"), String::new());
            }
        } else if let Some(rest) = line.strip_prefix("module ") {
            let Some((module, export)) = rest.split_once(':') else { continue };
            let mut parts = export.split_whitespace();
            let (Some(name), ty) = (parts.next(), parts.next().unwrap_or("")) else { continue };
            map.insert(format!("module {}: {name}", module.trim()), ty.to_string());
        }
    }
    map
}

/// Drops the `---` front matter insta writes before a snapshot body.
fn strip_insta_header(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("---\n") else { return text };
    match rest.find("\n---\n") {
        Some(i) => &rest[i + 5..],
        None => text,
    }
}

/// Compares the surface of the last release with the one about to ship.
pub fn compare(before: &str, after: &str) -> SurfaceDiff {
    let (old, new) = (parse(before), parse(after));
    let mut diff = SurfaceDiff::default();
    for (name, ty) in &old {
        match new.get(name) {
            None => diff.removed.push(name.clone()),
            Some(t) if t != ty => diff.changed.push(format!("{name} {ty} -> {t}")),
            Some(_) => {}
        }
    }
    diff.added = new.keys().filter(|k| !old.contains_key(*k)).cloned().collect();
    diff
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "---\nsource: tests/api_surface.rs\nexpression: surface\n---\nglobals: Buffer, fetch, process\nmodule fs: readFile function\nmodule fs: constants object\nmodule path: sep string\n";

    #[test]
    fn identical_surfaces_need_nothing() {
        assert_eq!(compare(BASE, BASE).class(), None);
    }

    #[test]
    fn removed_export_is_major() {
        let d = compare(BASE, &BASE.replace("module path: sep string\n", ""));
        assert_eq!(d.removed, vec!["module path: sep"]);
        assert_eq!(d.class(), Some(Class::Major));
    }

    #[test]
    fn removed_global_is_major() {
        let d = compare(BASE, &BASE.replace("fetch, ", ""));
        assert_eq!(d.removed, vec!["global: fetch"]);
        assert_eq!(d.class(), Some(Class::Major));
    }

    #[test]
    fn changed_typeof_is_major() {
        let d = compare(BASE, &BASE.replace("constants object", "constants function"));
        assert_eq!(d.changed, vec!["module fs: constants object -> function"]);
        assert_eq!(d.class(), Some(Class::Major));
    }

    #[test]
    fn added_export_or_global_is_minor() {
        let d = compare(BASE, &format!("{}module fs: rm function\n", BASE.replace("process", "process, navigator")));
        assert_eq!(d.added, vec!["global: navigator", "module fs: rm"]);
        assert_eq!(d.class(), Some(Class::Minor));
    }

    #[test]
    fn header_is_ignored() {
        let plain = BASE.split("---\n").last().unwrap();
        assert_eq!(compare(BASE, plain), SurfaceDiff::default());
    }
}
