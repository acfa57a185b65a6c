//! Generate and test: a token of a random algorithm, put through disguises
//! chosen at random and nested, in random text that holds no token. The
//! judge knows only the token's parts and the clean text, never the
//! finder's rules: no twelve characters of the token in a row survive in
//! the output, even with everything but base64url characters taken out of
//! it (so no piece of the token stands beside the marker, whatever
//! separates them), and text without a token comes out byte for byte.
//! The text may be written UTF-16 as a whole: the judge reads its output
//! the same way, since NULs are not base64 either.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use usertoken::{find_tokens, Redactor, Style};

use super::{is_base64url, Rng};

/// Algorithms and the length of their signatures in bytes (RFC 7518,
/// RFC 8037): a 2048- and a 4096-bit key for RSA.
const ALGORITHMS: [(&str, usize); 11] = [
    ("HS256", 32),
    ("HS384", 48),
    ("HS512", 64),
    ("ES256", 64),
    ("ES384", 96),
    ("ES512", 132),
    ("EdDSA", 64),
    ("RS256", 256),
    ("PS256", 256),
    ("RS512", 512),
    ("PS384", 384),
];

/// What rich text, mail, markup, code and terminals put inside a token.
const NOISE: [&str; 22] = [
    "\u{a0}",
    "\u{200b}",
    "\u{ad}",
    "\u{2026}",
    "\u{feff}",
    "\u{2060}",
    "<br>",
    "<br/>\n",
    "<wbr>",
    "</span><span>",
    "&nbsp;",
    "&#8203;",
    "&shy;",
    "\n",
    "\r\n",
    "\n> ",
    "\n    ",
    "\\\n  ",
    "\\n",
    "\" +\n    \"",
    "' +\n'",
    "\"\n  \"",
];

/// What may stand for a dot.
const DOTS: [&str; 8] = [
    ".", "%2E", "%2e", "%252E", "&#46;", "&#x2E;", "\\u002e", "\\x2e",
];

/// Where a token is put, and text around it that holds none (some of it
/// looks like one: base64 JSON between dots that is neither a header nor a
/// claims set).
const BEFORE: [&str; 8] = [
    "Authorization: Bearer ",
    "userToken=",
    "{\"user_token\": \"",
    "token ",
    "<p>",
    "> ",
    "String t = \"",
    "",
];
const WORDS: [&str; 14] = [
    "the",
    "user",
    "they",
    "key",
    "eyeball",
    "app.eyJ2IjowfQ.bundle.js",
    "tenant.eyJyZWdpb24iOiJ1cyJ9.v2",
    "e30.e30",
    "GET",
    "/link?sandbox=true",
    "\u{e9}t\u{e9}",
    "id=017f8978",
    "x.y.z",
    "ok",
];

/// One case: the text, and the token's parts as written before any
/// disguise (`None` when the text holds no token).
pub struct Case {
    pub text: Vec<u8>,
    pub parts: Option<[String; 3]>,
    /// The token stands base64-encoded in the text, in this run, which
    /// redaction reads decoded.
    pub run: Option<String>,
    /// The whole text is written UTF-16 (a Windows log): its NULs are not
    /// base64, so the judge reads it as it reads any other output.
    pub utf16: bool,
}

fn pick<'a>(rng: &mut Rng, from: &[&'a str]) -> &'a str {
    from[rng.below(from.len())]
}

