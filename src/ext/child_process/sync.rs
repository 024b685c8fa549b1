//! `spawnSync`: runs a child to completion on the calling thread, as Node's
//! `SyncProcessRunner` does with a private loop: input is written to the pipes
//! the child reads, the pipes it writes are collected, and `timeout` and
//! `maxBuffer` (over all output) kill it with `killSignal`.

use super::spawn::{pidfd_open, spawn_child};
use super::{reap, SpawnOptions};
use std::os::fd::{AsRawFd, OwnedFd};
use std::time::{Duration, Instant};

/// The outcome of one synchronous run.
#[derive(Default, Debug)]
pub struct RunResult {
    pub pid: i32,
    pub status: Option<i32>,
    pub signal: Option<i32>,
    pub output: Option<Vec<Option<Vec<u8>>>>,
    pub error: Option<i32>,
}

struct Pipe {
    fd: OwnedFd,
    /// Bytes still to write (the child reads this pipe).
    input: Option<Vec<u8>>,
    written: usize,
    /// Collecting what the child writes; false once it reached EOF.
    reading: bool,
}

fn set_nonblocking(fd: i32) {
    // SAFETY: fcntl on an open descriptor.
    unsafe {
        let fl = libc::fcntl(fd, libc::F_GETFL);
        libc::fcntl(fd, libc::F_SETFL, fl | libc::O_NONBLOCK);
    }
}

// Node's Kill() closes the stdio pipes: nothing more is read or written.
fn close_all(pipes: &mut [(usize, Pipe)]) {
    for (_, p) in pipes.iter_mut() {
        p.reading = false;
        p.input = None;
    }
}

