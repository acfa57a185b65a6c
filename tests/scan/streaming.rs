//! Streaming with `scan_reader`: the pieces give the input back, Debug shows
//! no token text, an encoded dot cut by a read, a live log handed on a line
//! behind at most.

use super::*;

#[test]
fn scan_reader_pieces_give_the_input_back() {
    let t = token();
    let text = format!("line one\nBearer {t}\n{t},{t}.\nend");
    let mut back = Vec::new();
    let mut tokens = Vec::new();
    scan_reader(text.as_bytes(), |piece| {
        match piece {
            Piece::Text(bytes) => back.extend_from_slice(bytes),
            Piece::Token {
                offset,
                kind,
                text,
                glued,
                ..
            } => {
                tokens.push((offset, kind, text.len()));
                back.extend_from_slice(text);
                back.extend_from_slice(glued);
            }
            _ => unreachable!(),
        }
        Ok(())
    })
    .unwrap();
    assert_eq!(back, text.as_bytes());
    let n = t.len() as u64;
    assert_eq!(
        tokens,
        [
            (16, TokenKind::Jws, t.len()),
            (17 + n, TokenKind::Jws, t.len()),
            (18 + 2 * n, TokenKind::Jws, t.len())
        ]
    );
}

#[test]
fn debug_never_shows_token_text() {
    let t = token();
    let text = format!("Bearer {t}");
    let found = find_tokens(&text).next().unwrap();
    let mut all = format!("{found:?} {:?}", find_tokens(&text));
    scan_reader(text.as_bytes(), |piece| {
        all.push_str(&format!("{piece:?}"));
        Ok(())
    })
    .unwrap();
    for part in t.split('.') {
        assert!(!all.contains(&part[..8]), "{all}");
    }
    assert!(!all.contains("Bearer"));
}

/// A token anchored by its payload, after an encoded dot that a read may
/// cut (`%2` in one read, `e` and the header in the next): the stream
/// keeps the `%2` back and finds the token the whole text holds.
#[test]
fn an_encoded_dot_cut_by_a_read_stays_held() {
    let payload = b64(r#"{"exp":[],"user_id":0}"#);
    for dot in ["%2e", "%2E", "\\u002e"] {
        // The first segment decodes to a claims set, not a header: it
        // anchors a token as its payload, which starts before the dot.
        let text = format!("{dot}{}.{payload} . . g", b64(r#"{"sub":"u"}"#));
        let whole: Vec<_> = find_tokens(text.as_bytes())
            .map(|f| (f.start(), f.end(), f.kind()))
            .collect();
        assert_eq!(whole.len(), 1, "{dot}");
        for cut in 1..text.len() {
            assert_eq!(
                streamed(text.as_bytes(), vec![cut, text.len()]),
                whole,
                "{dot} cut at {cut}"
            );
        }
        for size in 1..8 {
            assert_eq!(
                streamed(text.as_bytes(), vec![size]),
                whole,
                "{dot} in chunks of {size}"
            );
        }
    }
}

/// A live log (`tail -f app.log | usertoken redact`) is handed on as it
/// comes: a line that ends like the start of a header (a header a wrap may
/// have broken) is held back only until the next line says it is not one.
#[test]
fn a_stream_hands_text_on_a_line_behind_at_most() {
    use std::cell::Cell;
    use std::rc::Rc;

    /// Hands out one line a read, and notes how far what was handed on
    /// lags behind what was read, each time more is asked for.
    struct Lines {
        line: &'static [u8],
        left: usize,
        read: usize,
        handed: Rc<Cell<usize>>,
        lag: usize,
    }
    impl std::io::Read for Lines {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            self.lag = self.lag.max(self.read - self.handed.get());
            if self.left == 0 {
                return Ok(0);
            }
            self.left -= 1;
            buf[..self.line.len()].copy_from_slice(self.line);
            self.read += self.line.len();
            Ok(self.line.len())
        }
    }
    let line = b"12:00:01 INFO header eyJhbGciOiJIUzI1NiIsInR5c\n";
    let handed = Rc::new(Cell::new(0));
    let mut reader = Lines {
        line,
        left: 300,
        read: 0,
        handed: handed.clone(),
        lag: 0,
    };
    scan_reader(&mut reader, |piece| {
        if let Piece::Text(text) = piece {
            handed.set(handed.get() + text.len());
        }
        Ok(())
    })
    .unwrap();
    assert_eq!(handed.get(), 300 * line.len());
    assert!(
        reader.lag <= 2 * line.len(),
        "{} bytes held back",
        reader.lag
    );
}
