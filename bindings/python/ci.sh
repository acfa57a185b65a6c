#!/usr/bin/env bash
# The Python package's CI: in a fresh virtualenv, install the pinned tools
# (requirements-ci.txt), build and install the package from this folder the
# way a user would (`pip install ./bindings/python`), build the CLI that the
# tests take as their oracle, and run the pytest suite (Spark in local[2]).
#
# Environment: PYTHON (default python3, >= 3.9), USERTOKEN_VENV (where to
# make the virtualenv; default a fresh temporary folder), USERTOKEN_CLI (an
# already built `usertoken` binary to use as the oracle instead of building
# one). Needs Rust (cargo), Java 17 for Spark, and the package index.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
python="${PYTHON:-python3}"
venv="${USERTOKEN_VENV:-$(mktemp -d)/venv}"
start=$SECONDS

step() { printf '\n== %s (%ds)\n' "$*" "$((SECONDS - start))"; }

step "virtualenv in $venv"
"$python" -m venv "$venv"
# maturin, called by pip's build hook, is found through PATH.
export PATH="$venv/bin:$PATH" VIRTUAL_ENV="$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements-ci.txt"

step "the usertoken CLI (the tests' oracle)"
if [[ -z "${USERTOKEN_CLI:-}" ]]; then
    (cd "$root" && cargo build --locked --quiet --bin usertoken)
    export USERTOKEN_CLI="$root/target/debug/usertoken"
fi
"$USERTOKEN_CLI" --version

step "pip install ./bindings/python"
# The pinned maturin builds it (no isolated build environment to fetch an
# unpinned one); the wheel is abi3, for CPython 3.9 and later.
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-build-isolation "$here"
"$venv/bin/python" -c 'import usertoken; print("usertoken", usertoken.__version__, "verify" if usertoken.HAS_VERIFY else "no verify")'

step "pytest"
cd "$here"
# From a folder without the package sources on sys.path: the installed
# package is what gets tested.
"$venv/bin/python" -m pytest -q -p no:cacheprovider tests

step "done"
