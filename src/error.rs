use crate::names::names;
use std::fmt;

names! {
    /// The part of a token an [`Error`] is about.
    ///
    /// JWE tokens have five parts; their errors are about the header (the only
    /// part this crate reads) or about the token as a whole.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    #[non_exhaustive]
    pub enum Part {
        /// The input as a whole (its size, its shape).
        Token => "token",
        /// The first segment, the JOSE header.
        Header => "header",
        /// The second segment of a JWS, the claims.
        Payload => "payload",
        /// The third segment of a JWS.
        Signature => "signature",
    }
}

names! {
    /// What made a token unreadable. The stable names (`as_str`) are API.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    #[non_exhaustive]
    pub enum ErrorKind {
        /// Nothing left after cleaning the input.
        Empty => "empty",
        /// The input is over the size limit; nothing was decoded.
        TooLarge => "too-large",
        /// Not three segments (JWS) or five (JWE) separated by `.`.
        SegmentCount => "segment-count",
        /// A character outside the base64url alphabet.
        Base64Character => "base64-character",
        /// A segment whose length no base64 encoding can have.
        Base64Length => "base64-length",
        /// A header or payload that is not JSON.
        Json => "json",
        /// A header or payload that is JSON but not an object.
        NotObject => "not-object",
        /// A header or payload whose arrays and objects nest more than 64
        /// levels deep (the object itself counted): refused, so that every
        /// report can be written out and read back as JSON.
        TooDeep => "too-deep",
        /// A JWE: the claims are encrypted and cannot be read.
        Encrypted => "encrypted",
    }
}

/// Why an input is not a token this crate can read.
///
/// An error names the [`Part`], a 0-based byte offset where one applies, and
/// an [`ErrorKind`]. It never holds token text: printing it cannot leak a
/// credential. `Debug` reads like `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    part: Part,
    offset: Option<usize>,
    detail: Detail,
}

/// The numbers that complete an error's message, each named for what it
/// counts, so that one kind's number cannot be read as another's.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Detail {
    None,
    /// `SegmentCount`: how many segments were found.
    Segments(usize),
    /// `Base64Length`: how many base64url characters the part has.
    Characters(usize),
    /// `TooLarge`: the input's length and the limit, in bytes.
    Size {
        len: usize,
        limit: usize,
    },
    /// `TooDeep`: the deepest nesting allowed.
    DepthLimit(usize),
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, part: Part) -> Self {
        Error {
            kind,
            part,
            offset: None,
            detail: Detail::None,
        }
    }

    pub(crate) fn at(mut self, offset: usize) -> Self {
        self.offset = Some(offset);
        self
    }

    /// Not three or five segments: `found` of them.
    pub(crate) fn segment_count(found: usize) -> Self {
        Error {
            detail: Detail::Segments(found),
            ..Error::new(ErrorKind::SegmentCount, Part::Token)
        }
    }

    /// A segment of `characters` base64url characters, a length no
    /// encoding produces.
    pub(crate) fn base64_length(part: Part, characters: usize) -> Self {
        Error {
            detail: Detail::Characters(characters),
            ..Error::new(ErrorKind::Base64Length, part)
        }
    }

    /// An input of `len` bytes, over `limit`.
    pub(crate) fn too_large(len: usize, limit: usize) -> Self {
        Error {
            detail: Detail::Size { len, limit },
            ..Error::new(ErrorKind::TooLarge, Part::Token)
        }
    }

    /// JSON nested deeper than `limit` levels at byte `at` of `part`.
    pub(crate) fn too_deep(part: Part, at: usize, limit: usize) -> Self {
        Error {
            detail: Detail::DepthLimit(limit),
            ..Error::new(ErrorKind::TooDeep, part).at(at)
        }
    }

    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// Which part of the token it went wrong in.
    pub fn part(&self) -> Part {
        self.part
    }

    /// The 0-based byte offset inside [`part`](Self::part) where it went
    /// wrong, when there is one. For base64 errors the offset counts the
    /// segment's text; for JSON errors it counts the segment's decoded bytes.
    pub fn offset(&self) -> Option<usize> {
        self.offset
    }
}

impl Detail {
    /// The one number of a detail that has one.
    fn number(self) -> usize {
        match self {
            Detail::Segments(n) | Detail::Characters(n) | Detail::DepthLimit(n) => n,
            Detail::None | Detail::Size { .. } => 0,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let part = self.part;
        let at = self.offset.unwrap_or(0);
        match self.kind {
            ErrorKind::Empty => f.write_str("the input is empty"),
            ErrorKind::TooLarge => {
                let (len, limit) = match self.detail {
                    Detail::Size { len, limit } => (len, limit),
                    _ => (0, 0),
                };
                write!(f, "the input is {len} bytes, over the limit of {limit} bytes")
            }
            ErrorKind::SegmentCount => write!(
                f,
                "expected 3 segments separated by '.' (5 for an encrypted token), found {}",
                self.detail.number()
            ),
            ErrorKind::Base64Character => {
                write!(f, "invalid base64url character at byte {at} of the {part}")
            }
            ErrorKind::Base64Length => write!(
                f,
                "the {part} has {} base64url characters, a length no encoding produces",
                self.detail.number()
            ),
            ErrorKind::Json => write!(
                f,
                "the {part} is not valid JSON: error at byte {at} of its decoded text"
            ),
            ErrorKind::NotObject => write!(f, "the {part} is JSON but not an object"),
            ErrorKind::TooDeep => write!(
                f,
                "the {part} nests JSON more than {} levels deep: error at byte {at} of its decoded text",
                self.detail.number()
            ),
            ErrorKind::Encrypted => f.write_str(
                "the token is encrypted (JWE): its header can be read, its claims cannot",
            ),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Error({self})")
    }
}

impl std::error::Error for Error {}

impl serde::Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Error", 4)?;
        s.serialize_field("kind", self.kind.as_str())?;
        s.serialize_field("message", &self.to_string())?;
        s.serialize_field("part", self.part.as_str())?;
        s.serialize_field("offset", &self.offset)?;
        s.end()
    }
}
