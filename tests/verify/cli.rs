//! The command-line tool.

use std::process::Output;

use super::*;

fn run(args: &[&str], stdin: &str) -> Output {
    crate::common::cli(args)
        .env("USERTOKEN_TEST_SECRET", "usertoken-sample-secret")
        .stdin(stdin)
        .run()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn a_token_with_text_glued_to_it_is_not_judged_by_verify_or_inspect() {
    let token = sign(Algorithm::HS256);
    for pasted in [
        format!("{token}."),
        format!("{token}.foo"),
        format!("{token}?"),
    ] {
        let args = ["--secret-file", "samples/user-token.secret", "--json"];
        let o = run(&[&["verify"][..], &args, &["--", &pasted]].concat(), "");
        assert_eq!(o.status.code(), Some(1), "{pasted}");
        let verdict: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
        assert_eq!(verdict["signature"], "malformed", "{pasted}");
        let o = run(&[&["inspect"][..], &args, &["--", &pasted]].concat(), "");
        assert_eq!(o.status.code(), Some(1), "{pasted}");
        let report: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
        assert_eq!(report["signature"], "malformed", "{pasted}");
    }
}

#[test]
fn verify_exits_0_only_when_every_signature_is_valid() {
    let token = sign(Algorithm::HS256);
    let o = run(
        &[
            "verify",
            "--secret-file",
            "samples/user-token.secret",
            &token,
        ],
        "",
    );
    assert_eq!(o.status.code(), Some(0));
    let line = stdout(&o);
    assert!(line.ends_with("  signature valid (HS256)\n"), "{line}");

    let wrong = with_segment(&token, 1, "e30");
    let o = run(
        &["verify", "--secret-env", "USERTOKEN_TEST_SECRET"],
        &format!("{token}\n\n{wrong}\nnot a token\n"),
    );
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(lines[0].ends_with("signature valid (HS256)"));
    assert!(lines[1].ends_with("signature invalid (HS256): the signature does not match the key"));
    assert!(lines[2].contains("signature malformed"));
    for segment in token.split('.').chain(wrong.split('.')) {
        assert!(!out.contains(segment));
    }
}

#[test]
fn verify_answers_many_lines_in_their_order() {
    // More lines than one batch of the reader holds, verified on
    // worker threads: the verdicts come out in the input's order.
    let token = sign(Algorithm::HS256);
    let wrong = with_segment(&token, 1, "e30");
    let input: String = (0..5000)
        .map(|i| {
            if i % 3 == 0 {
                format!("{wrong}\n")
            } else {
                format!("{token}\n")
            }
        })
        .collect();
    let o = run(
        &["verify", "--json", "--secret-env", "USERTOKEN_TEST_SECRET"],
        &input,
    );
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let statuses: Vec<String> = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["signature"].to_string())
        .collect();
    assert_eq!(statuses.len(), 5000);
    for (i, status) in statuses.iter().enumerate() {
        let expected = if i % 3 == 0 {
            "\"invalid\""
        } else {
            "\"valid\""
        };
        assert_eq!(status, expected, "line {i}");
    }
}

#[test]
fn verify_json_is_one_object_per_line() {
    let token = sign_with_kid(Algorithm::RS256, "rsa-1");
    let o = run(
        &[
            "verify",
            "--json",
            "--key",
            "tests/data/jwks.json",
            &token,
            "x",
        ],
        "",
    );
    assert_eq!(o.status.code(), Some(1));
    let lines = crate::common::json_lines(&o);
    assert_eq!(lines[0]["signature"], "valid");
    assert_eq!(lines[0]["algorithm"], "RS256");
    assert_eq!(lines[0]["kid"], "rsa-1");
    assert_eq!(lines[0]["key"]["index"], 1);
    assert_eq!(lines[1]["signature"], "malformed");
    assert!(lines[1]["reason"].is_string());
}

#[test]
fn verify_reads_base64_secrets() {
    let token = sign(Algorithm::HS256);
    let with = |value: &str| {
        crate::common::cli(&["verify", "--secret-env", "B64", "--secret-base64", &token])
            .env("B64", value)
            .run()
    };
    assert_eq!(with(&STANDARD.encode(SECRET)).status.code(), Some(0));
    let o = with("not*base64");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(
        err,
        "usertoken: the secret in B64: the secret is not base64: invalid character at byte 3\n"
    );
}

