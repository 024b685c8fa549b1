//! `child_process`: running programs. `spawnSync` blocks the calling thread as
//! Node's does; the async form runs the child on tokio's blocking pool.

use crate::ext::error::SysError;
use deno_core::serde::{Deserialize, Serialize};
use deno_core::{op2, OpDecl};
use std::io::{Read, Write};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The child_process subsystem's ops.
pub fn ops() -> Vec<OpDecl> {
    vec![op_child_process_spawn_sync(), op_child_process_run()]
}

/// What to run and how, as `spawnSync` options arrive from JS.
#[derive(Deserialize, Default, Clone)]
#[serde(rename_all = "camelCase", crate = "deno_core::serde")]
pub struct SpawnOptions {
    pub file: String,
    pub args: Vec<String>,
    pub cwd: Option<String>,
    pub env_pairs: Option<Vec<String>>,
    /// `pipe`, `inherit` or `ignore` for fds 0, 1, 2.
    pub stdio: [String; 3],
    pub input: Option<Vec<u8>>,
    pub timeout: Option<u64>,
    pub max_buffer: Option<f64>,
    pub kill_signal: Option<i32>,
    pub uid: Option<u32>,
    pub gid: Option<u32>,
    pub argv0: Option<String>,
    pub detached: Option<bool>,
}

/// The outcome Node's `spawnSync` reports.
#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase", crate = "deno_core::serde")]
pub struct SpawnResult {
    pub pid: u32,
    pub status: Option<i32>,
    pub signal: Option<i32>,
    pub stdout: Option<Vec<u8>>,
    pub stderr: Option<Vec<u8>>,
    /// Negative errno when the child could not start (`spawnSync <file> ENOENT`),
    /// or `ETIMEDOUT`/`ENOBUFS` when it was killed for a limit.
    pub error: Option<i32>,
}

fn stdio_for(kind: &str) -> Stdio {
    match kind {
        "inherit" => Stdio::inherit(),
        "ignore" => Stdio::null(),
        _ => Stdio::piped(),
    }
}

/// Runs a child to completion. Plain Rust so that both ops and tests use it.
pub fn spawn_and_wait(opts: &SpawnOptions) -> SpawnResult {
    let mut cmd = Command::new(&opts.file);
    cmd.args(&opts.args);
    if let Some(a0) = &opts.argv0 {
        cmd.arg0(a0);
    }
    if let Some(cwd) = &opts.cwd {
        cmd.current_dir(cwd);
    }
    if let Some(pairs) = &opts.env_pairs {
        cmd.env_clear();
        for pair in pairs {
            if let Some((k, v)) = pair.split_once('=') {
                cmd.env(k, v);
            }
        }
    }
    if let Some(uid) = opts.uid {
        cmd.uid(uid);
    }
    if let Some(gid) = opts.gid {
        cmd.gid(gid);
    }
    if opts.detached == Some(true) {
        cmd.process_group(0);
    }
    cmd.stdin(if opts.input.is_some() { Stdio::piped() } else { stdio_for(&opts.stdio[0]) });
    cmd.stdout(stdio_for(&opts.stdio[1]));
    cmd.stderr(stdio_for(&opts.stdio[2]));
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => {
            return SpawnResult { error: Some(-e.raw_os_error().unwrap_or(libc::ENOENT)), ..Default::default() };
        }
    };
    let pid = child.id();
    // A piped stdin gets `input` and is then closed, as Node's spawnSync does:
    // with no input the child reads EOF at once instead of waiting forever.
    let stdin = child.stdin.take();
    if let (Some(mut stdin), Some(input)) = (stdin, opts.input.clone()) {
        std::thread::spawn(move || {
            let _ = stdin.write_all(&input);
        });
    }
    let max = opts.max_buffer.filter(|m| m.is_finite()).map(|m| m as usize);
    let reader = |pipe: Option<Box<dyn Read + Send>>| {
        pipe.map(|mut p| {
            std::thread::spawn(move || {
                let mut buf = Vec::new();
                let _ = p.read_to_end(&mut buf);
                buf
            })
        })
    };
    let out_h = reader(child.stdout.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let err_h = reader(child.stderr.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let start = Instant::now();
    let mut timed_out = false;
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break s,
            Ok(None) => {}
            Err(_) => break child.wait().unwrap_or_else(|_| std::process::ExitStatus::from_raw(1)),
        }
        if let Some(t) = opts.timeout.filter(|t| *t > 0) {
            if start.elapsed() >= Duration::from_millis(t) && !timed_out {
                timed_out = true;
                // SAFETY: signalling our own child.
                unsafe { libc::kill(pid as i32, opts.kill_signal.unwrap_or(libc::SIGTERM)) };
            }
        }
        std::thread::sleep(Duration::from_millis(1));
    };
    let stdout = out_h.map(|h| h.join().unwrap_or_default());
    let stderr = err_h.map(|h| h.join().unwrap_or_default());
    let over = |b: &Option<Vec<u8>>| matches!((b, max), (Some(b), Some(m)) if b.len() > m);
    let error = if timed_out {
        Some(-libc::ETIMEDOUT)
    } else if over(&stdout) || over(&stderr) {
        Some(-libc::ENOBUFS)
    } else {
        None
    };
    SpawnResult { pid, status: status.code(), signal: status.signal(), stdout, stderr, error }
}

#[op2]
#[serde]
fn op_child_process_spawn_sync(#[serde] opts: SpawnOptions) -> SpawnResult {
    spawn_and_wait(&opts)
}

/// The async form: the same run, off the event-loop thread.
#[op2]
#[serde]
async fn op_child_process_run(#[serde] opts: SpawnOptions) -> Result<SpawnResult, SysError> {
    tokio::task::spawn_blocking(move || spawn_and_wait(&opts))
        .await
        .map_err(|_| SysError { errno: libc::EIO, syscall: "spawn", path: None, dest: None })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(file: &str, args: &[&str]) -> SpawnOptions {
        SpawnOptions {
            file: file.into(),
            args: args.iter().map(|s| s.to_string()).collect(),
            stdio: ["pipe".into(), "pipe".into(), "pipe".into()],
            ..Default::default()
        }
    }

    #[test]
    fn captures_output_and_status() {
        let r = spawn_and_wait(&opts("sh", &["-c", "echo hi; echo err >&2; exit 3"]));
        assert_eq!(r.stdout.as_deref(), Some(&b"hi\n"[..]));
        assert_eq!(r.stderr.as_deref(), Some(&b"err\n"[..]));
        assert_eq!(r.status, Some(3));
    }

    #[test]
    fn missing_program_is_enoent() {
        let r = spawn_and_wait(&opts("/no/such/program", &[]));
        assert_eq!(r.error, Some(-libc::ENOENT));
    }

    #[test]
    fn piped_stdin_without_input_reads_eof() {
        let r = spawn_and_wait(&opts("cat", &[]));
        assert_eq!(r.status, Some(0));
        assert_eq!(r.stdout.as_deref(), Some(&b""[..]));
    }

    #[test]
    fn timeout_kills() {
        let mut o = opts("sleep", &["5"]);
        o.timeout = Some(50);
        let r = spawn_and_wait(&o);
        assert_eq!(r.error, Some(-libc::ETIMEDOUT));
        assert_eq!(r.signal, Some(libc::SIGTERM));
    }
}
