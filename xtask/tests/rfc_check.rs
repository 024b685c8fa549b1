//! `rfc check` passes on this repository and fails on each seeded violation;
//! `rfc new` makes a draft the check accepts.

use std::path::{Path, PathBuf};

use xtask::rfc;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// A copy of the real RFCs plus a small, valid compat tree.
fn sandbox() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let rfcs = dir.path().join("rfcs");
    std::fs::create_dir_all(&rfcs).unwrap();
    for entry in std::fs::read_dir(workspace().join("rfcs")).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, rfcs.join(p.file_name().unwrap())).unwrap();
    }
    std::fs::create_dir_all(dir.path().join("compat/lines")).unwrap();
    std::fs::create_dir_all(dir.path().join("releases")).unwrap();
    std::fs::copy(workspace().join("releases/lines.yaml"), dir.path().join("releases/lines.yaml")).unwrap();
    write(&dir, "compat/deprecations.yaml", "deprecations:\n  - code: DEP0005\n    rfc: \"0002\"\n  - code: DEP0040\n");
    write(&dir, "compat/lines/22.yaml", "line: 22\nswitches:\n  fetch:\n    value: stable\n    rfc: \"0001\"\nremoved:\n  - api: util.isBoolean\n    dep: DEP0005\nexperimental:\n  - feature: wasi\n    rfc: 1\n");
    dir
}

fn write(dir: &tempfile::TempDir, path: &str, text: &str) {
    std::fs::write(dir.path().join(path), text).unwrap();
}

fn errors(dir: &tempfile::TempDir) -> String {
    rfc::check(dir.path()).unwrap().errors.join("\n")
}

#[test]
fn passes_on_this_repository() {
    let report = rfc::check(&workspace()).unwrap();
    assert_eq!(report.errors, Vec::<String>::new());
    assert!(report.rfcs >= 3);
}

#[test]
fn passes_on_the_clean_sandbox() {
    let dir = sandbox();
    let report = rfc::check(dir.path()).unwrap();
    assert_eq!(report.errors, Vec::<String>::new());
    assert_eq!(report.entries, 5);
}

/// Each seeded violation: (file, contents, expected fragment of the error).
const SEEDS: &[(&str, &str, &str)] = &[
    ("compat/lines/24.yaml", "removed:\n  - api: x\n    rfc: \"0009\"\n", "cites RFC 0009, which does not exist"),
    ("compat/lines/24.yaml", "changes:\n  - api: x\n    summary: no citation\n", "cites no RFC"),
    ("compat/lines/24.yaml", "switches:\n  x:\n    value: on\n", "switches.x: entry cites no RFC"),
    ("compat/lines/24.yaml", "experimental:\n  - feature: x\n    dep: DEP0005\n", "experimental feature without an RFC"),
    ("compat/lines/24.yaml", "switches:\n  x:\n    value: experimental\n    dep: DEP0005\n", "experimental feature without an RFC"),
    ("compat/lines/24.yaml", "removed:\n  - api: x\n    dep: DEP18\n", "is not a code like DEP0005"),
    ("compat/lines/24.yaml", "removed:\n  - api: x\n    rfc: soon\n", "is not an RFC number"),
    ("compat/lines/24.yaml", "removed: [\n", "not valid YAML"),
    ("compat/deprecations.yaml", "deprecations:\n  - api: nameless\n", "cites no RFC"),
    ("rfcs/0004-bad-status.md", "---\nnumber: 4\ntitle: x\nstatus: maybe\ntarget_line: all\nauthors: [a]\ncreated: 2026-11-24\ntracking: none\n---\n", "invalid front matter"),
    ("rfcs/0004-no-front.md", "# just text\n", "no front matter"),
    ("rfcs/0004-unknown-key.md", "---\nnumber: 4\ntitle: x\nstatus: draft\ntarget_line: all\nauthors: [a]\ncreated: 2026-11-24\ntracking: none\nowner: me\n---\n", "unknown field `owner`"),
];

