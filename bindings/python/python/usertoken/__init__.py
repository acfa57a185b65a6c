"""Inspect, diagnose, verify and redact Argyle user tokens (JWTs) without a key.

This is the ``usertoken`` Rust crate for Python: every answer is the one the
``usertoken`` command-line tool gives for the same input and instant.

>>> import usertoken
>>> report = usertoken.inspect(token, now="2023-11-14T22:13:20Z")   # doctest: +SKIP
>>> report.environment, report.expired                              # doctest: +SKIP
('production', True)
>>> usertoken.redact("Authorization: Bearer " + token)              # doctest: +SKIP
'Authorization: Bearer [REDACTED-JWT]'

Two rules hold throughout: the field layout is unstable (every claim is
optional, unknown claims are kept verbatim, a claim of another type is a
diagnostic), and expiry is never enforced (an expired token reads like a
fresh one). Nothing the package raises or shows (exceptions, ``repr``,
``str``) contains a signature or a whole token.

Time is a parameter: functions that judge time take ``now`` (a
``datetime``, naive meaning UTC; unix seconds; or the strings ``usertoken
--now`` reads); ``None`` reads the clock.

Integrations: :mod:`usertoken.logging` (a ``logging.Filter``),
:mod:`usertoken.structlog` (a processor), :mod:`usertoken.spark` (PySpark
over Arrow batches; ``pip install "usertoken[spark]"``).
"""

from __future__ import annotations

import datetime as _dt
import json as _json
from typing import (
    IO,
    Any,
    Dict,
    Iterable,
    List,
    Mapping,
    NamedTuple,
    Optional,
    Tuple,
    TypeVar,
    Union,
)

from . import _usertoken
from ._errors import TokenError
from ._time import Now, instant as _instant, to_datetime as _to_datetime

__all__ = [
    "HAS_VERIFY",
    "Comparison",
    "Diagnostic",
    "Found",
    "Redactor",
    "Report",
    "Token",
    "TokenError",
    "compare",
    "find_tokens",
    "inspect",
    "inspect_all",
    "parse",
    "redact",
    "redact_stream",
    "scan",
    "summary",
    "verify",
]

__version__ = "0.1.0"

#: Whether this build includes signature verification (:func:`verify`).
HAS_VERIFY: bool = _usertoken.HAS_VERIFY

#: Inputs longer than this many bytes are not read as tokens (``too-large``).
DEFAULT_MAX_LEN: int = _usertoken.DEFAULT_MAX_LEN

Issuers = Union[None, Mapping[str, str], Iterable[Tuple[str, str]]]
Text = TypeVar("Text", str, bytes)

#: Replaces tokens with a style and issuers read once; see its ``redact``.
Redactor = _usertoken.Redactor


def _issuers(issuers: Issuers) -> List[Tuple[str, str]]:
    """``issuers`` as ``[(issuer, environment), ...]``."""
    if issuers is None:
        return []
    items = issuers.items() if isinstance(issuers, Mapping) else issuers
    if isinstance(items, (str, bytes)):
        raise TypeError("issuers must be a mapping of issuer to environment, not str")
    out = []
    try:
        for pair in items:
            name, env = pair
            if not isinstance(name, str) or not isinstance(env, str):
                raise TypeError
            out.append((name, env))
    except (TypeError, ValueError):
        raise TypeError(
            "issuers must be a mapping of issuer names to environment names (str to str)"
        ) from None
    return out


def _style(style: Any) -> str:
    if not isinstance(style, str):
        raise TypeError(f"style must be str, not {type(style).__name__}")
    return style


class Diagnostic(NamedTuple):
    """Something noticed about a readable token.

    Attributes:
        severity: ``error``, ``warning`` or ``info``.
        code: a stable code such as ``expired`` or ``environment-mismatch``.
        message: the crate's sentence.
    """

    severity: str
    code: str
    message: str


