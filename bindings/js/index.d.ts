import type { Transform } from 'node:stream';

export type Environment = 'production' | 'sandbox' | 'staging' | 'development' | 'unknown';
export type Severity = 'error' | 'warning' | 'info';
export type Kind = 'jws' | 'jwe' | 'unsigned' | 'truncated' | 'damaged';
export type Style = 'mask' | 'fingerprint' | 'summary';

/** Options of the functions that judge tokens. */
export interface InspectOptions {
  /**
   * The instant to judge times at: a `Date`, a string as the CLI's `--now`
   * takes it (unix seconds or milliseconds, RFC 3339, `2022-05-13 22:38:05`,
   * log timestamps), or milliseconds since the epoch. Absent: `Date.now()`.
   */
  now?: Date | string | number;
  /** Issuer names mapped to environments, on top of the built-in table. */
  issuers?: Record<string, Exclude<Environment, 'unknown'>>;
  /** Refuse inputs longer than this many bytes (default 65536). */
  maxLen?: number;
  /** The `sandbox` value passed to Link. */
  sandbox?: boolean;
  /** The integrator's client id. */
  clientId?: string;
  /** The user the token was requested for. */
  userId?: string;
}

export interface Diagnostic {
  severity: Severity;
  code: string;
  message: string;
}

/** The object `usertoken inspect --json` prints, member for member. */
export interface Report {
  fingerprint: string | null;
  header: Record<string, unknown> | null;
  claims: Record<string, unknown> | null;
  issuer: string | null;
  environment: Environment | null;
  issued_at: string | null;
  expires_at: string | null;
  not_before: string | null;
  lifetime_seconds: number | null;
  expired: boolean | null;
  expires_in_seconds: number | null;
  diagnostics: Diagnostic[];
  error: { kind: string; message: string; part: string; offset: number | null } | null;
  signature: 'not-checked' | 'missing' | 'damaged' | 'valid' | 'invalid' | 'unsupported' | 'key-mismatch' | 'malformed';
  signature_reason: string | null;
  /** Where in pasted text the token was found (byte offset; place from 1; how many), or null when the input was the token. */
  source: { offset: number; index: number; of: number } | null;
}

export interface Comparison {
  /** What `usertoken compare A B` prints. */
  text: string;
  both_readable: boolean;
  same_user_and_client: boolean;
  same_user: boolean | null;
  same_client: boolean | null;
  same_environment: boolean | null;
  same_token: boolean;
  /** Which was issued later: `'a'`, `'b'`, `'same'` (second), or null. */
  later: 'a' | 'b' | 'same' | null;
}

/** A token in text, in UTF-16 code units (as JavaScript strings index). */
export interface Span {
  start: number;
  end: number;
  /** Where redaction's replacement ends: what is glued to the token goes with it. */
  glued_end: number;
  kind: Kind;
}

/** What `usertoken scan` prints for a token, without `file`; offsets in UTF-16 code units. */
export interface Found {
  offset: number;
  line: number;
  /** From 1, in characters (Unicode code points), as the CLI counts. */
  column: number;
  length: number;
  kind: Kind;
  fingerprint: string;
  issuer: string | null;
  environment: Environment | null;
  user_id: string | null;
  client_id: string | null;
  expires_at: string | null;
  expired: boolean | null;
}

export interface RedactOptions {
  /** `mask`, `fingerprint` or `summary` (the default). */
  style?: Style;
  issuers?: InspectOptions['issuers'];
}

export function inspect(token: string, options?: InspectOptions): Report;
/** Every report of pasted text, one per token found (as `usertoken inspect --json` prints one line each); `paste` reads the text whole as `inspect --paste` does. */
export function inspectAll(text: string, options?: InspectOptions, paste?: boolean): Report[];
export function human(token: string, options?: InspectOptions): string;
export function summary(token: string, options?: InspectOptions): string;
export function compare(a: string, b: string, options?: InspectOptions): Comparison;
/** The text with every token replaced; the input itself when nothing was found. */
export function redact(text: string, options?: RedactOptions): string;
export function redact(text: Uint8Array, options?: RedactOptions): Uint8Array;
export function findTokens(text: string): Span[];
export function scan(text: string, options?: Omit<InspectOptions, 'sandbox' | 'clientId' | 'userId'>): Found[];
/** A Transform redacting every token in the bytes piped through it. */
export function redactStream(options?: RedactOptions): Transform;
