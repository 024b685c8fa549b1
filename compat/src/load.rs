//! Embedding, parsing and validating the compat data.

use crate::model::{Cited, Deprecation, DeprecationFile, Level, LineData, ScheduleEntry, ScheduleFile};
use crate::{CompatError, Date};
use semver::Version;
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// The lines this binary ships, oldest first.
pub const SHIPPED_LINES: [u32; 6] = [18, 20, 22, 24, 26, 27];

/// The data compiled into the binary, so it runs without the source tree. The
/// YAML is turned into JSON by `build.rs`: parsing YAML at every start-up cost
/// nodus about 5 ms, JSON a fraction of that.
const EMBEDDED_LINES: [(&str, &str); 6] = [
    ("lines/18.yaml", include_str!(concat!(env!("OUT_DIR"), "/lines/18.json"))),
    ("lines/20.yaml", include_str!(concat!(env!("OUT_DIR"), "/lines/20.json"))),
    ("lines/22.yaml", include_str!(concat!(env!("OUT_DIR"), "/lines/22.json"))),
    ("lines/24.yaml", include_str!(concat!(env!("OUT_DIR"), "/lines/24.json"))),
    ("lines/26.yaml", include_str!(concat!(env!("OUT_DIR"), "/lines/26.json"))),
    ("lines/27.yaml", include_str!(concat!(env!("OUT_DIR"), "/lines/27.json"))),
];
const EMBEDDED_DEPRECATIONS: &str = include_str!(concat!(env!("OUT_DIR"), "/deprecations.json"));
const EMBEDDED_SCHEDULE: &str = include_str!(concat!(env!("OUT_DIR"), "/release_lines.json"));

/// How a source text is written.
#[derive(Clone, Copy)]
enum Format {
    Yaml,
    /// The build-time JSON form of the same YAML.
    Json,
}

fn parse<T: serde::de::DeserializeOwned>(format: Format, file: &str, text: &str) -> Result<T, CompatError> {
    let parsed = match format {
        Format::Yaml => serde_yaml::from_str(text).map_err(|e| e.to_string()),
        Format::Json => serde_json::from_str(text).map_err(|e| e.to_string()),
    };
    parsed.map_err(|message| CompatError::Parse { file: file.to_string(), message })
}

/// A validated release line.
#[derive(Debug, Clone)]
pub struct Line {
    /// The data as written.
    pub data: LineData,
    /// `data.version` parsed.
    pub version: Version,
}

impl Line {
    /// The Node major.
    pub fn major(&self) -> u32 {
        self.data.line
    }
}

/// All compat data, validated.
#[derive(Debug, Clone)]
pub struct Catalog {
    lines: Vec<Line>,
    deprecations: Vec<Deprecation>,
    schedule: Vec<ScheduleEntry>,
}

/// The embedded catalog. The data is checked by this crate's tests, so a failure
/// here means a broken build, not bad user input.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        Catalog::from_format(Format::Json, &EMBEDDED_LINES, EMBEDDED_DEPRECATIONS, EMBEDDED_SCHEDULE)
            .unwrap_or_else(|e| panic!("embedded compat data is invalid: {e}"))
    })
}

fn invalid(file: &str, message: impl Into<String>) -> CompatError {
    CompatError::Invalid { file: file.to_string(), message: message.into() }
}

impl Catalog {
    /// Parses and validates data given as `(file name, text)` pairs, the
    /// deprecations file and `releases/lines.yaml` (may be empty).
    pub fn from_sources(
        lines: &[(&str, &str)],
        deprecations: &str,
        schedule: &str,
    ) -> Result<Catalog, CompatError> {
        Self::from_format(Format::Yaml, lines, deprecations, schedule)
    }

