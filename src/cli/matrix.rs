//! `nodus matrix [--lines 20,22,24,26] <script> [args...]`: regression testing
//! across release lines. Runs the script (a plain program or a `node:test` file)
//! once per line by re-executing this binary with `--compat <line>`, prints a
//! table of exit status, duration and warning count, then, for each pair of
//! neighbouring lines whose output differs, the first differing lines. Exits 1
//! when any line fails, 9 on a usage error.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

const USAGE: &str = "usage: nodus matrix [--lines 20,22,24,26] <script> [args...]";

/// One line's run.
#[derive(Debug)]
struct LineRun {
    line: u32,
    version: String,
    status: Option<i32>,
    duration: Duration,
    warnings: usize,
    stdout: String,
    stderr: String,
}

/// Runs `nodus matrix <args>`; returns the exit code.
pub fn run(args: &[String]) -> i32 {
    let (lines, rest) = match parse(args) {
        Ok(v) => v,
        Err(msg) => {
            eprintln!("nodus matrix: {msg}\n{USAGE}");
            return 9;
        }
    };
    let exe = match std::env::current_exe() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("nodus matrix: cannot find the nodus binary: {e}");
            return 9;
        }
    };
    let mut runs = Vec::new();
    for line in lines {
        let version = nodus_compat::Profile::for_line(line).map(|p| p.version).unwrap_or_default();
        match run_line(&exe, line, &rest) {
            Ok((status, duration, stdout, stderr)) => runs.push(LineRun {
                line,
                version,
                status,
                duration,
                warnings: count_warnings(&stderr),
                stdout,
                stderr,
            }),
            Err(e) => {
                eprintln!("nodus matrix: cannot run line {line}: {e}");
                return 9;
            }
        }
    }
    print!("{}", report(&runs));
    if runs.iter().any(|r| r.status != Some(0)) {
        1
    } else {
        0
    }
}

/// `--lines a,b,c` (or `--lines=a,b,c`) then the script and its arguments.
fn parse(args: &[String]) -> Result<(Vec<u32>, Vec<String>), String> {
    let mut lines: Option<Vec<u32>> = None;
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        let spec = if arg == "--lines" {
            i += 1;
            Some(args.get(i).ok_or("--lines needs a value")?.clone())
        } else {
            arg.strip_prefix("--lines=").map(str::to_string)
        };
        match spec {
            Some(spec) => {
                let mut parsed = Vec::new();
                for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                    let line: u32 = part.trim_start_matches('v').parse().map_err(|_| format!("\"{part}\" is not a release line"))?;
                    // Reuses the compat crate's error, which names the shipped lines.
                    nodus_compat::Profile::for_line(line).map_err(|e| e.to_string())?;
                    if !parsed.contains(&line) {
                        parsed.push(line);
                    }
                }
                if parsed.is_empty() {
                    return Err("--lines is empty".into());
                }
                lines = Some(parsed);
                i += 1;
            }
            None if arg == "--help" || arg == "-h" => return Err("help".into()),
            None => break,
        }
    }
    let rest = args[i..].to_vec();
    if rest.is_empty() {
        return Err("no script given".into());
    }
    Ok((lines.unwrap_or_else(|| nodus_compat::SHIPPED_LINES.to_vec()), rest))
}

