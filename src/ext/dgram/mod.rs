//! `dgram`: UDP sockets as libuv-shaped handles (what Node's `udp_wrap`
//! binding sits on).
//!
//! One resource per handle (`UdpHandle`). As with libuv's `uv_udp_t`, the
//! socket itself is made lazily: by `bind`, by adopting a descriptor (`open`),
//! or by the implicit bind a multicast membership call makes. Everything that
//! can finish at once (bind, connect, a send the kernel takes, socket options)
//! is a sync op; receiving, and a send that finds the socket buffer full, are
//! async ops over tokio's `UdpSocket`. Closing a handle cancels both.
//!
//! Receiving is one async op per batch: it waits until the socket is readable,
//! then takes every datagram already queued (up to a bound) in one go, so a
//! burst costs one promise rather than one per datagram. The batch is a single
//! buffer of records (see `push_record`) that JS splits.

use crate::ext::error::SysError;
use deno_core::{op2, CancelFuture, CancelHandle, JsBuffer, OpDecl, OpState, RcRef, Resource, ResourceId};
use std::borrow::Cow;
use std::cell::RefCell;
use std::io;
use std::mem::{size_of, zeroed};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::rc::Rc;
use tokio::io::Interest;
use tokio::net::UdpSocket;

/// libuv's `UV_UDP_IPV6ONLY`.
const FLAG_IPV6ONLY: u32 = 1;
/// libuv's `UV_UDP_REUSEADDR`.
const FLAG_REUSEADDR: u32 = 4;
/// libuv's `UV_UDP_REUSEPORT`.
const FLAG_REUSEPORT: u32 = 64;

/// At most this many datagrams, or about this many bytes, leave in one batch.
const BATCH_DATAGRAMS: usize = 64;
const BATCH_BYTES: usize = 256 * 1024;

/// The dgram subsystem's ops.
pub fn ops() -> Vec<OpDecl> {
    vec![
        op_dgram_new(),
        op_dgram_bind(),
        op_dgram_open(),
        op_dgram_connect(),
        op_dgram_disconnect(),
        op_dgram_recv(),
        op_dgram_try_send(),
        op_dgram_send(),
        op_dgram_close(),
        op_dgram_address(),
        op_dgram_fd(),
        op_dgram_setopt(),
        op_dgram_set_multicast_interface(),
        op_dgram_membership(),
        op_dgram_source_membership(),
        op_dgram_buffer_size(),
    ]
}

/// A handle's socket. As libuv starts watching a descriptor only once the
/// handle receives or queues a send, the socket is registered with tokio's
/// reactor only then: two handles may hold the same descriptor (`open` of a
/// bound handle's fd) as long as only one of them waits on it.
enum Sock {
    Plain(std::net::UdpSocket),
    Watched(Rc<UdpSocket>),
}

impl Sock {
    fn fd(&self) -> RawFd {
        match self {
            Sock::Plain(s) => s.as_raw_fd(),
            Sock::Watched(s) => s.as_raw_fd(),
        }
    }

    /// One non-blocking send.
    fn send_now(&self, data: &[u8], dest: Option<SocketAddr>) -> io::Result<usize> {
        match (self, dest) {
            (Sock::Plain(s), Some(to)) => s.send_to(data, to),
            (Sock::Plain(s), None) => s.send(data),
            (Sock::Watched(s), Some(to)) => s.try_send_to(data, to),
            (Sock::Watched(s), None) => s.try_send(data),
        }
    }
}

/// One UDP handle: its socket once there is one, and the cancel handle that
/// ends the waits on it when it is closed.
pub struct UdpHandle {
    sock: RefCell<Option<Sock>>,
    cancel: CancelHandle,
}

impl Resource for UdpHandle {
    fn name(&self) -> Cow<'_, str> {
        "udpHandle".into()
    }

    fn close(self: Rc<Self>) {
        self.cancel.cancel();
        self.sock.borrow_mut().take();
    }
}

impl UdpHandle {
    fn fd(&self) -> Option<RawFd> {
        self.sock.borrow().as_ref().map(Sock::fd)
    }

