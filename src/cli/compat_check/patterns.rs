//! `compat/patterns.yaml`: which code shape uses which DEP code, API or switch.
//!
//! The file is compiled in and checked against the compat catalog by
//! [`validate`] (a unit test runs it): every entry names an existing DEP code,
//! `added`/`removed` API or switch, and every DEP code in
//! `compat/deprecations.yaml` has patterns or a reason why it cannot be seen
//! statically.
//!
//! # Pattern language
//!
//! A *path* is dotted: `util.isBoolean`, `fs.F_OK`, `Buffer`, `Promise.try`. Its
//! first segment is a built-in module id (`util`, `fs/promises`, `node:sqlite`)
//! when some shipped line lists it, else a global (`Buffer`, `Promise`). The
//! scanner resolves code to the same shape: `require('node:util')`, `import u
//! from 'util'`, `const { isBoolean } = require('util')`, `globalThis.Buffer`
//! all lead back to a module or global root.
//!
//! | matcher            | finds                                                                 |
//! |--------------------|-----------------------------------------------------------------------|
//! | `member: a.b`      | `a.b` read anywhere, and `{ b }` destructured or imported from `a`     |
//! | `call: a.b`        | a call whose callee resolves to `a.b` (`option: k`: with `{ k: ... }`) |
//! | `new: a.b`         | `new` of something resolving to `a.b` (`option:` as for `call`)        |
//! | `require: m`       | `require('m')`, `import ... from 'm'`, `import('m')`, `node:` or not   |
//! | `global: g`        | the free identifier `g` (not declared in the file, not under `typeof`) |
//! | `method: m`        | `<anything>.m(...)`: instance methods the scanner cannot type          |
//! | `property: p`      | `<anything>.p`: instance properties the scanner cannot type            |
//! | `syntax: s`        | `import-assert` (`assert { type }`) or `import-with` (`with { type }`) |

use nodus_compat::Catalog;
use serde::Deserialize;
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// The embedded `compat/patterns.yaml`.
pub const PATTERNS_YAML: &str = include_str!("../../../compat/patterns.yaml");

/// The whole file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternFile {
    /// Entries, each keyed by one DEP code, API or switch.
    pub patterns: Vec<PatternEntry>,
    /// DEP codes no static pattern can find, with the reason.
    #[serde(default)]
    pub unscannable: Vec<Unscannable>,
}

/// What an entry is about: exactly one of `dep`, `api`, `switch`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternEntry {
    /// A DEP code of `compat/deprecations.yaml`.
    #[serde(default)]
    pub dep: Option<String>,
    /// An `added` / `removed` API of some `compat/lines/*.yaml`.
    #[serde(default)]
    pub api: Option<String>,
    /// A switch of `compat/lines/*.yaml`.
    #[serde(default)]
    pub switch: Option<String>,
    /// For `switch`: the values (as `nodus compat diff` prints them) under which
    /// a match is a finding. Empty: a finding when the value differs between
    /// `--from` and `--to`.
    #[serde(default)]
    pub when: Vec<String>,
    /// The code shapes.
    #[serde(rename = "match")]
    pub matchers: Vec<Matcher>,
}

impl PatternEntry {
    /// The key as written: `DEP0005`, `fs.glob`, `import_attributes_keyword`.
    pub fn key(&self) -> &str {
        self.dep.as_deref().or(self.api.as_deref()).or(self.switch.as_deref()).unwrap_or("")
    }
}

/// A DEP code that static analysis cannot see.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unscannable {
    /// The DEP code.
    pub dep: String,
    /// Why.
    pub reason: String,
}

/// One code shape; exactly one of the kind fields is set.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Matcher {
    #[serde(default)]
    pub member: Option<String>,
    #[serde(default)]
    pub call: Option<String>,
    #[serde(default)]
    pub new: Option<String>,
    #[serde(default)]
    pub require: Option<String>,
    #[serde(default)]
    pub global: Option<String>,
    #[serde(default)]
    pub method: Option<String>,
    #[serde(default)]
    pub property: Option<String>,
    #[serde(default)]
    pub syntax: Option<String>,
    /// For `call` / `new`: only when an object-literal argument has this key.
    #[serde(default)]
    pub option: Option<String>,
}

