//! `nodus`: a Node.js-compatible JavaScript runtime on V8 and tokio.

mod cli;
#[path = "cli/matrix.rs"]
mod matrix;
mod ext;
mod loader;
mod runtime;

use std::io::IsTerminal;

/// The version of nodus itself (the presented Node version comes from the profile).
const NODUS_VERSION: &str = env!("CARGO_PKG_VERSION");

fn json_str(s: &str) -> String {
    deno_core::serde_json::to_string(s).unwrap()
}

fn main() {
    runtime::mark("main");
    let argv: Vec<String> = std::env::args_os().map(|a| a.to_string_lossy().into_owned()).collect();
    if argv.get(1).map(String::as_str) == Some("compat") {
        std::process::exit(cli::compat_cmd::run(&argv[2..]));
    }
    if argv.get(1).map(String::as_str) == Some("matrix") {
        std::process::exit(matrix::run(&argv[2..]));
    }
    let node_options = std::env::var("NODE_OPTIONS").ok();
    let parsed = match cli::parse(&argv[1..], node_options.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(9);
        }
    };
    if parsed.flag("help") {
        print!("{}", cli::help());
        return;
    }
    let profile = match nodus_profile_json(&parsed) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(9);
        }
    };
    let profile_value = deno_core::serde_json::from_str::<deno_core::serde_json::Value>(&profile).unwrap_or_default();
    let switches = profile_value["switches"].clone();
    if let Some(o) = cli::option_missing_on_line(&argv[1..1 + parsed.exec_argv.len()], node_options.as_deref(), &switches) {
        eprintln!("{}", cli::CliError::BadOption(o));
        std::process::exit(9);
    }
    // The permission model's options as each line's Node has them.
    let mut given = argv[1..1 + parsed.exec_argv.len()].to_vec();
    given.extend(node_options.as_deref().map(cli::split_node_options).unwrap_or_default());
    let model_flag = switches["permission_model_flag"].as_str().unwrap_or("none");
    if let Some(o) = ext::permission::option_missing_on_line(&given, profile_value["version"].as_str().unwrap_or(""), model_flag) {
        eprintln!("{}", cli::CliError::BadOption(o));
        std::process::exit(9);
    }
    if parsed.flag("version") {
        let v: deno_core::serde_json::Value = deno_core::serde_json::from_str(&profile).unwrap();
        println!("{}", v["version"].as_str().unwrap_or("v0.0.0"));
        return;
    }
    if parsed.flag("v8-options") {
        v8_options();
        return;
    }
    if (parsed.flag("watch") || parsed.value("watch-path").is_some()) && !parsed.flag("test") {
        std::process::exit(cli::watch::run(&parsed, &argv[1..], parsed.exec_argv.len(), &profile));
    }

    let exec_path = std::env::current_exe().map(|p| p.to_string_lossy().into_owned()).unwrap_or_else(|_| argv[0].clone());
    // With no script, no -e/-p and a non-TTY stdin, the program is read from stdin.
    let named_stdin = parsed.script.as_deref() == Some("-");
    let mut script = parsed.script.clone();
    if script.is_none() && parsed.value("eval").is_none() && parsed.value("print").is_none() && !parsed.flag("test") {
        if std::io::stdin().is_terminal() && !parsed.flag("interactive") {
            eprintln!("nodus: the REPL is not implemented yet (ERR_NOT_IMPLEMENTED); pass a script, -e or pipe one on stdin");
            std::process::exit(9);
        }
        script = Some("-".into());
    }

    let mut bools = String::from("{");
    for (k, v) in &parsed.bools {
        bools.push_str(&format!("{}:{v},", json_str(k)));
    }
    bools.push('}');
    let mut values = String::from("{");
    for (k, v) in &parsed.values {
        values.push_str(&format!("{}:{},", json_str(k), deno_core::serde_json::to_string(v).unwrap()));
    }
    values.push('}');
    let options_json = format!(
        "{{execPath:{},argv0:{},script:{},args:{},execArgv:{},bools:{bools},values:{values},profile:{profile},nodusVersion:{},namedStdin:{named_stdin}}}",
        json_str(&exec_path),
        json_str(&argv[0]),
        script.as_deref().map(json_str).unwrap_or_else(|| "null".into()),
        deno_core::serde_json::to_string(&parsed.args).unwrap(),
        deno_core::serde_json::to_string(&parsed.exec_argv).unwrap(),
        json_str(NODUS_VERSION),
    );
    let mut v8_flags = parsed.v8_flags.clone();
    if let Some(limit) = parsed.value("stack-trace-limit") {
        v8_flags.push(format!("--stack-trace-limit={limit}"));
    }
    let code = runtime::run(runtime::Launch { options_json, v8_flags });
    std::process::exit(code);
}

/// The selected release line's profile as JSON: `--compat`, `NODUS_COMPAT`,
/// `package.json` engines, `.nvmrc`, else the newest LTS (see `nodus_compat::select`).
fn nodus_profile_json(cli: &cli::Cli) -> Result<String, nodus_compat::CompatError> {
    let env = std::env::var("NODUS_COMPAT").ok().filter(|s| !s.is_empty());
    let cwd = std::env::current_dir().unwrap_or_else(|_| ".".into());
    let selection = nodus_compat::select(cli.value("compat"), env.as_deref(), &cwd)?;
    Ok(selection.profile().to_json())
}

fn v8_options() {
    let _ = deno_core::v8::V8::set_flags_from_command_line(vec!["nodus".into(), "--help".into()]);
}
