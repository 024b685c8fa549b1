//! `net`: TCP and Unix-domain stream sockets as libuv-shaped handles (what
//! Node's `tcp_wrap`/`pipe_wrap`/`stream_wrap` bindings sit on), plus the
//! resolver calls behind `node:dns`.
//!
//! One resource per handle (`NetHandle`), whose state moves from idle to bound,
//! listening or connected as libuv's `uv_tcp_t`/`uv_pipe_t` do. The blocking
//! waits (accept, connect, read, the rest of a write) are async ops over tokio's
//! sockets; everything that can finish at once (bind, listen, a write the
//! kernel takes whole, shutdown, close) is a sync op. Closing a handle cancels
//! whatever is still waiting on it.
//!
//! - `handle`: the resource and its states;
//! - `dns`: `getaddrinfo`/`getnameinfo` on the blocking pool.

mod dns;
mod handle;
mod resolver;

use crate::ext::error::SysError;
use deno_core::{op2, v8, CancelFuture, JsBuffer, OpDecl, OpState, RcRef, ResourceId};
use handle::{parse_addr, NetHandle, State, Stream};
use std::cell::RefCell;
use std::io;
use std::os::fd::AsRawFd;
use std::rc::Rc;

/// The net subsystem's ops.
pub fn ops() -> Vec<OpDecl> {
    vec![
        op_net_new(),
        op_net_tcp_bind(),
        op_net_listen(),
        op_net_accept(),
        op_net_tcp_connect(),
        op_net_pipe_bind(),
        op_net_pipe_connect(),
        op_net_open(),
        op_net_read(),
        op_net_try_write(),
        op_net_try_write_string(),
        op_net_try_writev(),
        op_net_write(),
        op_net_shutdown(),
        op_net_close(),
        op_net_address(),
        op_net_set_nodelay(),
        op_net_set_keepalive(),
        op_net_pipe_chmod(),
        op_net_tos(),
        op_net_fd(),
        op_net_ipc_read(),
        op_net_ipc_send(),
        dns::op_net_getaddrinfo(),
        dns::op_net_getnameinfo(),
        op_net_dns_query(),
    ]
}

fn bad_handle(syscall: &'static str) -> SysError {
    SysError { errno: libc::EBADF, syscall, path: None, dest: None }
}

fn io_err(e: &io::Error, syscall: &'static str) -> SysError {
    SysError::from_io(e, syscall, None)
}

fn canceled(syscall: &'static str) -> SysError {
    SysError { errno: libc::ECANCELED, syscall, path: None, dest: None }
}

fn get(state: &OpState, rid: ResourceId, syscall: &'static str) -> Result<Rc<NetHandle>, SysError> {
    state.resource_table.get::<NetHandle>(rid).map_err(|_| bad_handle(syscall))
}

fn get_shared(state: &Rc<RefCell<OpState>>, rid: ResourceId, syscall: &'static str) -> Result<Rc<NetHandle>, SysError> {
    get(&state.borrow(), rid, syscall)
}

/// A new, idle handle (Node's `new TCP(...)` / `new Pipe(...)`).
#[op2(fast)]
#[smi]
fn op_net_new(state: &mut OpState) -> ResourceId {
    state.resource_table.add(NetHandle::new(State::Idle))
}

/// `uv_tcp_bind`: binds a fresh socket of the address's family. As libuv does
/// on Linux, EADDRINUSE is kept and reported by the following listen/connect.
#[op2(fast)]
fn op_net_tcp_bind(state: &mut OpState, #[smi] rid: ResourceId, #[string] ip: &str, port: u32, ipv6_only: bool) -> Result<(), SysError> {
    let h = get(state, rid, "bind")?;
    let addr = parse_addr(ip, port).ok_or(SysError { errno: libc::EINVAL, syscall: "bind", path: None, dest: None })?;
    let next = handle::tcp_bind(addr, ipv6_only)?;
    *h.state.borrow_mut() = next;
    Ok(())
}

