//! What would rewrite a terminal or lure a verifier onto the network:
//! control and bidi characters escaped, a hostile kid, jku and x5u escaped,
//! shortened and never fetched, hostile input verified to a clean verdict.

use super::*;

#[test]
fn control_and_bidi_characters_are_escaped_in_human_output() {
    let r = inspect(control_and_bidi_token(), now());
    let human = r.human().to_string();
    assert_eq!(human.chars().find(|&c| is_dangerous(c)), None, "{human}");
    for shown in [
        "evil\\u{202e}txt.exe\\u{1b}[2J\\u{7}",
        "argyle\\u{2066}-prod\\u{0}",
        "\\u{200f}\\u{61c}\\u{2028}\\u{85}",
        "a\\u{8}b\\u{d}\\u{a}",
        "\\u{1b}]0;title\\u{7}",
        "\\u{202e}raw\\u{85}",
        "\\u{1b}[2J\\u{202e}",
    ] {
        assert!(human.contains(shown), "{shown} not in\n{human}");
    }
    // Diagnostics that quote a claim escape it too.
    for d in r.diagnostics() {
        assert_eq!(d.to_string().chars().find(|&c| is_dangerous(c)), None);
    }
    // JSON escapes every character it must (the claims stay verbatim).
    let text = serde_json::to_string(&r).unwrap();
    assert!(!text.chars().any(|c| c < ' '), "{text}");
}

#[test]
fn hostile_kid_jku_x5u_are_escaped_shortened_and_never_fetched() {
    // Anything that fetched a key URL would connect here.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let kid = format!("../../../../etc/passwd\\u0000{}\\u202e", "A".repeat(300));
    let header = format!(
        r#"{{"alg":"HS256","kid":"{kid}","jku":"{url}/jwks.json","x5u":"{url}/cert.pem","jwk":{{"kty":"oct","k":"{}"}}}}"#,
        b64("attacker")
    );
    let claims = r#"{"user_id":"u","exp":1700000000}"#;
    let message = format!("{}.{}", b64(&header), b64(claims));
    let signature = jsonwebtoken::crypto::sign(
        message.as_bytes(),
        &jsonwebtoken::EncodingKey::from_secret(b"attacker"),
        jsonwebtoken::Algorithm::HS256,
    )
    .unwrap();
    let hostile = format!("{message}.{signature}");

    let r = inspect(&hostile, now());
    let human = r.human().to_string();
    let shown = format!(
        "  kid          ../../../../etc/passwd\\u{{0}}{}…\n",
        "A".repeat(57)
    );
    assert!(human.contains(&shown), "{human}");
    assert!(human.contains(&format!("  jku          {url}/jwks.json\n")));
    assert!(!human.contains("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
    assert_eq!(
        messages(&r, &[Code::KeyReference]),
        [
            "the header carries jku, a key or a key location; it is never fetched or trusted",
            "the header carries x5u, a key or a key location; it is never fetched or trusted",
            "the header carries jwk, a key or a key location; it is never fetched or trusted",
        ]
    );

    #[cfg(feature = "verify")]
    {
        use usertoken::{Key, Status};
        let data = |name: &str| {
            std::fs::read(format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
        };
        // The header's own key would make the signature valid: it is not used.
        let secret = Key::hmac(include_bytes!("../../samples/user-token.secret")).unwrap();
        let v = usertoken::verify(&hostile, &secret);
        assert_eq!(
            v.to_string(),
            "signature invalid (HS256): the signature does not match the key"
        );
        let set = Key::parse(data("jwks-hmac.json")).unwrap();
        assert_eq!(
            usertoken::verify(&hostile, &set).to_string(),
            "signature key mismatch (HS256): no key of the set has the token's kid"
        );
        let rsa = Key::parse(data("rsa-public.pem")).unwrap();
        assert_eq!(usertoken::verify(&hostile, &rsa).status(), Status::Invalid);
        let r = Inspector::new().key(secret).inspect(&hostile, now());
        assert!(!r.signature().unwrap().is_valid());
    }

    // A kid that names a key file is a name, never a path to open.
    #[cfg(feature = "verify")]
    {
        let header = r#"{"alg":"HS256","kid":"tests/data/jwks-hmac.json"}"#;
        let named = token(header, claims);
        let set = usertoken::Key::parse(include_bytes!("../data/jwks.json")).unwrap();
        assert_eq!(
            usertoken::verify(&named, &set).to_string(),
            "signature key mismatch (HS256): no key of the set has the token's kid"
        );
    }

    match listener.accept() {
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
        other => panic!("something connected to the key URL: {other:?}"),
    }
}

#[cfg(feature = "verify")]
#[test]
fn verification_of_hostile_input_is_a_clean_verdict() {
    use usertoken::{Key, Status, Verifier};
    let key = Key::hmac(b"secret").unwrap();
    let unlimited = Verifier::new(key.clone()).max_len(usize::MAX);
    for (input, message) in [
        (
            "A".repeat(10 * MB),
            "signature malformed: the input is 10000000 bytes, over the limit of 65536 bytes",
        ),
        (
            ".".repeat(MB),
            "signature malformed: the input is 1000000 bytes, over the limit of 65536 bytes",
        ),
    ] {
        assert_eq!(usertoken::verify(&input, &key).to_string(), message);
    }
    for flood in [".".repeat(MB), "a.".repeat(MB)] {
        assert_eq!(
            unlimited.verify(&flood).to_string(),
            "signature malformed: expected 3 segments separated by '.' (5 for an encrypted token), found 1000001"
        );
    }
    let deep = token(
        format!("{{\"alg\":\"HS256\",\"x\":{}", "[".repeat(100_000)),
        "{}",
    );
    assert_eq!(
        unlimited.verify(&deep).to_string(),
        "signature malformed: the header nests JSON more than 64 levels deep: error at byte 82 of its decoded text"
    );
    let controls = token("{\"alg\":\"HS\\u001b256\\u202e\"}", "{}");
    let v = usertoken::verify(&controls, &key);
    assert_eq!(v.status(), Status::Unsupported);
    assert_eq!(
        v.to_string(),
        "signature unsupported (HS\\u{1b}256\\u{202e}): the header's algorithm is not supported"
    );
}
