//! Runs every `tests/fixtures/runtime/*.{js,mjs}` with nodus and compares stdout,
//! stderr and exit status with `<name>.expected`, which was produced by `node`
//! on the same file (see `tests/fixtures/README.md`) and normalised the same way.

mod common;

use common::{normalise, root, run_file};

#[test]
fn runtime_fixtures_match_node() {
    let dir = root().join("tests/fixtures/runtime");
    let mut failures = Vec::new();
    let mut count = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries.iter().filter(|p| p.extension().is_some_and(|e| e == "js" || e == "mjs")) {
        count += 1;
        let expected_path = path.with_extension("expected");
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("missing {}", expected_path.display()));
        let out = run_file(path, &[]);
        let actual = format!(
            "status: {}\n--- stdout\n{}--- stderr\n{}",
            out.status.code().unwrap_or(-1),
            normalise(&String::from_utf8_lossy(&out.stdout)),
            normalise(&String::from_utf8_lossy(&out.stderr)),
        );
        if actual != expected {
            failures.push(format!("{}:\n--- expected\n{expected}\n--- actual\n{actual}", path.display()));
        }
    }
    assert!(count > 0, "no fixtures found");
    assert!(failures.is_empty(), "{} of {count} fixtures differ from node:\n{}", failures.len(), failures.join("\n"));
}
