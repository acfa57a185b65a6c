"""usertoken.logging.RedactingFilter with the real logging module."""

from __future__ import annotations

import io
import linecache
import logging
import logging.config

import pytest

import usertoken
from usertoken.logging import RedactingFilter
from conftest import SAMPLE

FORMAT = "%(levelname)s %(name)s %(message)s user=%(user)s"


def setup(name: str, filt=None, fmt=FORMAT):
    logger = logging.getLogger(name)
    logger.handlers.clear()
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(fmt))
    if filt is not None:
        handler.addFilter(filt)
    logger.addHandler(handler)
    return logger, stream


def collect(logger):
    """A handler added to ``logger`` that keeps each record's msg and args
    as the handlers before it left them."""
    seen = []

    class Collect(logging.Handler):
        def emit(self, record):
            seen.append((record.msg, record.args))

    logger.addHandler(Collect())
    return seen


def test_tokens_leave_message_args_and_extra():
    logger, out = setup("ut.args", RedactingFilter())
    logger.info("t=%s n=%d", "Bearer " + SAMPLE, 5, extra={"user": SAMPLE})
    logger.info("%(a)s", {"a": SAMPLE}, extra={"user": "u"})
    logger.warning({"token": SAMPLE}, extra={"user": 1})
    text = out.getvalue()
    assert SAMPLE.split(".")[2] not in text
    assert text.splitlines() == [
        "INFO ut.args t=Bearer [REDACTED-JWT] n=5 user=[REDACTED-JWT]",
        "INFO ut.args [REDACTED-JWT] user=u",
        "WARNING ut.args {'token': '[REDACTED-JWT]'} user=1",
    ]


def test_records_without_tokens_format_the_same_and_are_untouched():
    plain_logger, plain = setup("ut.plain")
    logger, out = setup("ut.filtered", RedactingFilter())
    seen = collect(logger)  # after the filtered handler
    for lg in (plain_logger, logger):
        lg.info("a=%s b=%r", "x", [1, 2], extra={"user": "ü"})
        lg.error("percent %% and %(k)s", {"k": "v"}, extra={"user": None})
    assert out.getvalue() == plain.getvalue().replace("ut.plain", "ut.filtered")
    # The filter left the record's msg and args as they were.
    assert seen[0] == ("a=%s b=%r", ("x", [1, 2]))


def test_format_once_writes_the_same_and_keeps_the_formatted_message():
    plain_logger, plain = setup("ut.plain1")
    logger, out = setup("ut.once", RedactingFilter(format_once=True))
    seen = collect(logger)  # after the filtered handler
    for lg in (plain_logger, logger):
        lg.info("a=%s b=%r", "x", [1, 2], extra={"user": "ü"})
        lg.error("percent %% and %(k)s", {"k": "v"}, extra={"user": None})
        lg.info("t=%s", SAMPLE, extra={"user": 1})
    text = out.getvalue()
    assert SAMPLE.split(".")[2] not in text
    assert text.splitlines()[:2] == plain.getvalue().replace("ut.plain1", "ut.once").splitlines()[:2]
    assert text.splitlines()[2] == "INFO ut.once t=[REDACTED-JWT] user=1"
    # The formatted text is kept, so the formatter does not format again.
    assert seen == [("a=x b=[1, 2]", ()), ("percent % and v", ()), ("t=[REDACTED-JWT]", ())]
    assert repr(RedactingFilter(format_once=True)) == "<usertoken.logging.RedactingFilter style='mask' format_once>"


def test_exception_text_and_stack_traces():
    logger, out = setup("ut.exc", RedactingFilter(), fmt="%(message)s")
    # A source line with a token in it, as a traceback shows it.
    source = f'def fail():\n    raise ValueError("bad token {SAMPLE}")\n'
    linecache.cache["<ut-test>"] = (len(source), None, source.splitlines(True), "<ut-test>")
    namespace = {}
    exec(compile(source, "<ut-test>", "exec"), namespace)
    try:
        namespace["fail"]()
    except ValueError:
        logger.exception("failed for %s", SAMPLE)
    logger.info("here", stack_info=True, extra={"user": "u"})
    text = out.getvalue()
    assert SAMPLE not in text and SAMPLE.split(".")[2] not in text
    assert "failed for [REDACTED-JWT]" in text
    assert 'raise ValueError("bad token [REDACTED-JWT]")' in text
    assert "ValueError: bad token [REDACTED-JWT]" in text
    assert "Stack (most recent call last)" in text


def test_dict_config_and_styles():
    stream = io.StringIO()
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "filters": {"tokens": {"()": "usertoken.logging.RedactingFilter", "style": "fingerprint"}},
            "formatters": {"plain": {"format": "%(message)s"}},
            "handlers": {
                "mem": {
                    "class": "logging.StreamHandler",
                    "stream": stream,
                    "formatter": "plain",
                    "filters": ["tokens"],
                }
            },
            "loggers": {"ut.dict": {"handlers": ["mem"], "level": "INFO", "propagate": False}},
        }
    )
    logging.getLogger("ut.dict").info("Authorization: Bearer %s", SAMPLE)
    assert stream.getvalue() == "Authorization: Bearer [REDACTED-JWT:fp=702a866402c991f1]\n"
    with pytest.raises(ValueError):
        RedactingFilter(style="loud")


