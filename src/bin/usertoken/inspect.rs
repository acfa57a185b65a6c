use std::io::{self, BufWriter, Write};

use clap::Args;
use usertoken::{Inspector, Report};

use crate::input::{Input, Lines};
use crate::output::Outcome;
use crate::JudgeArgs;

#[derive(Args)]
pub struct InspectArgs {
    /// Tokens to inspect; standard input, one per line, when none is given
    /// or for `-`.
    #[arg(value_name = "TOKEN")]
    tokens: Vec<String>,
    /// One JSON object per token, one per line.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    judge: JudgeArgs,
}

pub fn run(args: &InspectArgs) -> io::Result<Outcome> {
    let inspector = args.judge.inspector();
    let now = args.judge.now();
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let mut all_readable = true;
    let mut first = true;
    let mut emit = |report: Report, out: &mut BufWriter<_>| -> io::Result<()> {
        all_readable &= report.error().is_none();
        if args.json {
            serde_json::to_writer(&mut *out, &report)?;
            out.write_all(b"\n")
        } else {
            if !first {
                out.write_all(b"\n")?;
            }
            first = false;
            write!(out, "{}", report.human())
        }
    };
    let from_stdin = args.tokens.is_empty() || args.tokens.iter().any(|t| t == "-");
    for token in &args.tokens {
        if token != "-" {
            emit(inspector.inspect(token, now), &mut out)?;
        }
    }
    if from_stdin {
        each_line(&inspector, |input| {
            let report = match input {
                Input::Text(text) => inspector.inspect(&text, now),
                Input::TooLong(len) => inspector.oversized(len, now),
            };
            emit(report, &mut out)
        })?;
    }
    out.flush()?;
    Ok(Outcome::from_ok(all_readable))
}

/// Calls `f` for every non-blank line of standard input.
pub fn each_line(
    inspector: &Inspector,
    mut f: impl FnMut(Input) -> io::Result<()>,
) -> io::Result<()> {
    let stdin = io::stdin();
    let mut lines = Lines::new(stdin.lock(), inspector.limit());
    while let Some(input) = lines.next_input()? {
        f(input)?;
    }
    Ok(())
}
