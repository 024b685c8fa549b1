//! The resolver calls behind `node:dns` (`lookup`, `lookupService`): the
//! system's `getaddrinfo`/`getnameinfo`, run on tokio's blocking pool as libuv
//! runs them on its thread pool. Errors are libuv's codes (`UV_EAI_*`).

use deno_core::op2;
use std::ffi::{CStr, CString};

/// libuv's `uv__getaddrinfo_translate_error` for glibc's EAI_* values.
fn translate(rc: i32) -> i32 {
    match rc {
        -9 => -3000,  // EAI_ADDRFAMILY
        -3 => -3001,  // EAI_AGAIN
        -1 => -3002,  // EAI_BADFLAGS
        -101 => -3003, // EAI_CANCELED
        -4 => -3004,  // EAI_FAIL
        -6 => -3005,  // EAI_FAMILY
        -10 => -3006, // EAI_MEMORY
        -5 => -3007,  // EAI_NODATA
        -2 => -3008,  // EAI_NONAME
        -12 => -3009, // EAI_OVERFLOW
        -8 => -3010,  // EAI_SERVICE
        -7 => -3011,  // EAI_SOCKTYPE
        -11 => -std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EIO), // EAI_SYSTEM
        _ => -3004,
    }
}

fn sockaddr_ip(sa: *const libc::sockaddr) -> Option<String> {
    // SAFETY: getaddrinfo hands back valid sockaddrs of the family they name.
    unsafe {
        match (*sa).sa_family as i32 {
            libc::AF_INET => {
                let a = &*(sa as *const libc::sockaddr_in);
                Some(std::net::Ipv4Addr::from(u32::from_be(a.sin_addr.s_addr)).to_string())
            }
            libc::AF_INET6 => {
                let a = &*(sa as *const libc::sockaddr_in6);
                Some(std::net::Ipv6Addr::from(a.sin6_addr.s6_addr).to_string())
            }
            _ => None,
        }
    }
}

/// Plain `getaddrinfo` for stream sockets: `(0, addresses)` in resolver order,
/// or `(uv error code, [])`.
pub fn getaddrinfo(host: &str, family: i32, flags: i32) -> (i32, Vec<String>) {
    let Ok(c_host) = CString::new(host) else { return (-3008, vec![]) };
    // SAFETY: an all-zero addrinfo is a valid "no hints" value.
    let mut hints: libc::addrinfo = unsafe { std::mem::zeroed() };
    hints.ai_family = match family {
        4 => libc::AF_INET,
        6 => libc::AF_INET6,
        _ => libc::AF_UNSPEC,
    };
    hints.ai_socktype = libc::SOCK_STREAM;
    hints.ai_flags = flags;
    let mut res: *mut libc::addrinfo = std::ptr::null_mut();
    // SAFETY: all pointers are valid; res is freed below.
    let rc = unsafe { libc::getaddrinfo(c_host.as_ptr(), std::ptr::null(), &hints, &mut res) };
    if rc != 0 {
        return (translate(rc), vec![]);
    }
    let mut out = Vec::new();
    let mut p = res;
    while !p.is_null() {
        // SAFETY: p walks the list getaddrinfo returned.
        let ai = unsafe { &*p };
        if !ai.ai_addr.is_null() {
            if let Some(ip) = sockaddr_ip(ai.ai_addr) {
                out.push(ip);
            }
        }
        p = ai.ai_next;
    }
    // SAFETY: res came from getaddrinfo.
    unsafe { libc::freeaddrinfo(res) };
    (0, out)
}

/// `uv_getaddrinfo` for `dns.lookup`.
#[op2]
#[serde]
pub async fn op_net_getaddrinfo(#[string] host: String, family: i32, flags: i32) -> (i32, Vec<String>) {
    tokio::task::spawn_blocking(move || getaddrinfo(&host, family, flags))
        .await
        .unwrap_or((-3003, vec![]))
}

/// `getnameinfo` (NI_NAMEREQD, as Node asks): `(0, host, service)` or `(code, "", "")`.
pub fn getnameinfo(ip: &str, port: u16) -> (i32, String, String) {
    let Some(addr) = super::handle::parse_addr(ip, port as u32) else { return (-22, String::new(), String::new()) };
    // SAFETY: sockaddr_storage is valid all-zero and large enough for either family.
    let mut ss: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
    let len = match addr {
        std::net::SocketAddr::V4(a) => {
            // SAFETY: ss is large enough for a sockaddr_in.
            let sin = unsafe { &mut *(&mut ss as *mut libc::sockaddr_storage as *mut libc::sockaddr_in) };
            sin.sin_family = libc::AF_INET as libc::sa_family_t;
            sin.sin_port = a.port().to_be();
            sin.sin_addr.s_addr = u32::from(*a.ip()).to_be();
            std::mem::size_of::<libc::sockaddr_in>()
        }
        std::net::SocketAddr::V6(a) => {
            // SAFETY: ss is large enough for a sockaddr_in6.
            let sin6 = unsafe { &mut *(&mut ss as *mut libc::sockaddr_storage as *mut libc::sockaddr_in6) };
            sin6.sin6_family = libc::AF_INET6 as libc::sa_family_t;
            sin6.sin6_port = a.port().to_be();
            sin6.sin6_addr.s6_addr = a.ip().octets();
            sin6.sin6_scope_id = a.scope_id();
            std::mem::size_of::<libc::sockaddr_in6>()
        }
    };
    let mut host = [0 as libc::c_char; 1025];
    let mut serv = [0 as libc::c_char; 32];
    // SAFETY: buffers and lengths match; ss holds a valid address of `len` bytes.
    let rc = unsafe {
        libc::getnameinfo(
            (&ss as *const libc::sockaddr_storage).cast(),
            len as libc::socklen_t,
            host.as_mut_ptr(),
            host.len() as libc::socklen_t,
            serv.as_mut_ptr(),
            serv.len() as libc::socklen_t,
            libc::NI_NAMEREQD,
        )
    };
    if rc != 0 {
        return (translate(rc), String::new(), String::new());
    }
    // SAFETY: on success both buffers hold NUL-terminated strings.
    let h = unsafe { CStr::from_ptr(host.as_ptr()) }.to_string_lossy().into_owned();
    let s = unsafe { CStr::from_ptr(serv.as_ptr()) }.to_string_lossy().into_owned();
    (0, h, s)
}

/// `uv_getnameinfo` for `dns.lookupService`.
#[op2]
#[serde]
pub async fn op_net_getnameinfo(#[string] ip: String, port: u32) -> (i32, String, String) {
    tokio::task::spawn_blocking(move || getnameinfo(&ip, port as u16))
        .await
        .unwrap_or((-3003, String::new(), String::new()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_hosts_resolve_to_themselves() {
        let (rc, v) = getaddrinfo("127.0.0.1", 0, 0);
        assert_eq!(rc, 0);
        assert_eq!(v[0], "127.0.0.1");
        let (rc, v) = getaddrinfo("::1", 6, 0);
        assert_eq!(rc, 0);
        assert_eq!(v, vec!["::1".to_string()]);
    }
}