    fn from_format(
        format: Format,
        lines: &[(&str, &str)],
        deprecations: &str,
        schedule: &str,
    ) -> Result<Catalog, CompatError> {
        let mut parsed = Vec::new();
        for (file, text) in lines {
            let data: LineData = parse(format, file, text)?;
            parsed.push(validate_line(file, data)?);
        }
        parsed.sort_by_key(Line::major);
        let majors: Vec<u32> = parsed.iter().map(Line::major).collect();
        if majors != SHIPPED_LINES {
            return Err(invalid("compat/lines", format!("expected lines {SHIPPED_LINES:?}, found {majors:?}")));
        }
        check_line_relations(&parsed)?;
        let file: DeprecationFile = parse(format, "deprecations.yaml", deprecations)?;
        validate_deprecations(&file.deprecations)?;
        Ok(Catalog { lines: parsed, deprecations: file.deprecations, schedule: parse_schedule(format, schedule)? })
    }

    /// Shipped lines, oldest first.
    pub fn lines(&self) -> &[Line] {
        &self.lines
    }

    /// One shipped line, or the error listing the shipped ones.
    pub fn line(&self, major: u32) -> Result<&Line, CompatError> {
        self.lines
            .iter()
            .find(|l| l.major() == major)
            .ok_or_else(|| CompatError::UnknownLine { requested: major.to_string(), shipped: self.majors() })
    }

    /// Shipped majors, oldest first.
    pub fn majors(&self) -> Vec<u32> {
        self.lines.iter().map(Line::major).collect()
    }

    /// Every deprecation code, sorted.
    pub fn deprecations(&self) -> &[Deprecation] {
        &self.deprecations
    }

    /// `releases/lines.yaml` entries (empty when the file was absent at build time).
    pub fn schedule(&self) -> &[ScheduleEntry] {
        &self.schedule
    }

    /// The level and message of `dep` on `line`, or `None` before its first entry.
    pub fn deprecation_state(&self, dep: &Deprecation, line: &Line) -> Option<(Level, String)> {
        let mut state = None;
        let mut message = dep.message.clone();
        for change in &dep.history {
            let since = Version::parse(&change.since).expect("validated");
            if since > line.version {
                break;
            }
            if let Some(m) = &change.message {
                message = m.clone();
            }
            state = Some(change.level);
        }
        state.map(|level| (level, message))
    }

    /// The LTS codename of a line, from the schedule or, failing that, the line's
    /// own `release.lts`.
    pub fn codename(&self, major: u32) -> Option<String> {
        self.schedule
            .iter()
            .find(|s| s.major == major)
            .and_then(|s| s.codename.clone())
            .or_else(|| self.line(major).ok().and_then(|l| l.data.release.lts.clone()))
    }

    /// Shipped lines that are LTS on `today`, newest first. Uses the schedule
    /// when present; without it, a line counts as LTS when its presented version
    /// is an LTS release.
    pub fn lts_lines(&self, today: Date) -> Vec<u32> {
        let mut out: Vec<u32> = self
            .lines
            .iter()
            .filter(|line| match self.schedule.iter().find(|s| s.major == line.major()) {
                Some(s) if !self.schedule.is_empty() => {
                    let from = s.lts.as_deref().and_then(|d| Date::parse(d).ok());
                    let end = Date::parse(&s.end).ok();
                    matches!((from, end), (Some(f), Some(e)) if f <= today && today < e)
                }
                _ => self.schedule.is_empty() && line.data.release.lts.is_some(),
            })
            .map(Line::major)
            .collect();
        out.reverse();
        out
    }
}

fn parse_schedule(format: Format, text: &str) -> Result<Vec<ScheduleEntry>, CompatError> {
    if text.trim().is_empty() || text.trim() == "null" {
        return Ok(vec![]);
    }
    let file: ScheduleFile = parse(format, "releases/lines.yaml", text)?;
    for entry in &file.lines {
        let dates = [Some(&entry.start), entry.lts.as_ref(), entry.maintenance.as_ref(), Some(&entry.end)];
        for date in dates.into_iter().flatten() {
            Date::parse(date).map_err(|e| invalid("releases/lines.yaml", format!("line {}: {e}", entry.major)))?;
        }
    }
    Ok(file.lines)
}

