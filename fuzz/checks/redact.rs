//! The check of the `redact` target.

use std::borrow::Cow;
use std::io::{self, Read, Write};

use usertoken::{find_tokens, redact_bytes, scan_reader, Found, Piece, Redactor, Style};

use super::{disguise, with_other_last_segment, Rng};

/// The tokens of `data` and the text around them, checked for order and
/// bounds.
fn tokens(data: &[u8]) -> Vec<Found> {
    let found: Vec<Found> = find_tokens(data).collect();
    let mut prev = 0;
    for (i, f) in found.iter().enumerate() {
        assert!(prev <= f.start() && f.start() < f.end() && f.end() <= data.len());
        assert_eq!(f.token_range(), f.start()..f.end());
        assert!(f.token_range().len() <= usertoken::DEFAULT_MAX_LEN);
        // Scanning goes on where the token ends, not where what is glued
        // to it does: no token hides in glued text.
        let next = find_tokens(&data[f.end()..]).next();
        assert_eq!(
            next.map(|n| f.end() + n.start()),
            found.get(i + 1).map(Found::start)
        );
        let glued = &data[f.end()..f.glued_end()];
        assert!(glued.len() <= usertoken::DEFAULT_MAX_LEN);
        assert!(!glued.contains(&b'\n'));
        prev = f.glued_end();
    }
    found
}

/// Whether `once` is `data` with each token, and what is glued to it,
/// replaced by what `marker` makes of the token, followed by some of the
/// bytes it replaced, in order, among them every line break (a redaction
/// keeps the noise that holds a line break, so that the text keeps its
/// lines); nothing else changed.
fn is_replaced(
    data: &[u8],
    once: &[u8],
    found: &[Found],
    mut marker: impl FnMut(&[u8]) -> Vec<u8>,
) -> bool {
    let mut rest = once;
    let mut prev = 0;
    for (i, f) in found.iter().enumerate() {
        let Some(after) = rest.strip_prefix(&data[prev..f.start()]) else {
            return false;
        };
        let Some(after) = after.strip_prefix(&marker(&data[f.token_range()])[..]) else {
            return false;
        };
        let replaced = &data[f.start()..f.glued_end()];
        let next = found.get(i + 1).map_or(data.len(), |n| n.start());
        let between = &data[f.glued_end()..next];
        let lines = replaced.iter().filter(|&&b| b == b'\n').count();
        // The shortest kept text that fits: a subsequence of what was
        // replaced, holding its line breaks, that the text after follows.
        // What must follow: the text up to the next token and its marker,
        // or the rest of the text.
        let mut follow = between.to_vec();
        if let Some(n) = found.get(i + 1) {
            follow.extend(marker(&data[n.token_range()]));
        }
        let kept = (0..=after.len().min(replaced.len())).find(|&k| {
            let kept = &after[..k];
            let follows = after[k..].starts_with(&follow)
                && (i + 1 < found.len() || after.len() - k == between.len());
            follows
                && kept.iter().filter(|&&b| b == b'\n').count() == lines
                && is_subsequence(kept, replaced)
        });
        let Some(kept) = kept else {
            return false;
        };
        rest = &after[kept..];
        prev = f.glued_end();
    }
    rest == &data[prev..]
}

fn is_subsequence(small: &[u8], big: &[u8]) -> bool {
    let mut big = big.iter();
    small.iter().all(|b| big.any(|c| c == b))
}

/// A reader that hands out its bytes in chunks of the sizes it is given.
struct Chunked<'a> {
    data: &'a [u8],
    rng: Rng,
    max: usize,
}

impl Read for Chunked<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = (1 + self.rng.below(self.max))
            .min(buf.len())
            .min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

/// `data` through `redactor.redact_stream` in reads of random sizes up to
/// `max`, and the tokens it counted.
fn stream_through(redactor: &Redactor, data: &[u8], rng: &mut Rng, max: usize) -> (Vec<u8>, u64) {
    let reader = Chunked {
        data,
        rng: Rng(rng.next() | 1),
        max,
    };
    let mut out = Vec::new();
    let count = redactor
        .redact_stream(reader, &mut out)
        .expect("a Vec does not fail");
    (out, count)
}

