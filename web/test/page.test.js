// The page in a real browser (Debian's chromium driven by playwright-core),
// opened from file://: what it shows, that it makes no request, that the
// signature never reaches the DOM, that hostile claims stay text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import * as ut from '../../bindings/js/index.js';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const file = here('../dist/usertoken.html');
const url = pathToFileURL(file).href;
const NOW = '2026-11-21T00:00:00Z';
const sample = readFileSync(here('../../samples/user-token.jwt'), 'utf8').trim();
const b64 = (s) => Buffer.from(s).toString('base64url');
const token = (claims, sig) => `${b64('{"alg":"HS256","typ":"JWT"}')}.${b64(JSON.stringify(claims))}.${sig}`;
// Random, so that no fixed text (the inlined wasm's base64) can hold it by chance.
const canary = randomBytes(32).toString('base64url');
const hostile = [
  token({ sub: '<img src=x onerror="window.pwned=1">', user_id: '<script>window.pwned=2</script>', iss: 'argyle-core-auth-sandbox' }, canary),
  token({ user_id: '\u202eevil\u202c', client_id: 'a\u0000b\u001b[31mred\u0007', jti: '\u2066x\u2069' }, canary),
  token({ note: `inner ${sample}` }, canary),
  `Bearer ${token({ exp: '1652481485', iat: 1e309 }, canary)}`,
  `${token({ sub: 'u' }, canary)}==`,
  'not.a.token',
];

let context;
let page;
const requests = [];

const profile = mkdtempSync(join(tmpdir(), 'usertoken-chromium-'));
before(async () => {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
  });
  context.on('request', (r) => requests.push(r.url()));
  page = context.pages()[0] ?? (await context.newPage());
  await page.goto(url);
  await page.waitForSelector('html[data-ready="true"]');
});

after(async () => {
  await context?.close();
  rmSync(profile, { recursive: true, force: true });
});

const byId = (id) => page.getByTestId(id);
async function paste(text, asOf = NOW) {
  await byId('as-of').fill(asOf);
  await byId('token-input').fill(text);
}
const everything = async () => page.evaluate(() => [document.documentElement.outerHTML, document.body.innerText].join('\n'));
function assertNoPiece(shown, signature, what) {
  for (let i = 0; i + 12 <= signature.length; i++) {
    assert.ok(!shown.includes(signature.slice(i, i + 12)), `${what}: a piece of the signature is in the page`);
  }
}

test('the page is one file under 620 KB', () => {
  const size = statSync(file).size;
  assert.ok(size <= 620_000, `${size} bytes`);
  console.log(`# page size: ${(size / 1024).toFixed(0)} KiB`);
});

test('the sample token: verdict first, claims, lifetime, fingerprint; as the package says', async () => {
  await paste(`Bearer ${sample}`);
  const report = await byId('report').innerText();
  const expected = ut.human(`Bearer ${sample}`, { now: NOW });
  assert.equal(report.split('\n')[0], expected.split('\n')[0]);
  assert.match(report, /^production user token for user 017f8978-bbfd-ff64-18ce-d59f99bf51c2, expired 4 years ago, signature not checked/);
  for (const s of ['702a866402c991f1', '2022-05-13T22:38:05Z', 'lives 30 days', '1 hour', 'argyle-core-auth-prod  (production)', 'signature    32 bytes (not shown)']) {
    assert.ok(report.includes(s), s);
  }
  assert.equal(await byId('summary').innerText(), ut.summary(`Bearer ${sample}`, { now: NOW }));
  assertNoPiece(await everything(), sample.split('.')[2], 'sample');
});

test('the as-of field takes log timestamps; a wrong one is said, not thrown', async () => {
  await paste(sample, '2022-05-13 22:38:05,123');
  assert.match(await byId('summary').innerText(), /expired 0 seconds ago as of 2022-05-13T22:38:05Z/);
  await paste(sample, 'yesterday');
  assert.match(await page.locator('#options-error').innerText(), /^now: expected unix seconds/);
  await paste(sample);
});

test('Link setup fields give the mismatch diagnostics', async () => {
  await paste(sample);
  await byId('sandbox').selectOption('true');
  await byId('client-id').fill('11111111-97fa-4757-a136-b2a03d171414');
  await byId('user-id').fill('22222222-bbfd-ff64-18ce-d59f99bf51c2');
  const report = await byId('report').innerText();
  for (const code of ['environment-mismatch', 'client-mismatch', 'user-mismatch']) assert.ok(report.includes(code), code);
  assert.match(await byId('summary').innerText(), /problems .*environment-mismatch/);
  await byId('sandbox').selectOption('');
  await byId('client-id').fill('');
  await byId('user-id').fill('');
  assert.ok(!(await byId('report').innerText()).includes('mismatch'));
});

test('hostile tokens stay text, and their signature never shows', async () => {
  for (const t of hostile) {
    await paste(t);
    const report = await byId('report').innerText();
    assert.equal(report.split('\n')[0], ut.human(t, { now: NOW }).split('\n')[0]);
    assert.equal(await page.evaluate(() => document.querySelectorAll('main img, main script, #report *:not(p,pre,ul,li)').length), 0);
    assert.equal(await page.evaluate(() => window.pwned), undefined);
    assert.ok(!/[\u202e\u202c\u2066\u2069\u0000\u001b\u0007]/.test(report), 'control or bidi character rendered raw');
    assertNoPiece(await everything(), canary, t.slice(0, 30));
  }
  await paste(hostile[0]);
  assert.ok((await byId('report').innerText()).includes('<img src=x onerror='));
});

