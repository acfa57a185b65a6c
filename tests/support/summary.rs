//! The one-line summary, and no token text in it or in the report.

use super::*;

#[test]
fn summary_of_the_sample_verbatim() {
    let report = inspect(SAMPLE, at(1_700_000_000));
    assert_eq!(
        report.summary().to_string(),
        "environment production, user_id 017f8978-bbfd-ff64-18ce-d59f99bf51c2, \
         client_id 0d9b5bf3-97fa-4757-a136-b2a03d171414, issued 2022-04-13T22:38:05Z, \
         expired 1 year ago as of 2023-11-14T22:13:20Z, signature not checked, \
         fingerprint 702a866402c991f1"
    );
    let fresh = inspect(SAMPLE, at(1_652_481_485 - 3 * 86_400));
    assert!(fresh
        .summary()
        .to_string()
        .contains(", expires in 3 days as of 2022-05-10T22:38:05Z, "));
}

#[test]
fn summary_of_odd_and_unreadable_tokens() {
    let refresh = signed(&json!({"sub": USER, "iss": "argyle-core-auth-prod"}));
    assert_eq!(
        inspect(&refresh, at(0)).summary().to_string(),
        format!(
            "environment production, no user_id, sub {USER}, no client_id, no readable iat, \
             no readable expiry as of 1970-01-01T00:00:00Z, signature not checked, \
             problems missing-claim refresh-token, fingerprint {}",
            usertoken::Fingerprint::of(refresh.as_bytes())
        )
    );
    assert_eq!(
        inspect("a.b.c.d", at(0)).summary().to_string(),
        "not a readable token (segment-count): expected 3 segments separated by '.' \
         (5 for an encrypted token), found 4, fingerprint 9f1d3cf2ad1a3ac5"
            .replace(
                "9f1d3cf2ad1a3ac5",
                &usertoken::Fingerprint::of(b"a.b.c.d").to_string()
            )
    );
    let oversized = Inspector::new().oversized(1 << 20, at(0));
    assert_eq!(
        oversized.summary().to_string(),
        "not a readable token (too-large): the input is 1048576 bytes, over the limit of 65536 bytes, no fingerprint"
    );
}

#[test]
fn summary_and_report_never_hold_token_text() {
    let inner = SAMPLE.trim();
    let tokens = [
        inner.to_owned(),
        format!("Bearer {inner}"),
        signed(&json!({"user_id": "short"})),
        // A claim may hold anything, even a token: it is shown as a marker.
        signed(&json!({"user_id": inner, "client_id": format!("x {inner} y"), inner: 1})),
        format!("{inner}."),
        format!("{inner}.x.y"),
        inner.replacen('.', ".!", 1),
    ];
    for token in &tokens {
        for now in [at(0), at(1_700_000_000)] {
            let report = inspect(token, now);
            let summary = report.summary().to_string();
            assert!(!summary.contains('\n'), "{summary}");
            let human = report.human().to_string();
            // Diagnostic messages quote claims (shortened) on their own.
            let shown = ["\nerrors\n", "\nwarnings\n", "\nnotes\n"]
                .iter()
                .filter_map(|h| human.find(h))
                .min()
                .map_or(&human[..], |end| &human[..end]);
            for out in [&summary, shown] {
                assert_no_token_text(out, token.trim_start_matches("Bearer "));
                assert_no_token_text(out, inner);
            }
            assert_no_token_text(&human, token.trim_start_matches("Bearer "));
        }
    }
}