/// Target `redact`: any bytes; never a panic.
///
/// - the output is the input with exactly the tokens [`find_tokens`] finds
///   replaced, with what is glued to them up to a delimiter, in every
///   style: no token survives, no other byte changes;
/// - a marker is one bracketed word of `[A-Za-z0-9_:=-]`, and other text in
///   a token's signature changes nothing in it but the fingerprint;
/// - idempotent: redacting the output again gives it back unchanged
///   (borrowed, so no token was found in it);
/// - [`RedactingWriter`](usertoken::RedactingWriter) with writes (and
///   flushes) of random sizes and `redact_stream` with reads of random sizes,
///   each in a random style, give exactly the one-shot output, and count the
///   same tokens;
/// - [`scan_reader`]'s pieces concatenate to the input and its tokens are
///   the ones found in the whole text.
pub fn redact(data: &[u8]) {
    let found = tokens(data);
    let mut rng = Rng::seeded(data);
    let mut outputs = Vec::new();
    for style in [Style::Mask, Style::Fingerprint, Style::Summary] {
        let redactor = Redactor::new().style(style);
        let once = redactor.redact_bytes(data);
        assert_eq!(matches!(once, Cow::Borrowed(_)), found.is_empty());
        let expected = is_replaced(data, &once, &found, |token| {
            let marker = redactor.replacement(token);
            assert!(marker.starts_with("[REDACTED-JWT") && marker.ends_with(']'));
            assert!(marker[1..marker.len() - 1]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"_:=-".contains(&b)));
            if style == Style::Mask {
                assert_eq!(marker, "[REDACTED-JWT]");
            }
            if let Some(other) = with_other_last_segment(token) {
                let blank = |m: String| match m.find(":fp=") {
                    Some(at) => format!("{}{}", &m[..at], &m[(at + 20).min(m.len())..]),
                    None => m,
                };
                assert_eq!(
                    blank(redactor.replacement(&other)),
                    blank(marker.clone()),
                    "a token's signature shows in its marker"
                );
            }
            marker.into_bytes()
        });
        assert!(
            expected,
            "the output is not the input with its tokens replaced: {:?} from {:?}",
            String::from_utf8_lossy(&once),
            String::from_utf8_lossy(data)
        );
        // Borrowed exactly when nothing is found (asserted above): no
        // token survives, and a second pass changes nothing.
        let twice = redactor.redact_bytes(&once);
        assert!(
            matches!(twice, Cow::Borrowed(_)),
            "a token survives redaction"
        );

        outputs.push((redactor, once.into_owned()));
    }

    // The streaming paths, each in a style and with chunk sizes of the
    // input's choosing. Every chunk rescans up to 4 KiB held back, so chunks
    // of a byte or a few are for short inputs only.
    let chunk = |rng: &mut Rng| match data.len() {
        0..=1024 => [1, 7, 64, 4096][rng.below(4)],
        _ => [64, 509, 4096][rng.below(3)],
    };
    let (redactor, once) = &outputs[rng.below(outputs.len())];
    let max = chunk(&mut rng);
    let mut written = Vec::new();
    {
        let mut w = redactor.writer(&mut written);
        let mut rest = data;
        while !rest.is_empty() {
            let n = (1 + rng.below(max)).min(rest.len());
            let taken = w.write(&rest[..n]).expect("a Vec does not fail");
            rest = &rest[taken..];
            if rng.below(8) == 0 {
                w.flush().expect("a Vec does not fail");
            }
        }
        w.finish().expect("a Vec does not fail");
    }
    assert!(written == *once, "the writer's output differs from redact");

    let (redactor, once) = &outputs[rng.below(outputs.len())];
    let max = chunk(&mut rng);
    let (streamed, count) = stream_through(redactor, data, &mut rng, max);
    assert_eq!(count, found.len() as u64);
    assert!(
        streamed == *once,
        "redact_stream's output differs from redact"
    );
    // The free function is the default redactor: the summary style.
    assert!(redact_bytes(data) == outputs[2].1);
    if let Ok(text) = std::str::from_utf8(data) {
        let (redactor, once) = &outputs[rng.below(outputs.len())];
        assert_eq!(redactor.redact(text).as_bytes(), &once[..]);
    }

    let mut pieces = Vec::new();
    let mut offsets = Vec::new();
    let reader = Chunked {
        data,
        rng: Rng(rng.next() | 1),
        max: chunk(&mut rng),
    };
    scan_reader(reader, |piece| {
        match piece {
            Piece::Text(text) => pieces.extend_from_slice(text),
            Piece::Token {
                offset,
                kind,
                text,
                glued,
                ..
            } => {
                offsets.push((offset as usize, offset as usize + text.len(), kind));
                pieces.extend_from_slice(text);
                pieces.extend_from_slice(glued);
            }
            _ => {}
        }
        Ok(())
    })
    .expect("the reader does not fail");
    assert!(pieces == data, "the pieces are not the input");
    let whole: Vec<_> = found
        .iter()
        .map(|f| (f.start(), f.end(), f.kind()))
        .collect();
    assert_eq!(offsets, whole);

    // Base64 runs read decoded: streaming still equals one-shot, and no
    // token found without decoding survives.
    let decoding = Redactor::new().style(Style::Mask).decode_base64(true);
    let once = decoding.redact_bytes(data);
    let max = chunk(&mut rng);
    let (decoded_streamed, _) = stream_through(&decoding, data, &mut rng, max);
    assert!(
        decoded_streamed == *once,
        "with base64 decoded, redact_stream's output differs from redact"
    );
    assert!(
        find_tokens(&once[..]).next().is_none(),
        "with base64 decoded, a token survives redaction"
    );

    disguise(data);
}
