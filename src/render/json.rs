//! The report as JSON: the serde form for library users, and a direct
//! writer with the same bytes for the command line's hot path.

use std::io::{self, Write};

use chrono::{DateTime, Utc};
use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::inspect::report::Report;
use crate::read::claims::Claims;
use crate::read::time::rfc3339;

struct Instant(Option<DateTime<Utc>>);

impl Serialize for Instant {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Some(at) => serializer.serialize_str(rfc3339(at).as_str()),
            None => serializer.serialize_none(),
        }
    }
}

impl Serialize for Report {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Report", 17)?;
        s.serialize_field("fingerprint", &self.fingerprint())?;
        s.serialize_field("header", &self.header())?;
        s.serialize_field("claims", &self.claims())?;
        s.serialize_field("issuer", &self.issuer())?;
        s.serialize_field("environment", &self.environment())?;
        s.serialize_field("issued_at", &Instant(self.issued_at()))?;
        s.serialize_field("expires_at", &Instant(self.expires_at()))?;
        s.serialize_field(
            "not_before",
            &Instant(self.claims().and_then(Claims::not_before)),
        )?;
        s.serialize_field(
            "lifetime_seconds",
            &self.lifetime().map(|d| d.num_seconds()),
        )?;
        s.serialize_field("expired", &self.is_expired())?;
        s.serialize_field(
            "expires_in_seconds",
            &self.expires_in().map(|d| d.num_seconds()),
        )?;
        s.serialize_field("diagnostics", self.diagnostics())?;
        s.serialize_field("error", &self.error())?;
        let (signature, reason) = self.signature_json();
        s.serialize_field("signature", signature)?;
        s.serialize_field("signature_reason", &reason)?;
        s.serialize_field("source", &self.source())?;
        s.end()
    }
}

impl Report {
    /// Writes the report as one line of JSON (no newline), byte for byte
    /// what `serde_json::to_writer(w, &report)` writes, faster.
    ///
    /// # Errors
    ///
    /// When `w` fails.
    pub fn write_json<W: Write>(&self, w: &mut W) -> io::Result<()> {
        fn instant<W: Write>(w: &mut W, at: Option<DateTime<Utc>>) -> io::Result<()> {
            match at {
                Some(at) => {
                    w.write_all(b"\"")?;
                    w.write_all(rfc3339(at).as_str().as_bytes())?;
                    w.write_all(b"\"")
                }
                None => w.write_all(b"null"),
            }
        }
        /// A JSON string: as it is when nothing needs escaping (one
        /// branch-free pass), through serde_json otherwise.
        fn string<W: Write>(w: &mut W, s: &str) -> io::Result<()> {
            let plain = s.bytes().fold(true, |ok, b| {
                ok & (b >= 0x20) & (b != b'"') & (b != b'\\') & (b != 0x7F)
            });
            if plain {
                w.write_all(b"\"")?;
                w.write_all(s.as_bytes())?;
                w.write_all(b"\"")
            } else {
                json(w, s)
            }
        }
        fn json<W: Write, T: Serialize + ?Sized>(w: &mut W, value: &T) -> io::Result<()> {
            serde_json::to_writer(w, value).map_err(io::Error::other)
        }
        match self.fingerprint() {
            Some(fp) => {
                w.write_all(b"{\"fingerprint\":\"")?;
                w.write_all(&fp.to_hex())?;
                w.write_all(b"\",\"header\":")?;
            }
            None => w.write_all(b"{\"fingerprint\":null,\"header\":")?,
        }
        match self.header() {
            Some(h) => h.object().write_json(w)?,
            None => w.write_all(b"null")?,
        }
        w.write_all(b",\"claims\":")?;
        match self.claims() {
            Some(c) => c.object().write_json(w)?,
            None => w.write_all(b"null")?,
        }
        w.write_all(b",\"issuer\":")?;
        match self.issuer() {
            Some(iss) => string(w, iss)?,
            None => w.write_all(b"null")?,
        }
        w.write_all(b",\"environment\":")?;
        match self.environment() {
            Some(env) => {
                w.write_all(b"\"")?;
                w.write_all(env.as_str().as_bytes())?;
                w.write_all(b"\"")?;
            }
            None => w.write_all(b"null")?,
        }
        w.write_all(b",\"issued_at\":")?;
        instant(w, self.issued_at())?;
        w.write_all(b",\"expires_at\":")?;
        instant(w, self.expires_at())?;
        w.write_all(b",\"not_before\":")?;
        instant(w, self.claims().and_then(Claims::not_before))?;
        w.write_all(b",\"lifetime_seconds\":")?;
        json(w, &self.lifetime().map(|d| d.num_seconds()))?;
        w.write_all(b",\"expired\":")?;
        json(w, &self.is_expired())?;
        w.write_all(b",\"expires_in_seconds\":")?;
        json(w, &self.expires_in().map(|d| d.num_seconds()))?;
        w.write_all(b",\"diagnostics\":[")?;
        for (i, d) in self.diagnostics().iter().enumerate() {
            if i > 0 {
                w.write_all(b",")?;
            }
            w.write_all(b"{\"severity\":\"")?;
            w.write_all(d.severity.as_str().as_bytes())?;
            w.write_all(b"\",\"code\":\"")?;
            w.write_all(d.code.as_str().as_bytes())?;
            w.write_all(b"\",\"message\":")?;
            string(w, &d.message)?;
            w.write_all(b"}")?;
        }
        w.write_all(b"],\"error\":")?;
        json(w, &self.error())?;
        let (signature, reason) = self.signature_json();
        w.write_all(b",\"signature\":\"")?;
        w.write_all(signature.as_bytes())?;
        w.write_all(b"\",\"signature_reason\":")?;
        json(w, &reason)?;
        w.write_all(b",\"source\":")?;
        match self.source() {
            Some(source) => json(w, &source)?,
            None => w.write_all(b"null")?,
        }
        w.write_all(b"}")
    }
}
