//! `release prepare` on throw-away repositories: a Current line and two LTS
//! lines, with the phase rules, bake time, landed detection, records,
//! changelogs, idempotence and resuming after a conflict.

mod common;

use common::{three_lines, Fixture};
use xtask::release::record::Record;

#[test]
fn current_line_takes_everything_but_majors() {
    let f = three_lines();
    let (plan, applied) = f.prepare(26, "2026-05-10");
    insta::assert_json_snapshot!("plan_26_current", plan);
    assert_eq!(applied.unwrap().version, "26.1.0");
    assert_eq!(Fixture::decision_of(&plan, "buffer: remove Buffer() without new"), "leave");
    assert_eq!(plan.title().unwrap(), "2026-05-10, Version 26.1.0 (Current)");
    let record = Record::parse(&f.file("v26.1.0", "releases/26/26.1.0.yaml").unwrap()).unwrap();
    assert_eq!(record.commits.len(), 6);
    assert_eq!(record.notable_changes, vec!["http servers accept maxHeaderSize", "util.styleText"]);
    assert_eq!(f.file("v26.x", "releases/26/version.json").unwrap(), "{\n  \"date\": \"2026-05-10\",\n  \"lts\": false,\n  \"version\": \"v26.1.0\"\n}\n");
    let tag = f.repo.revparse_single("refs/tags/v26.1.0").unwrap();
    assert_eq!(tag.as_tag().unwrap().message().unwrap().trim(), "2026-05-10, Version 26.1.0 (Current)");
}

/// The scenario of the issue: a Current (26) and two LTS lines (24 Active,
/// 22 Maintenance), each released on the same day with its own rules.
#[test]
fn current_and_two_lts_lines() {
    let f = three_lines();
    assert_eq!(f.prepare(26, "2026-05-10").1.unwrap().version, "26.1.0");
    f.change("lib/watch.js", "fs: fix watcher leak\n\nPR-URL: https://github.com/nodus/nodus/pull/108", "2026-06-01");
    assert_eq!(f.prepare(26, "2026-06-10").1.unwrap().version, "26.1.1");

    let (plan24, applied24) = f.prepare(24, "2026-06-15");
    insta::assert_json_snapshot!("plan_24_active_lts", plan24);
    assert_eq!(applied24.unwrap().version, "24.1.0");
    assert_eq!(plan24.title().unwrap(), "2026-06-15, Version 24.1.0 'Krypton' (LTS)");
    assert_eq!(Fixture::decision_of(&plan24, "fs: fix watcher leak"), "leave", "5 days of baking is not enough");
    assert_eq!(Fixture::decision_of(&plan24, "stream: add compose"), "take");
    assert_eq!(Fixture::decision_of(&plan24, "process: remove process.binding"), "leave");

    let (plan22, applied22) = f.prepare(22, "2026-06-15");
    insta::assert_json_snapshot!("plan_22_maintenance", plan22);
    assert_eq!(applied22.unwrap().version, "22.1.0");
    for (summary, expected) in [
        ("timers: fix refresh on unref'd timers", "take"),
        ("stream: add compose", "leave"),
        ("fs: fix readFile crash on empty path", "take"),
        ("feat(http): add maxHeaderSize option", "leave"),
        ("docs: clarify fs.rm", "leave"),
        ("url: fix legacy parse of ports", "leave"),
        ("feat: add util.styleText", "take"),
        ("http: reject invalid header values", "take"),
        ("fs: fix watcher leak", "leave"),
    ] {
        assert_eq!(Fixture::decision_of(&plan22, summary), expected, "{summary}");
    }
    insta::assert_snapshot!("changelog_22", f.file("v22.x", "releases/22/CHANGELOG.md").unwrap());
    insta::assert_snapshot!("changelog_index_22", f.file("v22.x", "CHANGELOG.md").unwrap());
    assert!(f.file("v22.1.0", "releases/22/version.json").unwrap().contains("\"lts\": \"Jod\""));

    // Two weeks later the watcher fix has baked and lands on 24 as a patch.
    let (later, applied) = f.prepare(24, "2026-06-25");
    assert_eq!(applied.unwrap().version, "24.1.1");
    assert_eq!(Fixture::decision_of(&later, "fs: fix watcher leak"), "take");
    assert_eq!(Fixture::decision_of(&later, "stream: add compose"), "landed");
}

