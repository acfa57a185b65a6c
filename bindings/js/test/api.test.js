// The package's own surface: what it takes, what it throws, UTF-16 offsets,
// and that no input traps the WebAssembly instance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ut from '../index.js';
import { NOW, hostile, sample, seeds, text, token } from './helpers.js';

const signature = sample.split('.')[2];

test('inspect returns the report object', () => {
  const r = ut.inspect(`Bearer ${sample}`, { now: NOW });
  assert.equal(r.fingerprint, '702a866402c991f1');
  assert.equal(r.environment, 'production');
  assert.equal(r.claims.user_id, '017f8978-bbfd-ff64-18ce-d59f99bf51c2');
  assert.equal(r.expired, true);
  assert.equal(r.signature, 'not-checked');
  assert.ok(r.diagnostics.some((d) => d.code === 'input-cleaned'));
  assert.ok(ut.human(sample, { now: NOW }).startsWith('production user token for user 017f8978'));
  assert.match(ut.summary(sample, { now: NOW }), /^environment production, .*fingerprint 702a866402c991f1$/);
});

test('an unreadable token is a report with an error, not a throw', () => {
  const r = ut.inspect('not.a.token', { now: NOW });
  assert.equal(r.claims, null);
  assert.equal(typeof r.error.message, 'string');
});

test('wrong arguments throw TypeError or RangeError with the crate message, never the value', () => {
  const cases = [
    [() => ut.inspect(42), TypeError, 'token must be a string'],
    [() => ut.inspect(undefined), TypeError, 'token must be a string'],
    [() => ut.inspect(sample, 5), TypeError, 'options must be an object'],
    [() => ut.inspect(sample, { now: `not a time ${sample}` }), RangeError, 'now: expected unix seconds or milliseconds, RFC 3339, or YYYY-MM-DD HH:MM:SS'],
    [() => ut.inspect(sample, { now: new Date(NaN) }), RangeError, 'now is not a valid time'],
    [() => ut.inspect(sample, { now: 1e300 }), RangeError, 'now is out of range'],
    [() => ut.inspect(sample, { now: {} }), TypeError, 'now must be a Date, a string or a number of milliseconds'],
    [() => ut.inspect(sample, { now: NOW, sandbox: 'yes' }), TypeError, 'sandbox must be a boolean'],
    [() => ut.inspect(sample, { now: NOW, clientId: 7 }), TypeError, 'clientId must be a string'],
    [() => ut.inspect(sample, { now: NOW, maxLen: -1 }), RangeError, 'maxLen must be a whole number of bytes'],
    [() => ut.inspect(sample, { now: NOW, issuers: { [sample]: `nowhere ${sample}` } }), RangeError, /^issuers: /],
    [() => ut.inspect(sample, { now: NOW, issuers: { '': 'sandbox' } }), RangeError, 'issuers: the issuer name is empty'],
    [() => ut.inspect(sample, { now: NOW, issuers: [] }), TypeError, /^issuers must be an object/],
    [() => ut.redact(sample, { style: sample }), RangeError, 'style: expected one of mask, fingerprint, summary'],
    [() => ut.redact(5), TypeError, 'text must be a string or a Uint8Array'],
    [() => ut.findTokens(null), TypeError, 'text must be a string'],
    [() => ut.scan([sample]), TypeError, 'text must be a string'],
    [() => ut.compare(sample, 1), TypeError, 'b must be a string'],
  ];
  for (const [f, type, message] of cases) {
    assert.throws(f, (e) => {
      assert.ok(e instanceof type, `${e}`);
      if (message instanceof RegExp) assert.match(e.message, message);
      else assert.equal(e.message, message);
      assert.ok(!e.message.includes(signature.slice(0, 12)) && !String(e.stack).includes(signature.slice(0, 12)));
      return true;
    });
  }
  // A throwing getter throws its own error and leaves the module working.
  const boom = new Error('boom');
  assert.throws(() => ut.inspect(sample, { get now() { throw boom; } }), (e) => e === boom);
  assert.equal(ut.inspect(sample, { now: NOW }).fingerprint, '702a866402c991f1');
});

test('findTokens counts in UTF-16 code units', () => {
  const prefix = 'é𝄞 日本 ';
  const s = `${prefix}Bearer ${sample}, then ${sample}+/x!`;
  const spans = ut.findTokens(s);
  assert.equal(spans.length, 2);
  assert.equal(s.slice(spans[0].start, spans[0].end), sample);
  assert.equal(s.slice(spans[1].start, spans[1].end), sample);
  assert.equal(s.slice(spans[1].end, spans[1].glued_end), '+/x');
  assert.equal(spans[0].kind, 'jws');
  // Redacting by hand with the spans gives what redact gives.
  let manual = '';
  let at = 0;
  for (const sp of spans) {
    manual += s.slice(at, sp.start) + '[REDACTED-JWT]';
    at = sp.glued_end;
  }
  manual += s.slice(at);
  assert.equal(ut.redact(s, { style: 'mask' }), manual);
  const found = ut.scan(s, { now: NOW });
  assert.deepEqual(found.map((f) => [f.offset, f.length]), spans.map((sp) => [sp.start, sp.end - sp.start]));
  assert.equal(found[0].line, 1);
  // A lone surrogate is one code unit, as its replacement is.
  const lone = `\ud800 ${sample}`;
  assert.equal(ut.findTokens(lone)[0].start, 2);
});

test('redact returns the input itself when nothing was found', () => {
  const s = 'nothing to see '.repeat(10);
  assert.equal(ut.redact(s), s);
  const b = new Uint8Array([0xff, 0xfe, 0x41]);
  assert.equal(ut.redact(b), b);
  assert.equal(ut.redact(`a ${sample} b`, { style: 'mask' }), 'a [REDACTED-JWT] b');
});

test('no input traps the instance, and nothing leaks the signature', () => {
  const inputs = [...hostile(), ...seeds('inspect', 'redact').map(([, , b]) => text(b)).filter((t) => t !== null)];
  inputs.push('x'.repeat(10 << 20), `${'ey'.repeat(1 << 20)}`, `${b64ish()}`);
  for (const t of inputs) {
    for (const f of [ut.inspect, ut.human, ut.summary]) f(t, { now: NOW });
    ut.redact(t);
    ut.findTokens(t);
    ut.scan(t, { now: NOW });
    ut.compare(t, sample, { now: NOW });
    ut.inspect(t, { now: NOW, maxLen: 1 << 30 });
  }
  const canary = 'Q2FuYXJ5U2lnbmF0dXJlLTEyMzQ1Njc4OQ';
  const t = token({ sub: 'u', user_id: 'u' }, undefined, canary);
  const shown = [JSON.stringify(ut.inspect(t, { now: NOW })), ut.human(t, { now: NOW }), ut.summary(t, { now: NOW }), JSON.stringify(ut.scan(t, { now: NOW })), ut.redact(t), ut.compare(t, t, { now: NOW }).text].join('\n');
  for (let i = 0; i + 12 <= canary.length; i++) assert.ok(!shown.includes(canary.slice(i, i + 12)));
});

function b64ish() {
  return `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from('{"a":1}').toString('base64url')}.`.repeat(20_000);
}
