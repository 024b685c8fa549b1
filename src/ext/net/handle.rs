//! The `NetHandle` resource: one libuv-style TCP or pipe handle and the state
//! it is in, with the socket calls the ops make on it.

use crate::ext::error::SysError;
use deno_core::{CancelHandle, Resource};
use std::borrow::Cow;
use std::cell::RefCell;
use std::io;
use std::net::{IpAddr, Ipv6Addr, SocketAddr, SocketAddrV6};
use std::os::fd::{AsRawFd, FromRawFd, RawFd};
use std::path::PathBuf;
use std::rc::Rc;
use std::task::{ready, Context, Poll};
use tokio::net::{TcpListener, TcpSocket, TcpStream, UnixListener, UnixStream};

/// What a handle is at the moment.
pub enum State {
    /// Created, not bound, connected or opened yet.
    Idle,
    /// A TCP socket bound to an address. `delayed` is an errno (EADDRINUSE)
    /// that libuv reports at listen/connect time rather than from bind.
    TcpBound { sock: TcpSocket, delayed: i32 },
    /// A Unix socket bound to a path (already listening: std binds and listens
    /// in one call); the path is removed on close.
    PipeBound(std::os::unix::net::UnixListener, Option<PathBuf>),
    Listening(Rc<Listener>),
    Stream(Rc<Stream>),
    Closed,
}

/// A listening socket.
pub enum Listener {
    Tcp(TcpListener),
    Unix(UnixListener, Option<PathBuf>),
}

/// A connected stream socket.
pub enum Stream {
    Tcp(TcpStream),
    Unix(UnixStream),
}

/// One handle, as a resource. The cancel handle ends every wait when the
/// handle is closed.
pub struct NetHandle {
    pub state: RefCell<State>,
    pub cancel: CancelHandle,
}

impl Resource for NetHandle {
    fn name(&self) -> Cow<'_, str> {
        "netHandle".into()
    }

    fn close(self: Rc<Self>) {
        self.cancel.cancel();
        let prev = std::mem::replace(&mut *self.state.borrow_mut(), State::Closed);
        cleanup(prev);
    }
}

impl NetHandle {
    pub fn new(state: State) -> Self {
        NetHandle { state: RefCell::new(state), cancel: CancelHandle::new() }
    }

    pub fn stream(&self) -> Option<Rc<Stream>> {
        match &*self.state.borrow() {
            State::Stream(s) => Some(s.clone()),
            _ => None,
        }
    }

    pub fn listener(&self) -> Option<Rc<Listener>> {
        match &*self.state.borrow() {
            State::Listening(l) => Some(l.clone()),
            _ => None,
        }
    }

    pub fn pipe_path(&self) -> Option<PathBuf> {
        match &*self.state.borrow() {
            State::PipeBound(_, p) => p.clone(),
            State::Listening(l) => match &**l {
                Listener::Unix(_, p) => p.clone(),
                Listener::Tcp(_) => None,
            },
            _ => None,
        }
    }

    /// The descriptor of whatever socket the handle holds.
    pub fn raw_fd(&self) -> Option<RawFd> {
        match &*self.state.borrow() {
            State::TcpBound { sock, .. } => Some(sock.as_raw_fd()),
            State::PipeBound(l, _) => Some(l.as_raw_fd()),
            State::Listening(l) => Some(match &**l {
                Listener::Tcp(t) => t.as_raw_fd(),
                Listener::Unix(u, _) => u.as_raw_fd(),
            }),
            State::Stream(s) => Some(s.as_raw_fd()),
            State::Idle | State::Closed => None,
        }
    }

    /// The local (or, with `peer`, the remote) address of a TCP handle.
    pub fn address(&self, peer: bool) -> Option<SocketAddr> {
        match &*self.state.borrow() {
            State::Stream(s) => match &**s {
                Stream::Tcp(t) if peer => t.peer_addr().ok(),
                Stream::Tcp(t) => t.local_addr().ok(),
                Stream::Unix(_) => None,
            },
            State::Listening(l) if !peer => match &**l {
                Listener::Tcp(t) => t.local_addr().ok(),
                Listener::Unix(..) => None,
            },
            State::TcpBound { sock, .. } if !peer => sock.local_addr().ok(),
            _ => None,
        }
    }
}