fn token(rng: &mut Rng) -> [String; 3] {
    let (alg, bytes) = ALGORITHMS[rng.below(ALGORITHMS.len())];
    let header = match rng.below(3) {
        0 => format!(r#"{{"alg":"{alg}","typ":"JWT"}}"#),
        1 => format!(r#"{{"typ":"JWT","alg":"{alg}"}}"#),
        _ => format!(r#"{{"alg":"{alg}","kid":"k{}"}}"#, rng.below(1000)),
    };
    let id = format!("{:016x}", rng.next());
    let payload = match rng.below(3) {
        0 => format!(
            r#"{{"client_id":"{id}","exp":{},"iss":"argyle-core-auth-prod","sub":"{id}","user_id":"{id}"}}"#,
            1_600_000_000 + rng.below(1 << 28)
        ),
        1 => format!(r#"{{"sub":"{id}","iat":{}}}"#, rng.below(1 << 31)),
        _ => format!(r#"{{"jti":"{id}","note":"{}"}}"#, "x".repeat(rng.below(40))),
    };
    let signature: Vec<u8> = (0..bytes).map(|_| rng.next() as u8).collect();
    [
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(payload),
        URL_SAFE_NO_PAD.encode(signature),
    ]
}

/// Noise put inside `segment` at up to `most` places; not among the first
/// three characters of a header or payload, where a token is recognised.
fn broken(rng: &mut Rng, segment: &str, most: usize, anchor: bool) -> String {
    let mut cuts: Vec<usize> = (0..rng.below(most + 1))
        .map(|_| rng.below(segment.len() + 1))
        .filter(|&at| !anchor || at >= 3)
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = String::new();
    let mut prev = 0;
    for at in cuts {
        out.push_str(&segment[prev..at]);
        out.push_str(pick(rng, &NOISE));
        prev = at;
    }
    out.push_str(&segment[prev..]);
    out
}

/// `segment` with quoted-printable soft line breaks every 76 columns
/// from `column` on (not among the first three characters of a header or
/// payload, where a token is recognised); the column after it.
fn soft_broken(segment: &str, mut column: usize, soft: &str, anchor: bool) -> (String, usize) {
    let mut out = String::new();
    for (i, c) in segment.char_indices() {
        if column >= 75 && !(anchor && i < 3) {
            out.push_str(soft);
            column = 0;
        }
        out.push(c);
        column += 1;
    }
    (out, column)
}

fn words(rng: &mut Rng, most: usize) -> String {
    let n = rng.below(most + 1);
    let mut out = String::new();
    for _ in 0..n {
        out.push_str(pick(rng, &WORDS));
        out.push(' ');
    }
    out
}

/// A case from `rng`: a disguised token in text, or (one time in four)
/// the same disguises over text that holds none.
pub fn case(rng: &mut Rng) -> Case {
    let with_token = rng.below(4) != 0;
    let parts = token(rng);
    let depth = 1 + rng.below(3);
    // A quoted-printable body has soft line breaks and nothing else: its
    // other characters would be encoded.
    let soft = match rng.below(6) {
        0 => Some("=\r\n"),
        1 => Some("=\n"),
        _ => None,
    };
    let mut body = if with_token {
        let dot = pick(rng, &DOTS);
        let dots = [pick(rng, &DOTS), if rng.below(2) == 0 { dot } else { "." }];
        if let Some(soft) = soft {
            let (h, column) = soft_broken(&parts[0], rng.below(76), soft, true);
            let (p, column) = soft_broken(&parts[1], column + 1, soft, true);
            let (s, _) = soft_broken(&parts[2], column + 1, soft, false);
            format!("{h}.{p}.{s}")
        } else {
            let h = broken(rng, &parts[0], depth, true);
            let p = broken(rng, &parts[1], depth, true);
            let s = broken(rng, &parts[2], depth, false);
            format!("{h}{}{p}{}{s}", dots[0], dots[1])
        }
    } else {
        broken(
            rng,
            "eyeballs are not tokens, nor is app.eyJ2IjowfQ.bundle.js",
            depth,
            false,
        )
    };
    if rng.below(2) == 0 {
        let before = pick(rng, &BEFORE);
        body = format!("{before}{body}\"");
    }
    // One time in six, the text written base64, as `Basic` credentials.
    let run = (rng.below(6) == 0).then(|| {
        let user = &"api-user"[..1 + rng.below(8)];
        base64::engine::general_purpose::STANDARD.encode(format!("{user}:{body}"))
    });
    let body = match &run {
        Some(run) => format!("Authorization: Basic {run}\r\n"),
        None => body,
    };
    let text = format!("{}{body} {}", words(rng, 6), words(rng, 6));
    // One time in eight, the text written UTF-16, as Windows writes it:
    // either byte order, a byte order mark or not, and a first line that
    // says what it is.
    let utf16 = rng.below(8) == 0;
    let text = if utf16 {
        let big = rng.below(2) == 0;
        let mark = if rng.below(2) == 0 { "\u{feff}" } else { "" };
        format!("{mark}Transcript\r\n{text}")
            .encode_utf16()
            .flat_map(|u| {
                if big {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect()
    } else {
        text.into_bytes()
    };
    Case {
        text,
        parts: with_token.then_some(parts),
        run,
        utf16,
    }
}

/// Judges a case by its outcome alone.
pub fn judge(case: &Case) {
    let out = Redactor::new().style(Style::Mask).redact_bytes(&case.text);
    let Some(parts) = &case.parts else {
        assert!(
            out == case.text,
            "text without a token changed: {:?}",
            String::from_utf8_lossy(&case.text)
        );
        return;
    };
    assert!(
        case.run.is_some() || case.utf16 || find_tokens(&case.text).next().is_some(),
        "no token found in {:?}",
        String::from_utf8_lossy(&case.text)
    );
    // A tool that redacts by itself, replacing each found token's span,
    // hides as much: the span is what to remove. (UTF-16 is read only by
    // the redactor and the scan.)
    if !case.utf16 {
        let mut own = case.text.clone();
        let spans: Vec<_> = find_tokens(&case.text).map(|f| f.span()).collect();
        for span in spans.into_iter().rev() {
            own.splice(span, b"[X]".iter().copied());
        }
        judge_output(case, parts, &own);
    }
    judge_output(case, parts, &out);
}

/// No twelve characters of the token (or of the base64 run it was written
/// in) in a row survive in `out`, base64url characters alone counted.
fn judge_output(case: &Case, parts: &[String; 3], out: &[u8]) {
    let seen: Vec<u8> = out.iter().copied().filter(|&b| is_base64url(b)).collect();
    if let Some(run) = &case.run {
        for window in run.as_bytes().windows(12) {
            assert!(
                memchr_find(&seen, window).is_none(),
                "a piece of the base64 run survives: {:?}",
                String::from_utf8_lossy(out)
            );
        }
    }
    for (name, part) in ["header", "payload", "signature"].iter().zip(parts) {
        for window in part.as_bytes().windows(12) {
            assert!(
                memchr_find(&seen, window).is_none(),
                "a piece of the {name} survives: {:?} from {:?}",
                String::from_utf8_lossy(out),
                String::from_utf8_lossy(&case.text)
            );
        }
    }
}

fn memchr_find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Target `redact`'s second check: the input's bytes choose one case.
pub fn disguise(data: &[u8]) {
    judge(&case(&mut Rng::seeded(data)));
}
