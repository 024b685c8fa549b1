//! Plain system calls behind the fs ops, shared by the sync and async forms.
//! Every function returns Node's error shape (`SysError`) on failure.

use crate::ext::error::SysError;
use serde::{Deserialize, Serialize};
use std::ffi::CString;
use std::os::unix::fs::{FileTypeExt, MetadataExt};

pub type Res<T> = Result<T, SysError>;

fn cstr(path: &str, syscall: &'static str) -> Res<CString> {
    CString::new(path).map_err(|_| SysError { errno: libc::EINVAL, syscall, path: Some(path.into()), dest: None })
}

fn check(rc: libc::c_int, syscall: &'static str, path: Option<&str>) -> Res<libc::c_int> {
    if rc < 0 {
        Err(SysError::last(syscall, path))
    } else {
        Ok(rc)
    }
}

/// One path-based call, as the JS side sends it: `{ op: 'rename', a: [from, to] }`.
#[derive(Deserialize, Debug)]
#[serde(tag = "op", content = "a", rename_all = "snake_case")]
pub enum Call {
    Open(String, i32, u32),
    Close(i32),
    Stat(String, bool),
    Fstat(i32),
    Access(String, i32),
    Mkdir(String, bool, u32),
    Readdir(String),
    Rmdir(String),
    Unlink(String),
    Rm(String, bool),
    Rename(String, String),
    Copyfile(String, String, i32),
    Realpath(String),
    Symlink(String, String),
    Link(String, String),
    Readlink(String),
    Chmod(String, u32),
    Fchmod(i32, u32),
    Chown(String, u32, u32, bool),
    Fchown(i32, u32, u32),
    Utimes(String, f64, f64, bool),
    Futimes(i32, f64, f64),
    Truncate(String, f64),
    Ftruncate(i32, f64),
    Fsync(i32),
    Mkdtemp(String),
    /// All entries of a directory in the OS's order, for `opendir`'s `Dir`.
    Opendir(String),
    Statfs(String),
}

/// What a call returns to JS.
#[derive(Serialize, Debug, PartialEq)]
#[serde(untagged)]
pub enum Reply {
    None,
    Int(f64),
    Str(String),
    Nums(Vec<f64>),
    Dirents(Vec<(String, u8)>),
}

