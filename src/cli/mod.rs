//! The command line: `nodus [options] [script.js | -] [arguments]`, Node's option
//! set (see [`options::OPTIONS`]), `NODE_OPTIONS`, and the `compat` subcommands.
//!
//! Parsing is done by clap, with a command built from the option table; Node's
//! rules on top: options stop at the script, everything after it belongs to the
//! script, V8 options pass through, and an unknown option exits 9 with
//! `nodus: bad option: --x`.

pub mod compat_check;
pub mod compat_cmd;
pub mod options;
pub mod watch;

use options::{Kind, OPTIONS};
use std::collections::BTreeMap;

/// What the command line asked for.
#[derive(Debug, Default, Clone)]
pub struct Cli {
    /// Options by long name (`"no-warnings"` is stored as `warnings` = `false`).
    pub bools: BTreeMap<&'static str, bool>,
    /// Valued options by long name; repeatable ones keep every value.
    pub values: BTreeMap<&'static str, Vec<String>>,
    /// Flags handed to V8 as written.
    pub v8_flags: Vec<String>,
    /// The script path (`-` for stdin), if any.
    pub script: Option<String>,
    /// Arguments after the script.
    pub args: Vec<String>,
    /// The options as given, for `process.execArgv`.
    pub exec_argv: Vec<String>,
}

impl Cli {
    /// The last value of a valued option.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.values.get(name).and_then(|v| v.last()).map(String::as_str)
    }

    /// Whether a boolean option is on.
    pub fn flag(&self, name: &str) -> bool {
        self.bools.get(name).copied().unwrap_or(false)
    }
}

/// A command-line problem, reported as Node reports it.
#[derive(Debug, PartialEq, Eq)]
pub enum CliError {
    /// `nodus: bad option: --x` (exit 9).
    BadOption(String),
    /// `nodus: --eval requires an argument` (exit 9).
    MissingValue(String),
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CliError::BadOption(o) => write!(f, "nodus: bad option: {o}"),
            CliError::MissingValue(o) => write!(f, "nodus: {o} requires an argument"),
        }
    }
}

fn command() -> clap::Command {
    let mut cmd = clap::Command::new("nodus")
        .no_binary_name(true)
        .disable_help_flag(true)
        .disable_version_flag(true)
        .arg(
            clap::Arg::new("script_and_args")
                .num_args(0..)
                .trailing_var_arg(true)
                .allow_hyphen_values(false)
                .action(clap::ArgAction::Append),
        );
    for o in OPTIONS {
        let mut arg = clap::Arg::new(o.name).long(o.name);
        if let Some(s) = o.short {
            arg = arg.short(s);
        }
        arg = match o.kind {
            Kind::Bool { .. } | Kind::V8 => arg.action(clap::ArgAction::Count),
            Kind::Value | Kind::V8Value | Kind::OptValue => arg
                .action(clap::ArgAction::Append)
                .num_args(1)
                .allow_hyphen_values(true),
        };
        cmd = cmd.arg(arg);
    }
    cmd
}

/// Splits `NODE_OPTIONS` as Node does: on spaces, with double quotes grouping.
pub fn split_node_options(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let (mut quoted, mut any) = (false, false);
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' if quoted => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            '"' => {
                quoted = !quoted;
                any = true;
            }
            ' ' if !quoted => {
                if any || !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                any = false;
            }
            _ => cur.push(c),
        }
    }
    if any || !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Whether `a` gives the program text to evaluate (`-e x`, `--eval=x`, `-pe x`).
fn is_eval_option(a: &str) -> bool {
    matches!(a, "-e" | "--eval" | "-pe") || a.starts_with("--eval=")
}

/// `-p`/`--print` with no program of its own: Node makes it a flag when
/// `-e` gives the program (`-p -e x`, `-e x -p`), else the program is read
/// from stdin (`echo 1 | node -p`). Returns whether `args[i]` is such a `-p`.
fn print_is_flag(args: &[String], i: usize) -> bool {
    let next = args.get(i + 1).map(String::as_str);
    let eval_elsewhere = args.iter().take_while(|a| !(a.as_str() == "--")).any(|a| is_eval_option(a));
    match next {
        None => true,
        Some(n) if is_eval_option(n) => true,
        Some(n) => eval_elsewhere && n.starts_with('-') && n.len() > 1,
    }
}

