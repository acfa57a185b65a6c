//! A support tool built on the library: what a ticket needs to know about a
//! pasted user token, checked against the integrator's Link setup, and
//! optionally set beside a second token.
//!
//! ```sh
//! cargo run --example support_tool                       # the bundled sample
//! cargo run --example support_tool -- "$TOKEN" --sandbox true \
//!     --client-id 0d9b5bf3-97fa-4757-a136-b2a03d171414 --now '2022-05-13 22:38:05'
//! cargo run --example support_tool -- "$TOKEN" --compare "$OTHER"
//! ```
//!
//! The whole report goes to the terminal; only the one-line summary is
//! meant for the ticket, and neither ever holds token text.

use std::process::ExitCode;

use chrono::{DateTime, Utc};
use usertoken::{Inspector, Severity};

const SAMPLE: &str = include_str!("../samples/user-token.jwt");

struct Options {
    token: String,
    other: Option<String>,
    now: DateTime<Utc>,
    inspector: Inspector,
}

fn options() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let mut options = Options {
        token: SAMPLE.to_owned(),
        other: None,
        now: Utc::now(),
        inspector: Inspector::new(),
    };
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--sandbox" => {
                let sandbox = value()?
                    .parse()
                    .map_err(|_| "--sandbox takes true or false")?;
                options.inspector = options.inspector.expect_sandbox(sandbox);
            }
            "--client-id" => options.inspector = options.inspector.expect_client_id(value()?),
            "--user-id" => options.inspector = options.inspector.expect_user_id(value()?),
            // A timestamp copied from a log line: was it already expired then?
            "--now" => {
                options.now = usertoken::parse_instant(&value()?).ok_or("--now: not a time")?;
            }
            "--compare" => options.other = Some(value()?),
            _ if arg.starts_with("--") => return Err(format!("unknown option {arg}")),
            _ => options.token = arg,
        }
    }
    Ok(options)
}

fn main() -> ExitCode {
    let options = match options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("support_tool: {message}");
            return ExitCode::from(2);
        }
    };
    let report = options.inspector.inspect(&options.token, options.now);

    // For the engineer: the whole report, verdict line first.
    println!("{}", report.human());

    // For the ticket: one line, no token text.
    println!("ticket: {}", report.summary());

    // What to tell the integrator, when something is wrong with the setup.
    for d in report.diagnostics() {
        if d.severity() == Severity::Error {
            println!("tell the integrator: {} ({})", d.message(), d.code());
        }
    }

    if let Some(other) = &options.other {
        let other = options.inspector.inspect(other, options.now);
        let both = report.compare(&other);
        println!("\n{both}");
        if !both.same_user_and_client() {
            return ExitCode::from(1);
        }
    }
    ExitCode::SUCCESS
}
