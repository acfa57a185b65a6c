//! The check of the `verify` target.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::Value;
use usertoken::ErrorKind;

use super::{is_base64url, now, with_other_last_segment};

mod keys {
    use std::sync::OnceLock;

    use usertoken::Key;

    /// The HMAC secret of `samples/user-token.secret`.
    pub const SECRET: &[u8] = include_bytes!("../../samples/user-token.secret");

    /// One key of each kind, and key sets: the fixed keys of the `verify`
    /// target.
    pub fn all() -> &'static [Key] {
        static KEYS: OnceLock<Vec<Key>> = OnceLock::new();
        KEYS.get_or_init(|| {
            [
                &include_bytes!("../../tests/data/rsa-public.pem")[..],
                include_bytes!("../../tests/data/ec256-public.pem"),
                include_bytes!("../../tests/data/ed25519-public.pem"),
                include_bytes!("../../tests/data/jwks.json"),
                include_bytes!("../../tests/data/jwks-hmac.json"),
            ]
            .iter()
            .map(|content| Key::parse(content).expect("a test key"))
            .chain(Key::hmac(SECRET))
            .collect()
        })
    }
}

/// Target `verify`: any bytes against a fixed set of keys (HMAC, RSA, EC,
/// Ed25519, key sets); never a panic.
///
/// - the verdict is the same twice, the same as an inspector's with the
///   key, and `malformed` exactly when the input
///   is not a readable JWS by [`inspect`](usertoken::inspect)'s reading
///   (whose payload must be JSON too, which verification does not need),
///   when inspection read it without its signature (cut off after the
///   payload, or of a length base64 cannot have), or when inspection had to clean inside the token (the signature of an
///   altered token is not judged);
/// - a size limit below the input's length makes it malformed;
/// - `Display`, `Debug` and JSON of a verdict do not change with other text
///   in the signature of a bare input, unless one of them is valid;
/// - the input as the payload of a token signed here with the HMAC secret
///   (and its bytes as its `kid`) is valid for that secret, invalid once
///   its signature changes, and an algorithm confusion for an RSA key.
pub fn verify(data: &[u8]) {
    use usertoken::{ReasonKind, Status, Verifier};

    let report = usertoken::inspect(data, now());
    let malformed_by_inspect = match report.error() {
        // Read without its signature, which is never judged.
        None if report
            .token()
            .is_some_and(|t| t.is_truncated() || t.signature_damaged()) =>
        {
            Some(true)
        }
        None => Some(false),
        Some(e)
            if e.part() == usertoken::Part::Payload
                && matches!(
                    e.kind(),
                    ErrorKind::Json | ErrorKind::NotObject | ErrorKind::TooDeep
                ) =>
        {
            None
        }
        Some(_) => Some(true),
    };
    let shown = |v: &usertoken::Verification| {
        let mut json = serde_json::to_value(v).expect("a verdict serialises");
        json["fingerprint"] = Value::Null;
        let fp = v.fingerprint().map(|fp| fp.to_string());
        let blank = |s: String| match &fp {
            Some(fp) => s.replace(fp.as_str(), "<fp>"),
            None => s,
        };
        (json, blank(v.to_string()), blank(format!("{v:?}")))
    };
    let bare = data
        .iter()
        .all(|&b| is_base64url(b) || b == b'.' || b == b'+' || b == b'/');
    let other_text = with_other_last_segment(data).filter(|_| bare);
    for key in keys::all() {
        let v = usertoken::verify(data, key);
        assert_eq!(shown(&v), shown(&usertoken::verify(data, key)));
        // An inspector with the key reads once for both, and its verdict
        // is verify's, fingerprint and all.
        let inspector = usertoken::Inspector::new().key(key.clone());
        let inspected = inspector.inspect(data, now());
        let signature = inspected.signature().expect("a verdict with a key");
        assert_eq!(shown(signature), shown(&v));
        assert_eq!(signature.fingerprint(), v.fingerprint());
        if let Some(malformed) = malformed_by_inspect {
            if v.reason().is_some_and(|r| r.kind() == ReasonKind::Altered) {
                // Inspection reads what verification does not judge, and
                // says what it cleaned.
                assert!(!malformed, "{v}");
                assert_eq!(v.status(), Status::Malformed);
                assert!(
                    report
                        .diagnostics()
                        .iter()
                        .any(|d| d.code() == usertoken::Code::InputCleaned),
                    "{v}"
                );
            } else {
                assert_eq!(
                    v.status() == Status::Malformed,
                    malformed,
                    "{v} but {:?}",
                    report.error()
                );
            }
        }
        if let Some(reason) = v.reason() {
            assert_eq!(format!("{reason:?}"), format!("Reason({reason})"));
        }
        if !data.is_empty() {
            let small = Verifier::new(key.clone())
                .max_len(data.len() - 1)
                .verify(data);
            assert_eq!(small.status(), Status::Malformed);
            assert_eq!(
                small.reason().map(|r| r.kind()),
                Some(ReasonKind::Malformed)
            );
        }
        if let Some(other_text) = &other_text {
            let w = usertoken::verify(other_text, key);
            if !v.is_valid() && !w.is_valid() {
                assert_eq!(shown(&v), shown(&w), "the signature shows in a verdict");
            }
        }
    }

    use jsonwebtoken::{crypto, Algorithm, EncodingKey};
    let kid = String::from_utf8_lossy(data.get(..40).unwrap_or(data)).into_owned();
    let header = serde_json::json!({ "alg": "HS256", "kid": kid }).to_string();
    let message = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(data)
    );
    let signature = crypto::sign(
        message.as_bytes(),
        &EncodingKey::from_secret(keys::SECRET),
        Algorithm::HS256,
    )
    .expect("HMAC signs anything");
    let token = format!("{message}.{signature}");
    let hmac =
        Verifier::new(usertoken::Key::hmac(keys::SECRET).expect("a secret")).max_len(usize::MAX);
    let v = hmac.verify(&token);
    assert_eq!(v.status(), Status::Valid, "{v}");
    assert_eq!(v.algorithm(), Some("HS256"));
    assert_eq!(v.kid(), Some(kid.as_str()));
    let first = signature.as_bytes()[0];
    let tampered = format!(
        "{message}.{}{}",
        if first == b'A' { 'B' } else { 'A' },
        &signature[1..]
    );
    let v = hmac.verify(&tampered);
    assert_eq!(v.status(), Status::Invalid);
    assert_eq!(
        v.reason().map(|r| r.kind()),
        Some(ReasonKind::SignatureMismatch)
    );
    let rsa = Verifier::new(keys::all()[0].clone()).max_len(usize::MAX);
    let v = rsa.verify(&token);
    assert_eq!(v.status(), Status::Invalid);
    assert_eq!(
        v.reason().map(|r| r.kind()),
        Some(ReasonKind::AlgorithmFamily)
    );
}
