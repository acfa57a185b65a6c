//! The check of the `roundtrip` target.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Utc};
use serde_json::Value;
use usertoken::{Code, Environment};

use super::{now, report_json, shown};

/// Structured input read from bytes: each call takes what it needs, and
/// zeros once the bytes run out.
struct Input<'a> {
    data: &'a [u8],
}

impl Input<'_> {
    fn byte(&mut self) -> u8 {
        let (&b, rest) = self.data.split_first().unwrap_or((&0, &[]));
        self.data = rest;
        b
    }

    fn below(&mut self, n: u8) -> u8 {
        self.byte() % n.max(1)
    }

    fn int(&mut self, bytes: usize) -> u64 {
        (0..bytes).fold(0, |v, _| v << 8 | u64::from(self.byte()))
    }

    fn bytes(&mut self, max: u8) -> Vec<u8> {
        let n = usize::from(self.below(max.saturating_add(1)));
        (0..n).map(|_| self.byte()).collect()
    }

    /// Text that a token's JSON may carry: plain, or with controls, bidi
    /// marks, quotes, backslashes and characters outside the BMP.
    fn string(&mut self) -> String {
        const PALETTE: [&str; 16] = [
            "a",
            "Z",
            "7",
            "-",
            " ",
            "\"",
            "\\",
            "/",
            "\u{0}",
            "\u{1b}[31m",
            "\u{7f}",
            "\u{202e}",
            "\u{2066}",
            "\u{feff}",
            "é",
            "😀",
        ];
        match self.below(4) {
            0 => String::new(),
            1 => String::from_utf8_lossy(&self.bytes(24)).into_owned(),
            _ => {
                let n = self.below(24);
                (0..n)
                    .map(|_| PALETTE[usize::from(self.below(16))])
                    .collect()
            }
        }
    }

    fn value(&mut self, depth: u8) -> Value {
        match self.below(if depth == 0 { 6 } else { 8 }) {
            0 => Value::Null,
            1 => Value::Bool(self.byte() & 1 == 1),
            2 => Value::from(self.int(8) as i64),
            3 => Value::from(self.int(8)),
            4 => Value::from(f64::from(self.int(4) as u32) / 7.0),
            5 => Value::String(self.string()),
            6 => Value::Array((0..self.below(4)).map(|_| self.value(depth - 1)).collect()),
            _ => Value::Object(
                (0..self.below(4))
                    .map(|_| (self.string(), self.value(depth - 1)))
                    .collect(),
            ),
        }
    }

    /// A time claim: what went in and the instant it must read as.
    fn time(&mut self) -> (Value, Option<DateTime<Utc>>, Option<Code>) {
        let seconds = (self.int(5) % 20_000_000_000) as i64 - 10_000_000_000;
        let at = DateTime::from_timestamp(seconds, 0);
        match self.below(6) {
            0 => (Value::from(seconds), at, None),
            1 => {
                let ms = seconds.abs().max(100_000_000) * 1000;
                let at = DateTime::from_timestamp(ms / 1000, 0);
                (Value::from(ms), at, Some(Code::TimestampInMilliseconds))
            }
            2 => (
                Value::from(seconds.to_string()),
                at,
                Some(Code::UnexpectedClaimType),
            ),
            3 => {
                // The fraction is dropped: towards zero.
                let whole = if seconds < 0 { seconds + 1 } else { seconds };
                let at = DateTime::from_timestamp(whole, 0);
                (Value::from(seconds as f64 + 0.5), at, None)
            }
            4 => (Value::Null, None, Some(Code::UnexpectedClaimType)),
            _ => (self.value(1), None, None),
        }
    }
}

/// Whether a diagnostic's message is about the claim `name`: it begins
/// `name …` or `claim name …`.
fn about(message: &str, name: &str) -> bool {
    let rest = message.strip_prefix("claim ").unwrap_or(message);
    rest.strip_prefix(name).is_some_and(|r| r.starts_with(' '))
}