/// `uv_listen` on a bound TCP or Unix handle.
#[op2(fast)]
fn op_net_listen(state: &mut OpState, #[smi] rid: ResourceId, backlog: i32) -> Result<(), SysError> {
    let h = get(state, rid, "listen")?;
    let prev = std::mem::replace(&mut *h.state.borrow_mut(), State::Closed);
    let next = handle::listen(prev, backlog);
    match next {
        Ok(s) => {
            *h.state.borrow_mut() = s;
            Ok(())
        }
        Err((s, e)) => {
            *h.state.borrow_mut() = s;
            Err(e)
        }
    }
}

/// Waits for the next connection on a listening handle; the new connection is
/// a handle of its own, whose rid is returned.
#[op2]
#[smi]
async fn op_net_accept(state: Rc<RefCell<OpState>>, #[smi] rid: ResourceId) -> Result<ResourceId, SysError> {
    let h = get_shared(&state, rid, "accept")?;
    if h.listener().is_none() {
        return Err(bad_handle("accept"));
    }
    let stream = h.accept().or_cancel(RcRef::map(&h, |h| &h.cancel)).await.map_err(|_| canceled("accept"))?;
    let stream = stream.map_err(|e| io_err(&e, "accept"))?;
    Ok(state.borrow_mut().resource_table.add(NetHandle::new(State::Stream(Rc::new(stream)))))
}

/// `uv_tcp_connect`, from the socket bound earlier if any.
#[op2]
async fn op_net_tcp_connect(state: Rc<RefCell<OpState>>, #[smi] rid: ResourceId, #[string] ip: String, port: u32) -> Result<(), SysError> {
    let h = get_shared(&state, rid, "connect")?;
    let addr = parse_addr(&ip, port).ok_or(SysError { errno: libc::EINVAL, syscall: "connect", path: None, dest: None })?;
    let prev = std::mem::replace(&mut *h.state.borrow_mut(), State::Idle);
    let socket = handle::socket_for_connect(prev, addr)?;
    let res = socket.connect(addr).or_cancel(RcRef::map(&h, |h| &h.cancel)).await.map_err(|_| canceled("connect"))?;
    let stream = res.map_err(|e| io_err(&e, "connect"))?;
    *h.state.borrow_mut() = State::Stream(Rc::new(Stream::Tcp(stream)));
    Ok(())
}

/// `uv_pipe_bind`: binds (and, as std does, listens on) a Unix socket path;
/// a leading NUL names a socket in the abstract namespace.
#[op2(fast)]
fn op_net_pipe_bind(state: &mut OpState, #[smi] rid: ResourceId, #[string] path: &str) -> Result<(), SysError> {
    let h = get(state, rid, "bind")?;
    let next = handle::pipe_bind(path)?;
    *h.state.borrow_mut() = next;
    Ok(())
}

/// `uv_pipe_connect` to a Unix socket path.
#[op2]
async fn op_net_pipe_connect(state: Rc<RefCell<OpState>>, #[smi] rid: ResourceId, #[string] path: String) -> Result<(), SysError> {
    let h = get_shared(&state, rid, "connect")?;
    let fut = handle::pipe_connect(path);
    let res = fut.or_cancel(RcRef::map(&h, |h| &h.cancel)).await.map_err(|_| canceled("connect"))?;
    let stream = res?;
    *h.state.borrow_mut() = State::Stream(Rc::new(Stream::Unix(stream)));
    Ok(())
}

/// `uv_tcp_open`/`uv_pipe_open`: adopts a descriptor. Returns 1 when it is a
/// listening socket, 0 for a connected one.
#[op2(fast)]
fn op_net_open(state: &mut OpState, #[smi] rid: ResourceId, fd: i32) -> Result<u32, SysError> {
    let h = get(state, rid, "open")?;
    let (next, listening) = handle::open_fd(fd)?;
    *h.state.borrow_mut() = next;
    Ok(listening as u32)
}

