//! The support commands: summary, the batch table, Link-setup options,
//! compare, colours, completions and the man page.
#![cfg(feature = "cli")]

mod common;

use std::process::Output;

use jsonwebtoken::{EncodingKey, Header};
use serde_json::{json, Value};

const SAMPLE: &str = include_str!("../samples/user-token.jwt");
const USER: &str = "017f8978-bbfd-ff64-18ce-d59f99bf51c2";
const CLIENT: &str = "0d9b5bf3-97fa-4757-a136-b2a03d171414";
const OTHER: &str = "11111111-2222-4333-8444-555555555555";
const NOW: &str = "1700000000";

fn signed(iss: &str, user: &str, client: &str, iat: i64) -> String {
    let claims = json!({"client_id": client, "user_id": user, "sub": user, "iss": iss,
                        "iat": iat, "exp": iat + 3600,
                        "jti": "00097a26-2f2a-4aa0-8eca-95ebe56d57a8"});
    jsonwebtoken::encode(&Header::default(), &claims, &EncodingKey::from_secret(b"k")).unwrap()
}

fn sample() -> &'static str {
    SAMPLE.trim()
}

/// Runs the binary; no segment of any token in `secret` may be in what it
/// prints, on either stream.
#[track_caller]
fn run_env(args: &[&str], stdin: &str, env: &[(&str, &str)], secret: &[&str]) -> Output {
    let cli = common::cli(args).env_remove("NO_COLOR");
    let cli = env
        .iter()
        .fold(cli, |cli, (name, value)| cli.env(name, value));
    // A command that does not read its input (`--file`) may close it first.
    cli.stdin(stdin)
        .secret(secret)
        .secret(&[sample()])
        .may_close_stdin()
        .run()
}

#[track_caller]
fn run(args: &[&str], stdin: &str) -> Output {
    run_env(args, stdin, &[], &[])
}

fn stdout(output: &Output) -> &str {
    std::str::from_utf8(&output.stdout).unwrap()
}

fn stderr(output: &Output) -> &str {
    std::str::from_utf8(&output.stderr).unwrap()
}

const SAMPLE_SUMMARY: &str =
    "environment production, user_id 017f8978-bbfd-ff64-18ce-d59f99bf51c2, \
client_id 0d9b5bf3-97fa-4757-a136-b2a03d171414, issued 2022-04-13T22:38:05Z, \
expired 1 year ago as of 2023-11-14T22:13:20Z, signature not checked, fingerprint 702a866402c991f1";

#[test]
fn summary_one_line_per_token_from_arguments_and_stdin() {
    let out = run(
        &["summary", "--now", NOW, sample(), "-", "nope"],
        &format!("\n{SAMPLE}\n"),
    );
    assert_eq!(out.status.code(), Some(1), "one token is unreadable");
    let lines: Vec<&str> = stdout(&out).lines().collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0], SAMPLE_SUMMARY);
    assert!(
        lines[1].starts_with("not a readable token (segment-count): "),
        "{}",
        lines[1]
    );
    assert_eq!(
        lines[2], SAMPLE_SUMMARY,
        "standard input after the arguments"
    );

    let same = run(&["inspect", "--summary", "--now", NOW], SAMPLE);
    assert_eq!(same.status.code(), Some(0));
    assert_eq!(stdout(&same), format!("{SAMPLE_SUMMARY}\n"));
}

