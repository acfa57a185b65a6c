//! A JSON object read verbatim: member names in order, values as their raw
//! JSON text, duplicates noticed. Values are not interpreted here, so no
//! value (a number out of `f64` range, a deep array) can fail the object.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::value::RawValue;

use crate::error::{Error, ErrorKind, Part};

/// A decoded header or payload: every member, verbatim, in token order.
#[derive(Clone, Default)]
pub(crate) struct Object {
    members: Vec<(String, Box<RawValue>)>,
    /// Names that appeared more than once, with how often; the last value
    /// of each is the one kept.
    duplicates: Vec<(String, usize)>,
}

/// The JSON type of a value, for messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum JsonType {
    String,
    Number,
    Boolean,
    Null,
    Array,
    Object,
}

impl JsonType {
    pub(crate) fn of(raw: &RawValue) -> JsonType {
        match raw.get().as_bytes().first() {
            Some(b'"') => JsonType::String,
            Some(b't' | b'f') => JsonType::Boolean,
            Some(b'n') => JsonType::Null,
            Some(b'[') => JsonType::Array,
            Some(b'{') => JsonType::Object,
            _ => JsonType::Number,
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            JsonType::String => "a string",
            JsonType::Number => "a number",
            JsonType::Boolean => "a boolean",
            JsonType::Null => "null",
            JsonType::Array => "an array",
            JsonType::Object => "an object",
        }
    }
}

/// The text of a JSON string value, or its type when it is not a string.
pub(crate) fn string_value(raw: &RawValue) -> Result<Cow<'_, str>, JsonType> {
    let text = raw.get();
    match JsonType::of(raw) {
        JsonType::String if !text.contains('\\') => Ok(Cow::Borrowed(&text[1..text.len() - 1])),
        JsonType::String => serde_json::from_str::<String>(text)
            .map(Cow::Owned)
            .map_err(|_| JsonType::String),
        other => Err(other),
    }
}

impl Object {
    pub(crate) fn parse(bytes: &[u8], part: Part) -> Result<Object, Error> {
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let result = ObjectSeed
            .deserialize(&mut de)
            .and_then(|o| de.end().map(|()| o));
        match result {
            Ok(mut object) => {
                object.find_duplicates();
                Ok(object)
            }
            Err(e)
                if e.classify() == serde_json::error::Category::Data
                    && serde_json::from_slice::<de::IgnoredAny>(bytes).is_ok() =>
            {
                Err(Error::new(ErrorKind::NotObject, part))
            }
            Err(e) => Err(Error::new(ErrorKind::Json, part).at(byte_offset(bytes, &e))),
        }
    }

    pub(crate) fn get(&self, name: &str) -> Option<&RawValue> {
        self.members
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| &**v)
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &RawValue)> {
        self.members.iter().map(|(n, v)| (n.as_str(), &**v))
    }

    pub(crate) fn len(&self) -> usize {
        self.members.len()
    }

    pub(crate) fn duplicates(&self) -> &[(String, usize)] {
        &self.duplicates
    }

    /// Keeps the last value of each repeated name, at its first position,
    /// in O(n log n) so that a payload of many members stays cheap.
    fn find_duplicates(&mut self) {
        let n = self.members.len();
        if n < 2 {
            return;
        }
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| self.members[a].0.cmp(&self.members[b].0).then(a.cmp(&b)));
        let mut drop = vec![false; n];
        let mut i = 0;
        while i < n {
            let mut j = i + 1;
            while j < n && self.members[order[j]].0 == self.members[order[i]].0 {
                j += 1;
            }
            if j - i > 1 {
                let (first, last) = (order[i], order[j - 1]);
                let (lo, hi) = self.members.split_at_mut(last);
                std::mem::swap(&mut lo[first].1, &mut hi[0].1);
                for &k in &order[i + 1..j] {
                    drop[k] = true;
                }
                self.duplicates.push((self.members[first].0.clone(), j - i));
            }
            i = j;
        }
        if !self.duplicates.is_empty() {
            let mut k = 0;
            self.members.retain(|_| {
                k += 1;
                !drop[k - 1]
            });
        }
    }
}

/// The 0-based byte offset of a serde_json error in `bytes`.
fn byte_offset(bytes: &[u8], e: &serde_json::Error) -> usize {
    let line_start: usize = bytes
        .split(|&b| b == b'\n')
        .take(e.line().saturating_sub(1))
        .map(|l| l.len() + 1)
        .sum();
    (line_start + e.column().saturating_sub(1)).min(bytes.len())
}

/// Raw JSON text of a value with line breaks removed: JSON strings cannot
/// hold raw line breaks, so any there are whitespace between tokens, and a
/// value printed on one JSON line must not contain them.
fn one_line(raw: Box<RawValue>) -> Box<RawValue> {
    if !raw.get().contains(['\n', '\r']) {
        return raw;
    }
    let text: String = raw
        .get()
        .chars()
        .filter(|&c| c != '\n' && c != '\r')
        .collect();
    RawValue::from_string(text).unwrap_or(raw)
}

struct ObjectSeed;

impl<'de> DeserializeSeed<'de> for ObjectSeed {
    type Value = Object;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Object, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ObjectSeed {
    type Value = Object;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Object, A::Error> {
        let mut members = Vec::with_capacity(map.size_hint().unwrap_or(8));
        while let Some(name) = map.next_key::<String>()? {
            let value: Box<RawValue> = map.next_value()?;
            members.push((name, one_line(value)));
        }
        Ok(Object {
            members,
            duplicates: Vec::new(),
        })
    }
}

impl Serialize for Object {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.members.len()))?;
        for (name, value) in &self.members {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// A member expected to be a string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Text {
    Missing,
    Str(String),
    Other(JsonType),
}

impl Text {
    pub(crate) fn read(object: &Object, name: &str) -> Text {
        match object.get(name).map(string_value) {
            None => Text::Missing,
            Some(Ok(s)) => Text::Str(s.into_owned()),
            Some(Err(t)) => Text::Other(t),
        }
    }

    pub(crate) fn as_deref(&self) -> Option<&str> {
        match self {
            Text::Str(s) => Some(s),
            _ => None,
        }
    }
}