fn gone() -> io::Error {
    io::Error::from_raw_os_error(libc::ECANCELED)
}

// The waits below look the socket up in the handle on every poll instead of
// holding on to it, so closing the handle closes the descriptor at once (a
// closed listener refuses the next connection rather than resetting it).
impl NetHandle {
    /// Waits for the next connection.
    pub async fn accept(&self) -> io::Result<Stream> {
        std::future::poll_fn(|cx| {
            let Some(l) = self.listener() else { return Poll::Ready(Err(gone())) };
            match &*l {
                Listener::Tcp(t) => t.poll_accept(cx).map_ok(|(s, _)| Stream::Tcp(s)),
                Listener::Unix(u, _) => u.poll_accept(cx).map_ok(|(s, _)| Stream::Unix(s)),
            }
        })
        .await
    }

    /// Waits until the socket is readable, then reads what it has (at most
    /// `max` bytes). Empty means end-of-file.
    pub async fn read_some(&self, max: usize) -> io::Result<Vec<u8>> {
        std::future::poll_fn(|cx| loop {
            let Some(s) = self.stream() else { return Poll::Ready(Err(gone())) };
            if let Err(e) = ready!(s.poll_read_ready(cx)) {
                return Poll::Ready(Err(e));
            }
            let res = SCRATCH.with(|buf| {
                let mut buf = buf.borrow_mut();
                let len = max.min(buf.len());
                s.read_draining(&mut buf[..len]).map(|n| buf[..n].to_vec())
            });
            match res {
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => continue,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                other => return Poll::Ready(other),
            }
        })
        .await
    }

    /// Writes all of `data`, waiting whenever the socket buffer is full.
    pub async fn write_all(&self, data: &[u8]) -> io::Result<()> {
        let mut off = 0;
        std::future::poll_fn(|cx| loop {
            if off == data.len() {
                return Poll::Ready(Ok(()));
            }
            let Some(s) = self.stream() else { return Poll::Ready(Err(gone())) };
            if let Err(e) = ready!(s.poll_write_ready(cx)) {
                return Poll::Ready(Err(e));
            }
            match s.try_write(&data[off..]) {
                Ok(n) => off += n,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => continue,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Poll::Ready(Err(e)),
            }
        })
        .await
    }
}

thread_local! {
    // Reads land here first and leave as a Vec of exactly the bytes read, so
    // a small read does not cost a 64 KiB allocation. Only touched between
    // awaits, so one per thread is enough.
    static SCRATCH: RefCell<Vec<u8>> = RefCell::new(vec![0u8; 64 * 1024]);
}

impl AsRawFd for Stream {
    fn as_raw_fd(&self) -> RawFd {
        match self {
            Stream::Tcp(s) => s.as_raw_fd(),
            Stream::Unix(s) => s.as_raw_fd(),
        }
    }
}

impl Stream {
    fn poll_read_ready(&self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self {
            Stream::Tcp(s) => s.poll_read_ready(cx),
            Stream::Unix(s) => s.poll_read_ready(cx),
        }
    }

    fn poll_write_ready(&self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self {
            Stream::Tcp(s) => s.poll_write_ready(cx),
            Stream::Unix(s) => s.poll_write_ready(cx),
        }
    }

    /// One non-blocking read. A short read means the socket had no more data
    /// right then, so the readiness tokio holds for it is cleared as a
    /// WouldBlock would clear it: the next read waits for epoll instead of
    /// making a `recv` that fails with EAGAIN (one syscall per request on a
    /// keep-alive connection). Data arriving meanwhile re-arms it: tokio only
    /// clears the readiness event observed before the read.
    fn read_draining(&self, buf: &mut [u8]) -> io::Result<usize> {
        let fd = self.as_raw_fd();
        let len = buf.len();
        let mut got = None;
        let mut read = || {
            // SAFETY: buf is valid for len bytes; fd is this open socket.
            let n = unsafe { libc::recv(fd, buf.as_mut_ptr().cast(), len, 0) };
            if n < 0 {
                return Err(io::Error::last_os_error());
            }
            let n = n as usize;
            if n > 0 && n < len {
                got = Some(n);
                return Err(io::ErrorKind::WouldBlock.into());
            }
            Ok(n)
        };
        let res = match self {
            Stream::Tcp(s) => s.try_io(tokio::io::Interest::READABLE, &mut read),
            Stream::Unix(s) => s.try_io(tokio::io::Interest::READABLE, &mut read),
        };
        match (res, got) {
            (_, Some(n)) => Ok(n),
            (r, None) => r,
        }
    }

