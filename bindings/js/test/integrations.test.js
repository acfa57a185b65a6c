// usertoken/pino and usertoken/winston against the real libraries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import winston from 'winston';
import { streamWrite, destination } from 'usertoken/pino';
import { redactFormat } from 'usertoken/winston';
import { redact } from 'usertoken';
import { sample } from './helpers.js';

const signature = sample.split('.')[2];
const marker = '[REDACTED-JWT:fp=702a866402c991f1:';

function sink() {
  const lines = [];
  const stream = new Writable({
    write(chunk, _e, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, stream, get text() { return lines.join(''); } };
}

test('pino hooks.streamWrite redacts every serialized line', () => {
  const out = sink();
  const log = pino({ hooks: { streamWrite: streamWrite() } }, out.stream);
  log.info({ req: { headers: { authorization: `Bearer ${sample}` } }, userToken: sample }, `link opened with ${sample}`);
  log.error(new Error(`bad token ${sample}`));
  assert.equal(out.lines.length, 2);
  assert.ok(!out.text.includes(signature));
  assert.ok(!out.text.includes(sample.slice(0, 40)));
  assert.equal(out.lines[0].split(marker).length - 1, 3);
  assert.ok(out.lines[1].split(marker).length - 1 >= 2); // the message and the stack
  for (const line of out.lines) JSON.parse(line); // still JSON
});

test('pino destination() redacts, in the style asked for', () => {
  const out = sink();
  const log = pino(destination(out.stream, { style: 'mask' }));
  log.info({ token: sample }, 'hello');
  assert.equal(JSON.parse(out.lines[0]).token, '[REDACTED-JWT]');
});

test('winston format redacts the finished line when last', () => {
  const out = sink();
  const log = winston.createLogger({
    format: winston.format.combine(winston.format.json(), redactFormat()),
    transports: [new winston.transports.Stream({ stream: out.stream })],
  });
  const meta = { headers: { authorization: `Bearer ${sample}` } };
  log.info(`token ${sample}`, meta);
  assert.ok(!out.text.includes(signature));
  assert.equal(out.text.split(marker).length - 1, 2);
  assert.equal(meta.headers.authorization, `Bearer ${sample}`); // the caller's object untouched
});

test('winston format redacts every string of info when first', () => {
  const out = sink();
  const log = winston.createLogger({
    format: winston.format.combine(redactFormat({ style: 'mask' }), winston.format.simple()),
    transports: [new winston.transports.Stream({ stream: out.stream })],
  });
  const meta = { user: { tokens: [sample, 'x'] } };
  log.warn(`token ${sample}`, meta);
  assert.ok(!out.text.includes(signature));
  assert.match(out.text, /token \[REDACTED-JWT\]/);
  assert.deepEqual(meta.user.tokens, [sample, 'x']);
  assert.equal(redact(out.text), out.text);
});