pub fn run(call: Call) -> Res<Reply> {
    use Call::*;
    crate::ext::permission::check_fs_call(&call)?;
    Ok(match call {
        Open(p, flags, mode) => Reply::Int(open(&p, flags, mode)? as f64),
        Close(fd) => {
            check(unsafe { libc::close(fd) }, "close", None)?;
            Reply::None
        }
        Stat(p, follow) => Reply::Nums(stat(&p, follow)?.to_vec()),
        Fstat(fd) => Reply::Nums(fstat(fd)?.to_vec()),
        Access(p, mode) => {
            let c = cstr(&p, "access")?;
            check(unsafe { libc::access(c.as_ptr(), mode) }, "access", Some(&p))?;
            Reply::None
        }
        Mkdir(p, recursive, mode) => match mkdir(&p, recursive, mode)? {
            Some(first) => Reply::Str(first),
            None => Reply::None,
        },
        Readdir(p) => Reply::Dirents(readdir(&p)?),
        Rmdir(p) => {
            std::fs::remove_dir(&p).map_err(|e| SysError::from_io(&e, "rmdir", Some(&p)))?;
            Reply::None
        }
        Unlink(p) => {
            std::fs::remove_file(&p).map_err(|e| SysError::from_io(&e, "unlink", Some(&p)))?;
            Reply::None
        }
        Rm(p, recursive) => {
            rm(&p, recursive)?;
            Reply::None
        }
        Rename(a, b) => {
            std::fs::rename(&a, &b).map_err(|e| SysError::from_io(&e, "rename", Some(&a)).with_dest(&b))?;
            Reply::None
        }
        Copyfile(a, b, mode) => {
            copyfile(&a, &b, mode)?;
            Reply::None
        }
        Realpath(p) => Reply::Str(
            std::fs::canonicalize(&p)
                .map(|x| x.to_string_lossy().into_owned())
                .map_err(|e| SysError::from_io(&e, "realpath", Some(&p)))?,
        ),
        Symlink(target, p) => {
            std::os::unix::fs::symlink(&target, &p)
                .map_err(|e| SysError::from_io(&e, "symlink", Some(&target)).with_dest(&p))?;
            Reply::None
        }
        Link(a, b) => {
            std::fs::hard_link(&a, &b).map_err(|e| SysError::from_io(&e, "link", Some(&a)).with_dest(&b))?;
            Reply::None
        }
        Readlink(p) => Reply::Str(
            std::fs::read_link(&p)
                .map(|x| x.to_string_lossy().into_owned())
                .map_err(|e| SysError::from_io(&e, "readlink", Some(&p)))?,
        ),
        Chmod(p, mode) => {
            let c = cstr(&p, "chmod")?;
            check(unsafe { libc::chmod(c.as_ptr(), mode) }, "chmod", Some(&p))?;
            Reply::None
        }
        Fchmod(fd, mode) => {
            check(unsafe { libc::fchmod(fd, mode) }, "fchmod", None)?;
            Reply::None
        }
        Chown(p, uid, gid, follow) => {
            let c = cstr(&p, "chown")?;
            let rc = unsafe {
                if follow { libc::chown(c.as_ptr(), uid, gid) } else { libc::lchown(c.as_ptr(), uid, gid) }
            };
            check(rc, if follow { "chown" } else { "lchown" }, Some(&p))?;
            Reply::None
        }
        Fchown(fd, uid, gid) => {
            check(unsafe { libc::fchown(fd, uid, gid) }, "fchown", None)?;
            Reply::None
        }
        Utimes(p, at, mt, follow) => {
            let c = cstr(&p, "utime")?;
            let ts = [timespec(at), timespec(mt)];
            let flag = if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
            let rc = unsafe { libc::utimensat(libc::AT_FDCWD, c.as_ptr(), ts.as_ptr(), flag) };
            check(rc, if follow { "utime" } else { "lutime" }, Some(&p))?;
            Reply::None
        }
        Futimes(fd, at, mt) => {
            let ts = [timespec(at), timespec(mt)];
            check(unsafe { libc::futimens(fd, ts.as_ptr()) }, "futime", None)?;
            Reply::None
        }
        Truncate(p, len) => {
            let c = cstr(&p, "open")?;
            check(unsafe { libc::truncate(c.as_ptr(), len as libc::off_t) }, "open", Some(&p))?;
            Reply::None
        }
        Ftruncate(fd, len) => {
            check(unsafe { libc::ftruncate(fd, len as libc::off_t) }, "ftruncate", None)?;
            Reply::None
        }
        Fsync(fd) => {
            check(unsafe { libc::fsync(fd) }, "fsync", None)?;
            Reply::None
        }
        // Node's opendir errors name no path ("ENOTDIR: not a directory, opendir").
        Opendir(p) => Reply::Dirents(read_entries(&p, "opendir", false).map_err(|mut e| {
            e.path = None;
            e
        })?),
        Statfs(p) => {
            let c = cstr(&p, "statfs")?;
            // SAFETY: `st` is a valid out-pointer for statfs.
            let mut st: libc::statfs = unsafe { std::mem::zeroed() };
            check(unsafe { libc::statfs(c.as_ptr(), &mut st) }, "statfs", Some(&p))?;
            Reply::Nums(vec![
                st.f_type as f64, st.f_bsize as f64, st.f_blocks as f64, st.f_bfree as f64,
                st.f_bavail as f64, st.f_files as f64, st.f_ffree as f64,
            ])
        }
        Mkdtemp(prefix) => {
            let tmpl = format!("{prefix}XXXXXX");
            let c = cstr(&tmpl, "mkdtemp")?;
            let raw = c.into_raw();
            let rc = unsafe { libc::mkdtemp(raw) };
            // SAFETY: `raw` came from `into_raw` just above.
            let c = unsafe { CString::from_raw(raw) };
            if rc.is_null() {
                return Err(SysError::last("mkdtemp", Some(&tmpl)));
            }
            Reply::Str(c.to_string_lossy().into_owned())
        }
    })
}

