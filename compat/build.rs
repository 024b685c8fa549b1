//! Embeds `releases/lines.yaml` (owned by the release tooling) when it exists, so
//! `nodus_compat::list` works from a self-contained binary; an empty document
//! stands in while the file is absent, and the crate still builds standalone.
use std::{env, fs, path::PathBuf};

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let source = manifest.join("../releases/lines.yaml");
    // Watching the folder too notices the file being created later.
    println!("cargo:rerun-if-changed=../releases/lines.yaml");
    println!("cargo:rerun-if-changed=../releases");
    let text = fs::read_to_string(&source).unwrap_or_default();
    let out = PathBuf::from(env::var("OUT_DIR").unwrap()).join("release_lines.yaml");
    fs::write(out, text).unwrap();
}
