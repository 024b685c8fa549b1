//! Workload 8: the npm CLI itself, `npm ci --offline` of `bench/express`'s
//! lockfile from a warm cache. Every runtime runs the same `npm-cli.js` (the
//! one the system `npm` command runs), so the JS executed is identical.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::{bench_cmd, Runtime, Samples};

/// A run that takes longer than this is a hang, reported as a failure.
const TIMEOUT: Duration = Duration::from_secs(120);

/// The JS entry point of the system `npm` (`npm` is a symlink to it).
fn npm_cli() -> Result<PathBuf, String> {
    let npm = super::which("npm").ok_or("npm is not installed")?;
    let cli = std::fs::canonicalize(&npm).map_err(|e| format!("{}: {e}", npm.display()))?;
    if cli.extension().and_then(|e| e.to_str()) == Some("js") {
        Ok(cli)
    } else {
        Err(format!("{} is not npm's JS entry point", cli.display()))
    }
}

/// A scratch project holding bench/express's manifest and lockfile, and an
/// npm cache filled from the registry once (with the system npm).
fn prepare(bench_dir: &Path, cache: &Path) -> Result<(PathBuf, PathBuf), String> {
    let project = std::env::temp_dir().join(format!("nodus-bench-npm-ci-{}", std::process::id()));
    std::fs::create_dir_all(&project).map_err(|e| e.to_string())?;
    for f in ["package.json", "package-lock.json"] {
        std::fs::copy(bench_dir.join("express").join(f), project.join(f)).map_err(|e| format!("{f}: {e}"))?;
    }
    let npm_cache = cache.join("npm-cache");
    eprintln!("bench: warming the npm cache in {}", npm_cache.display());
    let o = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error", "--cache"])
        .arg(&npm_cache)
        .current_dir(&project)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("npm not runnable: {e}"))?;
    if !o.status.success() {
        return Err(format!("warming npm cache failed: {}", String::from_utf8_lossy(&o.stderr).lines().next().unwrap_or("")));
    }
    Ok((project, npm_cache))
}

/// One `npm ci --offline` under `rt` in a project without node_modules: wall ms.
fn once(rt: &Runtime, cli: &Path, project: &Path, npm_cache: &Path) -> Result<f64, String> {
    let _ = std::fs::remove_dir_all(project.join("node_modules"));
    let mut c = bench_cmd(rt.bin.as_ref().unwrap());
    c.args(&rt.pre)
        .arg(cli)
        .args(["ci", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error", "--cache"])
        .arg(npm_cache)
        .current_dir(project)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let t = Instant::now();
    let mut child = c.spawn().map_err(|e| e.to_string())?;
    loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            let out = child.wait_with_output().map_err(|e| e.to_string())?;
            if !status.success() {
                let err = String::from_utf8_lossy(&out.stderr);
                let line = err.lines().find(|l| l.contains("rror")).or_else(|| err.lines().next()).unwrap_or("").trim().to_string();
                return Err(format!("exit {:?}: {line}", status.code()));
            }
            if !project.join("node_modules/express/package.json").is_file() {
                return Err("npm ci exited 0 without installing express".into());
            }
            return Ok(ms);
        }
        if t.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("no exit within {}s", TIMEOUT.as_secs()));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Wall time of `npm ci --offline` per runtime, runs alternating between them
/// (the first run of each also warms the page cache).
pub fn npm_ci_samples(runtimes: &[Runtime], bench_dir: &Path, cache: &Path, runs: usize) -> Result<Samples, String> {
    let cli = npm_cli()?;
    let (project, npm_cache) = prepare(bench_dir, cache)?;
    let samples = super::alternating(runtimes, runs, |rt| once(rt, &cli, &project, &npm_cache));
    let _ = std::fs::remove_dir_all(&project);
    Ok(samples)
}