/// Reads what the socket has (up to 64 KiB), waiting for it if need be. An
/// empty result is end-of-file.
#[op2]
#[buffer]
async fn op_net_read(state: Rc<RefCell<OpState>>, #[smi] rid: ResourceId) -> Result<Vec<u8>, SysError> {
    let h = get_shared(&state, rid, "read")?;
    if h.stream().is_none() {
        return Err(SysError { errno: libc::ENOTCONN, syscall: "read", path: None, dest: None });
    }
    let res = h.read_some(64 * 1024).or_cancel(RcRef::map(&h, |h| &h.cancel)).await.map_err(|_| canceled("read"))?;
    res.map_err(|e| io_err(&e, "read"))
}

/// Writes what the kernel takes right now without waiting; returns how many
/// bytes that was (0 when the socket buffer is full).
#[op2(fast)]
fn op_net_try_write(state: &mut OpState, #[smi] rid: ResourceId, #[buffer] data: &[u8]) -> Result<u32, SysError> {
    let h = get(state, rid, "write")?;
    let stream = h.stream().ok_or_else(|| SysError { errno: libc::ENOTCONN, syscall: "write", path: None, dest: None })?;
    match handle::send_now(stream.as_raw_fd(), data) {
        Ok(n) => Ok(n as u32),
        Err(e) if e.kind() == io::ErrorKind::WouldBlock => Ok(0),
        Err(e) => Err(io_err(&e, "write")),
    }
}

/// `op_net_try_write` for a string, sent straight from V8's characters when
/// they are already the bytes to send (latin1, or ASCII as UTF-8), as
/// StreamBase::WriteString does, instead of through a Buffer made in JS.
/// `utf8` picks UTF-8 over latin1. Returns the encoded length when the
/// kernel took all of it, or `-(bytes written) - 1` when it took less.
#[op2(fast)]
fn op_net_try_write_string(
    scope: &mut v8::PinScope,
    state: &mut OpState,
    #[smi] rid: ResourceId,
    s: v8::Local<v8::String>,
    utf8: bool,
) -> Result<f64, SysError> {
    let h = get(state, rid, "write")?;
    let stream = h.stream().ok_or_else(|| SysError { errno: libc::ENOTCONN, syscall: "write", path: None, dest: None })?;
    let fd = stream.as_raw_fd();
    let send = |bytes: &[u8]| -> Result<f64, SysError> {
        let n = match handle::send_now(fd, bytes) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => 0,
            Err(e) => return Err(io_err(&e, "write")),
        };
        Ok(if n == bytes.len() { n as f64 } else { -(n as f64) - 1.0 })
    };
    if s.is_onebyte() {
        let view = v8::ValueView::new(scope, s);
        if let v8::ValueViewData::OneByte(bytes) = view.data() {
            if !utf8 || v8::simdutf::validate_ascii(bytes) {
                // No V8 allocation happens while the view is alive.
                return send(bytes);
            }
            let mut out = vec![0u8; v8::simdutf::utf8_length_from_latin1(bytes)];
            // SAFETY: `out` has the UTF-8 length simdutf computed for `bytes`.
            let n = unsafe { v8::simdutf::convert_latin1_to_utf8(bytes, &mut out) };
            return send(&out[..n]);
        }
    }
    if utf8 {
        // Lone surrogates become U+FFFD, as Node's UTF-8 writes make them.
        return send(s.to_rust_string_lossy(scope).as_bytes());
    }
    let view = v8::ValueView::new(scope, s);
    let bytes: Vec<u8> = match view.data() {
        v8::ValueViewData::OneByte(b) => b.to_vec(),
        v8::ValueViewData::TwoByte(u) => u.iter().map(|&c| c as u8).collect(),
    };
    drop(view);
    send(&bytes)
}