#[test]
fn preparing_twice_changes_nothing() {
    let f = three_lines();
    f.prepare(26, "2026-05-10");
    f.prepare(24, "2026-06-15");
    let before = f.refs();
    for (line, date) in [(26, "2026-05-10"), (24, "2026-06-15"), (26, "2026-05-11")] {
        let (plan, applied) = f.prepare(line, date);
        assert!(applied.is_none(), "{line} released again: {:?}", plan.next_version);
        assert!(plan.commits.iter().all(|c| c.decision != xtask::release::rules::Decision::Take));
    }
    assert_eq!(f.refs(), before);
}

#[test]
fn dry_run_writes_no_refs() {
    let f = three_lines();
    let before = f.refs();
    let plan = f.plan(26, "2026-05-10");
    assert_eq!(plan.next_version.as_deref(), Some("26.1.0"));
    assert_eq!(f.refs(), before);
}

#[test]
fn landed_detection_by_patch_id_pr_url_and_cherry_pick() {
    let f = three_lines();
    f.prepare(26, "2026-05-10");
    // Hand backports on 22's staging branch: one with the same diff but a new
    // message (patch-id), one re-done with the same PR-URL (different diff).
    let fixed = f.file("main", "lib/fs.js").unwrap();
    f.commit_files("v22.x-staging", &[("lib/fs.js", &fixed)], "fs: backport empty-path fix", "2026-05-20");
    f.commit_files("v22.x-staging", &[("lib/http2.js", "reworked for 22\n")], "http: reject invalid header values (22.x)\n\nPR-URL: https://github.com/nodus/nodus/pull/107", "2026-05-21");
    let plan = f.plan(22, "2026-06-15");
    let reason = |s: &str| plan.commits.iter().find(|c| c.summary == s).unwrap().reason.clone();
    assert!(reason("fs: fix readFile crash on empty path").contains("(patch-id)"), "{}", reason("fs: fix readFile crash on empty path"));
    assert!(reason("http: reject invalid header values").contains("(PR-URL)"));
    assert_eq!(Fixture::decision_of(&plan, "fs: backport empty-path fix"), "staged");

    // `backport` records the source commit, so the plan sees it as landed.
    let lines = xtask::release::load_lines(&f.repo, "main").unwrap();
    let done = xtask::backport::backport(&f.repo, &lines, "main^", 22, common::day("2026-06-01"), "main").unwrap();
    assert!(matches!(done, xtask::backport::Backported::Picked(_)));
    let again = xtask::backport::backport(&f.repo, &lines, "main^", 22, common::day("2026-06-01"), "main").unwrap();
    assert!(matches!(again, xtask::backport::Backported::AlreadyThere(_)), "{again:?}");
    let plan = f.plan(22, "2026-06-15");
    assert!(plan.commits.iter().any(|c| c.summary == "feat: add util.styleText" && c.reason.contains("commit id")));
}

#[test]
fn backport_refuses_majors_and_dont_land_on() {
    let f = three_lines();
    let lines = xtask::release::load_lines(&f.repo, "main").unwrap();
    let d = common::day("2026-06-01");
    let major = xtask::backport::backport(&f.repo, &lines, "main~4", 24, d, "main").unwrap_err();
    assert!(format!("{major}").contains("semver-major"), "{major}");
    let dont = xtask::backport::backport(&f.repo, &lines, "main~2", 22, d, "main").unwrap_err();
    assert!(format!("{dont}").contains("Dont-Land-On"), "{dont}");
}