class Report:
    """Everything known about one input; made by :func:`inspect`.

    ``to_dict()`` is the object ``usertoken inspect --json`` prints, member
    for member; ``str(report)`` is the CLI's human report without colour.
    The attributes are views of the same answer.
    """

    __slots__ = ("_inner", "_dict")

    def __init__(self, _inner: Any) -> None:
        if not isinstance(_inner, _usertoken.Report):
            raise TypeError("Report is made by usertoken.inspect()")
        self._inner = _inner
        self._dict: Optional[Dict[str, Any]] = None

    def _data(self) -> Dict[str, Any]:
        if self._dict is None:
            self._dict = _json.loads(self._inner.json())
        return self._dict

    def to_dict(self) -> Dict[str, Any]:
        """The object ``usertoken inspect --json`` prints for the same input
        and instant (a fresh copy each call)."""
        return _json.loads(self._inner.json())

    def to_json(self) -> str:
        """``usertoken inspect --json``'s line, without the newline."""
        return self._inner.json()

    @property
    def claims(self) -> Optional[Dict[str, Any]]:
        """The claims as they are in the token (all of them, unknown ones
        too); ``None`` when the token is unreadable."""
        return self._data()["claims"]

    @property
    def header(self) -> Optional[Dict[str, Any]]:
        """The header, when it could be read."""
        return self._data()["header"]

    @property
    def issuer(self) -> Optional[str]:
        """``iss``, when it is a string."""
        return self._data()["issuer"]

    @property
    def environment(self) -> Optional[str]:
        """``production``, ``sandbox``, ``staging``, ``development`` or
        ``unknown``; ``None`` only when the token is unreadable."""
        return self._inner.environment()

    @property
    def user_id(self) -> Optional[str]:
        """The ``user_id`` claim, when it is a string."""
        claims = self.claims or {}
        value = claims.get("user_id")
        return value if isinstance(value, str) else None

    @property
    def client_id(self) -> Optional[str]:
        """The ``client_id`` claim, when it is a string."""
        claims = self.claims or {}
        value = claims.get("client_id")
        return value if isinstance(value, str) else None

    @property
    def issued_at(self) -> Optional[_dt.datetime]:
        """``iat`` as an aware UTC ``datetime``."""
        return _to_datetime(self._inner.issued_at())

    @property
    def expires_at(self) -> Optional[_dt.datetime]:
        """``exp`` as an aware UTC ``datetime``."""
        return _to_datetime(self._inner.expires_at())

    @property
    def now(self) -> Optional[_dt.datetime]:
        """The instant time was judged at."""
        return _to_datetime(self._inner.now())

    @property
    def expired(self) -> Optional[bool]:
        """Whether the token had expired at ``now``: reported, never
        enforced. ``None`` when there is no readable ``exp``."""
        return self._inner.expired()

    @property
    def diagnostics(self) -> List[Diagnostic]:
        """What looks wrong (or is worth knowing), worst first."""
        return [Diagnostic(d["severity"], d["code"], d["message"]) for d in self._data()["diagnostics"]]

    @property
    def error(self) -> Optional[TokenError]:
        """Why the input is not a readable token (not raised), or ``None``."""
        return self._inner.error()

    @property
    def fingerprint(self) -> Optional[str]:
        """A short hash of the token text: follows one token across logs
        without keeping it."""
        return self._inner.fingerprint()

    @property
    def signature(self) -> str:
        """``not-checked`` (no key was given), ``missing`` (the token was cut
        off after its payload) or ``damaged`` (a signature of a length
        base64 cannot have)."""
        return self._data()["signature"]

    @property
    def source(self) -> Optional[Dict[str, int]]:
        """Where in pasted text the token was found: ``{"offset", "index",
        "of"}`` (a byte offset; its place among the tokens found, from 1;
        how many); ``None`` when the input was the token."""
        return self._data()["source"]

    def summary(self) -> str:
        """One line that is safe to paste into a ticket, as ``usertoken
        summary`` prints it."""
        return self._inner.summary()

    def __str__(self) -> str:
        return self._inner.human()

    def __repr__(self) -> str:
        if self.error is not None:
            return f"<usertoken.Report error={self.error.kind!r} fingerprint={self.fingerprint!r}>"
        return (
            f"<usertoken.Report environment={self.environment!r} expired={self.expired!r} "
            f"fingerprint={self.fingerprint!r}>"
        )


