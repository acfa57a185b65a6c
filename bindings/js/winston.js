// usertoken for winston: a format that redacts every token by value.
import { redact } from './index.js';

const MESSAGE = Symbol.for('message');
const DEPTH = 16;

/**
 * A winston format. Last in `format.combine(…, redactFormat())` it redacts
 * the finished line (`info[Symbol.for('message')]`); anywhere else it
 * redacts every string in `info`, copying nested objects it changes
 * rather than altering the caller's.
 */
export function redactFormat(options) {
  const clean = (value, depth, seen) => {
    if (typeof value === 'string') return redact(value, options);
    if (value === null || typeof value !== 'object' || depth > DEPTH || seen.has(value)) return value;
    seen.add(value);
    if (Array.isArray(value)) {
      let copy = null;
      value.forEach((v, i) => {
        const c = clean(v, depth + 1, seen);
        if (c !== v) (copy ??= value.slice())[i] = c;
      });
      return copy ?? value;
    }
    if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) {
      return value instanceof Error && typeof value.message === 'string'
        ? cleanError(value)
        : value;
    }
    let copy = null;
    for (const [k, v] of Object.entries(value)) {
      const c = clean(v, depth + 1, seen);
      if (c !== v) (copy ??= { ...value })[k] = c;
    }
    return copy ?? value;
  };
  const cleanError = (error) => {
    const message = redact(error.message, options);
    const stack = typeof error.stack === 'string' ? redact(error.stack, options) : error.stack;
    if (message === error.message && stack === error.stack) return error;
    const copy = new Error(message);
    copy.name = error.name;
    copy.stack = stack;
    return copy;
  };
  return {
    options: options ?? {},
    transform(info) {
      if (typeof info[MESSAGE] === 'string') {
        info[MESSAGE] = redact(info[MESSAGE], options);
        return info;
      }
      const seen = new WeakSet([info]);
      for (const [k, v] of Object.entries(info)) {
        const c = clean(v, 1, seen);
        if (c !== v) info[k] = c;
      }
      return info;
    },
  };
}
