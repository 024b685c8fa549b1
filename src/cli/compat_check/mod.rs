//! `nodus compat check <files|dirs...> --to <line> [--from <line>] [--json]`:
//! a static scan for uses of APIs that are deprecated, removed, not yet
//! present or behave differently on the target line.
//!
//! Files are parsed with oxc ([`scan`]); the code shapes come from
//! `compat/patterns.yaml` ([`patterns`]), the facts from the `nodus-compat`
//! catalog ([`report`]). Besides the patterns, every built-in module required
//! or imported and every free global name is checked against the target line's
//! `modules` and `globals`.
//!
//! Exit status: 0 no findings, 1 findings, 2 a file could not be parsed
//! (findings of the other files are still printed), 9 usage errors (no files,
//! a missing path, no or an unknown `--to` line).

pub mod patterns;
pub mod report;
pub mod scan;

use patterns::{known_modules, patterns};
use report::{evaluate, Finding, Target};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const USAGE: &str = "usage: nodus compat check <files or directories...> --to <line> [--from <line>] [--json]";

/// Extensions scanned when a directory is given.
const EXTENSIONS: [&str; 8] = ["js", "mjs", "cjs", "jsx", "ts", "mts", "cts", "tsx"];

#[derive(Debug, Default, PartialEq, Eq)]
struct Args {
    paths: Vec<String>,
    to: Option<String>,
    from: Option<String>,
    json: bool,
}

fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut out = Args::default();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        let mut value = |name: &str| -> Result<String, String> {
            if let Some(v) = a.strip_prefix(&format!("{name}=")) {
                return Ok(v.to_string());
            }
            i += 1;
            args.get(i).cloned().ok_or_else(|| format!("{name} requires a line"))
        };
        if a == "--json" {
            out.json = true;
        } else if a == "--to" || a.starts_with("--to=") {
            out.to = Some(value("--to")?);
        } else if a == "--from" || a.starts_with("--from=") {
            out.from = Some(value("--from")?);
        } else if a == "--" {
            out.paths.extend(args[i + 1..].iter().cloned());
            break;
        } else if a.starts_with("--") {
            return Err(format!("unknown option {a}"));
        } else {
            out.paths.push(a.clone());
        }
        i += 1;
    }
    if out.paths.is_empty() {
        return Err("no files given".into());
    }
    if out.to.is_none() {
        return Err("--to <line> is required".into());
    }
    Ok(out)
}

fn line_of<'c>(catalog: &'c nodus_compat::Catalog, spec: &str) -> Result<&'c nodus_compat::Line, String> {
    let major = spec.trim_start_matches('v').parse::<u32>().map_err(|_| {
        nodus_compat::CompatError::UnknownLine { requested: spec.to_string(), shipped: catalog.majors() }.to_string()
    })?;
    catalog.line(major).map_err(|e| e.to_string())
}

/// Files to scan: given files as they are, directories walked (sorted, without
/// `node_modules` and dot-directories) for JavaScript and TypeScript files.
fn collect(paths: &[String]) -> Result<Vec<PathBuf>, String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
        let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let p = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            if p.is_dir() {
                if name != "node_modules" && !name.starts_with('.') {
                    walk(&p, out)?;
                }
            } else if p.extension().and_then(|x| x.to_str()).is_some_and(|x| EXTENSIONS.contains(&x)) {
                out.push(p);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    for p in paths {
        let path = Path::new(p);
        if path.is_dir() {
            walk(path, &mut out).map_err(|e| format!("cannot read {p}: {e}"))?;
        } else if path.is_file() {
            out.push(path.to_path_buf());
        } else {
            return Err(format!("cannot find {p}"));
        }
    }
    Ok(out)
}

/// The outcome of checking some sources against a target.
pub struct Checked {
    pub findings: Vec<Finding>,
    /// `file:line:col: parse error: message`.
    pub errors: Vec<String>,
}

/// Checks `(name, source)` pairs against the target line.
pub fn check_sources(sources: &[(String, String)], target: &Target) -> Checked {
    let catalog = target.catalog;
    let modules = known_modules(catalog);
    let globals: BTreeSet<String> = catalog.lines().iter().flat_map(|l| l.data.globals.iter().cloned()).collect();
    let cx = scan::Context { patterns: patterns(), modules: &modules, globals: &globals };
    let mut checked = Checked { findings: Vec::new(), errors: Vec::new() };
    for (name, source) in sources {
        match scan::scan_source(name, source, &cx) {
            Ok(uses) => checked.findings.extend(evaluate(name, source, &uses, cx.patterns, target)),
            Err(e) => {
                let (l, c) = scan::line_col(source, e.offset);
                checked.errors.push(format!("{name}:{l}:{c}: parse error: {}", e.message));
            }
        }
    }
    checked
}

