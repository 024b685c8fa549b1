//! The API surface of every shipped release line, pinned with insta: the sorted
//! own global names and, for every public built-in module, each export's name
//! and `typeof`. A change to any line's surface is a reviewed snapshot diff
//! (`tests/snapshots/api_surface__line_<N>.snap`, read by the release tooling).
//!
//! Snapshot lines: `globals: a b c`, then `module <name>: <export> <typeof>` per
//! export (`default` is `module.exports` itself), or `module <name>: !load <code>`
//! when the module exists on the line but cannot be loaded yet.

use std::process::Command;

/// Prints the surface of the running line (run as a file, so no `-e` helpers leak in).
const SURFACE_JS: &str = r#"'use strict';
const out = [];
out.push('globals: ' + Object.getOwnPropertyNames(globalThis).sort().join(' '));
let Module;
try { Module = require('module'); } catch { Module = require('internal/modules/cjs/loader').Module; }
const ids = [...new Set(Module.builtinModules.map((id) => id.replace(/^node:/, '')))]
  .filter((id) => !id.startsWith('internal/'))
  .sort();
for (const id of ids) {
  let exports;
  if (!Module.isBuiltin(id) && !Module.isBuiltin('node:' + id)) continue;
  try {
    exports = require('node:' + id);
  } catch (e) {
    out.push(`module ${id}: !load ${e && e.code || (e && e.name) || typeof e}`);
    continue;
  }
  out.push(`module ${id}: default ${typeof exports}`);
  if (exports === null || (typeof exports !== 'object' && typeof exports !== 'function')) continue;
  for (const key of Object.keys(exports).sort()) {
    let t;
    try { t = typeof exports[key]; } catch { t = 'throws'; }
    out.push(`module ${id}: ${key} ${t}`);
  }
}
process.stdout.write(out.join('\n') + '\n');
"#;

fn surface(line: u32) -> String {
    // Unique per call: the tests of this file run in parallel in one process.
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("nodus-api-surface-{}-{line}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("surface.js");
    std::fs::write(&script, SURFACE_JS).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_nodus"))
        .args(["--compat", &line.to_string(), "--expose-internals", "--no-deprecation", "--no-warnings"])
        .arg(&script)
        .current_dir(&dir)
        .env_remove("NODE_OPTIONS")
        .env_remove("NODUS_COMPAT")
        .output()
        .expect("failed to run nodus");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "line {line}: surface script failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn api_surface_per_line() {
    for line in nodus_compat::SHIPPED_LINES {
        let text = surface(line);
        assert!(text.starts_with("globals: "), "line {line}: {text}");
        insta::assert_snapshot!(format!("line_{line}"), text);
    }
}

/// The surfaces follow the compat data: what a line lacks is absent from it.
#[test]
fn surface_follows_profile() {
    for line in nodus_compat::SHIPPED_LINES {
        let profile = nodus_compat::Profile::for_line(line).unwrap();
        let text = surface(line);
        let globals: Vec<&str> = text.lines().next().unwrap()["globals: ".len()..].split(' ').collect();
        for name in &profile.absent_globals {
            assert!(!globals.contains(&name.as_str()), "line {line} has global {name} its profile lacks");
        }
        for module in &profile.absent_modules {
            let id = module.trim_start_matches("node:");
            assert!(!text.contains(&format!("module {id}: ")), "line {line} has module {module} its profile lacks");
        }
        for api in &profile.absent_apis {
            if let Some((module, rest)) = api.split_once('.') {
                assert!(
                    !text.contains(&format!("module {module}: {rest} ")),
                    "line {line} exports {api} its profile lacks"
                );
            }
        }
    }
}