    fn try_write(&self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Stream::Tcp(s) => s.try_write(buf),
            Stream::Unix(s) => s.try_write(buf),
        }
    }

    /// One read made by `f` under tokio's readiness tracking (a WouldBlock
    /// from `f` clears the readiness).
    fn try_read_io<R>(&self, f: impl FnOnce() -> io::Result<R>) -> io::Result<R> {
        match self {
            Stream::Tcp(s) => s.try_io(tokio::io::Interest::READABLE, f),
            Stream::Unix(s) => s.try_io(tokio::io::Interest::READABLE, f),
        }
    }
}

// --- IPC channels (child_process): descriptors passed with SCM_RIGHTS -------

impl NetHandle {
    /// `read_some` with recvmsg: a descriptor the peer passed along with the
    /// data comes back too (Node's IPC pipes, `uv_pipe_pending_count`).
    pub async fn read_with_fd(&self, max: usize) -> io::Result<(Vec<u8>, Option<std::os::fd::OwnedFd>)> {
        let mut buf = vec![0u8; max];
        std::future::poll_fn(|cx| loop {
            let Some(s) = self.stream() else { return Poll::Ready(Err(gone())) };
            if let Err(e) = ready!(s.poll_read_ready(cx)) {
                return Poll::Ready(Err(e));
            }
            let fd = s.as_raw_fd();
            match s.try_read_io(|| recv_with_fd(fd, &mut buf)) {
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => continue,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Poll::Ready(Err(e)),
                Ok((n, passed)) => return Poll::Ready(Ok((buf[..n].to_vec(), passed))),
            }
        })
        .await
    }
}

/// One recvmsg: the bytes read and the first descriptor passed with them
/// (close-on-exec; any further ones are closed).
fn recv_with_fd(fd: RawFd, buf: &mut [u8]) -> io::Result<(usize, Option<std::os::fd::OwnedFd>)> {
    let mut iov = libc::iovec { iov_base: buf.as_mut_ptr().cast(), iov_len: buf.len() };
    let mut control = [0u64; 16];
    // SAFETY: a zeroed msghdr is valid; every pointer set below outlives the call.
    let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
    msg.msg_iov = &mut iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.as_mut_ptr().cast();
    msg.msg_controllen = std::mem::size_of_val(&control) as _;
    // SAFETY: msg describes valid buffers.
    let n = unsafe { libc::recvmsg(fd, &mut msg, libc::MSG_CMSG_CLOEXEC) };
    if n < 0 {
        return Err(io::Error::last_os_error());
    }
    let mut passed = None;
    // SAFETY: walking the control messages the kernel filled in, within msg_controllen.
    unsafe {
        let mut cmsg = libc::CMSG_FIRSTHDR(&msg);
        while !cmsg.is_null() {
            if (*cmsg).cmsg_level == libc::SOL_SOCKET && (*cmsg).cmsg_type == libc::SCM_RIGHTS {
                let data = libc::CMSG_DATA(cmsg) as *const RawFd;
                let count = ((*cmsg).cmsg_len as usize - libc::CMSG_LEN(0) as usize) / std::mem::size_of::<RawFd>();
                for i in 0..count {
                    let got = std::ptr::read_unaligned(data.add(i));
                    if passed.is_none() {
                        passed = Some(std::os::fd::OwnedFd::from_raw_fd(got));
                    } else {
                        libc::close(got);
                    }
                }
            }
            cmsg = libc::CMSG_NXTHDR(&msg, cmsg);
        }
    }
    Ok((n as usize, passed))
}

