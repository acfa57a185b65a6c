//! The command-line tool.

use std::path::PathBuf;
use std::process::Output;

use serde_json::{json, Value};
use usertoken::Fingerprint;

use super::*;
use crate::common::json_lines;

#[track_caller]
fn run(args: &[&str], stdin: &str) -> Output {
    crate::common::cli(args)
        .stdin(stdin)
        .secret(&[token(), other_token()])
        .run()
}

#[test]
fn one_json_line_per_token() {
    let (t, o) = (token(), other_token());
    let log = format!("start\nAuthorization: Bearer {t}\nx\n{o},{t}\n");
    let out = run(&["scan", "--now", "1652481484", "-"], &log);
    assert_eq!(out.status.code(), Some(1), "tokens found");
    let fp = Fingerprint::of(t.as_bytes()).to_string();
    let found = json_lines(&out);
    assert_eq!(
        found[0],
        json!({
            "file": "-", "offset": 28, "line": 2, "column": 23, "length": t.len(),
            "kind": "jws",
            "fingerprint": fp, "issuer": "argyle-core-auth-prod",
            "environment": "production",
            "user_id": "017f8978-bbfd-ff64-18ce-d59f99bf51c2",
            "client_id": "0d9b5bf3-97fa-4757-a136-b2a03d171414",
            "expires_at": "2022-05-13T22:38:05Z", "expired": false,
        })
    );
    assert_eq!(found.len(), 3);
    assert_eq!(found[1]["line"], 4);
    assert_eq!(found[1]["environment"], "sandbox");
    assert_eq!(found[1]["user_id"], Value::Null);
    assert_eq!(found[1]["expired"], true);
    assert_eq!(found[2]["offset"], 28 + t.len() + 3 + o.len() + 1);
    assert_eq!(found[2]["fingerprint"], found[0]["fingerprint"]);
}

#[test]
fn files_in_order_and_missing_ones_named() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let a = dir.join("scan-a.log");
    std::fs::write(&a, format!("{}\n", token())).unwrap();
    let missing = dir.join("scan-missing.log");
    let jwe = format!(
        "{}.a2V5.aXY.Y2lwaGVy.dGFn",
        super::b64(r#"{"alg":"RSA-OAEP","enc":"A256GCM"}"#)
    );
    let out = run(
        &[
            "scan",
            "--now",
            "0",
            missing.to_str().unwrap(),
            a.to_str().unwrap(),
            "-",
        ],
        &format!("\n\n({jwe})"),
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "usertoken: cannot read {}: no such file or directory\n",
            missing.display()
        )
    );
    let found = json_lines(&out);
    assert_eq!(found.len(), 2);
    assert_eq!(found[0]["file"], a.to_str().unwrap());
    assert_eq!(found[1]["file"], "-");
    assert_eq!(found[1]["kind"], "jwe");
    assert_eq!(found[1]["line"], 3);
    assert_eq!(found[1]["offset"], 3);
    assert_eq!(found[1]["environment"], Value::Null);
}
