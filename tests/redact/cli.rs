//! The command-line tool.

use std::path::PathBuf;
use std::process::Output;

use super::*;

#[track_caller]
fn run(args: &[&str], stdin: &str) -> Output {
    crate::common::cli(args)
        .stdin(stdin)
        .secret(&[user_token()])
        .run()
}

fn file(name: &str, text: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn redacts_stdin() {
    let t = user_token();
    let out = run(
        &["redact", "--style", "mask"],
        &format!("a {t}\r\nb \"{t}\"\n"),
    );
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("a {MASK}\r\nb \"{MASK}\"\n")
    );
    let out = run(&["redact", "-"], &format!("{t}\n"));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("[REDACTED-JWT:fp="), "{text}");
    assert!(text.contains(
        ":env=production:user_id=017f8978-bbfd-ff64-18ce-d59f99bf51c2:exp=2022-05-13T22:38:05Z]\n"
    ));
}

#[test]
fn missing_files_are_named_and_the_others_processed() {
    let t = user_token();
    let a = file("redact-a.log", &format!("one {t}\n"));
    let b = file("redact-b.log", &format!("two {t}\n"));
    let missing = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("no-such.log");
    let out = run(
        &[
            "redact",
            "--style",
            "mask",
            a.to_str().unwrap(),
            missing.to_str().unwrap(),
            b.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("one {MASK}\ntwo {MASK}\n")
    );
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!(
            "usertoken: cannot read {}: no such file or directory\n",
            missing.display()
        )
    );
    // A directory opens but cannot be read.
    let dir = env!("CARGO_TARGET_TMPDIR");
    let out = run(&["redact", dir, a.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr).unwrap().contains(dir));
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .starts_with("one [REDACTED-JWT:"));
}

#[test]
fn unknown_style_is_a_usage_error() {
    let out = run(&["redact", "--style", "blur"], "");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("mask") && err.contains("fingerprint") && err.contains("summary"));
}