fn timespec(secs: f64) -> libc::timespec {
    let s = secs.floor();
    libc::timespec { tv_sec: s as libc::time_t, tv_nsec: ((secs - s) * 1e9).round().min(999_999_999.0) as _ }
}

pub fn open(path: &str, flags: i32, mode: u32) -> Res<i32> {
    // A path of usual length is NUL-terminated on the stack (as std does),
    // sparing the CString allocation on the readFileSync hot path.
    let mut stack = [0u8; 512];
    let bytes = path.as_bytes();
    let rc = if bytes.len() < stack.len() && !bytes.contains(&0) {
        stack[..bytes.len()].copy_from_slice(bytes);
        unsafe { libc::open(stack.as_ptr().cast(), flags | libc::O_CLOEXEC, mode) }
    } else {
        let c = cstr(path, "open")?;
        unsafe { libc::open(c.as_ptr(), flags | libc::O_CLOEXEC, mode) }
    };
    check(rc, "open", Some(path))
}

/// The 18 numbers of a `Stats`: dev, mode, nlink, uid, gid, rdev, blksize, ino,
/// size, blocks, then seconds and nanoseconds of atime, mtime, ctime, birthtime.
pub type StatArray = [f64; 18];

fn stat_array(m: &std::fs::Metadata) -> StatArray {
    let (bs, bn) = match m.created() {
        Ok(t) => match t.duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => (d.as_secs() as f64, d.subsec_nanos() as f64),
            Err(_) => (0.0, 0.0),
        },
        Err(_) => (0.0, 0.0),
    };
    [
        m.dev() as f64, m.mode() as f64, m.nlink() as f64, m.uid() as f64, m.gid() as f64,
        m.rdev() as f64, m.blksize() as f64, m.ino() as f64, m.size() as f64, m.blocks() as f64,
        m.atime() as f64, m.atime_nsec() as f64, m.mtime() as f64, m.mtime_nsec() as f64,
        m.ctime() as f64, m.ctime_nsec() as f64, bs, bn,
    ]
}

pub fn stat(path: &str, follow: bool) -> Res<StatArray> {
    let m = if follow { std::fs::metadata(path) } else { std::fs::symlink_metadata(path) };
    m.map(|m| stat_array(&m))
        .map_err(|e| SysError::from_io(&e, if follow { "stat" } else { "lstat" }, Some(path)))
}

pub fn fstat(fd: i32) -> Res<StatArray> {
    let f = borrow_fd(fd, "fstat")?;
    f.metadata().map(|m| stat_array(&m)).map_err(|e| SysError::from_io(&e, "fstat", None))
}

