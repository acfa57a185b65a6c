//! Link snippets: the integrator's code that initialises Link, pasted
//! whole (JavaScript, Swift, Kotlin, React Native, Flutter). Its
//! `userToken` is the token to inspect, its `sandbox` the setting to check
//! the token's environment against; `linkKey` and `accountId` are said to
//! be there, never shown.

use std::ops::Range;

use chrono::{DateTime, Utc};

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::find::pasted::{found, Source};
use crate::inspect::report::{Inspector, Report};

/// What a Link configuration in pasted text sets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct LinkConfig {
    /// Where the `userToken` value stands.
    pub user_token: Option<Range<usize>>,
    pub sandbox: Option<bool>,
    pub link_key: bool,
    pub account_id: bool,
}

/// One lexeme of code: a name, the text inside quotes, or a punctuation
/// byte. Comments and whitespace are skipped.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Lexeme {
    Name(Range<usize>),
    Quoted(Range<usize>),
    Punct(u8, usize),
}

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b'$'
}

fn is_name(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$'
}

/// The lexemes of `text`, as the languages of Link's snippets write them:
/// `//` and `/* */` comments, `'…'`, `"…"` and `` `…` `` strings with
/// backslash escapes.
fn lexemes(text: &[u8]) -> Vec<Lexeme> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&b) = text.get(i) {
        match b {
            b'/' if text.get(i + 1) == Some(&b'/') => {
                i = memchr::memchr(b'\n', &text[i..]).map_or(text.len(), |n| i + n);
            }
            b'/' if text.get(i + 1) == Some(&b'*') => {
                i = memchr::memmem::find(&text[i + 2..], b"*/")
                    .map_or(text.len(), |n| i + 2 + n + 2);
            }
            b'\'' | b'"' | b'`' => {
                let start = i + 1;
                let mut j = start;
                while let Some(&c) = text.get(j) {
                    if c == b'\\' {
                        j += 2;
                        continue;
                    }
                    if c == b || (c == b'\n' && b != b'`') {
                        break;
                    }
                    j += 1;
                }
                let end = j.min(text.len());
                out.push(Lexeme::Quoted(start..end));
                i = end + 1;
            }
            _ if is_name_start(b) => {
                let start = i;
                while text.get(i).copied().is_some_and(is_name) {
                    i += 1;
                }
                out.push(Lexeme::Name(start..i));
            }
            _ if b.is_ascii_whitespace() => i += 1,
            _ => {
                out.push(Lexeme::Punct(b, i));
                i += 1;
            }
        }
    }
    out
}

