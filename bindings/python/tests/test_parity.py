"""The package's answers equal the CLI's: the crate's sample token, the
fuzz seeds (tokens, pastes, hostile inputs), the RFC 7515 examples."""

from __future__ import annotations

import io

import pytest

import usertoken
from conftest import DATA, NOW, SAMPLE, SECRET, ROOT, as_argument, seeds

INSPECT_SEEDS = seeds("inspect")
REDACT_SEEDS = seeds("redact")
RFC = [DATA / f"rfc7515-a{i}.jws" for i in (1, 2, 3)]


def _lines(data: bytes):
    """The inputs the CLI reads from a stream: one per line, a final CR
    dropped, blank lines skipped."""
    for line in data.split(b"\n"):
        if line.endswith(b"\r"):
            line = line[:-1]
        if line.strip(b" \t\n\r\x0b\x0c"):
            yield line


@pytest.mark.parametrize("path", INSPECT_SEEDS + RFC, ids=lambda p: p.name)
def test_inspect_json_equals_the_cli(cli, path):
    data = path.read_bytes()
    text = as_argument(data)
    if text is not None:
        expected = cli.json_lines(["inspect", "--json", "--now", str(NOW), "--", text])
        assert len(expected) == 1
        assert usertoken.inspect(text, now=NOW).to_dict() == expected[0]
        assert usertoken.inspect(data, now=NOW).to_dict() == expected[0]
    else:
        # Not an argument (NUL, not UTF-8): the CLI reads it line by line.
        expected = cli.json_lines(["inspect", "--json", "--now", str(NOW)], data)
        got = [r.to_dict() for line in _lines(data) for r in usertoken.inspect_all(line, now=NOW)]
        assert got == expected


@pytest.mark.parametrize("path", REDACT_SEEDS, ids=lambda p: p.name)
def test_pasted_text_reports_equal_the_cli(cli, path):
    """Each line as pasted text: one report per token found, with its
    source; and the whole text read as one pasted text (``--paste``)."""
    data = path.read_bytes()
    expected = cli.json_lines(["inspect", "--json", "--now", str(NOW)], data)
    got = [r.to_dict() for line in _lines(data) for r in usertoken.inspect_all(line, now=NOW)]
    assert got == expected
    if data.strip() and len(data) <= usertoken.DEFAULT_MAX_LEN:
        expected = cli.json_lines(["inspect", "--paste", "--json", "--now", str(NOW)], data)
        got = [r.to_dict() for r in usertoken.inspect_all(data, now=NOW, paste=True)]
        assert got == expected


def test_a_link_snippet_equals_the_cli(cli):
    snippet = (
        "const config = {\n"
        "    linkKey: 'some-link-key',\n"
        f"    userToken: '{SAMPLE}',\n"
        "    sandbox: true // Set to false for production environment.\n"
        "};\n"
    )
    expected = cli.json_lines(["inspect", "--paste", "--json", "--now", str(NOW)], snippet.encode())
    (report,) = usertoken.inspect_all(snippet, now=NOW, paste=True)
    assert report.to_dict() == expected[0]
    assert {d.code for d in report.diagnostics} >= {"link-snippet", "environment-mismatch"}
    assert report.source is not None and report.source["of"] == 1
    curl = f"curl -H 'Authorization: Bearer {SAMPLE}' https://api.example.com"
    expected = cli.json_lines(["inspect", "--json", "--now", str(NOW), "--", curl])
    assert usertoken.inspect(curl, now=NOW).to_dict() == expected[0]
    assert usertoken.inspect(curl, now=NOW).source == {"offset": 31, "index": 1, "of": 1}


@pytest.mark.parametrize("path", INSPECT_SEEDS, ids=lambda p: p.name)
def test_human_report_and_summary_equal_the_cli(cli, path):
    data = path.read_bytes()
    text = as_argument(data)
    if text is None:
        # Not an argument (NUL, not UTF-8): the CLI reads it line by line,
        # a report (or summary line) for each token found in each line.
        human = cli.run(["inspect", "--color", "never", "--now", str(NOW)], data).decode()
        reports = [r for line in _lines(data) for r in usertoken.inspect_all(line, now=NOW)]
        assert reports
        assert "\n".join(str(r) for r in reports) == human
        lines = cli.run(["summary", "--now", str(NOW)], data).decode()
        assert "".join(r.summary() + "\n" for r in reports) == lines
        return
    human = cli.run(["inspect", "--color", "never", "--now", str(NOW), "--", text]).decode()
    report = usertoken.inspect(text, now=NOW)
    assert str(report) == human
    line = cli.run(["summary", "--now", str(NOW), "--", text]).decode()
    assert usertoken.summary(text, NOW) + "\n" == line
    assert report.summary() + "\n" == line


def test_now_forms_agree(cli):
    expected = cli.json_lines(["inspect", "--json", "--now", "2023-11-14 22:13:20", SAMPLE])[0]
    import datetime as dt

    for now in (
        NOW,
        float(NOW),
        str(NOW),
        "2023-11-14T22:13:20Z",
        "2023-11-14 22:13:20",
        dt.datetime(2023, 11, 14, 22, 13, 20),
        dt.datetime(2023, 11, 14, 23, 13, 20, tzinfo=dt.timezone(dt.timedelta(hours=1))),
    ):
        assert usertoken.inspect(SAMPLE, now=now).to_dict() == expected, now