/// Creates `path`; with `recursive`, its missing parents too, returning the
/// first directory created (Node's `mkdir({ recursive: true })` result).
pub fn mkdir(path: &str, recursive: bool, mode: u32) -> Res<Option<String>> {
    use std::os::unix::fs::DirBuilderExt;
    if !recursive {
        let c = cstr(path, "mkdir")?;
        check(unsafe { libc::mkdir(c.as_ptr(), mode) }, "mkdir", Some(path))?;
        return Ok(None);
    }
    let p = std::path::Path::new(path);
    let mut first = None;
    let mut cur = Some(p);
    while let Some(c) = cur {
        match std::fs::symlink_metadata(c) {
            Ok(_) => break,
            Err(_) => {
                first = Some(c.to_string_lossy().into_owned());
                cur = c.parent().filter(|x| !x.as_os_str().is_empty());
            }
        }
    }
    match std::fs::metadata(p) {
        Ok(m) if m.is_dir() => return Ok(None),
        Ok(_) => return Err(SysError { errno: libc::EEXIST, syscall: "mkdir", path: Some(path.into()), dest: None }),
        Err(_) => {}
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(mode)
        .create(p)
        .map_err(|e| SysError::from_io(&e, "mkdir", Some(path)))?;
    Ok(first)
}

/// Entries of a directory with libuv's dirent type codes, sorted as libuv's
/// scandir sorts them.
pub fn readdir(path: &str) -> Res<Vec<(String, u8)>> {
    read_entries(path, "scandir", true)
}

/// A directory's entries with their dirent types; `sorted` as scandir sorts.
fn read_entries(path: &str, syscall: &'static str, sorted: bool) -> Res<Vec<(String, u8)>> {
    let rd = std::fs::read_dir(path).map_err(|e| SysError::from_io(&e, syscall, Some(path)))?;
    let mut out = Vec::new();
    for e in rd {
        let e = e.map_err(|e| SysError::from_io(&e, syscall, Some(path)))?;
        let t = match e.file_type() {
            Ok(t) if t.is_file() => 1,
            Ok(t) if t.is_dir() => 2,
            Ok(t) if t.is_symlink() => 3,
            Ok(t) if t.is_fifo() => 4,
            Ok(t) if t.is_socket() => 5,
            Ok(t) if t.is_char_device() => 6,
            Ok(t) if t.is_block_device() => 7,
            _ => 0,
        };
        out.push((e.file_name().to_string_lossy().into_owned(), t));
    }
    if sorted {
        out.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    }
    Ok(out)
}

/// Removes a file, or a directory tree with `recursive` (the JS side reports
/// ENOENT / ERR_FS_EISDIR before calling).
pub fn rm(path: &str, recursive: bool) -> Res<()> {
    let m = std::fs::symlink_metadata(path).map_err(|e| SysError::from_io(&e, "lstat", Some(path)))?;
    if m.is_dir() {
        if recursive {
            std::fs::remove_dir_all(path).map_err(|e| SysError::from_io(&e, "rm", Some(path)))
        } else {
            std::fs::remove_dir(path).map_err(|e| SysError::from_io(&e, "rmdir", Some(path)))
        }
    } else {
        std::fs::remove_file(path).map_err(|e| SysError::from_io(&e, "unlink", Some(path)))
    }
}

pub fn copyfile(src: &str, dst: &str, mode: i32) -> Res<()> {
    let err = |e: std::io::Error| SysError::from_io(&e, "copyfile", Some(src)).with_dest(dst);
    if mode & 1 != 0 && std::fs::symlink_metadata(dst).is_ok() {
        return Err(SysError { errno: libc::EEXIST, syscall: "copyfile", path: Some(src.into()), dest: Some(dst.into()) });
    }
    std::fs::copy(src, dst).map(|_| ()).map_err(err)
}

/// Borrows a descriptor as a `File` without taking ownership; EBADF for a
/// negative one (std panics on -1).
fn borrow_fd(fd: i32, syscall: &'static str) -> Res<std::mem::ManuallyDrop<std::fs::File>> {
    use std::os::fd::FromRawFd;
    if fd < 0 {
        return Err(SysError { errno: libc::EBADF, syscall, path: None, dest: None });
    }
    // SAFETY: ManuallyDrop keeps us from closing a descriptor we do not own.
    Ok(std::mem::ManuallyDrop::new(unsafe { std::fs::File::from_raw_fd(fd) }))
}

/// A JS position (an f64, so 2^63 - n rounds up to 2^63) as an offset the
/// kernel accepts: at most `i64::MAX - len`, as Node's BigInt positions are.
pub fn clamp_position(position: f64, len: usize) -> u64 {
    (position as u64).min(i64::MAX as u64 - len as u64)
}

/// Reads into `buf` at `position` (or the current offset when negative).
pub fn read(fd: i32, buf: &mut [u8], position: f64) -> Res<usize> {
    use std::io::Read;
    use std::os::unix::fs::FileExt;
    let f = borrow_fd(fd, "read")?;
    let pos = clamp_position(position, buf.len());
    loop {
        let r = if position >= 0.0 { f.read_at(buf, pos) } else { (&*f).read(buf) };
        match r {
            Ok(n) => return Ok(n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(SysError::from_io(&e, "read", None)),
        }
    }
}

/// Whether file I/O that cannot block may run on the calling thread
/// (`read_file_cached`, `rw_nowait`); `NODUS_DEBUG_FS_NO_INLINE` sends it all
/// to the blocking pool, to measure one against the other.
fn inline_allowed() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("NODUS_DEBUG_FS_NO_INLINE").is_none())
}