    /// The socket, registered with the reactor first if it is not yet (EBADF
    /// when there is none; EEXIST when another handle watches the descriptor).
    fn watched(&self, syscall: &'static str) -> Result<Rc<UdpSocket>, SysError> {
        let mut slot = self.sock.borrow_mut();
        let plain = match slot.take() {
            None => return Err(err(libc::EBADF, syscall)),
            Some(Sock::Watched(s)) => {
                *slot = Some(Sock::Watched(s.clone()));
                return Ok(s);
            }
            Some(Sock::Plain(p)) => p,
        };
        // tokio closes the socket it fails to register; keep a duplicate to
        // put back then.
        let spare = plain.try_clone().map_err(|e| io_err(&e, syscall))?;
        match UdpSocket::from_std(plain) {
            Ok(s) => {
                drop(spare);
                let s = Rc::new(s);
                *slot = Some(Sock::Watched(s.clone()));
                Ok(s)
            }
            Err(e) => {
                *slot = Some(Sock::Plain(spare));
                Err(io_err(&e, syscall))
            }
        }
    }
}

fn err(errno: i32, syscall: &'static str) -> SysError {
    SysError { errno, syscall, path: None, dest: None }
}

fn io_err(e: &io::Error, syscall: &'static str) -> SysError {
    SysError::from_io(e, syscall, None)
}

fn get(state: &OpState, rid: ResourceId, syscall: &'static str) -> Result<Rc<UdpHandle>, SysError> {
    state.resource_table.get::<UdpHandle>(rid).map_err(|_| err(libc::EBADF, syscall))
}

/// The descriptor of a handle that has a socket; EBADF (libuv's answer for a
/// handle whose fd is -1) otherwise.
fn fd_of(state: &OpState, rid: ResourceId, syscall: &'static str) -> Result<RawFd, SysError> {
    get(state, rid, syscall)?.fd().ok_or_else(|| err(libc::EBADF, syscall))
}

/// An IPv4 address as `uv_ip4_addr` reads it.
fn parse_v4(ip: &str) -> Option<Ipv4Addr> {
    ip.parse().ok()
}

/// An IPv6 address as `uv_ip6_addr` reads it: an optional `%zone` names the
/// scope by interface name or number (an unknown name is scope 0).
fn parse_v6(ip: &str) -> Option<(Ipv6Addr, u32)> {
    let (addr, zone) = match ip.split_once('%') {
        Some((a, z)) => (a, Some(z)),
        None => (ip, None),
    };
    let v6 = addr.parse().ok()?;
    let scope = match zone {
        None => 0,
        Some(z) => z.parse::<u32>().unwrap_or_else(|_| {
            let Ok(name) = std::ffi::CString::new(z) else { return 0 };
            // SAFETY: name is a valid NUL-terminated string.
            unsafe { libc::if_nametoindex(name.as_ptr()) }
        }),
    };
    Some((v6, scope))
}

/// The socket address of `ip`/`port` in the family the caller asked for
/// (Node's `bind`/`send` parse IPv4, `bind6`/`send6` IPv6): EINVAL if it is not one.
fn parse_addr(ip: &str, port: u32, v6: bool, syscall: &'static str) -> Result<SocketAddr, SysError> {
    // As uv_ip4_addr/uv_ip6_addr's htons: a port past 65535 wraps.
    let port = port as u16;
    if v6 {
        let (a, scope) = parse_v6(ip).ok_or_else(|| err(libc::EINVAL, syscall))?;
        Ok(SocketAddr::V6(SocketAddrV6::new(a, port, 0, scope)))
    } else {
        let a = parse_v4(ip).ok_or_else(|| err(libc::EINVAL, syscall))?;
        Ok(SocketAddr::V4(SocketAddrV4::new(a, port)))
    }
}

fn to_sockaddr(addr: &SocketAddr) -> (libc::sockaddr_storage, libc::socklen_t) {
    // SAFETY: an all-zero sockaddr_storage is valid.
    let mut ss: libc::sockaddr_storage = unsafe { zeroed() };
    let len = match addr {
        SocketAddr::V4(a) => {
            // SAFETY: sockaddr_storage is large and aligned enough for sockaddr_in.
            let sin = unsafe { &mut *(&mut ss as *mut libc::sockaddr_storage).cast::<libc::sockaddr_in>() };
            sin.sin_family = libc::AF_INET as libc::sa_family_t;
            sin.sin_port = a.port().to_be();
            sin.sin_addr.s_addr = u32::from_ne_bytes(a.ip().octets());
            size_of::<libc::sockaddr_in>()
        }
        SocketAddr::V6(a) => {
            // SAFETY: sockaddr_storage is large and aligned enough for sockaddr_in6.
            let sin6 = unsafe { &mut *(&mut ss as *mut libc::sockaddr_storage).cast::<libc::sockaddr_in6>() };
            sin6.sin6_family = libc::AF_INET6 as libc::sa_family_t;
            sin6.sin6_port = a.port().to_be();
            sin6.sin6_addr.s6_addr = a.ip().octets();
            sin6.sin6_flowinfo = a.flowinfo();
            sin6.sin6_scope_id = a.scope_id();
            size_of::<libc::sockaddr_in6>()
        }
    };
    (ss, len as libc::socklen_t)
}

