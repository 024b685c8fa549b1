//! The shapes of `compat/lines/<major>.yaml` and `compat/deprecations.yaml`.
//!
//! Every struct rejects unknown keys, so a typo in the data is a build-time test
//! failure instead of a silently ignored fact.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// What justifies a change: Node's deprecation code, a nodus RFC, or both.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// Node's deprecation code, `DEPxxxx`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dep: Option<String>,
    /// A nodus RFC number, `0001` (compatibility layer) or `0002` (deprecation policy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rfc: Option<String>,
}

impl fmt::Display for Citation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.dep, &self.rfc) {
            (Some(d), Some(r)) => write!(f, "{d}, RFC {r}"),
            (Some(d), None) => f.write_str(d),
            (None, Some(r)) => write!(f, "RFC {r}"),
            (None, None) => f.write_str("uncited"),
        }
    }
}

/// One release line as nodus presents it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineData {
    /// The Node major, e.g. `22`.
    pub line: u32,
    /// `process.version`, e.g. `v22.23.3`.
    pub version: String,
    /// `process.versions` (string values, as Node reports them).
    pub versions: BTreeMap<String, String>,
    /// `process.release`.
    pub release: Release,
    /// Global names present by default, sorted.
    pub globals: Vec<String>,
    /// Built-in module ids `require` accepts, sorted; `node:`-only ones keep the prefix.
    pub modules: Vec<String>,
    /// Behaviour switches the built-ins read.
    pub switches: BTreeMap<String, Switch>,
    /// APIs this line has that the previous shipped line lacks.
    #[serde(default)]
    pub added: Vec<ApiChange>,
    /// APIs the previous shipped line has that this line lacks.
    #[serde(default)]
    pub removed: Vec<ApiChange>,
    /// APIs the engine of this line implements but exposes only behind a flag
    /// (each entry names it in `flag`): absent by default on this line and on
    /// every earlier one, until a line lists the API as `added`.
    #[serde(default)]
    pub flagged: Vec<ApiChange>,
    /// Features that print an `ExperimentalWarning` on this line.
    #[serde(default)]
    pub experimental: Vec<Experimental>,
}

/// `process.release`, with Node's key names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Release {
    /// Always `node`.
    pub name: String,
    /// LTS codename, absent while the presented version is not an LTS release.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lts: Option<String>,
    /// Tarball of the release's sources.
    pub source_url: String,
    /// Tarball of the release's headers.
    pub headers_url: String,
}

/// A behaviour switch: its value on this line and why it has it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Switch {
    /// The value the built-ins read.
    pub value: SwitchValue,
    /// The Node version that gave the switch this value.
    pub since: String,
    /// Node's deprecation code justifying it, `DEPxxxx`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dep: Option<String>,
    /// The nodus RFC justifying it, `0001`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rfc: Option<String>,
    /// One line for people.
    pub summary: String,
}

/// A switch value: a flag, a number or a mode name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SwitchValue {
    /// On or off.
    Bool(bool),
    /// A size, count or duration.
    Int(i64),
    /// A mode name.
    Text(String),
}

impl fmt::Display for SwitchValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SwitchValue::Bool(b) => write!(f, "{b}"),
            SwitchValue::Int(i) => write!(f, "{i}"),
            SwitchValue::Text(s) => f.write_str(s),
        }
    }
}

/// An API added or removed relative to the previous shipped line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiChange {
    /// The API, as user code spells it (`util.isBoolean`, `fs.glob`).
    pub api: String,
    /// The Node version that made the change.
    pub since: String,
    /// Node's deprecation code justifying it, `DEPxxxx`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dep: Option<String>,
    /// The nodus RFC justifying it, `0001`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rfc: Option<String>,
    /// The option that exposes the API (`--js-sum-precise`); `flagged` entries only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flag: Option<String>,
    /// One line for people.
    pub summary: String,
}

/// A feature that warns when used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Experimental {
    /// Short id, e.g. `sqlite`.
    pub feature: String,
    /// The `ExperimentalWarning` text, exactly as Node prints it.
    pub warning: String,
    /// The flag that enables the feature, when one is needed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flag: Option<String>,
    /// The Node version this state dates from.
    pub since: String,
    /// Node's deprecation code justifying it, `DEPxxxx`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dep: Option<String>,
    /// The nodus RFC justifying it, `0001`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rfc: Option<String>,
}

/// `compat/deprecations.yaml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeprecationFile {
    /// Sorted by code.
    pub deprecations: Vec<Deprecation>,
}

/// One DEP code and how its level moved across Node versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deprecation {
    /// `DEPxxxx`; it is also the citation.
    pub code: String,
    /// What is deprecated.
    pub api: String,
    /// The warning text Node prints, without the `[DEPxxxx] DeprecationWarning: ` prefix.
    pub message: String,
    /// A nodus RFC when nodus's handling needs more justification than the code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rfc: Option<String>,
    /// Level changes in version order.
    pub history: Vec<LevelChange>,
}

/// From `since` on, the deprecation has level `level`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelChange {
    /// A Node version.
    pub since: String,
    /// The level from that version on.
    #[serde(rename = "type")]
    pub level: Level,
    /// The warning text from that version on, when it changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// How loudly a deprecation speaks, in increasing order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Documentation only: silent.
    Doc,
    /// Warns only under `--pending-deprecation`.
    Pending,
    /// Warns at run time, except for code inside `node_modules`.
    Application,
    /// Warns at run time.
    Runtime,
    /// Removed (end of life).
    Eol,
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::Doc => "doc",
            Level::Pending => "pending",
            Level::Application => "application",
            Level::Runtime => "runtime",
            Level::Eol => "eol",
        })
    }
}

/// One entry of `releases/lines.yaml` (unknown keys ignored: the file is shared).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ScheduleEntry {
    /// Node major.
    pub major: u32,
    /// LTS codename, if any.
    #[serde(default)]
    pub codename: Option<String>,
    /// First Current release.
    pub start: String,
    /// Start of Active LTS, if the line becomes LTS.
    #[serde(default)]
    pub lts: Option<String>,
    /// Start of Maintenance LTS.
    #[serde(default)]
    pub maintenance: Option<String>,
    /// End of life.
    pub end: String,
}

/// The top of `releases/lines.yaml`.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct ScheduleFile {
    #[serde(default)]
    pub lines: Vec<ScheduleEntry>,
}

/// Entries that carry a `dep` / `rfc` pair.
pub trait Cited {
    /// The entry's citation.
    fn cite(&self) -> Citation;
}

macro_rules! cited {
    ($($t:ty),*) => {$(
        impl Cited for $t {
            fn cite(&self) -> Citation {
                Citation { dep: self.dep.clone(), rfc: self.rfc.clone() }
            }
        }
    )*};
}
cited!(Switch, ApiChange, Experimental);
