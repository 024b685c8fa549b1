//! The permission model (`--permission`, `--experimental-permission` on 20):
//! which paths the process may read and write and which capabilities (child
//! processes, workers, addons, WASI, inspector, network) it may use.
//!
//! The model is fixed once at start-up (`op_permission_init`, called by the
//! bootstrap from the command line) and kept process-wide: Node's workers
//! inherit their parent's permissions, and the fs ops run on tokio's
//! blocking pool, so a static is both the right scope and reachable from
//! every op without threading `OpState` through them. With the model off
//! every check is one atomic load.
//!
//! File-system checks run inside the Rust fs ops (see `check_read` /
//! `check_write`), so the sync, callback and promise forms of every fs call
//! are covered at once, as Node checks in its C++ fs binding. Paths are
//! matched lexically (resolved against the current directory, no symlinks
//! followed), as Node's `PathResolve` + radix tree do.

use crate::ext::error::SysError;
use deno_core::{op2, OpDecl};
use serde::Deserialize;
use std::sync::{OnceLock, RwLock, RwLockReadGuard};

/// Sentinel `SysError::errno` of a denied file-system read.
pub const DENIED_READ: i32 = -1_000_001;
/// Sentinel `SysError::errno` of a denied file-system write.
pub const DENIED_WRITE: i32 = -1_000_002;
/// Sentinel `SysError::errno` of `symlink` without full fs access (22+).
pub const DENIED_SYMLINK: i32 = -1_000_003;

/// The paths of one fs scope (read or write).
#[derive(Default, Debug)]
struct Grants {
    /// `*` was granted.
    all: bool,
    /// Resolved entries; a directory ends in `/*`, and a `*` anywhere makes
    /// the text before it a prefix (Node's radix tree stops at the wildcard).
    entries: Vec<String>,
}

impl Grants {
    fn new(list: &[String], cwd: &str) -> Self {
        let mut g = Grants::default();
        for item in list {
            if item == "*" {
                // Node stops at `*`: the scope is granted whole.
                g.all = true;
                g.entries.clear();
                return g;
            }
            let resolved = resolve(item, cwd);
            let entry = match std::fs::metadata(&resolved) {
                Ok(m) if m.is_dir() => {
                    if resolved.ends_with('/') {
                        format!("{resolved}*")
                    } else {
                        format!("{resolved}/*")
                    }
                }
                _ => resolved,
            };
            if !g.entries.iter().any(|e| entry_matches(e, &entry)) {
                g.entries.push(entry);
            }
        }
        g
    }

    /// Whether nothing at all was granted (Node's `deny_all`).
    fn none(&self) -> bool {
        !self.all && self.entries.is_empty()
    }

    fn granted(&self, resolved: &str) -> bool {
        self.all || self.entries.iter().any(|e| entry_matches(e, resolved))
    }
}

/// One granted entry against a resolved path, as Node's radix-tree lookup:
/// an exact entry matches only itself; an entry with a `*` matches every
/// path starting with the text before it, and the directory itself
/// (`/tmp/*` matches `/tmp`).
fn entry_matches(entry: &str, path: &str) -> bool {
    match entry.find('*') {
        None => entry == path,
        Some(k) => {
            let prefix = &entry[..k];
            path.starts_with(prefix) || (path.len() + 1 >= k && prefix.starts_with(path))
        }
    }
}

