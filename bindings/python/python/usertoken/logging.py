"""A ``logging.Filter`` that takes tokens out of log records.

>>> import logging, usertoken.logging
>>> handler = logging.StreamHandler()
>>> handler.addFilter(usertoken.logging.RedactingFilter())

or with ``dictConfig``::

    "filters": {"tokens": {"()": "usertoken.logging.RedactingFilter", "style": "fingerprint"}},
    "handlers": {"file": {"class": "logging.FileHandler", "filename": "app.log",
                          "filters": ["tokens"]}},

On a handler it guards what that handler writes; on a logger, only records
logged through that very logger (``logging`` does not run a logger's
filters for its children's records), so handlers are the usual place.
"""

from __future__ import annotations

import functools as _functools
import logging as _logging
from typing import Any, Callable

from . import _issuers, _usertoken, _style
from . import Issuers

__all__ = ["RedactingFilter"]

# Every attribute a LogRecord has without `extra` (and what formatters add).
_PLAIN = vars(_logging.LogRecord("", 0, "", 0, "", (), None)).keys()
_STANDARD = frozenset(_PLAIN | {"message", "asctime", "taskName"})
# A record with no more attributes than a fresh one has no `extra`: the
# common case skips looking for them.
_PLAIN_LEN = len(_PLAIN)


class RedactingFilter(_logging.Filter):
    """Replaces every token in a record (damaged ones too) before it is
    written, and leaves the record otherwise as it was.

    Tokens go from the formatted message (``logger.info("t=%s", token)``:
    ``msg`` and ``args`` are formatted once, and when that text held a token
    ``msg`` becomes the redacted text and ``args`` empty), from exception
    text and stack traces (``logger.exception(...)``, ``stack_info=True``:
    the traceback is formatted into ``exc_text`` as ``logging.Formatter``
    would, then redacted), and from every ``str`` attribute given in
    ``extra``. A record without tokens is left untouched.

    Args:
        name: as for ``logging.Filter``: only records of this logger and its
            children pass ("" for all).
        style: ``mask``, ``fingerprint`` or ``summary``; see
            :func:`usertoken.redact`.
        issuers: more issuers for the ``summary`` style.
        format_once: also keep the formatted message of a record without
            tokens (``msg`` the text, ``args`` empty), so that the handler's
            formatter does not format it a second time. It is written the
            same, at less cost; but what reads ``msg`` and ``args`` after the
            filter (a handler that groups records by their template, as
            Sentry's does) sees the formatted text.
    """

    def __init__(
        self,
        name: str = "",
        style: str = "mask",
        issuers: Issuers = None,
        format_once: bool = False,
    ) -> None:
        super().__init__(name)
        self._style = _style(style)
        self._issuers = _issuers(issuers)
        self._format_once = bool(format_once)
        # Fails here, at configuration time, for a bad style.
        redactor = _usertoken.Redactor(self._style, self._issuers)
        self._redact = redactor.redact
        self._formatter = _logging.Formatter()
        if not self.nlen and type(self).filter is RedactingFilter.filter:
            # The common record (a LogRecord itself, without exception,
            # stack or extra) is redacted by one call into the extension,
            # without a Python frame: the filter runs for every record a
            # handler writes. Every other record goes to the same code as
            # `filter` below, which holds no reference back to this filter.
            rest = _functools.partial(_redact_record, self._redact, self._formatter, self._format_once)
            self.filter = _usertoken.RecordFilter(
                redactor, self._format_once, _logging.LogRecord, _PLAIN_LEN, rest
            ).bind()

    def filter(self, record: _logging.LogRecord) -> bool:
        """Redacts ``record`` in place; passes it when ``name`` allows."""
        if self.nlen and not super().filter(record):
            return False
        return _redact_record(self._redact, self._formatter, self._format_once, record)

    def __repr__(self) -> str:
        return (
            f"<usertoken.logging.RedactingFilter style={self._style!r}"
            f"{' format_once' if self._format_once else ''}>"
        )


def _redact_record(
    redact: Callable[[str], str],
    formatter: _logging.Formatter,
    format_once: bool,
    record: _logging.LogRecord,
) -> bool:
    """What `RedactingFilter` does to a record; always passes it."""
    try:
        message = record.getMessage()
    except Exception:
        _unformattable(redact, record)
    else:
        redacted = redact(message)
        if redacted is not message or format_once:
            record.msg = redacted
            record.args = ()
    if record.exc_info and not record.exc_text:
        record.exc_text = formatter.formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = redact(record.exc_text)
    if record.stack_info:
        record.stack_info = redact(record.stack_info)
    attributes = record.__dict__
    if len(attributes) > _PLAIN_LEN:
        for key in attributes.keys() - _STANDARD:
            value = attributes[key]
            if isinstance(value, str):
                attributes[key] = redact(value)
    return True


def _unformattable(redact: Callable[[str], str], record: _logging.LogRecord) -> None:
    # A record that cannot be formatted: logging reports it with msg and
    # args, so those must be clean too.
    def clean(value: Any) -> Any:
        if isinstance(value, str):
            return redact(value)
        return redact(repr(value)) if value is not None else None

    record.msg = redact(str(record.msg))
    if isinstance(record.args, tuple):
        record.args = tuple(clean(a) for a in record.args)
    elif isinstance(record.args, dict):
        record.args = {k: clean(v) for k, v in record.args.items()}