fn run_line(exe: &PathBuf, line: u32, rest: &[String]) -> std::io::Result<(Option<i32>, Duration, String, String)> {
    let start = Instant::now();
    let out = Command::new(exe)
        .arg("--compat")
        .arg(line.to_string())
        .args(rest)
        .env_remove("NODUS_COMPAT")
        .stdin(std::process::Stdio::null())
        .output()?;
    let duration = start.elapsed();
    Ok((
        out.status.code(),
        duration,
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

/// Lines Node's default warning printer writes: `(node:PID) [CODE] NameWarning: ...`.
fn count_warnings(stderr: &str) -> usize {
    stderr
        .lines()
        .filter(|l| {
            let Some(rest) = l.strip_prefix("(node:") else { return false };
            let Some((pid, tail)) = rest.split_once(") ") else { return false };
            if !pid.chars().all(|c| c.is_ascii_digit()) {
                return false;
            }
            let tail = tail.strip_prefix('[').and_then(|t| t.split_once("] ")).map(|(_, t)| t).unwrap_or(tail);
            tail.split_once(": ").is_some_and(|(name, _)| name.ends_with("Warning"))
        })
        .count()
}

/// Masks what differs by run (PIDs) so that only real differences show.
fn mask(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| match l.strip_prefix("(node:").and_then(|r| r.split_once(')')) {
            Some((pid, tail)) if pid.chars().all(|c| c.is_ascii_digit()) => format!("(node:PID){tail}"),
            _ => l.to_string(),
        })
        .collect()
}

fn first_difference(a: &[String], b: &[String]) -> Option<(usize, String, String)> {
    let n = a.len().max(b.len());
    (0..n).find_map(|i| {
        let x = a.get(i).cloned().unwrap_or_else(|| "<end of output>".into());
        let y = b.get(i).cloned().unwrap_or_else(|| "<end of output>".into());
        (x != y).then(|| (i + 1, x, y))
    })
}

fn status_text(status: Option<i32>) -> String {
    match status {
        Some(0) => "ok".into(),
        Some(code) => format!("exit {code}"),
        None => "signal".into(),
    }
}

fn report(runs: &[LineRun]) -> String {
    let mut out = format!("{:<6}{:<12}{:<10}{:>10}{:>10}\n", "line", "version", "status", "time", "warnings");
    for r in runs {
        out.push_str(&format!(
            "{:<6}{:<12}{:<10}{:>8}ms{:>10}\n",
            r.line,
            r.version,
            status_text(r.status),
            r.duration.as_millis(),
            r.warnings
        ));
    }
    let mut same = true;
    for pair in runs.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        for (stream, x, y) in [("stdout", &a.stdout, &b.stdout), ("stderr", &a.stderr, &b.stderr)] {
            if let Some((n, x, y)) = first_difference(&mask(x), &mask(y)) {
                same = false;
                out.push_str(&format!(
                    "\n{stream} differs between {} and {} at line {n}:\n  {:<4}| {x}\n  {:<4}| {y}\n",
                    a.line, b.line, a.line, b.line
                ));
            }
        }
    }
    let failed: Vec<String> = runs.iter().filter(|r| r.status != Some(0)).map(|r| r.line.to_string()).collect();
    out.push('\n');
    if same {
        out.push_str("output is the same on every line\n");
    }
    if failed.is_empty() {
        out.push_str(&format!("all {} lines passed\n", runs.len()));
    } else {
        out.push_str(&format!("failed on {} of {} lines: {}\n", failed.len(), runs.len(), failed.join(", ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn parses_lines_and_script() {
        let (lines, rest) = parse(&s(&["--lines", "20,24", "a.js", "--x"])).unwrap();
        assert_eq!(lines, vec![20, 24]);
        assert_eq!(rest, s(&["a.js", "--x"]));
        let (lines, _) = parse(&s(&["--lines=22", "a.js"])).unwrap();
        assert_eq!(lines, vec![22]);
        let (lines, _) = parse(&s(&["a.js"])).unwrap();
        assert_eq!(lines, nodus_compat::SHIPPED_LINES.to_vec());
        assert!(parse(&s(&["--lines", "19", "a.js"])).unwrap_err().contains("18, 20, 22, 24, 26, 27"));
        assert!(parse(&s(&["--lines", "20"])).is_err());
    }

    #[test]
    fn counts_node_style_warnings() {
        let err = "(node:12) [DEP0005] DeprecationWarning: Buffer() is deprecated\n(Use `node --trace-deprecation ...` to show where the warning was created)\n(node:12) ExperimentalWarning: SQLite is experimental\nplain line\n";
        assert_eq!(count_warnings(err), 2);
    }

    #[test]
    fn finds_first_difference() {
        assert_eq!(first_difference(&s(&["a", "b"]), &s(&["a", "c"])), Some((2, "b".into(), "c".into())));
        assert_eq!(first_difference(&s(&["a"]), &s(&["a", "x"])), Some((2, "<end of output>".into(), "x".into())));
        assert_eq!(first_difference(&s(&["a"]), &s(&["a"])), None);
    }
}
