//! CI gate: every file of `tests/node_compat/passing.txt` (Node's own
//! `test/parallel` files) must still exit 0 under nodus. A failure is retried
//! once; one that passes on retry is printed as flaky, not failed.
//! Skipped (with a printed reason) when the suite folder is missing.
//! Same rules as `cargo xtask node-compat --check`, deliberately without shared code.

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(30);
const JOBS: usize = 2;

fn suite() -> PathBuf {
    std::env::var_os("NODUS_NODE_TEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/node-test"))
}

/// Runs one test file; `Err(why)` when it does not pass.
fn run(suite: &Path, name: &str, serial: usize) -> Result<(), String> {
    let rel = format!("test/parallel/{name}");
    let source = std::fs::read_to_string(suite.join(&rel)).map_err(|e| format!("{rel}: {e}"))?;
    let flags: Vec<&str> = source
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("// Flags:"))
        .map(|f| f.split_whitespace().collect())
        .unwrap_or_default();
    let tmp = std::env::temp_dir().join(format!("nodus-compat-test-{}-{serial}", std::process::id()));
    std::fs::create_dir_all(&tmp).map_err(|e| e.to_string())?;
    let mut child = Command::new(env!("CARGO_BIN_EXE_nodus"))
        .args(&flags)
        .arg(&rel)
        .current_dir(suite)
        .env("NODE_TEST_DIR", &tmp)
        .env("TEST_SERIAL_ID", serial.to_string())
        .env("NODE_SKIP_FLAG_CHECK", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .map_err(|e| e.to_string())?;
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut s = String::new();
            let _ = r.read_to_string(&mut s);
            s
        })
    };
    let (out, err) = (drain(Box::new(child.stdout.take().unwrap())), drain(Box::new(child.stderr.take().unwrap())));
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break Some(s),
            _ if start.elapsed() > TIMEOUT => break None,
            _ => std::thread::sleep(Duration::from_millis(10)),
        }
    };
    let _ = Command::new("kill").args(["-KILL", "--", &format!("-{}", child.id())]).stderr(Stdio::null()).status();
    let _ = child.wait();
    let (stdout, stderr) = (out.join().unwrap_or_default(), err.join().unwrap_or_default());
    let _ = std::fs::remove_dir_all(&tmp);
    match status {
        None => Err("timed out".into()),
        Some(s) if s.success() && stdout.contains("1..0 # Skipped:") => Err("skipped (expected a pass)".into()),
        Some(s) if s.success() => Ok(()),
        Some(s) => Err(format!("{s}: {}", stderr.lines().rev().take(5).collect::<Vec<_>>().join(" | "))),
    }
}

/// Runs `names` on `JOBS` threads; returns the failures with their reasons.
fn run_all(suite: &Path, names: Vec<String>, base: usize) -> Vec<(String, String)> {
    let queue = Arc::new(Mutex::new(names.into_iter().enumerate().collect::<Vec<_>>()));
    let failures = Arc::new(Mutex::new(Vec::new()));
    let threads: Vec<_> = (0..JOBS)
        .map(|_| {
            let (queue, failures, suite) = (queue.clone(), failures.clone(), suite.to_path_buf());
            std::thread::spawn(move || loop {
                let Some((i, name)) = queue.lock().unwrap().pop() else { break };
                if let Err(why) = run(&suite, &name, base + i) {
                    failures.lock().unwrap().push((name, why));
                }
            })
        })
        .collect();
    threads.into_iter().for_each(|t| t.join().unwrap());
    let mut f = std::mem::take(&mut *failures.lock().unwrap());
    f.sort();
    f
}

#[test]
fn node_test_suite_expected_passes_still_pass() {
    let suite = suite();
    if !suite.join("test/parallel").is_dir() {
        eprintln!("skipped: Node's test suite not found at {} (set NODUS_NODE_TEST_DIR)", suite.display());
        return;
    }
    let list = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/node_compat/passing.txt");
    let names: Vec<String> = std::fs::read_to_string(&list)
        .unwrap()
        .lines()
        .map(|l| l.split('#').next().unwrap().trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    let count = names.len();
    let first = run_all(&suite, names, 0);
    let retry = run_all(&suite, first.iter().map(|(n, _)| n.clone()).collect(), count);
    for (name, _) in first.iter().filter(|(n, _)| !retry.iter().any(|(r, _)| r == n)) {
        eprintln!("flaky: {name} (passed on retry)");
    }
    let report: Vec<String> = retry.iter().map(|(n, why)| format!("  {n}: {why}")).collect();
    assert!(report.is_empty(), "{} of {count} expected-pass Node tests no longer pass:\n{}", report.len(), report.join("\n"));
    eprintln!("{count} expected-pass Node tests pass");
}
