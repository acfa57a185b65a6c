// The package and the CLI answer alike: the crate's sample token, the fuzz
// seeds (pastes and hostile inputs among them) and the hostile inputs made
// here, through both, with `now` fixed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable, Writable } from 'node:stream';
import * as ut from '../index.js';
import { mayHoldToken } from '../prescreen.js';
import { NOW, hostile, run, sample, seeds, text } from './helpers.js';

const all = seeds('inspect', 'redact', 'roundtrip', 'verify');
const tmp = mkdtempSync(join(tmpdir(), 'usertoken-parity-'));

// Inputs the CLI can take as arguments: UTF-8 without NUL, under the
// kernel's limit for one argument, not `-` (standard input).
const asArgs = (inputs) =>
  inputs.filter((t) => t !== null && !t.includes('\0') && Buffer.byteLength(t) < 100_000 && t !== '-');
const tokens = asArgs([sample, ...all.map(([, , bytes]) => text(bytes)), ...hostile()]);

/** Runs the CLI over the inputs in groups, so that argv stays small. */
function cliOver(inputs, args, split) {
  const out = [];
  let group = [];
  let size = 0;
  const flush = () => {
    if (group.length) out.push(...split(run([...args, '--', ...group]).toString('utf8'), group.length));
    group = [];
    size = 0;
  };
  for (const t of inputs) {
    if (size + Buffer.byteLength(t) > 1_000_000) flush();
    group.push(t);
    size += Buffer.byteLength(t) + 1;
  }
  flush();
  return out;
}
const lines = (s) => s.split('\n').slice(0, -1);

test('there are enough inputs to mean something', () => {
  assert.ok(all.length > 250, `${all.length} seeds`);
  assert.ok(tokens.length > 250, `${tokens.length} inputs`);
});

for (const [name, options, args] of [
  ['plain', { now: NOW }, ['--now', NOW]],
  [
    'link setup and issuers',
    { now: '2022-05-13 22:38:05', sandbox: true, clientId: '0D9B5BF3-97fa-4757-a136-b2a03d171414', userId: 'someone', issuers: { 'argyle-x-sandbox': 'production', 'my-iss': 'staging' } },
    ['--now', '2022-05-13 22:38:05', '--sandbox', 'true', '--client-id', '0D9B5BF3-97fa-4757-a136-b2a03d171414', '--user-id', 'someone', '--issuer', 'argyle-x-sandbox=production', '--issuer', 'my-iss=staging'],
  ],
]) {
  test(`inspect --json equals inspect(), ${name}`, () => {
    // Each input is pasted text: one report per token found in it.
    const cliOut = cliOver(tokens, ['inspect', '--json', ...args], lines);
    const got = tokens.flatMap((t) => ut.inspectAll(t, options));
    assert.equal(cliOut.length, got.length);
    got.forEach((r, i) => assert.deepStrictEqual(r, JSON.parse(cliOut[i]), `report ${i}`));
    tokens.forEach((t) => assert.deepStrictEqual(ut.inspect(t, options), ut.inspectAll(t, options)[0]));
  });

  test(`inspect --summary equals summary(), ${name}`, () => {
    const cliOut = cliOver(tokens, ['inspect', '--summary', ...args], lines);
    assert.equal(tokens.map((t) => ut.summary(t, options)).join('\n'), cliOut.join('\n'));
  });

  test(`inspect equals human(), ${name}`, () => {
    // The CLI puts a blank line between reports; check them one group at a time.
    for (let i = 0; i < tokens.length; i += 40) {
      const group = tokens.slice(i, i + 40);
      const cliOut = run(['inspect', ...args, '--', ...group]).toString('utf8');
      assert.equal(group.map((t) => ut.human(t, options)).join('\n'), cliOut, `inputs from ${i}`);
    }
  });
}

test('a Date, a log timestamp and milliseconds give the CLI answer for the same instant', () => {
  const cliOut = JSON.parse(run(['inspect', '--json', '--now', '1652481485123', sample]).toString());
  for (const now of [new Date(1652481485123), 1652481485123, '2022-05-13 22:38:05,123', '1652481485123']) {
    assert.deepStrictEqual(ut.inspect(sample, { now }), cliOut);
  }
});

test('compare equals the CLI', () => {
  const pick = [sample, ...hostile().slice(9, 16), '', 'garbage'];
  for (const a of pick) {
    for (const b of pick.slice(0, 6)) {
      const cliOut = run(['compare', '--now', NOW, '--', a, b]).toString('utf8');
      const js = ut.compare(a, b, { now: NOW });
      assert.equal(js.text, cliOut);
      assert.equal(js.same_user_and_client, cliOut.startsWith('same user and client'));
    }
  }
});

