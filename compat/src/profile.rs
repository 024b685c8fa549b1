//! The object the bootstrap JS receives, frozen, for the chosen line.

use crate::load::{catalog, Catalog, Line};
use crate::model::{Experimental, Level, Release, SwitchValue};
use crate::CompatError;
use serde::Serialize;
use std::collections::BTreeMap;

/// Everything the built-ins need to know about the line they present.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profile {
    /// The Node major.
    pub line: u32,
    /// `process.version`.
    pub version: String,
    /// `process.versions`.
    pub versions: BTreeMap<String, String>,
    /// `process.release`.
    pub release: Release,
    /// Globals present by default, sorted.
    pub globals: Vec<String>,
    /// Built-in module ids, sorted.
    pub modules: Vec<String>,
    /// Switch name to value.
    pub switches: BTreeMap<String, SwitchValue>,
    /// DEP code to its level and message on this line (codes not yet deprecated are absent).
    pub deprecations: BTreeMap<String, DeprecationState>,
    /// Features that print an `ExperimentalWarning`.
    pub experimental: Vec<Experimental>,
    /// APIs this line lacks, as `added` / `removed` entries spell them
    /// (`util.isBoolean`, `Promise.try`, `fs.Dirent.prototype.path`): removed by
    /// this or an earlier shipped line, or added only by a later one. Sorted.
    pub absent_apis: Vec<String>,
    /// APIs of `absent_apis` the engine has behind an option on this line: API
    /// to option (`Math.sumPrecise` -> `--js-sum-precise`); given that option,
    /// the runtime keeps the API.
    pub flagged_apis: BTreeMap<String, String>,
    /// Globals some other shipped line has and this one lacks (the runtime hides them). Sorted.
    pub absent_globals: Vec<String>,
    /// Module ids some other shipped line has and this one lacks (`require` fails). Sorted.
    pub absent_modules: Vec<String>,
    /// Every DEP code the catalog knows, deprecated on this line or not yet. Sorted.
    pub known_deprecations: Vec<String>,
}

/// A deprecation as one line applies it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeprecationState {
    /// The level.
    #[serde(rename = "type")]
    pub level: Level,
    /// The warning text.
    pub message: String,
}

impl Profile {
    /// The profile of a shipped line.
    pub fn for_line(major: u32) -> Result<Profile, CompatError> {
        let catalog = catalog();
        Ok(Profile::build(catalog, catalog.line(major)?))
    }

    /// Builds the profile of `line` from `catalog`.
    pub fn build(catalog: &Catalog, line: &Line) -> Profile {
        let data = &line.data;
        let deprecations = catalog
            .deprecations()
            .iter()
            .filter_map(|dep| {
                catalog
                    .deprecation_state(dep, line)
                    .map(|(level, message)| (dep.code.clone(), DeprecationState { level, message }))
            })
            .collect();
        Profile {
            line: data.line,
            version: data.version.clone(),
            versions: data.versions.clone(),
            release: data.release.clone(),
            globals: data.globals.clone(),
            modules: data.modules.clone(),
            switches: data.switches.iter().map(|(k, s)| (k.clone(), s.value.clone())).collect(),
            deprecations,
            experimental: data.experimental.clone(),
            absent_apis: absent_apis(catalog, data.line),
            flagged_apis: flagged_apis(catalog, data.line),
            absent_globals: absent_from(catalog, &data.globals, |l| &l.globals),
            absent_modules: absent_from(catalog, &data.modules, |l| &l.modules),
            known_deprecations: catalog.deprecations().iter().map(|d| d.code.clone()).collect(),
        }
    }

    /// The profile as JSON, ready to hand to the bootstrap.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("profile is plain data")
    }
}

/// Names listed by some shipped line (`pick`) that `own` lacks.
fn absent_from(catalog: &Catalog, own: &[String], pick: impl Fn(&crate::LineData) -> &Vec<String>) -> Vec<String> {
    let mut absent = std::collections::BTreeSet::new();
    for line in catalog.lines() {
        for name in pick(&line.data) {
            if !own.contains(name) {
                absent.insert(name.clone());
            }
        }
    }
    absent.into_iter().collect()
}

/// The `flagged` entries of `major` and earlier lines that no line up to
/// `major` has since `added`: API to option.
fn flagged_apis(catalog: &Catalog, major: u32) -> BTreeMap<String, String> {
    let mut flagged = BTreeMap::new();
    for line in catalog.lines().iter().filter(|l| l.data.line <= major) {
        for change in &line.data.flagged {
            if let Some(flag) = &change.flag {
                flagged.insert(change.api.clone(), flag.clone());
            }
        }
        for change in &line.data.added {
            flagged.remove(&change.api);
        }
    }
    flagged
}

/// Replays the shipped lines' `added` / `removed` / `flagged` lists in order:
/// what `major` lacks is what was removed or flagged up to it and not
/// (re-)added, plus what later lines add or flag.
fn absent_apis(catalog: &Catalog, major: u32) -> Vec<String> {
    let mut absent = std::collections::BTreeSet::new();
    for line in catalog.lines() {
        let data = &line.data;
        if data.line <= major {
            for change in data.removed.iter().chain(&data.flagged) {
                absent.insert(change.api.clone());
            }
            for change in &data.added {
                absent.remove(&change.api);
            }
        } else {
            for change in data.added.iter().chain(&data.flagged) {
                absent.insert(change.api.clone());
            }
        }
    }
    absent.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_resolve_deprecation_levels_per_line() {
        let p20 = Profile::for_line(20).unwrap();
        let p24 = Profile::for_line(24).unwrap();
        assert_eq!(p20.version, "v20.20.2");
        assert_eq!(p20.deprecations["DEP0005"].level, Level::Application);
        assert!(p20.deprecations["DEP0045"].level < Level::Runtime);
        assert_eq!(p24.deprecations["DEP0045"].level, Level::Eol);
        assert!(!p20.globals.contains(&"navigator".to_string()));
        assert!(p24.globals.contains(&"navigator".to_string()));
        assert!(!p20.absent_apis.contains(&"util.isBoolean".to_string()));
        assert!(p24.absent_apis.contains(&"util.isBoolean".to_string()));
        assert!(p20.absent_apis.contains(&"Promise.try".to_string()));
        assert!(!p24.absent_apis.contains(&"Promise.try".to_string()));
        assert!(p20.absent_globals.contains(&"navigator".to_string()));
        assert!(!p24.absent_globals.contains(&"navigator".to_string()));
        assert!(p20.absent_modules.contains(&"node:sqlite".to_string()));
        assert!(p20.known_deprecations.contains(&"DEP0190".to_string()));
    }

    #[test]
    fn profile_json_has_the_documented_shape() {
        let json: serde_json::Value = serde_json::from_str(&Profile::for_line(22).unwrap().to_json()).unwrap();
        for key in ["line", "version", "versions", "release", "globals", "modules", "switches", "deprecations"] {
            assert!(json.get(key).is_some(), "missing {key}");
        }
        assert_eq!(json["release"]["lts"], "Jod");
        assert!(json["release"]["sourceUrl"].as_str().unwrap().ends_with(".tar.gz"));
        assert_eq!(json["deprecations"]["DEP0005"]["type"], "application");
    }

    #[test]
    fn unknown_line_lists_shipped_lines() {
        let err = Profile::for_line(19).unwrap_err().to_string();
        assert!(err.contains("18, 20, 22, 24, 26, 27"), "{err}");
    }
}