/// One preadv2/pwritev2 with RWF_NOWAIT (Linux 4.14): `Some(n)` when the
/// kernel did it without blocking (data in the page cache, room in the pipe,
/// /dev/null); `None` when it would block (EAGAIN), the file does not support
/// it (EOPNOTSUPP, e.g. ext4 buffered writes) or it failed: the caller then
/// does the plain call on the blocking pool, which reports any error.
pub fn rw_nowait(fd: i32, ptr: *mut u8, len: usize, position: f64, write: bool) -> Option<usize> {
    if fd < 0 || len == 0 || !inline_allowed() {
        return None;
    }
    let iov = libc::iovec { iov_base: ptr.cast(), iov_len: len };
    let off = if position >= 0.0 { clamp_position(position, len) as libc::off_t } else { -1 };
    // SAFETY: the caller guarantees `ptr` is valid for `len` bytes.
    let n = unsafe {
        if write {
            libc::pwritev2(fd, &iov, 1, off, libc::RWF_NOWAIT)
        } else {
            libc::preadv2(fd, &iov, 1, off, libc::RWF_NOWAIT)
        }
    };
    (n >= 0).then_some(n as usize)
}

/// Whether `fd` is a regular file (a short read of one means EOF or pages
/// not yet cached, never "that is all for now" as on a pipe).
pub fn is_regular(fd: i32) -> bool {
    // SAFETY: `st` is a valid out-pointer for fstat.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::fstat(fd, &mut st) };
    rc == 0 && st.st_mode & libc::S_IFMT == libc::S_IFREG
}

/// Writes `buf` at `position` (or the current offset when negative).
pub fn write(fd: i32, buf: &[u8], position: f64) -> Res<usize> {
    use std::io::Write;
    use std::os::unix::fs::FileExt;
    let f = borrow_fd(fd, "write")?;
    let pos = clamp_position(position, buf.len());
    loop {
        let r = if position >= 0.0 { f.write_at(buf, pos) } else { (&*f).write(buf) };
        match r {
            Ok(n) => return Ok(n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(SysError::from_io(&e, "write", None)),
        }
    }
}

/// Reads a descriptor from its current offset to the end: one fstat, then
/// read(2) straight into the spare capacity of a buffer sized to the file
/// (no zero-filling, no size probe through lseek as `read_to_end` does).
pub fn read_fd_all(fd: i32) -> Res<Vec<u8>> {
    read_fd_sized(fd, regular_size(fd)?)
}

/// The size of a regular file, 0 for anything else (its size is unknown
/// until read to the end).
fn regular_size(fd: i32) -> Res<usize> {
    // SAFETY: `st` is a valid out-pointer for fstat.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    check(unsafe { libc::fstat(fd, &mut st) }, "fstat", None)?;
    Ok(if st.st_mode & libc::S_IFMT == libc::S_IFREG { st.st_size.max(0) as usize } else { 0 })
}

/// `read_fd_all` once the size (`regular_size`) is known.
fn read_fd_sized(fd: i32, size: usize) -> Res<Vec<u8>> {
    let mut out: Vec<u8> = Vec::with_capacity(if size > 0 { size } else { 64 * 1024 });
    prefault(&mut out);
    loop {
        if size > 0 && out.len() == size {
            // All of a regular file's size: done, without a probe read (as
            // Node, a file growing meanwhile is read up to its fstat size).
            break;
        }
        if out.len() == out.capacity() {
            // Full: a small probe read tells EOF from a file that grew.
            let mut probe = [0u8; 64];
            let n = read_raw(fd, &mut probe)?;
            if n == 0 {
                break;
            }
            out.extend_from_slice(&probe[..n]);
            out.reserve(out.capacity().max(64 * 1024));
            continue;
        }
        let spare = out.spare_capacity_mut();
        // SAFETY: read(2) writes at most `spare.len()` bytes into `spare`.
        let n = read_raw(fd, unsafe { std::slice::from_raw_parts_mut(spare.as_mut_ptr().cast::<u8>(), spare.len()) })?;
        if n == 0 {
            break;
        }
        // SAFETY: the kernel initialised the first `n` bytes of the spare capacity.
        unsafe { out.set_len(out.len() + n) };
    }
    Ok(out)
}

/// Faults in a large buffer about to be filled in one madvise call
/// (MADV_POPULATE_WRITE, Linux 5.14) instead of one page fault per 4 KiB page
/// while read(2) copies into it. Older kernels ignore the advice.
fn prefault(v: &mut Vec<u8>) {
    const MADV_POPULATE_WRITE: libc::c_int = 23;
    const PAGE: usize = 4096;
    if v.capacity() < 4 * 1024 * 1024 {
        return;
    }
    let start = v.as_mut_ptr() as usize;
    let aligned = (start + PAGE - 1) & !(PAGE - 1);
    let len = (start + v.capacity() - aligned) & !(PAGE - 1);
    // SAFETY: the range lies inside the buffer's own allocation; populating
    // it only backs it with (zeroed) pages.
    unsafe { libc::madvise(aligned as *mut libc::c_void, len, MADV_POPULATE_WRITE) };
}

/// read(2) at the current offset, retried on EINTR.
fn read_raw(fd: i32, buf: &mut [u8]) -> Res<usize> {
    loop {
        // SAFETY: `buf` is valid for `buf.len()` bytes.
        let n = unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) };
        if n >= 0 {
            return Ok(n as usize);
        }
        let e = std::io::Error::last_os_error();
        if e.kind() != std::io::ErrorKind::Interrupted {
            return Err(SysError::from_io(&e, "read", None));
        }
    }
}

