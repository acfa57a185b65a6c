//! The `usertoken` crate for JavaScript: a small surface of functions that
//! take and return plain JS values, compiled to WebAssembly with
//! wasm-bindgen. Everything they answer comes from the crate; this file only
//! reads options, converts offsets to UTF-16 and hands values across.
//!
//! Two rules shape it. Time is a parameter: `now` comes from the caller (a
//! `Date`, a string as the CLI's `--now` takes it, or milliseconds), and
//! when absent from JavaScript's own `Date.now()` — never from the crate's
//! clock, which panics on `wasm32-unknown-unknown`. And nothing may trap: a
//! panic on wasm aborts the instance, so bad options are thrown as
//! `TypeError` / `RangeError` before the crate is called, and the crate
//! itself does not panic on any input.
#![deny(missing_docs)]

mod options;
mod utf16;

use std::borrow::Cow;
use std::cell::RefCell;
use std::cmp::Ordering;
use std::io::Write;

use js_sys::{Array, Uint8Array, JSON};
use serde::Serialize;
use usertoken::{find_tokens, scan_findings, HeaderCache, RedactingWriter, Report, TokenKind};
use wasm_bindgen::prelude::*;

use crate::options::{text, type_error, Options};
use crate::utf16::Utf16;

type Result<T> = std::result::Result<T, JsValue>;

/// Plain JS values out: `null` for `None`, objects for structs.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|_| type_error("a value could not be converted to JavaScript"))
}

/// The reports of one input as pasted text, as the CLI makes them for one
/// argument: one for a token by itself, one per token found in other text;
/// with `paste`, the text read whole (`inspect --paste`). Never empty.
fn reports(token: &JsValue, options: &JsValue, paste: bool) -> Result<Vec<Report>> {
    let token = text(token, "token")?;
    let options = Options::new(options)?;
    let inspector = options.inspector()?;
    let now = options.now()?;
    Ok(if paste {
        inspector.inspect_snippet(token, now)
    } else {
        // The last header decoded is kept between calls: a service
        // inspecting one token after another decodes their shared header
        // once.
        HEADERS
            .try_with(|headers| match headers.try_borrow_mut() {
                Ok(mut headers) => inspector.inspect_pasted_with(&token, now, &mut headers),
                Err(_) => inspector.inspect_pasted(&token, now),
            })
            .unwrap_or_else(|_| inspector.inspect_pasted(&token, now))
    })
}

thread_local! {
    static HEADERS: RefCell<HeaderCache> = RefCell::new(HeaderCache::new());
}

fn report_js(report: &Report) -> Result<JsValue> {
    let mut json = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = report.write_json(&mut json);
    JSON::parse(&String::from_utf8_lossy(&json))
}

/// The object `usertoken inspect --json` prints, member for member: the
/// crate writes the JSON and `JSON.parse` reads it, so claim values come
/// out exactly as the CLI's line parsed in JavaScript would give them. For
/// text holding several tokens, the first one's (its `source` says how
/// many there are; `inspectAll` gives them all).
#[wasm_bindgen]
pub fn inspect(token: &JsValue, options: &JsValue) -> Result<JsValue> {
    match reports(token, options, false)?.first() {
        Some(report) => report_js(report),
        None => Ok(JsValue::NULL),
    }
}

/// Every report of pasted text, as `usertoken inspect --json` prints one
/// line per token; `paste` reads the text whole as `inspect --paste` does
/// (a Link configuration's `userToken` and `sandbox`).
#[wasm_bindgen(js_name = inspectAll)]
pub fn inspect_all(token: &JsValue, options: &JsValue, paste: bool) -> Result<JsValue> {
    let out = Array::new();
    for report in reports(token, options, paste)? {
        out.push(&report_js(&report)?);
    }
    Ok(out.into())
}

/// The human report, as `usertoken inspect` prints it without colour (the
/// reports of every token in pasted text, a blank line between them).
#[wasm_bindgen]
pub fn human(token: &JsValue, options: &JsValue) -> Result<String> {
    let reports = reports(token, options, false)?;
    let texts: Vec<String> = reports.iter().map(|r| r.human().to_string()).collect();
    Ok(texts.join("\n"))
}

/// The one-line summary, as `usertoken summary` prints it (without the
/// last newline; one line per token of pasted text).
#[wasm_bindgen]
pub fn summary(token: &JsValue, options: &JsValue) -> Result<String> {
    let reports = reports(token, options, false)?;
    let lines: Vec<String> = reports.iter().map(|r| r.summary().to_string()).collect();
    Ok(lines.join("\n"))
}

