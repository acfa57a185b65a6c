//! The library's layers stay in one order: every `crate::` path in
//! `src/` (outside `src/bin/`) names its own layer or one below, and no two
//! files of one layer import each other round in a cycle. The order is the
//! one written at the top of `src/lib.rs`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Bottom to top. A folder of `src/` is a layer; the files directly in
/// `src/` (other than `lib.rs`) are the shared bottom.
const LAYERS: [&str; 8] = [
    "bottom", "decode", "find", "read", "verify", "inspect", "redact", "render",
];

/// A file's module path (`find::escape`, `error`) from its path under
/// `src/`.
fn module(path: &str) -> (String, String) {
    let path = path.trim_end_matches(".rs");
    match path.split_once('/') {
        Some((folder, file)) => (folder.to_string(), file.replace('/', "::")),
        None => ("bottom".to_string(), path.to_string()),
    }
}

fn rank(layer: &str) -> Option<usize> {
    LAYERS.iter().position(|l| *l == layer)
}

/// The code of a file without its comments (doc links name re-exports
/// and are no imports).
fn code(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn ident(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    &text[..end]
}

/// The paths after each `crate::` and `super::` in `code`, each as its
/// first two segments (`["find", "scan"]`); a `crate::{a::b, c}` group
/// gives one path per member.
fn imports(code: &str) -> Vec<(bool, Vec<String>)> {
    let mut out = Vec::new();
    for (prefix, is_super) in [("crate::", false), ("super::", true)] {
        let mut rest = code;
        while let Some(at) = rest.find(prefix) {
            let before = rest[..at].chars().next_back();
            rest = &rest[at + prefix.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let members: Vec<&str> = if let Some(group) = rest.strip_prefix('{') {
                let mut depth = 1;
                let end = group
                    .char_indices()
                    .find(|&(_, c)| {
                        depth += match c {
                            '{' => 1,
                            '}' => -1,
                            _ => 0,
                        };
                        depth == 0
                    })
                    .map_or(group.len(), |(i, _)| i);
                let mut members = Vec::new();
                let (mut depth, mut from) = (0, 0);
                for (i, c) in group[..end].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        ',' if depth == 0 => {
                            members.push(group[from..i].trim());
                            from = i + 1;
                        }
                        _ => {}
                    }
                }
                members.push(group[from..end].trim());
                members
            } else {
                vec![rest]
            };
            for member in members.into_iter().filter(|m| !m.is_empty()) {
                let first = ident(member);
                let second = member[first.len()..]
                    .strip_prefix("::")
                    .map(|s| ident(s.trim_start_matches(['{', ' ', '\n'])))
                    .unwrap_or("");
                out.push((is_super, vec![first.to_string(), second.to_string()]));
            }
        }
    }
    out
}

/// Every broken rule in `files` (path under `src/`, text), as a sentence
/// that names the file and the import.
fn violations(files: &[(String, String)]) -> Vec<String> {
    let folders: BTreeSet<String> = files
        .iter()
        .filter_map(|(path, _)| path.split_once('/').map(|(f, _)| f.to_string()))
        .collect();
    let mut problems = Vec::new();
    // Edges between files of one layer: (layer, file) -> files it uses.
    let mut edges: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for (path, text) in files {
        let (layer, file) = module(path);
        let Some(own) = rank(&layer) else {
            problems.push(format!(
                "src/{path}: the folder `{layer}` is in no layer of tests/layers.rs"
            ));
            continue;
        };
        let file_top = file.split("::").next().unwrap_or("").to_string();
        for (is_super, segments) in imports(&code(text)) {
            let (target_layer, target_file) = if is_super {
                (layer.clone(), segments[0].clone())
            } else if folders.contains(&segments[0]) {
                (segments[0].clone(), segments[1].clone())
            } else if segments[0].starts_with(|c: char| c.is_ascii_lowercase()) {
                ("bottom".to_string(), segments[0].clone())
            } else {
                problems.push(format!(
                    "src/{path}: `crate::{}` goes through the crate root; name the module it lives in",
                    segments[0]
                ));
                continue;
            };
            let Some(target) = rank(&target_layer) else {
                problems.push(format!(
                    "src/{path}: `crate::{}` names no layer",
                    segments.join("::")
                ));
                continue;
            };
            if target > own {
                problems.push(format!(
                    "src/{path} (layer {layer}) imports `crate::{}` from the layer above, {target_layer}",
                    segments.join("::")
                ));
            } else if target == own && target_file != file_top && !target_file.is_empty() {
                edges
                    .entry((layer.clone(), file_top.clone()))
                    .or_default()
                    .insert(target_file);
            }
        }
    }
    problems.extend(cycles(&edges));
    problems
}

