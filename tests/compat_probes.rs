//! Probe scripts, one per difference between release lines
//! (`tests/compat_probes/<name>.js`, each naming the `compat diff` entries it
//! exercises in `// covers: <kind> <subject>` lines), run under every shipped
//! line; the outputs are pinned with insta (`compat_probes__<name>.snap`).
//! `tests/compat_real_node.rs` checks the same probes against real Node.

#[path = "compat_probes/harness.rs"]
mod harness;

use harness::{covers, probes, run_probe, ProbeRun};
use std::collections::BTreeSet;
use std::path::Path;

fn render(runs: &[(u32, ProbeRun)]) -> String {
    let mut text = String::new();
    for (line, run) in runs {
        let status = run.status.map(|c| c.to_string()).unwrap_or_else(|| "signal".into());
        text.push_str(&format!("== line {line} (exit {status})\n{}", run.stdout));
        if !run.stderr.is_empty() {
            text.push_str("-- stderr\n");
            text.push_str(&run.stderr);
        }
    }
    text
}

#[test]
fn probes_under_every_line() {
    let nodus = Path::new(env!("CARGO_BIN_EXE_nodus"));
    let probes = probes();
    assert!(probes.len() >= 40, "only {} probes", probes.len());
    // Runs in parallel, snapshots in order.
    let results: Vec<(String, String)> = std::thread::scope(|s| {
        let handles: Vec<_> = probes
            .chunks(probes.len().div_ceil(8))
            .map(|chunk| {
                s.spawn(move || {
                    chunk
                        .iter()
                        .map(|(name, path)| {
                            let runs: Vec<(u32, ProbeRun)> = nodus_compat::SHIPPED_LINES
                                .iter()
                                .map(|&line| (line, run_probe(nodus, &["--compat", &line.to_string()], path)))
                                .collect();
                            (name.clone(), render(&runs))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    for (name, text) in results {
        insta::assert_snapshot!(name, text);
    }
}

/// Every difference `nodus compat diff 20 26` lists is exercised by a probe.
#[test]
fn every_difference_between_20_and_26_has_a_probe() {
    let covered: BTreeSet<String> = probes().iter().flat_map(|(_, p)| covers(p)).collect();
    let diffs = nodus_compat::diff(20, 26).unwrap();
    assert!(diffs.len() >= 40, "only {} differences", diffs.len());
    let kind = |d: &nodus_compat::Difference| serde_json::to_value(d.kind).unwrap().as_str().unwrap().to_string();
    let missing: Vec<String> = diffs
        .iter()
        .map(|d| format!("{} {}", kind(d), d.subject))
        .filter(|k| !covered.contains(k))
        .collect();
    assert!(missing.is_empty(), "differences without a probe:\n{}", missing.join("\n"));
}