#[derive(Serialize)]
struct Compared {
    text: String,
    both_readable: bool,
    same_user_and_client: bool,
    same_user: Option<bool>,
    same_client: Option<bool>,
    same_environment: Option<bool>,
    same_token: bool,
    later: Option<&'static str>,
}

/// Two tokens side by side: `text` is what `usertoken compare A B` prints,
/// the other members its answers.
#[wasm_bindgen]
pub fn compare(a: &JsValue, b: &JsValue, options: &JsValue) -> Result<JsValue> {
    let (a, b) = (text(a, "a")?, text(b, "b")?);
    let options = Options::new(options)?;
    let inspector = options.inspector()?;
    let now = options.now()?;
    // Each is pasted text, as for the CLI: the first token found in it.
    let first = |text: &str| {
        let found = inspector.inspect_pasted(text, now).into_iter().next();
        found.unwrap_or_else(|| inspector.inspect(text, now))
    };
    let (a, b) = (first(&a), first(&b));
    let both = a.compare(&b);
    to_js(&Compared {
        text: both.to_string(),
        both_readable: both.both_readable(),
        same_user_and_client: both.same_user_and_client(),
        same_user: both.same_user(),
        same_client: both.same_client(),
        same_environment: both.same_environment(),
        same_token: both.same_token(),
        later: both.issued().map(|o| match o {
            Ordering::Less => "b",
            Ordering::Greater => "a",
            Ordering::Equal => "same",
        }),
    })
}

/// The text with every token replaced, as `usertoken redact --style …`
/// writes it: a string for a string, a `Uint8Array` for bytes (which need
/// not be UTF-8). When nothing was found the input itself is returned.
#[wasm_bindgen]
pub fn redact(input: &JsValue, options: &JsValue) -> Result<JsValue> {
    let redactor = Options::new(options)?.redactor()?;
    if let Some(s) = input.as_string() {
        return Ok(match redactor.redact(&s) {
            Cow::Borrowed(_) => input.clone(),
            Cow::Owned(out) => JsValue::from_str(&out),
        });
    }
    if let Some(bytes) = input.dyn_ref::<Uint8Array>() {
        let bytes = bytes.to_vec();
        return Ok(match redactor.redact_bytes(&bytes) {
            Cow::Borrowed(_) => input.clone(),
            Cow::Owned(out) => Uint8Array::from(&out[..]).into(),
        });
    }
    Err(type_error("text must be a string or a Uint8Array"))
}

#[derive(Serialize)]
struct Span {
    start: usize,
    end: usize,
    glued_end: usize,
    kind: TokenKind,
}

/// Where the tokens in `text` are, in UTF-16 code units as JavaScript
/// strings index: `text.slice(start, end)` is a token and
/// `text.slice(start, glued_end)` what redaction replaces.
#[wasm_bindgen(js_name = findTokens)]
pub fn find_tokens_in(text_value: &JsValue) -> Result<JsValue> {
    let text = text(text_value, "text")?;
    let mut at = Utf16::new(text.as_bytes());
    let spans = Array::new();
    for found in find_tokens(&text) {
        let span = Span {
            start: at.units(found.start()),
            end: at.units(found.end()),
            glued_end: at.units(found.glued_end()),
            kind: found.kind(),
        };
        spans.push(&to_js(&span)?);
    }
    Ok(spans.into())
}

/// Every token in `text`, where it is and whose it is, never its text: the
/// objects `usertoken scan` prints without their `file`, with `offset` and
/// `length` in UTF-16 code units.
#[wasm_bindgen]
pub fn scan(text_value: &JsValue, options: &JsValue) -> Result<JsValue> {
    let text = text(text_value, "text")?;
    let options = Options::new(options)?;
    let inspector = options.inspector()?;
    let now = options.now()?;
    let mut at = Utf16::new(text.as_bytes());
    let found = Array::new();
    let mut failed = None;
    // Reading from a slice cannot fail, and the callback never does.
    let _ = scan_findings(text.as_bytes(), &inspector, now, |finding| {
        let start = usize::try_from(finding.offset()).unwrap_or(usize::MAX);
        let end = start.saturating_add(finding.length());
        let (offset, end) = (at.units(start), at.units(end));
        let finding = finding.in_units(offset as u64, end - offset);
        match to_js(&finding) {
            Ok(v) => {
                found.push(&v);
            }
            Err(e) => failed = Some(e),
        }
        Ok(())
    });
    match failed {
        Some(e) => Err(e),
        None => Ok(found.into()),
    }
}

