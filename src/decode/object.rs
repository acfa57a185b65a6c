//! A JSON object read verbatim: member names in order, values as their raw
//! JSON text, duplicates noticed. Values are not interpreted here, so no
//! value (a number out of `f64` range, a deep array) can fail the object.

use std::borrow::Cow;
use std::ops::Range;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::value::RawValue;

use crate::decode::scanjson::{scan_object, RawMember, ScanError};
use crate::error::{Error, ErrorKind, Part};
use crate::limits::{MAX_DEPTH, MAX_TEXT};

/// A decoded header or payload: the decoded JSON text, kept whole, and where
/// each member's name and value stand in it.
#[derive(Clone, Default)]
pub(crate) struct Object {
    text: String,
    members: Vec<RawMember>,
    /// The unescaped names of members whose names hold escapes, by where
    /// the name starts in the text: few objects have any.
    unescaped: Vec<(usize, String)>,
    /// Names that appeared more than once, with how often; the last value
    /// of each is the one kept.
    duplicates: Vec<(String, usize)>,
    /// The text can be written out as it is: one line, no duplicates.
    verbatim: bool,
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
    pub(crate) fn of(raw: &str) -> JsonType {
        match raw.as_bytes().first() {
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

/// The text of a JSON string value (raw JSON text in), or its type when it
/// is not a string.
pub(crate) fn string_value(raw: &str) -> Result<Cow<'_, str>, JsonType> {
    match JsonType::of(raw) {
        JsonType::String if !raw.contains('\\') && raw.len() >= 2 => {
            Ok(Cow::Borrowed(&raw[1..raw.len() - 1]))
        }
        JsonType::String => serde_json::from_str::<String>(raw)
            .map(Cow::Owned)
            .map_err(|_| JsonType::String),
        other => Err(other),
    }
}

/// Raw JSON text as a `RawValue`, for callers and serializers. The text
/// came out of a successful parse, so this only fails if it did not.
pub(crate) fn raw_value(raw: &str) -> Option<&RawValue> {
    serde_json::from_str(raw).ok()
}

fn offset_in(text: &str, part: &str) -> usize {
    (part.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize)
}

impl Object {
    pub(crate) fn parse(bytes: Vec<u8>, part: Part) -> Result<Object, Error> {
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                return Err(Error::new(ErrorKind::Json, part).at(at));
            }
        };
        if text.len() > MAX_TEXT {
            return Err(Error::too_large(text.len(), MAX_TEXT));
        }
        let members = match scan_object(text.as_bytes()) {
            Ok(members) => members,
            Err(ScanError::NotObject) => return Err(Error::new(ErrorKind::NotObject, part)),
            Err(ScanError::Syntax(at)) => return Err(Error::new(ErrorKind::Json, part).at(at)),
            Err(ScanError::TooDeep(at)) => return Err(Error::too_deep(part, at, MAX_DEPTH)),
        };
        let mut unescaped = Vec::new();
        for m in members.iter().filter(|m| m.escaped) {
            let name = m.name();
            let quoted = text.get(name.start - 1..name.end + 1).unwrap_or_default();
            match serde_json::from_str::<String>(quoted) {
                Ok(n) => unescaped.push((name.start, n)),
                // A `\u` escape that is half a surrogate pair.
                Err(_) => return Err(Error::new(ErrorKind::Json, part).at(name.start)),
            }
        }
        let mut object = Object {
            verbatim: memchr::memchr2(b'\n', b'\r', text.as_bytes()).is_none(),
            text,
            members,
            unescaped,
            duplicates: Vec::new(),
        };
        object.find_duplicates();
        object.verbatim &= object.duplicates.is_empty();
        Ok(object)
    }

