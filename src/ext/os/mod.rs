//! `os` ops: host, memory, CPUs, network interfaces, users, priorities, and the
//! clock of the `performance` API. Each op returns plain values; `os.js` shapes
//! them into Node's objects and turns `SysError`s into `ERR_SYSTEM_ERROR`.

use crate::ext::error::SysError;
use deno_core::{op2, OpDecl};
use serde::Serialize;
use std::ffi::CStr;
use std::sync::OnceLock;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// When the process started, as the `performance` clock counts it:
/// the monotonic instant and the wall-clock milliseconds since the epoch.
static START: OnceLock<(Instant, f64)> = OnceLock::new();

fn start() -> &'static (Instant, f64) {
    START.get_or_init(|| {
        let wall = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs_f64() * 1e3).unwrap_or(0.0);
        (Instant::now(), wall)
    })
}

/// The os subsystem's ops.
pub fn ops() -> Vec<OpDecl> {
    // The runtime builds its extension at start-up: fix the time origin here.
    start();
    vec![
        op_os_perf_now(),
        op_os_time_origin(),
        op_os_hostname(),
        op_os_uname(),
        op_os_uptime(),
        op_os_loadavg(),
        op_os_totalmem(),
        op_os_freemem(),
        op_os_cpus(),
        op_os_available_parallelism(),
        op_os_interfaces(),
        op_os_homedir(),
        op_os_user_info(),
        op_os_get_priority(),
        op_os_set_priority(),
    ]
}

/// Milliseconds since the process started (`performance.now()`).
#[op2(fast)]
fn op_os_perf_now() -> f64 {
    start().0.elapsed().as_secs_f64() * 1e3
}

/// Epoch milliseconds of the process start (`performance.timeOrigin`).
#[op2(fast)]
fn op_os_time_origin() -> f64 {
    start().1
}

fn cstr_field(buf: &[libc::c_char]) -> String {
    // SAFETY: utsname fields are NUL-terminated within their arrays.
    unsafe { CStr::from_ptr(buf.as_ptr()) }.to_string_lossy().into_owned()
}

#[op2]
#[string]
fn op_os_hostname() -> Result<String, SysError> {
    let mut buf = [0 as libc::c_char; 256];
    // SAFETY: buf is valid for buf.len() bytes.
    if unsafe { libc::gethostname(buf.as_mut_ptr(), buf.len()) } != 0 {
        return Err(SysError::last("uv_os_gethostname", None));
    }
    Ok(cstr_field(&buf))
}

/// `[sysname, version, release, machine]`, the order of Node's getOSInformation.
#[op2]
#[serde]
fn op_os_uname() -> Result<Vec<String>, SysError> {
    // SAFETY: utsname is plain data; uname fills it.
    let mut u: libc::utsname = unsafe { std::mem::zeroed() };
    // SAFETY: u is a valid utsname.
    if unsafe { libc::uname(&mut u) } != 0 {
        return Err(SysError::last("uv_os_uname", None));
    }
    Ok(vec![cstr_field(&u.sysname), cstr_field(&u.version), cstr_field(&u.release), cstr_field(&u.machine)])
}

fn sysinfo() -> Option<libc::sysinfo> {
    // SAFETY: sysinfo is plain data filled by the call.
    let mut info: libc::sysinfo = unsafe { std::mem::zeroed() };
    // SAFETY: info is valid.
    (unsafe { libc::sysinfo(&mut info) } == 0).then_some(info)
}

#[op2(fast)]
fn op_os_uptime() -> Result<f64, SysError> {
    // libuv reads CLOCK_BOOTTIME.
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: ts is valid.
    if unsafe { libc::clock_gettime(libc::CLOCK_BOOTTIME, &mut ts) } != 0 {
        return Err(SysError::last("uv_uptime", None));
    }
    Ok(ts.tv_sec as f64)
}

#[op2]
#[serde]
fn op_os_loadavg() -> Vec<f64> {
    let mut avg = [0f64; 3];
    // SAFETY: avg holds 3 doubles.
    if unsafe { libc::getloadavg(avg.as_mut_ptr(), 3) } != 3 {
        return vec![0.0; 3];
    }
    avg.to_vec()
}

/// Reads one `Key:  <n> kB` line of /proc/meminfo, in bytes.
fn meminfo(key: &str) -> Option<f64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with(key) && l[key.len()..].starts_with(':'))?;
    let kb: f64 = line[key.len() + 1..].trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(kb * 1024.0)
}

#[op2(fast)]
fn op_os_totalmem() -> f64 {
    meminfo("MemTotal")
        .or_else(|| sysinfo().map(|i| i.totalram as f64 * i.mem_unit as f64))
        .unwrap_or(0.0)
}

