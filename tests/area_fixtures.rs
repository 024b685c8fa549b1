//! Runs every `tests/fixtures/<area>/<case>/main.js` (or `main.mjs`) with nodus
//! from its own folder and compares stdout with `expected.txt` beside it, which
//! was produced by `node` on the same file (see `tests/fixtures/README.md`).

mod common;

use common::{normalise, root, run_file};
use std::path::{Path, PathBuf};

fn find_cases(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n == "node_modules") {
                continue;
            }
            find_cases(&path, out);
        } else if matches!(path.file_name().and_then(|n| n.to_str()), Some("main.js" | "main.mjs" | "main.cjs"))
            && path.with_file_name("expected.txt").exists()
        {
            out.push(path);
        }
    }
}

#[test]
fn area_fixtures_match_node() {
    let mut cases = Vec::new();
    find_cases(&root().join("tests/fixtures"), &mut cases);
    cases.sort();
    let mut failures = Vec::new();
    for main in &cases {
        let expected = std::fs::read_to_string(main.with_file_name("expected.txt")).unwrap();
        let out = run_file(main, &[]);
        let actual = normalise(&String::from_utf8_lossy(&out.stdout));
        if normalise(&expected) != actual {
            failures.push(format!(
                "{} (exit {:?}):\n--- expected\n{expected}--- actual\n{actual}--- stderr\n{}",
                main.display(),
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    println!("{} area fixtures", cases.len());
    assert!(failures.is_empty(), "{} of {} fixtures differ from node:\n{}", failures.len(), cases.len(), failures.join("\n"));
}
