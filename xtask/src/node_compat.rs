//! `cargo xtask node-compat`: run Node's own `test/parallel` files with nodus,
//! the way Node's `tools/test.py` runs them, and measure what passes.
//!
//! - full run (default): every `test-*.js` (or those matching `--filter`),
//!   writes `tests/node_compat/REPORT.md` and `target/node-compat/results.tsv`;
//!   `--update-expected` rewrites `tests/node_compat/passing.txt` from it.
//! - `--check`: runs exactly the files of `passing.txt`; a failure is retried
//!   once; one that passes on retry is listed as flaky (and recorded in
//!   `flaky.txt`), one that fails twice is a regression (non-zero exit).
//!
//! The suite folder is read-only input: tests run from the suite root, each with
//! its own fresh `NODE_TEST_DIR` under the system temp dir, removed afterwards.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Folder holding Node's `test/` tree (default: $NODUS_NODE_TEST_DIR or ../shared/node-test).
    #[arg(long)]
    suite: Option<PathBuf>,
    /// Only files whose name matches this glob (`*`, `?`), e.g. `test-buffer-*`.
    #[arg(long)]
    filter: Option<String>,
    /// Tests run at once.
    #[arg(long, default_value_t = 2)]
    jobs: usize,
    /// Seconds before a test is killed and counted as failed.
    #[arg(long, default_value_t = 30)]
    timeout: u64,
    /// Release line passed to nodus as `--compat=<line>`.
    #[arg(long)]
    compat: Option<String>,
    /// Markdown report to write (default: tests/node_compat/REPORT.md on an unfiltered full run).
    #[arg(long)]
    report: Option<PathBuf>,
    /// Expected-pass list (default: tests/node_compat/passing.txt).
    #[arg(long)]
    expected: Option<PathBuf>,
    /// Run only the expected-pass list; fail on any that no longer pass.
    #[arg(long)]
    check: bool,
    /// Rewrite the expected-pass list from this run (with --filter: only the matching entries).
    #[arg(long)]
    update_expected: bool,
    /// nodus binary (default: $NODUS_BIN or target/release/nodus).
    #[arg(long)]
    nodus: Option<PathBuf>,
    /// Print every test's result as it finishes.
    #[arg(long, short)]
    verbose: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Pass,
    Skip(String),
    Fail(String),
    Timeout,
}

#[derive(Clone, Debug)]
pub struct TestResult {
    pub name: String,
    pub outcome: Outcome,
    pub millis: u128,
    /// First line of stderr that looks like the cause (an `Error:` line, else the last line).
    pub cause: String,
}

struct Runner {
    nodus: PathBuf,
    suite: PathBuf,
    timeout: Duration,
    compat: Option<String>,
    serial: AtomicUsize,
}

