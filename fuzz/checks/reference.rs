//! A slow model of what the finder finds, written from its rules and
//! sharing none of its code: its own base64 decoder, its own JSON
//! validator (the reader's grammar: standard JSON, objects and arrays
//! nested at most 64 levels, names whose escapes are whole characters),
//! whole text at once, every position tried. The `redact` fuzz target and
//! `tests/scan/properties.rs` judge [`find_tokens`](usertoken::find_tokens)
//! by it.
//!
//! Limits on how far the finder looks are not modelled beyond a token's
//! length: the inputs judged are short.

use usertoken::{TokenKind, DEFAULT_MAX_LEN};

/// One token: start, end, where its glued text ends, kind.
pub type Token = (usize, usize, usize, TokenKind);

/// Every token in `text`, left to right.
pub fn reference(text: &[u8]) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    let mut pos = 0;
    // No token starts before the end of the one before.
    let mut floor = 0;
    while let Some(c) = (pos..text.len()).find(|&i| may_start(text, i)) {
        match run(text, c, floor) {
            Ok(token) => {
                pos = token.1;
                floor = token.1;
                out.push(token);
            }
            Err(end) => pos = end,
        }
    }
    // Glued text stops where the next token starts.
    for k in 1..out.len() {
        let next = out[k].0;
        let prev = &mut out[k - 1];
        prev.2 = prev.2.min(next).max(prev.1);
    }
    out
}

/// Whether a header may start at `i`: base64 of `{` and then whitespace,
/// `"` or `}`.
fn may_start(text: &[u8], i: usize) -> bool {
    let (Some(b'e'), Some(&second), Some(&third)) = (text.get(i), text.get(i + 1), text.get(i + 2))
    else {
        return false;
    };
    match second {
        b'y' => b"ABIJL".contains(&third),
        b'w' => b"klop01".contains(&third),
        b'3' => b"0123".contains(&third),
        _ => false,
    }
}

