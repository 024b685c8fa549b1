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
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let js_dir = root.join("js");
    let mut files = Vec::new();
    collect_js(&js_dir, &mut files);
    files.sort();

    let sources: Vec<(String, String)> = files
        .iter()
        .map(|path| {
            let rel = path.strip_prefix(&js_dir).unwrap().to_string_lossy().replace('\\', "/");
            let id = builtins::module_id(&rel);
            let src = std::fs::read_to_string(path).unwrap();
            (id, src)
        })
        .collect();

    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());

    let output = deno_core::snapshot::create_snapshot(
        deno_core::snapshot::CreateSnapshotOptions {
            cargo_manifest_dir: env!("CARGO_MANIFEST_DIR"),
            startup_snapshot: None,
            skip_op_registration: false,
            extensions: vec![ext::extension()],
            extension_transpiler: None,
            with_runtime_cb: Some(Box::new(move |rt| {
                builtins::register_all(rt, &sources);
            })),
        },
        None,
    )
    .expect("creating the startup snapshot failed");
    std::fs::write(out_dir.join("NODUS_SNAPSHOT.bin"), &output.output).unwrap();
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
