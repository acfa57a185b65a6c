//! Making tokens, for the test files that need them.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::{EncodingKey, Header};
use serde_json::Value;

/// `bytes` as one base64url segment, unpadded.
pub fn b64(bytes: impl AsRef<[u8]>) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A token of `claims` that jsonwebtoken signs (HS256, the secret `k`): the
/// oracle for what the reader must read back.
#[track_caller]
pub fn signed(claims: &Value) -> String {
    jsonwebtoken::encode(&Header::default(), claims, &EncodingKey::from_secret(b"k")).unwrap()
}
