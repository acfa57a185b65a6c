//! The check of the `inspect` target.

use chrono::DateTime;
use usertoken::{ErrorKind, Inspector, Token};

use super::{is_base64url, is_dangerous, now, shown, with_other_last_segment, Rng};

/// Target `inspect`: any bytes get a report; never a panic.
///
/// - exactly one of a token and an error, the same as [`Token::parse_bytes`];
/// - as pasted text ([`Inspector::inspect_pasted`], `inspect_snippet`), at
///   least one report, a readable input its own, every source inside the
///   text;
/// - the same input gives the same report (JSON, human text, `Debug`);
/// - the JSON report serialises, equals `write_json`'s bytes and parses back;
/// - the human text holds no raw control, bidi or invisible character;
/// - errors read alike in `Display` and `Debug`;
/// - a size limit below the input's length refuses it before decoding;
/// - time never decides readability: another `now` reads the same;
/// - the signature never influences what is shown: other text in the last
///   segment of a bare token changes nothing but the fingerprint.
pub fn inspect(data: &[u8]) {
    let now = now();
    let report = usertoken::inspect(data, now);
    assert!(report.token().is_some() != report.error().is_some());
    match (Token::parse_bytes(data), report.error()) {
        (Ok(_), None) => {}
        (Err(parsed), Some(inspected)) => assert_eq!(&parsed, inspected),
        (parsed, inspected) => panic!("parse {parsed:?} but inspect {inspected:?}"),
    }

    // As pasted text: never nothing; a readable input is its own report;
    // each token found says where it stands, inside the text.
    let pasted = Inspector::new().inspect_pasted(data, now);
    assert!(!pasted.is_empty());
    if report.error().is_none() {
        assert_eq!(pasted.len(), 1);
        assert_eq!(pasted[0].source(), None);
        assert_eq!(pasted[0].fingerprint(), report.fingerprint());
    }
    for r in &pasted {
        if let Some(s) = r.source() {
            assert!(s.offset() < data.len());
            assert_eq!(s.of(), pasted.len());
            assert!((1..=s.of()).contains(&s.index()));
        }
    }
    let snippet = Inspector::new().inspect_snippet(data, now);
    assert!(!snippet.is_empty());

    let (json, human, debug) = shown(&report);
    let again = shown(&usertoken::inspect(data, now));
    assert!(
        again == (json.clone(), human.clone(), debug.clone()),
        "not deterministic"
    );

    if let Some(c) = human.chars().find(|&c| is_dangerous(c)) {
        panic!("raw {c:?} in the human report:\n{human}");
    }
    if let Some(e) = report.error() {
        assert_eq!(format!("{e:?}"), format!("Error({e})"));
        assert!(report.claims().is_none());
        if e.kind() == ErrorKind::TooLarge || e.kind() == ErrorKind::Empty {
            assert!(report.fingerprint().is_none());
        }
    }
    for d in report.diagnostics() {
        assert_eq!(
            d.to_string(),
            format!("{} [{}] {}", d.severity(), d.code(), d.message())
        );
    }
    if let (Some(claims), Some(exp)) = (report.claims(), report.expires_at()) {
        assert_eq!(claims.expires_at(), Some(exp));
        assert_eq!(report.is_expired(), Some(now >= exp));
    }

    if !data.is_empty() {
        let limit = data.len() / 2;
        let refused = Inspector::new().max_len(limit).inspect(data, now);
        let e = refused.error().expect("over the limit is an error");
        assert_eq!(e.kind(), ErrorKind::TooLarge);
        assert_eq!(
            e.to_string(),
            format!(
                "the input is {} bytes, over the limit of {limit} bytes",
                data.len()
            )
        );
        assert!(refused.fingerprint().is_none() && refused.diagnostics().is_empty());
    }

    let mut rng = Rng::seeded(data);
    let later = (rng.next() % 16_000_000_000) as i64 - 8_000_000_000;
    let later = DateTime::from_timestamp(later, 0).unwrap_or(now);
    let other = usertoken::inspect(data, later);
    assert_eq!(other.error(), report.error());
    assert_eq!(other.fingerprint(), report.fingerprint());
    assert_eq!(
        serde_json::to_value(other.claims()).ok(),
        serde_json::to_value(report.claims()).ok()
    );

    // A bare token (nothing for cleaning to remove) whose last segment
    // holds other text: only the fingerprint may differ.
    let bare = data
        .iter()
        .all(|&b| is_base64url(b) || b == b'.' || b == b'+' || b == b'/');
    if let Some(other_text) = with_other_last_segment(data).filter(|_| bare) {
        let other = usertoken::inspect(&other_text, now);
        let (o_json, o_human, o_debug) = shown(&other);
        assert_eq!(o_json, json, "the last segment shows in the JSON");
        assert_eq!(o_human, human, "the last segment shows in the human text");
        assert_eq!(o_debug, debug, "the last segment shows in Debug");
    }
}
