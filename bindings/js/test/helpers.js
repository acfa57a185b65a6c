// Shared by the tests: the repository's files, the CLI, and token makers.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const root = fileURLToPath(new URL('../../../', import.meta.url));
export const NOW = '2026-11-21T00:00:00Z';
export const sample = readFileSync(join(root, 'samples/user-token.jwt'), 'utf8').trim();

/** The CLI to compare with: $USERTOKEN_CLI, else the debug build. */
export const cli = process.env.USERTOKEN_CLI ?? join(root, 'target/debug/usertoken');
if (!existsSync(cli)) {
  throw new Error(`no CLI at ${cli}: run \`cargo build --bin usertoken\` in ${root}`);
}

/** Runs the CLI; its standard output as a Buffer, whatever the exit status. */
export function run(args, input) {
  const r = spawnSync(cli, args, { input, maxBuffer: 1 << 30 });
  if (r.error) throw r.error;
  if (r.status === 2 && r.stdout.length === 0) {
    throw new Error(`usertoken ${args[0]}: usage error: ${r.stderr}`);
  }
  return r.stdout;
}

/** Every seed of fuzz/seeds/<target>/, as [name, bytes]. */
export function seeds(...targets) {
  return targets.flatMap((t) => {
    const dir = join(root, 'fuzz/seeds', t);
    return readdirSync(dir)
      .sort()
      .map((name) => [`${t}/${name}`, join(dir, name), readFileSync(join(dir, name))]);
  });
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** The text of bytes when they are UTF-8, else null. */
export function text(bytes) {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

export const b64 = (s) => Buffer.from(s).toString('base64url');
/** A compact JWS of a header and claims (objects or raw JSON text). */
export function token(claims, header = { alg: 'HS256', typ: 'JWT' }, signature = 'c2lnbmF0dXJlLXRleHQtaGVyZQ') {
  const j = (v) => (typeof v === 'string' ? v : JSON.stringify(v));
  return `${b64(j(header))}.${b64(j(claims))}.${signature}`;
}

/** Hostile inputs made here, beside the seeds: floods, depth, odd claims. */
export function hostile() {
  const now = 1_700_000_000;
  return [
    '',
    ' ',
    '.',
    '..',
    '.'.repeat(70_000),
    'a.'.repeat(40_000),
    'ey'.repeat(30_000),
    `${b64('{"alg":"HS256"}')}.${b64('['.repeat(100_000))}.c2ln`,
    `${b64('{"alg":"HS256"}')}.${b64('{"a":'.repeat(20_000))}.c2ln`,
    token({ sub: '<img src=x onerror=alert(1)>', user_id: '\u202eevil\u0000\u001b[31m', iss: 'argyle-x-sandbox' }),
    token({ exp: '1652481485', iat: 1.5, nbf: 1e309 }),
    token('{"exp":18446744073709551615,"iat":-1,"sub":"a","sub":"b"}'),
    token({ exp: now * 1000, iat: now, client_id: 'x', user_id: 'y' }),
    token({ sub: 'u' }, { alg: 'none' }, ''),
    token({ sub: 'u' }, { alg: 'HS256', jku: 'https://evil.example/k', x5u: 'http://x', kid: '../../etc/passwd', crit: ['b64'] }),
    `Bearer ${sample}`,
    `Authorization: bearer ${sample}`,
    `userToken: '${sample}'`,
    `{"user_token": "${sample}"}`,
    `userToken=${sample}&sandbox=true`,
    `"${sample}"`,
    `\ufeff${sample}`,
    sample.replace(/-/g, '+').replace(/_/g, '/') + '==',
    sample.slice(0, 100) + '\n' + sample.slice(100),
    `${sample}.extra.segments`,
    sample.split('.').slice(0, 2).join('.'),
    `${sample.split('.')[0]}..${sample.split('.')[2]}`,
    'é'.repeat(10) + sample + '𝄞',
    '\u0000\u0001\u0002',
    'x'.repeat(65_537),
  ];
}
