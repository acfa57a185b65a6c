//! The inputs of `scan`, in order: standard input, named files, and the
//! files of directory trees walked by ripgrep's walker (`ignore`), each
//! directory's entries sorted by name so the order never depends on the
//! file system or the thread count. A secret search reads what a code
//! search passes over: hidden and ignored files, and files behind links.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use ignore::{Walk, WalkBuilder};

use crate::files::describe;

/// How directories are walked.
#[derive(Clone, Copy)]
pub struct Options {
    /// Walk as ripgrep does: honour `.gitignore`, `.ignore` and git's
    /// exclude files, and pass over hidden files and directories.
    pub respect_ignore: bool,
    /// Follow symbolic links to directories too.
    pub follow: bool,
}

/// One input to scan.
pub enum Input {
    /// Standard input (`-`), named `-` in reports.
    Stdin,
    /// A file: named on the command line or found by walking a directory.
    File { path: PathBuf, walked: bool },
    /// A path that could not be read or walked, and why.
    Broken { path: String, reason: String },
    /// Something a walk passed over, counted and said at the end.
    Skipped(Skip),
}

/// What a walk passes over.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// A symbolic link to a directory, without `--follow`.
    LinkedDirectory,
    /// A symbolic link to nothing.
    DanglingLink,
}

/// The inputs of `paths` (the current directory when there are none),
/// walked lazily: a tree's entries are read as the scan reaches them, so
/// memory does not grow with the tree.
pub struct Inputs<'a> {
    paths: std::slice::Iter<'a, PathBuf>,
    walk: Option<Walk>,
    options: Options,
    /// No path was named: the current directory is walked.
    here: bool,
    /// The directories named, as the file system names them: a link to a
    /// file inside one is not read through the link, as the file itself is
    /// read.
    roots: Vec<PathBuf>,
    /// The files read through links, so that each is read once.
    linked: HashSet<PathBuf>,
}

impl<'a> Inputs<'a> {
    pub fn new(paths: &'a [PathBuf], options: Options) -> Inputs<'a> {
        let here = paths.is_empty();
        let named: Vec<&Path> = if here {
            vec![Path::new(".")]
        } else {
            paths.iter().map(PathBuf::as_path).collect()
        };
        let roots = named
            .iter()
            .filter(|p| p.is_dir())
            .filter_map(|p| std::fs::canonicalize(p).ok())
            .collect();
        Inputs {
            paths: paths.iter(),
            walk: None,
            options,
            here,
            roots,
            linked: HashSet::new(),
        }
    }

    fn walker(&self, root: &Path) -> Walk {
        let o = self.options;
        let ignore = o.respect_ignore;
        WalkBuilder::new(root)
            .standard_filters(false)
            .hidden(ignore)
            .parents(ignore)
            .ignore(ignore)
            .git_ignore(ignore)
            .git_global(ignore)
            .git_exclude(ignore)
            // A tarball or a CI artifact has no `.git`; its `.gitignore`
            // still says what is not source.
            .require_git(false)
            .follow_links(o.follow)
            // A repository's own directory holds its history, packed and
            // compressed: that is for a history scan, not a file scan.
            .filter_entry(|entry| {
                entry.depth() == 0
                    || !(entry.file_name() == ".git"
                        && entry.file_type().is_some_and(|t| t.is_dir()))
            })
            .sort_by_file_name(|a, b| a.cmp(b))
            .build()
    }

    /// A symbolic link found by walking, not followed by the walker: the
    /// file it leads to, once, unless the walk reads that file itself.
    fn link(&mut self, path: PathBuf) -> Option<Input> {
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_file() => {
                let target = std::fs::canonicalize(&path).ok()?;
                let inside = self.roots.iter().any(|root| target.starts_with(root));
                (!inside && self.linked.insert(target))
                    .then_some(Input::File { path, walked: true })
            }
            Ok(meta) if meta.is_dir() => Some(Input::Skipped(Skip::LinkedDirectory)),
            // A fifo, a socket, a device: nothing to read.
            Ok(_) => None,
            Err(_) => Some(Input::Skipped(Skip::DanglingLink)),
        }
    }
}

impl Iterator for Inputs<'_> {
    type Item = Input;

    fn next(&mut self) -> Option<Input> {
        loop {
            if let Some(walk) = &mut self.walk {
                match walk.next() {
                    Some(Ok(entry)) => {
                        let is_file = entry.file_type().is_some_and(|t| t.is_file());
                        if entry.depth() == 0 {
                            // A path named on the command line is read
                            // whatever it is; a directory is walked.
                            if !entry.path().is_dir() {
                                return Some(Input::File {
                                    path: entry.into_path(),
                                    walked: false,
                                });
                            }
                        } else if is_file {
                            return Some(Input::File {
                                path: entry.into_path(),
                                walked: true,
                            });
                        } else if entry.path_is_symlink() && !self.options.follow {
                            if let Some(source) = self.link(entry.into_path()) {
                                return Some(source);
                            }
                        }
                        // Directories: nothing to read.
                        continue;
                    }
                    Some(Err(e)) => return Some(broken(&e)),
                    None => self.walk = None,
                }
            }
            let path = if std::mem::take(&mut self.here) {
                Path::new(".")
            } else {
                self.paths.next()?
            };
            if path.as_os_str() == "-" {
                return Some(Input::Stdin);
            }
            self.walk = Some(self.walker(path));
        }
    }
}

/// A walk error as the path it is about and a lowercase reason.
fn broken(e: &ignore::Error) -> Input {
    let (path, reason) = explain(e);
    Input::Broken {
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
