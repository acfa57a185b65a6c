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
