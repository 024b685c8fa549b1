//! `process`: working directory, environment, exit, clocks and resource usage.

use crate::ext::error::SysError;
use deno_core::{op2, v8, OpDecl};

/// The process subsystem's ops.
pub fn ops() -> Vec<OpDecl> {
    vec![
        op_process_cwd(),
        op_process_chdir(),
        op_process_exit(),
        op_process_env_get(),
        op_process_env_set(),
        op_process_env_delete(),
        op_process_env_keys(),
        op_process_hrtime(),
        op_process_rss(),
        op_process_cpu_usage(),
        op_process_resource_usage(),
        op_process_umask(),
        op_process_kill(),
        op_process_ids(),
        op_process_groups(),
        op_process_call_catching(),
        op_process_thread_cpu_usage(),
        op_process_memory_limits(),
        op_process_set_id(),
        op_process_setgroups(),
        op_process_initgroups(),
        op_process_tz_changed(),
        op_process_set_source_maps(),
    ]
}

#[op2]
#[string]
fn op_process_cwd() -> Result<String, SysError> {
    std::env::current_dir()
        .map(|p| p.to_string_lossy().into_owned())
        .map_err(|e| SysError::from_io(&e, "uv_cwd", None))
}

#[op2(fast)]
fn op_process_chdir(#[string] dir: &str) -> Result<(), SysError> {
    // Node names the working directory as the path and the target as dest:
    // "ENOENT: no such file or directory, chdir /cwd -> 'dir'".
    std::env::set_current_dir(dir).map_err(|e| {
        let cwd = std::env::current_dir().map(|p| p.to_string_lossy().into_owned()).unwrap_or_default();
        SysError::from_io(&e, "chdir", Some(&cwd)).with_dest(dir)
    })
}

/// Ends the process at once, as Node's `process.reallyExit` does. Output written
/// through our ops is unbuffered, so nothing is lost.
#[op2(fast)]
fn op_process_exit(code: i32) {
    std::process::exit(code)
}

#[op2]
#[string]
fn op_process_env_get(#[string] key: &str) -> Option<String> {
    std::env::var_os(key).map(|v| v.to_string_lossy().into_owned())
}

#[op2(fast)]
fn op_process_env_set(#[string] key: &str, #[string] value: &str) {
    if key.is_empty() || key.contains('=') || key.contains('\0') || value.contains('\0') {
        return; // the OS would reject it; Node silently keeps the JS side only
    }
    // SAFETY: nodus runs JS on one thread; no other thread reads the environment
    // while JS mutates it.
    unsafe { std::env::set_var(key, value) }
}

#[op2(fast)]
fn op_process_env_delete(#[string] key: &str) {
    if key.is_empty() || key.contains('=') || key.contains('\0') {
        return;
    }
    // SAFETY: as in op_process_env_set.
    unsafe { std::env::remove_var(key) }
}

#[op2]
#[serde]
fn op_process_env_keys() -> Vec<String> {
    std::env::vars_os().map(|(k, _)| k.to_string_lossy().into_owned()).collect()
}

/// Fills `out` with `[seconds_high, seconds_low, nanoseconds]` of the monotonic clock,
/// the layout Node's `process.hrtime` reads.
#[op2(fast)]
fn op_process_hrtime(#[buffer] out: &mut [u32]) {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: ts is a valid out-pointer.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    let secs = ts.tv_sec as u64;
    out[0] = (secs >> 32) as u32;
    out[1] = secs as u32;
    out[2] = ts.tv_nsec as u32;
}

/// Resident set size in bytes, from /proc/self/statm.
#[op2(fast)]
#[number]
fn op_process_rss() -> u64 {
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as u64;
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map(|pages| pages * page)
        .unwrap_or(0)
}

fn rusage() -> libc::rusage {
    // SAFETY: zeroed rusage is a valid value; getrusage fills it.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) };
    ru
}

fn micros(tv: libc::timeval) -> f64 {
    tv.tv_sec as f64 * 1e6 + tv.tv_usec as f64
}

/// `[user, system]` CPU time in microseconds.
#[op2(fast)]
fn op_process_cpu_usage(#[buffer] out: &mut [f64]) {
    let ru = rusage();
    out[0] = micros(ru.ru_utime);
    out[1] = micros(ru.ru_stime);
}

/// The 16 fields of Node's `process.resourceUsage()`, in its order.
#[op2(fast)]
fn op_process_resource_usage(#[buffer] out: &mut [f64]) {
    let ru = rusage();
    let vals = [
        micros(ru.ru_utime),
        micros(ru.ru_stime),
        ru.ru_maxrss as f64,
        ru.ru_ixrss as f64,
        ru.ru_idrss as f64,
        ru.ru_isrss as f64,
        ru.ru_minflt as f64,
        ru.ru_majflt as f64,
        ru.ru_nswap as f64,
        ru.ru_inblock as f64,
        ru.ru_oublock as f64,
        ru.ru_msgsnd as f64,
        ru.ru_msgrcv as f64,
        ru.ru_nsignals as f64,
        ru.ru_nvcsw as f64,
        ru.ru_nivcsw as f64,
    ];
    out[..vals.len()].copy_from_slice(&vals);
}