fn from_sockaddr(ss: &libc::sockaddr_storage) -> Option<SocketAddr> {
    match ss.ss_family as i32 {
        libc::AF_INET => {
            // SAFETY: the family says this is a sockaddr_in.
            let sin = unsafe { &*(ss as *const libc::sockaddr_storage).cast::<libc::sockaddr_in>() };
            let ip = Ipv4Addr::from(sin.sin_addr.s_addr.to_ne_bytes());
            Some(SocketAddr::V4(SocketAddrV4::new(ip, u16::from_be(sin.sin_port))))
        }
        libc::AF_INET6 => {
            // SAFETY: the family says this is a sockaddr_in6.
            let sin6 = unsafe { &*(ss as *const libc::sockaddr_storage).cast::<libc::sockaddr_in6>() };
            let ip = Ipv6Addr::from(sin6.sin6_addr.s6_addr);
            Some(SocketAddr::V6(SocketAddrV6::new(ip, u16::from_be(sin6.sin6_port), sin6.sin6_flowinfo, sin6.sin6_scope_id)))
        }
        _ => None,
    }
}

/// An address as Node's `AddressToJS` writes it: a link-local IPv6 address
/// with a scope gets `%<interface name>`.
fn ip_string(addr: &SocketAddr) -> String {
    match addr {
        SocketAddr::V6(a) if a.scope_id() != 0 && (a.ip().segments()[0] & 0xffc0) == 0xfe80 => {
            let mut buf = [0 as libc::c_char; libc::IF_NAMESIZE];
            // SAFETY: buf holds IF_NAMESIZE bytes as if_indextoname requires.
            let p = unsafe { libc::if_indextoname(a.scope_id(), buf.as_mut_ptr()) };
            if p.is_null() {
                return a.ip().to_string();
            }
            // SAFETY: if_indextoname wrote a NUL-terminated name into buf.
            let name = unsafe { std::ffi::CStr::from_ptr(buf.as_ptr()) };
            format!("{}%{}", a.ip(), name.to_string_lossy())
        }
        a => a.ip().to_string(),
    }
}

fn setsockopt_int(fd: RawFd, level: i32, name: i32, value: i32) -> io::Result<()> {
    // SAFETY: value is a valid c_int for the option's size.
    let r = unsafe { libc::setsockopt(fd, level, name, (&value as *const i32).cast(), size_of::<i32>() as libc::socklen_t) };
    if r != 0 { Err(io::Error::last_os_error()) } else { Ok(()) }
}

fn setsockopt_raw<T>(fd: RawFd, level: i32, name: i32, value: &T) -> io::Result<()> {
    // SAFETY: value points at a T of the size given.
    let r = unsafe { libc::setsockopt(fd, level, name, (value as *const T).cast(), size_of::<T>() as libc::socklen_t) };
    if r != 0 { Err(io::Error::last_os_error()) } else { Ok(()) }
}

fn getsockopt_int(fd: RawFd, level: i32, name: i32) -> io::Result<i32> {
    let mut value: i32 = 0;
    let mut len = size_of::<i32>() as libc::socklen_t;
    // SAFETY: value/len are valid out-pointers of the option's size.
    let r = unsafe { libc::getsockopt(fd, level, name, (&mut value as *mut i32).cast(), &mut len) };
    if r != 0 { Err(io::Error::last_os_error()) } else { Ok(value) }
}

/// `getsockname` (or `getpeername`) of a descriptor.
fn sock_addr(fd: RawFd, peer: bool) -> io::Result<SocketAddr> {
    // SAFETY: an all-zero sockaddr_storage is valid.
    let mut ss: libc::sockaddr_storage = unsafe { zeroed() };
    let mut len = size_of::<libc::sockaddr_storage>() as libc::socklen_t;
    let p = (&mut ss as *mut libc::sockaddr_storage).cast();
    // SAFETY: ss/len are valid out-pointers.
    let r = unsafe { if peer { libc::getpeername(fd, p, &mut len) } else { libc::getsockname(fd, p, &mut len) } };
    if r != 0 {
        return Err(io::Error::last_os_error());
    }
    from_sockaddr(&ss).ok_or_else(|| io::Error::from_raw_os_error(libc::EAFNOSUPPORT))
}

fn is_v6(fd: RawFd) -> bool {
    sock_addr(fd, false).map(|a| a.is_ipv6()).unwrap_or(false)
}

