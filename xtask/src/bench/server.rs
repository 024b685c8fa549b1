//! Server workloads: a runtime serves `bench/<dir>/hello.mjs` pinned to CPU 0
//! while `wrk -t1 -c64` loads it from CPU 1. Yields requests/s and the
//! server's peak RSS after the load.

use super::{argv, bench_cmd, Runtime, Samples};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// Requests/s and peak RSS (MiB) of each runtime serving `script`, `runs`
/// rounds in rotating order, each a 1 s warm-up then `seconds` of load.
pub fn serve_samples(runtimes: &[Runtime], script: &Path, runs: usize, seconds: u32) -> (Samples, Samples) {
    let mut rps: Samples = Samples::new();
    let mut rss: Samples = Samples::new();
    let live: Vec<&Runtime> = runtimes.iter().filter(|r| r.missing.is_none()).collect();
    for rt in &live {
        rps.insert(rt.name.clone(), Ok(vec![]));
        rss.insert(rt.name.clone(), Ok(vec![]));
    }
    for round in 0..runs {
        for i in 0..live.len() {
            let rt = live[(i + round) % live.len()];
            match one_run(rt, script, seconds) {
                Ok((r, m)) => {
                    if let Some(Ok(v)) = rps.get_mut(&rt.name) {
                        v.push(r);
                    }
                    if let Some(Ok(v)) = rss.get_mut(&rt.name) {
                        v.push(m);
                    }
                }
                Err(e) => {
                    eprintln!("bench: {} on {}: {e}", rt.name, script.display());
                    rps.insert(rt.name.clone(), Err(e.clone()));
                    rss.insert(rt.name.clone(), Err(e));
                }
            }
        }
    }
    (rps, rss)
}

/// Kills the server when the run ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn one_run(rt: &Runtime, script: &Path, seconds: u32) -> Result<(f64, f64), String> {
    let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
    let a = argv(rt, script);
    let mut cmd = bench_cmd(Path::new("taskset"));
    cmd.args(["-c", "0"]).args(&a).env("PORT", port.to_string()).current_dir(script.parent().unwrap());
    let mut server = Server(cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().map_err(|e| e.to_string())?);
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = server.0.try_wait() {
            let mut err = String::new();
            if let Some(mut e) = server.0.stderr.take() {
                let _ = std::io::Read::read_to_string(&mut e, &mut err);
            }
            return Err(format!("server exited ({status}): {}", err.lines().find(|l| l.contains("Error")).unwrap_or(err.lines().next().unwrap_or(""))));
        }
        if start.elapsed() > Duration::from_secs(15) {
            return Err("server did not listen within 15 s".into());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let url = format!("http://127.0.0.1:{port}/");
    wrk(&url, 1)?;
    let rps = wrk(&url, seconds)?;
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.0.id())).unwrap_or_default();
    // taskset execs the runtime, so the pid is the server's own.
    let hwm_kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or("no VmHWM in /proc/<pid>/status")?;
    Ok((rps, hwm_kib / 1024.0))
}

/// Runs wrk pinned to CPU 1; returns its Requests/sec.
fn wrk(url: &str, seconds: u32) -> Result<f64, String> {
    let o = bench_cmd(Path::new("taskset"))
        .args(["-c", "1", "wrk", "-t1", "-c64", &format!("-d{seconds}s"), url])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("wrk: {e}"))?;
    let out = String::from_utf8_lossy(&o.stdout);
    if let Some(line) = out.lines().find(|l| l.contains("Non-2xx")) {
        return Err(format!("wrk: {}", line.trim()));
    }
    out.lines()
        .find_map(|l| l.strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| format!("no Requests/sec in wrk output: {}", out.trim()))
}