/// Rewrites the option section so clap sees only table options: `--no-x` becomes
/// `--x` with a recorded negation, `_` spellings and V8 flags are normalised.
/// Also returns where the script starts in `args` (its length when there is none).
fn normalise(args: &[String]) -> Result<(Vec<String>, Vec<(&'static str, bool)>, Vec<String>, usize), CliError> {
    let mut out = Vec::new();
    let mut negations = Vec::new();
    let mut v8 = Vec::new();
    let mut i = 0;
    let mut script_at = args.len();
    while i < args.len() {
        let a = &args[i];
        if a == "--" {
            out.extend(args[i..].iter().cloned());
            script_at = i + 1;
            break;
        }
        if let Some(body) = a.strip_prefix("--") {
            let (name, val) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (body, None),
            };
            let Some((opt, negated)) = options::find(name) else {
                // As in Node, an option nodus does not know goes to V8, which
                // reports it back if it does not know it either (exit 9).
                v8.push(a.clone());
                i += 1;
                continue;
            };
            match opt.kind {
                Kind::V8 => v8.push(a.clone()),
                Kind::V8Value => {
                    let value = match val {
                        Some(v) => v.to_string(),
                        None => {
                            i += 1;
                            args.get(i).cloned().ok_or_else(|| CliError::MissingValue(a.clone()))?
                        }
                    };
                    v8.push(format!("--{}={value}", opt.name));
                }
                Kind::Bool { .. } => {
                    negations.push((opt.name, !negated));
                    out.push(format!("--{}", opt.name));
                }
                Kind::OptValue => {
                    out.push(format!("--{}", opt.name));
                    out.push(val.unwrap_or("").to_string());
                }
                Kind::Value if opt.name == "print" && val.is_none() && print_is_flag(args, i) => {
                    out.push("--print".into());
                    out.push(String::new());
                }
                Kind::Value => {
                    out.push(format!("--{}", opt.name));
                    match val {
                        Some(v) => out.push(v.to_string()),
                        None => {
                            i += 1;
                            out.push(args.get(i).cloned().ok_or_else(|| CliError::MissingValue(a.clone()))?);
                        }
                    }
                }
            }
        } else if a == "-pe" {
            // Node's alias for `--print --eval`.
            out.push("--print".into());
            out.push(String::new());
            i += 1;
            out.push("--eval".into());
            out.push(args.get(i).cloned().ok_or_else(|| CliError::MissingValue(a.clone()))?);
        } else if a == "-p" && print_is_flag(args, i) {
            out.push("--print".into());
            out.push(String::new());
        } else if a.starts_with('-') && a.len() > 1 {
            let c = a.chars().nth(1).unwrap();
            let opt = options::find_short(c).ok_or_else(|| CliError::BadOption(a.clone()))?;
            if a.chars().count() > 2 {
                // Node has no combined short options beyond `-pe`.
                return Err(CliError::BadOption(a.clone()));
            }
            if let Kind::Bool { .. } = opt.kind {
                negations.push((opt.name, true));
            } else if a.len() == 2 {
                // Node lets `-p` stand alone, printing the script from stdin.
                if args.get(i + 1).is_none() && opt.name != "print" {
                    return Err(CliError::MissingValue(a.clone()));
                }
            }
            out.push(a.clone());
            if a.len() == 2 && matches!(opt.kind, Kind::Value) && i + 1 < args.len() {
                i += 1;
                out.push(args[i].clone());
            }
        } else {
            // The script: it and everything after it belong to the program.
            out.extend(args[i..].iter().cloned());
            script_at = i;
            break;
        }
        i += 1;
    }
    Ok((out, negations, v8, script_at))
}

