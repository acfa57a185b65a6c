//! Properties: disguised tokens go whole and text without one is left as
//! it is, judged by outcome alone (the generator and judge the `redact`
//! fuzz target runs); streamed finds the same; any JSON object before a
//! claims set makes a header.

use super::*;

#[path = "../../fuzz/checks/mod.rs"]
#[allow(dead_code, unused_imports)]
mod checks;

/// Text made of the pieces tokens are made of, so that near-misses are
/// common: headers, dots, padding, base64url runs, separators.
fn tokenish() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        3 => Just(b64(r#"{"alg":"HS256"}"#).into_bytes()),
        1 => Just(b64(r#"{"alg":"A","enc":"B"}"#).into_bytes()),
        1 => Just(b64(r#"{ "a": 1 }"#).into_bytes()),
        1 => Just(b"e30".to_vec()),
        1 => Just(b"eyJ".to_vec()),
        1 => Just(b"ew".to_vec()),
        1 => Just(b"e".to_vec()),
        6 => Just(b".".to_vec()),
        1 => Just(b"..".to_vec()),
        1 => Just(b"=".to_vec()),
        1 => Just(b" ".to_vec()),
        1 => Just(b",".to_vec()),
        1 => Just(b"\n".to_vec()),
        1 => Just(b"\xff".to_vec()),
        // What glues to a token, or ends the glue.
        1 => prop::sample::select(vec!["!", "+/", ":", "?", "%2", "!x:"]).prop_map(|s| s.as_bytes().to_vec()),
        // Encoded dots, line breaks with the prefixes of a wrap, payloads.
        1 => prop::sample::select(vec!["%2E", "%2e", "\\u002e", "\\u00", "\n  ", "\r\n", "\n> ", "\n>"]).prop_map(|s| s.as_bytes().to_vec()),
        // Noise: invisible characters, markup, escapes, continuations,
        // soft line breaks, string concatenation; more encoded dots.
        1 => prop::sample::select(vec!["\u{200b}", "\u{a0}", "<br>", "&nbsp;", "=\n", "\\\n", "\" +\n  \"", "\\n", "&#46;", "%252E", "&#4", "<b"]).prop_map(|s| s.as_bytes().to_vec()),
        2 => Just(b64(r#"{"sub":"u","exp":1}"#).into_bytes()),
        // An object without `alg`: a token only when a payload follows.
        1 => Just(b64(r#"{"typ":"JWT"}"#).into_bytes()),
        1 => Just(b64(r#"{"alg":"HS256","typ":"JWT"}"#).as_bytes()[..20].to_vec()),
        1 => "[A-Za-z0-9_-]{43}".prop_map(String::into_bytes),
        4 => "[A-Za-z0-9_-]{1,12}".prop_map(String::into_bytes),
        // Runs dense with `e` pairs that their third character rules out.
        1 => "(ey|ew|e3|e|x{1,20}){1,40}".prop_map(String::into_bytes),
        1 => "[a-z.]{1,6}".prop_map(String::into_bytes),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    // Cheap cases, and some disguises fail one case in a thousand: many.
    #![proptest_config(crate::helpers::regressions::beside_the_file(ProptestConfig::with_cases(4096)))]

    #[test]
    fn disguised_tokens_go_whole(seed in any::<u64>()) {
        checks::judge_disguised(&checks::disguised(&mut checks::Rng(seed | 1)));
    }
}

proptest! {
    #![proptest_config(crate::helpers::regressions::beside_the_file(ProptestConfig::with_cases(512)))]

    #[test]
    fn redaction_holds_on_near_misses(text in tokenish()) {
        checks::redact(&text);
    }

    #[test]
    fn streaming_finds_the_same_on_any_bytes(text in prop::collection::vec(any::<u8>(), 0..200), chunks in prop::collection::vec(1usize..40, 1..50)) {
        let fast: Vec<_> = find_tokens(&text).map(|f| (f.start(), f.end(), f.kind())).collect();
        prop_assert_eq!(streamed(&text, chunks), fast);
    }

    #[test]
    fn streaming_finds_the_same(text in tokenish(), chunks in prop::collection::vec(prop_oneof![1usize..4, 1usize..40], 1..50)) {
        let fast: Vec<_> = find_tokens(&text).map(|f| (f.start(), f.end(), f.kind())).collect();
        prop_assert_eq!(streamed(&text, chunks), fast);
    }
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 32, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(any::<String>(), inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(crate::helpers::regressions::beside_the_file(ProptestConfig::default()))]

    /// Any JSON object, compact or pretty, makes a header before a claims
    /// set.
    #[test]
    fn any_json_object_is_a_header(
        members in prop::collection::btree_map(any::<String>(), json_value(), 0..5),
        pretty in any::<bool>(),
    ) {
        let object = serde_json::Value::Object(members.into_iter().collect());
        let json = if pretty {
            serde_json::to_string_pretty(&object).unwrap()
        } else {
            serde_json::to_string(&object).unwrap()
        };
        let t = format!("{}.{}.c2ln", b64(&json), b64(r#"{"sub":"u"}"#));
        let text = format!("x={t}&y");
        prop_assert_eq!(found(&text), [(&*t, TokenKind::Jws)]);
    }
}
