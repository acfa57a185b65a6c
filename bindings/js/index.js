// usertoken for Node: the crate compiled to WebAssembly. Every answer comes
// from the crate; this file loads it and adds what only Node has (streams).
import { readFileSync } from 'node:fs';
import { Transform } from 'node:stream';
import * as raw from './pkg/usertoken_js.js';

raw.initSync({
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
// nothing); options with issuers get a redactor of their own.
const redactors = new Map();
function redactorFor(options) {
  const plain = options === undefined || options === null ||
    (typeof options === 'object' && (options.issuers === undefined || options.issuers === null));
  const style = plain ? options?.style : undefined;
  if (plain && (style === undefined || style === null || typeof style === 'string')) {
    const key = style ?? '';
    let redactor = redactors.get(key);
    if (redactor === undefined) {
      redactor = new raw.Redactor(options);
      redactors.set(key, redactor);
    }
    return [redactor, false];
  }
  return [new raw.Redactor(options), true];
}

const asBuffer = (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);

/**
 * The text with every token replaced, as `usertoken redact` writes it: a
 * string for a string, bytes for a Uint8Array; the input itself when
 * nothing was found. Strings cross into WebAssembly as UTF-8 bytes, which
 * Node encodes and decodes natively.
 */
export function redact(text, options) {
  const isText = typeof text === 'string';
  if (!isText && !(text instanceof Uint8Array)) {
    throw new TypeError('text must be a string or a Uint8Array');
  }
  const [redactor, own] = redactorFor(options);
  try {
    const out = redactor.redactBytes(isText ? Buffer.from(text, 'utf8') : text);
    if (out === undefined) return text;
    if (isText) return asBuffer(out).toString('utf8');
    return Buffer.isBuffer(text) ? asBuffer(out) : out;
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
  const push = (stream, out) => {
    if (out.length > 0) stream.push(asBuffer(out));
  };
  return new Transform({
    transform(chunk, _encoding, done) {
      try {
        push(this, redacting.write(chunk));
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
