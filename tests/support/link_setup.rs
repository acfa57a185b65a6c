//! Link-setup checks: environment, client and user, their codes.

use super::*;

#[test]
fn link_setup_environment() {
    let prod = signed(&user_token("argyle-core-auth-prod", USER, CLIENT, 0));
    let sandbox = signed(&user_token("argyle-core-auth-sandbox", USER, CLIENT, 0));
    let staging = signed(&user_token("argyle-core-auth-staging", USER, CLIENT, 0));
    let unknown = signed(&user_token("elsewhere", USER, CLIENT, 0));
    let check = |token: &str, sandbox: bool| {
        Inspector::new()
            .expect_sandbox(sandbox)
            .inspect(token, at(0))
    };

    assert!(!codes(&check(&prod, false)).contains(&"environment-mismatch"));
    assert!(!codes(&check(&sandbox, true)).contains(&"environment-mismatch"));
    assert_eq!(
        only(&check(&prod, true), Code::EnvironmentMismatch),
        (
            Severity::Error,
            "Link is set up with sandbox: true, but the token is for production".to_owned()
        )
    );
    assert_eq!(
        only(&check(&sandbox, false), Code::EnvironmentMismatch),
        (
            Severity::Error,
            "Link is set up with sandbox: false (production), but the token is for sandbox"
                .to_owned()
        )
    );
    assert_eq!(
        only(&check(&staging, true), Code::EnvironmentMismatch).0,
        Severity::Warning
    );
    // Unknown issuers are told by unknown-issuer already.
    assert!(!codes(&check(&unknown, true)).contains(&"environment-mismatch"));
    // The caller's issuer table decides the environment.
    let mapped = Inspector::new()
        .issuer("elsewhere", Environment::Sandbox)
        .expect_sandbox(true)
        .inspect(&unknown, at(0));
    assert!(!codes(&mapped).contains(&"environment-mismatch"));
    // Nothing is checked unless asked.
    assert!(!codes(&inspect(&prod, at(0)))
        .iter()
        .any(|c| c.ends_with("-mismatch") && *c != "subject-mismatch"));
}

#[test]
fn link_setup_client_and_user() {
    let token = signed(&user_token("argyle-core-auth-prod", USER, CLIENT, 0));
    let good = Inspector::new()
        .expect_client_id(CLIENT.to_uppercase())
        .expect_user_id(format!(" {USER} "))
        .inspect(&token, at(0));
    assert!(
        !codes(&good).contains(&"client-mismatch"),
        "case and spaces do not count"
    );
    assert!(!codes(&good).contains(&"user-mismatch"));

    let bad = Inspector::new()
        .expect_client_id(OTHER)
        .expect_user_id(OTHER)
        .inspect(&token, at(0));
    assert_eq!(
        only(&bad, Code::ClientMismatch),
        (
            Severity::Error,
            format!("client_id '{CLIENT}' is not the expected '{OTHER}': the token was made with another client's credentials")
        )
    );
    assert_eq!(
        only(&bad, Code::UserMismatch),
        (
            Severity::Error,
            format!("user_id '{USER}' is not the expected '{OTHER}': the token was issued for another user")
        )
    );

    // A legacy refresh token: no client_id, the user in sub.
    let refresh =
        signed(&json!({"sub": USER, "iss": "argyle-core-auth-prod", "iat": 0, "exp": 60}));
    let checked = Inspector::new()
        .expect_client_id(CLIENT)
        .expect_user_id(USER)
        .inspect(&refresh, at(0));
    assert!(codes(&checked).contains(&"refresh-token"));
    assert!(
        !codes(&checked).contains(&"user-mismatch"),
        "sub stands in for user_id"
    );
    assert_eq!(
        only(&checked, Code::ClientMismatch),
        (
            Severity::Warning,
            format!("the token has no client_id to set against the expected '{CLIENT}'")
        )
    );
    let other_user = Inspector::new()
        .expect_user_id(OTHER)
        .inspect(&refresh, at(0));
    assert_eq!(
        only(&other_user, Code::UserMismatch).1,
        format!("sub '{USER}' (there is no user_id) is not the expected '{OTHER}': the token was issued for another user")
    );
    let anonymous = Inspector::new()
        .expect_user_id("x\u{202e}y")
        .inspect(signed(&json!({"iss": "argyle-core-auth-prod"})), at(0));
    assert_eq!(
        only(&anonymous, Code::UserMismatch),
        (
            Severity::Warning,
            "the token has no user_id or sub to set against the expected 'x\\u{202e}y'".to_owned()
        )
    );
}

#[test]
fn link_setup_codes_are_stable_and_in_the_json() {
    let names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    for name in [
        "environment-mismatch",
        "client-mismatch",
        "user-mismatch",
        "refresh-token",
    ] {
        assert!(names.contains(&name), "{name}");
    }
    let report = Inspector::new().expect_sandbox(true).inspect(SAMPLE, at(0));
    let json: Value = serde_json::to_value(&report).unwrap();
    assert!(json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["code"] == "environment-mismatch" && d["severity"] == "error"));
    let mut fast = Vec::new();
    report.write_json(&mut fast).unwrap();
    assert_eq!(fast, serde_json::to_vec(&report).unwrap());
}