/// A fresh non-blocking datagram socket of one family.
fn new_socket(v6: bool) -> io::Result<OwnedFd> {
    let domain = if v6 { libc::AF_INET6 } else { libc::AF_INET };
    // SAFETY: plain socket(2) call.
    let fd = unsafe { libc::socket(domain, libc::SOCK_DGRAM | libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC, 0) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: fd is a new descriptor nothing else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

fn plain(fd: OwnedFd) -> Sock {
    Sock::Plain(std::net::UdpSocket::from(fd))
}

/// `uv__udp_bind`: sets the reuse/v6-only options the flags ask for, then binds.
fn bind_fd(fd: RawFd, addr: &SocketAddr, flags: u32) -> io::Result<()> {
    if flags & FLAG_REUSEADDR != 0 {
        setsockopt_int(fd, libc::SOL_SOCKET, libc::SO_REUSEADDR, 1)?;
    }
    if flags & FLAG_REUSEPORT != 0 {
        setsockopt_int(fd, libc::SOL_SOCKET, libc::SO_REUSEPORT, 1)?;
    }
    if flags & FLAG_IPV6ONLY != 0 {
        setsockopt_int(fd, libc::IPPROTO_IPV6, libc::IPV6_V6ONLY, 1)?;
    }
    let (ss, len) = to_sockaddr(addr);
    // SAFETY: ss holds a sockaddr of length len.
    if unsafe { libc::bind(fd, (&ss as *const libc::sockaddr_storage).cast(), len) } != 0 {
        let e = io::Error::last_os_error();
        // As libuv: a family the socket does not have is an invalid argument.
        if e.raw_os_error() == Some(libc::EAFNOSUPPORT) {
            return Err(io::Error::from_raw_os_error(libc::EINVAL));
        }
        return Err(e);
    }
    Ok(())
}

/// The handle's socket, made and bound to the any-address first if it has
/// none (libuv's `uv__udp_maybe_deferred_bind`, which membership calls make).
fn socket_or_bind_any(h: &UdpHandle, v6: bool, syscall: &'static str) -> Result<RawFd, SysError> {
    if let Some(fd) = h.fd() {
        return Ok(fd);
    }
    let addr = if v6 {
        SocketAddr::new(IpAddr::V6(Ipv6Addr::UNSPECIFIED), 0)
    } else {
        SocketAddr::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), 0)
    };
    let fd = new_socket(v6).map_err(|e| io_err(&e, syscall))?;
    bind_fd(fd.as_raw_fd(), &addr, FLAG_REUSEADDR).map_err(|e| io_err(&e, syscall))?;
    let raw = fd.as_raw_fd();
    *h.sock.borrow_mut() = Some(plain(fd));
    Ok(raw)
}

/// A new handle without a socket (Node's `new UDP()`).
#[op2(fast)]
#[smi]
fn op_dgram_new(state: &mut OpState) -> ResourceId {
    state.resource_table.add(UdpHandle { sock: RefCell::new(None), cancel: CancelHandle::new() })
}

/// `uv_udp_bind` (`v6` picks `bind6`'s parsing). A socket that fails to bind
/// stays with the handle, as libuv keeps it.
#[op2(fast)]
fn op_dgram_bind(state: &mut OpState, #[smi] rid: ResourceId, #[string] ip: &str, port: u32, flags: u32, v6: bool) -> Result<(), SysError> {
    let h = get(state, rid, "bind")?;
    let addr = parse_addr(ip, port, v6, "bind")?;
    if flags & FLAG_IPV6ONLY != 0 && !addr.is_ipv6() {
        return Err(err(libc::EINVAL, "bind"));
    }
    let fd = match h.fd() {
        Some(fd) => fd,
        None => {
            let owned = new_socket(addr.is_ipv6()).map_err(|e| io_err(&e, "bind"))?;
            let fd = owned.as_raw_fd();
            *h.sock.borrow_mut() = Some(plain(owned));
            fd
        }
    };
    bind_fd(fd, &addr, flags).map_err(|e| io_err(&e, "bind"))
}

/// `uv_udp_open`: adopts a descriptor (made non-blocking). EBUSY if the
/// handle already has a socket.
#[op2(fast)]
fn op_dgram_open(state: &mut OpState, #[smi] rid: ResourceId, fd: i32) -> Result<(), SysError> {
    let h = get(state, rid, "open")?;
    if h.fd().is_some() {
        return Err(err(libc::EBUSY, "open"));
    }
    // SAFETY: fcntl on a caller-given descriptor; failure is reported.
    let fl = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if fl < 0 || unsafe { libc::fcntl(fd, libc::F_SETFL, fl | libc::O_NONBLOCK) } < 0 {
        return Err(SysError::last("open", None));
    }
    // SAFETY: the handle takes the descriptor over, as uv_udp_open does.
    let owned = unsafe { OwnedFd::from_raw_fd(fd) };
    *h.sock.borrow_mut() = Some(plain(owned));
    Ok(())
}