/// Parses the options part of the command line (`args` excludes the binary
/// name). `node_options` is the `NODE_OPTIONS` value, applied before `args`.
pub fn parse(args: &[String], node_options: Option<&str>) -> Result<Cli, CliError> {
    let env_args = node_options.map(split_node_options).unwrap_or_default();
    let (env_norm, env_neg, env_v8, env_script_at) = normalise(&env_args)?;
    if env_script_at < env_args.len() {
        // NODE_OPTIONS may not name a script.
        return Err(CliError::BadOption(env_args.join(" ")));
    }
    let (norm, neg, v8, script_at) = normalise(args)?;
    let mut cli = Cli { v8_flags: [env_v8, v8].concat(), ..Default::default() };

    let mut all = env_norm.clone();
    all.extend(norm.iter().cloned());
    let matches = command()
        .try_get_matches_from(&all)
        .map_err(|e| match e.kind() {
            clap::error::ErrorKind::UnknownArgument => {
                CliError::BadOption(e.get(clap::error::ContextKind::InvalidArg).map(|v| v.to_string()).unwrap_or_default())
            }
            _ => CliError::BadOption(args.first().cloned().unwrap_or_default()),
        })?;
    for o in OPTIONS {
        match o.kind {
            Kind::Value | Kind::OptValue => {
                if let Some(vals) = matches.get_many::<String>(o.name) {
                    cli.values.insert(o.name, vals.cloned().collect());
                }
            }
            Kind::Bool { .. } if matches.get_count(o.name) > 0 => {
                cli.bools.insert(o.name, true);
            }
            _ => {}
        }
    }
    for (name, on) in env_neg.into_iter().chain(neg) {
        cli.bools.insert(name, on);
    }
    if let Some(mut rest) = matches.get_many::<String>("script_and_args").map(|v| v.cloned().collect::<Vec<_>>()) {
        if rest.first().map(String::as_str) == Some("--") {
            rest.remove(0);
        }
        if !rest.is_empty() {
            cli.script = Some(rest.remove(0));
            cli.args = rest;
        }
    }
    // Options given before the script, as written, for process.execArgv.
    cli.exec_argv = args[..script_at].to_vec();
    // A `-p` flag with no `-e`: the program comes from stdin.
    if cli.value("print") == Some("") && !cli.values.contains_key("eval") {
        cli.values.remove("print");
        cli.bools.insert("print-stdin", true);
    }
    // With -e/-p there is no script: every positional is an argument.
    if cli.values.contains_key("eval") || cli.values.contains_key("print") {
        if let Some(s) = cli.script.take() {
            cli.args.insert(0, s);
        }
    }
    Ok(cli)
}

/// The first option on the command line (`args` before the script, then
/// `NODE_OPTIONS`) that the selected line's Node does not have, given the
/// line's `switches`: the type stripping flags before 22 (`type_stripping` is
/// "none") and `--experimental-transform-types` where `transform_types_flag`
/// is false (before 22.7, and from 26).
pub fn option_missing_on_line(args: &[String], node_options: Option<&str>, switches: &serde_json::Value) -> Option<String> {
    let no_stripping = switches["type_stripping"].as_str() == Some("none");
    let no_transform = switches["transform_types_flag"].as_bool() == Some(false);
    let env = node_options.map(split_node_options).unwrap_or_default();
    args.iter().take_while(|a| a.as_str() != "--").chain(env.iter()).find_map(|a| {
        let name = a.split('=').next().unwrap_or("").replace('_', "-");
        let missing = match name.as_str() {
            "--experimental-strip-types" | "--no-experimental-strip-types" => no_stripping,
            "--experimental-transform-types" => no_stripping || no_transform,
            _ => false,
        };
        missing.then(|| a.clone())
    })
}

