//! `usertoken`: inspect, diagnose and redact Argyle user tokens.

mod input;
mod inspect;
mod output;

use std::process::ExitCode;

use chrono::{DateTime, Utc};
use clap::{Args, Parser, Subcommand};
use usertoken::{Environment, Inspector};

#[derive(Parser)]
#[command(name = "usertoken", version, about, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Show what is in user tokens: claims, issuer and environment, times,
    /// diagnostics. No key needed; expired tokens read like fresh ones.
    Inspect(inspect::InspectArgs),
}

/// Options shared by the commands that judge tokens.
#[derive(Args, Clone)]
pub struct JudgeArgs {
    /// Judge time at this instant instead of the clock: unix seconds or
    /// milliseconds, RFC 3339, or `2022-05-13 22:38:05` (UTC).
    #[arg(long, value_name = "TIME", value_parser = parse_now)]
    now: Option<DateTime<Utc>>,
    /// Map an issuer to an environment (production, sandbox, staging,
    /// development); repeatable.
    #[arg(long = "issuer", value_name = "NAME=ENV", value_parser = parse_issuer)]
    issuers: Vec<(String, Environment)>,
    /// Refuse inputs longer than this many bytes before decoding them.
    #[arg(long, value_name = "BYTES", default_value_t = usertoken::DEFAULT_MAX_LEN)]
    max_len: usize,
}

impl JudgeArgs {
    pub fn now(&self) -> DateTime<Utc> {
        self.now.unwrap_or_else(Utc::now)
    }

    pub fn inspector(&self) -> Inspector {
        self.issuers
            .iter()
            .fold(Inspector::new().max_len(self.max_len), |i, (name, env)| {
                i.issuer(name.clone(), *env)
            })
    }
}

fn parse_now(s: &str) -> Result<DateTime<Utc>, String> {
    usertoken::parse_instant(s).ok_or_else(|| {
        "expected unix seconds or milliseconds, RFC 3339, or YYYY-MM-DD HH:MM:SS".to_owned()
    })
}

fn parse_issuer(s: &str) -> Result<(String, Environment), String> {
    let (name, env) = s
        .rsplit_once('=')
        .ok_or_else(|| "expected NAME=ENV".to_owned())?;
    if name.is_empty() {
        return Err("the issuer name is empty".to_owned());
    }
    let env = env.parse::<Environment>().map_err(|e| e.to_string())?;
    Ok((name.to_owned(), env))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Inspect(args) => inspect::run(&args),
    };
    output::finish(result)
}
