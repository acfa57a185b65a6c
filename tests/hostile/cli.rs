//! The command-line tool.

use super::*;

/// Runs `usertoken` with `stdin`; returns stdout, checking that stderr
/// is empty.
fn run(args: &[&str], stdin: &[u8]) -> (Option<i32>, String) {
    // The command may stop reading early; a closed pipe is no failure.
    let out = crate::common::cli(args)
        .stdin(stdin)
        .secret(&[SAMPLE.trim(), &control_and_bidi_token()])
        .may_close_stdin()
        .run();
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    (out.status.code(), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn a_ten_megabyte_line_gets_one_too_large_report() {
    let mut input = "A".repeat(10 * MB).into_bytes();
    input.push(b'\n');
    input.extend_from_slice(SAMPLE.trim().as_bytes());
    let (code, out) = run(&["inspect", "--json", "--now", "1700000000"], &input);
    assert_eq!(code, Some(1));
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["error"]["kind"], "too-large");
    assert_eq!(
        lines[0]["error"]["message"],
        "the input is 10000000 bytes, over the limit of 65536 bytes"
    );
    assert!(lines[1]["error"].is_null());
}

#[test]
fn the_terminal_gets_no_control_or_bidi_character() {
    let input = format!("{}\n", control_and_bidi_token());
    let (_, out) = run(&["inspect", "--now", "1700000000"], input.as_bytes());
    assert_eq!(out.chars().find(|&c| is_dangerous(c)), None, "{out}");
    assert!(
        out.contains("evil\\u{202e}txt.exe\\u{1b}[2J\\u{7}"),
        "{out}"
    );
}

#[test]
fn redact_and_scan_take_floods_whole() {
    let flood = "a.".repeat(MB);
    let (code, out) = run(&["redact"], flood.as_bytes());
    assert_eq!(code, Some(0));
    assert!(out == flood, "the flood is not passed through unchanged");
    let (code, out) = run(&["scan", "--now", "1700000000", "-"], flood.as_bytes());
    assert_eq!((code, out.as_str()), (Some(0), ""));
}
