// usertoken for pino: redact every token in each serialized line, by value
// (pino's own `redact` works by path only).
import { redact } from './index.js';

/**
 * The `hooks.streamWrite` of pino: `pino({ hooks: { streamWrite: streamWrite() } })`.
 */
export function streamWrite(options) {
  return (line) => redact(line, options);
}

/**
 * A destination that redacts each line before `dest` gets it:
 * `pino(destination(pino.destination(1)))`.
 */
export function destination(dest = process.stdout, options) {
  // `writable` is how pino tells a stream from an options object.
  const out = {
    writable: true,
    write(line) {
      return dest.write(typeof line === 'string' || line instanceof Uint8Array ? redact(line, options) : line);
    },
  };
  for (const name of ['flush', 'flushSync', 'end', 'reopen']) {
    if (typeof dest[name] === 'function') out[name] = (...args) => dest[name](...args);
  }
  if (typeof dest.on === 'function') out.on = (...args) => (dest.on(...args), out);
  return out;
}