fn parse_version(file: &str, what: &str, text: &str) -> Result<Version, CompatError> {
    Version::parse(text).map_err(|e| invalid(file, format!("{what}: '{text}' is not a version: {e}")))
}

fn check_citation(file: &str, what: &str, item: &impl Cited) -> Result<(), CompatError> {
    let cite = item.cite();
    if cite.dep.is_none() && cite.rfc.is_none() {
        return Err(invalid(file, format!("{what} cites neither `dep` nor `rfc`")));
    }
    if let Some(dep) = &cite.dep {
        check_dep_code(file, dep)?;
    }
    if let Some(rfc) = &cite.rfc {
        check_rfc(file, rfc)?;
    }
    Ok(())
}

fn check_dep_code(file: &str, code: &str) -> Result<(), CompatError> {
    let digits = code.strip_prefix("DEP").unwrap_or("");
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid(file, format!("'{code}' is not a DEPxxxx code")));
    }
    Ok(())
}

fn check_rfc(file: &str, rfc: &str) -> Result<(), CompatError> {
    if rfc.len() != 4 || !rfc.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid(file, format!("'{rfc}' is not an RFC number like 0001")));
    }
    Ok(())
}

fn check_sorted_unique(file: &str, what: &str, items: &[String]) -> Result<(), CompatError> {
    if let Some(pair) = items.windows(2).find(|w| w[0] >= w[1]) {
        return Err(invalid(file, format!("{what} must be sorted and unique: '{}' before '{}'", pair[0], pair[1])));
    }
    Ok(())
}

fn validate_line(file: &str, data: LineData) -> Result<Line, CompatError> {
    let version = parse_version(file, "version", data.version.strip_prefix('v').unwrap_or("missing 'v'"))?;
    if version.major != u64::from(data.line) {
        return Err(invalid(file, format!("version {} is not on line {}", data.version, data.line)));
    }
    let expected_name = format!("{}.yaml", data.line);
    if !file.ends_with(&expected_name) {
        return Err(invalid(file, format!("line {} must live in {expected_name}", data.line)));
    }
    if data.versions.get("node").map(String::as_str) != Some(&data.version[1..]) {
        return Err(invalid(file, "versions.node must equal version without the 'v'"));
    }
    for key in ["v8", "uv", "modules", "napi", "openssl", "zlib"] {
        if !data.versions.contains_key(key) {
            return Err(invalid(file, format!("versions.{key} is missing")));
        }
    }
    for key in ["modules", "napi"] {
        if data.versions[key].parse::<u32>().is_err() {
            return Err(invalid(file, format!("versions.{key} must be a number")));
        }
    }
    if data.release.name != "node" {
        return Err(invalid(file, "release.name must be 'node'"));
    }
    for url in [&data.release.source_url, &data.release.headers_url] {
        if !url.contains(&data.version) {
            return Err(invalid(file, format!("release URL {url} does not name {}", data.version)));
        }
    }
    check_sorted_unique(file, "globals", &data.globals)?;
    check_sorted_unique(file, "modules", &data.modules)?;
    for (name, switch) in &data.switches {
        check_citation(file, &format!("switch {name}"), switch)?;
        let since = parse_version(file, &format!("switch {name}.since"), &switch.since)?;
        if since > version {
            return Err(invalid(file, format!("switch {name} dates from {since}, after {version}")));
        }
    }
    for change in data.added.iter().chain(&data.removed) {
        check_citation(file, &format!("change {}", change.api), change)?;
        parse_version(file, &format!("change {}.since", change.api), &change.since)?;
        if change.flag.is_some() {
            return Err(invalid(file, format!("change {}: only `flagged` entries name a flag", change.api)));
        }
    }
    for change in &data.flagged {
        check_citation(file, &format!("flagged {}", change.api), change)?;
        let since = parse_version(file, &format!("flagged {}.since", change.api), &change.since)?;
        if since > version {
            return Err(invalid(file, format!("flagged {} dates from {since}, after {version}", change.api)));
        }
        if !change.flag.as_deref().is_some_and(|f| f.starts_with("--")) {
            return Err(invalid(file, format!("flagged {} needs `flag: --<option>`", change.api)));
        }
    }
    for exp in &data.experimental {
        check_citation(file, &format!("experimental {}", exp.feature), exp)?;
        parse_version(file, &format!("experimental {}.since", exp.feature), &exp.since)?;
    }
    Ok(Line { data, version })
}