test('the redact panel and the compare panel', async () => {
  const log = `GET /link?userToken=${sample}&sandbox=true\nAuthorization: Bearer ${token({ sub: 'u' }, canary)}\nplain line\n`;
  const output = () => page.evaluate(() => document.querySelector('[data-testid=redact-output]').textContent);
  await byId('redact-input').fill(log);
  assert.equal(await output(), ut.redact(log));
  await page.getByTestId('redact-style').selectOption('mask');
  assert.equal(await output(), 'GET /link?userToken=[REDACTED-JWT]&sandbox=true\nAuthorization: Bearer [REDACTED-JWT]\nplain line\n');
  await paste(sample);
  await byId('compare-input').fill(`Bearer ${sample}`);
  assert.equal(await page.evaluate(() => document.querySelector('[data-testid=compare-output]').textContent),
    ut.compare(sample, `Bearer ${sample}`, { now: NOW }).text);
  assertNoPiece(await everything(), canary, 'redact');
  assertNoPiece(await everything(), sample.split('.')[2], 'compare');
  await byId('compare-input').fill('');
  await byId('redact-input').fill('');
});

test('Copy puts the summary on the clipboard', async () => {
  await paste(sample);
  await byId('copy-summary').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=copy-summary]').textContent === 'Copied');
});

test('keyboard: Tab reaches the token input first, every control is focusable', async () => {
  const fresh = await context.newPage();
  await fresh.goto(url);
  await fresh.waitForSelector('html[data-ready="true"]');
  await fresh.keyboard.press('Tab');
  assert.equal(await fresh.evaluate(() => document.activeElement?.dataset.testid), 'token-input');
  await fresh.keyboard.insertText(sample);
  const order = [];
  for (let i = 0; i < 12; i++) {
    await fresh.keyboard.press('Tab');
    order.push(await fresh.evaluate(() => document.activeElement?.dataset.testid ?? document.activeElement?.id));
  }
  await fresh.close();
  for (const id of ['as-of', 'sandbox', 'client-id', 'user-id', 'copy-summary', 'compare-input', 'redact-input']) assert.ok(order.includes(id), id);
});

test('the token goes nowhere: not the URL, history, storage, title', async () => {
  const where = () => page.evaluate(() => ({
    url: location.href, history: history.length, title: document.title,
    local: localStorage.length, session: sessionStorage.length, cookie: document.cookie,
    resources: performance.getEntriesByType('resource').length,
  }));
  await paste('');
  const before = await where();
  await paste(sample);
  await byId('compare-input').fill(sample);
  await byId('redact-input').fill(sample);
  assert.deepEqual(await where(), before);
  assert.deepEqual({ ...before, history: 0 }, { url, history: 0, title: 'usertoken — offline inspector', local: 0, session: 0, cookie: '', resources: 0 });
  await byId('compare-input').fill('');
  await byId('redact-input').fill('');
});

test('the report appears within a paste', async () => {
  await paste('');
  const ms = await page.evaluate((t) => {
    const input = document.querySelector('[data-testid=token-input]');
    const times = [];
    for (let i = 0; i < 21; i++) {
      input.value = i % 2 ? '' : t;
      const t0 = performance.now();
      input.dispatchEvent(new Event('input'));
      // Reading a size forces style and layout of the new report, so the
      // time covers inspecting, building and laying it out (not painting).
      void document.querySelector('[data-testid=report]').offsetHeight;
      if (i % 2 === 0) times.push(performance.now() - t0);
    }
    return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
  }, `Bearer ${sample}`);
  console.log(`# report after a paste, laid out: ${ms.toFixed(1)} ms (median of 11, in the page)`);
  assert.ok((await byId('report').innerText()).startsWith('production user token'));
});

// Into dist/screenshots; `SCREENSHOTS=screenshots npm test` refreshes the committed
// ones in web/screenshots, which docs/GUIDE.md shows.
const shots = here(`../${process.env.SCREENSHOTS ?? 'dist/screenshots'}/`);
test('screenshots: light and dark, 360 px and 1280 px; nothing wider than 360 px', async () => {
  await paste(`Bearer ${sample}`);
  await byId('redact-input').fill(`GET /link?userToken=${sample}&sandbox=true`);
  for (const colorScheme of ['light', 'dark']) {
    for (const width of [360, 1280]) {
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize({ width, height: 900 });
      if (width === 360) {
        assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'horizontal scroll at 360 px');
      }
      await page.screenshot({ path: `${shots}${colorScheme}-${width}.png`, fullPage: true });
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('served by a static server it works the same, and still makes no other request', async () => {
  const html = readFileSync(file);
  const server = createServer((req, res) => {
    res.writeHead(req.url === '/' ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(req.url === '/' ? html : '');
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const served = `http://127.0.0.1:${server.address().port}/`;
  const p = await context.newPage();
  await p.goto(served);
  await p.waitForSelector('html[data-ready="true"]');
  await p.getByTestId('as-of').fill(NOW);
  await p.getByTestId('token-input').fill(sample);
  assert.match(await p.getByTestId('report').innerText(), /^production user token/);
  await p.close();
  await new Promise((ok) => server.close(ok));
  assert.deepEqual(requests.filter((r) => r !== url), [served]);
});

test('zero requests from file://: only the page itself was loaded', () => {
  assert.deepEqual([...new Set(requests.filter((r) => r.startsWith('file:')))], [url]);
  assert.ok(requests.every((r) => r === url || r.startsWith('http://127.0.0.1:')), requests.join(' '));
});
