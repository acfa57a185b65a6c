//! The order of the output: by path, then offset, the same whatever the
//! thread count.

use super::*;

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
    let found = json_lines(&one);
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