// Every seed and hostile input as one file each; the CLI redacts and scans
// them in one run, file after file.
const files = [
  ...all.map(([name, path, bytes]) => ({ name, path, bytes })),
  ...hostile().map((t, i) => {
    const path = join(tmp, `hostile-${i}`);
    writeFileSync(path, t);
    return { name: `hostile-${i}`, path, bytes: Buffer.from(t) };
  }),
];
{
  const big = join(tmp, 'big');
  const log = Buffer.from(`${'x'.repeat(3000)} Bearer ${sample} é\n`.repeat(700));
  writeFileSync(big, log);
  files.push({ name: 'big', path: big, bytes: log });
}

test('the pre-screen passes every text the finder finds a token in', () => {
  let held = 0;
  let skipped = 0;
  for (const f of files) {
    const t = text(f.bytes);
    if (t === null) continue;
    // The whole text, each line, and what follows each `e` of a line
    // (where a token could start).
    const pieces = [t];
    for (const line of t.split('\n')) {
      pieces.push(line);
      for (let i = line.indexOf('e'); i > 0; i = line.indexOf('e', i + 1)) pieces.push(line.slice(i));
    }
    for (const piece of pieces) {
      if (ut.findTokens(piece).length > 0) {
        held++;
        assert.ok(mayHoldToken(piece), `${f.name}: the pre-screen missed a token`);
      } else if (!mayHoldToken(piece)) {
        skipped++;
      }
    }
  }
  assert.ok(held > 100 && skipped > 100, `held ${held}, skipped ${skipped}`);
});

for (const style of ['mask', 'fingerprint', 'summary']) {
  test(`redact --style ${style} equals redact(), bytes and strings`, () => {
    const cliOut = run(['redact', '--style', style, ...files.map((f) => f.path)]);
    const js = Buffer.concat(files.map((f) => Buffer.from(ut.redact(new Uint8Array(f.bytes), { style }))));
    assert.ok(cliOut.equals(js), 'bytes differ');
    for (const f of files) {
      const t = text(f.bytes);
      if (t === null) continue;
      const alone = run(['redact', '--style', style, f.path]).toString('utf8');
      assert.equal(ut.redact(t, { style }), alone, f.name);
    }
  });
}

test('redactStream() equals the CLI, in chunks of any size', async () => {
  const cliOut = run(['redact', ...files.map((f) => f.path)]);
  for (const size of [1, 7, 4096, 1 << 20]) {
    const parts = [];
    for (const f of files) {
      const chunks = [];
      for (let i = 0; i < f.bytes.length; i += size) chunks.push(f.bytes.subarray(i, i + size));
      await pipeline(
        Readable.from(chunks),
        ut.redactStream(),
        new Writable({ write(c, _e, done) { parts.push(c); done(); } }),
      );
    }
    assert.ok(Buffer.concat(parts).equals(cliOut), `chunks of ${size}`);
  }
});

test('scan equals the CLI, offsets in UTF-16', () => {
  const cliOut = lines(run(['scan', '--now', NOW, ...files.map((f) => f.path)]).toString('utf8')).map((l) => JSON.parse(l));
  const byFile = new Map(files.map((f) => [f.path, []]));
  for (const o of cliOut) byFile.get(o.file).push(o);
  let compared = 0;
  for (const f of files) {
    const t = text(f.bytes);
    if (t === null) continue;
    const expected = byFile.get(f.path).map(({ file, ...o }) => {
      const before = f.bytes.subarray(0, o.offset).toString('utf8').length;
      const length = f.bytes.subarray(o.offset, o.offset + o.length).toString('utf8').length;
      return { ...o, offset: before, length };
    });
    assert.deepStrictEqual(ut.scan(t, { now: NOW }), expected, f.name);
    compared += expected.length;
  }
  assert.ok(compared > 100, `${compared} tokens compared`);
});

test('the pre-screen passes a token whose header and payload noise breaks early', () => {
  // A zero-width space five characters into each segment: no place is
  // viable, but each run ends where noise begins.
  const broken = sample
    .trim()
    .split('.')
    .map((part) => `${part.slice(0, 5)}\u200b${part.slice(5)}`)
    .join('.');
  const line = `token ${broken} end`;
  assert.ok(mayHoldToken(line));
  const out = ut.redact(line, { style: 'mask' });
  assert.equal(out, 'token [REDACTED-JWT] end');
  assert.equal(out, run(['redact', '--style', 'mask'], line).toString('utf8'));
});
