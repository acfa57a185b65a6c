//! The checks behind the fuzz targets: one function per target, each
//! asserting invariants, not only the absence of a panic.
//!
//! Every target in `fuzz_targets/` is a one-line call of one of these;
//! `tests/fuzz_seeds.rs` runs them all over the committed seeds in
//! `fuzz/seeds/<target>/` under a plain `cargo test`. A crash a fuzzer
//! finds becomes a seed, and so a regression test, by copying the artifact
//! into the target's seed directory.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde_json::value::RawValue;
use serde_json::Value;
use usertoken::Report;

mod disguise;
mod inspect;
mod redact;
mod roundtrip;
#[cfg(feature = "verify")]
mod verify;

#[allow(unused_imports)]
pub use self::disguise::{case as disguised, disguise, judge as judge_disguised};
pub use self::inspect::inspect;
pub use self::redact::redact;
pub use self::roundtrip::roundtrip;
#[cfg(feature = "verify")]
pub use self::verify::verify;

/// The instant every check judges time at: never the clock.
pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default()
}

/// A small deterministic generator for the choices a check makes (chunk
/// sizes, a second `now`), seeded from the input so that a failure
/// replays exactly.
pub struct Rng(pub u64);

impl Rng {
    pub(crate) fn seeded(data: &[u8]) -> Rng {
        // FNV-1a: any fixed mixing of the input does.
        let hash = data.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        Rng(hash | 1)
    }

    pub(crate) fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

pub(crate) fn is_base64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// `text` with each letter and digit before the last character of the
/// segment after its last `.` (or encoded dot, `%2E`, `\u002e`) replaced by
/// another letter or digit: same length, same alphabet, same unused bits,
/// other content. `None` without two dots (the last segment of a token
/// cut off after its payload is the payload), or when nothing would change.
pub(crate) fn with_other_last_segment(text: &[u8]) -> Option<Vec<u8>> {
    // The last dot, or the last character of the last encoded one.
    let encoded = [&b"%2E"[..], b"%2e", b"\\u002e", b"\\u002E"]
        .iter()
        .filter_map(|dot| {
            text.windows(dot.len())
                .rposition(|w| w == *dot)
                .map(|at| at + dot.len() - 1)
        })
        .max();
    let dot = text.iter().rposition(|&b| b == b'.').max(encoded)?;
    // Without a second dot the last segment is the payload (a token cut
    // off after it), not a signature.
    let dots = text.iter().filter(|&&b| b == b'.').count()
        + [&b"%2E"[..], b"%2e", b"\\u002e", b"\\u002E"]
            .iter()
            .map(|dot| text.windows(dot.len()).filter(|w| w == dot).count())
            .sum::<usize>();
    if dots < 2 {
        return None;
    }
    let mut out = text.to_vec();
    let last = out.len().checked_sub(1)?;
    let mut changed = false;
    for b in out.get_mut(dot + 1..last)? {
        changed |= b.is_ascii_alphanumeric();
        *b = match *b {
            b'z' => b'0',
            b'9' => b'A',
            b'Z' => b'a',
            b'a'..=b'y' | b'A'..=b'Y' | b'0'..=b'8' => *b + 1,
            other => other,
        };
    }
    changed.then_some(out)
}

/// The report as JSON, checked: `write_json` writes what serde writes, and
/// it parses back as an object whose `error` is the report's.
///
/// Claims are kept verbatim, and JSON allows numbers (`1e309`) that
/// `serde_json::Value` cannot hold; so the report is read back member by
/// member as raw JSON, and each member that can be a `Value` becomes one
/// (the others are `"<raw>"` followed by their text).
pub(crate) fn report_json(report: &Report) -> Value {
    let serde = serde_json::to_vec(report).expect("a report always serialises");
    let mut direct = Vec::new();
    report
        .write_json(&mut direct)
        .expect("writing to a Vec cannot fail");
    assert!(
        serde == direct,
        "write_json and serde differ:\n{}\n{}",
        String::from_utf8_lossy(&serde),
        String::from_utf8_lossy(&direct)
    );
    let raw: BTreeMap<String, Box<RawValue>> =
        serde_json::from_slice(&serde).expect("the JSON report parses back");
    let value: Value = raw
        .into_iter()
        .map(|(name, raw)| {
            let value = serde_json::from_str(raw.get())
                .unwrap_or_else(|_| Value::String(format!("<raw>{}", raw.get())));
            (name, value)
        })
        .collect::<serde_json::Map<String, Value>>()
        .into();
    match report.error() {
        Some(e) => {
            assert_eq!(value["error"]["kind"], e.kind().as_str());
            assert_eq!(value["error"]["message"], e.to_string());
            assert_eq!(value["error"]["part"], e.part().as_str());
        }
        None => assert!(value["error"].is_null()),
    }
    assert_eq!(
        value["fingerprint"],
        report
            .fingerprint()
            .map_or(Value::Null, |fp| fp.to_string().into())
    );
    value
}

/// Characters that must never reach a terminal raw: controls other than
/// the line ends the report is made of, and bidi and invisible marks.
pub(crate) fn is_dangerous(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c,
            '\u{200B}'..='\u{200F}' | '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}' | '\u{061C}' | '\u{FEFF}')
}

/// Everything a person or a log sees of a report, the fingerprint blanked.
pub(crate) fn shown(report: &Report) -> (Value, String, String) {
    let mut json = report_json(report);
    let human = report.human().to_string();
    let debug = format!("{report:?}");
    let (human, debug) = match report.fingerprint() {
        Some(fp) => {
            let fp = fp.to_string();
            (human.replace(&fp, "<fp>"), debug.replace(&fp, "<fp>"))
        }
        None => (human, debug),
    };
    json["fingerprint"] = Value::Null;
    (json, human, debug)
}
