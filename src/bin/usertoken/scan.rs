use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use chrono::{DateTime, SecondsFormat, Utc};
use clap::Args;
use serde::Serialize;
use usertoken::{scan_reader, Environment, Fingerprint, Inspector, Kind, Piece};

use crate::files;
use crate::output::Outcome;
use crate::JudgeArgs;

#[derive(Args)]
pub struct ScanArgs {
    /// Files to scan, in order; standard input when none is given or for
    /// `-`.
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
    #[command(flatten)]
    judge: JudgeArgs,
}

/// One token found, as one JSON line: where it is and whose it is, never
/// its text.
#[derive(Serialize)]
struct Found<'a> {
    file: &'a str,
    offset: u64,
    line: u64,
    length: usize,
    kind: Kind,
    fingerprint: Fingerprint,
    issuer: Option<&'a str>,
    environment: Option<Environment>,
    user_id: Option<&'a str>,
    client_id: Option<&'a str>,
    expires_at: Option<String>,
    expired: Option<bool>,
}

pub fn run(args: &ScanArgs) -> io::Result<Outcome> {
    let inspector = args.judge.inspector();
    let now = args.judge.now();
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let all_read = files::each(&args.files, |file, reader| {
        let mut line = 1u64;
        let result = scan_reader(reader, |piece| match piece {
            Piece::Text(text) => {
                line += memchr::memchr_iter(b'\n', text).count() as u64;
                Ok(())
            }
            Piece::Token {
                offset,
                kind,
                text,
                glued,
                ..
            } => {
                let at = Place { file, offset, line };
                emit(&mut out, at, kind, text, &inspector, now)?;
                // A wrapped token holds line breaks.
                line += memchr::memchr_iter(b'\n', text).count() as u64;
                line += memchr::memchr_iter(b'\n', glued).count() as u64;
                Ok(())
            }
            _ => Ok(()),
        });
        // Lines already found stay found, whatever happens next.
        out.flush()?;
        result
    })?;
    out.flush()?;
    Ok(Outcome::from_ok(all_read))
}

struct Place<'a> {
    file: &'a str,
    offset: u64,
    line: u64,
}

fn emit<W: Write>(
    out: &mut W,
    at: Place<'_>,
    kind: Kind,
    token: &[u8],
    inspector: &Inspector,
    now: DateTime<Utc>,
) -> io::Result<()> {
    let report = inspector.inspect(token, now);
    let claims = report.claims();
    let found = Found {
        file: at.file,
        offset: at.offset,
        line: at.line,
        length: token.len(),
        kind,
        fingerprint: report
            .fingerprint()
            .unwrap_or_else(|| Fingerprint::of(token)),
        issuer: report.issuer(),
        environment: report.environment(),
        user_id: claims.and_then(|c| c.user_id()),
        client_id: claims.and_then(|c| c.client_id()),
        expires_at: report
            .expires_at()
            .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true)),
        expired: report.is_expired(),
    };
    serde_json::to_writer(&mut *out, &found)?;
    out.write_all(b"\n")
}
