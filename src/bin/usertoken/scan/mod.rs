//! `usertoken scan`: the tokens in standard input, files and directory
//! trees, reported as JSON lines, text or SARIF, with an exit status that a
//! CI policy chooses and a baseline of known tokens.

mod baseline;
mod order;
mod report;
mod sarif;
mod walk;

use std::num::NonZeroUsize;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use usertoken::{Environment, Finding};

use crate::output::{Failure, Outcome};
use crate::JudgeArgs;

use self::baseline::Baseline;
use self::report::{Format, Totals};

#[derive(Args)]
pub struct ScanArgs {
    /// Files and directories to scan, in order; the current directory when
    /// none is given; `-` for standard input. Directories are walked in
    /// full, as a secret search must: hidden and ignored files too, links
    /// to files followed, binary files read as bytes (only `.git/` is left
    /// out: it holds the history, compressed).
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// How to report each token: `jsonl` (one JSON object a line), `text`
    /// (path:line:column and who the token is for) or `sarif` (SARIF 2.1.0,
    /// for code-scanning dashboards).
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    format: Format,
    /// Print totals instead of each token: per environment, live and
    /// expired, per file (as JSON with `--format jsonl`).
    #[arg(long)]
    summary: bool,
    /// Exit 1 when a token of this sort is found: `none`, `any` (the
    /// default), `live` (not known to have expired), `production` or
    /// `live-production`.
    #[arg(long, value_enum, value_name = "POLICY")]
    fail_on: Option<FailOn>,
    /// Known tokens not to report: a file of fingerprints, each with a note
    /// (as `--write-baseline` writes it); repeatable.
    #[arg(long, value_name = "FILE")]
    baseline: Vec<PathBuf>,
    /// Write the tokens found (and those of `--baseline`) to FILE as a
    /// baseline, each with a note saying where it was first seen; the
    /// findings are still reported, and none fails the run.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Scan files on N threads (default: one per core). The output is the
    /// same whatever N: by path, then offset.
    #[arg(short = 'j', long = "threads", value_name = "N")]
    threads: Option<NonZeroUsize>,
    /// Walk as ripgrep does, for a code search rather than a secret
    /// search: honour `.gitignore`, `.ignore` and git's exclude files, and
    /// pass over hidden files and directories.
    #[arg(long)]
    respect_ignore: bool,
    /// Follow symbolic links to directories too (links to files always
    /// are; a loop is named as an error).
    #[arg(short = 'L', long)]
    follow: bool,
    /// Pass over files found by walking whose first 8 KiB hold a NUL byte
    /// (and are not UTF-16 text), as ripgrep does; counted at the end.
    #[arg(long)]
    skip_binary: bool,
    #[command(flatten)]
    judge: JudgeArgs,
}

/// Which findings make the run fail (exit 1).
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Never: report only.
    None,
    /// Every token not in the baseline.
    Any,
    /// A token not known to have expired (no `exp`, or `exp` after
    /// `--now`).
    Live,
    /// A production token, live or expired.
    Production,
    /// A production token not known to have expired.
    LiveProduction,
}

impl FailOn {
    pub fn matches(self, finding: &Finding) -> bool {
        let production = finding.environment() == Some(Environment::Production);
        match self {
            FailOn::None => false,
            FailOn::Any => true,
            FailOn::Live => is_live(finding),
            FailOn::Production => production,
            FailOn::LiveProduction => production && is_live(finding),
        }
    }
}

/// Not known to have expired: a token without `exp`, or one whose `exp`
/// is after the instant judged at, or one whose expiry cannot be read.
pub fn is_live(finding: &Finding) -> bool {
    finding.is_expired() != Some(true)
}

/// What every worker needs to judge and report a file.
pub struct Plan {
    pub inspector: usertoken::Inspector,
    pub now: chrono::DateTime<chrono::Utc>,
    pub format: Format,
    pub summary: bool,
    pub fail_on: FailOn,
    pub baseline: Baseline,
    pub collect: bool,
    pub skip_binary: bool,
}

pub fn run(args: &ScanArgs) -> Result<Outcome, Failure> {
    let mut baseline = Baseline::default();
    for path in &args.baseline {
        baseline.read(path).map_err(Failure::Usage)?;
    }
    if args.summary && args.format == Format::Sarif {
        return Err(Failure::Usage(
            "--summary has no SARIF form: use --format jsonl or text".to_owned(),
        ));
    }
    let fail_on = args.fail_on.unwrap_or(FailOn::Any);
    let plan = Plan {
        inspector: args.judge.inspector(),
        now: args.judge.now(),
        format: args.format,
        summary: args.summary,
        fail_on,
        baseline,
        collect: args.write_baseline.is_some(),
        skip_binary: args.skip_binary,
    };
    let walk = walk::Options {
        respect_ignore: args.respect_ignore,
        follow: args.follow,
    };
    let threads = args
        .threads
        .or_else(|| std::thread::available_parallelism().ok())
        .map_or(1, NonZeroUsize::get);
    let inputs = walk::Inputs::new(&args.paths, walk);
    let totals: Totals = order::scan(inputs, &plan, threads)?;
    if let Some(skipped) = totals.skipped() {
        eprintln!("usertoken: skipped {skipped}");
    }
    if let Some(path) = &args.write_baseline {
        let written = plan.baseline.with(totals.new_entries()).write(path);
        if let Err(e) = written {
            eprintln!(
                "usertoken: cannot write the baseline {}: {}",
                path.display(),
                crate::files::describe(&e)
            );
            return Ok(Outcome::Failed);
        }
    }
    let failed = totals.unreadable > 0 || (totals.matched > 0 && args.write_baseline.is_none());
    Ok(Outcome::from_ok(!failed))
}