#[test]
fn resumes_after_a_conflict() {
    let f = three_lines();
    f.prepare(26, "2026-05-10");
    // 26.x diverges on one file, then main changes it too.
    f.commit_files("v26.x-staging", &[("lib/net.js", "26.x only\n")], "net: 26.x-only tweak", "2026-05-12");
    f.change("lib/one.js", "fs: first fix", "2026-05-13");
    f.commit_files("main", &[("lib/net.js", "main version\n")], "net: fix keepalive\n\nPR-URL: https://github.com/nodus/nodus/pull/200", "2026-05-14");
    f.change("lib/three.js", "fs: third fix", "2026-05-15");
    let plan = f.plan(26, "2026-05-20");
    assert!(plan.conflict.as_deref().unwrap_or("").contains("lib/net.js"), "{:?}", plan.conflict);

    let err = f.prepare_err(26, "2026-05-20");
    assert!(err.contains("git cherry-pick -x"), "{err}");
    assert!(f.repo.revparse_single("refs/tags/v26.1.1").is_err());
    // The clean pick before the conflict stayed on staging.
    let tip = f.repo.revparse_single("v26.x-staging").unwrap().peel_to_commit().unwrap();
    assert!(tip.message().unwrap().starts_with("fs: first fix"));

    // Resolve by hand the way the error says, then run the same command.
    let conflicted = f.repo.revparse_single("main~1").unwrap().id();
    f.commit_files("v26.x-staging", &[("lib/net.js", "merged\n")], &format!("net: fix keepalive\n\nPR-URL: https://github.com/nodus/nodus/pull/200\n(cherry picked from commit {conflicted})"), "2026-05-20");
    let (plan, applied) = f.prepare(26, "2026-05-20");
    assert_eq!(applied.unwrap().version, "26.1.1");
    assert_eq!(Fixture::decision_of(&plan, "fs: third fix"), "take");
    assert!(plan.commits.iter().any(|c| c.summary == "fs: first fix" && c.reason.contains("commit id")));
    let record = Record::parse(&f.file("v26.1.1", "releases/26/26.1.1.yaml").unwrap()).unwrap();
    let shipped: Vec<&str> = record.commits.iter().map(|c| c.summary.as_str()).collect();
    assert_eq!(shipped, ["net: 26.x-only tweak", "fs: first fix", "net: fix keepalive", "fs: third fix"]);
}

#[test]
fn phases_refuse_what_they_must() {
    let f = three_lines();
    assert!(f.prepare_err(22, "2027-05-01").contains("end-of-life"));
    assert!(f.prepare_err(27, "2026-09-01").contains("has not started"));
    let lines = xtask::release::load_lines(&f.repo, "main").unwrap();
    let mut opts = Fixture::opts(26, "2026-05-10");
    opts.lts = true;
    let err = xtask::release::plan::build(&f.repo, &lines, &opts).unwrap_err();
    assert!(format!("{err}").contains("drop --lts"), "{err}");
}

#[test]
fn alpha_releases_cut_from_main() {
    let f = three_lines();
    let (plan, applied) = f.prepare(27, "2026-10-21");
    assert_eq!(plan.mode, "branch-cut");
    assert_eq!(applied.unwrap().version, "27.0.0-alpha.1");
    f.change("lib/next.js", "lib: remove legacy API\n\nSemver: major", "2026-11-01");
    let (plan, applied) = f.prepare(27, "2026-11-03");
    assert_eq!(applied.unwrap().version, "27.0.0-alpha.2");
    assert_eq!(Fixture::decision_of(&plan, "lib: remove legacy API"), "take");
    assert_eq!(plan.title().unwrap(), "2026-11-03, Version 27.0.0-alpha.2 (Alpha)");
    assert!(f.prepare(27, "2026-11-04").1.is_none(), "no new commits, no new alpha");
    assert_eq!(f.prepare(27, "2027-04-20").1.unwrap().version, "27.0.0");
}