/// A matcher, checked and with its path resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    Member(Path),
    Call(Path, Option<String>),
    New(Path, Option<String>),
    Require(String),
    Global(String),
    Method(String),
    Property(String),
    Syntax(Syntax),
}

/// The syntax shapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// `import x from 'y' assert { type: 'json' }`.
    ImportAssert,
    /// `import x from 'y' with { type: 'json' }`.
    ImportWith,
}

/// Where a resolved path starts.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Root {
    /// A built-in module, by the id the lines list (`util`, `node:sqlite`).
    Module(String),
    /// A global binding.
    Global(String),
}

/// A root and the property names read from it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Path {
    pub root: Root,
    pub props: Vec<String>,
}

impl Path {
    /// Appends a property, folding the aliases Node has (`buffer.Buffer` is the
    /// global `Buffer`, `fs.promises` is `fs/promises`, `globalThis.x` is `x`).
    pub fn push(mut self, prop: &str) -> Path {
        if self.props.is_empty() {
            match &self.root {
                Root::Global(g) if g == "globalThis" || g == "global" => {
                    return Path { root: Root::Global(prop.to_string()), props: vec![] };
                }
                Root::Module(m) if m == "buffer" && prop == "Buffer" => {
                    return Path { root: Root::Global("Buffer".into()), props: vec![] };
                }
                Root::Module(m) if m == "fs" && prop == "promises" => {
                    return Path { root: Root::Module("fs/promises".into()), props: vec![] };
                }
                _ => {}
            }
        }
        self.props.push(prop.to_string());
        self
    }

    /// A module root, with the ids that mean the same exports folded.
    pub fn module(id: &str) -> Path {
        let root = match id {
            "process" => Root::Global("process".into()),
            "assert/strict" => Root::Module("assert".into()),
            _ => Root::Module(id.to_string()),
        };
        Path { root, props: vec![] }
    }
}

impl std::fmt::Display for Path {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.root {
            Root::Module(m) | Root::Global(m) => f.write_str(m)?,
        }
        for p in &self.props {
            write!(f, ".{p}")?;
        }
        Ok(())
    }
}

/// Every built-in module id some shipped line lists (`node:` kept where the line keeps it).
pub fn known_modules(catalog: &Catalog) -> BTreeSet<String> {
    catalog.lines().iter().flat_map(|l| l.data.modules.iter().cloned()).collect()
}

/// The module id a specifier names, as the lines list it, if it is built in.
pub fn builtin_id(spec: &str, modules: &BTreeSet<String>) -> Option<String> {
    if modules.contains(spec) {
        return Some(spec.to_string());
    }
    let bare = spec.strip_prefix("node:")?;
    modules.contains(bare).then(|| bare.to_string())
}

/// Parses a dotted path: a module root when the first segment is a built-in id.
pub fn parse_path(text: &str, modules: &BTreeSet<String>) -> Result<Path, String> {
    let mut parts = text.split('.');
    let first = parts.next().unwrap_or("");
    if first.is_empty() {
        return Err(format!("empty path `{text}`"));
    }
    let mut path = match builtin_id(first, modules) {
        Some(id) => Path::module(&id),
        None if is_ident(first) => Path { root: Root::Global(first.into()), props: vec![] },
        None => return Err(format!("`{first}` in `{text}` is neither a built-in module nor a global name")),
    };
    for p in parts {
        if !is_ident(p) {
            return Err(format!("`{p}` in `{text}` is not a property name"));
        }
        path = path.push(p);
    }
    Ok(path)
}

fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '$')
}

