//! `usertoken`: inspect, diagnose and redact Argyle user tokens.

mod batch;
mod color;
mod compare;
mod files;
mod generate;
mod input;
mod inspect;
mod link;
mod output;
mod redact;
mod scan;
mod summary;
mod verify;

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
    /// Verify signatures with a key: valid, invalid, unsupported,
    /// key-mismatch or malformed, one line per token. Only the signature is
    /// judged: an expired token with a good signature is valid.
    Verify(verify::VerifyArgs),
    /// Copy text with every user token replaced: logs, tickets, dumps.
    /// Everything else passes byte for byte; memory stays bounded.
    Redact(redact::RedactArgs),
    /// Find the user tokens in text, files and directory trees (in
    /// parallel, .gitignore honoured): where each is, its kind,
    /// fingerprint, environment, user and expiry, as JSON lines, text or
    /// SARIF. Never the token itself. Exit 1 when a token matches
    /// --fail-on (for paths: any not in the --baseline).
    Scan(scan::ScanArgs),
    /// One line per token, safe to paste into a ticket: environment,
    /// user_id, client_id, issued, expiry, signature status, fingerprint.
    /// Never token text. The same as `inspect --summary`.
    Summary(summary::SummaryArgs),
    /// Set two tokens side by side: same user, client and environment, and
    /// which was issued later. Exit 0 for the same user and client, 1 when
    /// not, 2 when either token is unreadable.
    Compare(compare::CompareArgs),
    /// Print a shell completion script for bash, zsh, fish, elvish,
    /// powershell or nushell.
    Completions(generate::CompletionsArgs),
    /// Print a man page (roff): usertoken(1), or one command's.
    Man(generate::ManArgs),
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
        Command::Verify(args) => verify::run(&args),
        Command::Redact(args) => redact::run(&args),
        Command::Scan(args) => scan::run(&args),
        Command::Summary(args) => summary::run(&args),
        Command::Compare(args) => compare::run(&args),
        Command::Completions(args) => generate::completions(&args),
        Command::Man(args) => generate::man(&args),
    };
    output::finish(result)
}