/// Runs `nodus compat check <args>`; returns the exit code.
pub fn run(args: &[String]) -> i32 {
    let usage = |msg: &str| {
        eprintln!("nodus compat check: {msg}\n{USAGE}");
        9
    };
    let args = match parse_args(args) {
        Ok(a) => a,
        Err(e) => return usage(&e),
    };
    let catalog = nodus_compat::catalog();
    let to = match line_of(catalog, args.to.as_deref().unwrap_or_default()) {
        Ok(l) => l,
        Err(e) => return usage(&e),
    };
    let from = match args.from.as_deref().map(|f| line_of(catalog, f)).transpose() {
        Ok(l) => l,
        Err(e) => return usage(&e),
    };
    let files = match collect(&args.paths) {
        Ok(f) => f,
        Err(e) => return usage(&e),
    };
    let mut sources = Vec::new();
    for f in &files {
        match std::fs::read_to_string(f) {
            Ok(s) => sources.push((f.to_string_lossy().into_owned(), s)),
            Err(e) => return usage(&format!("cannot read {}: {e}", f.display())),
        }
    }
    let checked = check_sources(&sources, &Target { catalog, to, from });
    if args.json {
        let json = serde_json::json!({
            "to": to.major(),
            "version": to.data.version,
            "from": from.map(|f| f.major()),
            "files": files.len(),
            "findings": checked.findings,
            "errors": checked.errors,
        });
        println!("{}", serde_json::to_string_pretty(&json).unwrap());
    } else {
        for f in &checked.findings {
            println!("{f}");
        }
        for e in &checked.errors {
            eprintln!("{e}");
        }
        let counts = report::by_code(&checked.findings);
        let codes = counts.iter().map(|(c, n)| format!("{c} x{n}")).collect::<Vec<_>>().join(", ");
        let n = checked.findings.len();
        println!(
            "{n} finding{} in {} file{} for Node {} ({}){}",
            if n == 1 { "" } else { "s" },
            files.len(),
            if files.len() == 1 { "" } else { "s" },
            to.major(),
            to.data.version,
            if codes.is_empty() { String::new() } else { format!(": {codes}") }
        );
    }
    if !checked.errors.is_empty() {
        2
    } else if !checked.findings.is_empty() {
        1
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn args() {
        let a = parse_args(&s(&["a.js", "--to", "24", "--json", "b.js", "--from=20"])).unwrap();
        assert_eq!(a, Args { paths: s(&["a.js", "b.js"]), to: Some("24".into()), from: Some("20".into()), json: true });
        assert_eq!(parse_args(&s(&["a.js"])).unwrap_err(), "--to <line> is required");
        assert_eq!(parse_args(&s(&["--to", "24"])).unwrap_err(), "no files given");
        assert_eq!(parse_args(&s(&["a.js", "--to"])).unwrap_err(), "--to requires a line");
        assert_eq!(parse_args(&s(&["a.js", "--bogus"])).unwrap_err(), "unknown option --bogus");
    }

    #[test]
    fn unknown_line_lists_shipped() {
        let e = line_of(nodus_compat::catalog(), "19").unwrap_err();
        assert!(e.contains("18, 20, 22, 24, 26, 27"), "{e}");
        assert!(line_of(nodus_compat::catalog(), "lts").unwrap_err().contains("shipped lines"));
    }

    fn check(to: u32, src: &str) -> Vec<String> {
        let c = nodus_compat::catalog();
        let t = Target { catalog: c, to: c.line(to).unwrap(), from: None };
        let checked = check_sources(&[("a.js".into(), src.into())], &t);
        assert!(checked.errors.is_empty(), "{:?}", checked.errors);
        checked.findings.iter().map(|f| format!("{}:{} {} {}", f.line, f.column, f.code, f.kind)).collect()
    }

    #[test]
    fn same_code_differs_by_line() {
        let src = "const util = require('util');\nutil.isBoolean(true);\nconst fs = require('fs');\nfs.access('x', fs.F_OK, () => {});\nfs.glob('*', () => {});";
        assert_eq!(check(20, src), ["2:1 DEP0045 deprecated", "4:16 DEP0176 deprecated", "5:1 RFC 0001 unavailable"]);
        assert_eq!(check(24, src), ["2:1 DEP0045 removed", "4:16 DEP0176 deprecated"]);
        assert_eq!(check(18, src), ["2:1 DEP0045 deprecated", "5:1 RFC 0001 unavailable"]);
    }

    #[test]
    fn modules_and_globals_of_other_lines() {
        assert_eq!(check(20, "const s = require('node:sqlite');\nnavigator.hardwareConcurrency;"), ["1:19 RFC 0001 unavailable", "2:1 RFC 0001 unavailable"]);
        assert!(check(24, "const s = require('node:sqlite');\nnavigator.hardwareConcurrency;").is_empty());
    }

    #[test]
    fn a_parse_error_names_its_place() {
        let c = nodus_compat::catalog();
        let t = Target { catalog: c, to: c.line(24).unwrap(), from: None };
        let checked = check_sources(&[("bad.js".into(), "let x = ;\n".into())], &t);
        assert_eq!(checked.errors.len(), 1);
        assert!(checked.errors[0].starts_with("bad.js:1:"), "{:?}", checked.errors);
    }
}
