//! Fork and exec with Node's stdio layout (libuv's `uv_spawn` on Unix).

use super::SpawnOptions;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};

/// What the child gets at one descriptor.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum StdioKind {
    /// A new socketpair; the parent keeps the other end.
    Pipe,
    /// `/dev/null` for 0-2, nothing (closed) above.
    Ignore,
    /// A descriptor of the parent's, shared.
    Fd(RawFd),
}

/// A started child: its pid and the parent's end of each `Pipe` entry.
pub struct Spawned {
    pub pid: i32,
    pub parent_fds: Vec<Option<OwnedFd>>,
}

fn last_errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EIO)
}

/// Duplicates `fd` to a close-on-exec descriptor numbered `min` or above, so
/// the dup2s in the child never overwrite a source still to be used.
fn dup_above(fd: RawFd, min: i32) -> Result<OwnedFd, i32> {
    // SAFETY: fcntl on a descriptor number; the result is a new descriptor we own.
    let n = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, min) };
    if n < 0 {
        return Err(last_errno());
    }
    // SAFETY: n is a fresh descriptor owned by nobody else.
    Ok(unsafe { OwnedFd::from_raw_fd(n) })
}

/// A connected pair of Unix stream sockets, both close-on-exec.
pub fn socketpair() -> Result<(OwnedFd, OwnedFd), i32> {
    let mut fds = [0; 2];
    // SAFETY: fds is a valid out-array of two ints.
    if unsafe { libc::socketpair(libc::AF_UNIX, libc::SOCK_STREAM | libc::SOCK_CLOEXEC, 0, fds.as_mut_ptr()) } != 0 {
        return Err(last_errno());
    }
    // SAFETY: both are fresh descriptors.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

/// A pidfd for `pid` (readable once it exits), where the kernel has them.
pub fn pidfd_open(pid: i32) -> Option<OwnedFd> {
    // SAFETY: pidfd_open(2) takes a pid and flags; the result is ours.
    let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0) } as i32;
    if fd < 0 {
        return None;
    }
    // SAFETY: fd is a fresh descriptor (pidfds are close-on-exec).
    Some(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// Starts `opts.file` with argv `opts.args` and stdio `kinds`. On failure the
/// errno comes back with the parent's pipe ends (their child ends closed).
pub fn spawn_child(opts: &SpawnOptions, kinds: &[StdioKind]) -> Result<Spawned, (i32, Vec<Option<OwnedFd>>)> {
    let count = kinds.len().max(3);
    let min = count as i32;
    let mut parent_fds: Vec<Option<OwnedFd>> = Vec::with_capacity(count);
    // (source, target) pairs the child dup2s, and targets it must close.
    let mut child_srcs: Vec<OwnedFd> = Vec::new();
    let mut moves: Vec<(RawFd, RawFd)> = Vec::new();
    let mut closes: Vec<RawFd> = Vec::new();
    let mut fail: Option<i32> = None;
    for i in 0..count {
        let kind = kinds.get(i).copied().unwrap_or(StdioKind::Ignore);
        let src = match kind {
            StdioKind::Pipe => match socketpair() {
                Ok((parent, child)) => {
                    parent_fds.push(Some(parent));
                    dup_above(child.as_raw_fd(), min).map(Some)
                }
                Err(e) => Err(e),
            },
            StdioKind::Fd(fd) => {
                parent_fds.push(None);
                dup_above(fd, min).map(Some)
            }
            StdioKind::Ignore if i < 3 => {
                parent_fds.push(None);
                // SAFETY: a constant NUL-terminated path.
                let fd = unsafe { libc::open(c"/dev/null".as_ptr(), libc::O_RDWR | libc::O_CLOEXEC) };
                if fd < 0 {
                    Err(last_errno())
                } else {
                    // SAFETY: fresh descriptor.
                    let owned = unsafe { OwnedFd::from_raw_fd(fd) };
                    dup_above(owned.as_raw_fd(), min).map(Some)
                }
            }
            StdioKind::Ignore => {
                parent_fds.push(None);
                Ok(None)
            }
        };
        match src {
            Ok(Some(fd)) => {
                moves.push((fd.as_raw_fd(), i as RawFd));
                child_srcs.push(fd);
            }
            Ok(None) => closes.push(i as RawFd),
            Err(e) => {
                fail.get_or_insert(e);
            }
        }
    }
    if let Some(e) = fail {
        return Err((e, parent_fds));
    }

    let argv0 = opts.args.first().cloned().unwrap_or_else(|| opts.file.clone());
    let mut cmd = Command::new(&opts.file);
    cmd.arg0(argv0);
    if opts.args.len() > 1 {
        cmd.args(&opts.args[1..]);
    }
    if let Some(cwd) = &opts.cwd {
        cmd.current_dir(cwd);
    }
    if let Some(pairs) = &opts.env_pairs {
        cmd.env_clear();
        for pair in pairs {
            match pair.split_once('=') {
                Some((k, v)) if !k.is_empty() => {
                    cmd.env(k, v);
                }
                _ => {}
            }
        }
    }
    if let Some(gid) = opts.gid {
        cmd.gid(gid);
    }
    if let Some(uid) = opts.uid {
        cmd.uid(uid);
    }
    cmd.stdin(Stdio::inherit()).stdout(Stdio::inherit()).stderr(Stdio::inherit());
    let detached = opts.detached == Some(true);
    // SAFETY: the closure only makes async-signal-safe calls (setsid, dup2,
    // close) on data built before the fork; it allocates nothing.
    unsafe {
        cmd.pre_exec(move || {
            if detached {
                libc::setsid();
            }
            for &(src, target) in &moves {
                if libc::dup2(src, target) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                // As libuv: the child's stdio is blocking (a socket the parent
                // reads with O_NONBLOCK shares that flag with the child's copy).
                if target <= 2 {
                    let fl = libc::fcntl(target, libc::F_GETFL);
                    if fl >= 0 && fl & libc::O_NONBLOCK != 0 {
                        libc::fcntl(target, libc::F_SETFL, fl & !libc::O_NONBLOCK);
                    }
                }
            }
            for &target in &closes {
                libc::close(target);
            }
            Ok(())
        });
    }
    let res = cmd.spawn();
    drop(child_srcs);
    match res {
        Ok(child) => {
            let pid = child.id() as i32;
            // std's Child neither waits nor kills when dropped: the Process
            // handle reaps it.
            drop(child);
            Ok(Spawned { pid, parent_fds })
        }
        Err(e) => {
            let errno = e.raw_os_error().unwrap_or(match e.kind() {
                std::io::ErrorKind::InvalidInput => libc::EINVAL,
                _ => libc::EIO,
            });
            Err((errno, parent_fds))
        }
    }
}
