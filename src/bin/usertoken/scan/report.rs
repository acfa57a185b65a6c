//! How `scan` reports: each finding as a JSON line or a line of text (SARIF
//! in `sarif.rs`), and the totals of `--summary`.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::io::{self, Write};

use clap::ValueEnum;
use serde::Serialize;
use usertoken::{Environment, Finding, Printable, TokenKind};

use super::walk::Skip;
use super::{is_live, sarif};

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One JSON object a line.
    Jsonl,
    /// One line of text a finding.
    Text,
    /// A SARIF 2.1.0 log.
    Sarif,
}

/// One token found, as one JSON line: the file, then where it is and
/// whose it is, never its text.
#[derive(Serialize)]
struct Line<'a> {
    file: &'a str,
    #[serde(flatten)]
    finding: &'a Finding,
}

/// Appends `finding`, found in the input named `file`, to `out` in
/// `format`. A SARIF result starts with a comma: the writer drops the
/// first one.
pub fn render(format: Format, file: &str, finding: &Finding, out: &mut Vec<u8>) -> io::Result<()> {
    match format {
        Format::Jsonl => {
            serde_json::to_writer(&mut *out, &Line { file, finding })?;
            out.push(b'\n');
        }
        Format::Text => {
            let mut line = String::new();
            text_line(file, finding, &mut line);
            out.extend_from_slice(line.as_bytes());
        }
        Format::Sarif => {
            out.push(b',');
            sarif::result(file, finding, out)?;
        }
    }
    Ok(())
}

/// `path:line:column: production token for user …, live until …,
/// fingerprint …`.
fn text_line(file: &str, f: &Finding, out: &mut String) {
    let _ = write!(out, "{}:{}:{}: ", Printable(file), f.line(), f.column());
    match f.environment() {
        Some(Environment::Unknown) | None => out.push_str("token of an unknown environment"),
        Some(env) => {
            let _ = write!(out, "{env} token");
        }
    }
    if f.kind() != TokenKind::Jws {
        let _ = write!(out, " ({})", f.kind());
    }
    match f.user_id() {
        Some(user) => {
            let _ = write!(out, " for user {}", Printable(user));
        }
        None => out.push_str(", no user_id"),
    }
    match (f.expires_at(), f.is_expired()) {
        (Some(at), Some(true)) => {
            let _ = write!(out, ", expired {at}");
        }
        (Some(at), _) => {
            let _ = write!(out, ", live until {at}");
        }
        (None, _) => out.push_str(", no expiry"),
    }
    let _ = writeln!(out, ", fingerprint {}", f.fingerprint());
}

/// What one file held, counted by the worker that scanned it.
#[derive(Default)]
pub struct FileReport {
    /// The file as reports name it.
    pub name: String,
    pub tally: Tally,
    /// Set when the file could not be read (all of it, or from some point).
    pub unreadable: Option<String>,
    /// The file was skipped as binary.
    pub binary: bool,
    /// Not a file: something the walk passed over.
    pub skipped: Option<Skip>,
    /// The distinct tokens, for `--summary`.
    pub distinct: Distinct,
    /// Fingerprints to write to a new baseline, each with a note.
    pub seen: Vec<(usertoken::Fingerprint, String)>,
}

/// Tokens counted: all, live and expired, per environment.
#[derive(Clone, Copy, Default, Serialize)]
pub struct Count {
    pub tokens: u64,
    pub live: u64,
    pub expired: u64,
}

impl Count {
    fn add(&mut self, f: &Finding) {
        self.tokens += 1;
        if is_live(f) {
            self.live += 1;
        } else {
            self.expired += 1;
        }
    }

    fn merge(&mut self, other: Count) {
        self.tokens += other.tokens;
        self.live += other.live;
        self.expired += other.expired;
    }
}