/// `uv_udp_connect`.
#[op2(fast)]
fn op_dgram_connect(state: &mut OpState, #[smi] rid: ResourceId, #[string] ip: &str, port: u32, v6: bool) -> Result<(), SysError> {
    let fd = fd_of(state, rid, "connect")?;
    let addr = parse_addr(ip, port, v6, "connect")?;
    let (ss, len) = to_sockaddr(&addr);
    loop {
        // SAFETY: ss holds a sockaddr of length len.
        if unsafe { libc::connect(fd, (&ss as *const libc::sockaddr_storage).cast(), len) } == 0 {
            return Ok(());
        }
        let e = io::Error::last_os_error();
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(io_err(&e, "connect"));
        }
    }
}

/// `uv_udp_connect(handle, NULL)`: dissolves the association (AF_UNSPEC).
#[op2(fast)]
fn op_dgram_disconnect(state: &mut OpState, #[smi] rid: ResourceId) -> Result<(), SysError> {
    let fd = fd_of(state, rid, "connect")?;
    // SAFETY: an all-zero sockaddr with family AF_UNSPEC.
    let mut sa: libc::sockaddr = unsafe { zeroed() };
    sa.sa_family = libc::AF_UNSPEC as libc::sa_family_t;
    // SAFETY: sa is a valid sockaddr of the size given.
    if unsafe { libc::connect(fd, &sa, size_of::<libc::sockaddr>() as libc::socklen_t) } != 0 {
        let e = io::Error::last_os_error();
        // Linux answers AF_UNSPEC with EAFNOSUPPORT after disconnecting anyway.
        if e.raw_os_error() != Some(libc::EAFNOSUPPORT) {
            return Err(io_err(&e, "connect"));
        }
    }
    Ok(())
}

thread_local! {
    // Datagrams land here first (64 KiB holds the largest UDP payload); only
    // touched between awaits, so one per thread is enough.
    static SCRATCH: RefCell<Vec<u8>> = RefCell::new(vec![0u8; 64 * 1024]);
}

/// Appends one record to a batch: `[kind u8][address length u8][port u16 LE]
/// [data length u32 LE][address][data]`, where kind is 4 or 6 for a datagram
/// from an address of that family, or 0 for a receive error whose (positive)
/// errno is in the length field.
fn push_record(out: &mut Vec<u8>, from: Option<&SocketAddr>, data: &[u8], errno: i32) {
    let ip = from.map(ip_string).unwrap_or_default();
    let kind = match from {
        Some(SocketAddr::V4(_)) => 4u8,
        Some(SocketAddr::V6(_)) => 6u8,
        None => 0u8,
    };
    out.push(kind);
    out.push(ip.len() as u8);
    out.extend_from_slice(&from.map(|a| a.port()).unwrap_or(0).to_le_bytes());
    let len = if kind == 0 { errno as u32 } else { data.len() as u32 };
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(ip.as_bytes());
    out.extend_from_slice(data);
}

/// One non-blocking `recvfrom`.
fn recv_from(fd: RawFd, buf: &mut [u8]) -> io::Result<(usize, SocketAddr)> {
    // SAFETY: an all-zero sockaddr_storage is valid.
    let mut ss: libc::sockaddr_storage = unsafe { zeroed() };
    let mut len = size_of::<libc::sockaddr_storage>() as libc::socklen_t;
    // SAFETY: buf is valid for its length; ss/len are valid out-pointers.
    let n = unsafe {
        libc::recvfrom(fd, buf.as_mut_ptr().cast(), buf.len(), 0, (&mut ss as *mut libc::sockaddr_storage).cast(), &mut len)
    };
    if n < 0 {
        return Err(io::Error::last_os_error());
    }
    let from = from_sockaddr(&ss).ok_or_else(|| io::Error::from_raw_os_error(libc::EAFNOSUPPORT))?;
    Ok((n as usize, from))
}

