//! Many tokens at a glance: a heading, one row per report, then a totals
//! line (`usertoken inspect --table`). Cells are ASCII: anything else in a
//! claim is escaped, and identifiers are shortened to what tells them apart.

use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::TimeDelta;

use crate::diagnostic::Severity;
use crate::inspect::report::Report;
use crate::read::issuer::Environment;
use crate::read::time::TimeSpan;
use crate::render::paint::{Ink, Palette, BOLD, DIM, RED, YELLOW};

/// Identifiers show this many characters, then `…`.
const ID_CHARS: usize = 8;

/// The table of many reports, and the counts behind its totals line. Rows
/// may be made on several threads at once: the counts are atomic.
///
/// ```
/// use chrono::DateTime;
/// use usertoken::{inspect, Table};
///
/// let now = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
/// let table = Table::new();
/// let report = inspect("not a token", now);
/// println!("{}", table.heading());
/// table.count(&report);
/// println!("{}", table.row(1, &report));
/// println!("{}", table.totals());
/// assert!(table.totals().to_string().starts_with("1 token: 0 expired, 0 with problems, 1 unreadable"));
/// ```
#[derive(Default)]
pub struct Table {
    palette: Palette,
    tokens: AtomicUsize,
    expired: AtomicUsize,
    problems: AtomicUsize,
    unreadable: AtomicUsize,
    environments: [AtomicUsize; Environment::ALL.len()],
}

/// Holds counts only, no token text.
impl fmt::Debug for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Table")
            .field("tokens", &self.tokens)
            .finish_non_exhaustive()
    }
}

impl Table {
    /// A table with nothing counted, without colour.
    pub fn new() -> Table {
        Table::default()
    }

    /// Colours the text with ANSI escapes (`true`) or not (`false`, the
    /// default): the heading and totals in bold, problems by severity,
    /// expired tokens dimmed.
    #[must_use]
    pub fn color(self, on: bool) -> Table {
        Table {
            palette: Palette { on },
            ..self
        }
    }

    /// The heading line, without a line break.
    pub fn heading(&self) -> impl fmt::Display + '_ {
        Heading(self.palette)
    }

    /// The row of `report`, numbered `number`, without a line break. It is
    /// not counted: [`count`](Self::count) does that, once per report.
    pub fn row<'a>(&'a self, number: usize, report: &'a Report) -> impl fmt::Display + 'a {
        Row {
            palette: self.palette,
            number,
            report,
        }
    }

    /// The totals line of the reports counted so far, without a line break:
    /// `5 tokens: 3 expired, 2 with problems, 1 unreadable; production 3, sandbox 1`.
    pub fn totals(&self) -> impl fmt::Display + '_ {
        Totals(self)
    }

    /// Counts `report` in the totals.
    pub fn count(&self, r: &Report) {
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
        // Unknown, last, counts any environment the list lacks.
        let at = Environment::ALL
            .iter()
            .position(|&e| e == env || e == Environment::Unknown);
        if let Some(n) = at.and_then(|at| self.environments.get(at)) {
            one(n);
        }
    }
}

/// `text` padded to `width`, in `ink` when colour is on.
fn cell(
    f: &mut fmt::Formatter<'_>,
    palette: Palette,
    ink: Option<Ink>,
    text: &str,
    width: usize,
) -> fmt::Result {
    match ink {
        Some(ink) => write!(f, "{}", palette.paint(ink, format_args!("{text:<width$}"))),
        None => write!(f, "{text:<width$}"),
    }
}

struct Heading(Palette);

impl fmt::Display for Heading {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = format!(
            "{:>4}  {:<16}  {:<11}  {:<9}  {:<9}  {:<16}  {:<22}  problems",
            "#", "fingerprint", "environment", "user_id", "client_id", "issued (UTC)", "expiry"
        );
        cell(f, self.0, Some(BOLD), &text, 0)
    }
}

struct Row<'a> {
    palette: Palette,
    number: usize,
    report: &'a Report,
}

impl fmt::Display for Row<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (r, palette) = (self.report, self.palette);
        write!(f, "{:>4}  ", self.number)?;
        match r.fingerprint() {
            Some(fp) => write!(f, "{:<16}  ", fp.to_string())?,
            None => write!(f, "{:<16}  ", "-")?,
        }
        let Some(claims) = r.claims() else {
            write!(f, "{:<11}  ", "-")?;
            for width in [9, 9, 16, 22] {
                write!(f, "{:<width$}  ", "-")?;
            }
            let kind = r.error().map_or("", |e| e.kind().as_str());
            return cell(f, palette, Some(RED), &format!("unreadable: {kind}"), 0);
        };
        let env = r.environment().unwrap_or(Environment::Unknown);
        write!(f, "{:<11}  ", env.as_str())?;
        write!(f, "{:<9}  ", id(claims.user()))?;
        write!(f, "{:<9}  ", id(claims.client_id()))?;
        let issued = r.issued_at().map_or_else(
            || "-".to_owned(),
            |t| t.format("%Y-%m-%d %H:%M").to_string(),
        );
        write!(f, "{issued:<16}  ")?;
        match r.expires_in() {
            Some(left) if left <= TimeDelta::zero() => {
                let text = format!("expired {} ago", TimeSpan::new(left).rough());
                cell(f, palette, Some(DIM), &text, 22)?;
            }
            Some(left) => {
                let text = format!("expires in {}", TimeSpan::new(left).rough());
                cell(f, palette, None, &text, 22)?;
            }
            None => write!(f, "{:<22}", "-")?,
        }
        f.write_str("  ")?;
        let codes: Vec<&str> = r.problem_codes().iter().map(|c| c.as_str()).collect();
        if codes.is_empty() {
            return f.write_str("-");
        }
        let ink = match r.worst() {
            Some(Severity::Error) => Some(RED),
            Some(Severity::Warning) => Some(YELLOW),
            _ => None,
        };
        cell(f, palette, ink, &codes.join(","), 0)
    }
}

struct Totals<'a>(&'a Table);

impl fmt::Display for Totals<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.0;
        let get = |n: &AtomicUsize| n.load(Ordering::Relaxed);
        let tokens = get(&t.tokens);
        let mut line = format!(
            "{tokens} token{}: {} expired, {} with problems, {} unreadable",
            if tokens == 1 { "" } else { "s" },
            get(&t.expired),
            get(&t.problems),
            get(&t.unreadable),
        );
        let mut sep = "; ";
        for (env, n) in Environment::ALL.iter().zip(&t.environments) {
            if get(n) > 0 {
                let _ = write!(line, "{sep}{env} {}", get(n));
                sep = ", ";
            }
        }
        cell(f, t.palette, Some(BOLD), &line, 0)
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