/// Resolves `p` against `cwd` and normalises it lexically (`path.resolve`).
fn resolve(p: &str, cwd: &str) -> String {
    let joined = if p.starts_with('/') { p.to_string() } else { format!("{cwd}/{p}") };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut out = String::with_capacity(joined.len());
    for s in &parts {
        out.push('/');
        out.push_str(s);
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

fn cwd() -> String {
    std::env::current_dir().map(|p| p.to_string_lossy().into_owned()).unwrap_or_else(|_| "/".into())
}

/// The model as the command line set it.
#[derive(Debug)]
struct Model {
    read: Grants,
    write: Grants,
    child: bool,
    worker: bool,
    addon: bool,
    wasi: bool,
    net: bool,
    inspector: bool,
    /// 22+: messages end with "Use --allow-... to manage permissions.".
    hint: bool,
    /// 20: `has('fs.read')` with no reference is true when any path was granted.
    legacy_has: bool,
}

/// The model; a lock because `process.permission.drop` (24+) narrows it.
static MODEL: OnceLock<RwLock<Model>> = OnceLock::new();

/// The model when it is on.
fn model() -> Option<RwLockReadGuard<'static, Model>> {
    MODEL.get().map(|m| m.read().unwrap_or_else(|e| e.into_inner()))
}

/// The model's settings, from the bootstrap (`internal/process/permission`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Config {
    fs_read: Vec<String>,
    fs_write: Vec<String>,
    child_process: bool,
    worker: bool,
    addons: bool,
    wasi: bool,
    net: bool,
    inspector: bool,
    hint: bool,
    legacy_has: bool,
}

/// The permission ops.
pub fn ops() -> Vec<OpDecl> {
    vec![op_permission_init(), op_permission_has(), op_permission_drop(), op_permission_check_fs_call(), op_permission_check_path()]
}

/// Turns the model on. Only the first call counts: workers run the same
/// bootstrap and inherit the process's model.
#[op2]
fn op_permission_init(#[serde] c: Config) {
    let cwd = cwd();
    let _ = MODEL.set(RwLock::new(Model {
        read: Grants::new(&c.fs_read, &cwd),
        write: Grants::new(&c.fs_write, &cwd),
        child: c.child_process,
        worker: c.worker,
        addon: c.addons,
        wasi: c.wasi,
        net: c.net,
        inspector: c.inspector,
        hint: c.hint,
        legacy_has: c.legacy_has,
    }));
}

/// `process.permission.has(scope, reference)`; `has_reference` false when
/// no reference was given (the JS side turns Buffers into strings).
#[op2(fast)]
fn op_permission_has(#[string] scope: &str, #[string] reference: &str, has_reference: bool) -> bool {
    let Some(m) = model() else { return true };
    let reference = has_reference.then_some(reference);
    let fs = |g: &Grants| match reference {
        Some(r) => !g.none() && g.granted(&resolve(r, &cwd())),
        None => {
            if m.legacy_has {
                !g.none()
            } else {
                g.all
            }
        }
    };
    match scope {
        "fs" => m.read.all && m.write.all,
        "fs.read" => fs(&m.read),
        "fs.write" => fs(&m.write),
        "child" => m.child,
        "worker" => m.worker,
        "addon" => m.addon,
        "wasi" => m.wasi,
        "net" => m.net,
        "inspector" => m.inspector,
        _ => false,
    }
}

/// The first permission option in `args` (the options before the script,
/// then `NODE_OPTIONS`'s) that the selected line's Node does not have:
/// `--permission` from 22, `--experimental-permission` on 20 and 22 only,
/// `--allow-inspector` from 24, `--allow-net` from 26, none of them on 18.
/// `version` is the line's `vX.Y.Z`; `model_flag` its `permission_model_flag`.
#[allow(dead_code)] // used by the binary, not by build.rs
pub fn option_missing_on_line(args: &[String], version: &str, model_flag: &str) -> Option<String> {
    let major: u32 = version.trim_start_matches('v').split('.').next().and_then(|m| m.parse().ok()).unwrap_or(0);
    args.iter().take_while(|a| a.as_str() != "--").find_map(|a| {
        let name = a.split('=').next().unwrap_or("").replace('_', "-");
        let missing = match name.as_str() {
            "--permission" => model_flag != "--permission",
            "--experimental-permission" => model_flag == "none" || major >= 24,
            "--allow-inspector" => major < 24,
            "--allow-net" => major < 26,
            "--allow-fs-read" | "--allow-fs-write" | "--allow-child-process" | "--allow-worker" | "--allow-addons"
            | "--allow-wasi" => model_flag == "none",
            _ => false,
        };
        missing.then(|| a.clone())
    })
}

