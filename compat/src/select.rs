//! Choosing the release line: flag, environment, `engines.node`, `.nvmrc` /
//! `.node-version`, then the newest LTS.

use crate::load::{catalog, Catalog};
use crate::npm_range::NpmRange;
use crate::{CompatError, Date};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Where the chosen line came from, for `nodus compat` output and error messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Origin {
    /// `--compat <spec>`.
    Flag {
        /// As given.
        spec: String,
    },
    /// `NODUS_COMPAT=<spec>`.
    Env {
        /// As given.
        spec: String,
    },
    /// `engines.node` of a `package.json`.
    Engines {
        /// The `package.json`.
        path: PathBuf,
        /// The range.
        range: String,
    },
    /// `.nvmrc` or `.node-version`.
    VersionFile {
        /// The file.
        path: PathBuf,
        /// Its first meaningful line.
        spec: String,
    },
    /// Nothing asked for a line: the newest LTS on the day.
    DefaultLts,
}

/// The chosen line and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Selection {
    /// The Node major.
    pub line: u32,
    /// Why this line.
    pub origin: Origin,
}

impl Selection {
    /// The profile of the chosen line.
    pub fn profile(&self) -> crate::Profile {
        crate::Profile::for_line(self.line).expect("selection only yields shipped lines")
    }
}

/// Chooses the line, in order: `explicit` (`--compat`), `env` (`NODUS_COMPAT`),
/// the nearest `package.json` above `cwd` with `engines.node`, the nearest
/// `.nvmrc` / `.node-version`, then the newest LTS today.
pub fn select(explicit: Option<&str>, env: Option<&str>, cwd: &Path) -> Result<Selection, CompatError> {
    select_on(catalog(), explicit, env, cwd, Date::today())
}

/// [`select`] against a given catalog and day (for tests and reproducible tools).
pub fn select_on(
    catalog: &Catalog,
    explicit: Option<&str>,
    env: Option<&str>,
    cwd: &Path,
    today: Date,
) -> Result<Selection, CompatError> {
    if let Some(spec) = non_empty(explicit) {
        let line = resolve_spec(catalog, spec, today, "--compat")?;
        return Ok(Selection { line, origin: Origin::Flag { spec: spec.into() } });
    }
    if let Some(spec) = non_empty(env) {
        let line = resolve_spec(catalog, spec, today, "NODUS_COMPAT")?;
        return Ok(Selection { line, origin: Origin::Env { spec: spec.into() } });
    }
    if let Some((path, range)) = find_engines(cwd)? {
        let line = newest_satisfying(catalog, &range, &path)?;
        return Ok(Selection { line, origin: Origin::Engines { path, range } });
    }
    if let Some((path, spec)) = find_version_file(cwd)? {
        let line = resolve_spec(catalog, &spec, today, &path.display().to_string())?;
        return Ok(Selection { line, origin: Origin::VersionFile { path, spec } });
    }
    let line = newest_lts(catalog, today, 0)
        .ok_or_else(|| CompatError::NoLts { shipped: catalog.majors() })?;
    Ok(Selection { line, origin: Origin::DefaultLts })
}

/// The newest shipped line whose presented version satisfies the npm `range`.
pub fn newest_satisfying(catalog: &Catalog, range: &str, origin: &Path) -> Result<u32, CompatError> {
    let bad = |reason: String| CompatError::BadSpec {
        origin: origin.display().to_string(),
        spec: range.to_string(),
        reason,
    };
    // nvm-style aliases show up in `engines` too; npm would reject them, we are kinder.
    if range.trim().starts_with("lts/") || matches!(range.trim(), "node" | "latest" | "stable" | "current") {
        return resolve_spec(catalog, range.trim(), Date::today(), &origin.display().to_string());
    }
    let parsed = NpmRange::parse(range).map_err(|e| bad(e.0))?;
    catalog
        .lines()
        .iter()
        .rev()
        .find(|line| parsed.satisfies(&line.version))
        .map(|line| line.major())
        .ok_or_else(|| CompatError::NoLineSatisfies {
            range: range.to_string(),
            origin: origin.to_path_buf(),
            presented: catalog.lines().iter().map(|l| l.data.version.clone()).collect(),
        })
}