/// Waits until the socket has datagrams, then returns all of those queued
/// (up to a bound) as one batch of records (see `push_record`).
#[op2]
#[buffer]
async fn op_dgram_recv(state: Rc<RefCell<OpState>>, #[smi] rid: ResourceId) -> Result<Vec<u8>, SysError> {
    let h = get(&state.borrow(), rid, "recvmsg")?;
    let sock = h.watched("recvmsg")?;
    // A pending socket error (an ICMP "port unreachable" on a connected
    // socket) is EPOLLERR without EPOLLIN: waking on errors too lets recvfrom
    // report it, as libuv's read does. (tokio's try_io takes one interest at
    // a time, so the error readiness is consumed by a try of its own.)
    let fd = sock.as_raw_fd();
    let attempt = |interest: Interest, out: &mut Vec<u8>| {
        SCRATCH.with(|buf| {
            let mut buf = buf.borrow_mut();
            sock.try_io(interest, || recv_from(fd, &mut buf[..])).map(|(n, from)| push_record(out, Some(&from), &buf[..n], 0))
        })
    };
    let batch = async {
        loop {
            let ready = sock.ready(Interest::READABLE | Interest::ERROR).await?;
            let mut check_error = ready.is_error();
            let mut out = Vec::new();
            let mut count = 0;
            loop {
                let mut res = attempt(Interest::READABLE, &mut out);
                if check_error && matches!(&res, Err(e) if e.kind() == io::ErrorKind::WouldBlock) {
                    check_error = false;
                    res = attempt(Interest::ERROR, &mut out);
                }
                match res {
                    Ok(()) => {
                        count += 1;
                        if count >= BATCH_DATAGRAMS || out.len() >= BATCH_BYTES {
                            break;
                        }
                    }
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => {
                        push_record(&mut out, None, &[], e.raw_os_error().unwrap_or(libc::EIO));
                        break;
                    }
                }
            }
            if !out.is_empty() {
                return Ok::<_, io::Error>(out);
            }
            // Readiness that yielded nothing was cleared by the WouldBlock:
            // the next wait parks until epoll reports again.
        }
    };
    let res = batch.or_cancel(RcRef::map(&h, |h| &h.cancel)).await.map_err(|_| err(libc::ECANCELED, "recvmsg"))?;
    res.map_err(|e| io_err(&e, "recvmsg"))
}

/// The destination of a send: none (`ip` empty) on a connected socket.
fn send_dest(ip: &str, port: u32, v6: bool) -> Result<Option<SocketAddr>, SysError> {
    if ip.is_empty() {
        return Ok(None);
    }
    parse_addr(ip, port, v6, "send").map(Some)
}


/// `uv_udp_try_send`: sends now if the kernel takes the datagram; returns the
/// bytes sent, or -1 when the socket buffer is full (send it with
/// `op_dgram_send` then).
#[op2(fast)]
fn op_dgram_try_send(state: &mut OpState, #[smi] rid: ResourceId, #[buffer] data: &[u8], #[string] ip: &str, port: u32, v6: bool) -> Result<i32, SysError> {
    let h = get(state, rid, "send")?;
    let dest = send_dest(ip, port, v6)?;
    let slot = h.sock.borrow();
    let sock = slot.as_ref().ok_or_else(|| err(libc::EBADF, "send"))?;
    loop {
        match sock.send_now(data, dest) {
            Ok(n) => return Ok(n as i32),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(-1),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(io_err(&e, "send")),
        }
    }
}

