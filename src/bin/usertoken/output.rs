//! Exit status and the handling of a closed standard output: commands
//! return what they found, or why they stopped, and only [`finish`]
//! turns that into an exit code.

use std::io;
use std::process::ExitCode;

/// What a command found: every input fine (exit 0), or not (exit 1); or,
/// for `compare`, an input it cannot read at all (exit 2).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    Failed,
    Unreadable,
}

/// Why a command stopped before its work was done.
pub enum Failure {
    /// Reading or writing failed (exit 1, or 0 for a closed pipe).
    Io(io::Error),
    /// It was asked something it cannot do, such as a key file that
    /// cannot be read (exit 2, as clap's usage errors); the message for
    /// standard error.
    Usage(String),
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Io(e)
    }
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

/// Exit 0, 1 or 2 by outcome; 2 with a message on a usage error; 0
/// quietly when the reader of our output went away (`usertoken … | head`);
/// 1 with a message on other I/O errors.
pub fn finish(result: Result<Outcome, Failure>) -> ExitCode {
    match result {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::Failed) => ExitCode::from(1),
        Ok(Outcome::Unreadable) => ExitCode::from(2),
        Err(Failure::Usage(message)) => {
            eprintln!("usertoken: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Io(e)) => {
            eprintln!("usertoken: {e}");
            ExitCode::from(1)
        }
    }
}
