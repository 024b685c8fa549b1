//! The command line as a user meets it: options, exit codes, eval, stdin and
//! the compat subcommands. Outputs are pinned with insta; each was compared with
//! `node` by hand where Node has the same feature.

mod common;

use common::{normalise, nodus};
use std::io::Write;
use std::process::Stdio;

fn run(args: &[&str], stdin: Option<&str>) -> String {
    let mut cmd = nodus();
    cmd.args(args).env_remove("NODE_OPTIONS").env_remove("NODUS_COMPAT");
    cmd.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn nodus");
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    format!(
        "status: {}\n--- stdout\n{}--- stderr\n{}",
        out.status.code().unwrap_or(-1),
        normalise(&String::from_utf8_lossy(&out.stdout)),
        normalise(&String::from_utf8_lossy(&out.stderr)),
    )
}

#[test]
fn bad_option_exits_9() {
    insta::assert_snapshot!(run(&["--bogus", "x.js"], None));
    insta::assert_snapshot!(run(&["-e", "1", "--bogus"], None));
}

#[test]
fn eval_and_print() {
    insta::assert_snapshot!(run(&["-p", "[1, 2].map((x) => x * 2)"], None));
    insta::assert_snapshot!(run(&["-e", "var g = 5; console.log(globalThis.g, typeof require, __filename, process.argv.length)", "a", "b"], None));
    insta::assert_snapshot!(run(&["-e", "null.x"], None));
}

#[test]
fn script_from_stdin() {
    insta::assert_snapshot!(run(&[], Some("console.log('piped', __filename, process.argv.length)")));
    insta::assert_snapshot!(run(&["-", "a"], Some("console.log(process.argv.slice(1))")));
}

#[test]
fn check_syntax() {
    insta::assert_snapshot!(run(&["--check", "-"], Some("let x = ;")));
    insta::assert_snapshot!(run(&["--check", "-"], Some("throw 1")));
}

#[test]
fn node_options_apply() {
    let out = nodus()
        .args(["-e", "process.emitWarning('w')"])
        .env("NODE_OPTIONS", "--no-warnings")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn compat_selection() {
    insta::assert_snapshot!(run(&["--compat", "22", "-p", "process.version.split('.')[0]"], None));
    insta::assert_snapshot!(run(&["--compat", "19", "-e", "1"], None));
    let out = nodus().args(["-p", "process.version.split('.')[0]"]).env("NODUS_COMPAT", "20").output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "v20\n");
}

/// A child of `process.execPath` runs the parent's line, as a child of Node is
/// the same Node version (even with an empty `env` and no `--compat`).
#[test]
fn children_of_exec_path_inherit_the_line() {
    let script = "const { execFileSync } = require('child_process');\
        const v = execFileSync(process.execPath, ['-p', 'process.version'], { encoding: 'utf8', env: {} });\
        const e = execFileSync('env', [], { encoding: 'utf8', env: { A: '1' } });\
        console.log(process.version.split('.')[0], v.split('.')[0], JSON.stringify(e.trim()))";
    let out = run(&["--compat", "22", "-e", script], None);
    assert!(out.contains("--- stdout\nv22 v22 \"A=1\"\n"), "{out}");
}

#[test]
fn compat_diff_lists_differences() {
    let out = nodus().args(["compat", "diff", "20", "26"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let count = text.lines().count() - 1;
    assert!(count >= 40, "only {count} differences");
    let json = nodus().args(["compat", "diff", "20", "26", "--json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), count);
}
