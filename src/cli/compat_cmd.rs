//! `nodus compat list|diff`: the release lines nodus ships and how they differ.

use nodus_compat::{diff, list, Date};

/// Runs `nodus compat <args>`; returns the exit code.
pub fn run(args: &[String]) -> i32 {
    match args.first().map(String::as_str) {
        Some("list") => {
            println!("{:<6}{:<18}{:<10}{:<14}{:<12}{:<12}{:<12}{}", "line", "version", "codename", "phase", "start", "lts", "maint.", "end");
            let fmt = |d: &Option<Date>| d.map(|d| d.to_string()).unwrap_or_else(|| "-".into());
            for row in list(Date::today()) {
                println!(
                    "{:<6}{:<18}{:<10}{:<14}{:<12}{:<12}{:<12}{}",
                    row.line,
                    row.version,
                    row.codename.clone().unwrap_or_else(|| "-".into()),
                    format!("{:?}", row.phase),
                    fmt(&row.start),
                    fmt(&row.lts),
                    fmt(&row.maintenance),
                    fmt(&row.end),
                );
            }
            0
        }
        Some("check") => super::compat_check::run(&args[1..]),
        Some("diff") => {
            let json = args.iter().any(|a| a == "--json");
            let lines: Vec<u32> = args[1..].iter().filter(|a| !a.starts_with("--")).filter_map(|a| a.parse().ok()).collect();
            let [a, b] = lines[..] else {
                eprintln!("usage: nodus compat diff <line> <line> [--json]");
                return 9;
            };
            match diff(a, b) {
                Ok(diffs) if json => {
                    println!("{}", serde_json::to_string_pretty(&diffs).unwrap());
                    0
                }
                Ok(diffs) => {
                    for d in &diffs {
                        println!("{d}");
                    }
                    println!("{} differences between {a} and {b}", diffs.len());
                    0
                }
                Err(e) => {
                    eprintln!("nodus: {e}");
                    1
                }
            }
        }
        _ => {
            eprintln!("usage: nodus compat list | nodus compat diff <a> <b> [--json]");
            9
        }
    }
}
