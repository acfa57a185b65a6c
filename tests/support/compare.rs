//! Comparing two tokens: the same user and client, or not, or unreadable.

use super::*;

#[test]
fn compare_same_user_and_client() {
    let a = inspect(
        signed(&user_token("argyle-core-auth-prod", USER, CLIENT, 1_000)),
        at(5_000),
    );
    let b = inspect(
        signed(&user_token(
            "argyle-core-auth-prod",
            USER,
            CLIENT,
            1_000 + 3 * 86_400,
        )),
        at(5_000),
    );
    let both = a.compare(&b);
    assert!(both.both_readable());
    assert_eq!(both.same_user(), Some(true));
    assert_eq!(both.same_client(), Some(true));
    assert_eq!(both.same_environment(), Some(true));
    assert_eq!(both.issued(), Some(std::cmp::Ordering::Less));
    assert!(both.same_user_and_client());
    assert!(!both.same_token());
    let text = both.to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "same user and client; B was issued later");
    assert_eq!(lines[3], format!("  user         same: {USER}"));
    assert_eq!(lines[4], format!("  client       same: {CLIENT}"));
    assert_eq!(lines[5], "  environment  same: production");
    assert_eq!(
        lines[6],
        "  issued       B later by 3 days (A 1970-01-01T00:16:40Z, B 1970-01-04T00:16:40Z)"
    );
    assert!(lines[1].starts_with("  A            environment production, "));
    assert_eq!(b.compare(&a).issued(), Some(std::cmp::Ordering::Greater));
    assert!(a.compare(&a).same_token());
    assert!(a
        .compare(&a)
        .to_string()
        .starts_with("same user and client; the same token twice\n"));
}

#[test]
fn compare_different_users_clients_environments() {
    let a = inspect(
        signed(&user_token("argyle-core-auth-prod", USER, CLIENT, 0)),
        at(0),
    );
    let b = inspect(
        signed(&user_token("argyle-core-auth-sandbox", OTHER, CLIENT, 0)),
        at(0),
    );
    let both = a.compare(&b);
    assert_eq!(both.same_user(), Some(false));
    assert_eq!(both.same_environment(), Some(false));
    assert!(!both.same_user_and_client());
    let text = both.to_string();
    assert!(text.starts_with(
        "not the same user and client: different users; different environments; issued at the same second\n"
    ), "{text}");
    assert!(text.contains(&format!("  user         different: A {USER}, B {OTHER}\n")));
    assert!(text.contains("  environment  different: A production, B sandbox\n"));

    let c = inspect(
        signed(&user_token("argyle-core-auth-prod", USER, OTHER, 0)),
        at(0),
    );
    assert_eq!(a.compare(&c).same_client(), Some(false));
    assert!(a
        .compare(&c)
        .to_string()
        .starts_with("not the same user and client: different clients"));

    let refresh = inspect(
        signed(&json!({"sub": USER, "iss": "argyle-core-auth-prod"})),
        at(0),
    );
    let with_refresh = a.compare(&refresh);
    assert_eq!(
        with_refresh.same_user(),
        Some(true),
        "sub stands in for user_id"
    );
    assert_eq!(with_refresh.same_client(), None);
    assert_eq!(with_refresh.issued(), None);
    assert!(with_refresh
        .to_string()
        .starts_with("not the same user and client: no client_id to compare\n"));
}

#[test]
fn compare_unreadable() {
    let a = inspect(SAMPLE, at(0));
    let bad = inspect("not a token", at(0));
    let both = a.compare(&bad);
    assert!(!both.both_readable());
    assert!(!both.same_user_and_client());
    let text = both.to_string();
    assert_eq!(text.lines().count(), 3, "{text}");
    assert!(text.starts_with("cannot compare: B is not a readable token\n"));
    assert!(bad
        .compare(&a)
        .to_string()
        .starts_with("cannot compare: A is not a readable token\n"));
    assert!(bad
        .compare(&bad)
        .to_string()
        .starts_with("cannot compare: A and B are not readable tokens\n"));
    assert_no_token_text(&text, SAMPLE);
}