#[test]
fn fails_on_each_seeded_violation() {
    for (path, text, expected) in SEEDS {
        let dir = sandbox();
        write(&dir, path, text);
        let errs = errors(&dir);
        assert!(errs.contains(expected), "seed {path}: expected {expected:?} in:\n{errs}");
    }
}

#[test]
fn citing_a_draft_or_rejected_rfc_fails() {
    for status in ["draft", "rejected", "withdrawn"] {
        let dir = sandbox();
        let text = std::fs::read_to_string(dir.path().join("rfcs/0003-release-line-policy.md")).unwrap();
        write(&dir, "rfcs/0003-release-line-policy.md", &text.replace("status: accepted", &format!("status: {status}")));
        write(&dir, "compat/lines/24.yaml", "removed:\n  - api: x\n    rfc: RFC-0003\n");
        assert!(errors(&dir).contains(&format!("cites RFC 0003, which is {status}")), "{status}");
    }
}

#[test]
fn rfc_front_matter_rules() {
    let body: String = rfc::doc::SECTIONS.iter().map(|s| format!("## {s}\n\nx\n\n")).collect();
    let front = |extra: &str| format!("---\nnumber: 4\ntitle: t\nstatus: draft\ntarget_line: all\nauthors: [a]\ncreated: 2026-11-24\ntracking: none\n{extra}---\n");
    let cases = [
        ("rfcs/0005-wrong-number.md", format!("{}{body}", front("")), "does not match the file name"),
        ("rfcs/0004-Bad_Name.md", format!("{}{body}", front("")), "NNNN-lowercase-words.md"),
        ("rfcs/0004-no-sections.md", front(""), "missing section `## Summary`"),
        ("rfcs/0004-bad-dep.md", format!("{}{body}", front("deprecations: [DEP5]\n")), "not a DEP code"),
        ("rfcs/0004-bad-line.md", format!("{}{body}", front("").replace("target_line: all", "target_line: 99")), "target_line"),
        ("rfcs/0001-duplicate.md", format!("{}{body}", front("").replace("number: 4", "number: 1")), "used twice"),
    ];
    for (path, text, expected) in cases {
        let dir = sandbox();
        write(&dir, path, &text);
        let errs = errors(&dir);
        assert!(errs.contains(expected), "{path}: expected {expected:?} in:\n{errs}");
    }
    let dir = sandbox();
    std::fs::remove_file(dir.path().join("rfcs/0000-template.md")).unwrap();
    assert!(errors(&dir).contains("0000-template.md is missing"));
}

#[test]
fn new_rfc_is_a_valid_draft() {
    let dir = sandbox();
    let path = rfc::new(dir.path(), "Worker threads: shared heap", "Ada", "2026-11-24".parse().unwrap()).unwrap();
    assert_eq!(path.file_name().unwrap(), "0004-worker-threads-shared-heap.md");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("number: 4\ntitle: \"Worker threads: shared heap\"\nstatus: draft"), "{text}");
    assert!(text.contains("# RFC 0004: Worker threads: shared heap"));
    assert_eq!(errors(&dir), "");
    // A draft cannot be cited yet.
    write(&dir, "compat/lines/24.yaml", "removed:\n  - api: x\n    rfc: 4\n");
    assert!(errors(&dir).contains("which is draft"));
}

#[test]
fn cli_exit_codes() {
    let bin = env!("CARGO_BIN_EXE_xtask");
    let ok = std::process::Command::new(bin).args(["rfc", "check"]).output().unwrap();
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    let dir = sandbox();
    write(&dir, "compat/lines/24.yaml", "changes:\n  - api: x\n");
    let bad = std::process::Command::new(bin).args(["rfc", "check", "--root"]).arg(dir.path()).output().unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("cites no RFC"));
    let sched = std::process::Command::new(bin).args(["release", "schedule", "--date", "2026-11-24"]).output().unwrap();
    assert!(sched.status.success());
    assert!(String::from_utf8_lossy(&sched.stdout).contains("Active LTS: v26"));
}