/// `process.permission.drop(scope, reference)` (24+): gives up a
/// permission for the rest of the process. A path is dropped only when it
/// was granted as such (a granted directory by its own path); a scope
/// without a reference is denied whole; unknown scopes are ignored.
#[op2(fast)]
fn op_permission_drop(#[string] scope: &str, #[string] reference: &str, has_reference: bool) {
    let Some(lock) = MODEL.get() else { return };
    let mut m = lock.write().unwrap_or_else(|e| e.into_inner());
    let drop_fs = |g: &mut Grants| {
        if has_reference {
            if g.all {
                return;
            }
            let resolved = resolve(reference, &cwd());
            let entry = match std::fs::metadata(&resolved) {
                Ok(md) if md.is_dir() => format!("{}/*", resolved.trim_end_matches('/')),
                _ => resolved,
            };
            g.entries.retain(|e| *e != entry);
        } else {
            *g = Grants::default();
        }
    };
    match scope {
        "fs" => {
            drop_fs(&mut m.read);
            drop_fs(&mut m.write);
        }
        "fs.read" => drop_fs(&mut m.read),
        "fs.write" => drop_fs(&mut m.write),
        "child" => m.child = false,
        "worker" => m.worker = false,
        "addon" => m.addon = false,
        "wasi" => m.wasi = false,
        "net" => m.net = false,
        "inspector" => m.inspector = false,
        _ => {}
    }
}

/// The checks of an fs call, made before the call is queued: Node's
/// bindings for `mkdir`, `chmod` and `utimes` throw even in callback form.
#[op2]
fn op_permission_check_fs_call(#[serde] call: crate::ext::fs::sys::Call) -> Result<(), SysError> {
    check_fs_call(&call)
}

/// Checks one path for reading (or writing) where Node checks outside the
/// fs calls (`process.chdir`, `fs.watchFile`).
#[op2(fast)]
fn op_permission_check_path(#[string] path: &str, write: bool) -> Result<(), SysError> {
    if write {
        check_write(path)
    } else {
        check_read(path)
    }
}

/// Fails with Node's `ERR_ACCESS_DENIED` (FileSystemRead) unless `path` may be read.
#[inline]
pub fn check_read(path: &str) -> Result<(), SysError> {
    match model() {
        None => Ok(()),
        Some(m) if m.read.granted(&resolve(path, &cwd())) => Ok(()),
        Some(_) => Err(denied(DENIED_READ, path)),
    }
}

/// Fails with Node's `ERR_ACCESS_DENIED` (FileSystemWrite) unless `path` may be written.
#[inline]
pub fn check_write(path: &str) -> Result<(), SysError> {
    match model() {
        None => Ok(()),
        Some(m) if m.write.granted(&resolve(path, &cwd())) => Ok(()),
        Some(_) => Err(denied(DENIED_WRITE, path)),
    }
}

/// The checks `open(path, flags)` needs: read for a read-only open, write
/// for a write-only one, both otherwise.
pub fn check_open(path: &str, flags: i32) -> Result<(), SysError> {
    if MODEL.get().is_none() {
        return Ok(());
    }
    let acc = flags & libc::O_ACCMODE;
    let creates = flags & (libc::O_CREAT | libc::O_TRUNC | libc::O_APPEND) != 0;
    if acc != libc::O_WRONLY {
        check_read(path)?;
    }
    if acc != libc::O_RDONLY || creates {
        check_write(path)?;
    }
    Ok(())
}

