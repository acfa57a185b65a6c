//! Inspecting pasted text: when the input is not a token by itself, the
//! tokens inside it are found with the same finder as `scan`, and each is
//! inspected with where it was found — never the text around it.

use chrono::{DateTime, Utc};

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::error::ErrorKind;
use crate::find::pasted::{found, searchable, Source, NO_TOKEN_FOUND};
use crate::inspect::report::{Inspector, Report};
use crate::read::token::HeaderCache;

impl Inspector {
    /// Inspects pasted text: one report when it is a token by itself (with
    /// whatever [`Token::parse`](crate::Token::parse) removes around it),
    /// else one report for each token found inside it by the finder of
    /// [`find_tokens`](crate::find_tokens), in order, each with its [`Report::source`] and an
    /// `input-cleaned` note saying where ("found at byte 42 of the pasted
    /// text", "token 2 of 3 in the pasted text, found at byte 42"). The
    /// text around a token is never shown. When none is found, the one
    /// report of the input as a token, its error as ever, and the note
    /// `no-token-found`.
    ///
    /// ```
    /// use chrono::DateTime;
    /// use usertoken::Inspector;
    ///
    /// let line = "INFO link init userToken=eyJhbGciOiJub25lIn0.eyJ1c2VyX2lkIjoidTEifQ. sandbox=true";
    /// let now = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
    /// let reports = Inspector::new().inspect_pasted(line, now);
    /// assert_eq!(reports.len(), 1);
    /// assert_eq!(reports[0].claims().unwrap().user_id(), Some("u1"));
    /// assert_eq!(reports[0].source().map(|s| s.offset()), Some(25));
    /// ```
    pub fn inspect_pasted(&self, text: impl AsRef<[u8]>, now: DateTime<Utc>) -> Vec<Report> {
        self.inspect_pasted_in(text.as_ref(), now, None)
    }

    /// [`inspect_pasted`](Self::inspect_pasted) with the last header
    /// decoded kept in `headers`: see [`HeaderCache`].
    pub fn inspect_pasted_with(
        &self,
        text: impl AsRef<[u8]>,
        now: DateTime<Utc>,
        headers: &mut HeaderCache,
    ) -> Vec<Report> {
        self.inspect_pasted_in(text.as_ref(), now, Some(headers))
    }

    /// [`inspect_pasted`](Self::inspect_pasted), with the last header
    /// remembered in `headers` when given.
    pub(crate) fn inspect_pasted_in(
        &self,
        text: &[u8],
        now: DateTime<Utc>,
        mut headers: Option<&mut HeaderCache>,
    ) -> Vec<Report> {
        let report = self.inspect_in(text, now, headers.as_deref_mut());
        match report.error() {
            Some(e) if searchable(e.kind()) => {}
            _ => return vec![report],
        }
        // Five segments read as encrypted: a JWE, or text holding two
        // tokens (`a=h.p.s b=h.p.s`), which only a search tells apart.
        let encrypted = report
            .error()
            .is_some_and(|e| e.kind() == ErrorKind::Encrypted);
        let Some(found) = found(text) else {
            if encrypted {
                return vec![report];
            }
            return vec![report.nothing_found()];
        };
        if let [(token, _)] = found.as_slice() {
            // The finder found the input itself (a damaged token): the
            // input was the token.
            let alone = self.inspect_in(token, now, headers.as_deref_mut());
            if alone.fingerprint() == report.fingerprint() {
                return vec![report];
            }
        }
        found
            .into_iter()
            .map(|(token, source)| {
                self.inspect_in(&token, now, headers.as_deref_mut())
                    .found_at(source)
            })
            .collect()
    }
}

impl Report {
    /// Where in pasted text this report's token was found
    /// ([`Inspector::inspect_pasted`]); `None` when the input was the token.
    pub fn source(&self) -> Option<Source> {
        self.source
    }

    pub(crate) fn found_at(mut self, source: Source) -> Report {
        #[cfg(feature = "verify")]
        {
            self.signature = self.signature.map(|v| v.found_at(source));
        }
        self.source = Some(source);
        self.diagnostics.insert(0, source.note());
        self
    }

    pub(crate) fn nothing_found(mut self) -> Report {
        self.diagnostics.push(Diagnostic::new(
            Severity::Info,
            Code::NoTokenFound,
            NO_TOKEN_FOUND,
        ));
        self
    }

    /// Whether the input was searched as pasted text and held no token.
    pub(crate) fn searched_in_vain(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.code == Code::NoTokenFound)
    }
}
