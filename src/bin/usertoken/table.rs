//! `inspect --table`: one row per token, then a totals line. Cells are
//! ASCII: anything else in a claim is escaped, and identifiers are
//! shortened to what tells them apart at a glance.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::TimeDelta;
use usertoken::{Environment, Report, Severity, TimeSpan};

const ENVIRONMENTS: [Environment; 5] = [
    Environment::Production,
    Environment::Sandbox,
    Environment::Staging,
    Environment::Development,
    Environment::Unknown,
];

/// Identifiers show this many characters, then `…`.
const ID_CHARS: usize = 8;

const BOLD: &str = "1";
const RED: &str = "1;31";
const YELLOW: &str = "33";
const DIM: &str = "2";

/// `text` padded to `width`, in `style` when colour is on.
fn cell(out: &mut Vec<u8>, text: &str, width: usize, style: &str, color: bool) -> io::Result<()> {
    if color && !style.is_empty() {
        write!(out, "\x1b[{style}m{text:<width$}\x1b[0m")
    } else {
        write!(out, "{text:<width$}")
    }
}

/// Claim text as printable ASCII in at most `max` columns (the last one
/// `…` when cut); anything else escaped as `\u{…}`, which counts for the
/// columns it takes. A cell is ASCII but for `…`, one column wide: its
/// display width is its number of characters.
fn ascii(text: &str, max: usize) -> String {
    let piece = |c: char| {
        if c.is_ascii_graphic() {
            c.to_string()
        } else {
            format!("\\u{{{:x}}}", c as u32)
        }
    };
    let full: String = text.chars().map(piece).collect();
    if full.len() <= max {
        return full;
    }
    let mut shown = String::new();
    for p in text.chars().map(piece) {
        if shown.len() + p.len() >= max {
            break;
        }
        shown.push_str(&p);
    }
    shown.push('…');
    shown
}

fn id(value: Option<&str>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| ascii(v, ID_CHARS + 1))
}

pub fn header<W: Write>(out: &mut W, color: bool) -> io::Result<()> {
    let mut line = Vec::new();
    let text = format!(
        "{:>4}  {:<16}  {:<11}  {:<9}  {:<9}  {:<16}  {:<22}  problems",
        "#", "fingerprint", "environment", "user_id", "client_id", "issued (UTC)", "expiry"
    );
    cell(&mut line, &text, 0, BOLD, color)?;
    line.push(b'\n');
    out.write_all(&line)
}

/// Writes the row of the `number`th input.
pub fn row(out: &mut Vec<u8>, number: usize, r: &Report, color: bool) -> io::Result<()> {
    write!(out, "{number:>4}  ")?;
    let fp = r
        .fingerprint()
        .map_or_else(|| "-".to_owned(), |f| f.to_string());
    write!(out, "{fp:<16}  ")?;
    let Some(claims) = r.claims() else {
        write!(out, "{:<11}  ", "-")?;
        for width in [9, 9, 16, 22] {
            write!(out, "{:<width$}  ", "-")?;
        }
        let kind = r.error().map_or_else(String::new, |e| e.kind().to_string());
        cell(out, &format!("unreadable: {kind}"), 0, RED, color)?;
        return out.write_all(b"\n");
    };
    let env = r.environment().unwrap_or(Environment::Unknown);
    write!(out, "{:<11}  ", env.as_str())?;
    write!(out, "{:<9}  ", id(claims.user_id().or(claims.sub())))?;
    write!(out, "{:<9}  ", id(claims.client_id()))?;
    let issued = r.issued_at().map_or_else(
        || "-".to_owned(),
        |t| t.format("%Y-%m-%d %H:%M").to_string(),
    );
    write!(out, "{issued:<16}  ")?;
    match r.expires_in() {
        Some(left) if left <= TimeDelta::zero() => {
            let text = format!("expired {} ago", TimeSpan::new(left).rough());
            cell(out, &text, 22, DIM, color)?
        }
        Some(left) => write!(
            out,
            "{:<22}",
            format!("expires in {}", TimeSpan::new(left).rough())
        )?,
        None => write!(out, "{:<22}", "-")?,
    }
    out.write_all(b"  ")?;
    let codes: Vec<&str> = r.problem_codes().iter().map(|c| c.as_str()).collect();
    let style = match r.worst() {
        Some(Severity::Error) => RED,
        Some(Severity::Warning) => YELLOW,
        _ => "",
    };
    if codes.is_empty() {
        out.write_all(b"-")?;
    } else {
        cell(out, &codes.join(","), 0, style, color)?;
    }
    out.write_all(b"\n")
}

/// The counts behind the totals line, added to from the worker threads.
#[derive(Default)]
pub struct Totals {
    tokens: AtomicUsize,
    expired: AtomicUsize,
    problems: AtomicUsize,
    unreadable: AtomicUsize,
    environments: [AtomicUsize; ENVIRONMENTS.len()],
}

impl Totals {
    pub fn add(&self, r: &Report) {
        let one = |n: &AtomicUsize| n.fetch_add(1, Ordering::Relaxed);
        one(&self.tokens);
        if r.error().is_some() {
            one(&self.unreadable);
            return;
        }
        if r.is_expired() == Some(true) {
            one(&self.expired);
        }
        if r.worst().is_some_and(|s| s >= Severity::Warning) {
            one(&self.problems);
        }
        let env = r.environment().unwrap_or(Environment::Unknown);
        let at = ENVIRONMENTS
            .iter()
            .position(|&e| e == env)
            .unwrap_or(ENVIRONMENTS.len() - 1);
        if let Some(n) = self.environments.get(at) {
            one(n);
        }
    }

    /// `5 tokens: 3 expired, 2 with problems, 1 unreadable; production 3, sandbox 1`
    pub fn write<W: Write>(&self, out: &mut W, color: bool) -> io::Result<()> {
        let get = |n: &AtomicUsize| n.load(Ordering::Relaxed);
        let tokens = get(&self.tokens);
        let mut line = format!(
            "{tokens} token{}: {} expired, {} with problems, {} unreadable",
            if tokens == 1 { "" } else { "s" },
            get(&self.expired),
            get(&self.problems),
            get(&self.unreadable),
        );
        let mut sep = "; ";
        for (env, n) in ENVIRONMENTS.iter().zip(&self.environments) {
            if get(n) > 0 {
                let _ = write!(line, "{sep}{env} {}", get(n));
                sep = ", ";
            }
        }
        let mut buf = Vec::new();
        cell(&mut buf, &line, 0, BOLD, color)?;
        buf.push(b'\n');
        out.write_all(&buf)
    }
}