pub fn run(args: Args, root: &Path) -> Result<()> {
    let suite = args
        .suite
        .clone()
        .or_else(|| std::env::var_os("NODUS_NODE_TEST_DIR").map(PathBuf::from))
        .unwrap_or_else(|| root.join("../shared/node-test"));
    let parallel = suite.join("test/parallel");
    if !parallel.is_dir() {
        bail!("{} has no test/parallel; pass --suite or set NODUS_NODE_TEST_DIR", suite.display());
    }
    let suite = suite.canonicalize()?;
    let nodus = args
        .nodus
        .clone()
        .or_else(|| std::env::var_os("NODUS_BIN").map(PathBuf::from))
        .unwrap_or_else(|| root.join("target/release/nodus"));
    if !nodus.is_file() {
        bail!("{} not found; build it with `cargo build --release` or pass --nodus", nodus.display());
    }
    let nodus = nodus.canonicalize()?;
    let expected_path = args.expected.clone().unwrap_or_else(|| root.join("tests/node_compat/passing.txt"));
    let flaky_path = expected_path.with_file_name("flaky.txt");
    let runner = Arc::new(Runner {
        nodus,
        suite: suite.clone(),
        timeout: Duration::from_secs(args.timeout),
        compat: args.compat.clone(),
        serial: AtomicUsize::new(0),
    });
    let jobs = args.jobs.max(1);

    if args.check {
        let names = read_list(&expected_path)?;
        let names: Vec<String> = names.into_iter().filter(|n| matches_filter(&args.filter, n)).collect();
        let start = Instant::now();
        let first = run_all(&runner, names.clone(), jobs, args.verbose);
        let failed: Vec<String> = first.iter().filter(|r| r.outcome != Outcome::Pass).map(|r| r.name.clone()).collect();
        let retried = run_all(&runner, failed, jobs, args.verbose);
        let mut flaky = Vec::new();
        let mut regressions = Vec::new();
        for r in retried {
            if r.outcome == Outcome::Pass {
                flaky.push(r.name);
            } else {
                regressions.push(r);
            }
        }
        println!("node-compat check: {} expected to pass, {} regressed, {} flaky, {:.1}s", names.len(), regressions.len(), flaky.len(), start.elapsed().as_secs_f64());
        if !flaky.is_empty() {
            record_flaky(&flaky_path, &flaky)?;
            for f in &flaky {
                println!("flaky: {f} (passed on retry; recorded in {})", flaky_path.display());
            }
        }
        if let Some(report) = &args.report {
            std::fs::write(report, render_report(&first, &suite, start.elapsed(), Some("check of passing.txt")))?;
        }
        if !regressions.is_empty() {
            for r in &regressions {
                eprintln!("REGRESSION {}: {} {}", r.name, describe(&r.outcome), r.cause);
            }
            bail!("{} test(s) of {} no longer pass", regressions.len(), expected_path.display());
        }
        return Ok(());
    }

    let mut names: Vec<String> = std::fs::read_dir(&parallel)?
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.starts_with("test-") && (n.ends_with(".js") || n.ends_with(".mjs") || n.ends_with(".cjs")))
        .filter(|n| matches_filter(&args.filter, n))
        .collect();
    names.sort();
    let start = Instant::now();
    let mut results = run_all(&runner, names, jobs, args.verbose);
    let wall = start.elapsed();
    results.sort_by(|a, b| a.name.cmp(&b.name));

    let (pass, skip, fail) = totals(&results);
    println!("node-compat: {} tests: {pass} passed, {skip} skipped, {fail} failed in {:.1}s (--jobs {jobs})", results.len(), wall.as_secs_f64());

    let out_dir = root.join("target/node-compat");
    std::fs::create_dir_all(&out_dir)?;
    let mut tsv = String::from("name\tstatus\tmillis\tcause\n");
    for r in &results {
        tsv.push_str(&format!("{}\t{}\t{}\t{}\n", r.name, describe(&r.outcome), r.millis, r.cause.replace('\t', " ")));
    }
    std::fs::write(out_dir.join("results.tsv"), tsv)?;

    let report = match (&args.report, &args.filter) {
        (Some(r), _) => Some(r.clone()),
        (None, None) => Some(root.join("tests/node_compat/REPORT.md")),
        (None, Some(_)) => None,
    };
    if let Some(report) = report {
        let note = args.filter.as_ref().map(|f| format!("filtered run: `{f}`"));
        std::fs::write(&report, render_report(&results, &suite, wall, note.as_deref()))
            .with_context(|| format!("writing {}", report.display()))?;
        println!("report: {}", report.display());
    }
    println!("details: {}", out_dir.join("results.tsv").display());

    if args.update_expected {
        let flaky: BTreeSet<String> = read_list(&flaky_path).unwrap_or_default().into_iter().collect();
        let mut list: BTreeSet<String> = read_list(&expected_path)
            .unwrap_or_default()
            .into_iter()
            .filter(|n| !matches_filter(&args.filter, n))
            .collect();
        list.extend(results.iter().filter(|r| r.outcome == Outcome::Pass && !flaky.contains(&r.name)).map(|r| r.name.clone()));
        let mut text = String::new();
        for n in &list {
            text.push_str(n);
            text.push('\n');
        }
        std::fs::write(&expected_path, text)?;
        println!("{}: {} expected to pass", expected_path.display(), list.len());
    }
    Ok(())
}

fn describe(o: &Outcome) -> String {
    match o {
        Outcome::Pass => "pass".into(),
        Outcome::Skip(_) => "skip".into(),
        Outcome::Fail(code) => format!("fail({code})"),
        Outcome::Timeout => "timeout".into(),
    }
}

fn totals(results: &[TestResult]) -> (usize, usize, usize) {
    let pass = results.iter().filter(|r| r.outcome == Outcome::Pass).count();
    let skip = results.iter().filter(|r| matches!(r.outcome, Outcome::Skip(_))).count();
    (pass, skip, results.len() - pass - skip)
}

/// Lines of a list file, without comments (`# ...`) and blanks.
fn read_list(path: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(text
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect())
}

fn record_flaky(path: &Path, names: &[String]) -> Result<()> {
    let mut text = std::fs::read_to_string(path).unwrap_or_default();
    let known: BTreeSet<String> = read_list(path).unwrap_or_default().into_iter().collect();
    for n in names.iter().filter(|n| !known.contains(*n)) {
        text.push_str(&format!("{n}  # passed on retry\n"));
    }
    std::fs::write(path, text)?;
    Ok(())
}

/// Family of a test file: `test-buffer-alloc.js` -> `buffer`.
pub fn family(name: &str) -> &str {
    let stem = name.strip_prefix("test-").unwrap_or(name);
    let stem = stem.split('.').next().unwrap_or(stem);
    stem.split('-').next().unwrap_or(stem)
}

