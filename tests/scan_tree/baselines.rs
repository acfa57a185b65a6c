//! Baselines: written, read and rewritten, and this repository clean with
//! its own.

use super::*;

#[test]
fn a_baseline_written_then_read_hides_the_known_tokens_only() {
    let (live, old, sandbox) = (live_production(), expired_production(), live_sandbox());
    let tree = Tree::new("baseline");
    tree.write("a.log", format!("{live}\n{old}\n{live}\n"));
    let out = tree.scan(&["--write-baseline", "known.txt", "a.log"]);
    // The findings are reported, and none fails the run.
    assert_eq!((out.status.code(), json_lines(&out).len()), (Some(0), 3));
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
    assert_eq!(json_lines(&out)[0]["known"], 3);
    assert_eq!(json_lines(&out)[0]["tokens"], 1);
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
            // The committed files: not the build's output.
            "--respect-ignore",
            ".",
        ],
        b"",
        &[],
    );
    assert_eq!(
        (out.status.code(), String::from_utf8_lossy(&out.stdout)),
        (Some(0), "".into()),
        "tokens not in .usertoken-baseline: add them with \
         `usertoken scan --respect-ignore --baseline .usertoken-baseline --write-baseline .usertoken-baseline .` \
         and say in each note why the token is known"
    );
}
