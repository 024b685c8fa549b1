//! The fs ops: `op_fs_call` / `op_fs_call_async` dispatch the path-based calls
//! (`sys::Call`); reads and writes of bytes have their own ops so data crosses
//! into JS without serde.

use super::sys::{self, Call, Reply};
use crate::ext::error::SysError;
use deno_core::{op2, OpDecl};

pub fn ops() -> Vec<OpDecl> {
    vec![
        op_fs_call(),
        op_fs_call_async(),
        op_fs_stat(),
        op_fs_read(),
        op_fs_read_async(),
        op_fs_write(),
        op_fs_write_async(),
        op_fs_read_file(),
        op_fs_read_file_async(),
        op_fs_read_fd_all(),
        op_fs_write_file(),
        op_fs_write_file_async(),
    ]
}

fn joined(_: tokio::task::JoinError) -> SysError {
    SysError { errno: libc::EIO, syscall: "uv_fs", path: None, dest: None }
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T, SysError> + Send + 'static) -> Result<T, SysError> {
    tokio::task::spawn_blocking(f).await.map_err(joined)?
}

#[op2]
#[serde]
fn op_fs_call(#[serde] call: Call) -> Result<Reply, SysError> {
    sys::run(call)
}

#[op2]
#[serde]
async fn op_fs_call_async(#[serde] call: Call) -> Result<Reply, SysError> {
    blocking(move || sys::run(call)).await
}

/// `statSync` without serde: fills `out` (18 numbers, see `sys::StatArray`).
/// Returns false (leaving `out` alone) for ENOENT/ENOTDIR when `throw_if_no_entry` is false.
#[op2(fast)]
fn op_fs_stat(#[string] path: &str, follow: bool, throw_if_no_entry: bool, #[buffer] out: &mut [f64]) -> Result<bool, SysError> {
    match sys::stat(path, follow) {
        Ok(a) => {
            out[..18].copy_from_slice(&a);
            Ok(true)
        }
        Err(e) if !throw_if_no_entry && (e.errno == libc::ENOENT || e.errno == libc::ENOTDIR) => Ok(false),
        Err(e) => Err(e),
    }
}

#[op2(fast)]
fn op_fs_read(fd: i32, #[buffer] buf: &mut [u8], position: f64) -> Result<u32, SysError> {
    sys::read(fd, buf, position).map(|n| n as u32)
}

/// Reads up to `len` bytes; JS copies them into the caller's buffer.
#[op2]
#[buffer]
async fn op_fs_read_async(fd: i32, len: u32, position: f64) -> Result<Vec<u8>, SysError> {
    blocking(move || {
        let mut v = vec![0u8; len as usize];
        let n = sys::read(fd, &mut v, position)?;
        v.truncate(n);
        Ok(v)
    })
    .await
}

#[op2(fast)]
fn op_fs_write(fd: i32, #[buffer] buf: &[u8], position: f64) -> Result<u32, SysError> {
    sys::write(fd, buf, position).map(|n| n as u32)
}

#[op2]
async fn op_fs_write_async(fd: i32, #[buffer(copy)] buf: Vec<u8>, position: f64) -> Result<u32, SysError> {
    blocking(move || sys::write(fd, &buf, position).map(|n| n as u32)).await
}

#[op2]
#[buffer]
fn op_fs_read_file(#[string] path: &str, flags: i32) -> Result<Vec<u8>, SysError> {
    sys::read_file(path, flags)
}

#[op2]
#[buffer]
async fn op_fs_read_file_async(#[string] path: String, flags: i32) -> Result<Vec<u8>, SysError> {
    blocking(move || sys::read_file(&path, flags)).await
}

#[op2]
#[buffer]
fn op_fs_read_fd_all(fd: i32) -> Result<Vec<u8>, SysError> {
    sys::read_fd_all(fd)
}

#[op2(fast)]
fn op_fs_write_file(#[string] path: &str, #[buffer] data: &[u8], flags: i32, mode: u32) -> Result<(), SysError> {
    sys::write_file(path, data, flags, mode)
}

#[op2]
async fn op_fs_write_file_async(#[string] path: String, #[buffer(copy)] data: Vec<u8>, flags: i32, mode: u32) -> Result<(), SysError> {
    blocking(move || sys::write_file(&path, &data, flags, mode)).await
}