/// Reads up to `len` bytes at `position` (or the current offset when
/// negative) into a new buffer, without zero-filling it first.
pub fn read_new(fd: i32, len: usize, position: f64) -> Res<Vec<u8>> {
    read_into_new(fd, Vec::with_capacity(len), position)
}

/// Reads up to the spare capacity of `v` into it, after its current bytes
/// (see `read_new`).
pub fn read_into_new(fd: i32, mut v: Vec<u8>, position: f64) -> Res<Vec<u8>> {
    let spare = v.spare_capacity_mut();
    // SAFETY: only the bytes the kernel wrote become part of `v` (set_len below).
    let buf = unsafe { std::slice::from_raw_parts_mut(spare.as_mut_ptr().cast::<u8>(), spare.len()) };
    let n = read(fd, buf, position)?;
    // SAFETY: read initialised the `n` bytes after the current ones.
    unsafe { v.set_len(v.len() + n) };
    Ok(v)
}

/// `read_into_new` for the rest of a read that already got `v.len()` bytes:
/// an error now is left for the next read to report (as read(2) returns the
/// bytes it got before failing).
pub fn read_more(fd: i32, mut v: Vec<u8>, position: f64) -> Vec<u8> {
    let got = v.len();
    let spare = v.spare_capacity_mut();
    // SAFETY: only the bytes the kernel wrote become part of `v` (set_len below).
    let buf = unsafe { std::slice::from_raw_parts_mut(spare.as_mut_ptr().cast::<u8>(), spare.len()) };
    if let Ok(m) = read(fd, buf, position) {
        // SAFETY: read initialised the `m` bytes after the first `got`.
        unsafe { v.set_len(got + m) };
    }
    v
}

/// `readFile(path)`: open with `flags`, read it all, close.
pub fn read_file(path: &str, flags: i32) -> Res<Vec<u8>> {
    let fd = open(path, flags, 0o666)?;
    let r = read_fd_all(fd);
    unsafe { libc::close(fd) };
    r
}

