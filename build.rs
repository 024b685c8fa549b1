//! Builds the V8 startup snapshot that holds every built-in JS module.
//!
//! The ops are compiled into this build script too (`#[path]` below): a snapshot
//! records op bindings by position, so the script that makes it must register
//! exactly the ops the binary registers.

use std::path::{Path, PathBuf};

#[path = "src/ext/mod.rs"]
#[allow(dead_code)]
mod ext;

#[path = "src/runtime/builtins.rs"]
#[allow(dead_code)]
mod builtins;

fn main() {
    println!("cargo:rerun-if-changed=js");
    println!("cargo:rerun-if-changed=src/ext");
    println!("cargo:rerun-if-changed=src/runtime/builtins.rs");
    // A position-dependent executable: the dynamic loader then has no
    // relocations to apply (a PIE nodus had 87,000, about 0.7 ms and 360 page
    // faults of every start). The objects are still position-independent code.
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let js_dir = root.join("js");
    let mut files = Vec::new();
    collect_js(&js_dir, &mut files);
    files.sort();

    // (id, absolute path, source) of every built-in but the loader, sorted by id.
    let mut modules: Vec<(String, PathBuf, String)> = files
        .iter()
        .map(|path| {
            let rel = path.strip_prefix(&js_dir).unwrap().to_string_lossy().replace('\\', "/");
            (builtins::module_id(&rel), path.clone(), std::fs::read_to_string(path).unwrap())
        })
        .collect();
    modules.sort_by(|a, b| a.0.cmp(&b.0));
    let loader_at = modules.iter().position(|m| m.0 == builtins::LOADER_ID).expect("js/internal/bootstrap/loader.js is missing");
    let (_, _, loader_source) = modules.remove(loader_at);

    let table: Vec<(&'static str, &'static str)> = modules
        .iter()
        .map(|(id, _, src)| (&*Box::leak(id.clone().into_boxed_str()), &*Box::leak(src.clone().into_boxed_str())))
        .collect();
    ext::builtins::install(ext::builtins::Table { modules: table.clone(), cache_blob: &[], cache_spans: &[] });

    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());

    let output = deno_core::snapshot::create_snapshot(
        deno_core::snapshot::CreateSnapshotOptions {
            cargo_manifest_dir: env!("CARGO_MANIFEST_DIR"),
            startup_snapshot: None,
            skip_op_registration: false,
            extensions: vec![ext::extension()],
            extension_transpiler: None,
            with_runtime_cb: Some(Box::new(move |rt| {
                builtins::register_all(rt, &loader_source);
            })),
        },
        None,
    )
    .expect("creating the startup snapshot failed");
    std::fs::write(out_dir.join("NODUS_SNAPSHOT.bin"), &output.output).unwrap();

    // The code cache of every built-in, for those compiled after start-up.
    let caches = code_caches(Box::leak(output.output.clone()), table.len());
    let mut spans = Vec::with_capacity(caches.len());
    let mut blob = Vec::new();
    for c in &caches {
        spans.push((blob.len() as u32, c.len() as u32));
        blob.extend_from_slice(c);
    }
    std::fs::write(out_dir.join("builtins_cache.bin"), blob).unwrap();

    // The binary's copy of the table: sources straight from js/.
    let mut rs = String::from("/// Every built-in module but the loader: `(id, source)`, sorted by id.\npub static MODULES: &[(&str, &str)] = &[\n");
    for (id, path, _) in &modules {
        rs.push_str(&format!("    ({id:?}, include_str!({:?})),\n", path.to_string_lossy()));
    }
    rs.push_str("];\n/// `(offset, length)` of each module's code cache in builtins_cache.bin.\npub static CACHE_SPANS: &[(u32, u32)] = &[\n");
    for (offset, len) in &spans {
        rs.push_str(&format!("    ({offset}, {len}),\n"));
    }
    rs.push_str("];\n");
    std::fs::write(out_dir.join("builtins_table.rs"), rs).unwrap();
}

/// Compiles every built-in eagerly and returns each one's V8 code cache
/// (empty when V8 makes none). The isolate starts from the snapshot the binary
/// will use: V8 accepts a cache only where the read-only heap is the same.
fn code_caches(snapshot: &'static [u8], count: usize) -> Vec<Vec<u8>> {
    let mut rt = deno_core::JsRuntime::new(deno_core::RuntimeOptions {
        startup_snapshot: Some(snapshot),
        extensions: vec![ext::extension()],
        ..Default::default()
    });
    deno_core::scope!(scope, &mut rt);
    (0..count)
        .map(|i| {
            ext::builtins::compile_script(scope, i, true)
                .and_then(|script| script.get_unbound_script(scope).create_code_cache())
                .map(|c| c.to_vec())
                .unwrap_or_default()
        })
        .collect()
}

fn collect_js(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_js(&path, out);
        } else if path.extension().is_some_and(|e| e == "js") {
            out.push(path);
        }
    }
}