/// Sends `data` with descriptor `pass` attached (SCM_RIGHTS), waiting for
/// room if the socket buffer is full so that the descriptor always leaves
/// with the first byte. Returns how many bytes went.
pub fn send_with_fd(fd: RawFd, data: &[u8], pass: RawFd) -> io::Result<usize> {
    loop {
        let mut iov = libc::iovec { iov_base: data.as_ptr() as *mut libc::c_void, iov_len: data.len() };
        let mut control = [0u64; 4];
        // SAFETY: a zeroed msghdr is valid; every pointer set below outlives the call.
        let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
        msg.msg_iov = &mut iov;
        msg.msg_iovlen = 1;
        msg.msg_control = control.as_mut_ptr().cast();
        // SAFETY: CMSG_* compute sizes and positions inside `control`, which is large enough.
        let n = unsafe {
            msg.msg_controllen = libc::CMSG_SPACE(std::mem::size_of::<RawFd>() as u32) as _;
            let cmsg = libc::CMSG_FIRSTHDR(&msg);
            (*cmsg).cmsg_level = libc::SOL_SOCKET;
            (*cmsg).cmsg_type = libc::SCM_RIGHTS;
            (*cmsg).cmsg_len = libc::CMSG_LEN(std::mem::size_of::<RawFd>() as u32) as _;
            std::ptr::write_unaligned(libc::CMSG_DATA(cmsg) as *mut RawFd, pass);
            libc::sendmsg(fd, &msg, libc::MSG_NOSIGNAL | libc::MSG_DONTWAIT)
        };
        if n >= 0 {
            return Ok(n as usize);
        }
        let e = io::Error::last_os_error();
        match e.kind() {
            io::ErrorKind::Interrupted => continue,
            io::ErrorKind::WouldBlock => {
                let mut pfd = libc::pollfd { fd, events: libc::POLLOUT, revents: 0 };
                // SAFETY: one valid pollfd.
                unsafe { libc::poll(&mut pfd, 1, -1) };
            }
            _ => return Err(e),
        }
    }
}

/// What kind of handle a passed descriptor makes: `tcp`, `pipe`, `udp`, or
/// `unknown` (libuv's `uv_pipe_pending_type`).
pub fn socket_kind(fd: RawFd) -> &'static str {
    let mut ty: libc::c_int = 0;
    let mut len = std::mem::size_of::<libc::c_int>() as libc::socklen_t;
    // SAFETY: ty/len are valid out-pointers.
    if unsafe { libc::getsockopt(fd, libc::SOL_SOCKET, libc::SO_TYPE, (&mut ty as *mut libc::c_int).cast(), &mut len) } != 0 {
        return "unknown";
    }
    // SAFETY: a zeroed sockaddr_storage is valid; ss/slen are valid out-pointers.
    let mut ss: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
    let mut slen = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
    if unsafe { libc::getsockname(fd, (&mut ss as *mut libc::sockaddr_storage).cast(), &mut slen) } != 0 {
        return "unknown";
    }
    match (ss.ss_family as i32, ty) {
        (libc::AF_UNIX, libc::SOCK_STREAM) => "pipe",
        (libc::AF_INET | libc::AF_INET6, libc::SOCK_STREAM) => "tcp",
        (libc::AF_INET | libc::AF_INET6, libc::SOCK_DGRAM) => "udp",
        _ => "unknown",
    }
}

