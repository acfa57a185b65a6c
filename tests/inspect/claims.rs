//! Claims: every one read back, environments from the issuer, missing,
//! unknown and mistyped claims, ids, and what makes a user token.

use super::*;

#[test]
fn sample_reads_back_every_claim() {
    let report = inspect(SAMPLE, at(1_700_000_000));
    let claims = report.claims().unwrap();
    assert_eq!(
        claims.client_id(),
        Some("0d9b5bf3-97fa-4757-a136-b2a03d171414")
    );
    assert_eq!(claims.user_id(), Some(USER));
    assert_eq!(claims.sub(), Some(USER));
    assert_eq!(claims.user(), Some(USER));
    assert_eq!(claims.iss(), Some("argyle-core-auth-prod"));
    assert_eq!(claims.jti(), Some("00097a26-2f2a-4aa0-8eca-95ebe56d57a8"));
    assert_eq!(claims.issued_at(), Some(at(1649889485)));
    assert_eq!(claims.expires_at(), Some(at(1652481485)));
    assert_eq!(report.header().unwrap().alg(), Some("HS256"));
    assert_eq!(report.header().unwrap().typ(), Some("JWT"));
    assert_eq!(report.environment(), Some(Environment::Production));
    assert_eq!(report.lifetime().unwrap().num_days(), 30);
    assert_eq!(
        codes(&report),
        ["input-cleaned", "expired", "lifetime"],
        "the sample file ends in a newline"
    );
}

#[test]
fn environments_from_table_and_suffix() {
    let cases = [
        ("argyle-core-auth-prod", Environment::Production),
        ("argyle-core-auth-production", Environment::Production),
        ("argyle-core-auth-sandbox", Environment::Sandbox),
        ("argyle-core-auth-staging", Environment::Staging),
        ("argyle-x-stage", Environment::Staging),
        ("argyle-core-auth-dev", Environment::Development),
        ("argyle-core-auth-development", Environment::Development),
        ("argyle-core-auth-qa", Environment::Unknown),
        ("someone-else-prod", Environment::Unknown),
    ];
    for (iss, env) in cases {
        let report = inspect(signed(&json!({ "iss": iss })), at(0));
        assert_eq!(report.environment(), Some(env), "{iss}");
        assert_eq!(
            codes(&report).contains(&"unknown-issuer"),
            env == Environment::Unknown,
            "{iss}"
        );
    }
    let report = inspect(signed(&json!({ "iss": "someone-else-prod" })), at(0));
    assert_eq!(
        message(&report, Code::UnknownIssuer),
        "issuer 'someone-else-prod' is not known; environment unknown"
    );
    let custom = Inspector::new().issuer("someone-else-prod", Environment::Sandbox);
    let report = custom.inspect(signed(&json!({ "iss": "someone-else-prod" })), at(0));
    assert_eq!(report.environment(), Some(Environment::Sandbox));
    assert!(!codes(&report).contains(&"unknown-issuer"));
}

#[test]
fn every_missing_standard_claim_is_named() {
    let report = inspect(signed(&json!({})), at(0));
    let missing = messages(&report, Code::MissingClaim);
    assert_eq!(
        missing,
        ["client_id", "user_id", "sub", "iss", "jti", "iat", "exp"]
            .map(|c| format!("the claim {c} is missing"))
    );
    assert_eq!(report.environment(), Some(Environment::Unknown));
    assert_eq!(report.is_expired(), None);
}

#[test]
fn legacy_refresh_token() {
    let claims = json!({"sub": USER, "iss": "argyle-core-auth-prod", "iat": 1, "exp": 2,
                        "jti": "00097a26-2f2a-4aa0-8eca-95ebe56d57a8"});
    let report = inspect(signed(&claims), at(0));
    assert_eq!(
        message(&report, Code::RefreshToken),
        "no client_id and no user_id: this looks like a legacy refresh token; Link needs a user token"
    );
}

