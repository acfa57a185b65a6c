//! The formats: JSON lines, text, the summary and SARIF.

use super::*;

#[test]
fn jsonl_findings_carry_file_line_and_column() {
    let t = live_production();
    let tree = Tree::new("jsonl");
    tree.write("a.log", format!("one\nnaïve → Bearer {t}\n"));
    let found = json_lines(&tree.scan(&["a.log"]));
    assert_eq!(found.len(), 1);
    assert_eq!(
        (&found[0]["file"], &found[0]["line"], &found[0]["column"]),
        (&json!("a.log"), &json!(2), &json!(16))
    );
    assert_eq!(found[0]["offset"], 4 + "naïve → Bearer ".len());
    assert_eq!(found[0]["environment"], "production");
    assert_eq!(found[0]["expired"], false);
}

#[test]
fn text_lines_name_place_environment_user_expiry_and_fingerprint() {
    let (live, old) = (live_production(), expired_production());
    let tree = Tree::new("text");
    tree.write("a.log", format!("{live}\n  {old}\n"));
    let out = tree.scan(&["--format", "text", "a.log"]);
    let fp = |t: &str| usertoken::Fingerprint::of(t.as_bytes()).to_string();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!(
            "a.log:1:1: production token for user u-live-prod, live until 2027-01-15T08:00:00Z, fingerprint {}\n\
             a.log:2:3: production token for user u-old-prod, expired 2020-09-13T12:26:40Z, fingerprint {}\n",
            fp(&live),
            fp(&old)
        )
    );
}

#[test]
fn text_lines_escape_control_characters_from_claims() {
    let evil = jwt(json!({ "iss": "argyle-core-auth-prod", "user_id": "a\u{1b}[2Jb\u{202e}c" }));
    let tree = Tree::new("escape");
    tree.write("a.log", format!("{evil}\n"));
    let out = tree.scan_with(&["--format", "text", "a.log"], std::slice::from_ref(&evil));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("for user a\\u{1b}[2Jb\\u{202e}c, no expiry"),
        "{text}"
    );
}

#[test]
fn summary_counts_distinct_tokens_and_users_beside_occurrences() {
    let tree = Tree::new("summary");
    let (live, old, sandbox) = (live_production(), expired_production(), live_sandbox());
    // The live production token three times, in two files.
    tree.write("a.log", format!("{live}\n{old}\n{live}\n"))
        .write("b/c.log", format!("{sandbox}\n{live}\n"))
        .write("d.txt", "nothing here\n");
    let out = tree.scan(&["--summary", "--fail-on", "live-production", "."]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        json_lines(&out),
        [json!({
            "tokens": 5, "live": 4, "expired": 1,
            "distinct": { "tokens": 3, "users": 3, "live": 2, "expired": 1 },
            "known": 0, "matched": 3,
            "files_scanned": 3, "files_with_tokens": 2, "binary_skipped": 0,
            "links_to_directories_skipped": 0, "dangling_links": 0, "unreadable": 0,
            "environments": {
                "production": {
                    "tokens": 4, "live": 3, "expired": 1,
                    "distinct": { "tokens": 2, "live": 1, "expired": 1 },
                },
                "sandbox": {
                    "tokens": 1, "live": 1, "expired": 0,
                    "distinct": { "tokens": 1, "live": 1, "expired": 0 },
                },
            },
            "files": [{ "file": "./a.log", "tokens": 3 }, { "file": "./b/c.log", "tokens": 2 }],
        })]
    );
    let out = tree.scan(&["--summary", "--format", "text", "."]);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "3 distinct tokens of 3 users: 2 live, 1 expired\n\
         5 occurrences in 2 of 3 files: 4 live, 1 expired\n\
         \x20 production   2 distinct tokens (1 live), 4 occurrences\n\
         \x20 sandbox      1 distinct token (1 live), 1 occurrence\n\
         files\n\
         \x20 ./a.log  3\n\
         \x20 ./b/c.log  2\n"
    );
}

#[test]
fn sarif_has_a_rule_per_sort_of_finding_and_locates_each_result() {
    let damaged = format!(
        "{}.{}",
        "eyJhbGciOiJIUzI1NiJ9", "eyJpc3MiOiJhcmd5bGUtY29yZS1hdXRoLXByb2QiLCJ1c2VyX2lkIjoidTEifQ"
    );
    let unsigned = format!("{}.eyJ1c2VyX2lkIjoidTIifQ.", "eyJhbGciOiJub25lIn0");
    let tree = Tree::new("sarif");
    tree.write(
        "src/config dir/app.yaml",
        format!(
            "prod: {}\nold: {}\nsandbox:\n    {}\nunsigned: {unsigned}\ncut: {damaged}\n",
            live_production(),
            expired_production(),
            live_sandbox()
        ),
    );
    let out = tree.scan_with(
        &["--format", "sarif", "."],
        &[damaged.clone(), unsigned.clone()],
    );
    assert_eq!(out.status.code(), Some(1));
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        [
            "usertoken/live-production-token",
            "usertoken/live-sandbox-token",
            "usertoken/live-token",
            "usertoken/expired-token",
            "usertoken/unsigned-token",
            "usertoken/damaged-token",
            "usertoken/encrypted-token",
        ]
    );
    let results = run["results"].as_array().unwrap();
    let got: Vec<(&str, &str, u64, u64)> = results
        .iter()
        .map(|r| {
            let region = &r["locations"][0]["physicalLocation"]["region"];
            (
                r["ruleId"].as_str().unwrap(),
                r["level"].as_str().unwrap(),
                region["startLine"].as_u64().unwrap(),
                region["startColumn"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("usertoken/live-production-token", "error", 1, 7),
            ("usertoken/expired-token", "note", 2, 6),
            ("usertoken/live-sandbox-token", "warning", 4, 5),
            ("usertoken/unsigned-token", "warning", 5, 11),
            ("usertoken/damaged-token", "warning", 6, 6),
        ]
    );
    for (r, rule) in results.iter().zip([0, 3, 1, 4, 5]) {
        assert_eq!(r["ruleIndex"], rule);
        assert_eq!(
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "src/config%20dir/app.yaml"
        );
        let fp = r["partialFingerprints"]["usertokenFingerprint/v1"]
            .as_str()
            .unwrap();
        assert_eq!(fp.len(), 16);
        assert!(r["message"]["text"]
            .as_str()
            .unwrap()
            .ends_with(&format!("(fingerprint {fp})")));
    }
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
}

#[test]
fn sarif_names_unreadable_inputs_and_is_whole_when_empty() {
    let tree = Tree::new("sarif-empty");
    tree.write("clean.txt", "no tokens\n");
    let out = tree.scan(&["--format", "sarif", "clean.txt", "missing"]);
    assert_eq!(out.status.code(), Some(1));
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    let run = &log["runs"][0];
    assert_eq!(run["results"], json!([]));
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
    assert_eq!(
        run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"],
        "cannot read missing: no such file or directory"
    );
}
