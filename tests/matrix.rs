//! `nodus matrix`: one run per line, a table, the first differing lines, and a
//! non-zero exit when any line fails.

use std::process::Command;

fn matrix(args: &[&str], script: &str) -> (i32, String, String) {
    let dir = std::env::temp_dir().join(format!("nodus-matrix-{}-{}", std::process::id(), args.join("_").replace(',', "-")));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("main.js"), script).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_nodus"))
        .arg("matrix")
        .args(args)
        .arg("main.js")
        .arg("extra-arg")
        .current_dir(&dir)
        .env_remove("NODE_OPTIONS")
        .env_remove("NODUS_COMPAT")
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn table_and_first_difference() {
    let (code, out, err) = matrix(
        &["--lines", "20,24"],
        "console.log('same'); console.log(process.version.split('.')[0], process.argv[2]); new Buffer(1);",
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("line  version     status"), "{out}");
    assert!(out.contains("\n20    v20."), "{out}");
    assert!(out.contains("\n24    v24."), "{out}");
    // One DEP0005 warning per line.
    for row in out.lines().filter(|l| l.starts_with("20 ") || l.starts_with("24 ")) {
        assert!(row.contains(" ok ") && row.trim_end().ends_with('1'), "{row}");
    }
    assert!(out.contains("stdout differs between 20 and 24 at line 2:\n  20  | v20 extra-arg\n  24  | v24 extra-arg"), "{out}");
    assert!(out.contains("all 2 lines passed"), "{out}");
}

#[test]
fn fails_when_any_line_fails() {
    let (code, out, _) = matrix(&["--lines=22,24,26"], "if (process.version.startsWith('v24')) process.exit(3);");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("exit 3"), "{out}");
    assert!(out.contains("output is the same on every line"), "{out}");
    assert!(out.contains("failed on 1 of 3 lines: 24"), "{out}");
}

#[test]
fn unknown_line_is_a_usage_error() {
    let (code, _, err) = matrix(&["--lines", "19"], "");
    assert_eq!(code, 9);
    assert!(err.contains("shipped lines: 18, 20, 22, 24, 26, 27"), "{err}");
}