#[op2(fast)]
fn op_os_freemem() -> f64 {
    meminfo("MemAvailable")
        .or_else(|| sysinfo().map(|i| i.freeram as f64 * i.mem_unit as f64))
        .unwrap_or(0.0)
}

#[derive(Serialize)]
struct Cpu {
    model: String,
    speed: f64,
    times: [f64; 5], // user, nice, sys, idle, irq (ms)
}

/// Parses /proc/stat's `cpuN` lines (clock ticks) and /proc/cpuinfo's models and MHz.
fn read_cpus() -> Vec<Cpu> {
    // SAFETY: sysconf has no preconditions.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as f64;
    let ms = 1000.0 / ticks;
    let info = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let models: Vec<String> = info
        .lines()
        .filter(|l| l.starts_with("model name"))
        .filter_map(|l| l.split_once(':').map(|(_, v)| v.trim().to_owned()))
        .collect();
    let speeds: Vec<f64> = info
        .lines()
        .filter(|l| l.starts_with("cpu MHz"))
        .filter_map(|l| l.split_once(':').and_then(|(_, v)| v.trim().parse::<f64>().ok()))
        .collect();
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    stat.lines()
        .filter(|l| l.starts_with("cpu") && l.as_bytes().get(3).is_some_and(u8::is_ascii_digit))
        .enumerate()
        .map(|(i, l)| {
            let f: Vec<f64> = l.split_whitespace().skip(1).map(|n| n.parse().unwrap_or(0.0)).collect();
            let at = |k: usize| f.get(k).copied().unwrap_or(0.0) * ms;
            // Node's speed is the per-cpu MHz truncated (libuv reads cpufreq, then cpuinfo).
            let speed = std::fs::read_to_string(format!("/sys/devices/system/cpu/cpu{i}/cpufreq/scaling_cur_freq"))
                .ok()
                .and_then(|s| s.trim().parse::<f64>().ok())
                .map(|khz| (khz / 1000.0).floor())
                .or_else(|| speeds.get(i).map(|s| s.floor()))
                .unwrap_or(0.0);
            Cpu {
                model: models.get(i).or(models.first()).cloned().unwrap_or_else(|| "unknown".into()),
                speed,
                times: [at(0), at(1), at(2), at(3), at(5)],
            }
        })
        .collect()
}

#[op2]
#[serde]
fn op_os_cpus() -> Vec<Cpu> {
    read_cpus()
}

#[op2(fast)]
fn op_os_available_parallelism() -> u32 {
    std::thread::available_parallelism().map(|n| n.get() as u32).unwrap_or(1)
}

#[derive(Serialize)]
struct Interface {
    name: String,
    address: String,
    netmask: String,
    family: &'static str,
    mac: String,
    internal: bool,
    scopeid: i64,
}

/// Formats a `sockaddr` as an IP string, with its IPv6 scope id.
///
/// # Safety
/// `sa` must point to a valid sockaddr of the family it declares.
unsafe fn sockaddr_ip(sa: *const libc::sockaddr) -> Option<(std::net::IpAddr, u32)> {
    match (*sa).sa_family as i32 {
        libc::AF_INET => {
            let a = &*(sa as *const libc::sockaddr_in);
            Some((std::net::Ipv4Addr::from(u32::from_be(a.sin_addr.s_addr)).into(), 0))
        }
        libc::AF_INET6 => {
            let a = &*(sa as *const libc::sockaddr_in6);
            Some((std::net::Ipv6Addr::from(a.sin6_addr.s6_addr).into(), a.sin6_scope_id))
        }
        _ => None,
    }
}

