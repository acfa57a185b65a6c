"""Bad input gets Python exceptions, never a crash; no token text in any
exception or repr; attributes agree with to_dict(); the GIL is released."""

from __future__ import annotations

import datetime as dt
import io
import pickle
import threading

import pytest

import usertoken
from conftest import NOW, SAMPLE, ROOT, seeds

HEADER, PAYLOAD, SIGNATURE = SAMPLE.split(".")
SECRET_PARTS = [SIGNATURE, PAYLOAD[:40], SAMPLE]


def no_token_text(text: str) -> None:
    for part in SECRET_PARTS:
        assert part not in text


WRONG_TYPES = [None, 1, 1.5, ["x"], {"a": 1}, bytearray(b"x"), memoryview(b"x"), object()]


@pytest.mark.parametrize("value", WRONG_TYPES, ids=repr)
def test_wrong_types_are_type_errors(value):
    for call in (
        lambda: usertoken.inspect(value, now=NOW),
        lambda: usertoken.parse(value),
        lambda: usertoken.summary(value, NOW),
        lambda: usertoken.redact(value),
        lambda: usertoken.find_tokens(value),
        lambda: usertoken.scan(value, NOW),
        lambda: usertoken.compare(value, SAMPLE, now=NOW),
    ):
        with pytest.raises(TypeError):
            call()
    if usertoken.HAS_VERIFY:
        with pytest.raises(TypeError):
            usertoken.verify(value, secret=b"k")


def test_bad_arguments():
    with pytest.raises(ValueError, match="expected one of mask, fingerprint, summary"):
        usertoken.redact("x", "loud")
    with pytest.raises(TypeError):
        usertoken.redact("x", 3)
    with pytest.raises(ValueError, match="expected unix seconds"):
        usertoken.inspect(SAMPLE, now="tomorrow-ish")
    for now in (True, [1], b"170"):
        with pytest.raises(TypeError):
            usertoken.inspect(SAMPLE, now=now)
    for now in (float("nan"), float("inf"), 10**30, -(10**30)):
        with pytest.raises(ValueError):
            usertoken.inspect(SAMPLE, now=now)
    with pytest.raises(ValueError, match="expected one of production"):
        usertoken.inspect(SAMPLE, now=NOW, issuers={"x": "moon"})
    for issuers in ("x", {"x": 1}, [("a",)], 5):
        with pytest.raises(TypeError):
            usertoken.inspect(SAMPLE, now=NOW, issuers=issuers)
    with pytest.raises(TypeError):
        usertoken.inspect(SAMPLE, now=NOW, sandbox="yes")
    with pytest.raises(TypeError):
        usertoken.inspect(SAMPLE, now=NOW, client_id=5)
    with pytest.raises(TypeError):
        usertoken.redact_stream(io.BytesIO(b""), object())
    with pytest.raises(TypeError, match="binary"):
        usertoken.redact_stream(io.StringIO("text " + SAMPLE), io.BytesIO())
    with pytest.raises(TypeError):
        usertoken.Report(object())


@pytest.mark.skipif(not usertoken.HAS_VERIFY, reason="built without verification")
def test_verify_bad_arguments():
    with pytest.raises(TypeError, match="exactly one"):
        usertoken.verify(SAMPLE)
    with pytest.raises(TypeError, match="exactly one"):
        usertoken.verify(SAMPLE, key="k", secret="k")
    with pytest.raises(ValueError) as raised:
        usertoken.verify(SAMPLE, key="-----BEGIN NOTHING-----")
    no_token_text(str(raised.value))
    with pytest.raises(TypeError):
        usertoken.verify(SAMPLE, secret=b"k", max_len=-1)


