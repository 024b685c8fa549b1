//! Standard streams: synchronous writes (Node writes to files and TTYs
//! synchronously) and terminal queries.

use crate::ext::error::SysError;
use deno_core::{op2, OpDecl};

/// The stdio subsystem's ops.
pub fn ops() -> Vec<OpDecl> {
    vec![op_stdio_write_str(), op_stdio_write_bytes(), op_stdio_isatty(), op_stdio_window_size(), op_stdio_read_all(),
         op_stdio_guess_handle_type(), op_stdio_read(), op_stdio_set_raw_mode()]
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

/// libuv's `uv_guess_handle` as Node's `guessHandleType` numbers it:
/// 0 TCP, 1 TTY, 2 UDP, 3 FILE, 4 PIPE, 5 UNKNOWN.
#[op2(fast)]
fn op_stdio_guess_handle_type(fd: i32) -> u32 {
    if fd < 0 {
        return 5;
    }
    // SAFETY: st is a valid out-pointer for fstat.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    if unsafe { libc::fstat(fd, &mut st) } != 0 {
        return 5;
    }
    match st.st_mode & libc::S_IFMT {
        libc::S_IFREG => 3,
        libc::S_IFCHR => {
            if unsafe { libc::isatty(fd) } == 1 { 1 } else { 3 }
        }
        libc::S_IFIFO => 4,
        libc::S_IFSOCK => {
            let mut ss: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
            let mut len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
            // SAFETY: ss/len are valid out-pointers for getsockname.
            if unsafe { libc::getsockname(fd, (&mut ss as *mut libc::sockaddr_storage).cast(), &mut len) } != 0 {
                return 5;
            }
            let mut ty: libc::c_int = 0;
            let mut tlen = std::mem::size_of::<libc::c_int>() as libc::socklen_t;
            // SAFETY: ty/tlen are valid out-pointers for getsockopt.
            unsafe { libc::getsockopt(fd, libc::SOL_SOCKET, libc::SO_TYPE, (&mut ty as *mut libc::c_int).cast(), &mut tlen) };
            match (ss.ss_family as i32, ty) {
                (libc::AF_UNIX, _) => 4,
                (libc::AF_INET | libc::AF_INET6, libc::SOCK_STREAM) => 0,
                (libc::AF_INET | libc::AF_INET6, libc::SOCK_DGRAM) => 2,
                _ => 5,
            }
        }
        _ => 5,
    }
}

/// One blocking `read(2)` of at most `size` bytes on `fd`, on its own thread so a
/// terminal or pipe that never delivers cannot stall the event loop, nor keep the
/// process from exiting (the thread is detached). An empty result is end-of-file.
#[op2]
#[buffer]
async fn op_stdio_read(fd: i32, size: u32) -> Result<Vec<u8>, SysError> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let size = (size as usize).clamp(1, 1 << 20);
    std::thread::spawn(move || {
        let _ = tx.send(read_once(fd, size));
    });
    rx.await.unwrap_or_else(|_| Ok(Vec::new()))
}

fn read_once(fd: i32, size: usize) -> Result<Vec<u8>, SysError> {
    let mut buf = vec![0u8; size];
    loop {
        // SAFETY: buf is valid for `size` bytes.
        let n = unsafe { libc::read(fd, buf.as_mut_ptr().cast(), size) };
        if n >= 0 {
            buf.truncate(n as usize);
            return Ok(buf);
        }
        let err = std::io::Error::last_os_error();
        match err.raw_os_error() {
            Some(libc::EINTR) => continue,
            Some(libc::EAGAIN) => {
                // A non-blocking descriptor with nothing yet: wait for input.
                let mut pfd = libc::pollfd { fd, events: libc::POLLIN, revents: 0 };
                unsafe { libc::poll(&mut pfd, 1, -1) };
            }
            _ => return Err(SysError::from_io(&err, "read", None)),
        }
    }
}

static SAVED_TERMIOS: std::sync::Mutex<Option<(i32, libc::termios)>> = std::sync::Mutex::new(None);

/// `tty.ReadStream#setRawMode`: raw mode as libuv's `UV_TTY_MODE_RAW` sets it;
/// `false` restores the mode saved when raw mode was first entered.
#[op2(fast)]
fn op_stdio_set_raw_mode(fd: i32, raw: bool) -> Result<(), SysError> {
    let mut saved = SAVED_TERMIOS.lock().unwrap_or_else(|e| e.into_inner());
    if raw {
        // SAFETY: t is a valid out-pointer for tcgetattr.
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        if unsafe { libc::tcgetattr(fd, &mut t) } != 0 {
            return Err(SysError::last("tcgetattr", None));
        }
        if saved.is_none() {
            *saved = Some((fd, t));
        }
        t.c_iflag &= !(libc::BRKINT | libc::ICRNL | libc::INPCK | libc::ISTRIP | libc::IXON);
        t.c_oflag |= libc::ONLCR;
        t.c_cflag |= libc::CS8;
        t.c_lflag &= !(libc::ECHO | libc::ICANON | libc::IEXTEN | libc::ISIG);
        t.c_cc[libc::VMIN] = 1;
        t.c_cc[libc::VTIME] = 0;
        if unsafe { libc::tcsetattr(fd, libc::TCSADRAIN, &t) } != 0 {
            return Err(SysError::last("tcsetattr", None));
        }
    } else if let Some((_, t)) = saved.as_ref() {
        if unsafe { libc::tcsetattr(fd, libc::TCSADRAIN, t) } != 0 {
            return Err(SysError::last("tcsetattr", None));
        }
    }
    Ok(())
}
