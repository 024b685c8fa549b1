//! The fs ops: `op_fs_call` / `op_fs_call_async` dispatch the path-based calls
//! (`sys::Call`); reads and writes of bytes have their own ops so data crosses
//! into JS without serde.

use super::sys::{self, Call, Reply};
use crate::ext::error::SysError;
use deno_core::{op2, JsBuffer, OpDecl};

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
        op_fs_read_file_slab(),
        op_fs_read_file_take(),
        op_fs_read_file_async(),
        op_fs_read_file_upto_async(),
        op_fs_read_fd_all(),
        op_fs_read_fd_all_async(),
        op_fs_write_file(),
        op_fs_write_file_async(),
        op_fs_read_into_async(),
        op_fs_open_async(),
        op_fs_close_async(),
        op_fs_write_from_async(),
        op_fs_readv(),
        op_fs_readv_async(),
        op_fs_writev(),
        op_fs_writev_async(),
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
    crate::ext::permission::check_read(path)?;
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

/// Reads and writes of at most this many bytes are first tried on the
/// event-loop thread with RWF_NOWAIT (see `sys::rw_nowait`): copying 64 KiB
/// from the page cache costs less than a round trip through the pool.
const INLINE_IO_MAX: usize = 256 * 1024;

/// Where the rest of a short inline read or write goes on.
fn advance(position: f64, n: usize) -> f64 {
    if position >= 0.0 {
        position + n as f64
    } else {
        -1.0
    }
}

/// Reads up to `len` bytes into a new buffer (no zero-fill; it becomes the
/// ArrayBuffer without a copy).
#[op2]
#[buffer]
async fn op_fs_read_async(fd: i32, len: u32, position: f64) -> Result<Vec<u8>, SysError> {
    // Allocated here, on the event-loop thread that also frees it (when V8
    // collects the ArrayBuffer): allocating on pool threads made every
    // buffer a cross-arena free and the freed heap was trimmed and faulted
    // in again.
    let len = len as usize;
    let mut v = Vec::with_capacity(len);
    if len <= INLINE_IO_MAX {
        if let Some(n) = sys::rw_nowait(fd, v.as_mut_ptr(), len, position, false) {
            // SAFETY: the kernel initialised the first `n` bytes.
            unsafe { v.set_len(n) };
            if n == len || n == 0 || !sys::is_regular(fd) {
                return Ok(v);
            }
            // A regular file came up short: EOF, or pages not cached yet. A
            // blocking read of the rest tells which, so the result is that
            // of one plain read(2).
            return blocking(move || Ok(sys::read_more(fd, v, advance(position, n)))).await;
        }
    }
    blocking(move || sys::read_into_new(fd, v, position)).await
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
    crate::ext::permission::check_open(path, flags)?;
    sys::read_file(path, flags)
}

thread_local! {
    /// A file `op_fs_read_file_slab` read that did not fit the slab, until
    /// `op_fs_read_file_take` hands it over.
    static TOO_BIG: std::cell::Cell<Option<Vec<u8>>> = const { std::cell::Cell::new(None) };
}

/// `readFileSync(path)` into the free tail `slab[offset..]` of the caller's
/// slab when the file fits there, returning its length: the caller makes
/// the Buffer a view of it, so no ArrayBuffer or BackingStore is made per
/// small file (Node 26 slices its readFileSync results from 64 KiB slabs
/// too). A file that does not fit is read whole into its own buffer, kept
/// for `op_fs_read_file_take`, and the return is -1.
#[op2(fast)]
fn op_fs_read_file_slab(#[string] path: &str, flags: i32, #[buffer] slab: &mut [u8], offset: u32) -> Result<i32, SysError> {
    crate::ext::permission::check_open(path, flags)?;
    let tail = slab.get_mut(offset as usize..).unwrap_or_default();
    match sys::read_file_into(path, flags, tail)? {
        Ok(n) => Ok(n as i32),
        Err(v) => {
            TOO_BIG.set(Some(v));
            Ok(-1)
        }
    }
}

/// The file the last `op_fs_read_file_slab` returned -1 for.
#[op2]
#[buffer]
fn op_fs_read_file_take() -> Vec<u8> {
    TOO_BIG.take().unwrap_or_default()
}

