// npm run build: the crate for wasm32 (core features only), then
// wasm-bindgen's ESM glue into pkg/.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('..', import.meta.url));
const run = (cmd, args) => execFileSync(cmd, args, { cwd: here, stdio: 'inherit' });

run('cargo', ['build', '--release', '--locked', '--target', 'wasm32-unknown-unknown']);
run('wasm-bindgen', [
  '--target', 'web',
  '--out-dir', 'pkg',
  '--out-name', 'usertoken_js',
  'target/wasm32-unknown-unknown/release/usertoken_js.wasm',
]);