/// The checks of one path-based fs call (`op_fs_call`), as Node's C++ fs
/// binding makes them.
pub fn check_fs_call(call: &crate::ext::fs::sys::Call) -> Result<(), SysError> {
    use crate::ext::fs::sys::Call::*;
    if MODEL.get().is_none() {
        return Ok(());
    }
    match call {
        Open(p, flags, _) => check_open(p, *flags),
        Stat(p, _) | Access(p, _) | Readdir(p) | Opendir(p) | Realpath(p) | Readlink(p) | Statfs(p) => check_read(p),
        Mkdir(p, ..) | Rmdir(p) | Unlink(p) | Rm(p, _) | Chmod(p, _) | Chown(p, ..) | Utimes(p, ..) | Truncate(p, _) => {
            check_write(p)
        }
        // Node checks (and names) the template.
        Mkdtemp(prefix) => check_write(&format!("{prefix}XXXXXX")),
        Rename(a, b) => check_read(a).and_then(|_| check_write(a)).and_then(|_| check_write(b)),
        Copyfile(a, b, _) => check_read(a).and_then(|_| check_write(b)),
        // Symbolic links can escape the model (relative targets, later
        // changes): Node allows them only with full fs access.
        Symlink(..) => {
            let m = model().unwrap();
            if m.read.all && m.write.all {
                Ok(())
            } else {
                Err(denied(DENIED_SYMLINK, ""))
            }
        }
        // A hard link reaches its target by another name: the target must be
        // readable and writable, the new name writable.
        Link(target, p) => {
            check_read(target)?;
            check_write(target)?;
            check_write(p)
        }
        Close(_) | Fstat(_) | Fchmod(..) | Fchown(..) | Futimes(..) | Ftruncate(..) | Fsync(_) => Ok(()),
    }
}

fn denied(errno: i32, path: &str) -> SysError {
    SysError { errno, syscall: "", path: Some(path.to_string()), dest: None }
}

/// For a denied-access `SysError`: its `permission` name and message.
pub fn denied_info(errno: i32) -> Option<(&'static str, &'static str)> {
    let hint = model().is_some_and(|m| m.hint);
    match errno {
        DENIED_SYMLINK => Some(("", "fs.symlink API requires full fs.read and fs.write permissions.")),
        DENIED_READ if hint => Some(("FileSystemRead", "Access to this API has been restricted. Use --allow-fs-read to manage permissions.")),
        DENIED_WRITE if hint => Some(("FileSystemWrite", "Access to this API has been restricted. Use --allow-fs-write to manage permissions.")),
        DENIED_READ => Some(("FileSystemRead", "Access to this API has been restricted")),
        DENIED_WRITE => Some(("FileSystemWrite", "Access to this API has been restricted")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_lexically() {
        assert_eq!(resolve("../a/./b", "/x/y"), "/x/a/b");
        assert_eq!(resolve("/..", "/x"), "/");
        assert_eq!(resolve("rel.txt", "/tmp"), "/tmp/rel.txt");
    }

    #[test]
    fn flags_per_line() {
        let a = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(option_missing_on_line(&a(&["--permission"]), "v20.20.2", "--experimental-permission").as_deref(), Some("--permission"));
        assert_eq!(option_missing_on_line(&a(&["--experimental-permission"]), "v22.23.3", "--permission"), None);
        assert_eq!(option_missing_on_line(&a(&["--experimental-permission"]), "v24.21.0", "--permission").as_deref(), Some("--experimental-permission"));
        assert_eq!(option_missing_on_line(&a(&["--permission", "--allow-net"]), "v24.21.0", "--permission").as_deref(), Some("--allow-net"));
        assert_eq!(option_missing_on_line(&a(&["--permission", "--allow-net"]), "v26.10.0", "--permission"), None);
        assert_eq!(option_missing_on_line(&a(&["--allow-fs-read=/x"]), "v18.20.0", "none").as_deref(), Some("--allow-fs-read=/x"));
    }

    #[test]
    fn wildcard_entries() {
        assert!(entry_matches("/tmp/*", "/tmp"));
        assert!(entry_matches("/tmp/*", "/tmp/a/b"));
        assert!(!entry_matches("/tmp/*", "/tmpx"));
        assert!(!entry_matches("/tmp/*", "/tm"));
        assert!(entry_matches("/w/test/common*", "/w/test/common/index.js"));
        assert!(entry_matches("/w/a.js", "/w/a.js"));
        assert!(!entry_matches("/w/a.js", "/w/a.js/x"));
    }
}