def test_a_record_that_cannot_be_formatted_is_clean_too(capsys):
    logger, out = setup("ut.bad", RedactingFilter(), fmt="%(message)s")
    logging.raiseExceptions = True
    logger.info("%d", SAMPLE)  # a str for %d: logging reports the error
    err = capsys.readouterr().err
    assert SAMPLE.split(".")[2] not in err + out.getvalue()


def test_name_filtering_still_works():
    logger, out = setup("ut.named", RedactingFilter(name="elsewhere"), fmt="%(message)s")
    logger.info("dropped %s", SAMPLE)
    assert out.getvalue() == ""


def test_the_common_record_takes_the_short_way_and_every_record_is_redacted_alike():
    import gc
    import types
    import weakref

    plain = RedactingFilter()
    assert isinstance(plain.filter, types.BuiltinFunctionType)
    # A name, or a subclass's own filter, keeps the Python method.
    assert isinstance(RedactingFilter(name="app").filter, types.MethodType)

    class Counting(RedactingFilter):
        calls = 0

        def filter(self, record):
            Counting.calls += 1
            return super().filter(record)

    counting = Counting()
    assert isinstance(counting.filter, types.MethodType)
    logger, _ = setup("ut.sub", counting, fmt="%(message)s")
    logger.info("t=%s", SAMPLE)
    assert Counting.calls == 1

    # The same records through the short way and the Python method give
    # the same text and leave the same msg and args.
    def through(filt, once):
        logger, out = setup("ut.short", filt, fmt="%(levelname)s %(name)s %(message)s")
        seen = collect(logger)
        logger.info("t=%s n=%d", SAMPLE, 5)
        logger.info("clean %s", "words")
        logger.info("%(a)s", {"a": SAMPLE})
        logger.info("plain " + SAMPLE)
        logger.warning({"token": SAMPLE})
        logger.info(b"bytes " + SAMPLE.encode())
        logger.info("%s", SAMPLE, extra={"user": SAMPLE})
        record = logging.LogRecord("ut.short", logging.INFO, "f.py", 1, "%d", (SAMPLE,), None)
        logger.handle(record)
        try:
            raise ValueError(SAMPLE)
        except ValueError:
            logger.exception("failed %s", SAMPLE)
        logger.info("stack", stack_info=True)
        # The stack names the lines that called, which differ.
        return out.getvalue().split("Stack (most recent call last)")[0], seen

    for once in (False, True):
        short = RedactingFilter(format_once=once)
        python = RedactingFilter(format_once=once)
        python.filter = types.MethodType(RedactingFilter.filter, python)
        text, seen = through(short, once)
        assert (text, seen) == through(python, once)
        assert SAMPLE.split(".")[2] not in text
        assert "Traceback" in text and text.endswith("INFO ut.short stack\n")
        assert seen[1] == (("clean words", ()) if once else ("clean %s", ("words",)))
        assert seen[0] == ("t=[REDACTED-JWT] n=5", ())
        assert seen[4] == ("{'token': '[REDACTED-JWT]'}", ())
        assert seen[5] == ("b'bytes [REDACTED-JWT]'", ())

    # Which records the short way takes: plain LogRecords without extra,
    # exception or stack, whose message formats; the rest goes the long way.
    import usertoken.logging as ul

    long_way = []
    short = usertoken._usertoken.RecordFilter(
        usertoken.Redactor(), False, logging.LogRecord, ul._PLAIN_LEN, lambda r: long_way.append(r) or True
    ).bind()

    def record(msg, args, **more):
        r = logging.LogRecord("ut", logging.INFO, "f.py", 1, msg, args, None)
        r.__dict__.update(more)
        return r

    class Subclass(logging.LogRecord):
        pass

    taken = [record("t=%s", (SAMPLE,)), record("clean", ()), record({"t": SAMPLE}, None)]
    given = [record("%d", ("x",)), record("x", (), user="u"), record("x", (), exc_text="tb"),
             record("x", (), stack_info="st"), Subclass("ut", logging.INFO, "f.py", 1, "x", (), None)]
    assert all(short(r) is True for r in taken + given)
    assert long_way == given
    assert [(r.msg, r.args) for r in taken] == [("t=[REDACTED-JWT]", ()), ("clean", ()), ("{'t': '[REDACTED-JWT]'}", ())]

    # No cycle holds a filter: it goes with its last reference.
    gc.disable()
    try:
        filt = RedactingFilter()
        gone = weakref.ref(filt)
        del filt
        assert gone() is None
    finally:
        gc.enable()