/// `readFile(path)` done on the calling thread, but only when no step can
/// block: the path resolves from the dentry cache alone (openat2 with
/// RESOLVE_CACHED, Linux 5.12), the file is a regular one of at most `max`
/// bytes, and all of it is in the page cache (preadv2 with RWF_NOWAIT). This
/// is how io_uring decides to complete an open/read inline. `None` means "not
/// cheap (or failed): do it on the blocking pool", which reports the error.
pub fn read_file_cached(path: &str, flags: i32, max: usize) -> Option<Vec<u8>> {
    use std::sync::atomic::{AtomicBool, Ordering};
    // Cleared on the first ENOSYS (kernel before 5.6, or a seccomp filter).
    static OPENAT2: AtomicBool = AtomicBool::new(true);
    if flags & (libc::O_ACCMODE | libc::O_CREAT | libc::O_TRUNC | libc::O_APPEND) != libc::O_RDONLY
        || !OPENAT2.load(Ordering::Relaxed)
        || !inline_allowed()
    {
        return None;
    }
    let c = CString::new(path).ok()?;
    // SAFETY: open_how is plain integers; all-zero is its default.
    let mut how: libc::open_how = unsafe { std::mem::zeroed() };
    // O_NONBLOCK: opening a FIFO or device must not wait either; it has no
    // effect on the one read of a regular file below.
    how.flags = (flags | libc::O_CLOEXEC | libc::O_NONBLOCK) as u64;
    how.resolve = libc::RESOLVE_CACHED;
    // SAFETY: `c` and `how` outlive the call; the size is that of `how`.
    let fd = unsafe {
        libc::syscall(libc::SYS_openat2, libc::AT_FDCWD, c.as_ptr(), &how as *const libc::open_how, std::mem::size_of::<libc::open_how>())
    } as i32;
    if fd < 0 {
        if std::io::Error::last_os_error().raw_os_error() == Some(libc::ENOSYS) {
            OPENAT2.store(false, Ordering::Relaxed);
        }
        return None;
    }
    let out = (|| {
        // AT_STATX_DONT_SYNC: a network file system answers from its cache
        // instead of asking the server; a stale size only makes the read
        // below come up short, which falls back.
        // SAFETY: `st` is a valid out-pointer for statx.
        let mut st: libc::statx = unsafe { std::mem::zeroed() };
        let rc = unsafe {
            libc::statx(fd, c"".as_ptr(), libc::AT_EMPTY_PATH | libc::AT_STATX_DONT_SYNC, libc::STATX_TYPE | libc::STATX_SIZE, &mut st)
        };
        if rc < 0 || u32::from(st.stx_mode) & libc::S_IFMT != libc::S_IFREG || st.stx_size as usize > max {
            return None;
        }
        let size = st.stx_size as usize;
        if size == 0 {
            // Empty, or generated on read (/proc): read to EOF on the pool.
            return None;
        }
        let mut v: Vec<u8> = Vec::with_capacity(size);
        let iov = libc::iovec { iov_base: v.as_mut_ptr().cast(), iov_len: size };
        // SAFETY: `iov` points into `v`'s spare capacity of `size` bytes.
        let n = unsafe { libc::preadv2(fd, &iov, 1, 0, libc::RWF_NOWAIT) };
        if n as usize != size {
            return None;
        }
        // SAFETY: the kernel initialised all `size` bytes.
        unsafe { v.set_len(size) };
        Some(v)
    })();
    // SAFETY: `fd` is ours, opened above.
    unsafe { libc::close(fd) };
    out
}

/// `readFile(path)` into `dst` when it fits: `Ok(n)` for the `n` bytes read
/// into it, `Err(all)` with the whole file in a new buffer otherwise.
pub fn read_file_into(path: &str, flags: i32, dst: &mut [u8]) -> Res<Result<usize, Vec<u8>>> {
    let fd = open(path, flags, 0o666)?;
    let r = read_fd_into(fd, dst);
    unsafe { libc::close(fd) };
    r
}

fn read_fd_into(fd: i32, dst: &mut [u8]) -> Res<Result<usize, Vec<u8>>> {
    let size = regular_size(fd)?;
    if size > dst.len() {
        return read_fd_sized(fd, size).map(Err);
    }
    let mut got = 0;
    loop {
        if size > 0 && got == size {
            // All of a regular file's size, as `read_fd_all`.
            return Ok(Ok(got));
        }
        if got == dst.len() {
            // Unknown size and `dst` is full: on into a growing buffer.
            let rest = read_fd_sized(fd, 0)?;
            let mut v = Vec::with_capacity(got + rest.len());
            v.extend_from_slice(dst);
            v.extend_from_slice(&rest);
            return Ok(Err(v));
        }
        let n = read_raw(fd, &mut dst[got..])?;
        if n == 0 {
            return Ok(Ok(got));
        }
        got += n;
    }
}

