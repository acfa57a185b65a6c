//! The small API promises of 0.2.0: severities order from least to most
//! severe, the renderers' `Debug` names a report without its text, the
//! table counts what its rows show, text for people cannot rewrite a
//! terminal.

use base64::Engine;
use chrono::DateTime;
use usertoken::{inspect, HeaderCache, Inspector, Printable, Report, Severity, Table};

/// A token made here, so that no token text sits in the repository.
fn token(user_id: &str) -> String {
    let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    format!(
        "{}.{}.{}",
        b64(r#"{"alg":"HS256","typ":"JWT"}"#),
        b64(&format!(
            r#"{{"iss":"argyle-core-auth-prod","user_id":"{user_id}","exp":1700000000}}"#
        )),
        b64("signature-not-shown"),
    )
}

#[track_caller]
fn report(text: &str) -> Report {
    inspect(text, DateTime::from_timestamp(1_700_000_000, 0).unwrap())
}

#[track_caller]
fn assert_no_token_text(shown: &str, token: &str) {
    for part in token.split('.') {
        assert!(
            !shown.contains(part),
            "{shown:?} shows a segment of the token"
        );
    }
}

#[test]
fn severities_order_from_least_to_most_severe() {
    assert!(Severity::Info < Severity::Warning);
    assert!(Severity::Warning < Severity::Error);
    let mut all = vec![Severity::Error, Severity::Info, Severity::Warning];
    all.sort();
    assert_eq!(all, [Severity::Info, Severity::Warning, Severity::Error]);
}

#[test]
fn the_worst_severity_is_the_most_severe_one() {
    // '=' padding on the signature is a note (info); the missing
    // `client_id` is more severe: the worst is the latter, not the note.
    let readable = report(&format!("{}==", token("u1")));
    let severities: Vec<Severity> = readable
        .diagnostics()
        .iter()
        .map(|d| d.severity())
        .collect();
    assert!(severities.contains(&Severity::Info), "{severities:?}");
    let most = severities.iter().copied().max();
    assert!(most > Some(Severity::Info), "{severities:?}");
    assert_eq!(readable.worst(), most);
}

#[test]
fn renderers_debug_names_the_report_by_fingerprint_only() {
    let (first, second) = (token("u1"), token("u2"));
    let (a, b) = (report(&first), report(&second));
    let fp = a.fingerprint().unwrap();
    let human = format!("{:?}", a.human());
    assert_eq!(
        human,
        format!("Human {{ fingerprint: Some({fp:?}), color: false, .. }}")
    );
    let summary = format!("{:?}", a.summary());
    assert_eq!(summary, format!("Summary {{ fingerprint: Some({fp:?}) }}"));
    let comparison = format!("{:?}", a.compare(&b));
    assert!(comparison.starts_with(&format!("Comparison {{ a: Some({fp:?}), b: Some(")));
    for shown in [human, summary, comparison] {
        assert_no_token_text(&shown, &first);
        assert_no_token_text(&shown, &second);
    }
}

#[test]
fn a_table_counts_its_rows_and_shows_no_token_text() {
    let (first, second) = (token("u1"), token("u2"));
    let table = Table::new();
    assert_eq!(
        table.heading().to_string(),
        "   #  fingerprint       environment  user_id    client_id  issued (UTC)      expiry                  problems"
    );
    let reports = [report(&first), report(&second), report("not a token")];
    let rows: Vec<String> = reports
        .iter()
        .enumerate()
        .map(|(i, r)| {
            table.count(r);
            table.row(i + 1, r).to_string()
        })
        .collect();
    // Showing a row again counts nothing.
    assert_eq!(table.row(1, &reports[0]).to_string(), rows[0]);
    let fp = reports[0].fingerprint().unwrap();
    assert!(rows[0].starts_with(&format!("   1  {fp}  production   u1         -          -                 expired 0 seconds ago")), "{}", rows[0]);
    assert!(
        rows[2].ends_with("unreadable: segment-count"),
        "{}",
        rows[2]
    );
    assert_eq!(
        table.totals().to_string(),
        "3 tokens: 2 expired, 2 with problems, 1 unreadable; production 2"
    );
    // Colour wraps cells in escapes; without it there are none.
    let coloured = Table::new().color(true);
    assert!(coloured.heading().to_string().starts_with("\x1b[1m"));
    // Problems by severity: yellow for warnings, red for errors (a token
    // cut off after its payload has signature-missing).
    let warned = coloured.row(1, &reports[0]).to_string();
    assert!(
        warned.ends_with("\x1b[0m") && warned.contains("\x1b[33m"),
        "{warned:?}"
    );
    let cut = first.rsplit_once('.').unwrap().0;
    let cut = coloured.row(2, &report(cut)).to_string();
    assert!(cut.contains("\x1b[1;31msignature-missing"), "{cut:?}");
    assert!(!rows.concat().contains('\x1b'));
    let debug = format!("{table:?}");
    assert_eq!(debug, "Table { tokens: 3, .. }");
    for shown in rows.iter().chain([&debug]) {
        assert_no_token_text(shown, &first);
        assert_no_token_text(shown, &second);
    }
}

#[test]
fn printable_text_escapes_control_and_bidi_characters_only() {
    assert_eq!(
        Printable("logs/\u{202e}gol.txt\u{1b}[2J é 🙂").to_string(),
        "logs/\\u{202e}gol.txt\\u{1b}[2J é 🙂"
    );
    assert_eq!(Printable("").to_string(), "");
}

#[test]
fn a_header_cache_shows_no_token_text() {
    let inspector = Inspector::new();
    let mut headers = HeaderCache::new();
    let first = token("u1");
    let _ = inspector.inspect_with(
        &first,
        DateTime::from_timestamp(0, 0).unwrap(),
        &mut headers,
    );
    assert_eq!(format!("{headers:?}"), "HeaderCache { .. }");
}

/// Every name of `T` reads back as its value, in any case, as text and as
/// JSON; `Display` pads it; an unknown name is refused with the list.
fn names_read_back<T>(all: &[T])
where
    T: Copy
        + PartialEq
        + std::fmt::Debug
        + std::fmt::Display
        + std::str::FromStr<Err = usertoken::ParseNameError>
        + serde::Serialize
        + serde::de::DeserializeOwned,
{
    assert!(!all.is_empty());
    for &value in all {
        let name = value.to_string();
        assert_eq!(name.parse::<T>(), Ok(value));
        assert_eq!(name.to_ascii_uppercase().parse::<T>(), Ok(value));
        assert_eq!(format!("{value:>30}").trim_start(), name);
        let json = serde_json::to_string(&value).unwrap();
        assert_eq!(json, format!("\"{name}\""));
        assert_eq!(serde_json::from_str::<T>(&json).unwrap(), value);
    }
    let refused = "no-such-name".parse::<T>().unwrap_err();
    let expected: Vec<String> = all.iter().map(ToString::to_string).collect();
    assert_eq!(refused.expected(), expected);
    assert_eq!(
        refused.to_string(),
        format!("expected one of {}", expected.join(", "))
    );
    assert!(serde_json::from_str::<T>("\"no-such-name\"").is_err());
}

#[test]
fn every_stable_name_reads_back() {
    use usertoken::{
        Code, Encoding, Environment, ErrorKind, KeyErrorKind, Part, ReasonKind, Status, Style,
        TokenKind,
    };
    names_read_back(Severity::ALL);
    names_read_back(Code::ALL);
    names_read_back(Part::ALL);
    names_read_back(ErrorKind::ALL);
    names_read_back(Environment::ALL);
    names_read_back(Style::ALL);
    names_read_back(TokenKind::ALL);
    names_read_back(Encoding::ALL);
    names_read_back(KeyErrorKind::ALL);
    names_read_back(ReasonKind::ALL);
    names_read_back(Status::ALL);
    // Environments and codes order as their tables list them.
    assert!(Environment::ALL.windows(2).all(|w| w[0] < w[1]));
    assert!(Code::ALL.windows(2).all(|w| w[0] < w[1]));
    // The usual short forms of environments read too.
    assert_eq!("PROD".parse(), Ok(Environment::Production));
    assert_eq!("stage".parse(), Ok(Environment::Staging));
    assert_eq!("Dev".parse(), Ok(Environment::Development));
}

#[test]
fn a_fingerprint_reads_back_from_its_hex_and_json() {
    let fingerprint = usertoken::Fingerprint::of(b"any token text");
    let hex = fingerprint.to_string();
    assert_eq!(hex.parse(), Ok(fingerprint));
    assert_eq!(hex.to_ascii_uppercase().parse(), Ok(fingerprint));
    let json = serde_json::to_string(&fingerprint).unwrap();
    assert_eq!(json, format!("\"{hex}\""));
    assert_eq!(
        serde_json::from_str::<usertoken::Fingerprint>(&json).unwrap(),
        fingerprint
    );
    for bad in [
        "",
        "0123",
        "0123456789abcdeg",
        "0123456789abcdef0",
        "+123456789abcdef",
    ] {
        let e = bad.parse::<usertoken::Fingerprint>().unwrap_err();
        assert_eq!(e.to_string(), "expected 16 hex digits", "{bad}");
    }
}