/// The bytes of one string in a latin1 or UTF-8 encoding, appended to `out`.
fn push_string_bytes(scope: &mut v8::PinScope, s: v8::Local<v8::String>, utf8: bool, out: &mut Vec<u8>) {
    if utf8 && !s.is_onebyte() {
        out.extend_from_slice(s.to_rust_string_lossy(scope).as_bytes());
        return;
    }
    let view = v8::ValueView::new(scope, s);
    match view.data() {
        v8::ValueViewData::OneByte(b) if !utf8 || v8::simdutf::validate_ascii(b) => out.extend_from_slice(b),
        v8::ValueViewData::OneByte(b) => {
            let at = out.len();
            out.resize(at + v8::simdutf::utf8_length_from_latin1(b), 0);
            // SAFETY: the tail has the UTF-8 length simdutf computed for `b`.
            let n = unsafe { v8::simdutf::convert_latin1_to_utf8(b, &mut out[at..]) };
            out.truncate(at + n);
        }
        v8::ValueViewData::TwoByte(u) => out.extend(u.iter().map(|&c| c as u8)),
    }
}

/// `op_net_try_write` for a writev: the chunks (Buffers, or `[chunk,
/// encoding, ...]` pairs unless `all_buffers`) are gathered and sent in one
/// call, so the HTTP head and body leave together without JS concatenating
/// them. Returns as `op_net_try_write_string` does, or NaN (nothing sent)
/// for a chunk or encoding it does not handle, which JS then writes itself.
#[op2(fast)]
fn op_net_try_writev(
    scope: &mut v8::PinScope,
    state: &mut OpState,
    #[smi] rid: ResourceId,
    chunks: v8::Local<v8::Array>,
    all_buffers: bool,
) -> Result<f64, SysError> {
    let h = get(state, rid, "write")?;
    let stream = h.stream().ok_or_else(|| SysError { errno: libc::ENOTCONN, syscall: "write", path: None, dest: None })?;
    let step = if all_buffers { 1 } else { 2 };
    let mut out = Vec::with_capacity(512);
    let mut i = 0;
    while i < chunks.length() {
        let Some(chunk) = chunks.get_index(scope, i) else { return Ok(f64::NAN) };
        if let Ok(view) = v8::Local::<v8::ArrayBufferView>::try_from(chunk) {
            let at = out.len();
            out.resize(at + view.byte_length(), 0);
            view.copy_contents(&mut out[at..]);
        } else if let (Ok(s), false) = (v8::Local::<v8::String>::try_from(chunk), all_buffers) {
            let Some(enc) = chunks.get_index(scope, i + 1) else { return Ok(f64::NAN) };
            let enc = enc.to_rust_string_lossy(scope);
            let utf8 = match enc.as_str() {
                "utf8" | "utf-8" | "buffer" => true,
                "latin1" | "binary" | "ascii" => false,
                _ => return Ok(f64::NAN),
            };
            push_string_bytes(scope, s, utf8, &mut out);
        } else {
            return Ok(f64::NAN);
        }
        i += step;
    }
    let n = match handle::send_now(stream.as_raw_fd(), &out) {
        Ok(n) => n,
        Err(e) if e.kind() == io::ErrorKind::WouldBlock => 0,
        Err(e) => return Err(io_err(&e, "write")),
    };
    Ok(if n == out.len() { n as f64 } else { -(n as f64) - 1.0 })
}

/// Writes all of `data`, waiting for the socket to drain as often as needed.
#[op2]
async fn op_net_write(state: Rc<RefCell<OpState>>, #[smi] rid: ResourceId, #[buffer] data: JsBuffer) -> Result<(), SysError> {
    let h = get_shared(&state, rid, "write")?;
    if h.stream().is_none() {
        return Err(SysError { errno: libc::ENOTCONN, syscall: "write", path: None, dest: None });
    }
    let res = h.write_all(&data).or_cancel(RcRef::map(&h, |h| &h.cancel)).await.map_err(|_| canceled("write"))?;
    res.map_err(|e| io_err(&e, "write"))
}