fn matches_filter(filter: &Option<String>, name: &str) -> bool {
    match filter {
        None => true,
        Some(f) => {
            let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
            glob(f.as_bytes(), name.as_bytes()) || glob(f.as_bytes(), stem.as_bytes())
        }
    }
}

/// `*` and `?` glob match.
pub fn glob(p: &[u8], s: &[u8]) -> bool {
    let (mut pi, mut si, mut star, mut mark) = (0, 0, None, 0);
    while si < s.len() {
        if pi < p.len() && (p[pi] == b'?' || p[pi] == s[si]) {
            pi += 1;
            si += 1;
        } else if pi < p.len() && p[pi] == b'*' {
            star = Some(pi);
            mark = si;
            pi += 1;
        } else if let Some(st) = star {
            pi = st + 1;
            mark += 1;
            si = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == b'*' {
        pi += 1;
    }
    pi == p.len()
}

/// Flags of the file's first `// Flags:` line, as Node's test runner reads them.
pub fn flags_of(source: &str) -> Vec<String> {
    source
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("// Flags:"))
        .map(|f| f.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default()
}

fn run_all(runner: &Arc<Runner>, names: Vec<String>, jobs: usize, verbose: bool) -> Vec<TestResult> {
    let total = names.len();
    let queue = Arc::new(Mutex::new(names.into_iter().rev().collect::<Vec<_>>()));
    let results = Arc::new(Mutex::new(Vec::with_capacity(total)));
    let threads: Vec<_> = (0..jobs.min(total.max(1)))
        .map(|_| {
            let (queue, results, runner) = (queue.clone(), results.clone(), runner.clone());
            std::thread::spawn(move || loop {
                let Some(name) = queue.lock().unwrap().pop() else { break };
                let r = runner.run_one(&name);
                let mut all = results.lock().unwrap();
                all.push(r);
                let r = all.last().unwrap();
                if verbose {
                    println!("[{}/{total}] {} {} {}ms {}", all.len(), describe(&r.outcome), r.name, r.millis, r.cause);
                } else if all.len() % 100 == 0 {
                    eprintln!("[{}/{total}]", all.len());
                }
            })
        })
        .collect();
    for t in threads {
        let _ = t.join();
    }
    let mut v = std::mem::take(&mut *results.lock().unwrap());
    v.sort_by(|a, b| a.name.cmp(&b.name));
    v
}

impl Runner {
    fn run_one(&self, name: &str) -> TestResult {
        let started = Instant::now();
        let serial = self.serial.fetch_add(1, Ordering::SeqCst);
        let rel = format!("test/parallel/{name}");
        let source = std::fs::read_to_string(self.suite.join(&rel)).unwrap_or_default();
        let tmp = std::env::temp_dir().join(format!("nodus-compat-{}-{serial}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        let result = (|| -> std::io::Result<(Outcome, String)> {
            std::fs::create_dir_all(&tmp)?;
            let mut cmd = Command::new(&self.nodus);
            cmd.args(flags_of(&source));
            if let Some(line) = &self.compat {
                cmd.arg(format!("--compat={line}"));
            }
            cmd.arg(&rel)
                .current_dir(&self.suite)
                .env("NODE_TEST_DIR", &tmp)
                .env("TEST_SERIAL_ID", serial.to_string())
                .env("NODE_SKIP_FLAG_CHECK", "1")
                .env_remove("NODE_OPTIONS")
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .process_group(0);
            let mut child = cmd.spawn()?;
            let pgid = child.id();
            let out = reader(child.stdout.take().unwrap());
            let err = reader(child.stderr.take().unwrap());
            let deadline = started + self.timeout;
            let status = loop {
                if let Some(s) = child.try_wait()? {
                    break Some(s);
                }
                if Instant::now() >= deadline {
                    break None;
                }
                std::thread::sleep(Duration::from_millis(10));
            };
            // Kill the whole process group: the test's own children must not outlive it
            // (they would also hold the output pipes open).
            let _ = Command::new("kill").args(["-KILL", "--", &format!("-{pgid}")]).stderr(Stdio::null()).status();
            let _ = child.wait();
            let stdout = out.join().unwrap_or_default();
            let stderr = err.join().unwrap_or_default();
            let cause = cause_of(&stderr);
            let outcome = match status {
                None => Outcome::Timeout,
                Some(s) if s.success() => match skip_reason(&stdout) {
                    Some(reason) => Outcome::Skip(reason),
                    None => Outcome::Pass,
                },
                Some(s) => Outcome::Fail(match s.code() {
                    Some(c) => c.to_string(),
                    None => format!("signal {}", std::os::unix::process::ExitStatusExt::signal(&s).unwrap_or(0)),
                }),
            };
            Ok((outcome, cause))
        })();
        let _ = std::fs::remove_dir_all(&tmp);
        let (outcome, cause) = result.unwrap_or_else(|e| (Outcome::Fail("spawn".into()), e.to_string()));
        TestResult { name: name.to_string(), outcome, millis: started.elapsed().as_millis(), cause }
    }
}

fn reader<R: Read + Send + 'static>(mut r: R) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let mut chunk = [0u8; 8192];
        while let Ok(n) = r.read(&mut chunk) {
            if n == 0 {
                break;
            }
            // Keep at most 1 MiB; the rest is drained so the child never blocks.
            if buf.len() < 1 << 20 {
                buf.extend_from_slice(&chunk[..n]);
            }
        }
        String::from_utf8_lossy(&buf).into_owned()
    })
}

