//! `child_process`: running programs, as libuv's `uv_spawn` and Node's
//! `process_wrap`/`spawn_sync` bindings do.
//!
//! - `spawn::spawn_child` forks and execs one child with its stdio set up from
//!   a list of entries (`pipe`, `ignore`, `fd`); a `pipe` is a socketpair, as
//!   libuv makes it, whose parent end JS adopts as a `Pipe` handle (the
//!   `op_net_*` stream layer), so `child.stdout` is a `net.Socket` as in Node.
//! - `ChildHandle` is the async side (Node's `Process` handle): a resource
//!   holding the pid and a pidfd that becomes readable when the child exits,
//!   so waiting costs no thread.
//! - `sync::run` is `spawnSync`: one poll loop on the calling thread that
//!   feeds `input`, collects output, enforces `timeout` and `maxBuffer`.

mod spawn;
mod sync;

use crate::ext::error::SysError;
use deno_core::serde::{Deserialize, Serialize};
use deno_core::{op2, AsyncRefCell, JsBuffer, OpDecl, OpState, RcRef, Resource, ResourceId, ToJsBuffer};
use std::borrow::Cow;
use std::cell::RefCell;
use std::os::fd::{IntoRawFd, OwnedFd};
use std::rc::Rc;

pub use spawn::{spawn_child, Spawned, StdioKind};

/// The child_process subsystem's ops.
pub fn ops() -> Vec<OpDecl> {
    vec![
        op_child_process_spawn(),
        op_child_process_wait(),
        op_child_process_kill(),
        op_child_process_close(),
        op_child_process_spawn_sync(),
        op_child_process_set_cloexec(),
    ]
}

/// One stdio entry as JS's `getValidStdio` describes it.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", crate = "deno_core::serde")]
pub struct StdioEntry {
    /// `pipe` (also `overlapped`, `ipc`), `ignore`, `fd` or `inherit`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The descriptor an `fd`/`inherit` entry passes on.
    pub fd: Option<i32>,
    /// spawnSync: the child reads this pipe (stdin-like).
    pub readable: Option<bool>,
    /// spawnSync: the child writes this pipe (output is collected).
    pub writable: Option<bool>,
    /// spawnSync: bytes written to this pipe, which is then closed.
    pub input: Option<JsBuffer>,
}

/// What to run and how, as Node's `normalizeSpawnArguments` leaves it.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", crate = "deno_core::serde")]
pub struct SpawnOptions {
    pub file: String,
    /// The whole argv, argv[0] included.
    pub args: Vec<String>,
    pub cwd: Option<String>,
    pub env_pairs: Option<Vec<String>>,
    pub stdio: Vec<StdioEntry>,
    pub uid: Option<u32>,
    pub gid: Option<u32>,
    pub detached: Option<bool>,
    // spawnSync only.
    pub timeout: Option<f64>,
    pub max_buffer: Option<f64>,
    pub kill_signal: Option<i32>,
}

impl SpawnOptions {
    fn kinds(&self) -> Vec<StdioKind> {
        self.stdio
            .iter()
            .enumerate()
            .map(|(i, e)| match e.kind.as_str() {
                "pipe" | "overlapped" | "ipc" => StdioKind::Pipe,
                "fd" | "inherit" => StdioKind::Fd(e.fd.unwrap_or(i as i32)),
                _ => StdioKind::Ignore,
            })
            .collect()
    }
}

/// A running child: Node's `Process` handle.
pub struct ChildHandle {
    pid: i32,
    /// Readable once the child has exited (None where pidfds are missing).
    pidfd: Option<AsyncRefCell<tokio::io::unix::AsyncFd<OwnedFd>>>,
    /// Set once the child has been reaped: its pid may be reused from then on.
    reaped: std::cell::Cell<bool>,
}

impl Resource for ChildHandle {
    fn name(&self) -> Cow<'_, str> {
        "childProcess".into()
    }
}

/// The result of `op_child_process_spawn`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase", crate = "deno_core::serde")]
pub struct SpawnInfo {
    /// 0 on success, else the negative errno (`UV_ENOENT`, ...).
    pub err: i32,
    pub rid: Option<ResourceId>,
    pub pid: i32,
    /// The parent's end of each `pipe` entry (-1 for the others). On a failed
    /// spawn the pipes exist too, their child ends closed, as Node's tests
    /// expect stdio to be set up even when the program is missing.
    pub fds: Vec<i32>,
}