/// A redactor made once from the options of `redact`, for callers that
/// redact many texts (a log line or a chunk at a time). The text is handed
/// over in the module's own memory, so that JavaScript encodes a string
/// straight into it (`TextEncoder.encodeInto`) or copies bytes once, and
/// reads the redacted text back from it the same way: `room(len)` gives
/// where to write, `run(len)` redacts and `output()` says where the result
/// is. Both buffers are kept between calls.
#[wasm_bindgen(js_name = Redactor)]
pub struct BytesRedactor {
    redactor: usertoken::Redactor,
    input: Vec<u8>,
    output: Vec<u8>,
}

#[wasm_bindgen(js_class = Redactor)]
impl BytesRedactor {
    /// A redactor with the options of `redact` (`style`, `issuers`).
    #[wasm_bindgen(constructor)]
    pub fn new(options: &JsValue) -> Result<BytesRedactor> {
        Ok(BytesRedactor {
            redactor: Options::new(options)?.redactor()?,
            input: Vec::new(),
            output: Vec::new(),
        })
    }

    /// Room for at least `len` bytes of text, keeping what was written
    /// there before: the offset in the module's memory to write them at.
    /// Growing may move it, and any call may grow the memory, so views of
    /// it are taken afresh after each call.
    pub fn room(&mut self, len: usize) -> usize {
        if self.input.len() < len {
            self.input.resize(len, 0);
        }
        self.input.as_mut_ptr() as usize
    }

    /// Redacts the first `len` bytes written into the room: the length of
    /// the redacted text, which [`output`](Self::output) points to, or -1
    /// when the text holds no token.
    pub fn run(&mut self, len: usize) -> isize {
        let text = self.input.get(..len).unwrap_or(&self.input);
        match self.redactor.redact_bytes(text) {
            Cow::Borrowed(_) => -1,
            Cow::Owned(out) => {
                self.output = out;
                isize::try_from(self.output.len()).unwrap_or(isize::MAX)
            }
        }
    }

    /// Where the text redacted by the last [`run`](Self::run) begins.
    pub fn output(&self) -> usize {
        self.output.as_ptr() as usize
    }
}

/// A redacting stream: bytes in, the same bytes with every token replaced
/// out, tokens split across writes found all the same (the crate's
/// `RedactingWriter`). The package's `redactStream()` wraps it in a Node
/// `Transform`. Like `Redactor`, it takes each chunk in a room of the
/// module's memory (`room`, then `write`) and leaves what it gives back
/// there (`output`): one copy in, one copy out, no allocation per chunk.
#[wasm_bindgen]
pub struct Redacting {
    writer: RedactingWriter<Vec<u8>>,
    input: Vec<u8>,
}

#[wasm_bindgen]
impl Redacting {
    /// A stream with the options of `redact` (`style`, `issuers`).
    #[wasm_bindgen(constructor)]
    pub fn new(options: &JsValue) -> Result<Redacting> {
        let redactor = Options::new(options)?.redactor()?;
        Ok(Redacting {
            writer: redactor.writer(Vec::new()),
            input: Vec::new(),
        })
    }

    /// Room for at least `len` bytes of the next chunk: the offset in the
    /// module's memory to write them at.
    pub fn room(&mut self, len: usize) -> usize {
        if self.input.len() < len {
            self.input.resize(len, 0);
        }
        self.input.as_mut_ptr() as usize
    }

    /// Takes the first `len` bytes written into the room: the length of
    /// what is decided so far, redacted, which `output()` points to.
    pub fn write(&mut self, len: usize) -> usize {
        self.writer.get_mut().clear();
        let chunk = self.input.get(..len).unwrap_or(&self.input);
        // Writing into a Vec cannot fail.
        let _ = self.writer.write_all(chunk);
        self.writer.get_ref().len()
    }

    /// Ends the stream: the length of everything held back, redacted,
    /// which `output()` points to.
    pub fn finish(&mut self) -> usize {
        self.writer.get_mut().clear();
        let _ = self.writer.finish();
        self.writer.get_ref().len()
    }

    /// Where the output of the last `write` or `finish` begins.
    pub fn output(&self) -> usize {
        self.writer.get_ref().as_ptr() as usize
    }
}