impl Matcher {
    /// The checked shape.
    pub fn shape(&self, modules: &BTreeSet<String>) -> Result<Shape, String> {
        let kinds = [
            &self.member, &self.call, &self.new, &self.require, &self.global, &self.method, &self.property, &self.syntax,
        ];
        if kinds.iter().filter(|k| k.is_some()).count() != 1 {
            return Err("a matcher needs exactly one of member, call, new, require, global, method, property, syntax".into());
        }
        if self.option.is_some() && self.call.is_none() && self.new.is_none() {
            return Err("`option` only qualifies `call` and `new`".into());
        }
        let name = |s: &str| if is_ident(s) { Ok(s.to_string()) } else { Err(format!("`{s}` is not an identifier")) };
        Ok(if let Some(p) = &self.member {
            Shape::Member(parse_path(p, modules)?)
        } else if let Some(p) = &self.call {
            Shape::Call(parse_path(p, modules)?, self.option.clone())
        } else if let Some(p) = &self.new {
            Shape::New(parse_path(p, modules)?, self.option.clone())
        } else if let Some(m) = &self.require {
            Shape::Require(builtin_id(m, modules).ok_or_else(|| format!("`{m}` is not a built-in module of any line"))?)
        } else if let Some(g) = &self.global {
            Shape::Global(name(g)?)
        } else if let Some(m) = &self.method {
            Shape::Method(name(m)?)
        } else if let Some(p) = &self.property {
            Shape::Property(name(p)?)
        } else {
            match self.syntax.as_deref() {
                Some("import-assert") => Shape::Syntax(Syntax::ImportAssert),
                Some("import-with") => Shape::Syntax(Syntax::ImportWith),
                other => return Err(format!("unknown syntax `{}` (import-assert, import-with)", other.unwrap_or(""))),
            }
        })
    }
}

/// A checked entry.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// As written.
    pub entry: PatternEntry,
    /// The matchers' shapes, in order.
    pub shapes: Vec<Shape>,
}

/// Parses and checks pattern data against `catalog`; every problem is listed.
pub fn load(text: &str, catalog: &Catalog) -> Result<Vec<Pattern>, Vec<String>> {
    let file: PatternFile = serde_yaml::from_str(text).map_err(|e| vec![format!("compat/patterns.yaml: {e}")])?;
    validate(&file, catalog)
}

