#!/usr/bin/env bash
# The pre-commit hook end to end, with the real pre-commit from PyPI in a
# virtualenv of its own: in a temporary git repository whose
# .pre-commit-config.yaml takes the hook from this repository (cloned from
# its path at HEAD, so no network), a commit adding a live-looking token is
# refused; after `usertoken scan --write-baseline` the same commit passes.
#
#   bash tests/precommit/run.sh    (USERTOKEN_CLI: the binary; default target/debug)
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
cli="${USERTOKEN_CLI:-$root/target/debug/usertoken}"
venv="${PRECOMMIT_VENV:-$root/target/precommit-venv}"
[ -x "$cli" ] || cargo build --quiet
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "pre-commit==4.7.0"
rev="$(git rev-parse HEAD)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export PRE_COMMIT_HOME="$tmp/cache"
# The hook `usertoken-scan-system` runs the `usertoken` on PATH.
mkdir "$tmp/bin"
ln -s "$cli" "$tmp/bin/usertoken"
export PATH="$tmp/bin:$venv/bin:$PATH"

passed=0
failed=0
check() { # NAME, then a command that must succeed
    local name="$1"
    shift
    if "$@"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: $name" >&2
    fi
}

repo="$tmp/repo"
git init --quiet "$repo"
cd "$repo"
git config user.email ci@example.com
git config user.name CI
git config commit.gpgsign false
cat >.pre-commit-config.yaml <<YAML
repos:
  - repo: $root
    rev: $rev
    hooks:
      - id: usertoken-scan-system
        args: [--now, "2024-01-01T00:00:00Z", --baseline, .usertoken-baseline]
YAML
printf '# usertoken baseline\n' >.usertoken-baseline
pre-commit install --install-hooks >/dev/null
git add .pre-commit-config.yaml .usertoken-baseline
check "a commit without tokens passes" git commit --quiet -m "start"

# A live-looking production token (expires 2027), made here.
token="$(python3 - <<'PY'
import base64, hashlib, hmac, json
b = lambda d: base64.urlsafe_b64encode(d).rstrip(b"=").decode()
h = b(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
p = b(json.dumps({"iss": "argyle-core-auth-prod", "user_id": "u-hook", "exp": 1800000000}).encode())
s = b(hmac.new(b"k", f"{h}.{p}".encode(), hashlib.sha256).digest())
print(f"{h}.{p}.{s}")
PY
)"
printf 'GET /link?userToken=%s&sandbox=false\n' "$token" >app.log
git add app.log
status=0
git commit -m "add a log" >"$tmp/refused" 2>&1 || status=$?
cat "$tmp/refused"
check "the commit adding a token is refused" test "$status" != 0
check "the refusal names the place" grep -q "app.log:1:21: production token for user u-hook" "$tmp/refused"
check "the refusal shows no token text" bash -c "! grep -qF -- '${token##*.}' '$tmp/refused' && ! grep -qF -- '$(cut -d. -f2 <<<"$token" | cut -c1-40)' '$tmp/refused'"
check "nothing was committed" test "$(git rev-list --count HEAD)" = 1

usertoken scan --baseline .usertoken-baseline --write-baseline .usertoken-baseline app.log >/dev/null
git add .usertoken-baseline
check "the same commit with the token in the baseline passes" git commit --quiet -m "add a log"
check "it was committed" test "$(git rev-list --count HEAD)" = 2
check "the baseline holds no token text" bash -c "! grep -qF -- '${token##*.}' .usertoken-baseline"

echo "pre-commit: $passed passed, $failed failed"
[ "$failed" = 0 ]
