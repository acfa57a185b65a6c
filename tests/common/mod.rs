//! Running the `usertoken` binary, for the test files that do.

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

/// Fails when `output` (standard output and error) holds any piece of
/// `PIECE` bytes of any segment of any of `tokens`: the check every run
/// of the binary over text with tokens goes through.
#[allow(dead_code)] // Not every test file that runs the binary has tokens.
#[track_caller]
pub fn assert_no_token_text(output: &Output, tokens: &[&str]) {
    let pieces: std::collections::HashSet<&[u8]> = tokens
        .iter()
        .flat_map(|t| t.split('.'))
        .flat_map(|part| part.as_bytes().windows(PIECE))
        .collect();
    for stream in [&output.stdout, &output.stderr] {
        if let Some(piece) = stream.windows(PIECE).find(|w| pieces.contains(w)) {
            panic!(
                "{:?}, a piece of a token, is in the output: {}",
                String::from_utf8_lossy(piece),
                String::from_utf8_lossy(stream)
            );
        }
    }
}

/// Runs `usertoken ARGS` in `dir` with `stdin`, checked by
/// [`assert_no_token_text`] against `tokens`.
#[allow(dead_code)]
#[track_caller]
pub fn run_in(dir: &std::path::Path, args: &[&str], stdin: &[u8], tokens: &[&str]) -> Output {
    let mut command = usertoken(args);
    command.current_dir(dir);
    let (output, _) = run_with(&mut command, stdin);
    assert_no_token_text(&output, tokens);
    output
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
