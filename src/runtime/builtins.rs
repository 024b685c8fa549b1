//! Naming and snapshot registration of the built-in JS modules under `js/`.
//!
//! Used by `build.rs`, which registers the modules while it makes the snapshot.

/// The script that defines the built-in module registry; it runs first.
pub const LOADER_ID: &str = "internal/bootstrap/loader";
/// The module the snapshot evaluates after registering every built-in.
pub const SNAPSHOT_ENTRY: &str = "internal/bootstrap/snapshot";

/// Maps a path below `js/` to its module id: `node/fs/promises.js` → `fs/promises`,
/// `internal/errors.js` → `internal/errors`.
pub fn module_id(rel_path: &str) -> String {
    let id = rel_path.strip_suffix(".js").unwrap_or(rel_path);
    id.strip_prefix("node/").unwrap_or(id).to_string()
}

/// Evaluates the loader (which lists every built-in through
/// `op_builtins_ids`), then runs the snapshot entry, which evaluates the
/// modules every run needs. Only those end up in the snapshot.
pub fn register_all(rt: &mut deno_core::JsRuntimeForSnapshot, loader_source: &str) {
    rt.execute_script("node:internal/bootstrap/loader", loader_source.to_string())
        .unwrap_or_else(|e| panic!("{e}"));
    rt.execute_script(
        "node:internal/bootstrap/snapshot",
        format!("__nodus_snapshot_entry({SNAPSHOT_ENTRY:?});"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
}
