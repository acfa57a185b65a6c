import type { RedactOptions } from './index.js';

/** A winston format (an object with `transform`), best last in `format.combine`. */
export function redactFormat(options?: RedactOptions): {
  options: object;
  transform(info: Record<string | symbol, unknown>): Record<string | symbol, unknown>;
};
