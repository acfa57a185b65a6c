//! Streams and writers: agreeing with one shot across chunks and the
//! internal buffer, holding back only what may be a token, I/O errors.

use super::*;

#[test]
fn streams_agree_with_one_shot() {
    let t = user_token();
    let text = format!("start {t}\n").repeat(50) + "end";
    let expected = redact(&text).into_owned();
    for chunk in [1, 2, 3, 7, 64, 4096] {
        let reader = Chunked::new(text.as_bytes(), vec![chunk]);
        let mut out = Vec::new();
        let n = Redactor::new().redact_stream(reader, &mut out).unwrap();
        assert_eq!(n, 50);
        assert_eq!(String::from_utf8(out).unwrap(), expected, "chunk {chunk}");

        let mut out = Vec::new();
        let mut w = Redactor::new().writer(&mut out);
        for piece in text.as_bytes().chunks(chunk) {
            w.write_all(piece).unwrap();
        }
        drop(w);
        assert_eq!(String::from_utf8(out).unwrap(), expected, "chunk {chunk}");
    }
}

#[test]
fn tokens_across_the_internal_buffer() {
    let t = user_token();
    // Put a token on each side of the 1 MiB buffer's end, and one inside a
    // line longer than the buffer.
    for before in [(1 << 20) - 100, (1 << 20) - 1, 1 << 20, (1 << 20) + 5] {
        let text = format!("{}\n{t} {}{t}\n", "a".repeat(before), "b".repeat(3 << 20));
        let mut out = Vec::new();
        mask().redact_stream(text.as_bytes(), &mut out).unwrap();
        let expected = format!(
            "{}\n{MASK} {}{MASK}\n",
            "a".repeat(before),
            "b".repeat(3 << 20)
        );
        assert!(out == expected.as_bytes());
    }
}

#[test]
fn long_runs_stream_like_one_shot() {
    let t = user_token();
    // A 3 MB run of base64url text with a token glued to its end, and runs
    // of `eyJ` with dots.
    for text in [
        format!("{}{t}\n", "A".repeat(3 << 20)),
        format!("{}.{t}.x\n", "eyJ".repeat(1 << 20)),
        format!("{}.e30.e30.", "eyJhbGciOiJIUzI1NiJ9.".repeat(100_000)),
    ] {
        let expected = mask().redact(&text).into_owned();
        let mut out = Vec::new();
        mask()
            .redact_stream(
                Chunked::new(text.as_bytes(), vec![65536, 1, 100_000]),
                &mut out,
            )
            .unwrap();
        assert!(out == expected.as_bytes());
        assert!(expected.contains(MASK));
    }
}

#[test]
fn writer_holds_back_only_what_may_be_a_token() {
    let t = user_token();
    let (head, tail) = t.split_at(100);
    let mut out = Vec::new();
    {
        let mut w = mask().writer(&mut out);
        w.write_all(b"INFO token=").unwrap();
        w.write_all(head.as_bytes()).unwrap();
        w.flush().unwrap();
        assert_eq!(w.get_ref().as_slice(), b"INFO token=");
        w.write_all(tail.as_bytes()).unwrap();
        w.write_all(b" done\nnext ").unwrap();
        w.flush().unwrap();
        assert_eq!(
            w.get_ref().as_slice(),
            b"INFO token=[REDACTED-JWT] done\nnext "
        );
        // A token at the very end is written when the stream ends.
        w.write_all(t.as_bytes()).unwrap();
        w.flush().unwrap();
        assert_eq!(w.get_ref().len(), 36);
        w.finish().unwrap();
        assert_eq!(
            w.get_ref().as_slice(),
            b"INFO token=[REDACTED-JWT] done\nnext [REDACTED-JWT]"
        );
    }
    // Dropping finishes too.
    let mut out = Vec::new();
    {
        let mut w = mask().writer(&mut out);
        write!(w, "x {t}").unwrap();
    }
    assert_eq!(out, b"x [REDACTED-JWT]");
}

#[test]
fn writer_reports_inner_errors() {
    struct Broken;
    impl Write for Broken {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::new(io::ErrorKind::BrokenPipe, "gone"))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let mut w = mask().writer(Broken);
    // Records long enough to show the text is not UTF-16: the first is
    // passed on at once (a shorter one would wait for the next bytes).
    assert!(w.write(b"a line\n").is_ok());
    assert_eq!(
        w.write(b"b line\n").unwrap_err().kind(),
        io::ErrorKind::BrokenPipe
    );
    assert!(w.finish().is_err());
}

#[test]
fn read_errors_drop_undecided_bytes() {
    struct FailsAfter<'a>(&'a [u8]);
    impl Read for FailsAfter<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.0.is_empty() {
                return Err(io::Error::other("disk on fire"));
            }
            let n = buf.len().min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }
    let t = user_token();
    let text = format!("ok\nBearer {}", &t[..t.len() - 10]);
    let mut out = Vec::new();
    let err = mask().redact_stream(FailsAfter(text.as_bytes()), &mut out);
    assert!(err.is_err());
    leaks_nothing(&out, &t);
    assert!(out.starts_with(b"ok\nBearer "));
}