/// Shuts the write side down (sends FIN).
#[op2(fast)]
fn op_net_shutdown(state: &mut OpState, #[smi] rid: ResourceId) -> Result<(), SysError> {
    let h = get(state, rid, "shutdown")?;
    let stream = h.stream().ok_or_else(|| SysError { errno: libc::ENOTCONN, syscall: "shutdown", path: None, dest: None })?;
    // SAFETY: the descriptor stays open while `stream` is alive.
    if unsafe { libc::shutdown(stream.as_raw_fd(), libc::SHUT_WR) } != 0 {
        let e = io::Error::last_os_error();
        // A peer that already went away leaves nothing to shut down.
        if e.raw_os_error() != Some(libc::ENOTCONN) {
            return Err(io_err(&e, "shutdown"));
        }
    }
    Ok(())
}

/// Closes the handle: pending waits on it end with ECANCELED, and a Unix
/// socket path the handle listened on is removed (as libuv does). With
/// `reset`, a connection is aborted with a RST (SO_LINGER 0, `uv_tcp_close_reset`).
#[op2(fast)]
fn op_net_close(state: &mut OpState, #[smi] rid: ResourceId, reset: bool) {
    if let Ok(h) = state.resource_table.take::<NetHandle>(rid) {
        if reset {
            if let Some(s) = h.stream() {
                handle::set_linger_zero(s.as_raw_fd());
            }
        }
        h.cancel.cancel();
        let prev = std::mem::replace(&mut *h.state.borrow_mut(), State::Closed);
        handle::cleanup(prev);
    }
}

/// `getsockname` (or `getpeername` when `peer`) of a TCP handle:
/// `[address, port, family]` with family 4 or 6, or `None`.
#[op2]
#[serde]
fn op_net_address(state: &mut OpState, #[smi] rid: ResourceId, peer: bool) -> Option<(String, u16, u8)> {
    let h = get(state, rid, "getsockname").ok()?;
    let addr = h.address(peer)?;
    let family = if addr.is_ipv4() { 4 } else { 6 };
    let ip = match addr {
        std::net::SocketAddr::V6(a) if a.scope_id() != 0 => format!("{}%{}", a.ip(), handle::scope_name(a.scope_id())),
        a => a.ip().to_string(),
    };
    Some((ip, addr.port(), family))
}

#[op2(fast)]
fn op_net_set_nodelay(state: &mut OpState, #[smi] rid: ResourceId, enable: bool) -> Result<(), SysError> {
    let h = get(state, rid, "setsockopt")?;
    if let Some(Stream::Tcp(s)) = h.stream().as_deref() {
        s.set_nodelay(enable).map_err(|e| io_err(&e, "setsockopt"))?;
    }
    Ok(())
}

/// `uv_tcp_keepalive`: SO_KEEPALIVE, with the first probe after `delay` seconds.
#[op2(fast)]
fn op_net_set_keepalive(state: &mut OpState, #[smi] rid: ResourceId, enable: bool, delay: u32) -> Result<(), SysError> {
    let h = get(state, rid, "setsockopt")?;
    if let Some(Stream::Tcp(s)) = h.stream().as_deref() {
        handle::set_keepalive(s.as_raw_fd(), enable, delay).map_err(|e| io_err(&e, "setsockopt"))?;
    }
    Ok(())
}

/// `uv_pipe_chmod`: makes a listening Unix socket readable (flag 1) and/or
/// writable (flag 2) by everyone, adding to the mode it has.
#[op2(fast)]
fn op_net_pipe_chmod(state: &mut OpState, #[smi] rid: ResourceId, flags: u32) -> Result<(), SysError> {
    use std::os::unix::fs::PermissionsExt;
    let h = get(state, rid, "chmod")?;
    let path = h.pipe_path().ok_or_else(|| bad_handle("chmod"))?;
    let mut want = 0;
    if flags & 1 != 0 {
        want |= 0o444;
    }
    if flags & 2 != 0 {
        want |= 0o222;
    }
    let mode = std::fs::metadata(&path).map_err(|e| io_err(&e, "chmod"))?.permissions().mode();
    if mode & want == want {
        return Ok(());
    }
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode((mode | want) & 0o7777)).map_err(|e| io_err(&e, "chmod"))
}