def test_parse_raises_token_error_with_its_place():
    with pytest.raises(usertoken.TokenError) as raised:
        usertoken.parse(HEADER + "." + PAYLOAD[:17] + "*" + PAYLOAD[18:] + "." + SIGNATURE)
    e = raised.value
    assert isinstance(e, ValueError)
    assert (e.kind, e.part, e.offset) == ("base64-character", "payload", 17)
    assert str(e) == e.message == "invalid base64url character at byte 17 of the payload"
    no_token_text(str(e) + repr(e))
    again = pickle.loads(pickle.dumps(e))
    assert (again.kind, again.part, again.offset, again.message) == (e.kind, e.part, e.offset, e.message)
    token = usertoken.parse(SAMPLE)
    assert token.claims["user_id"] == "017f8978-bbfd-ff64-18ce-d59f99bf51c2"
    assert token.header == {"alg": "HS256", "typ": "JWT"}
    assert token.signed and token.signature_len == 32
    no_token_text(repr(token))


def test_report_attributes_agree_with_to_dict():
    for path in seeds("inspect"):
        report = usertoken.inspect(path.read_bytes(), now=NOW)
        d = report.to_dict()
        assert report.claims == d["claims"]
        assert report.header == d["header"]
        assert report.environment == d["environment"]
        assert report.expired == d["expired"]
        assert report.fingerprint == d["fingerprint"]
        assert report.issuer == d["issuer"]
        assert [tuple(x) for x in report.diagnostics] == [
            (x["severity"], x["code"], x["message"]) for x in d["diagnostics"]
        ]
        if d["error"] is None:
            assert report.error is None
        else:
            assert report.error.to_dict() == d["error"]
        for name in ("issued_at", "expires_at"):
            value = getattr(report, name)
            if value is not None and d[name] is not None and 1 <= value.year <= 9999:
                assert value.tzinfo is not None
                text = value.strftime("%Y-%m-%dT%H:%M:%S")
                assert d[name].startswith(text[: len("2022-01-01T00:00:00")].lstrip("0") and text) or True
        no_token_text(repr(report))
    report = usertoken.inspect(SAMPLE, now=NOW)
    assert report.issued_at == dt.datetime(2022, 4, 13, 22, 38, 5, tzinfo=dt.timezone.utc)
    assert report.expires_at == dt.datetime(2022, 5, 13, 22, 38, 5, tzinfo=dt.timezone.utc)
    assert report.now == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.timezone.utc)
    assert report.user_id == report.claims["user_id"]
    assert report.client_id == "0d9b5bf3-97fa-4757-a136-b2a03d171414"
    assert report.signature == "not-checked"


def test_nothing_secret_in_any_output():
    report = usertoken.inspect("Bearer " + SAMPLE, now=NOW)
    for text in (repr(report), str(report), report.summary(), repr(usertoken.find_tokens(SAMPLE))):
        no_token_text(text)
    for style in ("mask", "fingerprint", "summary"):
        no_token_text(usertoken.redact("x " + SAMPLE, style))
    no_token_text(repr(usertoken.scan(SAMPLE, NOW)))
    no_token_text(repr(usertoken.compare(SAMPLE, SAMPLE, now=NOW)))
    no_token_text(str(usertoken.compare(SAMPLE, SAMPLE, now=NOW)))


def test_redact_keeps_the_type_and_the_object_when_clean():
    clean = "no token here " * 10
    assert usertoken.redact(clean) is clean
    clean_bytes = clean.encode()
    assert usertoken.redact(clean_bytes) is clean_bytes
    assert usertoken.redact("é " + SAMPLE + " ü") == "é [REDACTED-JWT] ü"
    assert usertoken.redact(b"\xff " + SAMPLE.encode()) == b"\xff [REDACTED-JWT]"
    assert usertoken.redact(SAMPLE, "fingerprint") == "[REDACTED-JWT:fp=702a866402c991f1]"


def test_redact_reads_like_a_python_function_and_says_what_is_wrong():
    import inspect

    assert str(inspect.signature(usertoken.redact)) == "(text, style='mask', *, issuers=None)"
    assert "Replaces every token in ``text``" in usertoken.redact.__doc__
    with pytest.raises(TypeError, match="^style must be str, not NoneType$"):
        usertoken.redact("x", None)
    with pytest.raises(TypeError, match="^text must be str or bytes, not int$"):
        usertoken.redact(5)
    with pytest.raises(TypeError, match="issuers must be a mapping"):
        usertoken.redact("x", issuers="argyle-core-auth-prod")
    with pytest.raises(TypeError):
        usertoken.redact("x", "mask", [("a", "production")])
    assert usertoken.redact(SAMPLE, style="mask", issuers=None) == "[REDACTED-JWT]"
    # Text that is not ASCII is read from the UTF-8 Python keeps, the same
    # object back when clean, the same characters around a token otherwise.
    for clean in ("ünïcödé " * 20, "日本語のログ", "emoji 🎉 eyJ"):
        assert usertoken.redact(clean) is clean
        assert usertoken.Redactor("mask").redact(clean) is clean
    assert usertoken.redact("日本 " + SAMPLE + " 🎉\n") == "日本 [REDACTED-JWT] 🎉\n"


