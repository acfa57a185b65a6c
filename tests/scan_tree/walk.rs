//! The walk: ignore files, hidden files, binary files, symbolic links,
//! unreadable paths.

use super::*;

#[test]
fn ignored_and_hidden_files_are_read_unless_respect_ignore() {
    let t = live_production();
    let tree = Tree::new("ignore");
    tree.write(".gitignore", "build/\n*.tmp\n")
        .write(".ignore", "vendor/\n")
        .write("src/app.log", format!("token={t}\n"))
        .write("build/out.log", format!("{t}\n"))
        .write("notes.tmp", format!("{t}\n"))
        .write("vendor/lib.txt", format!("{t}\n"))
        .write("src/.gitignore", "local.txt\n")
        .write("src/local.txt", format!("{t}\n"))
        .write(".env", format!("TOKEN={t}\n"))
        .write(".github/workflows/ci.yml", format!("token: {t}\n"))
        // The repository's own directory is history: not read.
        .write(".git/objects/ab/cdef", format!("{t}\n"));
    let out = tree.scan(&["--fail-on", "none", "."]);
    assert_eq!(
        files(&out),
        [
            "./.env",
            "./.github/workflows/ci.yml",
            "./build/out.log",
            "./notes.tmp",
            "./src/app.log",
            "./src/local.txt",
            "./vendor/lib.txt"
        ]
    );
    assert_eq!(out.status.code(), Some(0));
    let out = tree.scan(&["--fail-on", "none", "--respect-ignore", "."]);
    assert_eq!(files(&out), ["./src/app.log"]);
    // A hidden or ignored file named on the command line is read.
    assert_eq!(files(&tree.scan(&["--respect-ignore", ".env"])), [".env"]);
    // With no path, the current directory is scanned.
    let out = common::run_in(
        tree.path(),
        &["scan", "--now", NOW, "--respect-ignore"],
        b"",
        &[],
    );
    assert_eq!(files(&out), ["./src/app.log"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn binary_files_are_read_as_bytes_unless_skip_binary() {
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
    assert_eq!(files(&tree.scan(&["."])), ["./a.bin", "./b.log", "./c.txt"]);
    let out = tree.scan(&["--skip-binary", "."]);
    assert_eq!(files(&out), ["./b.log", "./c.txt"]);
    assert_eq!(
        stderr(&out),
        "usertoken: skipped 1 binary file (--skip-binary)\n"
    );
    let out = tree.scan(&["--skip-binary", "--summary", "."]);
    assert_eq!(json_lines(&out)[0]["binary_skipped"], 1);
    assert_eq!(files(&tree.scan(&["--skip-binary", "a.bin"])), ["a.bin"]);
}

#[test]
fn utf16_files_are_text_when_walked() {
    let t = live_production();
    let tree = Tree::new("utf16");
    let text = format!("PS> Invoke-RestMethod -Token {t}\r\n");
    let mut with_mark = vec![0xFF, 0xFE];
    with_mark.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let big: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    tree.write("transcript.txt", &with_mark)
        .write("event.log", &big);
    let out = tree.scan(&["--format", "jsonl", "."]);
    let lines = json_lines(&out);
    assert_eq!(files(&out), ["./event.log", "./transcript.txt"]);
    assert_eq!(lines[0]["encoding"], "utf-16be");
    assert_eq!(lines[1]["encoding"], "utf-16le");
    // Offsets are the file's bytes; the column counts characters (the
    // mark is one).
    let at = "PS> Invoke-RestMethod -Token ".len();
    assert_eq!(lines[0]["offset"], 2 * at);
    assert_eq!(lines[1]["offset"], 2 + 2 * at);
    assert_eq!(lines[1]["column"], at + 2);
    assert_eq!(lines[1]["length"], 2 * t.len());
}

#[cfg(unix)]
#[test]
fn links_to_files_are_followed_and_links_to_directories_with_follow() {
    let t = live_production();
    let tree = Tree::new("links");
    let outside = Tree::new("links-outside");
    outside.write("secret.log", format!("{t}\n"));
    tree.write("real.txt", format!("{t}\n"));
    let link = |target: &Path, name: &str| {
        std::os::unix::fs::symlink(target, tree.path().join(name)).unwrap();
    };
    link(&outside.path().join("secret.log"), "link.log");
    // A second link to the same file, and a link to a file the walk reads
    // anyway: each file is read once.
    link(&outside.path().join("secret.log"), "same.log");
    link(&tree.path().join("real.txt"), "again.txt");
    link(outside.path(), "linked-dir");
    let out = tree.scan(&["."]);
    assert_eq!(files(&out), ["./link.log", "./real.txt"]);
    assert_eq!(
        stderr(&out),
        "usertoken: skipped 1 symbolic link to a directory (--follow follows them)\n"
    );
    assert_eq!(
        files(&tree.scan(&["-L", "."])),
        [
            "./again.txt",
            "./link.log",
            "./linked-dir/secret.log",
            "./real.txt",
            "./same.log"
        ]
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
        "usertoken: cannot read missing.log: no such file or directory\n\
         usertoken: skipped 1 symbolic link to nothing\n"
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
    // Unfollowed, a link to nothing is counted, and nothing is wrong.
    let out = tree.scan(&["--fail-on", "none", "."]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stderr(&out),
        "usertoken: skipped 1 symbolic link to nothing\n"
    );
}