/// Distinct tokens (by fingerprint) and users, for an incident report:
/// how many tokens, of how many users, how many still live. A token counts
/// as live when any of its occurrences is judged live.
#[derive(Default)]
pub struct Distinct {
    tokens: HashMap<usertoken::Fingerprint, (bool, usize)>,
    users: HashSet<String>,
}

impl Distinct {
    pub fn add(&mut self, f: &Finding) {
        let entry = self
            .tokens
            .entry(f.fingerprint())
            .or_insert((false, env_index(f)));
        entry.0 |= is_live(f);
        if let Some(user) = f.user_id() {
            if !self.users.contains(user) {
                self.users.insert(user.to_owned());
            }
        }
    }

    fn merge(&mut self, other: Distinct) {
        for (fingerprint, (live, env)) in other.tokens {
            self.tokens.entry(fingerprint).or_insert((false, env)).0 |= live;
        }
        self.users.extend(other.users);
    }

    /// Tokens, live and expired: all, and per environment.
    fn counts(&self) -> (Count, [Count; 5]) {
        let mut all = Count::default();
        let mut by_env = [Count::default(); 5];
        for &(live, env) in self.tokens.values() {
            for count in [&mut all, &mut by_env[env.min(4)]] {
                count.tokens += 1;
                if live {
                    count.live += 1;
                } else {
                    count.expired += 1;
                }
            }
        }
        (all, by_env)
    }
}

/// Where a finding's environment is counted: unknown, last, counts any
/// environment the list lacks.
fn env_index(f: &Finding) -> usize {
    let env = f.environment().unwrap_or(Environment::Unknown);
    Environment::ALL
        .iter()
        .position(|&e| e == env || e == Environment::Unknown)
        .unwrap_or_default()
}

/// The findings of one file, or of a whole run.
#[derive(Clone, Copy, Default)]
pub struct Tally {
    pub all: Count,
    pub by_env: [Count; 5],
    /// Findings the `--fail-on` policy matches.
    pub matched: u64,
    /// Findings left out because the baseline knows them.
    pub known: u64,
}

impl Tally {
    pub fn add(&mut self, f: &Finding, matched: bool) {
        self.all.add(f);
        self.by_env[env_index(f)].add(f);
        self.matched += u64::from(matched);
    }

    fn merge(&mut self, other: &Tally) {
        self.all.merge(other.all);
        for (a, b) in self.by_env.iter_mut().zip(other.by_env) {
            a.merge(b);
        }
        self.matched += other.matched;
        self.known += other.known;
    }
}

/// The run's totals, gathered in output order.
#[derive(Default)]
pub struct Totals {
    pub tally: Tally,
    pub matched: u64,
    pub files: u64,
    pub binary: u64,
    pub unreadable: u64,
    pub linked_directories: u64,
    pub dangling_links: u64,
    /// Files with tokens, and how many each, in order (for `--summary`).
    pub per_file: Vec<(String, u64)>,
    /// Unreadable inputs, for SARIF's notifications.
    pub problems: Vec<String>,
    seen: Vec<(usertoken::Fingerprint, String)>,
    distinct: Distinct,
}

impl Totals {
    pub fn add(&mut self, report: FileReport, keep_files: bool) {
        match report.skipped {
            Some(Skip::LinkedDirectory) => self.linked_directories += 1,
            Some(Skip::DanglingLink) => self.dangling_links += 1,
            None if report.binary => self.binary += 1,
            None => self.files += 1,
        }
        if let Some(reason) = report.unreadable {
            self.unreadable += 1;
            let problem = format!("cannot read {}: {reason}", report.name);
            eprintln!("usertoken: {problem}");
            self.problems.push(problem);
        }
        if keep_files && report.tally.all.tokens > 0 {
            self.per_file.push((report.name, report.tally.all.tokens));
        }
        self.matched += report.tally.matched;
        self.tally.merge(&report.tally);
        self.seen.extend(report.seen);
        self.distinct.merge(report.distinct);
    }