/// Runs the child described by `opts`. Plain Rust so that ops and tests share it.
pub fn run(opts: &SpawnOptions) -> RunResult {
    let kinds = opts.kinds();
    let spawned = match spawn_child(opts, &kinds) {
        Ok(s) => s,
        Err((errno, _)) => return RunResult { error: Some(-errno), ..Default::default() },
    };
    let pid = spawned.pid;
    let mut output: Vec<Option<Vec<u8>>> = vec![None; kinds.len()];
    let mut pipes: Vec<(usize, Pipe)> = Vec::new();
    for (i, fd) in spawned.parent_fds.into_iter().enumerate() {
        let Some(fd) = fd else { continue };
        let entry = opts.stdio.get(i);
        let child_reads = entry.and_then(|e| e.readable).unwrap_or(i == 0);
        let child_writes = entry.and_then(|e| e.writable).unwrap_or(i != 0);
        set_nonblocking(fd.as_raw_fd());
        let input = if child_reads { Some(entry.and_then(|e| e.input.as_ref()).map(|b| b.to_vec()).unwrap_or_default()) } else { None };
        if child_writes {
            output[i] = Some(Vec::new());
        }
        pipes.push((i, Pipe { fd, input, written: 0, reading: child_writes }));
    }
    let pidfd = pidfd_open(pid);
    let start = Instant::now();
    let timeout = opts.timeout.filter(|t| *t > 0.0 && t.is_finite()).map(|t| Duration::from_millis(t as u64));
    let max_buffer = opts.max_buffer.filter(|m| m.is_finite() && *m >= 0.0).map(|m| m as usize);
    let kill_signal = opts.kill_signal.unwrap_or(libc::SIGTERM);
    let mut error: Option<i32> = None;
    let mut killed = false;
    let mut exit: Option<(i32, i32)> = None;
    let mut total = 0usize;
    let mut buf = vec![0u8; 64 * 1024];
    let kill = |killed: &mut bool| {
        if !*killed {
            *killed = true;
            // SAFETY: signalling our own, not yet reaped child.
            unsafe { libc::kill(pid, kill_signal) };
        }
    };
    loop {
        if killed {
            close_all(&mut pipes);
        }
        // Input with nothing (left) to write ends with a shutdown: EOF for the child.
        for (_, p) in pipes.iter_mut() {
            if let Some(input) = &p.input {
                if p.written >= input.len() {
                    // SAFETY: shutdown on an open socket.
                    unsafe { libc::shutdown(p.fd.as_raw_fd(), libc::SHUT_WR) };
                    p.input = None;
                }
            }
        }
        if exit.is_none() {
            exit = reap(pid, false);
        }
        let open_reads = pipes.iter().any(|(_, p)| p.reading);
        if exit.is_some() && !open_reads {
            break;
        }
        let mut pfds: Vec<libc::pollfd> = Vec::new();
        let mut which: Vec<usize> = Vec::new();
        for (k, (_, p)) in pipes.iter().enumerate() {
            let mut events = 0;
            if p.reading {
                events |= libc::POLLIN;
            }
            if p.input.is_some() {
                events |= libc::POLLOUT;
            }
            if events != 0 {
                pfds.push(libc::pollfd { fd: p.fd.as_raw_fd(), events, revents: 0 });
                which.push(k);
            }
        }
        let pidfd_at = match (&pidfd, exit) {
            (Some(fd), None) => {
                pfds.push(libc::pollfd { fd: fd.as_raw_fd(), events: libc::POLLIN, revents: 0 });
                Some(pfds.len() - 1)
            }
            _ => None,
        };
        let mut wait_ms: i32 = if pidfd.is_none() && exit.is_none() { 10 } else { -1 };
        if let (Some(t), false) = (timeout, killed) {
            let left = t.saturating_sub(start.elapsed());
            let ms = left.as_millis().min(i32::MAX as u128) as i32;
            wait_ms = if wait_ms < 0 { ms } else { wait_ms.min(ms) };
            if left.is_zero() {
                error.get_or_insert(-libc::ETIMEDOUT);
                kill(&mut killed);
                close_all(&mut pipes);
                continue;
            }
        }
        // SAFETY: pfds is a valid array of pfds.len() pollfds.
        let n = unsafe { libc::poll(pfds.as_mut_ptr(), pfds.len() as libc::nfds_t, wait_ms) };
        if n < 0 {
            if std::io::Error::last_os_error().raw_os_error() == Some(libc::EINTR) {
                continue;
            }
            break;
        }
        let _ = pidfd_at;
        for (slot, &k) in which.iter().enumerate() {
            let revents = pfds[slot].revents;
            if revents == 0 {
                continue;
            }
            let (idx, p) = &mut pipes[k];
            let fd = p.fd.as_raw_fd();
            if p.input.is_some() && revents & (libc::POLLOUT | libc::POLLERR | libc::POLLHUP) != 0 {
                let input = p.input.as_ref().unwrap();
                // SAFETY: writing from a valid slice; MSG_NOSIGNAL keeps EPIPE an error.
                let w = unsafe {
                    libc::send(fd, input[p.written..].as_ptr().cast(), input.len() - p.written, libc::MSG_NOSIGNAL)
                };
                if w > 0 {
                    p.written += w as usize;
                } else if w < 0 {
                    let e = std::io::Error::last_os_error().raw_os_error();
                    if e != Some(libc::EAGAIN) && e != Some(libc::EINTR) {
                        // The child closed its end: the rest of the input is dropped.
                        p.input = None;
                    }
                }
            }
            if p.reading && revents & (libc::POLLIN | libc::POLLHUP | libc::POLLERR) != 0 {
                // SAFETY: reading into a valid buffer.
                let r = unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) };
                if r > 0 {
                    let r = r as usize;
                    if let Some(out) = output[*idx].as_mut() {
                        out.extend_from_slice(&buf[..r]);
                    }
                    total += r;
                    if let Some(max) = max_buffer {
                        if total > max {
                            error.get_or_insert(-libc::ENOBUFS);
                            kill(&mut killed);
                        }
                    }
                } else if r == 0 {
                    p.reading = false;
                } else {
                    let e = std::io::Error::last_os_error().raw_os_error();
                    if e != Some(libc::EAGAIN) && e != Some(libc::EINTR) {
                        p.reading = false;
                    }
                }
            }
        }
    }
    let (status, signal) = exit.unwrap_or((0, 0));
    RunResult {
        pid,
        status: if signal != 0 { None } else { Some(status) },
        signal: if signal != 0 { Some(signal) } else { None },
        output: Some(output),
        error,
    }
}