fn is_url_safe(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// A character of a header or payload: either base64 alphabet.
fn is_seg(b: u8) -> bool {
    is_url_safe(b) || b == b'+' || b == b'/'
}

/// The run of segment characters from `p`.
fn run_end(text: &[u8], p: usize, standard: bool) -> usize {
    let ok = |b: u8| if standard { is_seg(b) } else { is_url_safe(b) };
    p + text[p.min(text.len())..]
        .iter()
        .take_while(|&&b| ok(b))
        .count()
}

/// The run that holds candidate `c`: its token, or where the run ends.
fn run(text: &[u8], c: usize, floor: usize) -> Result<Token, usize> {
    let end = run_end(text, c, true);
    if let Some(token) = wrapped_header(text, c, end) {
        return Ok(token);
    }
    let shape = walk(text, end, true);
    let shortest = [shape.jws.map(|j| j.0), shape.jwe, shape.two]
        .into_iter()
        .flatten()
        .next();
    if shortest.is_none() {
        return Err(end);
    }
    for start in (c..end).filter(|&i| text[i] == b'e') {
        let Some(info) = decode(&text[start..end]).and_then(|json| header(&json)) else {
            continue;
        };
        if let Some(found) = pick(text, start, end, &shape, &info) {
            return Ok(found);
        }
    }
    payload_anchor(text, c, end, floor)
}

/// A header broken over lines: the runs of the next lines joined to the
/// candidate's (at most 512 characters), followed by a dot, decode to a
/// JSON object.
fn wrapped_header(text: &[u8], c: usize, end: usize) -> Option<Token> {
    let mut joined = text[c..end].to_vec();
    let mut p = end;
    while let Some(n) = line_break(text, p) {
        if !text.get(p + n).is_some_and(|&b| is_seg(b)) {
            break;
        }
        let e = run_end(text, p + n, true);
        joined.extend_from_slice(&text[p + n..e]);
        p = e;
        if joined.len() > 512 {
            return None;
        }
    }
    // A header is followed by a dot, on its line or the next.
    let after_break = p + line_break(text, p).unwrap_or(0);
    if p == end || separator(text, p).is_none() && separator(text, after_break).is_none() {
        return None;
    }
    let (start, info) = (c..end).filter(|&i| text[i] == b'e').find_map(|start| {
        let info = decode(&joined[start - c..]).and_then(|json| header(&json))?;
        Some((start, info))
    })?;
    let shape = walk(text, p, true);
    pick(text, start, p, &shape, &info)
}

/// The token a header from `start` to `end` begins: `None` when there is
/// none from there.
fn pick(text: &[u8], start: usize, end: usize, shape: &Walk, info: &Header) -> Option<Token> {
    {
        let fits = |e: usize| e - start <= DEFAULT_MAX_LEN;
        let pick = match (shape.jwe, shape.jws, shape.two) {
            (Some(jwe), _, _) if info.enc && fits(jwe) => Some((jwe, TokenKind::Jwe)),
            (_, Some((jws, kind)), _) if fits(jws) => Some((jws, kind)),
            (Some(jwe), _, _) if fits(jwe) => Some((jwe, TokenKind::Jwe)),
            (_, _, Some(two)) if info.alg.is_some() && fits(two) => {
                Some((two, TokenKind::Truncated))
            }
            _ => None,
        };
        if let (Some(payload), Some(_)) = (&shape.wrapped, pick) {
            let chars: Vec<u8> = text[payload.clone()]
                .iter()
                .copied()
                .filter(|&b| is_seg(b))
                .collect();
            let object =
                decode(&chars).is_some_and(|json| json.first() == Some(&b'{') && object(&json));
            if !object {
                let plain = walk(text, end, false);
                return match plain.two {
                    Some(two) if info.alg.is_some() && fits(two) => {
                        Some(token(text, start, two, TokenKind::Truncated, info))
                    }
                    _ => None,
                };
            }
        }
        let (e, kind) = pick?;
        Some(token(text, start, e, kind, info))
    }
}

/// A payload after a dot anchors a token whose first segment is damaged.
fn payload_anchor(text: &[u8], c: usize, end: usize, floor: usize) -> Result<Token, usize> {
    let dot = [&b"."[..], b"%2E", b"%2e", b"\\u002e", b"\\u002E"]
        .into_iter()
        .find(|sep| text[..c].ends_with(sep))
        .map(|sep| sep.len())
        .ok_or(end)?;
    // The segment before the dot: its characters and up to two `=`.
    let lowest = floor.max(c.saturating_sub(DEFAULT_MAX_LEN));
    let dot_at = c - dot;
    let mut start = dot_at;
    let mut pad = 0;
    while pad < 2 && start > lowest && text[start - 1] == b'=' {
        start -= 1;
        pad += 1;
    }
    let chars_end = start;
    while start > lowest && is_seg(text[start - 1]) {
        start -= 1;
    }
    if start == chars_end {
        start = dot_at;
    }
    let json = decode(&text[c..end]).ok_or(end)?;
    if json.first() != Some(&b'{') || !object(&json) {
        return Err(end);
    }
    let plain = walk(text, end, false);
    let payload_end = plain.second.ok_or(end)?;
    if payload_end - start > DEFAULT_MAX_LEN {
        return Err(end);
    }
    let none = Header::default();
    Ok(token(text, start, payload_end, TokenKind::Damaged, &none))
}

/// The segments after a first one that ends at `end`.
#[derive(Debug)]
struct Walk {
    jws: Option<(usize, TokenKind)>,
    jwe: Option<usize>,
    two: Option<usize>,
    second: Option<usize>,
    wrapped: Option<std::ops::Range<usize>>,
}

fn separator(text: &[u8], p: usize) -> Option<usize> {
    let rest = &text[p.min(text.len())..];
    [&b"."[..], b"%2E", b"%2e", b"\\u002e", b"\\u002E"]
        .into_iter()
        .find(|sep| rest.starts_with(sep))
        .map(|sep| sep.len())
}

fn line_break(text: &[u8], p: usize) -> Option<usize> {
    let mut q = p;
    if text.get(q) == Some(&b'\r') {
        q += 1;
    }
    if text.get(q) != Some(&b'\n') {
        return None;
    }
    q += 1;
    while q - p < 64 && matches!(text.get(q), Some(b' ' | b'\t' | b'>')) {
        q += 1;
    }
    Some(q - p)
}

/// Up to `most` `=` from `p`.
fn padding(text: &[u8], p: usize, most: usize) -> usize {
    p + text[p.min(text.len())..]
        .iter()
        .take(most)
        .take_while(|&&b| b == b'=')
        .count()
}

/// A segment from `p`: its characters and its end, padding included.
fn segment(text: &[u8], p: usize, standard: bool) -> (usize, usize) {
    let body = run_end(text, p, standard) - p;
    let pad = [0, 0, 2, 1][body % 4];
    (body, padding(text, p + body, pad))
}

fn is_stray(b: u8) -> bool {
    (b' '..0x7F).contains(&b) && !is_seg(b) && !b"\"'`()<>[]{},;&|\\.".contains(&b)
}

fn walk(text: &[u8], end: usize, links: bool) -> Walk {
    // (start, end, characters) of each segment.
    let mut segs: Vec<(usize, usize, usize)> = vec![(0, padding(text, end, 2), 0)];
    let mut saved: Option<Vec<(usize, usize, usize)>> = None;
    let mut stray = false;
    let mut wrapped = false;
    loop {
        let count = segs.len();
        let p = segs[count - 1].1;
        let mut q = p;
        let mut broke = false;
        if links && count < 3 {
            if let Some(n) = line_break(text, q) {
                q += n;
                broke = true;
            }
        }
        if count < 5 {
            if let Some(n) = separator(text, q) {
                q += n;
                if links && count == 1 && !broke {
                    if let Some(n) = line_break(text, q) {
                        q += n;
                        broke = true;
                    }
                }
                if broke {
                    saved.get_or_insert_with(|| segs.clone());
                    wrapped = true;
                }
                let (body, after) = segment(text, q, count < 2);
                segs.push((q, after, body));
                continue;
            }
        }
        if broke && count > 1 && text.get(q).is_some_and(|&b| is_seg(b)) {
            saved.get_or_insert_with(|| segs.clone());
            wrapped = true;
            let (body, after) = segment(text, q, true);
            let last = &mut segs[count - 1];
            last.1 = after;
            last.2 += body;
            continue;
        }
        let next = text.get(p + 1).copied();
        if links
            && !broke
            && !stray
            && count < 3
            && text.get(p).is_some_and(|&b| is_stray(b))
            && (next.is_some_and(is_seg) || separator(text, p + 1).is_some())
        {
            saved.get_or_insert_with(|| segs.clone());
            stray = true;
            let (body, after) = segment(text, p + 1, true);
            let last = &mut segs[count - 1];
            last.1 = after;
            last.2 += body;
            continue;
        }
        break;
    }
    if let Some(before) = saved {
        let n = segs.len();
        if n < 3 || stray && segs[2].2 == 0 {
            segs = before;
            stray = false;
            wrapped = false;
        }
    }
    let n = segs.len();
    let body = |i: usize| segs.get(i).map_or(0, |s| s.2);
    let jws = (n >= 3 && (body(1) > 0 || body(2) > 0)).then(|| {
        let kind = if stray {
            TokenKind::Damaged
        } else if body(2) > 0 {
            TokenKind::Jws
        } else {
            TokenKind::Unsigned
        };
        (segs[2].1, kind)
    });
    let jwe = (!stray && n == 5 && (2..5).all(|i| body(i) > 0)).then(|| segs[4].1);
    let jws = jws.filter(|_| body(1) > 0 || jwe.is_none());
    let second = (n >= 2 && body(1) > 0).then(|| segs[1].1);
    Walk {
        jws,
        jwe,
        two: second.filter(|_| n == 2),
        second,
        wrapped: (wrapped && n >= 3).then(|| segs[1].0..segs[1].1),
    }
}

/// A token from `start` to `end`: its signature followed over line
/// breaks, then its glued text.
fn token(text: &[u8], start: usize, end: usize, kind: TokenKind, info: &Header) -> Token {
    let (mut end, mut kind) = (end, kind);
    if matches!(
        kind,
        TokenKind::Jws | TokenKind::Damaged | TokenKind::Unsigned
    ) {
        let (longer, stray) = signature(text, start, end, info.lengths());
        if longer != end {
            kind = match (stray, kind) {
                (true, _) => TokenKind::Damaged,
                (false, TokenKind::Unsigned) => TokenKind::Jws,
                (false, kind) => kind,
            };
        }
        end = longer.min(start + DEFAULT_MAX_LEN);
    }
    (start, end, glued(text, end), kind)
}

/// Where the signature ends, and whether a stray byte was passed over.
fn signature(text: &[u8], start: usize, end: usize, lengths: &[usize]) -> (usize, bool) {
    let mut seen = text[start..end]
        .iter()
        .rev()
        .take_while(|&&b| is_url_safe(b))
        .count();
    let longest = lengths.iter().copied().max().unwrap_or(0);
    let (mut end, mut stray) = (end, false);
    loop {
        let wrapped = text[start..end].contains(&b'\n');
        let short = seen < longest && !lengths.contains(&seen);
        if !(short || wrapped) {
            return (end, stray);
        }
        let (n, broke) = match line_break(text, end) {
            Some(n) => (n, true),
            None => match text.get(end) {
                Some(&b) if !stray && short && (is_stray(b) || b == b'\t') => (1, false),
                _ => return (end, stray),
            },
        };
        let (body, after) = segment(text, end + n, false);
        if body == 0 {
            return (end, stray);
        }
        let completes = lengths.contains(&(seen + body));
        // A line that may begin a header is the next token's, unless it
        // completes the signature with no dot after it.
        if may_start(text, end + n) && (!completes || separator(text, after).is_some()) {
            return (end, stray);
        }
        let taken = if broke {
            let full = line_break(text, after).is_some();
            completes || full && seen + body < longest || same_width(&text[start..end])
        } else {
            completes
        };
        if !taken {
            return (end, stray);
        }
        stray |= !broke;
        seen += body;
        end = after;
    }
}

/// Whether the last line of `inside` is as long as the one before it.
fn same_width(inside: &[u8]) -> bool {
    let breaks: Vec<usize> = (0..inside.len()).filter(|&i| inside[i] == b'\n').collect();
    let [.., before, last] = breaks[..] else {
        return false;
    };
    let cr = last > 0 && inside[last - 1] == b'\r';
    inside.len() - (last + 1) == last - usize::from(cr) - (before + 1)
}

/// Whether the segment at `at` can begin a token: a line break follows it
/// (a wrapped header), or it reads as a header and a separator follows.
fn header_ends(text: &[u8], at: usize) -> bool {
    let (body, after) = segment(text, at, true);
    line_break(text, after).is_some()
        || separator(text, after).is_some()
            && decode(&text[at..at + body])
                .and_then(|json| header(&json))
                .is_some()
}

/// What is glued to a token that ends at `end`: printable ASCII up to a
/// quote, bracket, separator or `.`, and further segments after a `.` or an
/// escaped one unless they can begin a token, at most `DEFAULT_MAX_LEN`,
/// without the `:`, `!` and `?` that end it.
fn glued(text: &[u8], end: usize) -> usize {
    let glue = |b: &u8| (0x21..0x7F).contains(b) && !b"\"'`()<>[]{},;&|\\.".contains(b);
    let limit = (end + DEFAULT_MAX_LEN).min(text.len());
    let mut p = end;
    loop {
        p += text[p..limit]
            .iter()
            .take_while(|b| glue(b) && **b != b'%')
            .count();
        if p >= limit {
            break;
        }
        if text[p] == b'%' {
            let code = text
                .get(p + 1..p + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .filter(|_| text[p + 1].is_ascii_hexdigit() && text[p + 2].is_ascii_hexdigit());
            match code {
                None | Some(0x2B | 0x2F | 0x3D) => {
                    p += 1;
                    continue;
                }
                Some(0x2E) => {}
                Some(_) => break,
            }
        } else if !matches!(text[p], b'.' | b'\\') {
            break;
        }
        let Some(n) = separator(&text[..limit], p) else {
            break;
        };
        if !text
            .get(p + n)
            .is_some_and(|&b| is_url_safe(b) || b == b'+' || b == b'/')
            || may_start(text, p + n) && header_ends(&text[..limit], p + n)
        {
            break;
        }
        p += n;
    }
    let mut glued = p;
    while glued > end && b":!?".contains(&text[glued - 1]) {
        glued -= 1;
    }
    glued
}

/// Base64 of either alphabet, unpadded, any unused bits.
fn decode(chars: &[u8]) -> Option<Vec<u8>> {
    if chars.len() % 4 == 1 {
        return None;
    }
    let value = |b: u8| -> Option<u32> {
        Some(match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for &b in chars {
        acc = acc << 6 | value(b)?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// What the model keeps of a header.
#[derive(Default)]
struct Header {
    enc: bool,
    alg: Option<String>,
}

impl Header {
    fn lengths(&self) -> &'static [usize] {
        match self.alg.as_deref() {
            Some("HS256") => &[43],
            Some("HS384") => &[64],
            Some("HS512" | "ES256" | "EdDSA" | "Ed25519") => &[86],
            Some("ES384") => &[128],
            Some("ES512") => &[176],
            Some("RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512") => {
                &[171, 342, 512, 683]
            }
            _ => &[],
        }
    }
}

/// Reads `json` as a header: an object that starts at its first byte.
fn header(json: &[u8]) -> Option<Header> {
    if json.first() != Some(&b'{') {
        return None;
    }
    let text = std::str::from_utf8(json).ok()?;
    let mut parser = Json {
        b: text.as_bytes(),
        i: 0,
        members: Vec::new(),
    };
    parser.object_text()?;
    let mut header = Header::default();
    for (name, value) in &parser.members {
        if name == "enc" {
            header.enc = true;
        }
        if name == "alg" {
            header.alg = Some(value.clone());
        }
    }
    Some(header)
}

/// Whether `json` is one JSON object (whitespace around it allowed).
fn object(json: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(json) else {
        return false;
    };
    let mut parser = Json {
        b: text.as_bytes(),
        i: 0,
        members: Vec::new(),
    };
    parser.object_text().is_some()
}

/// A recursive-descent JSON validator, depth at most 64.
struct Json<'a> {
    b: &'a [u8],
    i: usize,
    /// The top-level members: name, and a string value's text (or the raw
    /// text of another value).
    members: Vec<(String, String)>,
}

impl Json<'_> {
    fn ws(&mut self) {
        while matches!(self.b.get(self.i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn object_text(&mut self) -> Option<()> {
        self.ws();
        if self.b.get(self.i) != Some(&b'{') {
            return None;
        }
        self.value(1, true)?;
        self.ws();
        (self.i == self.b.len()).then_some(())
    }

    fn value(&mut self, depth: usize, top: bool) -> Option<()> {
        match *self.b.get(self.i)? {
            b'{' => {
                if depth > 64 {
                    return None;
                }
                self.i += 1;
                self.ws();
                if self.b.get(self.i) == Some(&b'}') {
                    self.i += 1;
                    return Some(());
                }
                loop {
                    self.ws();
                    let name = self.string(true)?;
                    self.ws();
                    if self.b.get(self.i) != Some(&b':') {
                        return None;
                    }
                    self.i += 1;
                    self.ws();
                    let at = self.i;
                    let text = if self.b.get(self.i) == Some(&b'"') {
                        Some(self.string(false)?)
                    } else {
                        self.value(depth + 1, false)?;
                        None
                    };
                    if top {
                        let raw = String::from_utf8_lossy(&self.b[at..self.i]).into_owned();
                        self.members.push((name, text.unwrap_or(raw)));
                    }
                    self.ws();
                    match self.b.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return Some(());
                        }
                        _ => return None,
                    }
                }
            }
            b'[' => {
                if depth > 64 {
                    return None;
                }
                self.i += 1;
                self.ws();
                if self.b.get(self.i) == Some(&b']') {
                    self.i += 1;
                    return Some(());
                }
                loop {
                    self.ws();
                    self.value(depth + 1, false)?;
                    self.ws();
                    match self.b.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Some(());
                        }
                        _ => return None,
                    }
                }
            }
            b'"' => self.string(false).map(|_| ()),
            b't' => self.word(b"true"),
            b'f' => self.word(b"false"),
            b'n' => self.word(b"null"),
            _ => self.number(),
        }
    }

    fn word(&mut self, w: &[u8]) -> Option<()> {
        self.b[self.i..].starts_with(w).then(|| self.i += w.len())
    }

    fn number(&mut self) -> Option<()> {
        let digits = |s: &mut Self| {
            let n = s.b[s.i..].iter().take_while(|b| b.is_ascii_digit()).count();
            s.i += n;
            n
        };
        if self.b.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        match self.b.get(self.i)? {
            b'0' => self.i += 1,
            b'1'..=b'9' => {
                digits(self);
            }
            _ => return None,
        }
        if self.b.get(self.i) == Some(&b'.') {
            self.i += 1;
            if digits(self) == 0 {
                return None;
            }
        }
        if matches!(self.b.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.b.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if digits(self) == 0 {
                return None;
            }
        }
        Some(())
    }

    /// A string; its text with escapes undone. A name's escapes must be
    /// whole characters (no half of a surrogate pair); a value's may not.
    fn string(&mut self, name: bool) -> Option<String> {
        if self.b.get(self.i) != Some(&b'"') {
            return None;
        }
        self.i += 1;
        let mut units: Vec<u16> = Vec::new();
        loop {
            let b = *self.b.get(self.i)?;
            match b {
                b'"' => {
                    self.i += 1;
                    return match String::from_utf16(&units) {
                        Ok(s) => Some(s),
                        Err(_) if !name => Some(String::from_utf16_lossy(&units)),
                        Err(_) => None,
                    };
                }
                b'\\' => {
                    let e = *self.b.get(self.i + 1)?;
                    self.i += 2;
                    let unit = match e {
                        b'"' => 0x22,
                        b'\\' => 0x5C,
                        b'/' => 0x2F,
                        b'b' => 0x08,
                        b'f' => 0x0C,
                        b'n' => 0x0A,
                        b'r' => 0x0D,
                        b't' => 0x09,
                        b'u' => {
                            let hex = std::str::from_utf8(self.b.get(self.i..self.i + 4)?).ok()?;
                            if !hex.bytes().all(|h| h.is_ascii_hexdigit()) {
                                return None;
                            }
                            self.i += 4;
                            u16::from_str_radix(hex, 16).ok()?
                        }
                        _ => return None,
                    };
                    units.push(unit);
                }
                0..=0x1F => return None,
                _ => {
                    // One UTF-8 character (the text is UTF-8).
                    let len = match b {
                        0..=0x7F => 1,
                        0xC0..=0xDF => 2,
                        0xE0..=0xEF => 3,
                        _ => 4,
                    };
                    let ch = std::str::from_utf8(self.b.get(self.i..self.i + len)?).ok()?;
                    units.extend(ch.encode_utf16());
                    self.i += len;
                }
            }
        }
    }
}
