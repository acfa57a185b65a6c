"""The exception the package raises for input that is not a token."""

from __future__ import annotations

from typing import Optional

__all__ = ["TokenError"]


class TokenError(ValueError):
    """The input is not a token that can be read (shape, base64, JSON).

    Raised by :func:`usertoken.parse`; :attr:`usertoken.Report.error` holds
    one without raising it. It carries the crate's message and where the
    problem is, never any token text.

    Attributes:
        message: the crate's message, e.g. ``invalid base64url character at
            byte 17 of the payload``.
        kind: what is wrong, as a stable code (``segment-count``,
            ``base64``, ``json``, ``too-large``, …): the ``kind`` member of
            ``usertoken inspect --json``'s ``error``.
        part: ``token``, ``header``, ``payload`` or ``signature``.
        offset: the 0-based byte offset in that part, when there is one.
    """

    message: str
    kind: str
    part: str
    offset: Optional[int]

    def __init__(self, message: str, kind: str, part: str, offset: Optional[int] = None) -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.part = part
        self.offset = offset

    def __reduce__(self):  # keeps the attributes through pickle (Spark, multiprocessing)
        return (type(self), (self.message, self.kind, self.part, self.offset))

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return (
            f"TokenError({self.message!r}, kind={self.kind!r}, "
            f"part={self.part!r}, offset={self.offset!r})"
        )

    def to_dict(self) -> dict:
        """The ``error`` member of ``usertoken inspect --json``."""
        return {"kind": self.kind, "message": self.message, "part": self.part, "offset": self.offset}
