//! Running the `usertoken` binary, for the test files that do.

use std::collections::HashSet;
use std::io::{self, Write};
use std::process::{Command, Output, Stdio};

/// `usertoken ARGS` in the crate's directory, its three streams piped.
pub fn usertoken(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_usertoken"));
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// Runs `command`, writing `stdin` on a thread of its own so that a large
/// input cannot stall against a full output pipe. Returns the output and
/// how writing the input went (a command may stop reading early).
pub fn run_with(command: &mut Command, stdin: &[u8]) -> (Output, io::Result<()>) {
    let mut child = command.spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    let writer = std::thread::spawn(move || input.write_all(&stdin));
    let output = child.wait_with_output().unwrap();
    (output, writer.join().unwrap())
}

/// How long a piece of a secret must be to count as leaked.
const PIECE: usize = 12;

/// How long the middle of a segment is that must not show either, for
/// segments too short for a [`PIECE`].
const MIDDLE: usize = 8;

/// Fails when `output` (standard output and error) holds any piece of
/// `PIECE` bytes of any segment of any of `tokens`, or the middle `MIDDLE`
/// bytes of a segment: the check every run of the binary goes through.
#[allow(dead_code)] // Not every test file that runs the binary has tokens.
#[track_caller]
pub fn assert_no_token_text<S: AsRef<str>>(output: &Output, tokens: &[S]) {
    let segments = || tokens.iter().flat_map(|t| t.as_ref().split('.'));
    let pieces: HashSet<&[u8]> = segments()
        .flat_map(|part| part.as_bytes().windows(PIECE))
        .collect();
    let middles: HashSet<&[u8]> = segments()
        .filter(|part| part.len() >= MIDDLE)
        .map(|part| &part.as_bytes()[part.len() / 2 - MIDDLE / 2..][..MIDDLE])
        .collect();
    for stream in [&output.stdout, &output.stderr] {
        let found = (stream.windows(PIECE).find(|w| pieces.contains(w)))
            .or_else(|| stream.windows(MIDDLE).find(|w| middles.contains(w)));
        if let Some(piece) = found {
            panic!(
                "{:?}, a piece of a token, is in the output: {}",
                String::from_utf8_lossy(piece),
                String::from_utf8_lossy(stream)
            );
        }
    }
}

/// One run of `usertoken`, built up, then [`run`](Cli::run): the one way
/// the tests run the binary. Every token in its arguments and its input,
/// and every token named with [`secret`](Cli::secret), is checked by
/// [`assert_no_token_text`] against what it prints, unless the call says
/// [`allow_token_output`](Cli::allow_token_output).
#[allow(dead_code)]
pub struct Cli {
    command: Command,
    stdin: Vec<u8>,
    secret: Vec<String>,
    may_close_stdin: bool,
    allow_token_output: bool,
}

/// `usertoken ARGS`, to be run with [`Cli::run`].
#[allow(dead_code)]
pub fn cli(args: &[&str]) -> Cli {
    let secret = args.iter().flat_map(|a| tokens_in(a.as_bytes())).collect();
    Cli {
        command: usertoken(args),
        stdin: Vec::new(),
        secret,
        may_close_stdin: false,
        allow_token_output: false,
    }
}

/// The tokens the library finds in `text` that are nothing but base64url
/// and dots. A damaged token's span may take in the text around it
/// (`Authorization: Bearer`), which the output may quote: such tokens are
/// named with [`Cli::secret`] by the tests that have them.
fn tokens_in(text: &[u8]) -> Vec<String> {
    let plain = |t: &&[u8]| {
        t.iter()
            .all(|&b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
    };
    let texts = usertoken::find_tokens(text).filter_map(|found| text.get(found.token_range()));
    texts
        .filter(plain)
        .map(|t| String::from_utf8_lossy(t).into_owned())
        .collect()
}

#[allow(dead_code)]
impl Cli {
    /// Standard input, written on a thread of its own.
    pub fn stdin(mut self, stdin: impl AsRef<[u8]>) -> Self {
        self.stdin = stdin.as_ref().to_vec();
        self.secret.extend(tokens_in(&self.stdin));
        self
    }

    /// Tokens that the run must not print, beyond those in its arguments
    /// and input (tokens in the files it reads).
    pub fn secret<S: AsRef<str>>(mut self, tokens: &[S]) -> Self {
        self.secret
            .extend(tokens.iter().map(|t| t.as_ref().to_owned()));
        self
    }

    pub fn env(mut self, name: &str, value: impl AsRef<std::ffi::OsStr>) -> Self {
        self.command.env(name, value);
        self
    }

    pub fn env_remove(mut self, name: &str) -> Self {
        self.command.env_remove(name);
        self
    }

    /// Runs in `dir` instead of the crate's directory.
    pub fn dir(mut self, dir: &std::path::Path) -> Self {
        self.command.current_dir(dir);
        self
    }

    /// The command may stop reading its input early (`--file`, a usage
    /// error): a closed pipe while writing it is no failure.
    pub fn may_close_stdin(mut self) -> Self {
        self.may_close_stdin = true;
        self
    }

    /// The command prints token text by design: no leak check.
    pub fn allow_token_output(mut self) -> Self {
        self.allow_token_output = true;
        self
    }

    /// Runs the command; fails when writing its input failed (but for a
    /// closed pipe when allowed) or when it printed token text.
    #[track_caller]
    pub fn run(mut self) -> Output {
        let (output, written) = run_with(&mut self.command, &self.stdin);
        match written {
            Err(e) if self.may_close_stdin => {
                assert_eq!(e.kind(), io::ErrorKind::BrokenPipe, "{e}")
            }
            written => written.unwrap(),
        }
        if !self.allow_token_output {
            assert_no_token_text(&output, &self.secret);
        }
        output
    }
}

/// Runs `usertoken ARGS` in `dir` with `stdin`, checked by
/// [`assert_no_token_text`] against `tokens`.
#[allow(dead_code)]
#[track_caller]
pub fn run_in(dir: &std::path::Path, args: &[&str], stdin: &[u8], tokens: &[&str]) -> Output {
    cli(args)
        .dir(dir)
        .stdin(stdin)
        .secret(tokens)
        .may_close_stdin()
        .run()
}

/// A run's standard output, as text.
#[allow(dead_code)]
pub fn stdout(output: &Output) -> &str {
    std::str::from_utf8(&output.stdout).unwrap()
}

/// A run's standard output, one JSON value a line.
#[allow(dead_code)]
pub fn json_lines(output: &Output) -> Vec<serde_json::Value> {
    stdout(output)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}
