//! Start-up stays inside the snapshot: a run that only logs must not compile
//! any built-in module at run time. Each built-in compiled after start-up
//! costs parsing of its inner functions on every run (the build-time code
//! cache holds only top-level code), so modules on this path belong in the
//! list of `js/internal/bootstrap/snapshot.js`.

use std::path::PathBuf;
use std::process::Command;

/// Built-ins allowed to load at run time on the plain start-up path, with why.
const ALLOWED: &[&str] = &[
    // Its top level reads process.stderr, which exists only at run time.
    "internal/util/colors",
];

fn compiled_at_run_time(args: &[&str], dir: &PathBuf) -> Vec<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_nodus"))
        .args(args)
        .current_dir(dir)
        .env("NODUS_DEBUG_CODE_CACHE", "1")
        .output()
        .expect("nodus runs");
    assert!(out.status.success(), "nodus {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "hi\n");
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter_map(|l| l.strip_prefix("code cache "))
        .filter_map(|l| l.split(':').next())
        .filter(|id| !ALLOWED.contains(id))
        .map(str::to_string)
        .collect()
}

#[test]
fn logging_compiles_no_builtin_at_run_time() {
    let dir = std::env::temp_dir().join(format!("nodus-startup-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("hello.js"), "console.log('hi');\n").unwrap();
    std::fs::write(dir.join("hello.mjs"), "console.log('hi');\n").unwrap();
    for args in [&["-e", "console.log('hi')"][..], &["hello.js"], &["hello.mjs"]] {
        let late = compiled_at_run_time(args, &dir);
        assert!(
            late.is_empty(),
            "`nodus {}` compiled {late:?} at run time: add them to js/internal/bootstrap/snapshot.js",
            args.join(" ")
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}