    fn name<'a>(&'a self, member: &RawMember) -> &'a str {
        let name = member.name();
        if member.escaped {
            let found = self
                .unescaped
                .binary_search_by_key(&name.start, |(at, _)| *at);
            return found.map_or("", |i| &self.unescaped[i].1);
        }
        self.text.get(name).unwrap_or_default()
    }

    fn name_at(&self, index: u32) -> &str {
        self.members
            .get(index as usize)
            .map_or("", |m| self.name(m))
    }

    fn value(&self, member: &RawMember) -> &str {
        self.text.get(member.value()).unwrap_or_default()
    }

    /// A member's raw JSON text.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        let member = self.members.iter().find(|m| self.name(m) == name)?;
        Some(self.value(member))
    }

    /// Every member's name and raw JSON text, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.members.iter().map(|m| (self.name(m), self.value(m)))
    }

    pub(crate) fn len(&self) -> usize {
        self.members.len()
    }

    pub(crate) fn duplicates(&self) -> &[(String, usize)] {
        &self.duplicates
    }

    /// Keeps the last value of each repeated name, at its first position.
    /// Quadratic without allocating for the usual handful of members,
    /// O(n log n) beyond, so that a payload of many members stays cheap.
    fn find_duplicates(&mut self) {
        let n = self.members.len();
        if n < 2 {
            return;
        }
        let repeated = if n <= 16 {
            let mut names = [""; 16];
            for (slot, m) in names.iter_mut().zip(&self.members) {
                *slot = self.name(m);
            }
            (1..n).any(|j| names[..j].iter().any(|&a| same_name(a, names[j])))
        } else {
            true
        };
        if !repeated {
            return;
        }
        // Indices fit: the members are fewer than the bytes of the text.
        let mut order: Vec<u32> = (0..n).map(|i| i as u32).collect();
        order.sort_by(|&a, &b| {
            let (a_name, b_name) = (self.name_at(a), self.name_at(b));
            a_name.cmp(b_name).then(a.cmp(&b))
        });
        let mut drop = vec![false; n];
        let mut i = 0;
        while i < n {
            let mut j = i + 1;
            let first_name = self.name_at(order[i]);
            while j < n && self.name_at(order[j]) == first_name {
                j += 1;
            }
            if j - i > 1 {
                let (first, last) = (order[i] as usize, order[j - 1] as usize);
                self.duplicates.push((first_name.to_owned(), j - i));
                let kept = self.members[last];
                self.members[first].set_value(&kept);
                for &k in &order[i + 1..j] {
                    drop[k as usize] = true;
                }
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

/// Name equality that looks at length and first byte before comparing all:
/// member names are short and mostly differ early.
fn same_name(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().first() == b.as_bytes().first() && a == b
}

/// Raw JSON text with line breaks removed: JSON strings cannot hold raw line
/// breaks, so any there are whitespace between tokens, and a value printed
/// on one JSON line must not contain them.
fn one_line(raw: &str) -> Cow<'_, str> {
    if memchr::memchr2(b'\n', b'\r', raw.as_bytes()).is_none() {
        return Cow::Borrowed(raw);
    }
    Cow::Owned(raw.chars().filter(|&c| c != '\n' && c != '\r').collect())
}

impl Object {
    /// Writes the object as one line of JSON, what `serde_json::to_writer`
    /// writes; the text as it is when it can be.
    pub(crate) fn write_json<W: std::io::Write>(&self, w: &mut W) -> std::io::Result<()> {
        if self.verbatim {
            return w.write_all(self.text.trim().as_bytes());
        }
        serde_json::to_writer(w, self).map_err(std::io::Error::other)
    }
}

impl Serialize for Object {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.verbatim {
            if let Some(raw) = raw_value(&self.text) {
                return raw.serialize(serializer);
            }
        }
        let mut map = serializer.serialize_map(Some(self.members.len()))?;
        for (name, value) in self.iter() {
            let value = one_line(value);
            match raw_value(&value) {
                Some(raw) => map.serialize_entry(name, raw)?,
                None => map.serialize_entry(name, &())?,
            }
        }
        map.end()
    }
}

/// A member expected to be a string: where its text stands in the object
/// (no copy) unless it holds escapes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Text {
    Missing,
    TimeSpan(Range<usize>),
    Owned(String),
    Other(JsonType),
}

impl Text {
    pub(crate) fn read(object: &Object, name: &str) -> Text {
        object
            .get(name)
            .map_or(Text::Missing, |raw| Text::from_raw(object, raw))
    }

    /// `raw` must be a member value of `object`, as `iter` or `get` gave it.
    pub(crate) fn from_raw(object: &Object, raw: &str) -> Text {
        match string_value(raw) {
            Ok(Cow::Borrowed(s)) => {
                let at = offset_in(&object.text, s);
                Text::TimeSpan(at..at + s.len())
            }
            Ok(Cow::Owned(s)) => Text::Owned(s),
            Err(t) => Text::Other(t),
        }
    }

    /// The string, `Ok(None)` when missing, the type when not a string.
    pub(crate) fn get<'a>(&'a self, object: &'a Object) -> Result<Option<&'a str>, JsonType> {
        match self {
            Text::Missing => Ok(None),
            Text::TimeSpan(r) => Ok(object.text.get(r.clone())),
            Text::Owned(s) => Ok(Some(s)),
            Text::Other(t) => Err(*t),
        }
    }

    pub(crate) fn is_missing(&self) -> bool {
        *self == Text::Missing
    }
}
