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
        let line = newest_satisfying(catalog, &range, &path, today)?;
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
pub fn newest_satisfying(catalog: &Catalog, range: &str, origin: &Path, today: Date) -> Result<u32, CompatError> {
    let bad = |reason: String| CompatError::BadSpec {
        origin: origin.display().to_string(),
        spec: range.to_string(),
        reason,
    };
    // nvm-style aliases show up in `engines` too; npm would reject them, we are kinder.
    if range.trim().starts_with("lts/") || matches!(range.trim(), "node" | "latest" | "stable" | "current") {
        return resolve_spec(catalog, range.trim(), today, &origin.display().to_string());
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::tests_support::{catalog_with_schedule, FIXTURE};
    use proptest::prelude::*;
    use std::fs;

    fn day() -> Date {
        Date::parse("2026-11-24").unwrap()
    }

    /// A fresh folder under the system temp dir (no tempfile crate needed).
    fn project(files: &[(&str, &str)]) -> PathBuf {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir()
            .join(format!("nodus-compat-{}-{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst)))
            .join("app");
        fs::create_dir_all(&dir).unwrap();
        for (name, text) in files {
            fs::write(dir.join(name), text).unwrap();
        }
        dir
    }

    fn pick(files: &[(&str, &str)], explicit: Option<&str>, env: Option<&str>) -> Result<Selection, CompatError> {
        select_on(&catalog_with_schedule(FIXTURE), explicit, env, &project(files), day())
    }

    fn engines(range: &str) -> String {
        format!("{{\"name\":\"x\",\"engines\":{{\"node\":{range:?}}}}}")
    }

    #[test]
    fn order_is_flag_env_engines_version_file_lts() {
        let pkg = engines("^20");
        let files = [("package.json", pkg.as_str()), (".nvmrc", "22\n")];
        assert_eq!(pick(&files, Some("24"), Some("18")).unwrap().line, 24);
        assert_eq!(pick(&files, None, Some("18")).unwrap().origin, Origin::Env { spec: "18".into() });
        assert_eq!(pick(&files, None, None).unwrap().line, 20);
        assert_eq!(pick(&[(".nvmrc", "22\n")], None, None).unwrap().line, 22);
        let default = pick(&[], None, Some("  ")).unwrap();
        assert_eq!((default.line, default.origin), (26, Origin::DefaultLts));
    }

    #[test]
    fn engines_pick_the_newest_satisfying_line() {
        for (range, line) in [(">=18 <21", 20), ("^20 || ^22", 22), ("20.x", 20), (">=18", 26), ("*", 26), (">=27.0.0-alpha.0", 27), ("lts/*", 26)] {
            let pkg = engines(range);
            assert_eq!(pick(&[("package.json", &pkg)], None, None).unwrap().line, line, "{range}");
        }
        let pkg = engines(">=28");
        let err = pick(&[("package.json", &pkg)], None, None).unwrap_err().to_string();
        assert!(err.contains(">=28") && err.contains("v26.10.0"), "{err}");
    }

    #[test]
    fn package_json_without_engines_falls_through() {
        let files = [("package.json", "{\"name\":\"x\"}"), (".node-version", "v20.11.1\n")];
        assert_eq!(pick(&files, None, None).unwrap().line, 20);
    }

    #[test]
    fn version_file_aliases() {
        for (spec, line) in [("lts/iron", 20), ("lts/*", 26), ("lts/-1", 24), ("node", 26), ("v22.1.0", 22), ("# pinned\n24\n", 24)] {
            assert_eq!(pick(&[(".nvmrc", spec)], None, None).unwrap().line, line, "{spec}");
        }
        assert!(pick(&[(".nvmrc", "lts/argon")], None, None).is_err());
    }

    #[test]
    fn unshipped_lines_are_a_clear_error() {
        let err = pick(&[], Some("19"), None).unwrap_err().to_string();
        assert_eq!(err, "nodus does not ship Node 19; shipped lines: 18, 20, 22, 24, 26, 27");
        assert!(pick(&[], Some("banana"), None).unwrap_err().to_string().contains("expected a major"));
    }

    #[test]
    fn without_a_schedule_lts_comes_from_the_presented_release() {
        let catalog = catalog_with_schedule("");
        let chosen = select_on(&catalog, None, None, &project(&[]), day()).unwrap();
        assert_eq!(chosen.line, 24, "26 presents a Current release, so 24 is the newest LTS");
    }

    /// A range grammar small enough to evaluate without the parser: the oracle.
    #[derive(Debug, Clone)]
    enum Term {
        AtLeast(u64),
        Below(u64),
        Caret(u64, u64),
        Tilde(u64, u64),
        Major(u64),
        Hyphen(u64, u64),
    }

    impl Term {
        fn render(&self) -> String {
            match self {
                Term::AtLeast(m) => format!(">={m}"),
                Term::Below(m) => format!("< {m}.0.0"),
                Term::Caret(m, n) => format!("^{m}.{n}"),
                Term::Tilde(m, n) => format!("~{m}.{n}.0"),
                Term::Major(m) => format!("{m}.x"),
                Term::Hyphen(a, b) => format!("{a} - {b}"),
            }
        }
        fn holds(&self, v: &semver::Version) -> bool {
            let (major, minor) = (v.major, v.minor);
            match *self {
                Term::AtLeast(m) => major >= m,
                Term::Below(m) => major < m,
                Term::Caret(m, n) => major == m && minor >= n,
                Term::Tilde(m, n) => major == m && minor == n,
                Term::Major(m) => major == m,
                Term::Hyphen(a, b) => major >= a && major <= b,
            }
        }
    }

    fn term() -> impl Strategy<Value = Term> {
        let major = 16u64..30;
        prop_oneof![
            major.clone().prop_map(Term::AtLeast),
            major.clone().prop_map(Term::Below),
            (major.clone(), 0u64..25).prop_map(|(m, n)| Term::Caret(m, n)),
            (major.clone(), 0u64..25).prop_map(|(m, n)| Term::Tilde(m, n)),
            major.clone().prop_map(Term::Major),
            (major.clone(), major).prop_map(|(a, b)| Term::Hyphen(a.min(b), a.max(b))),
        ]
    }

    proptest! {
        #[test]
        fn selection_is_the_newest_line_satisfying_the_range(
            alternatives in prop::collection::vec(prop::collection::vec(term(), 1..3), 1..3)
        ) {
            let catalog = catalog_with_schedule(FIXTURE);
            let range = alternatives
                .iter()
                .map(|set| set.iter().map(Term::render).collect::<Vec<_>>().join(" "))
                .collect::<Vec<_>>()
                .join(" || ");
            // Hyphens cannot share a set with other terms in npm's grammar.
            prop_assume!(alternatives.iter().all(|s| s.len() == 1 || !s.iter().any(|t| matches!(t, Term::Hyphen(..)))));
            let expected = catalog
                .lines()
                .iter()
                .rev()
                .find(|l| l.version.pre.is_empty() && alternatives.iter().any(|set| set.iter().all(|t| t.holds(&l.version))))
                .map(|l| l.major());
            let got = newest_satisfying(&catalog, &range, Path::new("package.json"), day());
            match expected {
                Some(line) => prop_assert_eq!(got.unwrap(), line, "{}", range),
                None => prop_assert!(matches!(got, Err(CompatError::NoLineSatisfies { .. })), "{}: {:?}", range, got),
            }
        }
    }
}