#[test]
fn summary_with_a_key_and_link_setup() {
    let out = run(
        &[
            "summary",
            "--now",
            NOW,
            "--secret-file",
            "samples/user-token.secret",
            "--sandbox",
            "true",
            "--user-id",
            OTHER,
            sample(),
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        SAMPLE_SUMMARY.replace(
            "signature not checked",
            "signature valid, problems environment-mismatch user-mismatch"
        ) + "\n"
    );
}

#[test]
fn link_setup_options_add_diagnostics_not_failures() {
    let sandbox = signed("argyle-core-auth-sandbox", USER, CLIENT, 1_700_000_000);
    let out = run_env(
        &[
            "inspect",
            "--json",
            "--now",
            NOW,
            "--sandbox",
            "false",
            "--client-id",
            OTHER,
            "--user-id",
            USER,
            &sandbox,
        ],
        "",
        &[],
        &[&sandbox],
    );
    assert_eq!(out.status.code(), Some(0), "diagnostics never fail a token");
    let report: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"environment-mismatch"), "{codes:?}");
    assert!(codes.contains(&"client-mismatch"), "{codes:?}");
    assert!(!codes.contains(&"user-mismatch"), "{codes:?}");

    let human = run_env(
        &["inspect", "--now", NOW, "--sandbox", "false", &sandbox],
        "",
        &[],
        &[&sandbox],
    );
    let text = stdout(&human);
    assert!(
        text.starts_with(&format!(
        "sandbox user token for user {USER}, expires in 1 hour, 1 error, signature not checked\n"
    )),
        "{text}"
    );
    assert!(text.contains(
        "\nerrors\n  environment-mismatch     Link is set up with sandbox: false (production), but the token is for sandbox\n"
    ), "{text}");

    let bad = run(&["inspect", "--sandbox", "maybe", sample()], "");
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn table_rows_and_totals() {
    let sandbox = signed(
        "argyle-core-auth-sandbox",
        OTHER,
        CLIENT,
        1_700_000_000 - 600,
    );
    let dir = std::env::temp_dir().join(format!("usertoken-table-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("tokens.txt");
    std::fs::write(&file, format!("{sandbox}\n\nnot-a-token\n")).unwrap();
    let file = file.to_str().unwrap();
    let out = run_env(
        &[
            "inspect",
            "--table",
            "--now",
            NOW,
            "--sandbox",
            "false",
            sample(),
            "--file",
            file,
            "-",
        ],
        SAMPLE,
        &[],
        &[&sandbox],
    );
    assert_eq!(out.status.code(), Some(1), "one line is unreadable");
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6, "{text}");
    assert_eq!(
        lines[0],
        "   #  fingerprint       environment  user_id    client_id  issued (UTC)      expiry                  problems"
    );
    assert_eq!(
        lines[1],
        "   1  702a866402c991f1  production   017f8978…  0d9b5bf3…  2022-04-13 22:38  expired 1 year ago      -"
    );
    assert!(lines[2].starts_with("   2  "), "{}", lines[2]);
    assert!(lines[2].contains("  sandbox      11111111…  0d9b5bf3…  2023-11-14 22:03  expires in 50 minutes   environment-mismatch"), "{}", lines[2]);
    assert!(lines[3].starts_with("   3  "), "{}", lines[3]);
    assert!(lines[3].ends_with("  -            -          -          -                 -                       unreadable: segment-count"), "{}", lines[3]);
    assert!(
        lines[4].starts_with("   4  702a866402c991f1  production   "),
        "stdin last"
    );
    assert_eq!(
        lines[5],
        "4 tokens: 2 expired, 1 with problems, 1 unreadable; production 2, sandbox 1"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn table_of_nothing_and_a_missing_file() {
    let out = run(&["inspect", "--table", "--file", "/nonexistent/tokens"], "");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "usertoken: cannot read /nonexistent/tokens: no such file or directory\n"
    );
    assert!(stdout(&out).ends_with("\n0 tokens: 0 expired, 0 with problems, 0 unreadable\n"));
    let both = run(&["inspect", "--table", "--json"], "");
    assert_eq!(both.status.code(), Some(2), "one format at a time");
}

#[test]
fn file_input_for_every_format() {
    let out = run(
        &["inspect", "--json", "--file", "samples/user-token.jwt"],
        "ignored",
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out).lines().count(),
        1,
        "stdin is not read with --file"
    );
}

#[test]
fn compare_exit_codes() {
    let later = signed(
        "argyle-core-auth-prod",
        USER,
        CLIENT,
        1_649_889_485 + 86_400,
    );
    let other_user = signed("argyle-core-auth-prod", OTHER, CLIENT, 1_649_889_485);
    let other_client = signed("argyle-core-auth-sandbox", USER, OTHER, 1_649_889_485);
    let secret = [later.as_str(), other_user.as_str(), other_client.as_str()];
    let compare = |a: &str, b: &str, stdin: &str| {
        run_env(&["compare", "--now", NOW, a, b], stdin, &[], &secret)
    };

    let same = compare(sample(), &later, "");
    assert_eq!(same.status.code(), Some(0));
    let text = stdout(&same);
    assert!(
        text.starts_with("same user and client; B was issued later\n"),
        "{text}"
    );
    assert!(text.contains(&format!("\n  user         same: {USER}\n")));
    assert!(text.contains(
        "\n  issued       B later by 1 day (A 2022-04-13T22:38:05Z, B 2022-04-14T22:38:05Z)\n"
    ));

    let different = compare(sample(), &other_user, "");
    assert_eq!(different.status.code(), Some(1));
    assert!(stdout(&different).starts_with("not the same user and client: different users"));

    let client = compare(&other_client, sample(), "");
    assert_eq!(client.status.code(), Some(1));
    assert!(stdout(&client)
        .starts_with("not the same user and client: different clients; different environments"));

    let unreadable = compare(sample(), "garbage", "");
    assert_eq!(unreadable.status.code(), Some(2));
    assert!(stdout(&unreadable).starts_with("cannot compare: B is not a readable token\n"));

    let from_stdin = compare("-", "-", &format!("{SAMPLE}\n{later}\n"));
    assert_eq!(from_stdin.status.code(), Some(0));
    let empty_stdin = compare(sample(), "-", "");
    assert_eq!(empty_stdin.status.code(), Some(2));

    assert_eq!(
        run(&["compare", sample()], "").status.code(),
        Some(2),
        "usage"
    );
}

#[test]
fn colours_on_request_never_by_default_in_a_pipe() {
    let args = ["inspect", "--now", NOW, sample()];
    let plain = run(&args, "");
    assert!(!stdout(&plain).contains('\u{1b}'), "auto is off in a pipe");

    let always = run(&[&args[..], &["--color", "always"]].concat(), "");
    let text = stdout(&always);
    assert!(
        text.starts_with("\u{1b}[1m\u{1b}[33mproduction user token"),
        "{text}"
    );
    let stripped = regex::Regex::new("\u{1b}\\[[0-9;]*m")
        .unwrap()
        .replace_all(text, "");
    assert_eq!(stripped, stdout(&plain));

    let never = run(&[&args[..], &["--color", "never"]].concat(), "");
    assert_eq!(stdout(&never), stdout(&plain));

    // NO_COLOR keeps auto off; an explicit `always` still wins.
    let no_color = run_env(&args, "", &[("NO_COLOR", "1")], &[]);
    assert!(!stdout(&no_color).contains('\u{1b}'));
    let forced = run_env(
        &[&args[..], &["--color", "always"]].concat(),
        "",
        &[("NO_COLOR", "1")],
        &[],
    );
    assert!(stdout(&forced).contains('\u{1b}'));

    let table = run(
        &[
            "inspect",
            "--table",
            "--color",
            "always",
            "--now",
            NOW,
            sample(),
        ],
        "",
    );
    assert!(stdout(&table).starts_with("\u{1b}[1m   #  fingerprint"));
    let json = run(&["inspect", "--json", "--color", "always", sample()], "");
    assert!(!stdout(&json).contains('\u{1b}'), "JSON is never coloured");

    assert_eq!(
        run(&[&args[..], &["--color", "sometimes"]].concat(), "")
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell", "nushell"] {
        let out = run(&["completions", shell], "");
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = stdout(&out);
        for word in ["usertoken", "inspect", "summary", "compare", "sandbox"] {
            assert!(script.contains(word), "{shell} lacks {word}");
        }
    }
    assert_eq!(run(&["completions", "tcsh"], "").status.code(), Some(2));
    let nu = run(&["completions", "nushell"], "");
    assert!(
        stdout(&nu).contains("export extern \"usertoken inspect\""),
        "{}",
        stdout(&nu)
    );
}

#[test]
fn no_token_in_the_input_exits_1() {
    let secret = ["--secret-file", "samples/user-token.secret"];
    for stdin in ["", "\n", "\n  \n\r\n\t\n"] {
        for args in [
            vec!["inspect"],
            vec!["inspect", "--json"],
            vec!["inspect", "--summary"],
            vec!["summary"],
            vec!["inspect", "-"],
            [&["verify"][..], &secret].concat(),
            [&["verify", "--json"][..], &secret].concat(),
        ] {
            let out = run(&args, stdin);
            assert_eq!(out.status.code(), Some(1), "{args:?} {stdin:?}");
            assert_eq!(stdout(&out), "", "{args:?}");
            assert_eq!(
                stderr(&out),
                "usertoken: no token in the input\n",
                "{args:?}"
            );
        }
        let out = run(&["inspect", "--table"], stdin);
        assert_eq!(out.status.code(), Some(1));
        assert!(stdout(&out).ends_with("\n0 tokens: 0 expired, 0 with problems, 0 unreadable\n"));
        assert_eq!(stderr(&out), "usertoken: no token in the input\n");
    }
    let empty = std::env::temp_dir().join(format!("usertoken-empty-{}", std::process::id()));
    std::fs::write(&empty, "\n\n").unwrap();
    let out = run(&["inspect", "--file", empty.to_str().unwrap()], "");
    std::fs::remove_file(&empty).unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out), "usertoken: no token in the input\n");
    // An empty argument is an input: an unreadable one.
    let out = run(&["inspect", ""], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).starts_with("not a readable token: the input is empty"));
    assert_eq!(stderr(&out), "");
}