/// Sets the umask when `mask >= 0`; returns the previous one.
#[op2(fast)]
fn op_process_umask(mask: i32) -> u32 {
    // SAFETY: umask has no failure mode.
    unsafe {
        if mask >= 0 {
            libc::umask(mask as libc::mode_t) as u32
        } else {
            let old = libc::umask(0);
            libc::umask(old);
            old as u32
        }
    }
}

/// Sends `signal` to `pid`; returns 0 or the negative errno, which
/// `process._kill` hands back to `process.kill` as Node's binding does.
#[op2(fast)]
fn op_process_kill(pid: i32, signal: i32) -> i32 {
    // SAFETY: kill has no memory-safety preconditions.
    if unsafe { libc::kill(pid, signal) } != 0 {
        return -std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EINVAL);
    }
    0
}

/// `[pid, ppid, uid, gid, euid, egid]`.
#[op2]
#[serde]
fn op_process_ids() -> Vec<u32> {
    // SAFETY: these calls cannot fail.
    unsafe {
        vec![
            libc::getpid() as u32,
            libc::getppid() as u32,
            libc::getuid(),
            libc::getgid(),
            libc::geteuid(),
            libc::getegid(),
        ]
    }
}

/// The supplementary group ids of the process (`process.getgroups()`).
#[op2]
#[serde]
fn op_process_groups() -> Result<Vec<u32>, SysError> {
    // SAFETY: a zero-length call asks only for the count.
    let n = unsafe { libc::getgroups(0, std::ptr::null_mut()) };
    if n < 0 {
        return Err(SysError::last("getgroups", None));
    }
    let mut groups = vec![0 as libc::gid_t; n as usize];
    // SAFETY: groups has room for n entries.
    let n = unsafe { libc::getgroups(n, groups.as_mut_ptr()) };
    if n < 0 {
        return Err(SysError::last("getgroups", None));
    }
    groups.truncate(n as usize);
    Ok(groups)
}

/// Calls `f` with `args` inside a V8 TryCatch. Returns `null` when it returns
/// normally; when it throws, `[exception, sourceLine, resourceName, lineNumber,
/// startColumn, endColumn]` taken from V8's message, which holds the location
/// of the `throw` itself. Node prints that location above an uncaught error, and
/// a JS `catch` cannot see it.
#[op2(reentrant)]
pub fn op_process_call_catching<'s, 'i>(
    scope: &mut v8::PinScope<'s, 'i>,
    f: v8::Local<'s, v8::Function>,
    recv: v8::Local<'s, v8::Value>,
    args: v8::Local<'s, v8::Array>,
) -> v8::Local<'s, v8::Value> {
    v8::tc_scope!(let tc, scope);
    let argv: Vec<v8::Local<v8::Value>> = (0..args.length())
        .map(|i| args.get_index(tc, i).unwrap_or_else(|| v8::undefined(tc).into()))
        .collect();
    if f.call(tc, recv, &argv).is_some() {
        return v8::null(tc).into();
    }
    if tc.has_terminated() || !tc.can_continue() {
        return v8::null(tc).into();
    }
    let exception = tc.exception().unwrap_or_else(|| v8::undefined(tc).into());
    let out = v8::Array::new(tc, 6);
    let message = tc.message();
    crate::ext::vm::describe_exception(tc, exception, message, out, 0);
    tc.reset();
    out.into()
}

/// `[user, system]` CPU time of the calling thread in microseconds.
#[op2(fast)]
fn op_process_thread_cpu_usage(#[buffer] out: &mut [f64]) {
    // SAFETY: zeroed rusage is a valid value; getrusage fills it.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_THREAD, &mut ru) };
    out[0] = micros(ru.ru_utime);
    out[1] = micros(ru.ru_stime);
}

/// Reads one number from a cgroup file; `None` for "max", absent or unreadable.
fn cgroup_value(path: &str) -> Option<u64> {
    std::fs::read_to_string(path).ok()?.trim().parse().ok()
}

