// The page's own code, appended to wasm-bindgen's glue in one module by
// build.mjs: `inspect`, `human`, `summary`, `compare`, `redact` and
// `__wbg_init` are the glue's. Every value shown is set as text, never HTML.
await __wbg_init({ module_or_path: Uint8Array.from(atob(WASM_BASE64), (c) => c.charCodeAt(0)) });

const $ = (id) => document.getElementById(id);
const el = (tag, cls, text) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
};

/** The options of the inspect panel; throws what the crate throws. */
function options() {
  const o = {};
  const asOf = $('as-of').value.trim();
  o.now = asOf === '' ? new Date() : asOf;
  const sandbox = $('sandbox').value;
  if (sandbox !== '') o.sandbox = sandbox === 'true';
  const clientId = $('client-id').value.trim();
  if (clientId !== '') o.clientId = clientId;
  const userId = $('user-id').value.trim();
  if (userId !== '') o.userId = userId;
  return o;
}

function renderInspect() {
  const token = $('token').value;
  const report = $('report');
  report.replaceChildren();
  $('summary').textContent = '';
  $('copy-summary').disabled = true;
  $('options-error').textContent = '';
  if (token.trim() === '') return;
  let o, r, text, line;
  try {
    o = options();
    r = inspect(token, o);
    text = human(token, o);
    line = summary(token, o);
  } catch (e) {
    $('options-error').textContent = e instanceof Error ? e.message : 'cannot read the options';
    return;
  }
  const worst = r.error || r.diagnostics.some((d) => d.severity === 'error')
    ? 'error'
    : r.diagnostics.some((d) => d.severity === 'warning') ? 'warning' : 'ok';
  const [verdict, ...rest] = text.replace(/\n$/, '').split('\n');
  report.append(el('p', `verdict ${worst}`, verdict));
  const counts = ['error', 'warning', 'info'].map((s) => [s, r.diagnostics.filter((d) => d.severity === s).length]);
  const list = el('ul', 'diagnostics');
  for (const [severity, n] of counts) {
    if (n > 0) list.append(el('li', `sev-${severity}`, `${n} ${severity === 'info' ? 'note' : severity}${n === 1 ? '' : 's'}`));
  }
  if (list.childElementCount) report.append(list);
  report.append(el('pre', 'human', rest.join('\n')));
  $('summary').textContent = line;
  $('copy-summary').disabled = false;
}

function renderCompare() {
  const a = $('token').value;
  const b = $('compare').value;
  const out = $('compare-output');
  if (a.trim() === '' || b.trim() === '') {
    out.textContent = '';
    return;
  }
  try {
    out.textContent = compare(a, b, options()).text;
  } catch (e) {
    out.textContent = e instanceof Error ? e.message : '';
  }
}

function renderRedact() {
  const text = $('redact').value;
  $('redact-output').textContent = text === '' ? '' : redact(text, { style: $('style').value });
  $('copy-redacted').disabled = text === '';
}

/** Copies the text of an element (the summary, the redacted text). */
async function copy(button, source) {
  const text = source.textContent;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const range = document.createRange();
    range.selectNodeContents(source);
    const selection = getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    document.execCommand('copy');
    selection.removeAllRanges();
  }
  const label = button.textContent;
  button.textContent = 'Copied';
  setTimeout(() => (button.textContent = label), 1500);
}

const both = () => {
  renderInspect();
  renderCompare();
};
for (const id of ['token', 'as-of', 'client-id', 'user-id']) $(id).addEventListener('input', both);
$('sandbox').addEventListener('change', both);
$('compare').addEventListener('input', renderCompare);
$('redact').addEventListener('input', renderRedact);
$('style').addEventListener('change', renderRedact);
$('copy-summary').addEventListener('click', () => copy($('copy-summary'), $('summary')));
$('copy-redacted').addEventListener('click', () => copy($('copy-redacted'), $('redact-output')));
document.documentElement.dataset.ready = 'true';
both();
renderRedact();