class Token:
    """A readable token; made by :func:`parse`. Its ``repr`` never shows
    the token."""

    __slots__ = ("_inner", "header", "claims", "signed", "signature_len", "notes")

    #: The header, as it is in the token.
    header: Dict[str, Any]
    #: The claims, as they are in the token.
    claims: Dict[str, Any]
    #: Whether the signature segment is not empty.
    signed: bool
    #: The decoded signature's length in bytes.
    signature_len: int
    #: What reading the token noticed (a BOM, padding, …).
    notes: List[Diagnostic]

    def __init__(self, _inner: Any) -> None:
        if not isinstance(_inner, _usertoken.Token):
            raise TypeError("Token is made by usertoken.parse()")
        self._inner = _inner
        self.header = _json.loads(_inner.header_json())
        self.claims = _json.loads(_inner.claims_json())
        self.signed = _inner.is_signed()
        self.signature_len = _inner.signature_len()
        self.notes = [
            Diagnostic(d["severity"], d["code"], d["message"]) for d in _json.loads(_inner.notes_json())
        ]

    def __repr__(self) -> str:
        return f"<usertoken.Token alg={self.header.get('alg')!r} claims={len(self.claims)}>"


class Comparison:
    """Two reports side by side, A and B; made by :func:`compare`.

    ``str(comparison)`` is what ``usertoken compare A B`` prints.
    """

    __slots__ = (
        "first",
        "second",
        "same_user",
        "same_client",
        "same_environment",
        "issued",
        "same_token",
        "same_user_and_client",
        "both_readable",
        "_text",
    )

    first: Report
    second: Report
    #: Same ``user_id`` (``sub`` when there is none); ``None`` when either lacks one.
    same_user: Optional[bool]
    #: Same ``client_id``; ``None`` when either lacks one.
    same_client: Optional[bool]
    #: Same known environment; ``None`` when either is unknown or unreadable.
    same_environment: Optional[bool]
    #: -1 when B was issued later, 1 when A was, 0 at the same second; ``None`` without both ``iat``.
    issued: Optional[int]
    #: The very same token (same fingerprint).
    same_token: bool
    #: Both readable, same user and same client: ``usertoken compare``'s exit status 0.
    same_user_and_client: bool
    #: Both tokens readable.
    both_readable: bool

    def __init__(self, first: Report, second: Report, answer: tuple) -> None:
        self.first = first
        self.second = second
        (
            self._text,
            self.same_user,
            self.same_client,
            self.same_environment,
            self.issued,
            self.same_token,
            self.same_user_and_client,
            self.both_readable,
        ) = answer

    def __bool__(self) -> bool:
        return self.same_user_and_client

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return (
            f"<usertoken.Comparison same_user={self.same_user!r} same_client={self.same_client!r} "
            f"same_environment={self.same_environment!r} issued={self.issued!r}>"
        )


class Found(NamedTuple):
    """A token found in text: where it is and its kind, never its text.

    Offsets are characters into a ``str`` and bytes into ``bytes``;
    ``text[found.start:found.end]`` is the token.
    """

    start: int
    end: int
    #: ``jws`` (signed), ``jwe`` (encrypted), ``unsigned``, ``truncated`` (cut
    #: off after its payload) or ``damaged``.
    kind: str


