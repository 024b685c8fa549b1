//! Release-line compatibility data for nodus: which Node line the runtime
//! presents, and everything that differs between lines.
//!
//! The data lives in `compat/lines/<major>.yaml` (one file per shipped line) and
//! `compat/deprecations.yaml`; both are compiled in with `include_str!` and
//! validated by this crate's tests (unknown keys, versions, citations, order).
//! `releases/lines.yaml` supplies LTS dates when it exists at build time.
//!
//! # API
//!
//! - [`select`]`(explicit, env, cwd) -> Result<Selection, CompatError>`: picks the
//!   line from `--compat`, then `NODUS_COMPAT`, then the nearest `package.json`
//!   with `engines.node` (newest shipped line whose presented version satisfies
//!   the npm range), then the nearest `.nvmrc` / `.node-version` (`22`,
//!   `v20.11.1`, `lts/*`, `lts/iron`, `node`), then the newest LTS today.
//! - [`Profile::for_line`]`(major)` / [`Selection::profile`]: the frozen object
//!   the bootstrap JS reads ([`Profile::to_json`]).
//! - [`diff`]`(a, b) -> Result<Vec<Difference>, CompatError>`: every difference;
//!   `Difference` implements `Display` (one line each) and `Serialize` (`--json`).
//! - [`list`]`(today) -> Vec<LineStatus>`: versions, codenames, phases and dates.
//! - [`catalog`]`()`: the validated data itself; [`NpmRange`] for range checks.
//!
//! # Example
//!
//! ```
//! use nodus_compat::{diff, list, select, Date, Profile};
//! use std::path::Path;
//!
//! // `nodus --compat 22 ...`
//! let selection = select(Some("22"), None, Path::new(".")).unwrap();
//! let profile: Profile = selection.profile();
//! assert!(profile.version.starts_with("v22."));
//! assert_eq!(profile.deprecations["DEP0005"].message,
//!     "Buffer() is deprecated due to security and usability issues. Please use the \
//!      Buffer.alloc(), Buffer.allocUnsafe(), or Buffer.from() methods instead.");
//! let bootstrap_arg = profile.to_json(); // handed to JS, which freezes it
//! assert!(bootstrap_arg.starts_with('{'));
//!
//! // `nodus compat diff 20 26`
//! for difference in diff(20, 26).unwrap() {
//!     println!("{difference}");
//! }
//!
//! // `nodus compat list`
//! for row in list(Date::parse("2026-11-24").unwrap()) {
//!     println!("{} {} {:?}", row.line, row.version, row.phase);
//! }
//!
//! // Asking for a line that is not shipped names the ones that are.
//! let err = select(Some("19"), None, Path::new(".")).unwrap_err();
//! assert!(err.to_string().contains("18, 20, 22, 24, 26, 27"));
//! ```

mod diff;
mod load;
mod model;
mod npm_range;
mod profile;
mod select;
mod status;

pub use diff::{diff, diff_lines, DiffKind, Difference};
pub use load::{catalog, Catalog, Line, SHIPPED_LINES};
pub use model::{
    ApiChange, Citation, Cited, Deprecation, Experimental, Level, LevelChange, LineData, Release,
    ScheduleEntry, Switch, SwitchValue,
};
pub use npm_range::{NpmRange, RangeError};
pub use profile::{DeprecationState, Profile};
pub use select::{newest_satisfying, resolve_spec, select, select_on, Origin, Selection};
pub use status::{list, list_from, Date, LineStatus, Phase};

use std::path::PathBuf;

/// Everything that can go wrong choosing a line or loading the data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CompatError {
    /// A line was asked for by number and is not in this binary.
    #[error("nodus does not ship Node {requested}; shipped lines: {}", join(.shipped))]
    UnknownLine {
        /// As asked.
        requested: String,
        /// What is shipped.
        shipped: Vec<u32>,
    },
    /// `engines.node` is satisfied by no shipped line.
    #[error("engines.node \"{range}\" in {} matches none of the versions nodus presents ({}); pass --compat <line> to choose one", .origin.display(), .presented.join(", "))]
    NoLineSatisfies {
        /// The range.
        range: String,
        /// The `package.json`.
        origin: PathBuf,
        /// Presented versions of the shipped lines.
        presented: Vec<String>,
    },
    /// A line spec or range that cannot be read.
    #[error("{origin}: cannot read \"{spec}\" as a Node version: {reason}")]
    BadSpec {
        /// Where it came from.
        origin: String,
        /// As written.
        spec: String,
        /// Why.
        reason: String,
    },
    /// No shipped line is LTS on the day.
    #[error("no shipped line is LTS today; shipped lines: {}; pass --compat <line>", join(.shipped))]
    NoLts {
        /// What is shipped.
        shipped: Vec<u32>,
    },
    /// A `package.json` that is not JSON.
    #[error("{}: {message}", .path.display())]
    PackageJson {
        /// The file.
        path: PathBuf,
        /// The parser's complaint.
        message: String,
    },
    /// Compat data that does not parse.
    #[error("compat/{file}: {message}")]
    Parse {
        /// The data file.
        file: String,
        /// The parser's complaint.
        message: String,
    },
    /// Compat data that parses but breaks a rule.
    #[error("compat/{file}: {message}")]
    Invalid {
        /// The data file.
        file: String,
        /// The broken rule.
        message: String,
    },
}

fn join(lines: &[u32]) -> String {
    lines.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
}
