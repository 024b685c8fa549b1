//! Project automation for nodus (`cargo xtask ...`).
//!
//! - [`release`]: `release prepare|promote|schedule`: cut Current and LTS
//!   releases from git, with the release-line rules of `releases/lines.yaml`.
//! - [`backport`]: one cherry-pick onto a line, under the same rules.
//! - [`rfc`]: `rfc new|check`: RFC front matter and compat-data citations.
//!
//! Everything works on git objects and refs through git2 (no network, no
//! working-tree changes), so it is safe in a checkout people work in and
//! testable on throw-away repositories.

pub mod backport;
pub mod commits;
pub mod gitx;
pub mod lines;
pub mod release;
pub mod rfc;
