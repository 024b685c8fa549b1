//! Throw-away git repositories for the release tests. Every object gets a
//! fixed time, so commit ids (and so snapshots) are the same on every run.

#![allow(dead_code)]

use chrono::NaiveDate;
use git2::{Oid, Repository, RepositoryInitOptions, Signature};
use tempfile::TempDir;
use xtask::gitx;
use xtask::release::{self, Applied, Plan, PrepareOptions};

/// The schedule the tests run against: Node's real dates for 22, 24, 26.
pub const LINES: &str = "\
bake_days: 14
lines:
  - {major: 22, codename: Jod, start: 2024-04-24, lts: 2024-10-29, maintenance: 2025-10-21, end: 2027-04-30}
  - {major: 24, codename: Krypton, start: 2025-05-06, lts: 2025-10-28, maintenance: 2026-10-20, end: 2028-04-30}
  - {major: 26, codename: Lithium, start: 2026-04-22, lts: 2026-10-28, maintenance: 2027-10-20, end: 2029-04-30}
  - {major: 27, alpha: 2026-10-20, start: 2027-04-20, lts: 2027-10-26, maintenance: 2028-10-17, end: 2030-04-30}
";

pub fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub struct Fixture {
    pub dir: TempDir,
    pub repo: Repository,
}

impl Fixture {
    /// A repository whose `main` holds the schedule and one source file.
    pub fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let mut opts = RepositoryInitOptions::new();
        opts.initial_head("main");
        let repo = Repository::init_opts(dir.path(), &opts).unwrap();
        let mut cfg = repo.config().unwrap();
        cfg.set_str("user.name", "Release Tester").unwrap();
        cfg.set_str("user.email", "tester@nodus.invalid").unwrap();
        let f = Fixture { dir, repo };
        f.commit_files("main", &[("releases/lines.yaml", LINES), ("lib/fs.js", "fs\n")], "build: initial layout", "2024-01-10");
        f
    }

    /// Commits `files` on `branch` (creating it from main when missing) at noon of `date`.
    pub fn commit_files(&self, branch: &str, files: &[(&str, &str)], message: &str, date: &str) -> Oid {
        let sig = Signature::new("Dev Eloper", "dev@nodus.invalid", &gitx::noon(day(date))).unwrap();
        let parent = gitx::branch_tip(&self.repo, branch).or_else(|| gitx::branch_tip(&self.repo, "main"));
        let parent = parent.map(|p| self.repo.find_commit(p).unwrap());
        let base = match &parent {
            Some(p) => p.tree().unwrap(),
            None => {
                let empty = self.repo.treebuilder(None).unwrap().write().unwrap();
                self.repo.find_tree(empty).unwrap()
            }
        };
        let owned: Vec<(String, String)> = files.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect();
        let tree = self.repo.find_tree(gitx::write_files(&self.repo, &base, &owned).unwrap()).unwrap();
        let parents: Vec<&git2::Commit> = parent.iter().collect();
        let oid = self.repo.commit(None, &sig, &sig, message, &tree, &parents).unwrap();
        gitx::set_branch(&self.repo, branch, oid, message).unwrap();
        oid
    }

    /// One commit on main touching its own file, so commits never conflict.
    pub fn change(&self, file: &str, message: &str, date: &str) -> Oid {
        self.commit_files("main", &[(file, &format!("{message}\n"))], message, date)
    }

    pub fn opts(line: u64, date: &str) -> PrepareOptions {
        PrepareOptions { line, lts: false, date: day(date), main_branch: "main".into() }
    }

    pub fn plan(&self, line: u64, date: &str) -> Plan {
        let lines = release::load_lines(&self.repo, "main").unwrap();
        release::plan::build(&self.repo, &lines, &Self::opts(line, date)).unwrap()
    }

    pub fn prepare(&self, line: u64, date: &str) -> (Plan, Option<Applied>) {
        let lines = release::load_lines(&self.repo, "main").unwrap();
        release::prepare(&self.repo, &lines, &Self::opts(line, date), false).unwrap()
    }

    pub fn prepare_err(&self, line: u64, date: &str) -> String {
        let lines = release::load_lines(&self.repo, "main").unwrap();
        format!("{:#}", release::prepare(&self.repo, &lines, &Self::opts(line, date), false).unwrap_err())
    }

    /// A file as of a revision.
    pub fn file(&self, rev: &str, path: &str) -> Option<String> {
        let tree = self.repo.revparse_single(rev).unwrap().peel_to_commit().unwrap().tree().unwrap();
        gitx::read_file(&self.repo, &tree, path)
    }

    /// All refs and what they point at, to prove a run changed nothing.
    pub fn refs(&self) -> Vec<(String, Oid)> {
        let mut v: Vec<(String, Oid)> = self
            .repo
            .references()
            .unwrap()
            .flatten()
            .filter_map(|r| Some((r.name()?.to_string(), r.target()?)))
            .collect();
        v.sort();
        v
    }

    /// Decision and reason per commit summary.
    pub fn decisions(plan: &Plan) -> Vec<(String, String, String)> {
        plan.commits.iter().map(|c| (c.summary.clone(), format!("{:?}", c.decision).to_lowercase(), c.reason.clone())).collect()
    }

    pub fn decision_of(plan: &Plan, summary: &str) -> String {
        let c = plan.commits.iter().find(|c| c.summary == summary).unwrap_or_else(|| panic!("{summary} not in plan: {:#?}", Self::decisions(plan)));
        format!("{:?}", c.decision).to_lowercase()
    }
}