#[test]
fn unknown_claims_are_kept_verbatim() {
    let mut claims = user_token(1, 2);
    claims["scope"] = json!("link");
    claims["nested"] = json!({"a": [1, 2.5, null, true]});
    let report = inspect(signed(&claims), at(0));
    let c = report.claims().unwrap();
    assert_eq!(c.value("scope"), Some(json!("link")));
    assert_eq!(c.get("nested").unwrap().get(), r#"{"a":[1,2.5,null,true]}"#);
    let extra: Vec<&str> = c.extra().map(|(n, _)| n).collect();
    assert_eq!(extra, ["nested", "scope"]);
    let json: Value = serde_json::to_value(&report).unwrap();
    assert_eq!(json["claims"], claims);
}

#[test]
fn claims_of_another_type_are_diagnostics() {
    let claims = json!({"user_id": 42, "sub": ["a"], "client_id": null, "iss": true,
                        "exp": "1652481485", "iat": {"s": 1}});
    let report = inspect(signed(&claims), at(0));
    assert!(report.error().is_none());
    let c = report.claims().unwrap();
    assert_eq!(c.user_id(), None);
    assert_eq!(c.expires_at(), Some(at(1652481485)));
    let messages = messages(&report, Code::UnexpectedClaimType);
    assert_eq!(
        messages,
        [
            "claim client_id is null, expected a string",
            "claim user_id is a number, expected a string",
            "claim sub is an array, expected a string",
            "claim iss is a boolean, expected a string",
            "claim iat is an object, expected a number of seconds",
            "exp is a string holding a number, expected a number, read as 2022-05-13T22:38:05Z",
        ]
    );
}

#[test]
fn ids_that_are_not_uuids_are_noted() {
    let uuid = "0D9B5BF3-97fa-4757-a136-b2a03d171414";
    for (id, is_uuid) in [
        (uuid, true),
        ("0d9b5bf3-97fa-4757-a136-b2a03d17141g", false),
        ("0d9b5bf3997fa-4757-a136-b2a03d171414", false),
        ("0d9b5bf3-97fa-4757-a136-b2a03d17141-", false),
        ("-d9b5bf3-97fa-4757-a136-b2a03d171414", false),
        ("0d9b5bf3-97fa-4757-a136-b2a03d17141", false),
        ("0d9b5bf3-97fa-4757-a136-b2a03d1714140", false),
        ("0d9b5bf3-97fa-4757-a136-b2a03d1714é", false),
        ("", false),
    ] {
        let claims = json!({"client_id": id, "user_id": uuid, "sub": uuid, "jti": uuid});
        let report = inspect(signed(&claims), at(0));
        let expected = if is_uuid {
            vec![]
        } else {
            vec![format!("client_id '{id}' is not a UUID")]
        };
        assert_eq!(messages(&report, Code::NotUuid), expected, "{id}");
    }
}

#[test]
fn subject_mismatch() {
    let report = inspect(signed(&json!({"sub": "a", "user_id": "b"})), at(0));
    assert_eq!(
        message(&report, Code::SubjectMismatch),
        "sub 'a' differs from user_id 'b'"
    );
}

#[test]
fn one_of_client_id_and_user_id_makes_a_user_token() {
    for claims in [
        json!({"user_id": USER, "iss": "argyle-core-auth-prod", "exp": 2}),
        json!({"client_id": "0d9b5bf3-97fa-4757-a136-b2a03d171414", "iss": "argyle-core-auth-prod", "exp": 2}),
    ] {
        let report = inspect(signed(&claims), at(0));
        let verdict = report.human().headline().to_string();
        assert!(verdict.starts_with("production user token"), "{verdict}");
        assert!(!codes(&report).contains(&"refresh-token"));
    }
    let neither = json!({"sub": USER, "iss": "argyle-core-auth-prod", "exp": 2});
    let verdict = inspect(signed(&neither), at(0))
        .human()
        .headline()
        .to_string();
    assert!(
        verdict.starts_with("production legacy refresh token (no client_id or user_id)"),
        "{verdict}"
    );
}

#[test]
fn the_user_is_user_id_else_sub() {
    let now = at(1_700_000_000);
    for (claims, user) in [
        (json!({ "user_id": "u1", "sub": "s1" }), Some("u1")),
        (json!({ "sub": "s1" }), Some("s1")),
        (json!({ "user_id": 7, "sub": "s1" }), Some("s1")),
        (json!({ "client_id": "c1" }), None),
    ] {
        let report = inspect(signed(&claims), now);
        assert_eq!(report.claims().unwrap().user(), user, "{claims}");
    }
}
