//! `usertoken scan` over directory trees: the walk (ignore files, hidden
//! files, binary files, symbolic links, unreadable paths), the order of the
//! output whatever the thread count, the formats, the exit policies and
//! baselines. Every run goes through the shared leak check.
#![cfg(feature = "cli")]

#[path = "../common/mod.rs"]
mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::json_lines;
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

/// The files named in the findings, in order, each once.
fn files(output: &Output) -> Vec<String> {
    let mut files: Vec<String> = Vec::new();
    for line in json_lines(output) {
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

mod baselines;
mod exit;
mod formats;
mod order;
mod walk;
