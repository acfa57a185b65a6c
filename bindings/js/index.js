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

export const { inspect, human, summary, compare, redact, findTokens, scan } = raw;

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
    if (out.length > 0) {
      stream.push(Buffer.from(out.buffer, out.byteOffset, out.length));
    }
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
