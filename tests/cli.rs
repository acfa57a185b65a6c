#![cfg(feature = "cli")]

mod common;

use std::io::Write;
use std::process::Output;

use serde_json::Value;

const SAMPLE: &str = include_str!("../samples/user-token.jwt");

#[track_caller]
fn run(args: &[&str], stdin: &str) -> Output {
    common::cli(args)
        .stdin(stdin)
        .secret(&[SAMPLE.trim()])
        .run()
}

use common::{json_lines, stdout};

#[test]
fn inspect_sample_from_an_argument() {
    let out = run(&["inspect", "--now", "1700000000", SAMPLE.trim()], "");
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.starts_with(
        "production user token for user 017f8978-bbfd-ff64-18ce-d59f99bf51c2, expired 1 year ago, signature not checked\n"
    ), "{text}");
    assert!(
        text.contains("  exp          1652481485  (2022-05-13T22:38:05Z, expired 1 year ago)\n")
    );
}

#[test]
fn inspect_json_from_stdin_one_per_line() {
    let input = format!("{SAMPLE}\n  \nBearer {SAMPLE}not-a-token\n");
    let out = run(
        &["inspect", "--json", "--now", "2022-05-13T22:00:00Z"],
        &input,
    );
    assert_eq!(out.status.code(), Some(1), "one token is unreadable");
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 3, "blank lines are skipped");
    assert_eq!(lines[0]["environment"], "production");
    assert_eq!(lines[0]["expired"], false);
    assert_eq!(lines[0]["expires_at"], "2022-05-13T22:38:05Z");
    assert_eq!(
        lines[1]["claims"]["user_id"],
        "017f8978-bbfd-ff64-18ce-d59f99bf51c2"
    );
    assert_eq!(lines[2]["error"]["kind"], "segment-count");
    assert_eq!(lines[2]["claims"], Value::Null);
}

#[test]
fn expired_tokens_exit_zero_and_dash_reads_stdin() {
    let out = run(&["inspect", "--json", "-", SAMPLE.trim()], SAMPLE);
    assert_eq!(out.status.code(), Some(0));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 2);
    assert!(lines.iter().all(|l| l["expired"] == true));
}

#[test]
fn issuer_option_extends_the_table() {
    let out = run(
        &[
            "inspect",
            "--json",
            "--issuer",
            "argyle-core-auth-prod=sandbox",
            SAMPLE.trim(),
        ],
        "",
    );
    assert_eq!(json_lines(&out)[0]["environment"], "sandbox");
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(
        run(&["inspect", "--now", "yesterday"], "").status.code(),
        Some(2)
    );
    assert_eq!(
        run(&["inspect", "--issuer", "x"], "").status.code(),
        Some(2)
    );
    assert_eq!(
        run(&["inspect", "--issuer", "x=moon"], "").status.code(),
        Some(2)
    );
    assert_eq!(run(&["frobnicate"], "").status.code(), Some(2));
}

#[test]
fn oversize_lines_are_refused_with_bounded_memory() {
    let input = format!("{}\n{SAMPLE}", "e".repeat(200_000));
    let out = run(&["inspect", "--json", "--max-len", "1000"], &input);
    let lines = json_lines(&out);
    assert_eq!(
        lines[0]["error"]["message"],
        "the input is 200000 bytes, over the limit of 1000 bytes"
    );
    assert_eq!(lines[1]["environment"], "production");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn long_runs_of_blank_lines_are_skipped() {
    // More blank input than one batch holds, between two tokens.
    let input = format!("{SAMPLE}{}\n{SAMPLE}", "\n \t\r".repeat(200_000));
    let out = run(&["inspect", "--table", "--now", "0"], &input);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("\n   2  "), "{text}");
    assert!(
        text.ends_with("2 tokens: 0 expired, 2 with problems, 0 unreadable; production 2\n"),
        "{text}"
    );
}

#[test]
fn many_lines_keep_their_order() {
    // More lines than one batch holds, so that several workers take part.
    let input: String = (0..5000)
        .map(|i| {
            if i % 7 == 3 {
                format!("not-a-token-{i}\n")
            } else {
                SAMPLE.to_owned()
            }
        })
        .collect();
    let out = run(&["inspect", "--json", "--now", "0"], &input);
    assert_eq!(out.status.code(), Some(1));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 5000);
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(line["error"].is_null(), i % 7 != 3, "line {i}");
    }
}

/// What `inspect --json --now 0 --max-len MAX` must print for `input`: the
/// library's reports of each non-blank line (without its `\r`) as pasted
/// text, or of its length when over the limit.
fn expected_json(input: &str, max: usize) -> String {
    let inspector = usertoken::Inspector::new().max_len(max);
    let now = chrono::DateTime::from_timestamp(0, 0).unwrap();
    let mut lines: Vec<&str> = input.split('\n').collect();
    if input.ends_with('\n') {
        lines.pop();
    }
    let mut out = String::new();
    for line in lines {
        let reports = if line.len() > max {
            vec![inspector.oversized(line.len(), now)]
        } else {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.trim_ascii().is_empty() {
                continue;
            }
            // Each line is one pasted text.
            inspector.inspect_pasted(line, now)
        };
        for report in reports {
            out.push_str(&serde_json::to_string(&report).unwrap());
            out.push('\n');
        }
    }
    out
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

    /// Lines of every kind and length, across the reader's 64 KiB reads and
    /// batch ends, with and without a last newline: each one's report, in
    /// order.
    #[test]
    fn standard_input_is_read_line_by_line(
        kinds in proptest::collection::vec((0..9usize, 0..140_000usize), 1..12),
        last_newline in proptest::bool::ANY,
        max in proptest::sample::select(vec![1usize, 600, 65_536, 100_000]),
    ) {
        let token = SAMPLE.trim();
        let lines: Vec<String> = kinds
            .iter()
            .map(|&(kind, len)| match kind {
                0 => token.to_owned(),
                1 => format!("{token}\r"),
                2 => String::new(),
                3 => " ".repeat(len % 100),
                4 => "e".repeat(len),
                5 => format!("{}\r", "e".repeat(len)),
                6 => " ".repeat(len),
                7 => "\n".repeat(len * 2),
                _ => format!("\t{token}  "),
            })
            .collect();
        let mut input = lines.join("\n");
        if last_newline {
            input.push('\n');
        }
        let max_arg = max.to_string();
        let out = run(&["inspect", "--json", "--now", "0", "--max-len", &max_arg], &input);
        proptest::prop_assert_eq!(stdout(&out), expected_json(&input, max));
    }
}

#[test]
fn a_token_is_answered_before_the_input_ends() {
    // As when pasting at a terminal: the report comes while stdin is open.
    use std::io::BufRead;
    let mut child = common::usertoken(&["inspect", "--json", "--now", "0"])
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(SAMPLE.as_bytes()).unwrap();
    stdin.flush().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = std::io::BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let answer = rx.recv_timeout(std::time::Duration::from_secs(20));
    drop(stdin);
    let _ = child.wait();
    let line = answer.expect("no report while the input was still open");
    let report: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(report["environment"], "production");
}
