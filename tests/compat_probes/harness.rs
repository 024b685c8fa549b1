//! Shared by tests/compat_probes.rs and tests/compat_real_node.rs: find the
//! probe scripts, run one under a runtime, normalise what differs by run.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// `tests/compat_probes`.
pub fn probes_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/compat_probes")
}

/// Every probe, sorted by name: (name, path).
pub fn probes() -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(probes_dir())
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "js"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    out.sort();
    out
}

/// The `// covers: <kind> <subject>` lines of a probe.
pub fn covers(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter_map(|l| l.strip_prefix("// covers: ").map(str::to_string))
        .collect()
}

/// What one run printed, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeRun {
    pub status: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `probe` with `program` + `pre_args` (`nodus --compat 22`, or a real `node`).
pub fn run_probe(program: &Path, pre_args: &[&str], probe: &Path) -> ProbeRun {
    let out = Command::new(program)
        .args(pre_args)
        .arg(probe.file_name().unwrap())
        .current_dir(probe.parent().unwrap())
        .env_remove("NODE_OPTIONS")
        .env_remove("NODUS_COMPAT")
        .env_remove("NODE_PENDING_DEPRECATION")
        .output()
        .expect("failed to run the probe");
    ProbeRun {
        status: out.status.code(),
        stdout: normalise(&String::from_utf8_lossy(&out.stdout)),
        stderr: normalise_stderr(&String::from_utf8_lossy(&out.stderr)),
    }
}

/// Masks PIDs and temp paths.
pub fn normalise(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let mut l = line.to_string();
        if let Some(start) = l.find("(node:") {
            if let Some(end) = l[start..].find(')') {
                l.replace_range(start..start + end + 1, "(node:PID)");
            }
        }
        let tmp = std::env::temp_dir().to_string_lossy().into_owned();
        l = l.replace(&tmp, "<tmp>");
        out.push_str(&l);
        out.push('\n');
    }
    out
}

/// Like [`normalise`], without stack frames and source excerpts (they name
/// runtime internals and differ by engine).
pub fn normalise_stderr(text: &str) -> String {
    let mut out = String::new();
    for line in normalise(text).lines() {
        let t = line.trim_start();
        if t.starts_with("at ") || t.starts_with("Node.js v") || t.starts_with('^') {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}