def test_issuers_and_link_settings_equal_the_cli(cli):
    token = (ROOT / "fuzz" / "seeds" / "inspect" / "unknown-issuer").read_text().strip()
    args = ["inspect", "--json", "--now", str(NOW), "--issuer", "my-test-issuer=sandbox", "--", token]
    expected = cli.json_lines(args)[0]
    got = usertoken.inspect(token, now=NOW, issuers={"my-test-issuer": "sandbox"}).to_dict()
    assert got == expected
    link = ["--sandbox", "true", "--client-id", "someone-else", "--user-id", "nobody"]
    expected = cli.json_lines(["inspect", "--json", "--now", str(NOW), *link, SAMPLE])[0]
    got = usertoken.inspect(SAMPLE, now=NOW, sandbox=True, client_id="someone-else", user_id="nobody")
    assert got.to_dict() == expected
    assert {d.code for d in got.diagnostics} >= {"environment-mismatch", "client-mismatch", "user-mismatch"}


@pytest.mark.parametrize("style", ["mask", "fingerprint", "summary"])
@pytest.mark.parametrize("path", REDACT_SEEDS + INSPECT_SEEDS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_redact_equals_the_cli(cli, path, style):
    data = path.read_bytes()
    expected = cli.run(["redact", "--style", style], data)
    assert usertoken.redact(data, style) == expected
    assert usertoken.Redactor(style).redact(data) == expected
    out = io.BytesIO()
    usertoken.redact_stream(io.BytesIO(data), out, style)
    assert out.getvalue() == expected
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    assert usertoken.redact(text, style).encode("utf-8") == expected


@pytest.mark.parametrize("path", REDACT_SEEDS + INSPECT_SEEDS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_scan_and_find_tokens_equal_the_cli(cli, path):
    data = path.read_bytes()
    expected = cli.json_lines(["scan", "--now", str(NOW), "-"], data)
    for found in expected:
        del found["file"]
    assert usertoken.scan(data, NOW) == expected
    spans = usertoken.find_tokens(data)
    assert [(f.start, f.kind) for f in spans] == [(e["offset"], e["kind"]) for e in expected]
    assert [f.end - f.start for f in spans] == [e["length"] for e in expected]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    # The same tokens in a str, at character offsets.
    char_spans = usertoken.find_tokens(text)
    assert [text[f.start : f.end].encode() for f in char_spans] == [data[f.start : f.end] for f in spans]
    scanned = usertoken.scan(text, NOW)
    assert [{**s, "offset": 0} for s in scanned] == [{**e, "offset": 0} for e in expected]
    assert [s["offset"] for s in scanned] == [f.start for f in char_spans]


def test_compare_equals_the_cli(cli):
    legacy = (ROOT / "fuzz" / "seeds" / "inspect" / "legacy-refresh-token").read_text().strip()
    for a, b in [(SAMPLE, SAMPLE), (SAMPLE, legacy), ("not a token", SAMPLE)]:
        expected = cli.run(["compare", "--now", str(NOW), a, b]).decode()
        both = usertoken.compare(a, b, now=NOW)
        assert str(both) == expected
    assert usertoken.compare(SAMPLE, SAMPLE, now=NOW).same_user_and_client
    assert not usertoken.compare("x", SAMPLE, now=NOW).both_readable


VERIFY_CASES = [
    (SAMPLE, ["--secret-file", "samples/user-token.secret"], {"secret": SECRET}),
    (SAMPLE, ["--secret-env", "UT_WRONG_SECRET"], {"secret": "not the secret"}),
] + [
    ((DATA / f"rfc7515-a{i}.jws").read_text().strip(), ["--key", f"tests/data/rfc7515-a{i}.jwk"],
     {"key": (DATA / f"rfc7515-a{i}.jwk").read_bytes()})
    for i in (1, 2, 3)
] + [
    ((ROOT / "fuzz" / "seeds" / "inspect" / name).read_text().strip(), ["--key", "tests/data/jwks.json"],
     {"key": (DATA / "jwks.json").read_text()})
    for name in ("signed-rs256", "signed-es256", "signed-eddsa", "signed-unknown-kid", "alg-none-unsigned", "signed-hs512")
] + [
    ("not a token", ["--key", "tests/data/rsa-public.pem"], {"key": (DATA / "rsa-public.pem").read_bytes()}),
]


@pytest.mark.skipif(not usertoken.HAS_VERIFY, reason="built without verification")
@pytest.mark.parametrize("token,args,kwargs", VERIFY_CASES, ids=lambda c: "case")
def test_verify_equals_the_cli(cli, token, args, kwargs, monkeypatch):
    monkeypatch.setenv("UT_WRONG_SECRET", "not the secret")
    expected = cli.json_lines(["verify", "--json", *args, "--", token])
    assert [usertoken.verify(token, **kwargs)] == expected
