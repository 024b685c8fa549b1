//! Standard streams: synchronous writes (Node writes to files and TTYs
//! synchronously) and terminal queries.

use crate::ext::error::SysError;
use deno_core::{op2, OpDecl};

/// The stdio subsystem's ops.
pub fn ops() -> Vec<OpDecl> {
    vec![op_stdio_write_str(), op_stdio_write_bytes(), op_stdio_isatty(), op_stdio_window_size(), op_stdio_read_all()]
}

fn write_all(fd: i32, mut buf: &[u8]) -> Result<(), SysError> {
    while !buf.is_empty() {
        // SAFETY: buf is a valid slice for its length.
        let n = unsafe { libc::write(fd, buf.as_ptr().cast(), buf.len()) };
        if n < 0 {
            let err = std::io::Error::last_os_error();
            if err.kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            if err.raw_os_error() == Some(libc::EAGAIN) {
                // A non-blocking pipe is full: wait until it drains.
                let mut pfd = libc::pollfd { fd, events: libc::POLLOUT, revents: 0 };
                unsafe { libc::poll(&mut pfd, 1, -1) };
                continue;
            }
            return Err(SysError::from_io(&err, "write", None));
        }
        buf = &buf[n as usize..];
    }
    Ok(())
}

#[op2(fast)]
fn op_stdio_write_str(fd: i32, #[string] s: &str) -> Result<(), SysError> {
    write_all(fd, s.as_bytes())
}

#[op2(fast)]
fn op_stdio_write_bytes(fd: i32, #[buffer] b: &[u8]) -> Result<(), SysError> {
    write_all(fd, b)
}

#[op2(fast)]
fn op_stdio_isatty(fd: i32) -> bool {
    // SAFETY: isatty only inspects the descriptor.
    unsafe { libc::isatty(fd) == 1 }
}

/// `[columns, rows]` of the terminal on `fd`, or `None` when it is not one.
#[op2]
#[serde]
fn op_stdio_window_size(fd: i32) -> Option<Vec<u16>> {
    // SAFETY: ws is a valid out-pointer for TIOCGWINSZ.
    let mut ws: libc::winsize = unsafe { std::mem::zeroed() };
    if unsafe { libc::ioctl(fd, libc::TIOCGWINSZ, &mut ws) } != 0 {
        return None;
    }
    Some(vec![ws.ws_col, ws.ws_row])
}

/// Reads a descriptor to its end (the script on stdin, `readFileSync(0)`).
#[op2]
#[buffer]
fn op_stdio_read_all(fd: i32) -> Result<Vec<u8>, SysError> {
    use std::io::Read;
    use std::os::fd::FromRawFd;
    // SAFETY: ManuallyDrop keeps us from closing a descriptor we do not own.
    let mut file = std::mem::ManuallyDrop::new(unsafe { std::fs::File::from_raw_fd(fd) });
    let mut out = Vec::new();
    file.read_to_end(&mut out).map_err(|e| SysError::from_io(&e, "read", None))?;
    Ok(out)
}
