import type { RedactOptions } from './index.js';

/** For `pino({ hooks: { streamWrite: streamWrite() } })`. */
export function streamWrite(options?: RedactOptions): (line: string) => string;

/** A destination redacting each line before `dest` (default `process.stdout`) gets it. */
export function destination<D extends { write(line: string): unknown }>(
  dest?: D,
  options?: RedactOptions,
): { write(line: string): unknown; flush?(...args: unknown[]): unknown; flushSync?(): unknown; end?(...args: unknown[]): unknown };