/// The checks behind [`load`].
pub fn validate(file: &PatternFile, catalog: &Catalog) -> Result<Vec<Pattern>, Vec<String>> {
    let modules = known_modules(catalog);
    let deps: BTreeSet<&str> = catalog.deprecations().iter().map(|d| d.code.as_str()).collect();
    let apis: BTreeSet<&str> = catalog
        .lines()
        .iter()
        .flat_map(|l| l.data.added.iter().chain(&l.data.removed).chain(&l.data.flagged).map(|c| c.api.as_str()))
        .collect();
    let mut errors = Vec::new();
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    let mut unique = BTreeSet::new();
    for (i, entry) in file.patterns.iter().enumerate() {
        let at = format!("compat/patterns.yaml: patterns[{i}] ({})", entry.key());
        let keys = [&entry.dep, &entry.api, &entry.switch].iter().filter(|k| k.is_some()).count();
        if keys != 1 {
            errors.push(format!("{at}: needs exactly one of dep, api, switch"));
            continue;
        }
        if !unique.insert((entry.key().to_string(), entry.when.clone())) {
            errors.push(format!("{at}: duplicate key; merge the matchers into one entry"));
        }
        seen.insert(entry.key().to_string());
        if let Some(d) = &entry.dep {
            if !deps.contains(d.as_str()) {
                errors.push(format!("{at}: {d} is not in compat/deprecations.yaml"));
            }
        }
        if let Some(a) = &entry.api {
            if !apis.contains(a.as_str()) {
                errors.push(format!("{at}: API `{a}` is not an added/removed/flagged entry of any line"));
            }
        }
        if let Some(s) = &entry.switch {
            let values: BTreeSet<String> = catalog
                .lines()
                .iter()
                .filter_map(|l| l.data.switches.get(s).map(|sw| sw.value.to_string()))
                .collect();
            if values.is_empty() {
                errors.push(format!("{at}: switch `{s}` is not in any line"));
            }
            for w in &entry.when {
                if !values.contains(w) {
                    errors.push(format!("{at}: `{w}` is not a value switch `{s}` takes (values: {values:?})"));
                }
            }
        } else if !entry.when.is_empty() {
            errors.push(format!("{at}: `when` applies only to switch entries"));
        }
        if entry.matchers.is_empty() {
            errors.push(format!("{at}: no matchers"));
        }
        let mut shapes = Vec::new();
        for m in &entry.matchers {
            match m.shape(&modules) {
                Ok(s) => shapes.push(s),
                Err(e) => errors.push(format!("{at}: {e}")),
            }
        }
        out.push(Pattern { entry: entry.clone(), shapes });
    }
    let mut unscannable = BTreeSet::new();
    for u in &file.unscannable {
        if !deps.contains(u.dep.as_str()) {
            errors.push(format!("compat/patterns.yaml: unscannable {} is not in compat/deprecations.yaml", u.dep));
        }
        if u.reason.trim().is_empty() {
            errors.push(format!("compat/patterns.yaml: unscannable {} needs a reason", u.dep));
        }
        if seen.contains(&u.dep) {
            errors.push(format!("compat/patterns.yaml: {} has patterns and is also listed as unscannable", u.dep));
        }
        unscannable.insert(u.dep.clone());
    }
    for d in &deps {
        if !seen.contains(*d) && !unscannable.contains(*d) {
            errors.push(format!("compat/patterns.yaml: {d} has neither patterns nor an `unscannable` reason"));
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The embedded patterns, checked. The unit tests validate the file, so a
/// failure here is a broken build.
pub fn patterns() -> &'static [Pattern] {
    static PATTERNS: OnceLock<Vec<Pattern>> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        load(PATTERNS_YAML, nodus_compat::catalog())
            .unwrap_or_else(|e| panic!("compat/patterns.yaml is invalid:\n{}", e.join("\n")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_patterns_name_existing_entries() {
        if let Err(errors) = load(PATTERNS_YAML, nodus_compat::catalog()) {
            panic!("{}", errors.join("\n"));
        }
    }

    #[test]
    fn every_added_api_has_a_pattern() {
        let file: PatternFile = serde_yaml::from_str(PATTERNS_YAML).unwrap();
        let keyed: BTreeSet<&str> = file.patterns.iter().filter_map(|p| p.api.as_deref()).collect();
        for line in nodus_compat::catalog().lines() {
            for a in &line.data.added {
                assert!(keyed.contains(a.api.as_str()), "added API {} (line {}) has no pattern", a.api, line.major());
            }
        }
    }

    #[test]
    fn bad_entries_are_reported() {
        let text = "patterns:\n  - dep: DEP9999\n    match: [{call: util.isBoolean}]\n  - api: fs.nope\n    match: [{member: fs.nope}]\n  - switch: import_attributes_keyword\n    when: [sometimes]\n    match: [{syntax: import-maybe}]\n  - dep: DEP0005\n    match: [{call: Buffer, new: Buffer}]\n";
        let file: PatternFile = serde_yaml::from_str(text).unwrap();
        let errors = validate(&file, nodus_compat::catalog()).unwrap_err().join("\n");
        assert!(errors.contains("DEP9999 is not in compat/deprecations.yaml"), "{errors}");
        assert!(errors.contains("API `fs.nope`"), "{errors}");
        assert!(errors.contains("`sometimes` is not a value"), "{errors}");
        assert!(errors.contains("unknown syntax `import-maybe`"), "{errors}");
        assert!(errors.contains("exactly one of member"), "{errors}");
        assert!(errors.contains("DEP0040 has neither patterns"), "{errors}");
    }

    #[test]
    fn paths_fold_aliases() {
        let m = known_modules(nodus_compat::catalog());
        assert_eq!(parse_path("buffer.Buffer", &m).unwrap(), parse_path("Buffer", &m).unwrap());
        assert_eq!(parse_path("globalThis.Buffer.from", &m).unwrap().to_string(), "Buffer.from");
        assert_eq!(parse_path("fs.promises.rmdir", &m).unwrap().to_string(), "fs/promises.rmdir");
        assert_eq!(parse_path("node:util.isBoolean", &m).unwrap().root, Root::Module("util".into()));
        assert_eq!(parse_path("process.binding", &m).unwrap().root, Root::Global("process".into()));
        assert!(parse_path("util.is-x", &m).is_err());
    }
}