#[test]
fn man_pages() {
    let main = run(&["man"], "");
    assert_eq!(main.status.code(), Some(0));
    let page = stdout(&main);
    assert!(page.contains(".TH usertoken 1"), "{page}");
    for command in ["inspect", "summary", "compare", "completions"] {
        assert!(page.contains(command), "{command}");
    }
    let inspect = run(&["man", "inspect"], "");
    assert_eq!(inspect.status.code(), Some(0));
    let page = stdout(&inspect);
    assert!(page.contains(".TH usertoken-inspect 1"), "{page}");
    assert!(page.contains("sandbox") && page.contains("summary") && page.contains("table"));
    let unknown = run(&["man", "frobnicate"], "");
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).starts_with("usertoken: no command named \"frobnicate\""));
}

#[test]
fn table_columns_line_up_whatever_the_claims_hold() {
    let iat = 1_700_000_000 - 600;
    let rows = [
        signed("argyle-core-auth-prod", "😀שלום", "e\u{301}é", iat),
        signed("argyle-core-auth-prod", "ab😀cdefghij", "a\0b", iat),
        signed("argyle-core-auth-prod", "\u{202e}x", "abcdefghi", iat),
        signed("argyle-core-auth-prod", USER, CLIENT, iat),
    ];
    let args: Vec<&str> = ["inspect", "--table", "--now", NOW]
        .into_iter()
        .chain(rows.iter().map(String::as_str))
        .collect();
    let out = run_env(&args, "", &[], &[]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    // Every cell but `…` is ASCII, and `…` is one column wide: a column
    // starts at the same character in every row.
    let column = |line: &str, at: &str| line.find(at).map(|i| line[..i].chars().count());
    let issued = column(lines[0], "issued").unwrap();
    for row in &lines[1..5] {
        assert_eq!(column(row, "2023-11-14"), Some(issued), "{text}");
        assert!(row.chars().all(|c| c.is_ascii() || c == '…'), "{row}");
    }
    let cells = |row: &str| row.chars().skip(37).take(22).collect::<String>();
    // An escape is never cut: `…` stands for what does not fit.
    assert_eq!(cells(lines[1]), "…          e\\u{301}…  ");
    assert_eq!(cells(lines[2]), "ab…        a\\u{0}b    ");
    assert_eq!(cells(lines[3]), "\\u{202e}x  abcdefghi  ");
    assert_eq!(cells(lines[4]), "017f8978…  0d9b5bf3…  ");
}
