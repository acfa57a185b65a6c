//! Exit status and the handling of a closed standard output.

use std::io;
use std::process::ExitCode;

/// What a command found: every input fine, or not; or it was asked
/// something it cannot do (exit 2, as clap's usage errors).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    Failed,
    Usage,
}

impl Outcome {
    pub fn from_ok(ok: bool) -> Outcome {
        if ok {
            Outcome::Ok
        } else {
            Outcome::Failed
        }
    }
}

/// Says on standard error that the input held no token at all (nothing,
/// or only blank lines): the command then exits 1.
pub fn no_token() {
    eprintln!("usertoken: no token in the input");
}

/// Exit 0, 1 or 2 by outcome; 0 quietly when the reader of our output went
/// away (`usertoken … | head`); 1 with a message on other I/O errors.
pub fn finish(result: io::Result<Outcome>) -> ExitCode {
    match result {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::Failed) => ExitCode::from(1),
        Ok(Outcome::Usage) => ExitCode::from(2),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("usertoken: {e}");
            ExitCode::from(1)
        }
    }
}