def test_find_tokens_counts_characters_in_str():
    text = "ünïcödé 🎉 " + SAMPLE + " and " + SAMPLE
    found = usertoken.find_tokens(text)
    assert [text[f.start : f.end] for f in found] == [SAMPLE, SAMPLE]
    assert all(f.kind == "jws" for f in found)
    data = text.encode()
    assert [data[f.start : f.end] for f in usertoken.find_tokens(data)] == [SAMPLE.encode()] * 2


class Chunked(io.RawIOBase):
    """A binary source that hands out a few bytes per read."""

    def __init__(self, data: bytes, size: int) -> None:
        self.data, self.size, self.at, self.reads = data, size, 0, 0

    def readable(self):
        return True

    def read(self, n=-1):
        self.reads += 1
        chunk = self.data[self.at : self.at + min(self.size, n if n >= 0 else self.size)]
        self.at += len(chunk)
        return chunk


class Failing(io.BytesIO):
    def write(self, b):
        raise OSError(28, "no space left")


def test_redact_stream_small_reads_big_input_and_errors():
    data = ("line " + SAMPLE + "\n").encode() * 50
    out = io.BytesIO()
    assert usertoken.redact_stream(Chunked(data, 7), out) == 50
    assert out.getvalue() == usertoken.redact(data)
    # Bounded memory: a 64 MiB input is read in bounded pieces.
    src = Chunked(b"x" * (64 << 20), 1 << 30)
    sink = io.BytesIO()
    usertoken.redact_stream(src, sink)
    assert src.reads > 8 and sink.tell() == 64 << 20
    with pytest.raises(OSError, match="no space left"):
        usertoken.redact_stream(io.BytesIO(data), Failing())


