//! `cargo xtask <command>`: a thin clap dispatcher. Logic lives in the
//! library (`xtask::release`, `xtask::rfc`, ...) where tests can reach it.
//!
//! Adding a command: put it in its own module and add one variant and one
//! match arm below (see the `node-compat` and `bench` markers).

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use git2::Repository;
use xtask::{backport, lines, release, rfc};

// node-compat: `mod node_compat;` goes here (xtask/src/node_compat.rs).
mod node_compat;
// bench: `mod bench;` (xtask/src/bench/).
mod bench;

#[derive(Parser)]
#[command(name = "cargo xtask", about = "nodus project automation")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Plan, cut and promote releases of a line.
    #[command(subcommand)]
    Release(ReleaseCmd),
    /// Cherry-pick one commit onto a line's staging branch, under the line's rules.
    Backport {
        /// Commit (any revision git understands).
        commit: String,
        /// Target line: 22, v22 or v22.x.
        #[arg(long)]
        to: String,
        #[command(flatten)]
        repo: RepoArgs,
    },
    /// Start or check RFCs.
    #[command(subcommand)]
    Rfc(RfcCmd),
    // node-compat: `NodeCompat(node_compat::Args),` goes here.
    /// Run Node's own test/parallel files with nodus; report and check the expected-pass list.
    NodeCompat(node_compat::Args),
    // bench: `Bench(bench::Args),` goes here.
    /// Benchmark nodus against Node, Deno and Bun; writes bench/REPORT.md.
    Bench(bench::Args),
}

#[derive(clap::Args)]
struct RepoArgs {
    /// Repository to work on (default: this workspace).
    #[arg(long)]
    repo: Option<PathBuf>,
    /// Development branch.
    #[arg(long = "main", default_value = "main")]
    main_branch: String,
    /// Day of the operation, YYYY-MM-DD (default: today).
    #[arg(long)]
    date: Option<NaiveDate>,
}