/// A bare value after `name=` or `name:` (a log line's `userToken=…`): the
/// run of token and word characters from `at`.
fn bare(text: &[u8], at: usize) -> Range<usize> {
    let mut at = at;
    while text.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    let len = text[at.min(text.len())..]
        .iter()
        .take_while(|&&b| b.is_ascii_alphanumeric() || b"-_.+/=%".contains(&b))
        .count();
    at..at + len
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Setting {
    UserToken,
    Sandbox,
    LinkKey,
    AccountId,
}

fn setting(name: &[u8]) -> Option<Setting> {
    Some(match name {
        b"userToken" | b"user_token" => Setting::UserToken,
        b"sandbox" => Setting::Sandbox,
        b"linkKey" | b"link_key" => Setting::LinkKey,
        b"accountId" | b"account_id" => Setting::AccountId,
        _ => return None,
    })
}

/// The Link configuration in `text`, when it sets `userToken` or
/// `sandbox`: the first value of each setting counts.
pub(crate) fn link_config(text: &[u8]) -> Option<LinkConfig> {
    let lexemes = lexemes(text);
    let mut config = LinkConfig::default();
    let (mut token_seen, mut sandbox_seen) = (false, false);
    for (i, lexeme) in lexemes.iter().enumerate() {
        let (Lexeme::Name(name) | Lexeme::Quoted(name)) = lexeme else {
            continue;
        };
        let Some(which) = setting(&text[name.clone()]) else {
            continue;
        };
        let Some(Lexeme::Punct(b':' | b'=', at)) = lexemes.get(i + 1) else {
            continue;
        };
        let value = match lexemes.get(i + 2) {
            Some(Lexeme::Quoted(r)) => r.clone(),
            _ => bare(text, at + 1),
        };
        match which {
            Setting::UserToken if !token_seen => {
                token_seen = true;
                config.user_token = Some(value);
            }
            Setting::Sandbox if !sandbox_seen => {
                let word = &text[value];
                config.sandbox = match word {
                    b"true" => Some(true),
                    b"false" => Some(false),
                    _ => None,
                };
                sandbox_seen = config.sandbox.is_some();
            }
            Setting::LinkKey => config.link_key = true,
            Setting::AccountId => config.account_id = true,
            _ => {}
        }
    }
    (token_seen || sandbox_seen).then_some(config)
}

impl LinkConfig {
    /// The `link-snippet` note: which values were taken from the snippet,
    /// and what else it holds. Never a value but `sandbox`'s.
    fn note(&self, own_sandbox: Option<bool>, token_taken: bool) -> Diagnostic {
        let mut parts = Vec::new();
        if token_taken {
            parts.push("the token from its userToken".to_owned());
        } else if self.user_token.is_some() {
            parts.push("its userToken is not a readable token".to_owned());
        }
        match (self.sandbox, own_sandbox) {
            (Some(s), None) => parts.push(format!(
                "sandbox: {s} from the snippet for the environment check"
            )),
            (Some(s), Some(own)) => parts.push(format!(
                "sandbox: {s} in the snippet, but sandbox: {own} as given is checked"
            )),
            (None, _) => parts.push("no sandbox setting".to_owned()),
        }
        if self.link_key {
            parts.push("a linkKey (not shown)".to_owned());
        }
        if self.account_id {
            parts.push("an accountId (not shown)".to_owned());
        }
        Diagnostic::new(
            Severity::Info,
            Code::LinkSnippet,
            format!("a Link configuration: {}", parts.join(", ")),
        )
    }
}

impl Inspector {
    /// Inspects text pasted whole — a Link snippet, a log excerpt, an API
    /// response — as one pasted text. When it holds a Link configuration
    /// (`userToken: '…'`, `sandbox: true`, `userToken = "…"`, older
    /// `linkKey`, `accountId`), its `userToken` value is the token inspected
    /// and its `sandbox` the setting of
    /// [`expect_sandbox`](Self::expect_sandbox) (unless this inspector has
    /// one: that one counts), and a `link-snippet` note says which values
    /// were taken from the snippet and whether `linkKey` and `accountId` are
    /// there — never their values. Otherwise, or when its `userToken` is not
    /// a readable token, the tokens in the text are inspected as by
    /// [`inspect_pasted`](Self::inspect_pasted).
    ///
    /// ```
    /// use chrono::DateTime;
    /// use usertoken::{Code, Inspector};
    ///
    /// let snippet = r#"
    /// const linkInstance = Argyle.create({
    ///     userToken: 'eyJhbGciOiJub25lIn0.eyJ1c2VyX2lkIjoidTEiLCJpc3MiOiJhcmd5bGUtY29yZS1hdXRoLXByb2QifQ.',
    ///     sandbox: true // Set to false for production environment.
    /// })"#;
    /// let now = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
    /// let reports = Inspector::new().inspect_snippet(snippet, now);
    /// assert_eq!(reports.len(), 1);
    /// let codes: Vec<Code> = reports[0].diagnostics().iter().map(|d| d.code()).collect();
    /// assert!(codes.contains(&Code::LinkSnippet));
    /// assert!(codes.contains(&Code::EnvironmentMismatch)); // a production token, sandbox: true
    /// ```
    pub fn inspect_snippet(&self, text: impl AsRef<[u8]>, now: DateTime<Utc>) -> Vec<Report> {
        let text = text.as_ref();
        if text.len() > self.get_max_len() {
            return vec![self.oversized(text.len(), now)];
        }
        let Some(config) = link_config(text) else {
            return self.inspect_pasted(text, now);
        };
        let own = self.link.sandbox;
        let inspector = match (config.sandbox, own) {
            (Some(sandbox), None) => self.clone().expect_sandbox(sandbox),
            _ => self.clone(),
        };
        let value = config.user_token.clone().map(|range| {
            let source = Source::new(range.start, 1, 1);
            (inspector.inspect(&text[range], now), source)
        });
        let (mut reports, taken) = match value {
            Some((report, source)) if report.token().is_some() => {
                (vec![report.found_at(source)], true)
            }
            value => match found(text) {
                Some(found) => (
                    found
                        .into_iter()
                        .map(|(token, source)| inspector.inspect(&token, now).found_at(source))
                        .collect(),
                    false,
                ),
                None => match value {
                    Some((report, _)) => (vec![report.nothing_found()], false),
                    None => (vec![inspector.inspect(text, now).nothing_found()], false),
                },
            },
        };
        let note = config.note(own, taken);
        for report in &mut reports {
            report.diagnostics.insert(0, note.clone());
        }
        reports
    }
}
