//! Turns the compat data (and `releases/lines.yaml`, owned by the release
//! tooling, when it exists) into JSON for embedding: the binary then parses
//! JSON at start-up instead of YAML, which is several times slower. The YAML
//! stays the source of truth; the crate's tests validate it as written.
use std::{env, fs, path::Path, path::PathBuf};

fn to_json(yaml_path: &Path, out: &Path) {
    println!("cargo:rerun-if-changed={}", yaml_path.display());
    let text = fs::read_to_string(yaml_path).unwrap_or_default();
    let json = if text.trim().is_empty() {
        String::new()
    } else {
        let value: serde_json::Value = serde_yaml::from_str(&text)
            .unwrap_or_else(|e| panic!("{}: {e}", yaml_path.display()));
        serde_json::to_string(&value).unwrap()
    };
    fs::create_dir_all(out.parent().unwrap()).unwrap();
    fs::write(out, json).unwrap();
}

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    for line in [18, 20, 22, 24, 26, 27] {
        to_json(&manifest.join(format!("lines/{line}.yaml")), &out.join(format!("lines/{line}.json")));
    }
    to_json(&manifest.join("deprecations.yaml"), &out.join("deprecations.json"));
    // Watching the folder too notices releases/lines.yaml being created later.
    println!("cargo:rerun-if-changed=../releases");
    to_json(&manifest.join("../releases/lines.yaml"), &out.join("release_lines.json"));
}