/// Rules across lines: every line has the same switches, and a change is
/// recorded on the first shipped line that has it.
fn check_line_relations(lines: &[Line]) -> Result<(), CompatError> {
    let keys: BTreeSet<&String> = lines[0].data.switches.keys().collect();
    for pair in lines.windows(2) {
        let (prev, line) = (&pair[0], &pair[1]);
        let file = format!("lines/{}.yaml", line.major());
        if line.data.switches.keys().collect::<BTreeSet<_>>() != keys {
            return Err(invalid(&file, "every line must define the same switches as line 18"));
        }
        for change in line.data.added.iter().chain(&line.data.removed) {
            let major = Version::parse(&change.since).expect("validated").major;
            if major <= u64::from(prev.major()) || major > u64::from(line.major()) {
                return Err(invalid(
                    &file,
                    format!("{} changed in {}, which is not between line {} and line {}", change.api, change.since, prev.major(), line.major()),
                ));
            }
        }
    }
    Ok(())
}

fn validate_deprecations(deps: &[Deprecation]) -> Result<(), CompatError> {
    let file = "deprecations.yaml";
    let codes: Vec<String> = deps.iter().map(|d| d.code.clone()).collect();
    check_sorted_unique(file, "deprecation codes", &codes)?;
    for dep in deps {
        check_dep_code(file, &dep.code)?;
        if let Some(rfc) = &dep.rfc {
            check_rfc(file, rfc)?;
        }
        if dep.message.trim().is_empty() {
            return Err(invalid(file, format!("{} has an empty message", dep.code)));
        }
        if dep.history.is_empty() {
            return Err(invalid(file, format!("{} has no history", dep.code)));
        }
        let mut previous: Option<Version> = None;
        for change in &dep.history {
            let since = parse_version(file, &format!("{}.since", dep.code), &change.since)?;
            if previous.as_ref().is_some_and(|p| p >= &since) {
                return Err(invalid(file, format!("{} history must be in increasing version order", dep.code)));
            }
            previous = Some(since);
        }
    }
    Ok(())
}

/// The YAML as written, which the tests validate and mutate.
#[cfg(test)]
pub(crate) const YAML_LINES: [(&str, &str); 6] = [
    ("lines/18.yaml", include_str!("../lines/18.yaml")),
    ("lines/20.yaml", include_str!("../lines/20.yaml")),
    ("lines/22.yaml", include_str!("../lines/22.yaml")),
    ("lines/24.yaml", include_str!("../lines/24.yaml")),
    ("lines/26.yaml", include_str!("../lines/26.yaml")),
    ("lines/27.yaml", include_str!("../lines/27.yaml")),
];
#[cfg(test)]
pub(crate) const YAML_DEPRECATIONS: &str = include_str!("../deprecations.yaml");

#[cfg(test)]
pub(crate) mod tests_support {
    use super::*;

