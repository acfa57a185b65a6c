//! `usertoken scan` over directory trees: the walk (ignore files, hidden
//! files, binary files, symbolic links, unreadable paths), the order of the
//! output whatever the thread count, the formats, the exit policies and
//! baselines. Every run goes through the shared leak check.
#![cfg(feature = "cli")]

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use jsonwebtoken::{EncodingKey, Header};
use serde_json::{json, Value};

/// The instant every run judges time at.
const NOW: &str = "1700000000";

fn jwt(claims: Value) -> String {
    jsonwebtoken::encode(&Header::default(), &claims, &EncodingKey::from_secret(b"k")).unwrap()
}

/// A live production token (expires after `NOW`).
fn live_production() -> String {
    jwt(json!({
        "iss": "argyle-core-auth-prod", "user_id": "u-live-prod", "exp": 1_800_000_000,
    }))
}

/// An expired production token.
fn expired_production() -> String {
    jwt(json!({ "iss": "argyle-core-auth-prod", "user_id": "u-old-prod", "exp": 1_600_000_000 }))
}

/// A live sandbox token.
fn live_sandbox() -> String {
    jwt(json!({ "iss": "argyle-core-auth-sandbox", "user_id": "u-sandbox", "exp": 1_800_000_000 }))
}

/// A token numbered `n`, unique to it.
fn numbered(n: usize) -> String {
    jwt(json!({ "iss": "argyle-core-auth-sandbox", "user_id": format!("u{n}"), "exp": 1 }))
}

fn all_tokens() -> Vec<String> {
    vec![live_production(), expired_production(), live_sandbox()]
}

/// A directory under the system's temporary directory, removed when
/// dropped.
struct Tree(PathBuf);