/// One non-blocking `send` (no SIGPIPE: a closed peer is EPIPE).
pub fn send_now(fd: RawFd, data: &[u8]) -> io::Result<usize> {
    if data.is_empty() {
        return Ok(0);
    }
    loop {
        // SAFETY: data is valid for its length; fd is an open socket.
        let n = unsafe { libc::send(fd, data.as_ptr().cast(), data.len(), libc::MSG_NOSIGNAL | libc::MSG_DONTWAIT) };
        if n >= 0 {
            return Ok(n as usize);
        }
        let e = io::Error::last_os_error();
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
}

fn err(errno: i32, syscall: &'static str) -> SysError {
    SysError { errno, syscall, path: None, dest: None }
}

fn io_err(e: &io::Error, syscall: &'static str) -> SysError {
    SysError::from_io(e, syscall, None)
}

/// An IP address and port as `uv_ip4_addr`/`uv_ip6_addr` read them (an IPv6
/// address may carry a `%scope`, by interface name or number).
pub fn parse_addr(ip: &str, port: u32) -> Option<SocketAddr> {
    let port = u16::try_from(port).ok()?;
    if let Ok(v4) = ip.parse::<std::net::Ipv4Addr>() {
        return Some(SocketAddr::new(IpAddr::V4(v4), port));
    }
    let (addr, scope) = match ip.split_once('%') {
        Some((a, s)) => (a, Some(s)),
        None => (ip, None),
    };
    let v6: Ipv6Addr = addr.parse().ok()?;
    let scope_id = match scope {
        None => 0,
        Some(s) => s.parse::<u32>().ok().unwrap_or_else(|| {
            let name = std::ffi::CString::new(s).unwrap_or_default();
            // SAFETY: name is a valid C string.
            unsafe { libc::if_nametoindex(name.as_ptr()) }
        }),
    };
    Some(SocketAddr::V6(SocketAddrV6::new(v6, port, 0, scope_id)))
}

/// The interface name of an IPv6 scope id (its number when it has none).
pub fn scope_name(id: u32) -> String {
    let mut buf = [0 as libc::c_char; libc::IF_NAMESIZE];
    // SAFETY: buf holds IF_NAMESIZE bytes as if_indextoname requires.
    let p = unsafe { libc::if_indextoname(id, buf.as_mut_ptr()) };
    if p.is_null() {
        return id.to_string();
    }
    // SAFETY: on success buf holds a NUL-terminated name.
    unsafe { std::ffi::CStr::from_ptr(buf.as_ptr()) }.to_string_lossy().into_owned()
}

fn setsockopt_int(fd: RawFd, level: i32, name: i32, value: i32) -> io::Result<()> {
    // SAFETY: value is a valid c_int for the duration of the call.
    let rc = unsafe {
        libc::setsockopt(fd, level, name, (&value as *const i32).cast(), std::mem::size_of::<i32>() as libc::socklen_t)
    };
    if rc != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// SO_KEEPALIVE, and when on, TCP_KEEPIDLE (as `uv_tcp_keepalive` sets them).
pub fn set_keepalive(fd: RawFd, enable: bool, delay: u32) -> io::Result<()> {
    setsockopt_int(fd, libc::SOL_SOCKET, libc::SO_KEEPALIVE, enable as i32)?;
    if enable && delay > 0 {
        setsockopt_int(fd, libc::IPPROTO_TCP, libc::TCP_KEEPIDLE, delay as i32)?;
    }
    Ok(())
}

/// Sets (`tos` >= 0) or reads the TOS / traffic class byte.
pub fn type_of_service(fd: RawFd, v6: bool, tos: i32) -> io::Result<i32> {
    let (level, name) = if v6 { (libc::IPPROTO_IPV6, libc::IPV6_TCLASS) } else { (libc::IPPROTO_IP, libc::IP_TOS) };
    if tos >= 0 {
        setsockopt_int(fd, level, name, tos)?;
        // A dual-stack socket carrying IPv4 may also need the IPv4 option.
        if v6 {
            let _ = setsockopt_int(fd, libc::IPPROTO_IP, libc::IP_TOS, tos);
        }
        return Ok(tos);
    }
    let mut v: libc::c_int = 0;
    let mut len = std::mem::size_of::<libc::c_int>() as libc::socklen_t;
    // SAFETY: v/len are valid out-pointers.
    if unsafe { libc::getsockopt(fd, level, name, (&mut v as *mut libc::c_int).cast(), &mut len) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(v)
}

/// SO_LINGER with a zero timeout: closing then sends a RST.
pub fn set_linger_zero(fd: RawFd) {
    let l = libc::linger { l_onoff: 1, l_linger: 0 };
    // SAFETY: l is a valid linger struct for the duration of the call.
    unsafe {
        libc::setsockopt(fd, libc::SOL_SOCKET, libc::SO_LINGER, (&l as *const libc::linger).cast(), std::mem::size_of::<libc::linger>() as libc::socklen_t);
    }
}

fn new_tcp_socket(addr: &SocketAddr, syscall: &'static str) -> Result<TcpSocket, SysError> {
    let s = if addr.is_ipv4() { TcpSocket::new_v4() } else { TcpSocket::new_v6() };
    s.map_err(|e| io_err(&e, syscall))
}

/// A TCP socket bound to `addr` (SO_REUSEADDR on, as libuv sets it).
pub fn tcp_bind(addr: SocketAddr, ipv6_only: bool) -> Result<State, SysError> {
    let sock = new_tcp_socket(&addr, "bind")?;
    sock.set_reuseaddr(true).map_err(|e| io_err(&e, "bind"))?;
    if addr.is_ipv6() && ipv6_only {
        setsockopt_int(sock.as_raw_fd(), libc::IPPROTO_IPV6, libc::IPV6_V6ONLY, 1).map_err(|e| io_err(&e, "bind"))?;
    }
    match sock.bind(addr) {
        Ok(()) => Ok(State::TcpBound { sock, delayed: 0 }),
        Err(e) if e.raw_os_error() == Some(libc::EADDRINUSE) => Ok(State::TcpBound { sock, delayed: libc::EADDRINUSE }),
        Err(e) => Err(io_err(&e, "bind")),
    }
}

/// Turns a bound handle into a listening one. On failure the state is handed
/// back unchanged with the error.
pub fn listen(prev: State, backlog: i32) -> Result<State, (State, SysError)> {
    let backlog = if backlog < 0 { 511 } else { backlog };
    match prev {
        State::TcpBound { sock, delayed } => {
            if delayed != 0 {
                return Err((State::TcpBound { sock, delayed }, err(delayed, "listen")));
            }
            // listen() consumes the socket; keep its descriptor alive on failure
            // by duplicating the error path through a fresh state.
            match sock.listen(backlog as u32) {
                Ok(l) => Ok(State::Listening(Rc::new(Listener::Tcp(l)))),
                Err(e) => Err((State::Idle, io_err(&e, "listen"))),
            }
        }
        State::PipeBound(l, path) => {
            // SAFETY: l owns an open socket; a second listen() only resizes its backlog.
            unsafe { libc::listen(l.as_raw_fd(), backlog) };
            let res = l.set_nonblocking(true).and_then(|()| UnixListener::from_std(l));
            match res {
                Ok(l) => Ok(State::Listening(Rc::new(Listener::Unix(l, path)))),
                Err(e) => Err((State::Idle, io_err(&e, "listen"))),
            }
        }
        s @ State::Listening(_) => Ok(s),
        s => Err((s, err(libc::EINVAL, "listen"))),
    }
}

/// The socket a connect starts from: the bound one, or a fresh one.
pub fn socket_for_connect(prev: State, addr: SocketAddr) -> Result<TcpSocket, SysError> {
    match prev {
        State::TcpBound { delayed, .. } if delayed != 0 => Err(err(delayed, "connect")),
        State::TcpBound { sock, .. } => Ok(sock),
        State::Idle => new_tcp_socket(&addr, "connect"),
        _ => Err(err(libc::EISCONN, "connect")),
    }
}

fn abstract_addr(path: &str) -> Option<io::Result<std::os::unix::net::SocketAddr>> {
    use std::os::linux::net::SocketAddrExt;
    let name = path.strip_prefix('\0')?;
    Some(std::os::unix::net::SocketAddr::from_abstract_name(name.as_bytes()))
}

// sockaddr_un's sun_path holds 108 bytes with the NUL; libuv (with
// UV_PIPE_NO_TRUNCATE, as Node asks) refuses longer names with EINVAL.
fn check_pipe_name(path: &str, syscall: &'static str) -> Result<(), SysError> {
    if path.len() >= 108 {
        return Err(err(libc::EINVAL, syscall));
    }
    Ok(())
}

/// A Unix socket bound (and listening) at `path`.
pub fn pipe_bind(path: &str) -> Result<State, SysError> {
    check_pipe_name(path, "bind")?;
    let res = match abstract_addr(path) {
        Some(addr) => addr.and_then(|a| std::os::unix::net::UnixListener::bind_addr(&a)).map(|l| (l, None)),
        None => std::os::unix::net::UnixListener::bind(path).map(|l| (l, Some(PathBuf::from(path)))),
    };
    match res {
        Ok((l, p)) => Ok(State::PipeBound(l, p)),
        Err(e) => Err(io_err(&e, "bind")),
    }
}

/// Connects to the Unix socket at `path`.
pub async fn pipe_connect(path: String) -> Result<UnixStream, SysError> {
    check_pipe_name(&path, "connect")?;
    match abstract_addr(&path) {
        Some(addr) => {
            let s = addr
                .and_then(|a| std::os::unix::net::UnixStream::connect_addr(&a))
                .and_then(|s| s.set_nonblocking(true).map(|()| s))
                .and_then(UnixStream::from_std);
            s.map_err(|e| io_err(&e, "connect"))
        }
        None => UnixStream::connect(&path).await.map_err(|e| io_err(&e, "connect")),
    }
}

/// Adopts descriptor `fd` as a stream or listening socket.
pub fn open_fd(fd: RawFd) -> Result<(State, bool), SysError> {
    let mut ty: libc::c_int = 0;
    let mut len = std::mem::size_of::<libc::c_int>() as libc::socklen_t;
    // SAFETY: ty/len are valid out-pointers.
    if unsafe { libc::getsockopt(fd, libc::SOL_SOCKET, libc::SO_TYPE, (&mut ty as *mut libc::c_int).cast(), &mut len) } != 0 {
        return Err(SysError::last("open", None));
    }
    if ty != libc::SOCK_STREAM {
        return Err(err(libc::EINVAL, "open"));
    }
    let mut listening: libc::c_int = 0;
    let mut len = std::mem::size_of::<libc::c_int>() as libc::socklen_t;
    // SAFETY: as above.
    unsafe { libc::getsockopt(fd, libc::SOL_SOCKET, libc::SO_ACCEPTCONN, (&mut listening as *mut libc::c_int).cast(), &mut len) };
    let mut ss: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
    let mut slen = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
    // SAFETY: ss/slen are valid out-pointers.
    if unsafe { libc::getsockname(fd, (&mut ss as *mut libc::sockaddr_storage).cast(), &mut slen) } != 0 {
        return Err(SysError::last("open", None));
    }
    let unix = ss.ss_family as i32 == libc::AF_UNIX;
    let map = |e: io::Error| io_err(&e, "open");
    // SAFETY (each from_raw_fd): the caller hands the descriptor over to the handle.
    let state = match (unix, listening != 0) {
        (false, true) => {
            let l = unsafe { std::net::TcpListener::from_raw_fd(fd) };
            l.set_nonblocking(true).map_err(map)?;
            State::Listening(Rc::new(Listener::Tcp(TcpListener::from_std(l).map_err(map)?)))
        }
        (false, false) => {
            let s = unsafe { std::net::TcpStream::from_raw_fd(fd) };
            s.set_nonblocking(true).map_err(map)?;
            State::Stream(Rc::new(Stream::Tcp(TcpStream::from_std(s).map_err(map)?)))
        }
        (true, true) => {
            let l = unsafe { std::os::unix::net::UnixListener::from_raw_fd(fd) };
            l.set_nonblocking(true).map_err(map)?;
            State::Listening(Rc::new(Listener::Unix(UnixListener::from_std(l).map_err(map)?, None)))
        }
        (true, false) => {
            let s = unsafe { std::os::unix::net::UnixStream::from_raw_fd(fd) };
            s.set_nonblocking(true).map_err(map)?;
            State::Stream(Rc::new(Stream::Unix(UnixStream::from_std(s).map_err(map)?)))
        }
    };
    Ok((state, listening != 0))
}

/// Work a closed handle leaves: a Unix socket path it bound is removed.
pub fn cleanup(prev: State) {
    let path = match &prev {
        State::PipeBound(_, p) => p.clone(),
        State::Listening(l) => match &**l {
            Listener::Unix(_, p) => p.clone(),
            Listener::Tcp(_) => None,
        },
        _ => None,
    };
    if let Some(p) = path {
        let _ = std::fs::remove_file(p);
    }
    drop(prev);
}
