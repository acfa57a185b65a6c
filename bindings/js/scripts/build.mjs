// npm run build: the crate for wasm32 (core features only), then
// wasm-bindgen's ESM glue into pkg/.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('..', import.meta.url));
const run = (cmd, args) => execFileSync(cmd, args, { cwd: here, stdio: 'inherit' });

run('cargo', ['build', '--release', '--locked', '--target', 'wasm32-unknown-unknown']);
// The name and producers sections only serve debuggers; without them the
// page stays well under its 600 KB.
run('wasm-bindgen', [
  '--target', 'web',
  '--remove-name-section',
  '--remove-producers-section',
  '--out-dir', 'pkg',
  '--out-name', 'usertoken_js',
  'target/wasm32-unknown-unknown/release/usertoken_js.wasm',
]);
// What wasm-pack does after wasm-bindgen: binaryen's optimiser over the
// module (the features it uses are read from the module itself). It takes
// the module from 430 KB to 403 KB.
run('node_modules/.bin/wasm-opt', [
  '-O3',
  'pkg/usertoken_js_bg.wasm',
  '-o', 'pkg/usertoken_js_bg.wasm',
]);