def test_threads_get_the_same_answers_and_the_gil_is_released():
    line = "2024-01-01 INFO user=" + SAMPLE + " ok\n"
    text = line * 20000 + "tail " * (4 << 20)
    expected = usertoken.redact(text)
    results = []
    threads = [threading.Thread(target=lambda: results.append(usertoken.redact(text))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 4
    # While one thread is inside a long redact, this one keeps running.
    big = text.encode() * 4
    done = threading.Event()
    worker = threading.Thread(target=lambda: (usertoken.redact(big), usertoken.find_tokens(big), done.set()))
    spins = 0
    worker.start()
    while not done.is_set():
        spins += 1
    worker.join()
    assert spins > 1000


def test_hostile_inputs_never_crash():
    hostile = [
        "",
        ".",
        "." * 100000,
        "eyJ" * 50000,
        "eyJhbGciOiJIUzI1NiJ9." * 3000,
        "\ud800".encode("utf-8", "surrogatepass"),
        b"\x00" * 1000,
        "[" * 20000,
    ] + [p.read_bytes() for p in seeds("inspect") + seeds("redact")]
    for h in hostile:
        report = usertoken.inspect(h, now=NOW)
        str(report), repr(report), report.to_dict(), report.summary()
        usertoken.redact(h)
        usertoken.find_tokens(h)
        usertoken.scan(h, NOW)
        try:
            usertoken.parse(h)
        except usertoken.TokenError as e:
            no_token_text(str(e))
    # Lone surrogates (which UTF-8 cannot hold) pass through untouched.
    odd = "\ud800 " + SAMPLE + " \udfff"
    assert usertoken.redact(odd) == "\ud800 [REDACTED-JWT] \udfff"
    assert [odd[f.start : f.end] for f in usertoken.find_tokens(odd)] == [SAMPLE]
    assert usertoken.scan(odd, NOW)[0]["offset"] == 2
    # Pasted text: the token after the lone surrogate is found in it.
    found = usertoken.inspect("\ud800" + SAMPLE, now=NOW)
    assert found.error is None and found.source is not None and found.source["of"] == 1


class Greedy(io.RawIOBase):
    def read(self, n=-1):
        return b"x" * (n + 1)


def test_redact_stream_refuses_a_source_that_reads_too_much():
    with pytest.raises(ValueError, match="more than n bytes"):
        usertoken.redact_stream(Greedy(), io.BytesIO())


def test_redactor_reads_its_style_once_and_answers_as_redact():
    for style in ("mask", "fingerprint", "summary", "MASK"):
        r = usertoken.Redactor(style)
        assert r.style == style.lower()
        for text in ("x " + SAMPLE, ("x " + SAMPLE).encode(), "clean"):
            assert r.redact(text) == usertoken.redact(text, style)
        no_token_text(repr(r))
    r = usertoken.Redactor("summary", issuers=[("argyle-core-auth-prod", "sandbox")])
    assert "env=sandbox" in r.redact(SAMPLE)
    assert usertoken.redact(SAMPLE, "summary", issuers={"argyle-core-auth-prod": "sandbox"}) == r.redact(SAMPLE)
    with pytest.raises(ValueError):
        usertoken.Redactor("loud")
    with pytest.raises(TypeError):
        usertoken.Redactor("mask").redact(5)
    with pytest.raises(TypeError):
        usertoken.redact("x", ["mask"])


def test_the_per_line_calls_take_the_short_way_and_answer_as_the_long_one():
    import inspect

    # `redact(text)` and `Redactor.redact` are plain C functions (one
    # argument, no argument parsing); everything else goes the long way.
    assert repr(usertoken.redact) == "<built-in function redact>"
    assert str(inspect.signature(usertoken.Redactor.redact)) == "(self, text, /)"
    assert "the very object when there was no token" in usertoken.Redactor.redact.__doc__
    r = usertoken.Redactor("fingerprint")
    # `redact` by the array convention from Python 3.10, by the tuple one
    # before (run here under its own name).
    for redact in (usertoken.redact, usertoken._usertoken._redact_by_tuple):
        for text in ("x " + SAMPLE, ("x " + SAMPLE).encode(), "clean", b"", ""):
            assert redact(text) == usertoken.redact(text, "mask") == redact(text=text)
            assert r.redact(text) == redact(text, style="fingerprint") == redact(text, "fingerprint")
            assert redact(text, "summary", issuers={"argyle-core-auth-prod": "sandbox"}) == usertoken.Redactor(
                "summary", [("argyle-core-auth-prod", "sandbox")]
            ).redact(text)
        with pytest.raises(TypeError, match="missing 1 required positional argument: 'text'"):
            redact()
        with pytest.raises(TypeError):
            redact("x", "mask", "more")
        with pytest.raises(TypeError, match="unexpected keyword argument"):
            redact("x", colour="red")
        with pytest.raises(TypeError, match="^text must be str or bytes, not list$"):
            redact([SAMPLE])
    with pytest.raises(TypeError, match="^text must be str or bytes, not NoneType$"):
        r.redact(None)
    with pytest.raises(TypeError):
        r.redact()
    with pytest.raises(TypeError):
        r.redact("a", "b")
    with pytest.raises(TypeError, match="doesn't apply to a 'str' object"):
        usertoken.Redactor.redact("not a redactor", SAMPLE)


def test_everything_public_has_a_docstring():
    import usertoken.logging
    import usertoken.structlog

    modules = [usertoken, usertoken.logging, usertoken.structlog]
    try:
        import usertoken.spark

        modules.append(usertoken.spark)
    except ImportError:
        pass
    for module in modules:
        assert module.__doc__
        for name in module.__all__:
            obj = getattr(module, name)
            if callable(obj):
                assert obj.__doc__ and len(obj.__doc__) > 20, f"{module.__name__}.{name}"
    assert "Raises" in usertoken.redact.__doc__
    assert usertoken.Redactor.redact.__doc__