    /// A `releases/lines.yaml` excerpt with Node's dates.
    pub(crate) const FIXTURE: &str = "lines:\n  - {major: 20, codename: Iron, start: 2023-04-18, lts: 2023-10-24, maintenance: 2024-10-22, end: 2026-04-30}\n  - {major: 24, codename: Krypton, start: 2025-05-06, lts: 2025-10-28, maintenance: 2026-10-20, end: 2028-04-30}\n  - {major: 26, codename: null, start: 2026-04-22, lts: 2026-10-28, maintenance: 2027-10-20, end: 2029-04-30}\n  - {major: 27, codename: null, alpha: 2026-10-20, start: 2027-04-20, lts: 2027-10-26, end: 2030-04-30}\n";

    #[test]
    fn embedded_json_matches_the_yaml() {
        let yaml = Catalog::from_sources(&YAML_LINES, YAML_DEPRECATIONS, "").unwrap();
        let json = catalog();
        assert_eq!(format!("{:?}", yaml.lines()), format!("{:?}", json.lines()));
        assert_eq!(format!("{:?}", yaml.deprecations()), format!("{:?}", json.deprecations()));
    }

    /// The embedded lines and deprecations with another schedule.
    pub(crate) fn catalog_with_schedule(schedule: &str) -> Catalog {
        Catalog::from_sources(&YAML_LINES, YAML_DEPRECATIONS, schedule).unwrap()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_data_is_valid() {
        let catalog = catalog();
        assert_eq!(catalog.majors(), SHIPPED_LINES);
        assert!(catalog.deprecations().len() >= 40, "only {} deprecations", catalog.deprecations().len());
    }

    fn with_line(replace: (&str, &str)) -> Result<Catalog, CompatError> {
        let lines: Vec<(&str, String)> = YAML_LINES
            .iter()
            .map(|(f, t)| (*f, if *f == "lines/22.yaml" { t.replacen(replace.0, replace.1, 1) } else { t.to_string() }))
            .collect();
        let refs: Vec<(&str, &str)> = lines.iter().map(|(f, t)| (*f, t.as_str())).collect();
        Catalog::from_sources(&refs, YAML_DEPRECATIONS, "")
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let err = with_line(("globals:", "colour: blue\nglobals:")).unwrap_err();
        assert!(err.to_string().contains("unknown field `colour`"), "{err}");
    }

    #[test]
    fn uncited_changes_are_rejected() {
        let err = with_line(("    rfc: \"0001\"\n", "")).unwrap_err();
        assert!(err.to_string().contains("cites neither"), "{err}");
    }

    #[test]
    fn bad_versions_are_rejected() {
        let err = with_line(("version: v22.", "version: v22.x")).unwrap_err();
        assert!(err.to_string().contains("not a version"), "{err}");
    }

    #[test]
    fn missing_lines_are_rejected() {
        let err = Catalog::from_sources(&YAML_LINES[..5], YAML_DEPRECATIONS, "").unwrap_err();
        assert!(err.to_string().contains("expected lines"), "{err}");
    }

    #[test]
    fn deprecations_must_be_sorted_and_unique() {
        let swapped = "deprecations:\n  - code: DEP0040\n    api: a\n    message: m\n    history: [{since: 7.0.0, type: doc}]\n  - code: DEP0005\n    api: b\n    message: m\n    history: [{since: 6.0.0, type: doc}]\n";
        let err = Catalog::from_sources(&YAML_LINES, swapped, "").unwrap_err();
        assert!(err.to_string().contains("sorted and unique"), "{err}");
        let dup = swapped.replace("DEP0040", "DEP0005");
        assert!(Catalog::from_sources(&YAML_LINES, &dup, "").is_err());
    }

    #[test]
    fn schedule_ignores_unknown_keys() {
        let yaml = "bake_days: 14\nlines:\n  - major: 26\n    codename: Lithium\n    start: 2026-04-22\n    lts: 2026-10-28\n    maintenance: 2027-10-20\n    end: 2029-04-30\n    extra: 1\n";
        let entries = parse_schedule(Format::Yaml, yaml).unwrap();
        assert_eq!(entries[0].codename.as_deref(), Some("Lithium"));
    }
}