fn into_fds(fds: Vec<Option<OwnedFd>>) -> Vec<i32> {
    fds.into_iter().map(|f| f.map(IntoRawFd::into_raw_fd).unwrap_or(-1)).collect()
}

/// `uv_spawn`: starts the child. Never throws for a system error: the errno
/// comes back in `err` as Node's `ProcessWrap::Spawn` returns it.
#[op2]
#[serde]
fn op_child_process_spawn(state: &mut OpState, #[serde] opts: SpawnOptions) -> SpawnInfo {
    let kinds = opts.kinds();
    match spawn_child(&opts, &kinds) {
        Ok(Spawned { pid, parent_fds }) => {
            let pidfd = spawn::pidfd_open(pid)
                // SAFETY: the OwnedFd moves into the AsyncFd and stays open as long as it.
                .and_then(|fd| unsafe { tokio::io::unix::AsyncFd::register_with_interest(fd, tokio::io::Interest::READABLE) }.ok())
                .map(AsyncRefCell::new);
            let rid = state.resource_table.add(ChildHandle { pid, pidfd, reaped: std::cell::Cell::new(false) });
            SpawnInfo { err: 0, rid: Some(rid), pid, fds: into_fds(parent_fds) }
        }
        Err((errno, parent_fds)) => SpawnInfo { err: -errno, rid: None, pid: 0, fds: into_fds(parent_fds) },
    }
}

/// How a child ended: `(exit status, terminating signal)`, as libuv's exit
/// callback reports it.
fn decode_status(status: i32) -> (i32, i32) {
    if libc::WIFSIGNALED(status) {
        (0, libc::WTERMSIG(status))
    } else {
        (libc::WEXITSTATUS(status), 0)
    }
}

/// Reaps the child if it has ended (`WNOHANG`), or waits for it (`block`).
fn reap(pid: i32, block: bool) -> Option<(i32, i32)> {
    let mut status = 0;
    loop {
        // SAFETY: status is a valid out-pointer.
        let r = unsafe { libc::waitpid(pid, &mut status, if block { 0 } else { libc::WNOHANG }) };
        if r == pid {
            return Some(decode_status(status));
        }
        if r < 0 && std::io::Error::last_os_error().raw_os_error() == Some(libc::EINTR) {
            continue;
        }
        if r < 0 {
            // ECHILD: someone else reaped it; its status is lost.
            return Some((0, 0));
        }
        return None;
    }
}

/// Waits for the child to end: `[exitStatus, termSignal]`.
#[op2]
#[serde]
async fn op_child_process_wait(state: Rc<RefCell<OpState>>, #[smi] rid: ResourceId) -> Result<(i32, i32), SysError> {
    let h = state
        .borrow()
        .resource_table
        .get::<ChildHandle>(rid)
        .map_err(|_| SysError { errno: libc::EBADF, syscall: "wait", path: None, dest: None })?;
    let pid = h.pid;
    let res = if h.pidfd.is_some() {
        let fd = RcRef::map(&h, |h| h.pidfd.as_ref().unwrap()).borrow_mut().await;
        loop {
            if let Some(r) = reap(pid, false) {
                break r;
            }
            match fd.readable().await {
                Ok(mut guard) => guard.clear_ready(),
                Err(_) => break tokio::task::spawn_blocking(move || reap(pid, true)).await.ok().flatten().unwrap_or((0, 0)),
            }
        }
    } else {
        tokio::task::spawn_blocking(move || reap(pid, true)).await.ok().flatten().unwrap_or((0, 0))
    };
    h.reaped.set(true);
    Ok(res)
}

/// `uv_process_kill`: 0, or the negative errno (`UV_ESRCH` once reaped).
#[op2(fast)]
fn op_child_process_kill(state: &mut OpState, #[smi] rid: ResourceId, signal: i32) -> i32 {
    let Ok(h) = state.resource_table.get::<ChildHandle>(rid) else { return -libc::ESRCH };
    if h.reaped.get() {
        return -libc::ESRCH;
    }
    // SAFETY: plain kill(2) on the child's pid (not yet reaped, so still ours).
    if unsafe { libc::kill(h.pid, signal) } == 0 {
        0
    } else {
        -std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EINVAL)
    }
}