/// The import cycles among the files of each layer.
fn cycles(edges: &BTreeMap<(String, String), BTreeSet<String>>) -> Vec<String> {
    fn visit(
        node: &(String, String),
        edges: &BTreeMap<(String, String), BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<(String, String)>,
        found: &mut Vec<String>,
    ) {
        if let Some(at) = path.iter().position(|f| *f == node.1) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.1.clone());
            found.push(format!(
                "files of the layer {} import each other round in a cycle: {}",
                node.0,
                cycle.join(" -> ")
            ));
            return;
        }
        if !done.insert(node.clone()) {
            return;
        }
        path.push(node.1.clone());
        for next in edges.get(node).into_iter().flatten() {
            visit(&(node.0.clone(), next.clone()), edges, path, done, found);
        }
        path.pop();
    }
    let mut done = BTreeSet::new();
    let mut found = Vec::new();
    for node in edges.keys() {
        visit(node, edges, &mut Vec::new(), &mut done, &mut found);
    }
    found
}

fn source_files(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src/ is readable")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let relative = path
            .strip_prefix(root)
            .expect("under src/")
            .to_string_lossy()
            .replace('\\', "/");
        if path.is_dir() {
            if relative != "bin" {
                source_files(&path, root, out);
            }
        } else if relative.ends_with(".rs") && relative != "lib.rs" {
            let text = std::fs::read_to_string(&path).expect("a source file is UTF-8");
            out.push((relative, text));
        }
    }
}

fn file(path: &str, text: &str) -> (String, String) {
    (path.to_string(), text.to_string())
}

#[test]
fn the_library_imports_only_downwards_and_without_cycles() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    source_files(&root, &root, &mut files);
    assert!(
        files.len() > 20,
        "only {} files found under src/",
        files.len()
    );
    let problems = violations(&files);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_layers_are_the_ones_lib_rs_lists() {
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs"))
        .expect("src/lib.rs is readable");
    let listed: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("//   "))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let mut expected = vec!["error,"];
    expected.extend(LAYERS.iter().skip(1));
    assert_eq!(listed, expected);
}

#[test]
fn an_upward_import_is_named_with_its_file() {
    let files = [
        file("read/token.rs", "use crate::find::escape::Quoted;\n"),
        file("find/escape.rs", "use crate::redact::redactor::Redactor;\n"),
        file(
            "redact/redactor.rs",
            "use crate::{error::Error, find::scan::Found};\n",
        ),
    ];
    assert_eq!(
        violations(&files),
        [
            "src/find/escape.rs (layer find) imports `crate::redact::redactor` from the layer above, redact"
        ]
    );
}

#[test]
fn an_import_in_a_group_counts_too() {
    let files = [
        file(
            "find/scan.rs",
            "use crate::{error::Part, read::{token::Token}};\n",
        ),
        file("read/token.rs", "fn f() {}\n"),
    ];
    assert_eq!(
        violations(&files),
        ["src/find/scan.rs (layer find) imports `crate::read::token` from the layer above, read"]
    );
}

#[test]
fn a_cycle_between_files_of_one_layer_is_named() {
    let files = [
        file("verify/key.rs", "use crate::verify::pem::read;\n"),
        file("verify/pem.rs", "use crate::verify::jwk::x;\n"),
        file("verify/jwk.rs", "use super::key::Key;\n"),
        file("verify/entry.rs", "use crate::verify::key::Key;\n"),
    ];
    assert_eq!(
        violations(&files),
        ["files of the layer verify import each other round in a cycle: key -> pem -> jwk -> key"]
    );
}

#[test]
fn doc_links_and_paths_through_the_root_are_told_apart() {
    let files = [
        file(
            "find/scan.rs",
            "/// as [`Token::parse`](crate::Token::parse) reads\nfn f() {}\n",
        ),
        file("read/token.rs", "fn g() -> crate::Token { todo!() }\n"),
        file("shiny/new.rs", "fn h() {}\n"),
    ];
    assert_eq!(
        violations(&files),
        [
            "src/read/token.rs: `crate::Token` goes through the crate root; name the module it lives in",
            "src/shiny/new.rs: the folder `shiny` is in no layer of tests/layers.rs",
        ]
    );
}