def inspect(
    token: Union[str, bytes],
    *,
    now: Now = None,
    issuers: Issuers = None,
    sandbox: Optional[bool] = None,
    client_id: Optional[str] = None,
    user_id: Optional[str] = None,
) -> Report:
    """Inspects any input and always returns a :class:`Report`.

    The input may be a bare token or whatever was pasted around one (a
    ``Bearer`` header, a log line, a curl command): the report of the first
    token found in it, whose :attr:`Report.source` says where and how many
    there are (:func:`inspect_all` gives them all). An unreadable token's
    error is in :attr:`Report.error`, not raised.

    Args:
        token: ``str`` or ``bytes``.
        now: the instant to judge time at (see the module docs); ``None``
            reads the clock.
        issuers: more issuers, ``{"my-issuer": "sandbox"}``, on top of the
            documented table (as ``--issuer NAME=ENV``).
        sandbox: Link's ``sandbox`` setting to check the token against.
        client_id: the integrator's client to check ``client_id`` against.
        user_id: the user the token was requested for.

    Raises:
        TypeError: ``token`` is not ``str`` or ``bytes``, or another argument
            has the wrong type.
        ValueError: ``now`` is no instant, or an issuer's environment is not
            ``production``, ``sandbox``, ``staging``, ``development`` or
            ``unknown``.
    """
    if sandbox is not None and not isinstance(sandbox, bool):
        raise TypeError(f"sandbox must be bool or None, not {type(sandbox).__name__}")
    for name, value in (("client_id", client_id), ("user_id", user_id)):
        if value is not None and not isinstance(value, str):
            raise TypeError(f"{name} must be str or None, not {type(value).__name__}")
    return inspect_all(
        token, now=now, issuers=issuers, sandbox=sandbox, client_id=client_id, user_id=user_id
    )[0]


def inspect_all(
    token: Union[str, bytes],
    *,
    now: Now = None,
    issuers: Issuers = None,
    sandbox: Optional[bool] = None,
    client_id: Optional[str] = None,
    user_id: Optional[str] = None,
    paste: bool = False,
) -> List[Report]:
    """Inspects pasted text: one :class:`Report` per token, as ``usertoken
    inspect --json`` prints one line per token. A token by itself gives one
    report; text holding tokens (a log line, a curl command, an API
    response) gives one for each, each with its :attr:`Report.source`; text
    holding none gives one report whose error says so. With ``paste=True``
    the text is read whole as ``usertoken inspect --paste`` reads it: a Link
    configuration's ``userToken`` is inspected and its ``sandbox`` checked.
    :func:`inspect` returns the first of these reports.

    Raises: as :func:`inspect`, and ``TypeError`` when ``paste`` is not bool.
    """
    if sandbox is not None and not isinstance(sandbox, bool):
        raise TypeError(f"sandbox must be bool or None, not {type(sandbox).__name__}")
    if not isinstance(paste, bool):
        raise TypeError(f"paste must be bool, not {type(paste).__name__}")
    for name, value in (("client_id", client_id), ("user_id", user_id)):
        if value is not None and not isinstance(value, str):
            raise TypeError(f"{name} must be str or None, not {type(value).__name__}")
    link = {"sandbox": sandbox, "client_id": client_id, "user_id": user_id}
    inner = _usertoken.inspect(token, _instant(now), _issuers(issuers), link, paste)
    return [Report(r) for r in inner]


def parse(token: Union[str, bytes]) -> Token:
    """Reads ``token`` strictly: the entry point for code that needs a token.

    Raises:
        TokenError: the input is not a readable token; it has ``kind``,
            ``part`` and ``offset``, never token text.
        TypeError: ``token`` is not ``str`` or ``bytes``.
    """
    return Token(_usertoken.parse(token))


def summary(token: Union[str, bytes], now: Now = None, *, issuers: Issuers = None) -> str:
    """One line that is safe to paste into a ticket, as ``usertoken
    summary`` prints it: environment, user, client, issue time, expiry at
    ``now``, signature status, fingerprint. Never token text."""
    return inspect(token, now=now, issuers=issuers).summary()


