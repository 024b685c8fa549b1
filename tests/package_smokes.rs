//! Real npm packages under nodus: every `tests/packages/<name>/` holds a package
//! installed with npm (`package.json`, `package-lock.json` and its
//! `node_modules`, committed) and a `smoke.{js,mjs}` script that exercises it.
//! The script's stdout under nodus must equal `expected.txt`, which `node`
//! printed for it; when `node` is on PATH the two are also run side by side
//! and must print the same (the "node vs nodus diff is empty").
//! See `tests/packages/README.md` for adding a package.

mod common;

use common::{nodus, root};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Every package folder with its smoke script, sorted by name.
fn smokes() -> Vec<(String, PathBuf)> {
    let dir = root().join("tests/packages");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("tests/packages is missing").flatten() {
        let path = entry.path();
        if !path.is_dir() {
            continue;
        }
        let script = ["smoke.js", "smoke.mjs", "smoke.cjs"].iter().map(|f| path.join(f)).find(|p| p.exists());
        let name = entry.file_name().to_string_lossy().into_owned();
        out.push((name, script.unwrap_or_else(|| panic!("{} has no smoke script", path.display()))));
    }
    out.sort();
    out
}

/// Runs `script` from its folder with `cmd`; returns (exit code, stdout, stderr).
fn run(mut cmd: Command, script: &Path) -> (Option<i32>, String, String) {
    let out = cmd
        .arg(script.file_name().unwrap())
        .current_dir(script.parent().unwrap())
        .env_remove("NODE_OPTIONS")
        .env_remove("NODUS_COMPAT")
        .env_remove("FORCE_COLOR")
        .env_remove("NO_COLOR")
        .env_remove("DEBUG")
        .output()
        .expect("failed to run");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn package_smokes_match_expected() {
    let smokes = smokes();
    assert!(!smokes.is_empty());
    let mut failures = Vec::new();
    for (name, script) in &smokes {
        let expected = std::fs::read_to_string(script.with_file_name("expected.txt"))
            .unwrap_or_else(|_| panic!("{name}: expected.txt is missing"));
        let (code, stdout, stderr) = run(nodus(), script);
        if code != Some(0) || stdout != expected {
            failures.push(format!(
                "{name} (exit {code:?}):\n--- expected\n{expected}--- nodus\n{stdout}--- stderr\n{stderr}"
            ));
        }
    }
    println!("{} package smokes", smokes.len());
    assert!(failures.is_empty(), "{} of {} package smokes differ:\n{}", failures.len(), smokes.len(), failures.join("\n"));
}

#[test]
fn package_smokes_match_live_node() {
    if Command::new("node").arg("--version").output().is_err() {
        println!("skipped: no `node` on PATH to compare with");
        return;
    }
    let mut failures = Vec::new();
    let smokes = smokes();
    for (name, script) in &smokes {
        let (node_code, node_out, _) = run(Command::new("node"), script);
        let (code, out, stderr) = run(nodus(), script);
        if node_code != code || node_out != out {
            failures.push(format!(
                "{name}: node exit {node_code:?}, nodus exit {code:?}\n--- node\n{node_out}--- nodus\n{out}--- nodus stderr\n{stderr}"
            ));
        }
    }
    println!("{} package smokes compared with node", smokes.len());
    assert!(failures.is_empty(), "node and nodus differ on {} package smokes:\n{}", failures.len(), failures.join("\n"));
}
