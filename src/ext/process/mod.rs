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
    std::env::set_current_dir(dir).map_err(|e| SysError::from_io(&e, "chdir", Some(dir)))
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

#[op2(fast)]
fn op_process_kill(pid: i32, signal: i32) -> Result<(), SysError> {
    // SAFETY: kill has no memory-safety preconditions.
    if unsafe { libc::kill(pid, signal) } != 0 {
        return Err(SysError::last("kill", None));
    }
    Ok(())
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
