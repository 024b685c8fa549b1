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

/// Wraps a module's source the way Node wraps its own `lib/` files. The wrapper
/// opens on the file's first line so that line numbers in stacks stay true.
pub fn wrap(id: &str, src: &str) -> String {
    format!(
        "__nodus_register({id:?}, function (exports, require, module, process, internalBinding, primordials) {{{src}\n}});"
    )
}

/// Evaluates the loader, registers every module, then runs the snapshot entry.
pub fn register_all(rt: &mut deno_core::JsRuntimeForSnapshot, sources: &[(String, String)]) {
    let loader = sources
        .iter()
        .find(|(id, _)| id == LOADER_ID)
        .expect("js/internal/bootstrap/loader.js is missing");
    rt.execute_script("node:internal/bootstrap/loader", loader.1.clone())
        .unwrap_or_else(|e| panic!("{e}"));
    for (id, src) in sources.iter().filter(|(id, _)| id != LOADER_ID) {
        let name: &'static str = Box::leak(format!("node:{id}").into_boxed_str());
        rt.execute_script(name, wrap(id, src))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    rt.execute_script(
        "node:internal/bootstrap/snapshot",
        format!("__nodus_snapshot_entry({SNAPSHOT_ENTRY:?});"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
}