/// The three-line history the scenario tests share: 22, 24 and 26 cut from
/// main at their real start dates, then work on main after the 26 cut.
pub fn three_lines() -> Fixture {
    let f = Fixture::new();
    f.change("lib/a.js", "fs: add readFile\n\nSemver: minor\nPR-URL: https://github.com/nodus/nodus/pull/1", "2024-03-01");
    assert_eq!(f.prepare(22, "2024-04-24").1.unwrap().version, "22.0.0");
    f.change("lib/r.js", "timers: fix refresh on unref'd timers\n\nPR-URL: https://github.com/nodus/nodus/pull/2", "2025-01-15");
    assert_eq!(f.prepare(24, "2025-05-06").1.unwrap().version, "24.0.0");
    f.change("lib/p.js", "stream: add compose\n\nSemver: minor\nPR-URL: https://github.com/nodus/nodus/pull/3", "2026-03-01");
    f.change("lib/q.js", "process: remove process.binding\n\nSemver: major\nPR-URL: https://github.com/nodus/nodus/pull/4", "2026-03-02");
    assert_eq!(f.prepare(26, "2026-04-22").1.unwrap().version, "26.0.0");
    f.change("lib/fs.js", "fs: fix readFile crash on empty path\n\nSemver: patch\nPR-URL: https://github.com/nodus/nodus/pull/101", "2026-04-25");
    f.change("lib/http.js", "feat(http): add maxHeaderSize option\n\nNotable-Change: http servers accept maxHeaderSize\nPR-URL: https://github.com/nodus/nodus/pull/102", "2026-04-26");
    f.change("lib/buffer.js", "buffer: remove Buffer() without new\n\nSemver: major\nNotable-Change: Buffer() without new throws\nPR-URL: https://github.com/nodus/nodus/pull/103", "2026-04-27");
    f.change("doc/fs.md", "docs: clarify fs.rm\n\nPR-URL: https://github.com/nodus/nodus/pull/104", "2026-04-28");
    f.change("lib/url.js", "url: fix legacy parse of ports\n\nDont-Land-On: v22.x\nPR-URL: https://github.com/nodus/nodus/pull/105", "2026-04-29");
    f.change("lib/util.js", "feat: add util.styleText\n\nBackport-To: v22.x\nNotable-Change: util.styleText\nPR-URL: https://github.com/nodus/nodus/pull/106", "2026-04-30");
    f.change("lib/http2.js", "http: reject invalid header values\n\nSecurity: CVE-2026-1234\nPR-URL: https://github.com/nodus/nodus/pull/107", "2026-05-01");
    f
}