/// Node's `--help` text, with nodus's name.
pub fn help() -> String {
    let mut s = String::from(
        "Usage: nodus [options] [ script.js ] [arguments]\n       nodus compat list|diff|check ...\n       nodus matrix [--lines 20,22,24,26] script.js [arguments]\n\nOptions:\n  -                           script read from stdin (default if no file name is provided, interactive mode if a tty)\n  --                          indicate the end of node options\n",
    );
    for o in OPTIONS.iter().filter(|o| !o.help.is_empty()) {
        let names = match o.short {
            Some(c) => format!("-{c}, --{}", o.name),
            None => format!("--{}", o.name),
        };
        let names = match o.kind {
            Kind::Value => format!("{names}=..."),
            _ => names,
        };
        s.push_str(&format!("  {names:<28}{}\n", o.help));
    }
    s.push_str("\nEnvironment variables:\nNODE_OPTIONS                set CLI options in the environment via a space-separated list\nNODUS_COMPAT                release line to behave like (same as --compat)\n\nDocumentation can be found at https://nodejs.org/\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(args: &[&str]) -> Result<Cli, CliError> {
        parse(&args.iter().map(|s| s.to_string()).collect::<Vec<_>>(), None)
    }

    #[test]
    fn script_args_are_not_options() {
        let c = p(&["--no-warnings", "a.js", "--x", "y"]).unwrap();
        assert_eq!(c.script.as_deref(), Some("a.js"));
        assert_eq!(c.args, ["--x", "y"]);
        assert_eq!(c.exec_argv, ["--no-warnings"]);
        assert!(!c.flag("warnings"));
        assert!(c.bools.contains_key("warnings"));
    }

    #[test]
    fn unknown_long_options_go_to_v8() {
        // V8 decides (see runtime::run); `--bogus` comes back from it as a bad option.
        let c = p(&["--bogus", "--noconcurrent_recompilation", "a.js"]).unwrap();
        assert_eq!(c.v8_flags, ["--bogus", "--noconcurrent_recompilation"]);
        assert_eq!(p(&["-Z", "a.js"]).unwrap_err().to_string(), "nodus: bad option: -Z");
    }

    #[test]
    fn optional_values_take_only_the_equals_form() {
        let c = p(&["--inspect", "a.js"]).unwrap();
        assert_eq!(c.script.as_deref(), Some("a.js"));
        assert_eq!(c.value("inspect"), Some(""));
        let c = p(&["--inspect=0", "a.js"]).unwrap();
        assert_eq!(c.value("inspect"), Some("0"));
    }

    #[test]
    fn eval_and_v8_flags() {
        let c = p(&["--expose-gc", "--max-old-space-size=64", "-e", "1", "x"]).unwrap();
        assert_eq!(c.value("eval"), Some("1"));
        assert_eq!(c.v8_flags, ["--expose-gc", "--max-old-space-size=64"]);
        assert_eq!(c.args, ["x"]);
        let c = p(&["--eval=2"]).unwrap();
        assert_eq!(c.value("eval"), Some("2"));
    }

    #[test]
    fn print_combinations() {
        let c = p(&["-pe", "1+1", "x"]).unwrap();
        assert_eq!((c.value("eval"), c.value("print"), c.args.as_slice()), (Some("1+1"), Some(""), &["x".to_string()][..]));
        assert_eq!(c.exec_argv, ["-pe", "1+1"]);
        let c = p(&["-p", "-e", "2"]).unwrap();
        assert_eq!((c.value("eval"), c.value("print")), (Some("2"), Some("")));
        let c = p(&["-e", "3", "-p"]).unwrap();
        assert_eq!((c.value("eval"), c.value("print")), (Some("3"), Some("")));
        let c = p(&["--print", "--eval", "4"]).unwrap();
        assert_eq!((c.value("eval"), c.value("print")), (Some("4"), Some("")));
        let c = p(&["-p", "5"]).unwrap();
        assert_eq!((c.value("eval"), c.value("print")), (None, Some("5")));
        let c = p(&["-p"]).unwrap();
        assert!(c.flag("print-stdin") && c.value("print").is_none());
        assert_eq!(p(&["-ep", "1"]).unwrap_err().to_string(), "nodus: bad option: -ep");
    }

    #[test]
    fn line_specific_options() {
        let args: Vec<String> = ["--experimental-transform-types", "a.ts"].iter().map(|s| s.to_string()).collect();
        let line26 = serde_json::json!({ "type_stripping": "stable", "transform_types_flag": false });
        let line24 = serde_json::json!({ "type_stripping": "stable", "transform_types_flag": true });
        let line20 = serde_json::json!({ "type_stripping": "none", "transform_types_flag": false });
        assert_eq!(option_missing_on_line(&args, None, &line26).as_deref(), Some("--experimental-transform-types"));
        assert_eq!(option_missing_on_line(&args, None, &line24), None);
        assert_eq!(option_missing_on_line(&[], Some("--no-experimental-strip-types"), &line20).as_deref(), Some("--no-experimental-strip-types"));
        assert_eq!(option_missing_on_line(&args[1..], None, &line20), None);
    }

    #[test]
    fn node_options_split() {
        assert_eq!(split_node_options(r#"--a "b c" d"#), ["--a", "b c", "d"]);
        let c = parse(&["a.js".to_string()], Some("--no-deprecation --stack-trace-limit=5")).unwrap();
        assert!(!c.flag("deprecation"));
        assert_eq!(c.value("stack-trace-limit"), Some("5"));
    }
}
