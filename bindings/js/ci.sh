#!/usr/bin/env bash
# CI for the npm package (bindings/js) and the offline page (web): installs
# what is missing (the wasm32 target, wasm-bindgen-cli at the version pinned
# in Cargo.lock, Debian's chromium, npm packages from the lockfiles), builds
# both, runs both test suites and lints the binding crate. Run from anywhere.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
start=$SECONDS
step() { printf '\n== %s (%ds)\n' "$*" $((SECONDS - start)); }

step "toolchain"
rustup target add wasm32-unknown-unknown
version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$here/Cargo.lock")"
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $version" ]; then
  # --locked first; when the registry lacks a crate its lockfile names,
  # resolve afresh (the CLI's own version stays pinned).
  cargo install wasm-bindgen-cli --version "=$version" --locked ||
    cargo install wasm-bindgen-cli --version "=$version"
fi
if [ ! -x /usr/bin/chromium ]; then
  apt-get update
  apt-get install -y chromium
fi

step "the CLI the parity test compares with"
(cd "$root" && cargo build --locked --bin usertoken)

step "bindings/js: build and test"
cd "$here"
npm ci --no-audit --no-fund
npm run build
npm test

step "bindings/js: fmt and clippy, host and wasm32"
cargo fmt --check
cargo clippy --locked --all-targets -- -D warnings
cargo clippy --locked --target wasm32-unknown-unknown -- -D warnings

step "web: build and test in chromium"
cd "$root/web"
npm ci --no-audit --no-fund
npm run build
npm test

step "done"
