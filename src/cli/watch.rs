//! Watch mode: `nodus --watch script.js`, `--watch-path=<p>`,
//! `--watch-preserve-output`, `--watch-kill-signal` (Node's
//! lib/internal/main/watch_mode.js).
//!
//! The script runs in a child process (this binary, without the watch
//! options). Without `--watch-path`, the files to watch are the entry point and
//! every file the child loads: the child appends their paths to the file named
//! by `NODUS_WATCH_DEPS` (js/internal/main/run_main.js), where Node sends them
//! over IPC. With `--watch-path`, those paths are watched instead (recursively).
//! A change (debounced 200 ms, as Node) restarts the child; its end is reported
//! as Node reports it on the selected line.

use super::Cli;
use notify::{RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The signal that stopped the watcher (SIGINT/SIGTERM), 0 while running.
static SIGNALLED: AtomicI32 = AtomicI32::new(0);

extern "C" fn on_signal(sig: libc::c_int) {
    SIGNALLED.store(sig, Ordering::SeqCst);
}

/// What the selected line prints (see [`Messages::for_version`]).
struct Messages {
    /// `. Waiting for file changes before restarting...` after Completed/Failed (22+).
    waiting_suffix: bool,
    /// `Change detected in '<path>'` before `Restarting` (24+).
    change_detected: bool,
    /// The ExperimentalWarning of lines where --watch was experimental (before 20.13).
    experimental: bool,
}

impl Messages {
    fn for_version(version: &str, watch_switch: Option<&str>) -> Messages {
        let mut parts = version.trim_start_matches('v').split('.').map(|p| p.parse::<u32>().unwrap_or(0));
        let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
        Messages {
            waiting_suffix: major >= 22,
            change_detected: major >= 24,
            // The line data says "experimental" for 20 too, but 20.13.0 made it stable.
            experimental: watch_switch == Some("experimental") && (major, minor) < (20, 13),
        }
    }
}

/// Node's `inspect()` of a string: single quotes unless the text has some.
fn quote(s: &str) -> String {
    let q = if !s.contains('\'') {
        '\''
    } else if !s.contains('"') {
        '"'
    } else if !s.contains('`') {
        '`'
    } else {
        '\''
    };
    let mut out = String::from(q);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\\' => out.push_str("\\\\"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out.push(q);
    out
}

/// The command line without the watch options (Node's argsWithoutWatchOptions).
fn child_args(args: &[String], script_at: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if i >= script_at {
            out.push(a.clone());
        } else if a == "--watch" || a == "--watch-preserve-output" || a.starts_with("--watch=") {
        } else if a == "--watch-path" || a == "--watch-kill-signal" {
            i += 1;
        } else if a.starts_with("--watch-path=") || a.starts_with("--watch-kill-signal=") || a.starts_with("--watch-preserve-output=") {
        } else {
            out.push(a.clone());
        }
        i += 1;
    }
    out
}

/// `NODE_OPTIONS` without watch options, so the child does not watch again.
fn clean_node_options(s: &str) -> String {
    let parts = super::split_node_options(s);
    let mut keep = Vec::new();
    let mut i = 0;
    while i < parts.len() {
        let p = &parts[i];
        if p == "--watch-path" || p == "--watch-kill-signal" {
            i += 2;
            continue;
        }
        if !(p == "--watch" || p == "--watch-preserve-output" || p.starts_with("--watch=") || p.starts_with("--watch-path=")
            || p.starts_with("--watch-kill-signal=") || p.starts_with("--watch-preserve-output="))
        {
            keep.push(if p.contains(' ') { format!("\"{p}\"") } else { p.clone() });
        }
        i += 1;
    }
    keep.join(" ")
}

fn signal_number(name: &str) -> Option<i32> {
    let n = name.trim_start_matches("SIG");
    Some(match n {
        "TERM" => libc::SIGTERM,
        "INT" => libc::SIGINT,
        "KILL" => libc::SIGKILL,
        "HUP" => libc::SIGHUP,
        "QUIT" => libc::SIGQUIT,
        "USR1" => libc::SIGUSR1,
        "USR2" => libc::SIGUSR2,
        _ => return n.parse().ok(),
    })
}

struct Colors {
    green: &'static str,
    blue: &'static str,
    red: &'static str,
    white: &'static str,
    clear: &'static str,
}

