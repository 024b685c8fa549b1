//! `cargo xtask release ...`: plan and cut releases of a line from git alone.
//!
//! Branch model (Node's): development on `main`; each line has `v<N>.x`
//! (what was released) and `v<N>.x-staging` (where the next release is
//! assembled); releases are annotated tags `v<X.Y.Z>`. Until `<N>.0.0` ships
//! (and during alphas) staging follows `main` ("branch cut"); afterwards
//! commits arrive by cherry-pick under the phase rules in [`rules`].

pub mod api_surface;
pub mod apply;
pub mod plan;
pub mod promote;
pub mod record;
pub mod rules;
pub mod schedule;

use anyhow::Result;
use git2::Repository;

use crate::lines::ReleaseLines;
pub use apply::Applied;
pub use plan::{Plan, PrepareOptions};

/// Plans a release and, unless `dry_run`, writes it. Returns the plan and
/// what was written.
pub fn prepare(repo: &Repository, lines: &ReleaseLines, opts: &PrepareOptions, dry_run: bool) -> Result<(Plan, Option<Applied>)> {
    let plan = plan::build(repo, lines, opts)?;
    if dry_run {
        return Ok((plan, None));
    }
    let applied = apply::apply(repo, &plan)?;
    Ok((plan, applied))
}

/// Reads `releases/lines.yaml` from the working tree when there is one, else
/// from the tip of `main` (so bare mirrors work too).
pub fn load_lines(repo: &Repository, main: &str) -> Result<ReleaseLines> {
    if let Some(dir) = repo.workdir() {
        let path = dir.join("releases/lines.yaml");
        if path.exists() {
            return ReleaseLines::load(&path);
        }
    }
    let tip = crate::gitx::branch_tip(repo, main)
        .ok_or_else(|| anyhow::anyhow!("no releases/lines.yaml in the working tree and no branch `{main}`"))?;
    let tree = repo.find_commit(tip)?.tree()?;
    let text = crate::gitx::read_file(repo, &tree, "releases/lines.yaml")
        .ok_or_else(|| anyhow::anyhow!("`{main}` has no releases/lines.yaml; add the release schedule first"))?;
    ReleaseLines::parse(&text)
}
