//! The inputs of `scan`, in order: standard input, named files, and the
//! files of directory trees walked by ripgrep's walker (`ignore`), each
//! directory's entries sorted by name so the order never depends on the
//! file system or the thread count.

use std::path::{Path, PathBuf};

use ignore::{Walk, WalkBuilder};

use crate::files::describe;

/// How directories are walked.
#[derive(Clone, Copy)]
pub struct Options {
    /// Honour `.gitignore`, `.ignore` and git's exclude files.
    pub ignore: bool,
    /// Enter hidden files and directories.
    pub hidden: bool,
    /// Follow symbolic links.
    pub follow: bool,
}

/// One input to scan.
pub enum Source {
    /// Standard input (`-`), named `-` in reports.
    Stdin,
    /// A file: named on the command line (scanned whatever it holds) or
    /// found by walking a directory (skipped when it looks binary).
    File { path: PathBuf, walked: bool },
    /// A path that could not be read or walked, and why.
    Broken { path: String, reason: String },
}

/// The inputs of `paths`, walked lazily: a tree's entries are read as the
/// scan reaches them, so memory does not grow with the tree.
pub struct Inputs<'a> {
    paths: std::slice::Iter<'a, PathBuf>,
    walk: Option<Walk>,
    options: Options,
    stdin: bool,
}

impl<'a> Inputs<'a> {
    pub fn new(paths: &'a [PathBuf], options: Options) -> Inputs<'a> {
        Inputs {
            paths: paths.iter(),
            walk: None,
            options,
            stdin: paths.is_empty(),
        }
    }

    fn walker(&self, root: &Path) -> Walk {
        let o = self.options;
        WalkBuilder::new(root)
            .standard_filters(false)
            .hidden(!o.hidden)
            .parents(o.ignore)
            .ignore(o.ignore)
            .git_ignore(o.ignore)
            .git_global(o.ignore)
            .git_exclude(o.ignore)
            // A tarball or a CI artifact has no `.git`; its `.gitignore`
            // still says what is not source.
            .require_git(false)
            .follow_links(o.follow)
            .sort_by_file_name(|a, b| a.cmp(b))
            .build()
    }
}

impl Iterator for Inputs<'_> {
    type Item = Source;

    fn next(&mut self) -> Option<Source> {
        if std::mem::take(&mut self.stdin) {
            return Some(Source::Stdin);
        }
        loop {
            if let Some(walk) = &mut self.walk {
                match walk.next() {
                    Some(Ok(entry)) => {
                        let is_file = entry.file_type().is_some_and(|t| t.is_file());
                        if entry.depth() == 0 {
                            // A path named on the command line is read
                            // whatever it is; a directory is walked.
                            if !entry.path().is_dir() {
                                return Some(Source::File {
                                    path: entry.into_path(),
                                    walked: false,
                                });
                            }
                        } else if is_file {
                            return Some(Source::File {
                                path: entry.into_path(),
                                walked: true,
                            });
                        }
                        // Directories, and links not followed: nothing to read.
                        continue;
                    }
                    Some(Err(e)) => return Some(broken(&e)),
                    None => self.walk = None,
                }
            }
            let path = self.paths.next()?;
            if path.as_os_str() == "-" {
                return Some(Source::Stdin);
            }
            self.walk = Some(self.walker(path));
        }
    }
}

/// A walk error as the path it is about and a lowercase reason.
fn broken(e: &ignore::Error) -> Source {
    let (path, reason) = explain(e);
    Source::Broken {
        path: path.map_or_else(|| "a path".to_owned(), |p| p.display().to_string()),
        reason,
    }
}

fn explain(e: &ignore::Error) -> (Option<&Path>, String) {
    match e {
        ignore::Error::WithPath { path, err } => {
            let (_, reason) = explain(err);
            (Some(path), reason)
        }
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            explain(err)
        }
        ignore::Error::Loop { ancestor, child } => (
            Some(child),
            format!("a symbolic link loops back to {}", ancestor.display()),
        ),
        ignore::Error::Io(io) => {
            // The walker's own errors wrap the system's: name the system's.
            let inner = io
                .get_ref()
                .and_then(|e| e.source())
                .and_then(|e| e.downcast_ref::<std::io::Error>());
            (None, describe(inner.unwrap_or(io)))
        }
        ignore::Error::Partial(errors) => match errors.first() {
            Some(first) => explain(first),
            None => (None, "unknown error".to_owned()),
        },
        other => (None, lowercase(&other.to_string())),
    }
}

fn lowercase(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
