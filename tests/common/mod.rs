//! Shared helpers for the integration tests: run the built `nodus` and
//! normalise what differs by run or by version (PIDs, internal stack frames,
//! the version footer).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The `nodus` binary cargo built for these tests.
pub fn nodus() -> Command {
    Command::new(env!("CARGO_BIN_EXE_nodus"))
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs a fixture file with nodus from its own folder.
pub fn run_file(path: &Path, args: &[&str]) -> Output {
    let mut cmd = nodus();
    cmd.args(args).arg(path.file_name().unwrap()).current_dir(path.parent().unwrap());
    cmd.env_remove("NODE_OPTIONS").env_remove("NODUS_COMPAT");
    cmd.output().expect("failed to run nodus")
}

/// Drops the lines that name runtime internals and masks PIDs and versions, so
/// nodus's output can be compared with what `node` printed for the same file.
pub fn normalise(text: &str) -> String {
    let root = root().to_string_lossy().into_owned();
    // Node names itself `node` in hints; nodus names itself `nodus`.
    let text = text.replace(&root, "<root>").replace("`nodus ", "`node ");
    let mut out = String::new();
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with("at ") && (t.contains("node:internal") || t.contains("(node:") || t.starts_with("at node:")) {
            continue;
        }
        let mut l = line.to_string();
        if l.starts_with("Node.js v") {
            l = "Node.js <version>".into();
        }
        if let Some(start) = l.find("(node:") {
            if let Some(end) = l[start..].find(')') {
                l.replace_range(start..start + end + 1, "(node:PID)");
            }
        }
        out.push_str(&l);
        out.push('\n');
    }
    out
}
