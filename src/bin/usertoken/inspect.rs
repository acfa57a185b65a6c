//! `usertoken inspect` in its four forms (the report, `--json`,
//! `--summary`, `--table`), and the input handling `summary` shares.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use clap::{ArgGroup, Args};
use usertoken::{HeaderCache, Report, Table};

use crate::batch::render_lines;
use crate::color::ColorArgs;
use crate::files::describe;
use crate::input::{self, Input, Pasted};
use crate::link::LinkArgs;
use crate::output::{Failure, Outcome};
use crate::verify::KeyArgs;
use crate::JudgeArgs;

/// Where tokens come from: arguments, files, standard input.
#[derive(Args, Clone)]
pub struct Sources {
    /// Tokens; standard input, one per line, when none is given (and no
    /// --file) or for `-`.
    #[arg(value_name = "TOKEN")]
    tokens: Vec<String>,
    /// Read tokens from this file, one per line (`-` for standard input);
    /// repeatable.
    #[arg(long = "file", value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Read each argument, file or standard input whole as one pasted text
    /// (a Link snippet, a log excerpt), not one token per line. A Link
    /// configuration's userToken is inspected, and its sandbox setting
    /// checked against the token's environment.
    #[arg(long)]
    paste: bool,
}

#[derive(Args)]
#[command(group(ArgGroup::new("key-source").args(["key", "secret_file", "secret_env"])))]
#[command(group(ArgGroup::new("format").args(["json", "summary", "table"])))]
pub struct InspectArgs {
    #[command(flatten)]
    sources: Sources,
    /// One JSON object per token, one per line.
    #[arg(long)]
    json: bool,
    /// One line per token, safe to paste into a ticket (as `usertoken
    /// summary`).
    #[arg(long)]
    summary: bool,
    /// A table, one row per token, then a totals line: how many expired,
    /// per environment, with problems, unreadable.
    #[arg(long)]
    table: bool,
    #[command(flatten)]
    color: ColorArgs,
    #[command(flatten)]
    judge: JudgeArgs,
    /// With a key, the signature verdict joins each report, and the exit
    /// status is 0 only when every signature is valid too.
    #[command(flatten)]
    key: KeyArgs,
    #[command(flatten)]
    link: LinkArgs,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Summary,
    Table,
}

/// Everything a run needs but its format.
pub struct Run<'a> {
    pub sources: &'a Sources,
    pub judge: &'a JudgeArgs,
    pub key: &'a KeyArgs,
    pub link: &'a LinkArgs,
    pub color: bool,
}

pub fn run(args: &InspectArgs) -> Result<Outcome, Failure> {
    let format = match (args.json, args.summary, args.table) {
        (true, _, _) => Format::Json,
        (_, true, _) => Format::Summary,
        (_, _, true) => Format::Table,
        _ => Format::Human,
    };
    let run = Run {
        sources: &args.sources,
        judge: &args.judge,
        key: &args.key,
        link: &args.link,
        color: args.color.enabled(),
    };
    execute(format, &run)
}

pub fn execute(format: Format, run: &Run<'_>) -> Result<Outcome, Failure> {
    let mut inspector = run.link.apply(run.judge.inspector());
    if let Some(key) = run.key.load()? {
        inspector = inspector.key(key);
    }
    let now = run.judge.now();
    let color = run.color;
    let table = Table::new().color(color);
    // How many inputs were rendered before the current source: the human
    // report's separators and the table's row numbers need it, JSON not.
    let rendered = AtomicUsize::new(0);
    // How many inputs there were in all, in any format.
    let seen = AtomicUsize::new(0);
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout());
    // Writes the reports of one input (several when it was pasted text
    // holding several tokens); says whether they were all fine. Table rows
    // and separators count inputs.
    let emit = |reports: Vec<Report>, index: usize, out: &mut Vec<u8>| -> bool {
        seen.fetch_add(1, Ordering::Relaxed);
        let mut ok = true;
        for (nth, report) in reports.iter().enumerate() {
            ok &= report.error().is_none() && report.signature().is_none_or(|v| v.is_valid());
            // Writing into a Vec cannot fail.
            let _ = match format {
                Format::Json => report.write_json(out).and_then(|()| out.write_all(b"\n")),
                Format::Summary => writeln!(out, "{}", report.summary()),
                Format::Table => {
                    table.count(report);
                    writeln!(out, "{}", table.row(index + 1, report))
                }
                Format::Human => {
                    let sep = if index == 0 && nth == 0 { "" } else { "\n" };
                    write!(out, "{sep}{}", report.human().color(color))
                }
            };
        }
        if format != Format::Json {
            rendered.fetch_add(1, Ordering::Relaxed);
        }
        ok
    };
    if format == Format::Table {
        writeln!(out, "{}", table.heading())?;
    }
    let sources = run.sources;
    let stdin_asked = |t: &str| t == "-";
    let from_stdin = (sources.tokens.is_empty() && sources.files.is_empty())
        || sources.tokens.iter().any(|t| stdin_asked(t))
        || sources.files.iter().any(|p| p.as_os_str() == "-");
    let mut all_fine = true;
    let mut buf = Vec::new();
    for token in sources.tokens.iter().filter(|t| !stdin_asked(t)) {
        buf.clear();
        let index = rendered.load(Ordering::Relaxed);
        let reports = if sources.paste {
            inspector.inspect_snippet(token, now)
        } else {
            inspector.inspect_pasted(token, now)
        };
        all_fine &= emit(reports, index, &mut buf);
        out.write_all(&buf)?;
    }
    let lines = |reader: &mut dyn io::BufRead, out: &mut BufWriter<_>| {
        let first = rendered.load(Ordering::Relaxed);
        if sources.paste {
            let reports = match input::whole(reader, inspector.get_max_len())? {
                Some(Pasted::Text(text)) => inspector.inspect_snippet(text, now),
                Some(Pasted::TooLong(len)) => vec![inspector.oversized(len, now)],
                None => return Ok(true),
            };
            let mut buf = Vec::new();
            let ok = emit(reports, first, &mut buf);
            out.write_all(&buf)?;
            return Ok(ok);
        }
        // Each worker keeps its own header cache: a header shared by
        // consecutive tokens is decoded once.
        render_lines(
            reader,
            inspector.get_max_len(),
            out,
            HeaderCache::new,
            |headers, input, i, buf| {
                let reports = match input {
                    Input::Text(text) => inspector.inspect_pasted_with(text, now, headers),
                    Input::TooLong(len) => vec![inspector.oversized(len, now)],
                };
                emit(reports, first + i, buf)
            },
        )
    };
    for path in sources.files.iter().filter(|p| p.as_os_str() != "-") {
        match File::open(path) {
            Ok(file) => all_fine &= lines(&mut BufReader::new(file), &mut out)?,
            Err(e) => {
                out.flush()?;
                eprintln!(
                    "usertoken: cannot read {}: {}",
                    path.display(),
                    describe(&e)
                );
                all_fine = false;
            }
        }
    }
    if from_stdin {
        all_fine &= lines(&mut io::stdin().lock(), &mut out)?;
    }
    if format == Format::Table {
        writeln!(out, "{}", table.totals())?;
    }
    out.flush()?;
    // A file that could not be read was named already.
    if seen.load(Ordering::Relaxed) == 0 && all_fine {
        crate::output::no_token();
        all_fine = false;
    }
    Ok(Outcome::from_ok(all_fine))
}
