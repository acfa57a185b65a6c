use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use clap::Args;
use serde::Serialize;
use usertoken::{scan_findings, Finding};

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

/// One token found, as one JSON line: the file, then where it is and
/// whose it is, never its text.
#[derive(Serialize)]
struct Line<'a> {
    file: &'a str,
    #[serde(flatten)]
    finding: &'a Finding,
}

pub fn run(args: &ScanArgs) -> io::Result<Outcome> {
    let inspector = args.judge.inspector();
    let now = args.judge.now();
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let all_read = files::each(&args.files, |file, reader| {
        let result = scan_findings(reader, &inspector, now, |finding| {
            let line = Line {
                file,
                finding: &finding,
            };
            serde_json::to_writer(&mut out, &line)?;
            out.write_all(b"\n")
        });
        // Lines already found stay found, whatever happens next.
        out.flush()?;
        result
    })?;
    out.flush()?;
    Ok(Outcome::from_ok(all_read))
}
