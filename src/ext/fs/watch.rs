//! `fs.watch`: inotify (through the `notify` crate) watchers, reported to JS as
//! Node reports them: `('rename' | 'change', filename relative to the watched
//! path)`. Watchers live in a process-wide table keyed by id; JS polls each one
//! with `op_fs_watch_next`, which resolves with the events gathered so far, or
//! `None` once the watcher is closed.

use crate::ext::error::SysError;
use deno_core::op2;
use notify::event::{EventKind, ModifyKind};
use notify::{RecommendedWatcher, RecursiveMode, Watcher};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};

/// One event as JS sees it: `[eventType, filename]`.
type Change = (String, String);

struct Entry {
    /// Dropping the watcher drops the sender, which ends `op_fs_watch_next`.
    _watcher: RecommendedWatcher,
    rx: Arc<tokio::sync::Mutex<UnboundedReceiver<Change>>>,
}

fn table() -> &'static Mutex<HashMap<u32, Entry>> {
    static T: OnceLock<Mutex<HashMap<u32, Entry>>> = OnceLock::new();
    T.get_or_init(|| Mutex::new(HashMap::new()))
}

/// libuv's event type for a notify event, or None for events libuv does not
/// report (reads, opens, closes).
fn event_type(kind: &EventKind) -> Option<&'static str> {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => Some("rename"),
        EventKind::Modify(ModifyKind::Name(_)) => Some("rename"),
        EventKind::Modify(_) => Some("change"),
        _ => None,
    }
}

/// The name Node reports: relative to a watched directory, or the base name
/// for a watched file (and for events on the watched directory itself).
fn relative_name(root: &Path, root_is_dir: bool, p: &Path) -> String {
    if root_is_dir {
        if let Ok(rel) = p.strip_prefix(root) {
            if !rel.as_os_str().is_empty() {
                return rel.to_string_lossy().into_owned();
            }
        }
    }
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Starts watching `path`; returns the watcher id. Errors are Node's
/// (`ENOENT: no such file or directory, watch '<path>'`).
#[op2(fast)]
pub fn op_fs_watch_start(#[string] path: &str, recursive: bool) -> Result<u32, SysError> {
    crate::ext::permission::check_read(path)?;
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);
    let meta = std::fs::metadata(path).map_err(|e| SysError::from_io(&e, "watch", Some(path)))?;
    let root: PathBuf = std::fs::canonicalize(path).unwrap_or_else(|_| PathBuf::from(path));
    let root_is_dir = meta.is_dir();
    let (tx, rx) = unbounded_channel::<Change>();
    let cb_root = root.clone();
    let handler = move |res: notify::Result<notify::Event>| {
        let Ok(ev) = res else { return };
        let Some(kind) = event_type(&ev.kind) else { return };
        for p in &ev.paths {
            let _ = tx.send((kind.to_string(), relative_name(&cb_root, root_is_dir, p)));
            // inotify watches a new directory only once it is reported, so
            // what was created in it meanwhile is reported here (as Node's
            // recursive watcher does when it starts watching a folder).
            if recursive && matches!(ev.kind, EventKind::Create(_)) && p.is_dir() {
                report_tree(p, &mut |q| {
                    let _ = tx.send(("rename".to_string(), relative_name(&cb_root, root_is_dir, q)));
                });
            }
        }
    };
    let mut watcher = RecommendedWatcher::new(handler, notify::Config::default())
        .map_err(|e| notify_error(e, path))?;
    let mode = if recursive { RecursiveMode::Recursive } else { RecursiveMode::NonRecursive };
    watcher.watch(&root, mode).map_err(|e| notify_error(e, path))?;
    let id = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    table().lock().unwrap().insert(id, Entry { _watcher: watcher, rx: Arc::new(tokio::sync::Mutex::new(rx)) });
    Ok(id)
}

/// Calls `f` for every entry under `dir`, depth first.
fn report_tree(dir: &Path, f: &mut dyn FnMut(&Path)) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let p = e.path();
        f(&p);
        if e.file_type().map(|t| t.is_dir()).unwrap_or(false) {
            report_tree(&p, f);
        }
    }
}

fn notify_error(e: notify::Error, path: &str) -> SysError {
    let errno = match e.kind {
        notify::ErrorKind::Io(ref io) => io.raw_os_error().unwrap_or(libc::EINVAL),
        notify::ErrorKind::PathNotFound => libc::ENOENT,
        notify::ErrorKind::MaxFilesWatch => libc::ENOSPC,
        _ => libc::EINVAL,
    };
    SysError { errno, syscall: "watch", path: Some(path.into()), dest: None }
}

/// Waits for the next events of watcher `id`: a flat list
/// `[type, name, type, name, ...]`, or None when it was closed.
#[op2]
#[serde]
pub async fn op_fs_watch_next(id: u32) -> Option<Vec<String>> {
    let rx = table().lock().unwrap().get(&id).map(|e| e.rx.clone())?;
    let mut rx = rx.lock().await;
    let first = rx.recv().await?;
    let mut out = vec![first.0, first.1];
    while let Ok((t, n)) = rx.try_recv() {
        out.push(t);
        out.push(n);
    }
    Some(out)
}

/// Stops watcher `id` (a pending `op_fs_watch_next` resolves with None).
#[op2(fast)]
pub fn op_fs_watch_close(id: u32) {
    table().lock().unwrap().remove(&id);
}
