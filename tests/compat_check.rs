//! `nodus compat check`: the built binary on the files of
//! `tests/fixtures/compat_check`, output and exit status pinned with insta.
//! Exit status: 0 clean, 1 findings, 2 a file does not parse, 9 usage errors.

mod common;

use common::{nodus, root};

/// Snapshots live with the fixtures: `tests/fixtures/compat_check/snapshots`.
macro_rules! snap {
    ($name:expr, $value:expr) => {
        insta::with_settings!({ snapshot_path => "fixtures/compat_check/snapshots", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!($name, $value);
        })
    };
}

fn check(args: &[&str]) -> String {
    let out = nodus()
        .arg("compat")
        .arg("check")
        .args(args)
        .current_dir(root().join("tests/fixtures/compat_check"))
        .env_remove("NODE_OPTIONS")
        .env_remove("NODUS_COMPAT")
        .output()
        .expect("spawn nodus");
    format!(
        "status: {}\n--- stdout\n{}--- stderr\n{}",
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    )
}

#[test]
fn legacy_commonjs_per_line() {
    snap!("legacy_to_20", check(&["legacy.cjs", "--to", "20"]));
    snap!("legacy_to_24", check(&["legacy.cjs", "--to", "24"]));
    snap!("legacy_to_26", check(&["legacy.cjs", "--to=26"]));
}

#[test]
fn modern_module_on_older_lines() {
    snap!("modern_to_18", check(&["modern.mjs", "--to", "18"]));
    snap!("modern_to_20", check(&["modern.mjs", "--to", "20"]));
    snap!("modern_to_26", check(&["modern.mjs", "--to", "26"]));
}

#[test]
fn behaviour_switches() {
    // `assert` is a syntax error from 22; switches without `when` need --from.
    snap!("old_syntax_to_22", check(&["old-syntax.mjs", "--to", "22"]));
    snap!("old_syntax_from_18_to_22", check(&["old-syntax.mjs", "--from", "18", "--to", "22"]));
    snap!("old_syntax_to_20", check(&["old-syntax.mjs", "--to", "20"]));
}

#[test]
fn clean_file_exits_0() {
    snap!("clean", check(&["clean.js", "--to", "27"]));
}

#[test]
fn json_output() {
    let out = check(&["legacy.cjs", "--to", "24", "--json"]);
    assert!(out.starts_with("status: 1\n"), "{out}");
    let json = out.split("--- stdout\n").nth(1).unwrap().split("--- stderr\n").next().unwrap();
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(value["to"], 24);
    assert!(value["findings"].as_array().unwrap().iter().any(|f| f["code"] == "DEP0045" && f["level"] == "eol"));
    snap!("legacy_to_24_json", out);
}

#[test]
fn directories_skip_node_modules() {
    snap!("project_to_24", check(&["project", "--to", "24"]));
}

#[test]
fn parse_error_exits_2() {
    snap!("broken", check(&["broken.js", "clean.js", "--to", "24"]));
}

#[test]
fn usage_errors_exit_9() {
    snap!("no_to", check(&["legacy.cjs"]));
    snap!("unknown_line", check(&["legacy.cjs", "--to", "19"]));
    snap!("missing_file", check(&["nope.js", "--to", "24"]));
    snap!("no_files", check(&["--to", "24"]));
}