#[derive(Subcommand)]
enum ReleaseCmd {
    /// Plan the next release of a line and, without --dry-run, cut it.
    Prepare {
        /// Line major, e.g. 22.
        #[arg(long)]
        line: String,
        /// Fail unless the line is in an LTS phase on the release day.
        #[arg(long)]
        lts: bool,
        /// Plan only; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print the plan as JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        repo: RepoArgs,
    },
    /// Build, checksum and mark a prepared release promoted.
    Promote {
        /// Version, e.g. 22.12.0.
        version: String,
        /// Artifact to publish (repeatable); default builds `nodus`.
        #[arg(long = "artifact")]
        artifacts: Vec<PathBuf>,
        /// Output directory (default target/release-artifacts/v<version>).
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        repo: RepoArgs,
    },
    /// Validate releases/lines.yaml and show every line's phase.
    Schedule {
        /// Day to show phases for (default: today).
        #[arg(long)]
        date: Option<NaiveDate>,
        /// Schedule file (default: releases/lines.yaml of this workspace).
        #[arg(long)]
        file: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum RfcCmd {
    /// Create rfcs/NNNN-<slug>.md from the template, as a draft.
    New {
        /// RFC title.
        title: String,
        /// Author name.
        #[arg(long, default_value = "nodus maintainers")]
        author: String,
        /// Repository root (default: this workspace).
        #[arg(long)]
        root: Option<PathBuf>,
    },
    /// Check RFC front matter and that compat data cites accepted RFCs or DEP codes.
    Check {
        /// Repository root (default: this workspace).
        #[arg(long)]
        root: Option<PathBuf>,
    },
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn open(repo: &RepoArgs) -> Result<Repository> {
    let path = repo.repo.clone().unwrap_or_else(workspace_root);
    Repository::open(&path).with_context(|| format!("{} is not a git repository; pass --repo", path.display()))
}

fn main() -> Result<()> {
    match Cli::parse().command {
        Command::Release(cmd) => run_release(cmd),
        Command::NodeCompat(args) => node_compat::run(args, &workspace_root()),
        Command::Bench(args) => bench::run(args, &workspace_root()),
        Command::Backport { commit, to, repo: args } => {
            let major = lines::parse_line_name(&to).with_context(|| format!("--to `{to}` is not a line like v22.x"))?;
            let repo = open(&args)?;
            let schedule = release::load_lines(&repo, &args.main_branch)?;
            match backport::backport(&repo, &schedule, &commit, major, args.date.unwrap_or_else(today), &args.main_branch)? {
                backport::Backported::Picked(oid) => println!("picked {commit} onto {} as {oid}", lines::staging_name(major)),
                backport::Backported::AlreadyThere(why) => println!("nothing to do: {why}"),
            }
            Ok(())
        }
        Command::Rfc(RfcCmd::New { title, author, root }) => {
            let path = rfc::new(&root.unwrap_or_else(workspace_root), &title, &author, today())?;
            println!("created {}; fill it in and open a PR (status stays draft until accepted)", path.display());
            Ok(())
        }
        Command::Rfc(RfcCmd::Check { root }) => {
            let report = rfc::check(&root.unwrap_or_else(workspace_root))?;
            for w in &report.warnings {
                eprintln!("warning: {w}");
            }
            if report.errors.is_empty() {
                println!("rfc check: {} RFCs and {} compat entries OK", report.rfcs, report.entries);
                return Ok(());
            }
            for e in &report.errors {
                eprintln!("error: {e}");
            }
            bail!("rfc check failed with {} problem(s)", report.errors.len())
        }
    }
}

fn run_release(cmd: ReleaseCmd) -> Result<()> {
    match cmd {
        ReleaseCmd::Prepare { line, lts, dry_run, json, repo: args } => {
            let major = lines::parse_line_name(&line).with_context(|| format!("--line `{line}` is not a major like 22"))?;
            let repo = open(&args)?;
            let schedule = release::load_lines(&repo, &args.main_branch)?;
            let opts = release::PrepareOptions { line: major, lts, date: args.date.unwrap_or_else(today), main_branch: args.main_branch.clone() };
            let plan = release::plan::build(&repo, &schedule, &opts)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&plan)?);
            } else {
                print_plan(&plan);
            }
            if dry_run {
                return Ok(());
            }
            match release::apply::apply(&repo, &plan)? {
                Some(a) => eprintln!("released {} as {} (commit {}); review, then `cargo xtask release promote {}`", a.version, a.tag, a.commit, a.version),
                None => eprintln!("nothing to release on v{major}.x"),
            }
            Ok(())
        }
        ReleaseCmd::Promote { version, artifacts, out, repo: args } => {
            let repo = open(&args)?;
            let root = repo.workdir().map(Path::to_path_buf).unwrap_or_else(workspace_root);
            let out = out.unwrap_or_else(|| root.join("target/release-artifacts").join(format!("v{}", version.trim_start_matches('v'))));
            let opts = release::promote::PromoteOptions { version, artifacts, out, date: args.date.unwrap_or_else(today) };
            let done = release::promote::promote(&repo, &opts)?;
            println!("{} {}", if done.changed { "promoted; checksums in" } else { "already promoted; checksums in" }, done.shasums.display());
            Ok(())
        }
        ReleaseCmd::Schedule { date, file } => {
            let file = file.unwrap_or_else(|| workspace_root().join("releases/lines.yaml"));
            let schedule = lines::ReleaseLines::load(&file)?;
            let errors = schedule.validate();
            if !errors.is_empty() {
                for e in &errors {
                    eprintln!("error: {e}");
                }
                bail!("{} is inconsistent ({} problem(s))", file.display(), errors.len());
            }
            print!("{}", release::schedule::render(&schedule, date.unwrap_or_else(today)));
            Ok(())
        }
    }
}

fn print_plan(plan: &release::Plan) {
    println!("v{}.x on {} ({}, {} mode, from {})", plan.line, plan.date, plan.phase, plan.mode, plan.source);
    println!("last release: {}", plan.last_release.as_deref().unwrap_or("none"));
    for c in &plan.commits {
        println!("  {:<7} {} {:<60} [{}] {}", format!("{:?}", c.decision).to_lowercase(), c.sha, c.summary, c.class, c.reason);
    }
    for n in &plan.class_notes {
        println!("note: {n}");
    }
    if let Some(c) = &plan.conflict {
        println!("conflict: {c}");
    }
    for b in &plan.blockers {
        println!("blocker: {b}");
    }
    match plan.title() {
        Some(t) => println!("next: {t}"),
        None => println!("next: nothing to release"),
    }
}