/// One JSON object written by hand, so that member order, duplicates and
/// whitespace are exactly what the input chose.
fn object_text(members: &[(String, String)], pretty: bool) -> String {
    let sep = if pretty { ",\n  " } else { "," };
    let body: Vec<String> = members
        .iter()
        .map(|(name, value)| {
            let name = serde_json::to_string(name).unwrap_or_default();
            format!("{name}{}{value}", if pretty { ": " } else { ":" })
        })
        .collect();
    if pretty {
        format!("{{\n  {}\n}}", body.join(sep))
    } else {
        format!("{{{}}}", body.join(sep))
    }
}

/// The members as they must read back: first position, last value.
fn expected_members(members: &[(String, String)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (name, value) in members {
        match out.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = value.clone(),
            None => out.push((name.clone(), value.clone())),
        }
    }
    out
}

/// How many names appear more than once.
fn duplicated(members: &[(String, String)]) -> usize {
    let expected = expected_members(members);
    expected
        .iter()
        .filter(|(name, _)| members.iter().filter(|(n, _)| n == name).count() > 1)
        .count()
}

/// Target `roundtrip`: header fields, claims (standard, unknown, of every
/// JSON type, repeated) and times derived from the bytes, encoded here,
/// then inspected; what went in comes out exactly.
///
/// - the token reads; every member's raw JSON is verbatim, in first-seen
///   order with the last value of a repeated name, and each repeated name
///   has a `duplicate-name` diagnostic;
/// - typed accessors (`alg`, `typ`, `kid`, `client_id`, `user_id`, `sub`,
///   `iss`, `jti`) give the strings that went in; time claims read as the
///   instant that went in (seconds, milliseconds, numeric strings,
///   fractions dropped) with the matching diagnostic;
/// - the signature length, fingerprint, environment and expiry are right;
/// - the JSON report's header and claims equal what went in, as JSON;
/// - another signature of the same length changes nothing but the
///   fingerprint.
pub fn roundtrip(data: &[u8]) {
    let mut input = Input { data };
    let now = now();

    let mut header: Vec<(String, String)> = Vec::new();
    let alg = match input.below(6) {
        0 => None,
        1 => Some("HS256".to_owned()),
        2 => Some("RS256".to_owned()),
        3 => Some("none".to_owned()),
        4 => Some("EdDSA".to_owned()),
        _ => Some(input.string()),
    };
    if let Some(alg) = &alg {
        header.push(("alg".into(), Value::from(alg.as_str()).to_string()));
    }
    if input.below(2) == 0 {
        header.push(("typ".into(), Value::from("JWT").to_string()));
    }
    for name in ["kid", "jku", "x5u"] {
        if input.below(3) == 0 {
            header.push((name.into(), Value::from(input.string()).to_string()));
        }
    }
    for _ in 0..input.below(3) {
        header.push((input.string(), input.value(2).to_string()));
    }

    let mut claims: Vec<(String, String)> = Vec::new();
    for name in ["client_id", "user_id", "sub", "iss", "jti"] {
        let value = match input.below(4) {
            0 => continue,
            1 => input.value(1),
            2 if name == "iss" => Value::from("argyle-core-auth-prod"),
            _ => Value::from(input.string()),
        };
        claims.push((name.into(), value.to_string()));
    }
    let mut times = Vec::new();
    for name in ["iat", "exp", "nbf"] {
        if input.below(4) != 0 {
            let (value, at, code) = input.time();
            claims.push((name.into(), value.to_string()));
            times.push((name, value, at, code));
        }
    }
    for _ in 0..input.below(4) {
        claims.push((input.string(), input.value(3).to_string()));
    }
    // Repeat a name: its last value must count.
    if !claims.is_empty() && input.below(3) == 0 {
        let i = usize::from(input.byte()) % claims.len();
        let name = claims[i].0.clone();
        claims.push((name, input.value(1).to_string()));
    }
    let pretty = input.below(2) == 0;
    let signature = input.bytes(64);
    let wrap = input.below(5);

    let header_text = object_text(&header, pretty);
    let claims_text = object_text(&claims, pretty);
    let encode = |signature: &[u8]| {
        format!(
            "{}.{}.{}",
            URL_SAFE_NO_PAD.encode(&header_text),
            URL_SAFE_NO_PAD.encode(&claims_text),
            URL_SAFE_NO_PAD.encode(signature)
        )
    };
    let token = encode(&signature);
    let pasted = match wrap {
        0 => token.clone(),
        1 => format!("Bearer {token}"),
        2 => format!("  \"{token}\"\n"),
        3 => format!("Authorization: Bearer {token}"),
        _ => format!("userToken: '{token}',"),
    };

    let report = usertoken::inspect(&pasted, now);
    let read = match report.token() {
        Some(read) => read,
        None => panic!("{:?} for {header_text} {claims_text}", report.error()),
    };
    assert_eq!(
        report.fingerprint(),
        Some(usertoken::Fingerprint::of(token.as_bytes()))
    );
    assert_eq!(read.signature_len(), signature.len());

    let h = read.header();
    let want = expected_members(&header);
    let got: Vec<(String, String)> = h
        .iter()
        .map(|(n, v)| (n.to_owned(), v.get().to_owned()))
        .collect();
    assert_eq!(got, want, "header {header_text}");
    let string_member = |members: &[(String, String)], name: &str| {
        members
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| serde_json::from_str::<Value>(v).ok())
            .and_then(|v| v.as_str().map(str::to_owned))
    };
    let alg = string_member(&want, "alg");
    assert_eq!(h.alg().map(str::to_owned), alg);
    let unsigned = alg.is_some_and(|a| a.eq_ignore_ascii_case("none"));
    assert_eq!(read.is_signed(), !signature.is_empty() && !unsigned);
    assert_eq!(h.typ().map(str::to_owned), string_member(&want, "typ"));
    assert_eq!(h.kid().map(str::to_owned), string_member(&want, "kid"));

    let c = read.claims();
    let want = expected_members(&claims);
    let got: Vec<(String, String)> = c
        .iter()
        .map(|(n, v)| (n.to_owned(), v.get().to_owned()))
        .collect();
    assert_eq!(got, want, "claims {claims_text}");
    assert_eq!(c.len(), want.len());
    let repeated = duplicated(&claims) + duplicated(&header);
    let said = report
        .diagnostics()
        .iter()
        .filter(|d| d.code() == Code::DuplicateName)
        .count();
    assert_eq!(said, repeated);
    for (name, text) in [
        ("client_id", c.client_id()),
        ("user_id", c.user_id()),
        ("sub", c.sub()),
        ("iss", c.iss()),
        ("jti", c.jti()),
    ] {
        assert_eq!(
            text.map(str::to_owned),
            string_member(&want, name),
            "{name}"
        );
    }
    if repeated == 0 {
        for (name, _value, at, code) in &times {
            let read_at = match *name {
                "iat" => c.issued_at(),
                "exp" => c.expires_at(),
                _ => c.not_before(),
            };
            if at.is_some() || code.is_some() {
                assert_eq!(read_at, *at, "{name}");
            }
            if let Some(code) = code {
                assert!(
                    report
                        .diagnostics()
                        .iter()
                        .any(|d| d.code() == *code && about(d.message(), name)),
                    "no {code} for {name}"
                );
            }
        }
    }
    if let Some(exp) = c.expires_at() {
        assert_eq!(report.is_expired(), Some(now >= exp));
    }
    if c.iss() == Some("argyle-core-auth-prod") {
        assert_eq!(report.environment(), Some(Environment::Production));
    }

    let json = report_json(&report);
    let parse = |text: &str| serde_json::from_str::<Value>(text).expect("made as JSON");
    assert_eq!(json["header"], parse(&header_text));
    assert_eq!(json["claims"], parse(&claims_text));

    let other: Vec<u8> = signature.iter().map(|b| b ^ 0x5a).collect();
    if !signature.is_empty() {
        let other = usertoken::inspect(pasted.replace(&token, &encode(&other)), now);
        let (a, b) = (shown(&report), shown(&other));
        assert_eq!(a, b, "the signature shows");
    }
}
