//! Whether a candidate's first segment, decoded, is a JSON object: a
//! screen that allocates nothing rejects most text, then serde_json decides.
//! The work on one candidate stays small however its text nests.

use std::fmt;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// Reads `json` as a header: `Some(has enc)` when it is one JSON object,
/// nested at most [`MAX_DEPTH`] deep, with only whitespace after it.
pub(crate) fn object(json: &[u8]) -> Option<bool> {
    if json.first() != Some(&b'{') || !may_be_object(json) {
        return None;
    }
    serde_json::from_slice::<Probe>(json).ok().map(|p| p.0)
}

/// How deep arrays and objects may nest in a header, the header itself
/// being the first level. Real headers are flat or nearly (a `jwk` makes
/// two levels); the bound keeps the work on any candidate small, however
/// its text nests.
const MAX_DEPTH: usize = 16;

/// A quick look at `json` that allocates nothing (a serde_json error
/// does, and computes its line and column): false when it cannot be one
/// JSON object nested at most [`MAX_DEPTH`] deep with only whitespace
/// after it. Never false for such an object; serde_json has the last word.
fn may_be_object(json: &[u8]) -> bool {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, &b) in json.iter().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                0..=0x1f => return false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return false;
                }
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    let rest = json.get(i + 1..).unwrap_or_default();
                    return rest
                        .iter()
                        .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
                }
            }
            // Whitespace, separators, numbers, `true`, `false`, `null`.
            b' ' | b'\t' | b'\n' | b'\r' | b':' | b',' | b'0'..=b'9' | b'-' | b'+' | b'.' => {}
            b'E' | b'e' | b't' | b'r' | b'u' | b'f' | b'a' | b'l' | b's' | b'n' => {}
            _ => return false,
        }
    }
    false
}

/// A JSON object read only for whether it has an `enc` member.
struct Probe(bool);

impl<'de> Deserialize<'de> for Probe {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Probe, D::Error> {
        deserializer.deserialize_map(ProbeVisitor)
    }
}

struct ProbeVisitor;

impl<'de> Visitor<'de> for ProbeVisitor {
    type Value = Probe;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Probe, A::Error> {
        let mut enc = false;
        while let Some(IsEnc(is)) = map.next_key()? {
            enc |= is;
            map.next_value_seed(Skip(2))?;
        }
        Ok(Probe(enc))
    }
}

/// A JSON value at a nesting depth, read and dropped. It goes through
/// serde_json's ordinary parsing (`IgnoredAny` would skip without limits),
/// so strings must be UTF-8 and numbers in range, as for any JSON value.
#[derive(Clone, Copy)]
struct Skip(usize);

impl<'de> DeserializeSeed<'de> for Skip {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Skip {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let inner = self.deeper()?;
        while seq.next_element_seed(inner)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let inner = self.deeper()?;
        while map.next_key_seed(inner)?.is_some() {
            map.next_value_seed(inner)?;
        }
        Ok(())
    }
}

impl Skip {
    fn deeper<E: de::Error>(self) -> Result<Skip, E> {
        if self.0 > MAX_DEPTH {
            return Err(E::custom("nested too deep"));
        }
        Ok(Skip(self.0 + 1))
    }
}

/// A member name, read only for whether it is `enc`.
struct IsEnc(bool);

impl<'de> Deserialize<'de> for IsEnc {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<IsEnc, D::Error> {
        deserializer.deserialize_str(IsEncVisitor)
    }
}

struct IsEncVisitor;

impl Visitor<'_> for IsEncVisitor {
    type Value = IsEnc;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<IsEnc, E> {
        Ok(IsEnc(name == "enc"))
    }
}