#[op2]
#[serde]
fn op_os_interfaces() -> Result<Vec<Interface>, SysError> {
    let mut head: *mut libc::ifaddrs = std::ptr::null_mut();
    // SAFETY: head receives a list freed below.
    if unsafe { libc::getifaddrs(&mut head) } != 0 {
        return Err(SysError::last("uv_interface_addresses", None));
    }
    let mut macs = std::collections::HashMap::new();
    let mut out = Vec::new();
    let mut cur = head;
    // First pass: MAC addresses from AF_PACKET entries.
    while !cur.is_null() {
        // SAFETY: cur walks the list getifaddrs returned.
        let ifa = unsafe { &*cur };
        if !ifa.ifa_addr.is_null() && unsafe { (*ifa.ifa_addr).sa_family } as i32 == libc::AF_PACKET {
            // SAFETY: AF_PACKET addresses are sockaddr_ll.
            let ll = unsafe { &*(ifa.ifa_addr as *const libc::sockaddr_ll) };
            let mac = ll.sll_addr[..6].iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(":");
            // SAFETY: ifa_name is a NUL-terminated string.
            let name = unsafe { CStr::from_ptr(ifa.ifa_name) }.to_string_lossy().into_owned();
            macs.insert(name, mac);
        }
        cur = ifa.ifa_next;
    }
    cur = head;
    while !cur.is_null() {
        // SAFETY: as above.
        let ifa = unsafe { &*cur };
        cur = ifa.ifa_next;
        let up = ifa.ifa_flags & (libc::IFF_UP as u32) != 0 && ifa.ifa_flags & (libc::IFF_RUNNING as u32) != 0;
        if ifa.ifa_addr.is_null() || !up {
            continue;
        }
        // SAFETY: ifa_addr is non-null and valid for its family.
        let Some((ip, scope)) = (unsafe { sockaddr_ip(ifa.ifa_addr) }) else { continue };
        let mask = if ifa.ifa_netmask.is_null() {
            None
        } else {
            // SAFETY: the netmask shares the address family.
            unsafe { sockaddr_ip(ifa.ifa_netmask) }.map(|(m, _)| m)
        };
        // SAFETY: ifa_name is a NUL-terminated string.
        let name = unsafe { CStr::from_ptr(ifa.ifa_name) }.to_string_lossy().into_owned();
        let v6 = ip.is_ipv6();
        out.push(Interface {
            mac: macs.get(&name).cloned().unwrap_or_else(|| "00:00:00:00:00:00".into()),
            address: ip.to_string(),
            netmask: mask.map(|m| m.to_string()).unwrap_or_default(),
            family: if v6 { "IPv6" } else { "IPv4" },
            internal: ifa.ifa_flags & (libc::IFF_LOOPBACK as u32) != 0,
            scopeid: if v6 { scope as i64 } else { -1 },
            name,
        });
    }
    // SAFETY: head came from getifaddrs.
    unsafe { libc::freeifaddrs(head) };
    Ok(out)
}

#[derive(Serialize)]
struct UserInfo {
    uid: i64,
    gid: i64,
    username: String,
    homedir: String,
    shell: Option<String>,
}

fn passwd(uid: libc::uid_t) -> Result<UserInfo, SysError> {
    let mut pw: libc::passwd = unsafe { std::mem::zeroed() };
    let mut buf = vec![0 as libc::c_char; 16384];
    let mut result: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: all pointers are valid for the call; buf outlives the use of pw.
    let rc = unsafe { libc::getpwuid_r(uid, &mut pw, buf.as_mut_ptr(), buf.len(), &mut result) };
    if result.is_null() {
        let errno = if rc == 0 { libc::ENOENT } else { rc };
        return Err(SysError { errno, syscall: "uv_os_get_passwd", path: None, dest: None });
    }
    // SAFETY: the fields point into buf, NUL-terminated.
    let s = |p: *const libc::c_char| unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned();
    Ok(UserInfo {
        uid: pw.pw_uid as i64,
        gid: pw.pw_gid as i64,
        username: s(pw.pw_name),
        homedir: s(pw.pw_dir),
        shell: (!pw.pw_shell.is_null()).then(|| s(pw.pw_shell)),
    })
}

#[op2]
#[string]
fn op_os_homedir() -> Result<String, SysError> {
    if let Some(h) = std::env::var_os("HOME").filter(|h| !h.is_empty()) {
        return Ok(h.to_string_lossy().into_owned());
    }
    // SAFETY: getuid cannot fail.
    passwd(unsafe { libc::getuid() }).map(|u| u.homedir)
}

#[op2]
#[serde]
fn op_os_user_info() -> Result<UserInfo, SysError> {
    // SAFETY: getuid cannot fail.
    passwd(unsafe { libc::getuid() })
}

#[op2(fast)]
fn op_os_get_priority(pid: i32) -> Result<i32, SysError> {
    // SAFETY: errno is thread-local; reset so -1 can be told from an error.
    unsafe { *libc::__errno_location() = 0 };
    // SAFETY: plain syscall.
    let r = unsafe { libc::getpriority(libc::PRIO_PROCESS, pid as libc::id_t) };
    if r == -1 && std::io::Error::last_os_error().raw_os_error() != Some(0) {
        return Err(SysError::last("uv_os_getpriority", None));
    }
    Ok(r)
}

#[op2(fast)]
fn op_os_set_priority(pid: i32, priority: i32) -> Result<(), SysError> {
    // SAFETY: plain syscall.
    if unsafe { libc::setpriority(libc::PRIO_PROCESS, pid as libc::id_t, priority) } != 0 {
        return Err(SysError::last("uv_os_setpriority", None));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpus_and_memory_are_read() {
        let cpus = read_cpus();
        assert!(!cpus.is_empty());
        assert!(meminfo("MemTotal").unwrap() > 0.0);
    }

    #[test]
    fn current_user_is_found() {
        // SAFETY: getuid cannot fail.
        let u = passwd(unsafe { libc::getuid() }).unwrap();
        assert!(!u.username.is_empty());
    }
}