/// Closes a `Process` handle (a pending wait ends with the resource).
#[op2(fast)]
fn op_child_process_close(state: &mut OpState, #[smi] rid: ResourceId) {
    if let Ok(h) = state.resource_table.take::<ChildHandle>(rid) {
        if !h.reaped.get() {
            // A child still running when its handle goes (an unref'd child at
            // exit) is left to run; a zombie is reaped by whoever waits next.
            let _ = reap(h.pid, false);
        }
    }
}

/// Marks a descriptor close-on-exec (the IPC channel a forked child adopts
/// must not leak into its own children).
#[op2(fast)]
fn op_child_process_set_cloexec(fd: i32) {
    // SAFETY: fcntl on a descriptor number; a bad one just fails.
    unsafe {
        let flags = libc::fcntl(fd, libc::F_GETFD);
        if flags >= 0 {
            libc::fcntl(fd, libc::F_SETFD, flags | libc::FD_CLOEXEC);
        }
    }
}

/// What Node's `spawn_sync.spawn` answers.
#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase", crate = "deno_core::serde")]
pub struct SyncResult {
    pub pid: i32,
    pub status: Option<i32>,
    pub signal: Option<i32>,
    /// One entry per stdio slot: the bytes of a pipe the child wrote, else null.
    pub output: Option<Vec<Option<ToJsBuffer>>>,
    /// Negative errno: the spawn failed, or the child was killed for a limit
    /// (`ETIMEDOUT`, `ENOBUFS`).
    pub error: Option<i32>,
}

#[op2]
#[serde]
fn op_child_process_spawn_sync(#[serde] opts: SpawnOptions) -> SyncResult {
    let r = sync::run(&opts);
    SyncResult {
        pid: r.pid,
        status: r.status,
        signal: r.signal,
        output: r.output.map(|o| o.into_iter().map(|b| b.map(ToJsBuffer::from)).collect()),
        error: r.error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(file: &str, args: &[&str]) -> SpawnOptions {
        let mut argv = vec![file.to_string()];
        argv.extend(args.iter().map(|s| s.to_string()));
        SpawnOptions {
            file: file.into(),
            args: argv,
            stdio: (0..3)
                .map(|i| StdioEntry {
                    kind: "pipe".into(),
                    readable: Some(i == 0),
                    writable: Some(i != 0),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn captures_output_and_status() {
        let r = sync::run(&opts("sh", &["-c", "echo hi; echo err >&2; exit 3"]));
        let out = r.output.unwrap();
        assert_eq!(out[1].as_deref(), Some(&b"hi\n"[..]));
        assert_eq!(out[2].as_deref(), Some(&b"err\n"[..]));
        assert_eq!(r.status, Some(3));
    }

    #[test]
    fn missing_program_is_enoent() {
        let r = sync::run(&opts("/no/such/program", &[]));
        assert_eq!(r.error, Some(-libc::ENOENT));
    }

    #[test]
    fn piped_stdin_without_input_reads_eof() {
        let r = sync::run(&opts("cat", &[]));
        assert_eq!(r.status, Some(0));
        assert_eq!(r.output.unwrap()[1].as_deref(), Some(&b""[..]));
    }

    #[test]
    fn timeout_kills() {
        let mut o = opts("sleep", &["5"]);
        o.timeout = Some(50.0);
        let r = sync::run(&o);
        assert_eq!(r.error, Some(-libc::ETIMEDOUT));
        assert_eq!(r.signal, Some(libc::SIGTERM));
    }

    #[test]
    fn max_buffer_kills() {
        let mut o = opts("sh", &["-c", "yes | head -c 100000; sleep 5"]);
        o.max_buffer = Some(10.0);
        let r = sync::run(&o);
        assert_eq!(r.error, Some(-libc::ENOBUFS));
    }

    #[test]
    fn extra_fd_is_a_pipe() {
        let mut o = opts("sh", &["-c", "echo three >&3"]);
        o.stdio.push(StdioEntry { kind: "pipe".into(), writable: Some(true), ..Default::default() });
        let r = sync::run(&o);
        assert_eq!(r.output.unwrap()[3].as_deref(), Some(&b"three\n"[..]));
    }
}
