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

/// The claims of the issuer's example user token (production, expired
/// 2022-05-13).
pub fn user_claims() -> Value {
    serde_json::json!({
        "client_id": "0d9b5bf3-97fa-4757-a136-b2a03d171414",
        "exp": 1652481485, "iat": 1649889485,
        "iss": "argyle-core-auth-prod",
        "jti": "00097a26-2f2a-4aa0-8eca-95ebe56d57a8",
        "sub": "017f8978-bbfd-ff64-18ce-d59f99bf51c2",
        "user_id": "017f8978-bbfd-ff64-18ce-d59f99bf51c2",
    })
}
