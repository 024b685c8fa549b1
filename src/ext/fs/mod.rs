//! `fs`: file-system calls. Sync ops run on the calling thread; async ones on
//! tokio's blocking pool so a slow disk never stalls the event loop.
//!
//! - `sys`: the system calls themselves, shared by both forms;
//! - `ops`: the sync and async ops over them.

mod ops;
pub mod sys;
mod watch;

use crate::ext::error::SysError;
use deno_core::{op2, OpDecl};

/// The fs subsystem's ops.
pub fn ops() -> Vec<OpDecl> {
    let mut v = vec![op_fs_read_file_utf8(), op_fs_stat_kind(), op_fs_realpath()];
    v.extend(ops::ops());
    v.extend([watch::op_fs_watch_start(), watch::op_fs_watch_next(), watch::op_fs_watch_close()]);
    v
}

#[op2]
#[string]
fn op_fs_read_file_utf8(#[string] path: &str) -> Result<String, SysError> {
    // The module loader's source reads are checked as Node's are; Node reads
    // package.json files (its C++ modules binding) and the resolver files
    // `dns` reads here (c-ares) without checks.
    if path != "/etc/resolv.conf" && path != "/etc/hosts" && !path.ends_with("/package.json") {
        crate::ext::permission::check_read(path)?;
    }
    let bytes = std::fs::read(path).map_err(|e| SysError::from_io(&e, "open", Some(path)))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// 0 for a file, 1 for a directory, a negative errno otherwise (as Node's
/// `internalModuleStat`, which the module loader calls on every probe).
#[op2(fast)]
fn op_fs_stat_kind(#[string] path: &str) -> i32 {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => 1,
        Ok(_) => 0,
        Err(e) => -e.raw_os_error().unwrap_or(libc::ENOENT),
    }
}

#[op2]
#[string]
fn op_fs_realpath(#[string] path: &str) -> Result<String, SysError> {
    std::fs::canonicalize(path)
        .map(|p| p.to_string_lossy().into_owned())
        .map_err(|e| SysError::from_io(&e, "realpath", Some(path)))
}
