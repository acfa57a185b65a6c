use std::fmt;

use sha2::{Digest, Sha256};

/// A short, stable name for a token that is not the token: the first 8
/// bytes of the SHA-256 of its text, shown as 16 hex digits.
///
/// Two occurrences of the same token have the same fingerprint, so one token
/// can be followed across log lines and tickets without being kept.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fingerprint([u8; 8]);

impl Fingerprint {
    /// The fingerprint of a token's text, exactly as it stands (after any
    /// cleaning of pasted input).
    pub fn of(token: &[u8]) -> Fingerprint {
        let digest = Sha256::digest(token);
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(&digest[..8]);
        Fingerprint(bytes)
    }
}

impl Fingerprint {
    /// The 16 lowercase hex digits, without allocating.
    pub fn to_hex(&self) -> [u8; 16] {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut out = [0u8; 16];
        for (i, b) in self.0.iter().enumerate() {
            out[2 * i] = HEX[usize::from(b >> 4)];
            out[2 * i + 1] = HEX[usize::from(b & 15)];
        }
        out
    }
}

/// Appends the marker of the fingerprint style, `[REDACTED-JWT:fp=…]`, of
/// `token` to `out`.
pub(crate) fn push_marker(token: &[u8], out: &mut Vec<u8>) {
    out.extend_from_slice(format!("[REDACTED-JWT:fp={}]", Fingerprint::of(token)).as_bytes());
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hex = self.to_hex();
        f.write_str(std::str::from_utf8(&hex).unwrap_or_default())
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({self})")
    }
}

/// The error of reading a fingerprint that is not 16 hex digits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseFingerprintError(());

impl fmt::Display for ParseFingerprintError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("expected 16 hex digits")
    }
}

impl std::error::Error for ParseFingerprintError {}

impl std::str::FromStr for Fingerprint {
    type Err = ParseFingerprintError;

    /// Reads the 16 hex digits that `Display` writes, in either case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let digit = |b: u8| {
            char::from(b)
                .to_digit(16)
                .and_then(|d| u8::try_from(d).ok())
        };
        let hex: &[u8; 16] = s
            .as_bytes()
            .try_into()
            .map_err(|_| ParseFingerprintError(()))?;
        let mut bytes = [0u8; 8];
        for (out, pair) in bytes.iter_mut().zip(hex.chunks_exact(2)) {
            match (digit(pair[0]), digit(pair[1])) {
                (Some(high), Some(low)) => *out = high << 4 | low,
                _ => return Err(ParseFingerprintError(())),
            }
        }
        Ok(Fingerprint(bytes))
    }
}

impl<'de> serde::Deserialize<'de> for Fingerprint {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let hex = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        hex.parse().map_err(serde::de::Error::custom)
    }
}

impl serde::Serialize for Fingerprint {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let hex = self.to_hex();
        serializer.serialize_str(std::str::from_utf8(&hex).unwrap_or_default())
    }
}
