//! Two tokens side by side: whether they belong to the same user, client
//! and environment, and which was issued later.

use std::cmp::Ordering;
use std::fmt;

use crate::inspect::report::Report;
use crate::read::issuer::Environment;
use crate::read::time::{rfc3339, TimeSpan};
use crate::render::summary::Id;

/// Two reports set side by side, the first called A and the second B;
/// made by [`Report::compare`]. Its `Display` is a few lines for a person,
/// the answer first.
#[derive(Clone, Copy)]
pub struct Comparison<'a> {
    a: &'a Report,
    b: &'a Report,
}

/// Names the two reports by their fingerprints, never their text.
impl fmt::Debug for Comparison<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Comparison")
            .field("a", &self.a.fingerprint())
            .field("b", &self.b.fingerprint())
            .finish()
    }
}

impl Report {
    /// Sets this report (A) beside `other` (B).
    ///
    /// ```
    /// use chrono::DateTime;
    /// use usertoken::inspect;
    ///
    /// let now = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
    /// let a = inspect(include_str!("../../samples/user-token.jwt"), now);
    /// let b = inspect(include_str!("../../samples/user-token.jwt"), now);
    /// let both = a.compare(&b);
    /// assert!(both.same_user_and_client());
    /// assert!(both.same_token());
    /// ```
    pub fn compare<'a>(&'a self, other: &'a Report) -> Comparison<'a> {
        Comparison { a: self, b: other }
    }
}

/// The user a report's token is for: `user_id`, else `sub`.
fn user(r: &Report) -> Option<&str> {
    r.claims()?.user()
}

fn client(r: &Report) -> Option<&str> {
    r.claims()?.client_id()
}

/// Identifiers are UUIDs, which may be written in either case.
fn same(a: Option<&str>, b: Option<&str>) -> Option<bool> {
    Some(a?.eq_ignore_ascii_case(b?))
}

impl<'a> Comparison<'a> {
    /// The first report, A.
    pub fn first(&self) -> &'a Report {
        self.a
    }

    /// The second report, B.
    pub fn second(&self) -> &'a Report {
        self.b
    }

    /// Whether both tokens are readable.
    pub fn both_readable(&self) -> bool {
        self.a.token().is_some() && self.b.token().is_some()
    }

    /// Whether both are for the same user (`user_id`, else `sub`, ignoring
    /// ASCII case); `None` when either has neither or is unreadable.
    pub fn same_user(&self) -> Option<bool> {
        same(user(self.a), user(self.b))
    }

    /// Whether both carry the same `client_id` (ignoring ASCII case);
    /// `None` when either has none or is unreadable.
    pub fn same_client(&self) -> Option<bool> {
        same(client(self.a), client(self.b))
    }

    /// Whether both are for the same environment; `None` when either is
    /// unreadable or of an unknown environment.
    pub fn same_environment(&self) -> Option<bool> {
        let known = |r: &Report| r.environment().filter(|&e| e != Environment::Unknown);
        Some(known(self.a)? == known(self.b)?)
    }

    /// A's `iat` set against B's: [`Ordering::Less`] when B was issued
    /// later; `None` when either has no readable `iat`.
    pub fn issued(&self) -> Option<Ordering> {
        Some(self.a.issued_at()?.cmp(&self.b.issued_at()?))
    }

    /// Whether both are the very same token (same fingerprint).
    pub fn same_token(&self) -> bool {
        self.a.fingerprint().is_some() && self.a.fingerprint() == self.b.fingerprint()
    }

    /// Both readable, for the same user and the same client: the question
    /// `usertoken compare` answers with its exit status.
    pub fn same_user_and_client(&self) -> bool {
        self.same_user() == Some(true) && self.same_client() == Some(true)
    }

    /// The answer line.
    fn answer(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.a.token().is_some(), self.b.token().is_some()) {
            (true, true) => {}
            (false, false) => {
                return f.write_str("cannot compare: A and B are not readable tokens")
            }
            (false, true) => return f.write_str("cannot compare: A is not a readable token"),
            (true, false) => return f.write_str("cannot compare: B is not a readable token"),
        }
        if self.same_user_and_client() {
            f.write_str("same user and client")?;
        } else {
            let mut why = Vec::new();
            match self.same_user() {
                Some(true) => {}
                Some(false) => why.push("different users"),
                None => why.push("no user to compare"),
            }
            match self.same_client() {
                Some(true) => {}
                Some(false) => why.push("different clients"),
                None => why.push("no client_id to compare"),
            }
            write!(f, "not the same user and client: {}", why.join(", "))?;
        }
        if self.same_environment() == Some(false) {
            f.write_str("; different environments")?;
        }
        if self.same_token() {
            f.write_str("; the same token twice")?;
        } else {
            match self.issued() {
                Some(Ordering::Less) => f.write_str("; B was issued later")?,
                Some(Ordering::Greater) => f.write_str("; A was issued later")?,
                Some(Ordering::Equal) => f.write_str("; issued at the same second")?,
                None => {}
            }
        }
        Ok(())
    }
}

/// One row of the side by side: `same value` or `different A …, B …`.
fn row(
    f: &mut fmt::Formatter<'_>,
    name: &str,
    a: Option<&str>,
    b: Option<&str>,
    verdict: Option<bool>,
) -> fmt::Result {
    write!(f, "  {name:<12} ")?;
    let shown = |v: Option<&str>| v.map_or_else(|| "none".to_owned(), |v| Id(v).to_string());
    match verdict {
        Some(true) => writeln!(f, "same: {}", shown(a)),
        Some(false) => writeln!(f, "different: A {}, B {}", shown(a), shown(b)),
        None => writeln!(f, "cannot tell: A {}, B {}", shown(a), shown(b)),
    }
}

impl fmt::Display for Comparison<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.answer(f)?;
        writeln!(f)?;
        writeln!(f, "  {:<12} {}", "A", self.a.summary())?;
        writeln!(f, "  {:<12} {}", "B", self.b.summary())?;
        if !self.both_readable() {
            return Ok(());
        }
        row(f, "user", user(self.a), user(self.b), self.same_user())?;
        row(
            f,
            "client",
            client(self.a),
            client(self.b),
            self.same_client(),
        )?;
        let env = |r: &Report| r.environment().map(Environment::as_str);
        row(
            f,
            "environment",
            env(self.a),
            env(self.b),
            self.same_environment(),
        )?;
        write!(f, "  {:<12} ", "issued")?;
        match (self.a.issued_at(), self.b.issued_at()) {
            (Some(a), Some(b)) => {
                let (a_at, b_at) = (rfc3339(a), rfc3339(b));
                match a.cmp(&b) {
                    Ordering::Less => write!(f, "B later by {}", TimeSpan::new(b - a))?,
                    Ordering::Greater => write!(f, "A later by {}", TimeSpan::new(a - b))?,
                    Ordering::Equal => f.write_str("at the same second")?,
                }
                writeln!(f, " (A {a_at}, B {b_at})")
            }
            (a, b) => {
                let at =
                    |t: Option<_>| t.map_or_else(|| "none".to_owned(), |t| rfc3339(t).to_string());
                writeln!(f, "cannot tell: A {}, B {}", at(a), at(b))
            }
        }
    }
}
