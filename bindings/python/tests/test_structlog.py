"""usertoken.structlog with the real structlog."""

from __future__ import annotations

import collections
import io
import json

import pytest

structlog = pytest.importorskip("structlog")

import usertoken.structlog as uts
from conftest import SAMPLE

Pair = collections.namedtuple("Pair", "a b")


def make_logger(processor):
    out = io.StringIO()
    structlog.configure(
        processors=[
            structlog.processors.add_log_level,
            structlog.processors.format_exc_info,
            processor,
            structlog.processors.JSONRenderer(default=repr),
        ],
        logger_factory=structlog.PrintLoggerFactory(file=out),
        cache_logger_on_first_use=False,
    )
    return structlog.get_logger(), out


def test_every_string_in_the_event_dict_nested_too():
    log, out = make_logger(uts.redact_tokens)
    log.info(
        "login with " + SAMPLE,
        header="Bearer " + SAMPLE,
        nested={"list": [SAMPLE, 1, {"deep": (SAMPLE, b"raw " + SAMPLE.encode())}], SAMPLE: "key"},
        pair=Pair(SAMPLE, 2),
        tags={SAMPLE},
        count=3,
    )
    line = out.getvalue()
    assert SAMPLE not in line and SAMPLE.split(".")[2] not in line
    event = json.loads(line)
    assert event["event"] == "login with [REDACTED-JWT]"
    assert event["header"] == "Bearer [REDACTED-JWT]"
    assert event["nested"]["list"][0] == "[REDACTED-JWT]"
    assert event["nested"]["list"][2]["deep"][0] == "[REDACTED-JWT]"
    assert event["nested"]["[REDACTED-JWT]"] == "key"
    assert event["count"] == 3


def test_exceptions_formatted_before_it_are_redacted():
    log, out = make_logger(uts.RedactTokens(style="fingerprint"))
    try:
        raise RuntimeError("token " + SAMPLE)
    except RuntimeError:
        log.exception("failed")
    event = json.loads(out.getvalue())
    assert "RuntimeError: token [REDACTED-JWT:fp=702a866402c991f1]" in event["exception"]


def test_processor_directly_and_bad_style():
    event = {"event": "clean", "n": 1}
    assert uts.redact_tokens(None, "info", dict(event)) == event
    deep = current = []
    for _ in range(100):
        current.append([])
        current = current[0]
    current.append(SAMPLE)
    assert SAMPLE not in repr(uts.redact_tokens(None, "info", {"deep": deep}))
    with pytest.raises(ValueError):
        uts.RedactTokens(style="loud")