def compare(
    a: Union[str, bytes, Report],
    b: Union[str, bytes, Report],
    *,
    now: Now = None,
    issuers: Issuers = None,
) -> Comparison:
    """Sets token (or report) A beside B: same user, client and
    environment, which was issued later. ``str()`` of the result is what
    ``usertoken compare A B`` prints."""
    ra = a if isinstance(a, Report) else inspect(a, now=now, issuers=issuers)
    rb = b if isinstance(b, Report) else inspect(b, now=now, issuers=issuers)
    return Comparison(ra, rb, _usertoken.compare(ra._inner, rb._inner))


# The extension's own function (its docstring is there): a line at a
# time, a Python frame in front of it cost more than finding the tokens.
redact = _usertoken.redact


def redact_stream(src: IO[bytes], dst: IO[bytes], style: str = "mask", *, issuers: Issuers = None) -> int:
    """Copies binary file object ``src`` to ``dst`` with every token
    replaced, holding about 1 MiB whatever the size or line length; tokens
    across reads are found all the same. Returns how many were replaced.

    ``src`` needs ``read(n)`` returning ``bytes``; ``dst`` needs
    ``write(bytes)``; ``dst.flush()`` is called at the end when it exists.
    The GIL is released between those calls.

    Raises:
        TypeError: a file object is not binary (or lacks the method).
        ValueError: ``style`` is not one of the three.
        OSError: and anything else a file object raised, as it was raised.
    """
    return _usertoken.redact_stream(src, dst, _style(style), _issuers(issuers))


def find_tokens(text: Union[str, bytes]) -> List[Found]:
    """Every token in ``text``, in order, as :class:`Found` ``(start, end,
    kind)``: character offsets for ``str``, byte offsets for ``bytes``.

    Raises:
        TypeError: ``text`` is not ``str`` or ``bytes``.
    """
    return [Found(s, e, k) for s, e, k in _usertoken.find_tokens(text)]


def scan(text: Union[str, bytes], now: Now = None, *, issuers: Issuers = None) -> List[Dict[str, Any]]:
    """Every token in ``text`` with whose it is: the objects ``usertoken
    scan`` prints, less ``file``.

    Each has ``offset`` (characters into a ``str``, bytes into ``bytes``),
    ``line`` and ``column`` (1-based; the column in characters),
    ``length`` (bytes), ``kind``, ``fingerprint``,
    ``issuer``, ``environment``, ``user_id``, ``client_id``,
    ``expires_at`` (RFC 3339) and ``expired`` (at ``now``). Never token
    text.
    """
    return _json.loads(_usertoken.scan(text, _instant(now), _issuers(issuers)))


def verify(
    token: Union[str, bytes],
    *,
    key: Union[str, bytes, None] = None,
    secret: Union[str, bytes, None] = None,
    secret_base64: bool = False,
    max_len: int = DEFAULT_MAX_LEN,
) -> Dict[str, Any]:
    """Checks ``token``'s signature: the object ``usertoken verify --json``
    prints (``signature`` is ``valid``, ``invalid``, ``unsupported`` …, with
    ``algorithm``, ``kid``, ``key`` and ``reason``).

    Give exactly one of ``key`` (a public key or key set, told apart by
    content: PEM, JWK or JWKS) or ``secret`` (an HMAC secret's bytes; base64
    text with ``secret_base64=True``). Only the signature is judged: an
    expired token with a good signature is valid.

    Raises:
        TypeError: neither or both of ``key`` and ``secret``, or wrong types.
        ValueError: the key cannot be read.
        NotImplementedError: the package was built without verification.
    """
    if not HAS_VERIFY:
        raise NotImplementedError("this build of usertoken has no signature verification")
    if not isinstance(secret_base64, bool):
        raise TypeError(f"secret_base64 must be bool, not {type(secret_base64).__name__}")
    if isinstance(max_len, bool) or not isinstance(max_len, int) or max_len < 0:
        raise TypeError("max_len must be a non-negative int")
    return _json.loads(_usertoken.verify(token, key, secret, secret_base64, max_len))
