//! Properties: a random token damaged at random shows no piece of its
//! signature, and text without a token passes byte for byte.

use super::*;

/// One way a token gets damaged on its way into text.
#[derive(Clone, Debug)]
enum Damage {
    Wrap {
        width: usize,
        prefix: &'static str,
        crlf: bool,
    },
    Byte {
        at: usize,
        byte: u8,
    },
    Extra(usize),
    EncodedDots(&'static str),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        (
            20usize..100,
            prop::sample::select(vec!["", "  ", "\t", "> ", "> > "]),
            any::<bool>()
        )
            .prop_map(|(width, prefix, crlf)| Damage::Wrap {
                width,
                prefix,
                crlf
            }),
        // Bytes that do not end a field: not quotes, brackets, separators or
        // line breaks (those end any parser's field, and the token with it).
        (
            any::<usize>(),
            prop::sample::select(b"! *#$%^~@:?=".to_vec())
        )
            .prop_map(|(at, byte)| Damage::Byte { at, byte }),
        (1usize..4).prop_map(Damage::Extra),
        prop::sample::select(vec!["%2E", "%2e", "\\u002e"]).prop_map(Damage::EncodedDots),
    ]
}

fn apply(token: &str, damage: &Damage) -> String {
    match damage {
        Damage::Wrap {
            width,
            prefix,
            crlf,
        } => {
            let newline = if *crlf { "\r\n" } else { "\n" };
            let mut out = String::new();
            for (i, chunk) in token.as_bytes().chunks(*width).enumerate() {
                if i > 0 {
                    out.push_str(newline);
                    out.push_str(prefix);
                }
                out.push_str(std::str::from_utf8(chunk).unwrap());
            }
            out
        }
        Damage::Byte { at, byte } => {
            // Inside the header or the payload, never a dot.
            let dots: Vec<usize> = token.match_indices('.').map(|(i, _)| i).collect();
            let room = dots[1];
            let mut at = at % room;
            if dots.contains(&at) {
                at += 1;
            }
            let mut bytes = token.as_bytes().to_vec();
            bytes[at] = *byte;
            String::from_utf8(bytes).unwrap()
        }
        Damage::Extra(n) => {
            let sig = signature(token);
            format!("{token}{}", format!(".{sig}").repeat(*n))
        }
        Damage::EncodedDots(dot) => token.replace('.', dot),
    }
}

fn random_claims() -> impl Strategy<Value = Value> {
    ("[a-z0-9-]{0,40}", "[a-zA-Z0-9 ]{0,60}", any::<u32>())
        .prop_map(|(user, note, exp)| json!({"user_id": user, "note": note, "exp": exp, "iss": "argyle-core-auth-prod"}))
}

/// Log text around a token: words, punctuation, line breaks.
fn log_text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 ,:=/\\[\\]\n-]{0,80}"
}

proptest! {
    #![proptest_config(crate::helpers::regressions::beside_the_file(ProptestConfig::with_cases(128)))]

    #[test]
    fn damaged_tokens_show_no_piece_of_their_signature(
        claims in random_claims(),
        damage in damage(),
        before in log_text(),
        after in log_text(),
        chunk in 1usize..600,
    ) {
        let token = hs256(&claims);
        let damaged = apply(&token, &damage);
        // The token stands apart from the words around it.
        let text = format!("{before} {damaged} {after}");
        let once = mask().redact_bytes(text.as_bytes()).into_owned();
        prop_assert!(piece(signature(&token), &once).is_none(), "{:?} in {:?}", damage, String::from_utf8_lossy(&once));
        prop_assert_eq!(lines(&once), lines(text.as_bytes()));
        let mut streamed = Vec::new();
        mask().redact_stream(Trickle(text.as_bytes(), chunk), &mut streamed).unwrap();
        prop_assert_eq!(streamed, once);
    }

    #[test]
    fn text_without_tokens_passes_byte_for_byte(
        bytes in prop::collection::vec(any::<u8>(), 0..600),
        width in prop::sample::select(vec![64usize, 76]),
        hex in any::<bool>(),
        words in log_text(),
    ) {
        let encoded = if hex {
            bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
        } else {
            base64::engine::general_purpose::STANDARD.encode(&bytes)
        };
        let wrapped: String = encoded
            .as_bytes()
            .chunks(width)
            .map(|c| format!("{}\n", std::str::from_utf8(c).unwrap()))
            .collect();
        let text = format!("{words}\n{wrapped}{words}\n");
        // Base64 and hex have no dot, encoded or not: no token.
        prop_assert!(find_tokens(&text).next().is_none());
        for out in every_way(text.as_bytes()) {
            prop_assert_eq!(String::from_utf8(out).unwrap(), text.clone());
        }
    }
}