impl Tree {
    fn new(name: &str) -> Tree {
        let dir =
            std::env::temp_dir().join(format!("usertoken-scan-tree-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        Tree(dir)
    }

    fn write(&self, path: &str, contents: impl AsRef<[u8]>) -> &Tree {
        let path = self.0.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
        self
    }

    fn path(&self) -> &Path {
        &self.0
    }

    /// `usertoken scan --now NOW ARGS` in the tree, through the leak check.
    #[track_caller]
    fn scan(&self, args: &[&str]) -> Output {
        self.scan_with(args, &[])
    }

    #[track_caller]
    fn scan_with(&self, args: &[&str], extra: &[String]) -> Output {
        let mut all = vec!["scan", "--now", NOW];
        all.extend(args);
        let mut tokens = all_tokens();
        tokens.extend(extra.iter().cloned());
        let tokens: Vec<&str> = tokens.iter().map(String::as_str).collect();
        common::run_in(&self.0, &all, b"", &tokens)
    }
}

impl Drop for Tree {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn lines(output: &Output) -> Vec<Value> {
    std::str::from_utf8(&output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The files named in the findings, in order, each once.
fn files(output: &Output) -> Vec<String> {
    let mut files: Vec<String> = Vec::new();
    for line in lines(output) {
        let file = line["file"].as_str().unwrap().to_owned();
        if files.last() != Some(&file) {
            files.push(file);
        }
    }
    files
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn gitignore_and_ignore_files_are_honoured_unless_no_ignore() {
    let t = live_production();
    let tree = Tree::new("ignore");
    tree.write(".gitignore", "build/\n*.tmp\n")
        .write(".ignore", "vendor/\n")
        .write("src/app.log", format!("token={t}\n"))
        .write("build/out.log", format!("{t}\n"))
        .write("notes.tmp", format!("{t}\n"))
        .write("vendor/lib.txt", format!("{t}\n"))
        .write("src/.gitignore", "local.txt\n")
        .write("src/local.txt", format!("{t}\n"));
    let out = tree.scan(&["--fail-on", "none", "."]);
    assert_eq!(files(&out), ["./src/app.log"]);
    assert_eq!(out.status.code(), Some(0));
    let out = tree.scan(&["--fail-on", "none", "--no-ignore", "."]);
    assert_eq!(
        files(&out),
        [
            "./build/out.log",
            "./notes.tmp",
            "./src/app.log",
            "./src/local.txt",
            "./vendor/lib.txt"
        ]
    );
}

#[test]
fn hidden_files_and_directories_only_with_hidden() {
    let t = live_sandbox();
    let tree = Tree::new("hidden");
    tree.write(".env", format!("TOKEN={t}\n"))
        .write(".config/app.json", format!("{{\"token\":\"{t}\"}}\n"))
        .write("visible.txt", format!("{t}\n"));
    assert_eq!(files(&tree.scan(&["."])), ["./visible.txt"]);
    assert_eq!(
        files(&tree.scan(&["--hidden", "."])),
        ["./.config/app.json", "./.env", "./visible.txt"]
    );
    // A hidden file named on the command line is read.
    assert_eq!(files(&tree.scan(&[".env"])), [".env"]);
}

#[test]
fn binary_files_are_skipped_when_walked_and_read_when_named() {
    let t = live_production();
    let tree = Tree::new("binary");
    let mut binary = b"\x7fELF\x02\x01\x01\0\0\0".to_vec();
    binary.extend(format!(" {t} ").as_bytes());
    // A NUL past the first block does not make a file binary.
    let mut late = format!("{t}\n").into_bytes();
    late.extend(vec![b'x'; 9000]);
    late.push(0);
    tree.write("a.bin", &binary)
        .write("b.log", &late)
        .write("c.txt", format!("{t}\n"));
    let out = tree.scan(&["--summary", "."]);
    assert_eq!(lines(&out)[0]["binary_skipped"], 1);
    assert_eq!(files(&tree.scan(&["."])), ["./b.log", "./c.txt"]);
    assert_eq!(files(&tree.scan(&["a.bin"])), ["a.bin"]);
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_followed_only_with_follow() {
    let t = live_production();
    let tree = Tree::new("links");
    let outside = Tree::new("links-outside");
    outside.write("secret.log", format!("{t}\n"));
    tree.write("real.txt", format!("{t}\n"));
    std::os::unix::fs::symlink(
        outside.path().join("secret.log"),
        tree.path().join("link.log"),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), tree.path().join("linked-dir")).unwrap();
    assert_eq!(files(&tree.scan(&["."])), ["./real.txt"]);
    assert_eq!(
        files(&tree.scan(&["-L", "."])),
        ["./link.log", "./linked-dir/secret.log", "./real.txt"]
    );
}

#[cfg(unix)]
#[test]
fn an_unreadable_path_is_named_and_the_rest_still_scanned() {
    // Root may read any file whatever its mode, so the unreadable inputs
    // here are a path that does not exist and a link to nowhere, followed.
    let t = live_production();
    let tree = Tree::new("unreadable");
    tree.write("a.log", format!("{t}\n"))
        .write("z.log", format!("{t}\n"));
    std::os::unix::fs::symlink(tree.path().join("gone"), tree.path().join("m.log")).unwrap();
    let out = tree.scan(&["--fail-on", "none", "missing.log", "."]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "usertoken: cannot read missing.log: no such file or directory\n"
    );
    assert_eq!(files(&out), ["./a.log", "./z.log"]);
    // Followed, the dangling link cannot be read: named in its place.
    let out = tree.scan(&["--fail-on", "none", "-L", "."]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "usertoken: cannot read ./m.log: no such file or directory\n"
    );
    assert_eq!(files(&out), ["./a.log", "./z.log"]);
    // Unfollowed, a link is not read at all: nothing is wrong.
    assert_eq!(
        tree.scan(&["--fail-on", "none", "."]).status.code(),
        Some(0)
    );
}

/// A tree of many files in nested directories, some with many tokens, so
/// that outputs are buffered, streamed and handed on out of order.
fn busy_tree(name: &str) -> (Tree, Vec<String>) {
    let tree = Tree::new(name);
    let tokens: Vec<String> = (0..40).map(numbered).collect();
    for i in 0..60 {
        let mut text = String::new();
        // Every seventh file is big: hundreds of findings.
        let count = if i % 7 == 3 { 600 } else { i % 4 };
        for n in 0..count {
            let t = &tokens[(i + n) % tokens.len()];
            text.push_str(&format!("line {n} é Bearer {t} x\n"));
        }
        tree.write(&format!("d{}/sub{}/f{i:02}.log", i % 3, i % 2), text);
    }
    (tree, tokens)
}

#[test]
fn output_is_the_same_on_any_number_of_threads_sorted_by_path_then_offset() {
    let (tree, tokens) = busy_tree("order");
    let one = tree.scan_with(&["-j", "1", "."], &tokens);
    assert_eq!(one.status.code(), Some(1));
    for threads in ["2", "4", "7"] {
        let many = tree.scan_with(&["-j", threads, "."], &tokens);
        assert!(many.stdout == one.stdout, "-j {threads} differs from -j 1");
        assert_eq!(many.status.code(), Some(1));
    }
    let found = lines(&one);
    assert!(found.len() > 3000, "{} findings", found.len());
    let keys: Vec<(PathBuf, u64)> = found
        .iter()
        .map(|f| {
            (
                PathBuf::from(f["file"].as_str().unwrap()),
                f["offset"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    let text = tree.scan_with(&["-j", "3", "--format", "text", "."], &tokens);
    assert!(
        text.stdout
            == tree
                .scan_with(&["-j", "1", "--format", "text", "."], &tokens)
                .stdout
    );
}

#[test]
fn jsonl_findings_carry_file_line_and_column() {
    let t = live_production();
    let tree = Tree::new("jsonl");
    tree.write("a.log", format!("one\nnaïve → Bearer {t}\n"));
    let found = lines(&tree.scan(&["a.log"]));
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
fn each_fail_on_policy_sets_the_exit_status() {
    let cases: [(&str, Vec<String>, [i32; 5]); 4] = [
        // none, any, live, production, live-production
        ("live-prod", vec![live_production()], [0, 1, 1, 1, 1]),
        ("old-prod", vec![expired_production()], [0, 1, 0, 1, 0]),
        ("sandbox", vec![live_sandbox()], [0, 1, 1, 0, 0]),
        ("clean", vec![], [0, 0, 0, 0, 0]),
    ];
    let policies = ["none", "any", "live", "production", "live-production"];
    for (name, tokens, codes) in cases {
        let tree = Tree::new(&format!("policy-{name}"));
        let text: String = tokens.iter().map(|t| format!("x {t} y\n")).collect();
        tree.write("logs/app.log", format!("start\n{text}end\n"));
        for (policy, code) in policies.iter().zip(codes) {
            let out = tree.scan(&["--fail-on", policy, "."]);
            assert_eq!(out.status.code(), Some(code), "{name} --fail-on {policy}");
        }
        // The default for paths is `any`; for standard input, `none`.
        assert_eq!(tree.scan(&["."]).status.code(), Some(codes[1]), "{name}");
        let stdin = common::cli(&["scan", "--now", NOW])
            .stdin(&text)
            .secret(&all_tokens())
            .may_close_stdin()
            .run();
        assert_eq!(stdin.status.code(), Some(0), "{name} on standard input");
    }
}

#[test]
fn usage_errors_exit_2() {
    let tree = Tree::new("usage");
    tree.write("bad-baseline", "702a866402c991f1 fine\nnot-hex a note\n");
    let out = tree.scan(&["--fail-on", "sometimes", "."]);
    assert_eq!(out.status.code(), Some(2));
    let out = tree.scan(&["--summary", "--format", "sarif", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "usertoken: --summary has no SARIF form: use --format jsonl or text\n"
    );
    let out = tree.scan(&["--baseline", "bad-baseline", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "usertoken: invalid fingerprint on line 2 of the baseline bad-baseline: expected 16 hex digits\n"
    );
    let out = tree.scan(&["--baseline", "no-such-baseline", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "usertoken: cannot read the baseline no-such-baseline: no such file or directory\n"
    );
    assert_eq!(tree.scan(&["-j", "0", "."]).status.code(), Some(2));
}

#[test]
fn a_baseline_written_then_read_hides_the_known_tokens_only() {
    let (live, old, sandbox) = (live_production(), expired_production(), live_sandbox());
    let tree = Tree::new("baseline");
    tree.write("a.log", format!("{live}\n{old}\n{live}\n"));
    let out = tree.scan(&["--write-baseline", "known.txt", "a.log"]);
    // The findings are reported, and none fails the run.
    assert_eq!((out.status.code(), lines(&out).len()), (Some(0), 3));
    let written = fs::read_to_string(tree.path().join("known.txt")).unwrap();
    let fp = |t: &str| usertoken::Fingerprint::of(t.as_bytes()).to_string();
    let entries: Vec<&str> = written.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(
        entries,
        [
            format!("{} first seen at a.log:1:1 (production jws)", fp(&live)),
            format!("{} first seen at a.log:2:1 (production jws)", fp(&old)),
        ]
    );
    for t in [&live, &old] {
        assert!(
            !written.contains(&t[t.len() - 20..]),
            "token text in the baseline"
        );
    }
    let out = tree.scan(&["--baseline", "known.txt", "a.log"]);
    assert_eq!((out.status.code(), out.stdout.len()), (Some(0), 0));
    // A new token is still reported.
    tree.write("b.log", format!("{sandbox}\n"));
    let out = tree.scan(&["--baseline", "known.txt", "--format", "text", "."]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        files(&tree.scan(&["--baseline", "known.txt", "."])),
        ["./b.log"]
    );
    let out = tree.scan(&["--baseline", "known.txt", "--summary", "."]);
    assert_eq!(lines(&out)[0]["known"], 3);
    assert_eq!(lines(&out)[0]["tokens"], 1);
    // Rewriting keeps the old entries and their notes, then adds the new.
    fs::write(
        tree.path().join("known.txt"),
        written.replace(
            "first seen at a.log:1:1 (production jws)",
            "the docs' example",
        ),
    )
    .unwrap();
    let out = tree.scan(&[
        "--baseline",
        "known.txt",
        "--write-baseline",
        "known.txt",
        ".",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let rewritten = fs::read_to_string(tree.path().join("known.txt")).unwrap();
    let entries: Vec<&str> = rewritten.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(
        entries,
        [
            format!("{} the docs' example", fp(&live)),
            format!("{} first seen at a.log:2:1 (production jws)", fp(&old)),
            format!("{} first seen at ./b.log:1:1 (sandbox jws)", fp(&sandbox)),
        ]
    );
    assert_eq!(
        tree.scan(&["--baseline", "known.txt", "."]).status.code(),
        Some(0)
    );
}

#[test]
fn summary_counts_per_environment_live_expired_and_file() {
    let tree = Tree::new("summary");
    tree.write(
        "a.log",
        format!("{}\n{}\n", live_production(), expired_production()),
    )
    .write("b/c.log", format!("{}\n", live_sandbox()))
    .write("d.txt", "nothing here\n");
    let out = tree.scan(&["--summary", "--fail-on", "live-production", "."]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        lines(&out),
        [json!({
            "tokens": 3, "live": 2, "expired": 1, "known": 0, "matched": 1,
            "files_scanned": 3, "files_with_tokens": 2, "binary_skipped": 0, "unreadable": 0,
            "environments": {
                "production": { "tokens": 2, "live": 1, "expired": 1 },
                "sandbox": { "tokens": 1, "live": 1, "expired": 0 },
            },
            "files": [{ "file": "./a.log", "tokens": 2 }, { "file": "./b/c.log", "tokens": 1 }],
        })]
    );
    let out = tree.scan(&["--summary", "--format", "text", "."]);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "3 tokens in 2 of 3 files: 2 live, 1 expired\n\
         \x20 production   2 tokens: 1 live, 1 expired\n\
         \x20 sandbox      1 token: 1 live, 0 expired\n\
         files\n\
         \x20 ./a.log  2\n\
         \x20 ./b/c.log  1\n"
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

#[test]
fn this_repository_is_clean_with_its_baseline() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = common::run_in(
        root,
        &[
            "scan",
            "--now",
            NOW,
            "--baseline",
            ".usertoken-baseline",
            ".",
        ],
        b"",
        &[],
    );
    assert_eq!(
        (out.status.code(), String::from_utf8_lossy(&out.stdout)),
        (Some(0), "".into()),
        "tokens not in .usertoken-baseline: add them with \
         `usertoken scan --baseline .usertoken-baseline --write-baseline .usertoken-baseline .` \
         and say in each note why the token is known"
    );
}