/// Files up to this size are read on the event-loop thread when that cannot
/// block (see `sys::read_file_cached`): a pool round trip costs more than
/// copying this much from the page cache.
const INLINE_READ_MAX: usize = 256 * 1024;

/// `fs.promises.readFile(path)` of a file of at most `max` bytes (inline when
/// cached, see `op_fs_read_file_async`); null for a larger regular file.
#[op2]
#[buffer]
async fn op_fs_read_file_upto_async(#[string] path: String, flags: i32, #[number] max: usize) -> Result<Option<Vec<u8>>, SysError> {
    crate::ext::permission::check_open(&path, flags)?;
    if let Some(v) = sys::read_file_cached(&path, flags, INLINE_READ_MAX.min(max)) {
        return Ok(Some(v));
    }
    blocking(move || sys::read_file_upto(&path, flags, max)).await
}

/// `readFile(path)`: inline when all cached and small, else one blocking-pool
/// task doing open, fstat, read and close.
#[op2]
#[buffer]
async fn op_fs_read_file_async(#[string] path: String, flags: i32) -> Result<Vec<u8>, SysError> {
    crate::ext::permission::check_open(&path, flags)?;
    if let Some(v) = sys::read_file_cached(&path, flags, INLINE_READ_MAX) {
        return Ok(v);
    }
    blocking(move || sys::read_file(&path, flags)).await
}

#[op2]
#[buffer]
fn op_fs_read_fd_all(fd: i32) -> Result<Vec<u8>, SysError> {
    sys::read_fd_all(fd)
}

/// Reads a descriptor from its offset to the end on the blocking pool (the
/// one round trip of `fs.promises.readFile` without a signal).
#[op2]
#[buffer]
async fn op_fs_read_fd_all_async(fd: i32) -> Result<Vec<u8>, SysError> {
    blocking(move || sys::read_fd_all(fd)).await
}

#[op2(fast)]
fn op_fs_write_file(#[string] path: &str, #[buffer] data: &[u8], flags: i32, mode: u32) -> Result<(), SysError> {
    crate::ext::permission::check_open(path, flags)?;
    sys::write_file(path, data, flags, mode)
}

#[op2]
async fn op_fs_write_file_async(#[string] path: String, #[buffer(copy)] data: Vec<u8>, flags: i32, mode: u32) -> Result<(), SysError> {
    crate::ext::permission::check_open(&path, flags)?;
    blocking(move || sys::write_file(&path, &data, flags, mode)).await
}

/// Reads into `buf[offset..offset + len]` (inline when cached, else on the
/// blocking pool), with no copy: as in Node, the caller must not touch the
/// buffer until the promise settles.
#[op2]
async fn op_fs_read_into_async(fd: i32, #[buffer] mut buf: JsBuffer, offset: u32, len: u32, position: f64) -> Result<u32, SysError> {
    let (o, l) = (offset as usize, len as usize);
    if buf.get(o..o + l).is_none() {
        return Err(SysError { errno: libc::EINVAL, syscall: "read", path: None, dest: None });
    }
    if l <= INLINE_IO_MAX {
        if let Some(n) = sys::rw_nowait(fd, buf[o..].as_mut_ptr(), l, position, false) {
            if n == l || n == 0 || !sys::is_regular(fd) {
                return Ok(n as u32);
            }
            // Short on a regular file: see op_fs_read_async.
            return blocking(move || Ok((n + sys::read(fd, &mut buf[o + n..o + l], advance(position, n)).unwrap_or(0)) as u32)).await;
        }
    }
    blocking(move || sys::read(fd, &mut buf[o..o + l], position).map(|n| n as u32)).await
}

/// The rest of a write that got `n` bytes out inline, on the pool; an error
/// now is left for the next write to report.
async fn write_rest(fd: i32, buf: JsBuffer, from: usize, to: usize, position: f64, n: usize) -> Result<u32, SysError> {
    blocking(move || Ok((n + sys::write(fd, &buf[from..to], advance(position, n)).unwrap_or(0)) as u32)).await
}