/// The IP type-of-service byte of a TCP connection (IP_TOS, or IPV6_TCLASS
/// on IPv6): sets it to `tos`, or with a negative `tos` returns it.
#[op2(fast)]
fn op_net_tos(state: &mut OpState, #[smi] rid: ResourceId, tos: i32) -> Result<i32, SysError> {
    let h = get(state, rid, "setsockopt")?;
    let Some(stream) = h.stream() else { return Err(bad_handle("setsockopt")) };
    let Stream::Tcp(s) = &*stream else { return Err(bad_handle("setsockopt")) };
    let v6 = s.local_addr().map(|a| a.is_ipv6()).unwrap_or(false);
    handle::type_of_service(s.as_raw_fd(), v6, tos).map_err(|e| io_err(&e, if tos < 0 { "getsockopt" } else { "setsockopt" }))
}

/// One `dns.resolve*()` question (see `resolver`). `rid` is an idle handle
/// whose closing cancels the query (`resolver.cancel()`): it then answers
/// ECANCELLED.
#[op2]
#[serde]
async fn op_net_dns_query(state: Rc<RefCell<OpState>>, #[smi] rid: ResourceId, #[serde] q: resolver::Query) -> resolver::Answer {
    let Ok(h) = get_shared(&state, rid, "query") else { return ("ECANCELLED".into(), vec![]) };
    match resolver::query(q).or_cancel(RcRef::map(&h, |h| &h.cancel)).await {
        Ok(a) => a,
        Err(_) => ("ECANCELLED".into(), vec![]),
    }
}

/// The descriptor under a handle (`handle.fd`), or -1 when it has none.
#[op2(fast)]
fn op_net_fd(state: &mut OpState, #[smi] rid: ResourceId) -> i32 {
    let Ok(h) = get(state, rid, "fd") else { return -1 };
    h.raw_fd().unwrap_or(-1)
}

/// An IPC channel's read (child_process): `[data, fd, kind]`, where `data` is
/// empty at end-of-file and `fd` a descriptor the peer passed with it (-1 for
/// none), whose handle `kind` is `tcp`, `pipe`, `udp` or `unknown`.
#[op2]
#[serde]
async fn op_net_ipc_read(state: Rc<RefCell<OpState>>, #[smi] rid: ResourceId) -> Result<(deno_core::ToJsBuffer, i32, &'static str), SysError> {
    use std::os::fd::IntoRawFd;
    let h = get_shared(&state, rid, "read")?;
    if h.stream().is_none() {
        return Err(SysError { errno: libc::ENOTCONN, syscall: "read", path: None, dest: None });
    }
    let res = h.read_with_fd(64 * 1024).or_cancel(RcRef::map(&h, |h| &h.cancel)).await.map_err(|_| canceled("read"))?;
    let (data, passed) = res.map_err(|e| io_err(&e, "read"))?;
    let (fd, kind) = match passed {
        Some(fd) => {
            let kind = handle::socket_kind(fd.as_raw_fd());
            (fd.into_raw_fd(), kind)
        }
        None => (-1, ""),
    };
    Ok((data.into(), fd, kind))
}

/// Writes `data` on an IPC channel with descriptor `fd` attached (Node's
/// `uv_write2`); returns the bytes written, the rest being the caller's to queue.
#[op2(fast)]
fn op_net_ipc_send(state: &mut OpState, #[smi] rid: ResourceId, #[buffer] data: &[u8], fd: i32) -> Result<u32, SysError> {
    let h = get(state, rid, "write")?;
    let stream = h.stream().ok_or_else(|| SysError { errno: libc::ENOTCONN, syscall: "write", path: None, dest: None })?;
    handle::send_with_fd(stream.as_raw_fd(), data, fd).map(|n| n as u32).map_err(|e| io_err(&e, "write"))
}