fn colors() -> Colors {
    if std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        Colors { green: "\x1b[32m", blue: "\x1b[34m", red: "\x1b[31m", white: "\x1b[39m", clear: "\x1bc" }
    } else {
        Colors { green: "", blue: "", red: "", white: "", clear: "" }
    }
}

fn say(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

/// Runs the watch loop; returns the exit code when stopped by a signal.
/// `args` is the command line after the binary name, `script_at` where its
/// script starts; `profile` is the selected line's profile JSON.
pub fn run(cli: &Cli, args: &[String], script_at: usize, profile: &str) -> i32 {
    if cli.value("eval").is_some() || cli.value("print").is_some() || cli.flag("print-stdin") {
        eprintln!("nodus: either --watch or --eval can be used, not both");
        return 9;
    }
    let Some(script) = cli.script.clone().filter(|s| s != "-") else {
        eprintln!("nodus: --watch requires specifying a file");
        return 9;
    };
    let profile: serde_json::Value = serde_json::from_str(profile).unwrap_or_default();
    let messages = Messages::for_version(
        profile["version"].as_str().unwrap_or(""),
        profile["switches"]["watch_mode"].as_str().or_else(|| profile["switches"]["watch_mode"]["value"].as_str()),
    );
    let kill_signal = match cli.value("watch-kill-signal") {
        Some(s) => match signal_number(s) {
            Some(n) => n,
            None => {
                eprintln!("TypeError [ERR_UNKNOWN_SIGNAL]: Unknown signal: {s}");
                return 1;
            }
        },
        None => libc::SIGTERM,
    };
    let preserve = cli.flag("watch-preserve-output");
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let watch_paths: Vec<PathBuf> = cli.values.get("watch-path").map(|v| v.iter().map(|p| cwd.join(p)).collect()).unwrap_or_default();
    let filter_mode = watch_paths.is_empty();
    let mut command: Vec<String> = vec![script.clone()];
    command.extend(cli.args.iter().cloned());
    let command_str = quote(&command.join(" "));
    let child_argv = child_args(args, script_at);
    let exe = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("nodus"));
    let node_options = std::env::var("NODE_OPTIONS").ok().map(|s| clean_node_options(&s));
    let deps_file = std::env::temp_dir().join(format!("nodus-watch-{}.deps", std::process::id()));
    let c = colors();

    if messages.experimental {
        eprintln!(
            "(node:{}) ExperimentalWarning: Watch mode is an experimental feature and might change at any time\n(Use `nodus --trace-warnings ...` to show where the warning was created)",
            std::process::id()
        );
    }
    // SAFETY: the handler only stores into an atomic.
    unsafe {
        libc::signal(libc::SIGTERM, on_signal as *const () as libc::sighandler_t);
        libc::signal(libc::SIGINT, on_signal as *const () as libc::sighandler_t);
    }

    let (tx, rx) = mpsc::channel();
    let mut watcher = match notify::recommended_watcher(move |ev: notify::Result<notify::Event>| {
        if let Ok(ev) = ev {
            let _ = tx.send(ev);
        }
    }) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("nodus: --watch: {e}");
            return 1;
        }
    };
    for p in &watch_paths {
        let _ = watcher.watch(p, RecursiveMode::Recursive);
    }
    // Filter mode: the watched files, and the folders watched for them (editors
    // replace files by renaming, which a watch on the file itself would miss).
    let mut files: BTreeSet<PathBuf> = BTreeSet::new();
    let mut dirs: BTreeSet<PathBuf> = BTreeSet::new();
    let mut add_file = |watcher: &mut notify::RecommendedWatcher, files: &mut BTreeSet<PathBuf>, p: PathBuf| {
        let p = std::fs::canonicalize(&p).unwrap_or(p);
        if let Some(dir) = p.parent() {
            if dirs.insert(dir.to_path_buf()) {
                let _ = watcher.watch(dir, RecursiveMode::NonRecursive);
            }
        }
        files.insert(p);
    };

    let spawn = |files_hint: &Path| -> Option<Child> {
        let _ = std::fs::write(files_hint, "");
        let mut cmd = Command::new(&exe);
        cmd.args(&child_argv);
        if filter_mode {
            cmd.env("NODUS_WATCH_DEPS", files_hint);
        }
        match &node_options {
            Some(o) => cmd.env("NODE_OPTIONS", o),
            None => cmd.env_remove("NODE_OPTIONS"),
        };
        match cmd.spawn() {
            Ok(c) => Some(c),
            Err(e) => {
                eprintln!("nodus: --watch: cannot start {}: {e}", exe.display());
                None
            }
        }
    };

    if filter_mode {
        add_file(&mut watcher, &mut files, cwd.join(&script));
    }
    let mut child = spawn(&deps_file);
    let mut exited = false;
    let mut deps_read = 0usize;
    loop {
        if let Some(sig) = Some(SIGNALLED.load(Ordering::SeqCst)).filter(|s| *s != 0) {
            let mut code = 0;
            if let Some(mut ch) = child.take() {
                if !exited {
                    // SAFETY: signalling our own child by pid.
                    unsafe { libc::kill(ch.id() as i32, sig) };
                }
                if let Ok(status) = ch.wait() {
                    code = status.code().unwrap_or(0);
                }
            }
            let _ = std::fs::remove_file(&deps_file);
            return code;
        }
        // The child's end, reported once.
        if let (Some(ch), false) = (child.as_mut(), exited) {
            if let Ok(Some(status)) = ch.try_wait() {
                exited = true;
                let waiting = if messages.waiting_suffix { ". Waiting for file changes before restarting..." } else { "" };
                if status.success() {
                    say(&format!("{}Completed running {command_str}{waiting}{}\n", c.blue, c.white));
                } else {
                    say(&format!("{}Failed running {command_str}{waiting}{}\n", c.red, c.white));
                }
            }
        }
        // Files the child loaded since the last look.
        if filter_mode {
            if let Ok(text) = std::fs::read_to_string(&deps_file) {
                if text.len() > deps_read {
                    let fresh = text[deps_read..].to_string();
                    if let Some(end) = fresh.rfind('\n') {
                        for line in fresh[..end].lines().filter(|l| !l.is_empty()) {
                            add_file(&mut watcher, &mut files, PathBuf::from(line));
                        }
                        deps_read += end + 1;
                    }
                }
            }
        }
        let Ok(ev) = rx.recv_timeout(Duration::from_millis(50)) else { continue };
        let relevant = |ev: &notify::Event| {
            !matches!(ev.kind, notify::EventKind::Access(_))
                && ev.paths.iter().any(|p| !filter_mode || files.contains(p) || files.contains(&std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())))
        };
        if !relevant(&ev) {
            continue;
        }
        let trigger = ev.paths.first().cloned();
        // Debounce: wait until 200 ms pass without another change.
        let mut last = Instant::now();
        while last.elapsed() < Duration::from_millis(200) {
            if let Ok(e) = rx.recv_timeout(Duration::from_millis(200).saturating_sub(last.elapsed())) {
                if relevant(&e) {
                    last = Instant::now();
                }
            }
        }
        if !preserve {
            say(c.clear);
        }
        if messages.change_detected {
            if let Some(t) = trigger {
                say(&format!("{}Change detected in {}{}\n", c.blue, quote(&t.to_string_lossy()), c.white));
            }
        }
        say(&format!("{}Restarting {command_str}{}\n", c.green, c.white));
        if let Some(mut ch) = child.take() {
            if !exited {
                // SAFETY: signalling our own child by pid.
                unsafe { libc::kill(ch.id() as i32, kill_signal) };
            }
            let _ = ch.wait();
        }
        if filter_mode {
            // The new run reports its own dependencies.
            files.clear();
            add_file(&mut watcher, &mut files, cwd.join(&script));
            deps_read = 0;
        }
        exited = false;
        child = spawn(&deps_file);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn watch_options_are_dropped_for_the_child() {
        let args: Vec<String> =
            ["--watch", "--watch-path", "src", "--watch-preserve-output", "--no-warnings", "--watch-kill-signal=SIGINT", "a.js", "--watch"]
                .iter()
                .map(|s| s.to_string())
                .collect();
        assert_eq!(child_args(&args, 6), ["--no-warnings", "a.js", "--watch"]);
        assert_eq!(clean_node_options("--watch --max-old-space-size=64 --watch-path x"), "--max-old-space-size=64");
    }

    #[test]
    fn messages_per_line() {
        let m = Messages::for_version("v20.20.2", Some("experimental"));
        assert!(!m.waiting_suffix && !m.change_detected && !m.experimental);
        assert!(Messages::for_version("v18.20.8", Some("experimental")).experimental);
        let m = Messages::for_version("v24.21.0", Some("stable"));
        assert!(m.waiting_suffix && m.change_detected);
        assert_eq!(quote("once.js a b"), "'once.js a b'");
        assert_eq!(quote("it's"), "\"it's\"");
    }
}