#[test]
fn usage_and_key_file_errors_exit_2() {
    let token = sign(Algorithm::HS256);
    for args in [
        vec!["verify", &token],
        vec!["verify", "--key", "tests/data/missing.pem", &token],
        vec!["verify", "--key", "tests/data/rsa-private.pem", &token],
        vec![
            "verify",
            "--secret-env",
            "USERTOKEN_NO_SUCH_VARIABLE",
            &token,
        ],
        vec![
            "verify",
            "--key",
            "tests/data/rsa-public.pem",
            "--secret-file",
            "samples/user-token.secret",
            &token,
        ],
        vec![
            "verify",
            "--secret-base64",
            "--key",
            "tests/data/rsa-public.pem",
            &token,
        ],
        vec!["inspect", "--key", "tests/data/missing.pem", &token],
    ] {
        let o = run(&args, "");
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(o.stdout.is_empty());
        let err = String::from_utf8(o.stderr).unwrap();
        assert!(!err.contains(&token[40..]), "{err}");
    }
}

#[test]
fn a_jwk_that_may_not_verify_is_a_usage_error() {
    let token = sign(Algorithm::RS256);
    let dir = std::env::temp_dir().join(format!("usertoken-key-ops-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (members, message) in [
        (
            json!({"key_ops": ["encrypt"]}),
            "the JWK may not verify signatures (its key_ops lacks 'verify')",
        ),
        (
            json!({"use": "enc"}),
            "the JWK is for encryption (use 'enc')",
        ),
    ] {
        let file = dir.join("key.jwk");
        std::fs::write(&file, jwk_with("rsa-public.jwk", members).to_string()).unwrap();
        let file = file.to_str().unwrap();
        for command in ["verify", "inspect"] {
            let o = run(&[command, "--key", file, &token], "");
            assert_eq!(o.status.code(), Some(2));
            assert!(o.stdout.is_empty());
            assert_eq!(
                String::from_utf8(o.stderr).unwrap(),
                format!("usertoken: the key file {file}: {message}\n")
            );
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_altered_token_is_not_judged_by_verify_or_inspect() {
    let token = sign(Algorithm::HS256);
    let (message, signature) = token.rsplit_once('.').unwrap();
    let altered = format!("{message}.{signature}=");
    let secret = ["--secret-file", "samples/user-token.secret"];
    let o = run(&[&["verify"][..], &secret, &[&altered]].concat(), "");
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).ends_with(
        "  signature not judged: the token was altered ('=' padding at byte 43 of the signature)\n"
    ));
    let now = ["--now", "2023-11-14T22:13:20Z"];
    let o = run(&[&["inspect"][..], &secret, &now, &[&altered]].concat(), "");
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.lines().next().unwrap().ends_with(
            ", signature not judged: the token was altered ('=' padding at byte 43 of the signature)"
        ),
        "{out}"
    );
    assert!(out.contains("input-cleaned"), "{out}");
    assert!(!out.contains(signature));
}

#[test]
fn inspect_adds_the_verdict_with_a_key_and_says_not_checked_without() {
    let token = sign(Algorithm::HS256);
    let now = ["--now", "2023-11-14T22:13:20Z"];
    let o = run(&[&["inspect"][..], &now, &[&token]].concat(), "");
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o)
        .lines()
        .next()
        .unwrap()
        .ends_with(", signature not checked"));

    let args = [
        &["inspect", "--secret-file", "samples/user-token.secret"][..],
        &now,
        &[&token],
    ]
    .concat();
    let o = run(&args, "");
    assert_eq!(o.status.code(), Some(0));
    let first = stdout(&o).lines().next().unwrap().to_owned();
    assert!(first.ends_with(", signature valid (HS256)"), "{first}");

    let args = [
        &["inspect", "--json", "--key", "tests/data/rsa-public.pem"][..],
        &now,
        &[&token],
    ]
    .concat();
    let o = run(&args, "");
    assert_eq!(o.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(json["signature"], "invalid");
    assert_eq!(
        json["signature_reason"],
        "the header names HS256 but the key is an RSA key"
    );

    let o = run(&[&["inspect", "--json"][..], &now, &[&token]].concat(), "");
    let json: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(json["signature"], "not-checked");
}