fn newest_lts(catalog: &Catalog, today: Date, back: usize) -> Option<u32> {
    catalog.lts_lines(today).get(back).copied()
}

fn non_empty(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// Resolves a line spec as `--compat`, `NODUS_COMPAT` and `.nvmrc` write it:
/// `22`, `v22`, `22.x`, `v20.11.1`, `lts/*`, `lts/-1`, `lts/iron`, `node`.
pub fn resolve_spec(catalog: &Catalog, spec: &str, today: Date, origin: &str) -> Result<u32, CompatError> {
    let spec = spec.trim();
    let bad = |reason: &str| CompatError::BadSpec { origin: origin.into(), spec: spec.into(), reason: reason.into() };
    let lower = spec.to_ascii_lowercase();
    if let Some(alias) = lower.strip_prefix("lts/") {
        let lts = catalog.lts_lines(today);
        return match alias {
            "*" => lts.first().copied().ok_or_else(|| CompatError::NoLts { shipped: catalog.majors() }),
            back if back.starts_with('-') => {
                let n: usize = back[1..].parse().map_err(|_| bad("expected lts/-N"))?;
                lts.get(n).copied().ok_or_else(|| bad("there are not that many LTS lines shipped"))
            }
            name => catalog
                .majors()
                .into_iter()
                .find(|m| catalog.codename(*m).is_some_and(|c| c.eq_ignore_ascii_case(name)))
                .ok_or_else(|| bad("no shipped line has that LTS codename")),
        };
    }
    if matches!(lower.as_str(), "node" | "latest" | "stable" | "current") {
        // nvm's `node` is the newest release, and an alpha is not a release.
        return catalog
            .lines()
            .iter()
            .rev()
            .find(|l| l.version.pre.is_empty())
            .map(|l| l.major())
            .ok_or_else(|| bad("no shipped line has a release version"));
    }
    let digits = lower.trim_start_matches('v');
    let major = digits.split('.').next().unwrap_or("");
    let major: u32 = major.parse().map_err(|_| bad("expected a major such as 22, a version such as v22.1.0, or lts/*"))?;
    catalog.line(major).map(|l| l.major()).map_err(|_| CompatError::UnknownLine {
        requested: spec.to_string(),
        shipped: catalog.majors(),
    })
}

/// The nearest `package.json` above `cwd` whose `engines.node` is a string.
fn find_engines(cwd: &Path) -> Result<Option<(PathBuf, String)>, CompatError> {
    for dir in cwd.ancestors() {
        let path = dir.join("package.json");
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        let json: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| CompatError::PackageJson { path: path.clone(), message: e.to_string() })?;
        if let Some(range) = json.pointer("/engines/node").and_then(|v| v.as_str()) {
            return Ok(Some((path, range.to_string())));
        }
    }
    Ok(None)
}

/// The nearest `.nvmrc` or `.node-version` above `cwd` (`.nvmrc` wins in one folder).
fn find_version_file(cwd: &Path) -> Result<Option<(PathBuf, String)>, CompatError> {
    for dir in cwd.ancestors() {
        for name in [".nvmrc", ".node-version"] {
            let path = dir.join(name);
            let Ok(text) = std::fs::read_to_string(&path) else { continue };
            let spec = text
                .lines()
                .map(|l| l.split('#').next().unwrap_or("").trim())
                .find(|l| !l.is_empty())
                .unwrap_or("")
                .to_string();
            if spec.is_empty() {
                return Err(CompatError::BadSpec { origin: path.display().to_string(), spec, reason: "the file names no version".into() });
            }
            return Ok(Some((path, spec)));
        }
    }
    Ok(None)
}
