// usertoken for Node: the crate compiled to WebAssembly. Every answer comes
// from the crate; this file loads it and adds what only Node has (streams).
import { readFileSync } from 'node:fs';
import { Transform } from 'node:stream';
import * as raw from './pkg/usertoken_js.js';
import { mayHoldToken } from './prescreen.js';

const wasm = raw.initSync({
  module: new WebAssembly.Module(
    readFileSync(new URL('./pkg/usertoken_js_bg.wasm', import.meta.url)),
  ),
});

export const { inspect, human, summary, compare, findTokens, scan } = raw;

/** Every report of pasted text, one per token; `paste` reads it whole as `inspect --paste`. */
export function inspectAll(text, options, paste = false) {
  return raw.inspectAll(text, options, paste === true);
}

// One redactor per style, made on first use (a bad style throws and caches
// nothing); options with issuers get a redactor of their own. redact() is
// called once per log line, so the last style used is looked up first and
// nothing is allocated on the way.
const redactors = new Map();
let lastKey;
let lastRedactor;
/** The cached redactor for `options`, or undefined when they need their own. */
function cachedRedactor(options) {
  let style;
  if (options !== undefined && options !== null) {
    if (typeof options !== 'object' || (options.issuers !== undefined && options.issuers !== null)) return undefined;
    style = options.style;
  }
  if (style !== undefined && style !== null && typeof style !== 'string') return undefined;
  const key = style ?? '';
  if (key === lastKey) return lastRedactor;
  let redactor = redactors.get(key);
  if (redactor === undefined) {
    redactor = new raw.Redactor(options);
    redactors.set(key, redactor);
  }
  lastKey = key;
  lastRedactor = redactor;
  return redactor;
}

const asBuffer = (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);

// The module's memory as a Buffer, taken afresh when it has grown (growing
// detaches the old ArrayBuffer).
let memoryView = Buffer.alloc(0);
function memory() {
  if (memoryView.buffer !== wasm.memory.buffer) memoryView = Buffer.from(wasm.memory.buffer);
  return memoryView;
}

const encoder = new TextEncoder();

/** Writes `text` as UTF-8 into the redactor's room: how many bytes it took. */
function encodeInto(redactor, text) {
  // Most logs are ASCII: one byte per code unit is tried first; the rest,
  // when there is more, at up to three bytes per code unit.
  let at = redactor.room(text.length);
  let { read, written } = encoder.encodeInto(text, memory().subarray(at, at + text.length));
  if (read < text.length) {
    const rest = text.length - read;
    at = redactor.room(written + 3 * rest);
    const more = encoder.encodeInto(text.slice(read), memory().subarray(at + written, at + written + 3 * rest));
    written += more.written;
  }
  return written;
}

/**
 * The text with every token replaced, as `usertoken redact` writes it: a
 * string for a string, bytes for a Uint8Array; the input itself when
 * nothing was found. A string is encoded straight into the module's memory
 * and the result decoded straight out of it; bytes are copied in once and
 * the result copied out once.
 */
export function redact(text, options) {
  const isText = typeof text === 'string';
  if (!isText && !(text instanceof Uint8Array)) {
    throw new TypeError('text must be a string or a Uint8Array');
  }
  const cached = cachedRedactor(options);
  const own = cached === undefined;
  const redactor = own ? new raw.Redactor(options) : cached;
  if (isText && !mayHoldToken(text)) {
    if (own) redactor.free();
    return text;
  }
  try {
    let len;
    if (isText) {
      len = encodeInto(redactor, text);
    } else {
      len = text.length;
      const at = redactor.room(len);
      memory().set(text, at);
    }
    const n = redactor.run(len);
    if (n < 0) return text;
    const at = redactor.output();
    const mem = memory();
    if (isText) return mem.toString('utf8', at, at + n);
    const out = Buffer.isBuffer(text) ? Buffer.allocUnsafeSlow(n) : new Uint8Array(n);
    out.set(mem.subarray(at, at + n));
    return out;
  } finally {
    if (own) redactor.free();
  }
}

/** A Transform that redacts every token in the bytes piped through it. */
export function redactStream(options) {
  const redacting = new raw.Redacting(options);
  let freed = false;
  const free = () => {
    if (!freed) {
      freed = true;
      redacting.free();
    }
  };
  // What the module gives back is copied out of its memory, which the
  // next chunk reuses.
  const push = (stream, n) => {
    if (n === 0) return;
    const at = redacting.output();
    const out = Buffer.allocUnsafeSlow(n);
    out.set(memory().subarray(at, at + n));
    stream.push(out);
  };
  const write = (chunk) => {
    const at = redacting.room(chunk.length);
    memory().set(chunk, at);
    return redacting.write(chunk.length);
  };
  return new Transform({
    transform(chunk, _encoding, done) {
      try {
        push(this, write(chunk));
        done();
      } catch (e) {
        done(e);
      }
    },
    flush(done) {
      try {
        push(this, redacting.finish());
        free();
        done();
      } catch (e) {
        done(e);
      }
    },
    destroy(error, done) {
      free();
      done(error);
    },
  });
}