/// `fs.promises.readFile(path)` of a file of at most `max` bytes: open, read
/// it all, close. `None` (nothing read, descriptor closed) for a larger
/// regular file, which the caller reads through a FileHandle instead, as
/// Node 26 does.
pub fn read_file_upto(path: &str, flags: i32, max: usize) -> Res<Option<Vec<u8>>> {
    let fd = open(path, flags, 0o666)?;
    let r = regular_size(fd).and_then(|size| if size > max { Ok(None) } else { read_fd_sized(fd, size).map(Some) });
    unsafe { libc::close(fd) };
    r
}

/// `writeFile(path)`: open with `flags` and `mode`, write it all, close.
pub fn write_file(path: &str, data: &[u8], flags: i32, mode: u32) -> Res<()> {
    let fd = open(path, flags, mode)?;
    let r = write_all(fd, data);
    unsafe { libc::close(fd) };
    r
}

pub fn write_all(fd: i32, mut data: &[u8]) -> Res<()> {
    while !data.is_empty() {
        let n = write(fd, data, -1.0)?;
        data = &data[n..];
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp(name: &str) -> String {
        let d = std::env::temp_dir().join(format!("nodus-fs-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d.to_string_lossy().into_owned()
    }

    #[test]
    fn write_read_roundtrip_and_errors() {
        let d = tmp("rw");
        assert_eq!(mkdir(&format!("{d}/a/b"), true, 0o777).unwrap(), Some(d.clone()));
        let f = format!("{d}/a/b/f.txt");
        write_file(&f, b"hello", libc::O_WRONLY | libc::O_CREAT | libc::O_TRUNC, 0o666).unwrap();
        write_file(&f, b" world", libc::O_WRONLY | libc::O_CREAT | libc::O_APPEND, 0o666).unwrap();
        assert_eq!(read_file(&f, libc::O_RDONLY).unwrap(), b"hello world");
        let e = read_file(&format!("{d}/nope"), libc::O_RDONLY).unwrap_err();
        assert_eq!(e.to_string(), format!("ENOENT: no such file or directory, open '{d}/nope'"));
        let e = read_file(&d, libc::O_RDONLY).unwrap_err();
        assert_eq!(e.to_string(), "EISDIR: illegal operation on a directory, read");
        let st = stat(&f, true).unwrap();
        assert_eq!(st[8], 11.0);
        assert_eq!(st[1] as u32 & libc::S_IFMT, libc::S_IFREG);
        assert_eq!(readdir(&format!("{d}/a")).unwrap(), vec![("b".to_string(), 2)]);
        rm(&d, true).unwrap();
        assert!(std::fs::metadata(&d).is_err());
    }

    #[test]
    fn negative_fd_is_ebadf() {
        assert_eq!(fstat(-1).unwrap_err().to_string(), "EBADF: bad file descriptor, fstat");
        assert_eq!(read(-1, &mut [0u8; 4], -1.0).unwrap_err().errno, libc::EBADF);
    }

    #[test]
    fn calls_dispatch() {
        let d = tmp("calls");
        run(Call::Mkdir(d.clone(), false, 0o777)).unwrap();
        let e = run(Call::Mkdir(d.clone(), false, 0o777)).unwrap_err();
        assert_eq!(e.to_string(), format!("EEXIST: file already exists, mkdir '{d}'"));
        let e = run(Call::Rename(format!("{d}/x"), format!("{d}/y"))).unwrap_err();
        assert_eq!(e.to_string(), format!("ENOENT: no such file or directory, rename '{d}/x' -> '{d}/y'"));
        let Reply::Str(t) = run(Call::Mkdtemp(format!("{d}/t-"))).unwrap() else { panic!() };
        assert!(t.starts_with(&format!("{d}/t-")) && t.len() == d.len() + 9);
        std::fs::remove_dir_all(&d).unwrap();
    }
}
