"""A structlog processor that takes tokens out of every event.

>>> import structlog, usertoken.structlog
>>> structlog.configure(processors=[
...     structlog.processors.add_log_level,
...     structlog.processors.format_exc_info,
...     usertoken.structlog.redact_tokens,      # after whatever renders text,
...     structlog.processors.JSONRenderer(),    # before the renderer
... ])

Put it after processors that turn exceptions and stacks into strings
(``format_exc_info``, ``StackInfoRenderer``, ``dict_tracebacks``) so their
text is redacted too, and before the renderer.
"""

from __future__ import annotations

from typing import Any, MutableMapping

from . import Issuers, _issuers, _style, _usertoken

__all__ = ["RedactTokens", "redact_tokens"]


class RedactTokens:
    """A processor: every ``str`` (and ``bytes``) in the event dict has its
    tokens replaced, keys too, inside nested dicts, lists, tuples and sets
    at any depth. Other values are left as they are.

    Args:
        style: ``mask``, ``fingerprint`` or ``summary``; see
            :func:`usertoken.redact`.
        issuers: more issuers for the ``summary`` style.
    """

    def __init__(self, style: str = "mask", issuers: Issuers = None) -> None:
        self._style = _style(style)
        self._issuers = _issuers(issuers)
        self._redact = _usertoken.Redactor(self._style, self._issuers).redact

    def __call__(self, logger: Any, method_name: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
        for key in list(event_dict):
            value = event_dict[key]
            clean_key = self._clean(key)
            if clean_key is not key:
                del event_dict[key]
            event_dict[clean_key] = self._clean(value)
        return event_dict

    def _clean(self, value: Any, depth: int = 0) -> Any:
        if isinstance(value, (str, bytes)):
            return self._redact(value)
        if depth > 64:
            # Deeper than any event should be: its text, redacted, rather
            # than anything unchecked.
            return self._redact(repr(value))
        if isinstance(value, dict):
            return {self._clean(k, depth + 1): self._clean(v, depth + 1) for k, v in value.items()}
        if isinstance(value, list):
            return [self._clean(v, depth + 1) for v in value]
        if isinstance(value, tuple):
            items = [self._clean(v, depth + 1) for v in value]
            # Named tuples keep their type.
            return type(value)(*items) if hasattr(value, "_fields") else tuple(items)
        if isinstance(value, (set, frozenset)):
            return type(value)(self._clean(v, depth + 1) for v in value)
        return value

    def __repr__(self) -> str:
        return f"<usertoken.structlog.RedactTokens style={self._style!r}>"


#: The processor with the ``mask`` style.
redact_tokens = RedactTokens()
