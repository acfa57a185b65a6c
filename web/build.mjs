// npm run build: one self-contained file, dist/usertoken.html — the
// package's WebAssembly inlined as base64, wasm-bindgen's glue and the page
// code in one inline module, styles inline, and a Content-Security-Policy
// that allows exactly those two inline blocks and nothing that connects.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const pkg = here('../bindings/js/pkg/');
const read = (p) => readFileSync(p, 'utf8');

let glue;
try {
  glue = read(`${pkg}usertoken_js.js`);
} catch {
  throw new Error('bindings/js/pkg is missing: run `npm run build` in bindings/js first');
}
// The glue is one ES module without imports; its exports become plain
// declarations of the page's module.
glue = glue
  .replace(/^export (function|class|const|let) /gm, '$1 ')
  .replace(/^export \{[^}]*\};?$/gm, '')
  .replace(/^export default [^;]+;$/gm, '');
if (/^\s*(import|export)\b/m.test(glue)) throw new Error('unexpected import or export left in the glue');

const wasm = readFileSync(`${pkg}usertoken_js_bg.wasm`).toString('base64');
const script = `${glue}\nconst WASM_BASE64 = "${wasm}";\n${read(here('src/page.js'))}`.replaceAll('</script', '<\\/script');
const style = read(here('src/page.css'));
const sha = (s) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
const csp = [
  "default-src 'none'",
  `script-src ${sha(script)} 'wasm-unsafe-eval'`,
  `style-src ${sha(style)}`,
  "img-src 'none'",
  "font-src 'none'",
  "connect-src 'none'",
  "media-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "manifest-src 'none'",
  "form-action 'none'",
  "base-uri 'none'",
].join('; ');
const version = JSON.parse(read(here('../bindings/js/package.json'))).version;
const html = read(here('src/page.html'))
  .replace('__CSP__', csp)
  .replace('__VERSION__', version)
  .replace('__STYLE__', () => style)
  .replace('__SCRIPT__', () => script);

mkdirSync(here('dist'), { recursive: true });
writeFileSync(here('dist/usertoken.html'), html);
const kb = Buffer.byteLength(html) / 1024;
console.log(`dist/usertoken.html: ${kb.toFixed(0)} KiB`);
if (Buffer.byteLength(html) > 620 * 1000) throw new Error(`the page is ${kb.toFixed(0)} KiB, over 620 KB`);
