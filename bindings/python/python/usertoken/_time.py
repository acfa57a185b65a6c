"""Instants as the extension takes them: ``(unix seconds, nanoseconds)``."""

from __future__ import annotations

import datetime as _dt
import time as _time
from typing import Optional, Tuple, Union

from . import _usertoken

Now = Union[None, _dt.datetime, int, float, str]

_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
_NOW_MESSAGE = "now: expected unix seconds or milliseconds, RFC 3339, or YYYY-MM-DD HH:MM:SS"


def instant(now: Now) -> Tuple[int, int]:
    """``now`` as ``(seconds, nanoseconds)`` since the Unix epoch.

    ``None`` reads the clock; a ``datetime`` (naive means UTC); unix
    seconds as ``int`` or ``float``; or a string as ``usertoken --now``
    reads it. Raises ``TypeError`` for another type, ``ValueError`` for a
    string that is no instant.
    """
    if now is None:
        ns = _time.time_ns()
        return ns // 1_000_000_000, ns % 1_000_000_000
    if isinstance(now, bool):
        raise TypeError("now must be a datetime, int, float, str or None, not bool")
    if isinstance(now, _dt.datetime):
        if now.tzinfo is None or now.utcoffset() is None:
            now = now.replace(tzinfo=_dt.timezone.utc)
        delta = now - _EPOCH
        seconds = delta.days * 86_400 + delta.seconds
        return seconds, delta.microseconds * 1000
    if isinstance(now, int):
        return _checked(now, 0)
    if isinstance(now, float):
        if now != now or now in (float("inf"), float("-inf")):
            raise ValueError("now: the instant is out of range")
        seconds = int(now // 1)
        return _checked(seconds, min(int(round((now - seconds) * 1e9)), 999_999_999))
    if isinstance(now, str):
        parsed = _usertoken.parse_instant(now)
        if parsed is None:
            raise ValueError(_NOW_MESSAGE)
        return parsed
    raise TypeError(f"now must be a datetime, int, float, str or None, not {type(now).__name__}")


def _checked(seconds: int, nanos: int) -> Tuple[int, int]:
    # chrono's range is about ±262 000 years; beyond an i64 PyO3 would
    # raise OverflowError, which is a ValueError too but reads worse.
    if not -(1 << 62) <= seconds < (1 << 62):
        raise ValueError("now: the instant is out of range")
    return seconds, nanos


def to_datetime(value: Optional[Tuple[int, int]]) -> Optional[_dt.datetime]:
    """An aware UTC ``datetime``; ``None`` for ``None`` or an instant
    outside ``datetime``'s years 1 to 9999."""
    if value is None:
        return None
    seconds, nanos = value
    try:
        return _EPOCH + _dt.timedelta(seconds=seconds, microseconds=nanos // 1000)
    except OverflowError:
        return None
