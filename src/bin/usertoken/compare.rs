//! `usertoken compare A B`: same user, client and environment, which was
//! issued later. Exit 0 for the same user and client, 1 when not, 2 when
//! either token is unreadable.

use std::io::{self, Write};

use chrono::{DateTime, Utc};
use clap::Args;
use usertoken::{Inspector, Report};

use crate::input::{Input, Lines};
use crate::output::{Failure, Outcome};
use crate::JudgeArgs;

#[derive(Args)]
pub struct CompareArgs {
    /// The first token, A; `-` for the first line of standard input.
    #[arg(value_name = "A")]
    a: String,
    /// The second token, B; `-` for the next line of standard input.
    #[arg(value_name = "B")]
    b: String,
    #[command(flatten)]
    judge: JudgeArgs,
}

pub fn run(args: &CompareArgs) -> Result<Outcome, Failure> {
    let inspector = args.judge.inspector();
    let now = args.judge.now();
    let stdin = io::stdin();
    let mut lines = Lines::new(stdin.lock(), inspector.get_max_len());
    let mut read = |arg: &str| -> io::Result<usertoken::Report> {
        if arg != "-" {
            return Ok(first(&inspector, arg.as_bytes(), now));
        }
        Ok(match lines.next_input()? {
            Some(Input::Text(text)) => first(&inspector, text, now),
            Some(Input::TooLong(len)) => inspector.oversized(len, now),
            None => inspector.inspect("", now),
        })
    };
    let (a, b) = (read(&args.a)?, read(&args.b)?);
    let both = a.compare(&b);
    let mut out = io::stdout().lock();
    write!(out, "{both}")?;
    out.flush()?;
    Ok(if !both.both_readable() {
        Outcome::Unreadable
    } else if both.same_user_and_client() {
        Outcome::Ok
    } else {
        Outcome::Failed
    })
}

/// The report of the first token in pasted text (the input's own report
/// when it is a token by itself).
fn first(inspector: &Inspector, text: &[u8], now: DateTime<Utc>) -> Report {
    let found = inspector.inspect_pasted(text, now).into_iter().next();
    found.unwrap_or_else(|| inspector.inspect(text, now))
}