    /// What the walk passed over, as a phrase, when anything.
    pub fn skipped(&self) -> Option<String> {
        let parts: Vec<String> = [
            (
                self.linked_directories,
                "symbolic link to a directory",
                " (--follow follows them)",
            ),
            (self.dangling_links, "symbolic link to nothing", ""),
            (self.binary, "binary file", " (--skip-binary)"),
        ]
        .into_iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, what, why)| format!("{}{why}", plural(n, what)))
        .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }

    /// The fingerprints found, each with the note of its first place.
    pub fn new_entries(&self) -> &[(usertoken::Fingerprint, String)] {
        &self.seen
    }

    /// `--summary`: as one JSON object, or as lines of text.
    pub fn write_summary(&self, format: Format, out: &mut dyn Write) -> io::Result<()> {
        let t = &self.tally;
        if format == Format::Jsonl {
            #[derive(Serialize)]
            struct File<'a> {
                file: &'a str,
                tokens: u64,
            }
            let (distinct, distinct_by_env) = self.distinct.counts();
            let environments: serde_json::Map<String, serde_json::Value> = Environment::ALL
                .iter()
                .zip(t.by_env.iter().zip(distinct_by_env))
                .filter(|(_, (c, _))| c.tokens > 0)
                .map(|(e, (c, d))| {
                    let mut counts = serde_json::json!(c);
                    counts["distinct"] = serde_json::json!(d);
                    (e.as_str().to_owned(), counts)
                })
                .collect();
            let files: Vec<File<'_>> = self
                .per_file
                .iter()
                .map(|(file, tokens)| File {
                    file,
                    tokens: *tokens,
                })
                .collect();
            let summary = serde_json::json!({
                "tokens": t.all.tokens,
                "live": t.all.live,
                "expired": t.all.expired,
                "distinct": {
                    "tokens": distinct.tokens,
                    "users": self.distinct.users.len(),
                    "live": distinct.live,
                    "expired": distinct.expired,
                },
                "known": t.known,
                "matched": self.matched,
                "files_scanned": self.files,
                "files_with_tokens": self.per_file.len(),
                "binary_skipped": self.binary,
                "links_to_directories_skipped": self.linked_directories,
                "dangling_links": self.dangling_links,
                "unreadable": self.unreadable,
                "environments": environments,
                "files": files,
            });
            serde_json::to_writer(&mut *out, &summary)?;
            return writeln!(out);
        }
        let (distinct, distinct_by_env) = self.distinct.counts();
        writeln!(
            out,
            "{} of {}: {} live, {} expired",
            plural(distinct.tokens, "distinct token"),
            plural(self.distinct.users.len() as u64, "user"),
            distinct.live,
            distinct.expired,
        )?;
        writeln!(
            out,
            "{} in {} of {} {}: {} live, {} expired",
            plural(t.all.tokens, "occurrence"),
            self.per_file.len(),
            self.files,
            if self.files == 1 { "file" } else { "files" },
            t.all.live,
            t.all.expired,
        )?;
        if t.known > 0 {
            writeln!(
                out,
                "{} known from the baseline, not counted",
                plural(t.known, "token")
            )?;
        }
        if self.binary > 0 || self.unreadable > 0 {
            writeln!(
                out,
                "{} skipped as binary, {} unreadable",
                plural(self.binary, "file"),
                self.unreadable
            )?;
        }
        for (env, (c, d)) in Environment::ALL
            .iter()
            .zip(t.by_env.iter().zip(distinct_by_env))
        {
            if c.tokens > 0 {
                writeln!(
                    out,
                    "  {:<12} {} ({} live), {}",
                    env.as_str(),
                    plural(d.tokens, "distinct token"),
                    d.live,
                    plural(c.tokens, "occurrence"),
                )?;
            }
        }
        if !self.per_file.is_empty() {
            writeln!(out, "files")?;
            for (file, tokens) in &self.per_file {
                writeln!(out, "  {}  {tokens}", Printable(file))?;
            }
        }
        Ok(())
    }
}

fn plural(n: u64, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