/// Node's `common.skip()` line: `1..0 # Skipped: <reason>`.
pub fn skip_reason(stdout: &str) -> Option<String> {
    stdout.lines().find_map(|l| l.trim().strip_prefix("1..0 # Skipped:").map(|r| r.trim().to_string()))
}

/// The line of stderr most likely to name the cause of a failure.
pub fn cause_of(stderr: &str) -> String {
    let lines: Vec<&str> = stderr.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let pick = lines
        .iter()
        .find(|l| !l.starts_with("at ") && (l.contains("Error") || l.contains("ERR_")))
        .or_else(|| lines.last())
        .copied()
        .unwrap_or("");
    let mut s: String = pick.chars().take(200).collect();
    if s.len() < pick.len() {
        s.push('…');
    }
    s
}

fn render_report(results: &[TestResult], suite: &Path, wall: Duration, note: Option<&str>) -> String {
    let (pass, skip, fail) = totals(results);
    let mut fams: BTreeMap<&str, [usize; 4]> = BTreeMap::new();
    for r in results {
        let e = fams.entry(family(&r.name)).or_default();
        e[0] += 1;
        match r.outcome {
            Outcome::Pass => e[1] += 1,
            Outcome::Skip(_) => e[2] += 1,
            _ => e[3] += 1,
        }
    }
    let mut causes: BTreeMap<&str, usize> = BTreeMap::new();
    for r in results.iter().filter(|r| matches!(r.outcome, Outcome::Fail(_) | Outcome::Timeout)) {
        *causes.entry(if r.outcome == Outcome::Timeout { "(timeout)" } else { r.cause.as_str() }).or_default() += 1;
    }
    let mut causes: Vec<_> = causes.into_iter().collect();
    causes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));

    let mut md = String::from("# Node.js test-suite compatibility\n\n");
    md.push_str("Generated by `cargo xtask node-compat`; do not edit by hand.\n\n");
    let version = std::fs::read_to_string(suite.join("README.md"))
        .ok()
        .and_then(|t| t.lines().next().map(|l| l.trim_start_matches("# ").to_string()))
        .unwrap_or_else(|| suite.display().to_string());
    md.push_str(&format!("- suite: {version} (`test/parallel`)\n"));
    if let Some(n) = note {
        md.push_str(&format!("- {n}\n"));
    }
    let pct = |n: usize| if results.is_empty() { 0.0 } else { 100.0 * n as f64 / results.len() as f64 };
    md.push_str(&format!(
        "- **{} tests: {pass} passed ({:.1}%), {skip} skipped, {fail} failed**\n- wall time: {:.0}s\n\n",
        results.len(),
        pct(pass),
        wall.as_secs_f64()
    ));
    md.push_str("## Most common failure causes\n\n| tests | first error line on stderr |\n|---:|---|\n");
    for (c, n) in causes.iter().take(15) {
        md.push_str(&format!("| {n} | `{}` |\n", c.replace('|', "\\|").replace('`', "'")));
    }
    md.push_str("\n## By family\n\n| family | tests | pass | skip | fail | pass % |\n|---|---:|---:|---:|---:|---:|\n");
    for (f, [t, p, s, x]) in &fams {
        md.push_str(&format!("| {f} | {t} | {p} | {s} | {x} | {:.0}% |\n", 100.0 * *p as f64 / *t as f64));
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_globs_flags_skips() {
        assert_eq!(family("test-buffer-alloc.js"), "buffer");
        assert_eq!(family("test-assert.js"), "assert");
        assert!(glob(b"test-buffer-*", b"test-buffer-alloc.js"));
        assert!(glob(b"test-buf?er", b"test-buffer"));
        assert!(!glob(b"test-buf?er", b"test-buffers"));
        assert_eq!(flags_of("'use strict';\n// Flags: --expose-internals --no-warnings\n"), vec!["--expose-internals", "--no-warnings"]);
        assert_eq!(skip_reason("1..0 # Skipped: no IPv6\n").as_deref(), Some("no IPv6"));
        assert_eq!(cause_of("x\n  at foo\nTypeError: boom\n    at y\n"), "TypeError: boom");
    }
}