/// `uv_udp_send`: sends once the socket can take the datagram; returns the
/// bytes sent.
#[op2]
async fn op_dgram_send(state: Rc<RefCell<OpState>>, #[smi] rid: ResourceId, #[buffer] data: JsBuffer, #[string] ip: String, port: u32, v6: bool) -> Result<u32, SysError> {
    let h = get(&state.borrow(), rid, "send")?;
    let dest = send_dest(&ip, port, v6)?;
    let sock = h.watched("send")?;
    let fut = async {
        loop {
            sock.writable().await?;
            let res = match dest {
                Some(to) => sock.try_send_to(&data, to),
                None => sock.try_send(&data),
            };
            match res {
                Ok(n) => return Ok(n as u32),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => continue,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    };
    let res = fut.or_cancel(RcRef::map(&h, |h| &h.cancel)).await.map_err(|_| err(libc::ECANCELED, "send"))?;
    res.map_err(|e| io_err(&e, "send"))
}

/// Closes the handle; pending receives and sends end with ECANCELED.
#[op2(fast)]
fn op_dgram_close(state: &mut OpState, #[smi] rid: ResourceId) {
    if let Ok(h) = state.resource_table.take::<UdpHandle>(rid) {
        h.cancel.cancel();
        h.sock.borrow_mut().take();
    }
}

/// `getsockname` (or `getpeername` when `peer`): `[address, port, family]`
/// with family 4 or 6.
#[op2]
#[serde]
fn op_dgram_address(state: &mut OpState, #[smi] rid: ResourceId, peer: bool) -> Result<(String, u16, u8), SysError> {
    let syscall = if peer { "getpeername" } else { "getsockname" };
    let fd = fd_of(state, rid, syscall)?;
    let addr = sock_addr(fd, peer).map_err(|e| io_err(&e, syscall))?;
    Ok((ip_string(&addr), addr.port(), if addr.is_ipv4() { 4 } else { 6 }))
}

/// The descriptor under a handle (`handle.fd`), or -1 when it has none.
#[op2(fast)]
fn op_dgram_fd(state: &mut OpState, #[smi] rid: ResourceId) -> i32 {
    get(state, rid, "fd").ok().and_then(|h| h.fd()).unwrap_or(-1)
}

/// The simple socket options, with libuv's range checks: `which` is 0
/// broadcast, 1 TTL (1..=255), 2 multicast TTL (0..=255), 3 multicast
/// loopback. IP-level options go to the IPv6 level on an IPv6 socket.
#[op2(fast)]
fn op_dgram_setopt(state: &mut OpState, #[smi] rid: ResourceId, which: u32, value: i32) -> Result<(), SysError> {
    let syscall = "setsockopt";
    let h = get(state, rid, syscall)?;
    let valid = match which {
        1 => (1..=255).contains(&value),
        2 | 3 => (0..=255).contains(&value),
        _ => true,
    };
    if !valid {
        return Err(err(libc::EINVAL, syscall));
    }
    let fd = h.fd().ok_or_else(|| err(libc::EBADF, syscall))?;
    let v6 = is_v6(fd);
    let (level, name) = match (which, v6) {
        (0, _) => (libc::SOL_SOCKET, libc::SO_BROADCAST),
        (1, false) => (libc::IPPROTO_IP, libc::IP_TTL),
        (1, true) => (libc::IPPROTO_IPV6, libc::IPV6_UNICAST_HOPS),
        (2, false) => (libc::IPPROTO_IP, libc::IP_MULTICAST_TTL),
        (2, true) => (libc::IPPROTO_IPV6, libc::IPV6_MULTICAST_HOPS),
        (3, false) => (libc::IPPROTO_IP, libc::IP_MULTICAST_LOOP),
        (3, true) => (libc::IPPROTO_IPV6, libc::IPV6_MULTICAST_LOOP),
        _ => return Err(err(libc::EINVAL, syscall)),
    };
    setsockopt_int(fd, level, name, value).map_err(|e| io_err(&e, syscall))
}

/// `uv_udp_set_multicast_interface`: an IPv4 address (IP_MULTICAST_IF) or an
/// IPv6 one whose scope names the interface (IPV6_MULTICAST_IF).
#[op2(fast)]
fn op_dgram_set_multicast_interface(state: &mut OpState, #[smi] rid: ResourceId, #[string] iface: &str) -> Result<(), SysError> {
    let syscall = "setsockopt";
    let h = get(state, rid, syscall)?;
    let res = if let Some(v4) = parse_v4(iface) {
        let fd = h.fd().ok_or_else(|| err(libc::EBADF, syscall))?;
        let addr = libc::in_addr { s_addr: u32::from_ne_bytes(v4.octets()) };
        setsockopt_raw(fd, libc::IPPROTO_IP, libc::IP_MULTICAST_IF, &addr)
    } else if let Some((_, scope)) = parse_v6(iface) {
        let fd = h.fd().ok_or_else(|| err(libc::EBADF, syscall))?;
        setsockopt_raw(fd, libc::IPPROTO_IPV6, libc::IPV6_MULTICAST_IF, &scope)
    } else {
        return Err(err(libc::EINVAL, syscall));
    };
    res.map_err(|e| io_err(&e, syscall))
}

/// `uv_udp_set_membership`: joins (or leaves) a multicast group, on the
/// interface `iface` names when `has_iface`.
#[op2(fast)]
fn op_dgram_membership(state: &mut OpState, #[smi] rid: ResourceId, #[string] group: &str, #[string] iface: &str, has_iface: bool, join: bool) -> Result<(), SysError> {
    let syscall = "setsockopt";
    let h = get(state, rid, syscall)?;
    let res = if let Some(g) = parse_v4(group) {
        let fd = socket_or_bind_any(&h, false, syscall)?;
        let interface = if has_iface { parse_v4(iface).ok_or_else(|| err(libc::EINVAL, syscall))? } else { Ipv4Addr::UNSPECIFIED };
        let mreq = libc::ip_mreq {
            imr_multiaddr: libc::in_addr { s_addr: u32::from_ne_bytes(g.octets()) },
            imr_interface: libc::in_addr { s_addr: u32::from_ne_bytes(interface.octets()) },
        };
        let opt = if join { libc::IP_ADD_MEMBERSHIP } else { libc::IP_DROP_MEMBERSHIP };
        setsockopt_raw(fd, libc::IPPROTO_IP, opt, &mreq)
    } else if let Some((g, _)) = parse_v6(group) {
        let fd = socket_or_bind_any(&h, true, syscall)?;
        let scope = if has_iface { parse_v6(iface).map(|(_, s)| s).unwrap_or(0) } else { 0 };
        let mreq = libc::ipv6_mreq { ipv6mr_multiaddr: libc::in6_addr { s6_addr: g.octets() }, ipv6mr_interface: scope };
        let opt = if join { libc::IPV6_ADD_MEMBERSHIP } else { libc::IPV6_DROP_MEMBERSHIP };
        setsockopt_raw(fd, libc::IPPROTO_IPV6, opt, &mreq)
    } else {
        return Err(err(libc::EINVAL, syscall));
    };
    res.map_err(|e| io_err(&e, syscall))
}

/// `uv_udp_set_source_membership`: source-specific multicast join/leave.
#[op2(fast)]
fn op_dgram_source_membership(
    state: &mut OpState,
    #[smi] rid: ResourceId,
    #[string] source: &str,
    #[string] group: &str,
    #[string] iface: &str,
    has_iface: bool,
    join: bool,
) -> Result<(), SysError> {
    let syscall = "setsockopt";
    let h = get(state, rid, syscall)?;
    let inval = || err(libc::EINVAL, syscall);
    let res = if let Some((g, _)) = parse_v6(group) {
        let (s, _) = parse_v6(source).ok_or_else(inval)?;
        let fd = socket_or_bind_any(&h, true, syscall)?;
        let scope = if has_iface { parse_v6(iface).map(|(_, s)| s).ok_or_else(inval)? } else { 0 };
        // SAFETY: an all-zero group_source_req is valid.
        let mut req: libc::group_source_req = unsafe { zeroed() };
        req.gsr_interface = scope;
        let (gs, _) = to_sockaddr(&SocketAddr::V6(SocketAddrV6::new(g, 0, 0, 0)));
        let (ss, _) = to_sockaddr(&SocketAddr::V6(SocketAddrV6::new(s, 0, 0, 0)));
        req.gsr_group = gs;
        req.gsr_source = ss;
        let opt = if join { libc::MCAST_JOIN_SOURCE_GROUP } else { libc::MCAST_LEAVE_SOURCE_GROUP };
        setsockopt_raw(fd, libc::IPPROTO_IPV6, opt, &req)
    } else {
        let g = parse_v4(group).ok_or_else(inval)?;
        let s = parse_v4(source).ok_or_else(inval)?;
        let fd = socket_or_bind_any(&h, false, syscall)?;
        let interface = if has_iface { parse_v4(iface).ok_or_else(inval)? } else { Ipv4Addr::UNSPECIFIED };
        let req = libc::ip_mreq_source {
            imr_multiaddr: libc::in_addr { s_addr: u32::from_ne_bytes(g.octets()) },
            imr_interface: libc::in_addr { s_addr: u32::from_ne_bytes(interface.octets()) },
            imr_sourceaddr: libc::in_addr { s_addr: u32::from_ne_bytes(s.octets()) },
        };
        let opt = if join { libc::IP_ADD_SOURCE_MEMBERSHIP } else { libc::IP_DROP_SOURCE_MEMBERSHIP };
        setsockopt_raw(fd, libc::IPPROTO_IP, opt, &req)
    };
    res.map_err(|e| io_err(&e, syscall))
}

/// `uv_recv_buffer_size`/`uv_send_buffer_size`: with `size` 0 returns the
/// current size, otherwise sets it and returns `size`.
#[op2(fast)]
fn op_dgram_buffer_size(state: &mut OpState, #[smi] rid: ResourceId, size: i32, recv: bool) -> Result<i32, SysError> {
    let syscall = if recv { "uv_recv_buffer_size" } else { "uv_send_buffer_size" };
    let fd = fd_of(state, rid, syscall)?;
    let name = if recv { libc::SO_RCVBUF } else { libc::SO_SNDBUF };
    if size == 0 {
        getsockopt_int(fd, libc::SOL_SOCKET, name).map_err(|e| io_err(&e, syscall))
    } else {
        setsockopt_int(fd, libc::SOL_SOCKET, name, size).map_err(|e| io_err(&e, syscall))?;
        Ok(size)
    }
}