/// Writes `buf[offset..offset + len]` (inline when that cannot block, else on
/// the blocking pool), with no copy.
#[op2]
async fn op_fs_write_from_async(fd: i32, #[buffer] buf: JsBuffer, offset: u32, len: u32, position: f64) -> Result<u32, SysError> {
    let (o, l) = (offset as usize, len as usize);
    if buf.get(o..o + l).is_none() {
        return Err(SysError { errno: libc::EINVAL, syscall: "write", path: None, dest: None });
    }
    if l <= INLINE_IO_MAX {
        if let Some(n) = sys::rw_nowait(fd, buf[o..].as_ptr().cast_mut(), l, position, true) {
            if n == l {
                return Ok(n as u32);
            }
            // A blocking write(2) would have written it all (a pipe with
            // room for part of it): the rest goes on on the pool.
            return write_rest(fd, buf, o + n, o + l, position, n).await;
        }
    }
    blocking(move || sys::write(fd, &buf[o..o + l], position).map(|n| n as u32)).await
}

fn iovecs(bufs: &mut [JsBuffer]) -> Vec<libc::iovec> {
    bufs.iter_mut().map(|b| libc::iovec { iov_base: b.as_mut_ptr().cast(), iov_len: b.len() }).collect()
}

/// readv(2)/preadv(2) into every buffer in turn; `position` < 0 reads at the
/// current offset.
fn readv(fd: i32, mut bufs: Vec<JsBuffer>, position: f64) -> Result<u32, SysError> {
    let iov = iovecs(&mut bufs);
    loop {
        // SAFETY: every iovec points into a live buffer of `bufs`.
        let n = unsafe {
            if position >= 0.0 {
                libc::preadv(fd, iov.as_ptr(), iov.len() as i32, position as libc::off_t)
            } else {
                libc::readv(fd, iov.as_ptr(), iov.len() as i32)
            }
        };
        if n >= 0 {
            return Ok(n as u32);
        }
        let e = std::io::Error::last_os_error();
        if e.kind() != std::io::ErrorKind::Interrupted {
            return Err(SysError::from_io(&e, "read", None));
        }
    }
}

/// writev(2)/pwritev(2) of every buffer in turn.
fn writev(fd: i32, mut bufs: Vec<JsBuffer>, position: f64) -> Result<u32, SysError> {
    let iov = iovecs(&mut bufs);
    loop {
        // SAFETY: every iovec points into a live buffer of `bufs`.
        let n = unsafe {
            if position >= 0.0 {
                libc::pwritev(fd, iov.as_ptr(), iov.len() as i32, position as libc::off_t)
            } else {
                libc::writev(fd, iov.as_ptr(), iov.len() as i32)
            }
        };
        if n >= 0 {
            return Ok(n as u32);
        }
        let e = std::io::Error::last_os_error();
        if e.kind() != std::io::ErrorKind::Interrupted {
            return Err(SysError::from_io(&e, "write", None));
        }
    }
}

#[op2]
fn op_fs_readv(fd: i32, #[serde] bufs: Vec<JsBuffer>, position: f64) -> Result<u32, SysError> {
    readv(fd, bufs, position)
}

#[op2]
async fn op_fs_readv_async(fd: i32, #[serde] bufs: Vec<JsBuffer>, position: f64) -> Result<u32, SysError> {
    blocking(move || readv(fd, bufs, position)).await
}

#[op2]
fn op_fs_writev(fd: i32, #[serde] bufs: Vec<JsBuffer>, position: f64) -> Result<u32, SysError> {
    writev(fd, bufs, position)
}

#[op2]
async fn op_fs_writev_async(fd: i32, #[serde] bufs: Vec<JsBuffer>, position: f64) -> Result<u32, SysError> {
    blocking(move || writev(fd, bufs, position)).await
}

/// `open` without serde, for the hot paths (fs.promises.open/readFile/writeFile).
#[op2]
async fn op_fs_open_async(#[string] path: String, flags: i32, mode: u32) -> Result<i32, SysError> {
    crate::ext::permission::check_open(&path, flags)?;
    blocking(move || sys::open(&path, flags, mode)).await
}

/// `close` without serde, for the hot paths (FileHandle.close).
#[op2]
async fn op_fs_close_async(fd: i32) -> Result<(), SysError> {
    blocking(move || {
        // SAFETY: closing a descriptor is sound whatever its state; errors are reported.
        if unsafe { libc::close(fd) } < 0 {
            return Err(SysError::last("close", None));
        }
        Ok(())
    })
    .await
}