#[test]
fn api_surface_forces_the_class() {
    let f = Fixture::new();
    let snap = "tests/snapshots/api_surface__line_26.snap";
    let surface = |body: &str| format!("---\nsource: tests/api_surface.rs\nexpression: surface\n---\nglobals: Buffer\n{body}");
    f.commit_files("main", &[(snap, &surface("module fs: readFile function\n"))], "test: api surface", "2026-04-01");
    assert_eq!(f.prepare(26, "2026-04-22").1.unwrap().version, "26.0.0");
    // Commit messages claim a patch; the surface gained an export.
    f.commit_files("main", &[(snap, &surface("module fs: readFile function\nmodule fs: rm function\n"))], "fs: expose rm\n\nSemver: patch", "2026-05-02");
    let plan = f.plan(26, "2026-05-10");
    assert_eq!(plan.api_surface.as_ref().expect("compared").added, vec!["module fs: rm"]);
    assert_eq!(plan.next_version.as_deref(), Some("26.1.0"));
    assert_eq!(f.prepare(26, "2026-05-10").1.unwrap().version, "26.1.0");
    // Removing an export is major: a released line refuses it.
    f.commit_files("main", &[(snap, &surface("module fs: rm function\n"))], "fs: tidy exports\n\nSemver: patch", "2026-05-12");
    let plan = f.plan(26, "2026-05-20");
    assert_eq!(plan.api_surface.as_ref().unwrap().removed, vec!["module fs: readFile"]);
    assert!(plan.blockers.iter().any(|b| b.contains("semver-major")), "{:?}", plan.blockers);
    assert!(f.prepare_err(26, "2026-05-20").contains("blockers"));
}

#[test]
fn promote_checksums_and_marks_the_record() {
    use xtask::release::promote::{promote, PromoteOptions};
    let f = three_lines();
    f.prepare(26, "2026-05-10");
    let artifact = f.dir.path().join("nodus-v26.1.0-linux-x64.tar.xz");
    std::fs::write(&artifact, b"binary").unwrap();
    let out = tempfile::tempdir().unwrap();
    let opts = PromoteOptions { version: "v26.1.0".into(), artifacts: vec![artifact], out: out.path().into(), date: common::day("2026-05-11") };
    let done = promote(&f.repo, &opts).unwrap();
    assert!(done.changed);
    let sums = std::fs::read_to_string(out.path().join("SHASUMS256.txt")).unwrap();
    // sha256("binary")
    assert_eq!(sums, "9a3a45d01531a20e89ac6ae10b0b0beb0492acd7216a368aa062d1a5fecaf9cd  nodus-v26.1.0-linux-x64.tar.xz\n");
    let record = Record::parse(&f.file("v26.x", "releases/26/26.1.0.yaml").unwrap()).unwrap();
    assert!(record.promoted);
    assert_eq!(record.promoted_on, Some(common::day("2026-05-11")));
    assert_eq!(record.sha256.len(), 1);
    // Promoting again changes nothing; the staging branch followed the line.
    let refs = f.refs();
    assert!(!promote(&f.repo, &opts).unwrap().changed);
    assert_eq!(f.refs(), refs);
    assert_eq!(f.repo.revparse_single("v26.x").unwrap().id(), f.repo.revparse_single("v26.x-staging").unwrap().id());
    // The next release builds on the promoted line without re-taking anything.
    assert!(f.prepare(26, "2026-05-12").1.is_none());

    let missing = PromoteOptions { version: "26.9.0".into(), ..opts.clone() };
    assert!(format!("{:#}", promote(&f.repo, &missing).unwrap_err()).contains("no tag v26.9.0"));
    let head = f.repo.head().unwrap().peel_to_commit().unwrap();
    f.repo.tag_lightweight("v26.9.0", head.as_object(), false).unwrap();
    assert!(format!("{:#}", promote(&f.repo, &missing).unwrap_err()).contains("lightweight"));
}