/// `[constrained, available]` memory in bytes, libuv's
/// `uv_get_constrained_memory` and `uv_get_available_memory`: the cgroup
/// (v2, else v1) limit, 0 when there is none; what is left under it, or the
/// system's available memory when there is no limit.
#[op2(fast)]
fn op_process_memory_limits(#[buffer] out: &mut [f64]) {
    let (limit, used) = match cgroup_value("/sys/fs/cgroup/memory.max") {
        Some(max) => (Some(max), cgroup_value("/sys/fs/cgroup/memory.current")),
        None => match cgroup_value("/sys/fs/cgroup/memory/memory.limit_in_bytes") {
            // v1 reports "no limit" as a huge page-aligned number.
            Some(max) if max < (1u64 << 62) => (Some(max), cgroup_value("/sys/fs/cgroup/memory/memory.usage_in_bytes")),
            _ => (None, None),
        },
    };
    let free = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("MemAvailable:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map(|kib| kib * 1024)
        .unwrap_or(0);
    out[0] = limit.unwrap_or(0) as f64;
    out[1] = match (limit, used) {
        (Some(limit), Some(used)) => limit.saturating_sub(used) as f64,
        _ => free as f64,
    };
}

/// A user or group named by id or by name, as `process.setuid` and friends take it.
fn credential(v: &deno_core::serde_json::Value, group: bool) -> Option<u32> {
    if let Some(n) = v.as_u64() {
        return Some(n as u32);
    }
    let name = std::ffi::CString::new(v.as_str()?).ok()?;
    let mut buf = vec![0 as libc::c_char; 16384];
    // SAFETY: every pointer is valid for the call; the result points into buf.
    unsafe {
        if group {
            let mut gr: libc::group = std::mem::zeroed();
            let mut res: *mut libc::group = std::ptr::null_mut();
            libc::getgrnam_r(name.as_ptr(), &mut gr, buf.as_mut_ptr(), buf.len(), &mut res);
            (!res.is_null()).then_some(gr.gr_gid)
        } else {
            let mut pw: libc::passwd = std::mem::zeroed();
            let mut res: *mut libc::passwd = std::ptr::null_mut();
            libc::getpwnam_r(name.as_ptr(), &mut pw, buf.as_mut_ptr(), buf.len(), &mut res);
            (!res.is_null()).then_some(pw.pw_uid)
        }
    }
}

fn errno() -> i32 {
    -std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EINVAL)
}

/// `process.setuid/seteuid/setgid/setegid`: 0, 1 when the name is unknown,
/// or the negative errno of the call.
#[op2]
fn op_process_set_id(#[string] kind: &str, #[serde] id: deno_core::serde_json::Value) -> i32 {
    let group = kind.ends_with("gid");
    let Some(id) = credential(&id, group) else { return 1 };
    // SAFETY: plain credential syscalls.
    let rc = unsafe {
        match kind {
            "setuid" => libc::setuid(id),
            "seteuid" => libc::seteuid(id),
            "setgid" => libc::setgid(id),
            _ => libc::setegid(id),
        }
    };
    if rc == 0 { 0 } else { errno() }
}

/// `process.setgroups`: 0, the 1-based index of an unknown group, or the negative errno.
#[op2]
fn op_process_setgroups(#[serde] groups: Vec<deno_core::serde_json::Value>) -> i32 {
    let mut ids = Vec::with_capacity(groups.len());
    for (i, g) in groups.iter().enumerate() {
        match credential(g, true) {
            Some(id) => ids.push(id as libc::gid_t),
            None => return i as i32 + 1,
        }
    }
    // SAFETY: ids holds ids.len() entries.
    if unsafe { libc::setgroups(ids.len(), ids.as_ptr()) } == 0 { 0 } else { errno() }
}

/// `process.initgroups`: 0, 1 for an unknown user, 2 for an unknown group, or the negative errno.
#[op2]
fn op_process_initgroups(
    #[serde] user: deno_core::serde_json::Value,
    #[serde] extra_group: deno_core::serde_json::Value,
) -> i32 {
    let Some(gid) = credential(&extra_group, true) else { return 2 };
    let name = match user.as_str() {
        Some(name) => name.to_owned(),
        None => {
            let uid = user.as_u64().unwrap_or(u64::MAX) as libc::uid_t;
            let mut buf = vec![0 as libc::c_char; 16384];
            // SAFETY: as in credential().
            unsafe {
                let mut pw: libc::passwd = std::mem::zeroed();
                let mut res: *mut libc::passwd = std::ptr::null_mut();
                libc::getpwuid_r(uid, &mut pw, buf.as_mut_ptr(), buf.len(), &mut res);
                if res.is_null() {
                    return 1;
                }
                std::ffi::CStr::from_ptr(pw.pw_name).to_string_lossy().into_owned()
            }
        }
    };
    if credential(&deno_core::serde_json::Value::String(name.clone()), false).is_none() {
        return 1;
    }
    let Ok(cname) = std::ffi::CString::new(name) else { return 1 };
    // SAFETY: cname is a valid C string.
    if unsafe { libc::initgroups(cname.as_ptr(), gid) } == 0 { 0 } else { errno() }
}

/// Tells V8 the time zone changed (`process.env.TZ` was set or deleted), so
/// `Date` formats in the new zone, as Node does.
#[op2(fast)]
fn op_process_tz_changed(scope: &mut v8::PinScope) {
    // SAFETY: tzset only re-reads TZ.
    unsafe extern "C" {
        fn tzset();
    }
    unsafe { tzset() };
    scope.date_time_configuration_change_notification(v8::TimeZoneDetection::Redetect);
}

/// `process.setSourceMapsEnabled`: stack traces mapped through source maps
/// from now on, or deno_core's own formatter again.
#[op2(fast)]
fn op_process_set_source_maps(scope: &mut v8::PinScope, enabled: bool) {
    if enabled {
        crate::ext::loader::source_maps::enable(scope);
    } else {
        scope.set_prepare_stack_trace_callback(deno_core::error::prepare_stack_trace_callback);
    }
}
