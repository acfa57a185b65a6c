// npm run bench: the package beside what a Node user would write instead,
// run side by side in one process and interleaved, reported as ratios of
// medians (this machine is shared; absolute times drift, ratios hold).
//
//   BENCH_MB=100 ROUNDS=5 npm run bench
//
// The log comes from ../../../shared/baselines/gen_logs.py (or $BENCH_LOG).
// Each contestant's output is checked: a broken fast path cannot win.
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, openSync, readSync, closeSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { jwtDecode } from 'jwt-decode';
import { inspect, redact, redactStream } from '../index.js';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const root = here('../../../');
const mb = Number(process.env.BENCH_MB ?? 100);
const rounds = Number(process.env.ROUNDS ?? 5);
const log = process.env.BENCH_LOG ?? `/tmp/usertoken-bench-${mb}.log`;
if (!existsSync(log)) {
  console.log(`generating a ${mb} MB log at ${log}`);
  execFileSync('/usr/bin/python3', [`${root}../shared/baselines/gen_logs.py`, log, `${log}.json`, String(mb)], { stdio: 'inherit' });
}
const cli = process.env.USERTOKEN_CLI ?? `${root}target/release/usertoken`;

// gitleaks' JWT rule, as a JS regex; the delimiter after the token is kept.
const gitleaks = /\b(ey[a-zA-Z0-9]{17,}\.ey[a-zA-Z0-9\/\\_-]{17,}\.(?:[a-zA-Z0-9\/\\_-]{10,}={0,2})?)(?:['|"|\n|\r|\s|`|;]|$)/g;
const regexRedact = (s) => s.replace(gitleaks, (m, t) => `[REDACTED-JWT]${m.slice(t.length)}`);
const mask = { style: 'mask' };

/** Reads the log in 1 MiB chunks cut at the last newline; f maps each piece. */
function chunked(f) {
  const fd = openSync(log, 'r');
  const buf = Buffer.alloc(1 << 20);
  let carry = '';
  let out = 0;
  let tokens = 0;
  for (;;) {
    const n = readSync(fd, buf, 0, buf.length, null);
    if (n === 0) break;
    const s = carry + buf.toString('utf8', 0, n);
    const cut = s.lastIndexOf('\n') + 1;
    carry = s.slice(cut);
    const r = f(s.slice(0, cut));
    out += r.length;
    tokens += r.split('[REDACTED-JWT]').length - 1;
  }
  const r = f(carry);
  closeSync(fd);
  return { out: out + r.length, tokens: tokens + r.split('[REDACTED-JWT]').length - 1 };
}

/** The same 1 MiB chunks, kept as bytes: redact() takes a Buffer as is. */
function chunkedBytes() {
  const fd = openSync(log, 'r');
  const buf = Buffer.alloc(1 << 20);
  let carry = Buffer.alloc(0);
  let out = 0;
  let tokens = 0;
  const count = (b) => {
    let n = 0;
    for (let i = b.indexOf('[REDACTED-JWT]'); i >= 0; i = b.indexOf('[REDACTED-JWT]', i + 1)) n++;
    return n;
  };
  for (;;) {
    const n = readSync(fd, buf, 0, buf.length, null);
    if (n === 0) break;
    const b = Buffer.concat([carry, buf.subarray(0, n)]);
    const cut = b.lastIndexOf(10) + 1;
    carry = b.subarray(cut);
    const r = redact(b.subarray(0, cut), mask);
    out += r.length;
    tokens += count(r);
  }
  const r = redact(carry, mask);
  closeSync(fd);
  return { out: out + r.length, tokens: tokens + count(r) };
}

async function lines(f) {
  let out = 0;
  let tokens = 0;
  for await (const line of createInterface({ input: createReadStream(log), crlfDelay: Infinity })) {
    const r = f(line);
    out += r.length;
    if (r !== line) tokens += r.split('[REDACTED-JWT]').length - 1;
  }
  return { out, tokens };
}

async function stream() {
  let out = 0;
  await pipeline(createReadStream(log, { highWaterMark: 1 << 20 }), redactStream(mask), new Writable({ write(c, _e, d) { out += c.length; d(); } }));
  return { out };
}

function cliRedact() {
  const r = spawnSync('/bin/sh', ['-c', `"${cli}" redact --style mask < "${log}" > /dev/null`]);
  if (r.status !== 0) throw new Error(`usertoken redact failed: ${r.stderr}`);
  return {};
}

const tokens = [...new Set(JSON.parse(readFileSync(`${log}.json`, 'utf8')).tokens)];
const many = Array.from({ length: 200_000 }, (_, i) => tokens[i % tokens.length]);
const NOW = new Date(Date.UTC(2026, 10, 21));
function inspectAll() {
  let n = 0;
  for (const t of many) n += inspect(t, { now: NOW }).claims.user_id.length;
  return { n };
}
function jwtDecodeAll() {
  let n = 0;
  for (const t of many) {
    jwtDecode(t, { header: true });
    n += jwtDecode(t).user_id.length;
  }
  return { n };
}

const groups = [
  ['redact, 1 MiB chunks: regex replace / redact()', () => chunked(regexRedact), () => chunked((s) => redact(s, mask))],
  ['redact, 1 MiB chunks: regex replace on strings / redact() on the bytes', () => chunked(regexRedact), chunkedBytes],
  ['redact, readline: readline+replace / readline+redact()', () => lines(regexRedact), () => lines((s) => redact(s, mask))],
  ['inspect 200 000 tokens: jwt-decode (header+payload) / inspect()', jwtDecodeAll, inspectAll],
];
if (existsSync(cli)) groups.push(['redact, whole stream: CLI redact / redactStream() pipeline', cliRedact, stream]);
else console.log(`no release CLI at ${cli}: build it (cargo build --release) for the stream comparison`);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [name, baseline, ours] of groups) {
  const times = [[], []];
  let check = [];
  for (let r = 0; r < rounds; r++) {
    for (const [i, f] of [baseline, ours].entries()) {
      const t0 = performance.now();
      check[i] = await f();
      times[i].push(performance.now() - t0);
    }
  }
  if (check[0].tokens !== undefined && check[1].tokens !== undefined && check[1].tokens < check[0].tokens) {
    throw new Error(`${name}: redact() replaced fewer tokens (${check[1].tokens}) than the regex (${check[0].tokens})`);
  }
  const ratio = median(times[0]) / median(times[1]);
  console.log(`${name}: ${ratio.toFixed(2)}× (median of ${rounds}; > 1 means the package is faster)${check[1].tokens !== undefined ? `, tokens ${check[0].tokens} / ${check[1].tokens}` : ''}`);
}
