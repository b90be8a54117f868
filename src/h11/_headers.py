"""The ``Headers`` sequence, validation of user-given headers, and comma-list helpers.

Owns: the ``Headers`` type every event carries (``(raw_name, lower_name, value)``
triples), the checks a header list must pass (RFC 9110 §5 grammar, RFC 9112 §6
Content-Length / Transfer-Encoding rules), and the *framing facts* of a header
list: Content-Length, chunked, ``Connection: close``, Upgrade, ``Expect:
100-continue`` and Host count. The facts are collected in the same pass that
validates the list, stored on the ``Headers`` object, and read by the connection
instead of rescanning headers.

Never knows: states, roles, how bytes are found on the wire.

Invariants: a ``Headers`` built here has lowercase names, at most one
Transfer-Encoding (value ``b"chunked"``), at most one Content-Length (1-20 ASCII
digits). A ``Headers`` built by a caller from raw triples is trusted as is; its
facts are computed the first time someone asks.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, SupportsIndex, Union, cast, overload

from ._abnf import CONTENT_LENGTH_RE, FIELD_VALUE_RE, TOKEN_RE
from ._util import LocalProtocolError, bytesify

if TYPE_CHECKING:
    from ._events import Request

__all__ = [
    "CONTENT_LENGTH_MAX_DIGITS",
    "Headers",
    "get_comma_header",
    "has_expect_100_continue",
    "normalize_and_validate",
    "set_comma_header",
]

CONTENT_LENGTH_MAX_DIGITS = 20

# What callers may pass as ``headers=``: a ``Headers`` or any iterable of name/value pairs.
HeaderTypes = Union[
    "Headers",
    Sequence[tuple[bytes, bytes]],
    Sequence[tuple[str, str]],
    Iterable[Any],
]

# Framing facts, as bits of ``Headers._flags`` (``-1``: not computed yet).
FLAG_CHUNKED = 1  # Transfer-Encoding: chunked
FLAG_CLOSE = 2  # "close" among the Connection tokens
FLAG_UPGRADE = 4  # a non-empty Upgrade token
FLAG_EXPECT_CONTINUE = 8  # "100-continue" among the Expect tokens
FLAG_HOST = 16  # at least one Host
FLAG_MULTIPLE_HOST = 32  # more than one Host
FLAG_CONNECTION = 64  # a Connection header of any value


class Headers(Sequence[tuple[bytes, bytes]]):
    """An ordered list of header fields, as ``(lowercased_name, value)`` pairs.

    Iterating, indexing and comparing use the lowercased names; ``raw_items()``
    gives the names as they were spelled when sent or received. Immutable by
    convention. Equal to any sequence of the same ``(name, value)`` pairs.
    """

    __slots__ = ("_content_length", "_flags", "_full_items")

    _full_items: Sequence[tuple[bytes, bytes, bytes]]
    _flags: int
    _content_length: int | None

    def __init__(
        self,
        full_items: Sequence[tuple[bytes, bytes, bytes]],
        _flags: int = -1,
        _content_length: int | None = None,
    ) -> None:
        self._full_items = full_items
        self._flags = _flags
        self._content_length = _content_length

    def __bool__(self) -> bool:
        return bool(self._full_items)

    def __len__(self) -> int:
        return len(self._full_items)

    @overload
    def __getitem__(self, idx: SupportsIndex) -> tuple[bytes, bytes]: ...

    @overload
    def __getitem__(self, idx: slice) -> list[tuple[bytes, bytes]]: ...

    def __getitem__(
        self, idx: SupportsIndex | slice
    ) -> tuple[bytes, bytes] | list[tuple[bytes, bytes]]:
        if isinstance(idx, slice):
            return [(name, value) for _, name, value in self._full_items[idx]]
        _, name, value = self._full_items[idx.__index__()]
        return (name, value)

    def __iter__(self) -> Iterator[tuple[bytes, bytes]]:
        return iter([(name, value) for _, name, value in self._full_items])

    def __eq__(self, other: object) -> bool:
        try:
            other_items = list(other)  # type: ignore[call-overload]
        except TypeError:
            return NotImplemented
        equal: bool = list(self) == other_items
        return equal

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<Headers({list(self)!r})>"

    def raw_items(self) -> list[tuple[bytes, bytes]]:
        """Return ``(name, value)`` pairs with each name spelled as it was given."""
        return [(raw_name, value) for raw_name, _, value in self._full_items]


# The header list of every EndOfMessage without trailers (immutable, so shared).
EMPTY_HEADERS = Headers((), 0, None)


def framing_facts(headers: Headers) -> tuple[int, int | None]:
    """Return ``(flags, content_length)`` for ``headers``, computing them at most once."""
    if headers._flags < 0:
        # A Headers built by a caller from raw triples: derive the facts now, with the
        # same checks as for user headers (bad Content-Length is still refused).
        rebuilt = normalize_and_validate(
            [(raw, value) for raw, _, value in headers._full_items], _parsed=True
        )
        headers._flags = rebuilt._flags
        headers._content_length = rebuilt._content_length
    return headers._flags, headers._content_length


def _comma_tokens(value: bytes) -> list[bytes]:
    # RFC 9110 §5.6.1: #element lists; empty elements are ignored. Tokens are compared
    # case-insensitively wherever h11 interprets them.
    return [piece for piece in (p.strip() for p in value.lower().split(b",")) if piece]


# Header names and values that already passed the checks below, keyed by the object the
# application gave, so that what an application sends again and again is converted and
# checked once. ``str`` and ``bytes`` keys live in separate dicts (an ASCII str and its
# bytes hash alike, and comparing them would warn under ``python -b``). Bounded in
# entries and in length, so memory stays small whatever is sent. Only ever holds values
# that passed the checks.
_STR_NAMES: dict[str, tuple[bytes, bytes]] = {}  # given -> (name, lowercased name)
_BYTES_NAMES: dict[bytes, tuple[bytes, bytes]] = {}
_STR_VALUES: dict[str, bytes] = {}  # given -> value
_BYTES_VALUES: dict[bytes, bytes] = {}
_CACHE_MAX_ENTRIES = 1024
_CACHE_MAX_LENGTH = 128


def _remember(cache: dict[Any, Any], key: Any, entry: Any, length: int) -> None:
    if length <= _CACHE_MAX_LENGTH and len(cache) < _CACHE_MAX_ENTRIES:
        cache[key] = entry


def _checked_pair(given_name: Any, given_value: Any) -> tuple[bytes, bytes, bytes]:
    """Convert and check one user-given header; return ``(name, lowercased name, value)``."""
    name = bytesify(given_name)
    value = bytesify(given_value)
    # RFC 9110 §5.1: field-name = token
    if TOKEN_RE.fullmatch(name) is None:
        raise LocalProtocolError(f"Illegal header name {name!r}")
    # RFC 9110 §5.5: field-value; no leading/trailing whitespace, no CR, LF or NUL.
    if FIELD_VALUE_RE.fullmatch(value) is None:
        raise LocalProtocolError(f"Illegal header value {value!r}")
    lname = name.lower()
    if type(given_name) is str:
        _remember(_STR_NAMES, given_name, (name, lname), len(name))
    elif type(given_name) is bytes:
        _remember(_BYTES_NAMES, given_name, (name, lname), len(name))
    if type(given_value) is str:
        _remember(_STR_VALUES, given_value, value, len(value))
    elif type(given_value) is bytes:
        _remember(_BYTES_VALUES, given_value, value, len(value))
    return name, lname, value


def normalize_and_validate(headers: HeaderTypes, _parsed: bool = False) -> Headers:
    """Turn user-given headers into a validated ``Headers`` with its framing facts.

    A ``Headers`` instance is returned unchanged. With ``_parsed=True`` the caller
    promises names and values are ``bytes`` that already passed the character
    checks (the parser's case); lowercasing and the Content-Length /
    Transfer-Encoding rules still apply.
    """
    if isinstance(headers, Headers):
        return headers
    items: list[tuple[bytes, bytes, bytes]] = []
    specials: list[int] = []
    pairs = cast("Iterable[tuple[Any, Any]]", headers)
    if _parsed:
        for name, value in pairs:
            lname = name.lower()
            if lname in SPECIAL_HEADERS:
                specials.append(len(items))
            items.append((name, lname, value))
        return build_headers(items, specials)
    str_name, bytes_name = _STR_NAMES.get, _BYTES_NAMES.get
    str_value, bytes_value = _STR_VALUES.get, _BYTES_VALUES.get
    for given_name, given_value in pairs:
        kind = type(given_name)
        known_name = (
            str_name(given_name)
            if kind is str
            else bytes_name(given_name)
            if kind is bytes
            else None
        )
        kind = type(given_value)
        value = (
            str_value(given_value)
            if kind is str
            else bytes_value(given_value)
            if kind is bytes
            else None
        )
        if known_name is None or value is None:
            try:
                item = _checked_pair(given_name, given_value)
            except Exception:
                # Pairs are checked in order: a Content-Length/Transfer-Encoding
                # problem in an earlier pair is the one to report.
                build_headers(items, specials)
                raise
        else:
            item = (known_name[0], known_name[1], value)
        if item[1] in SPECIAL_HEADERS:
            specials.append(len(items))
        items.append(item)
    return build_headers(items, specials)


def build_headers(items: list[tuple[bytes, bytes, bytes]], specials: list[int]) -> Headers:
    """Make a ``Headers`` from checked triples, applying the rules of the special ones.

    ``specials`` lists the indexes of the items whose name is in ``SPECIAL_HEADERS``.
    Content-Length and Transfer-Encoding values are normalised (RFC 9110 §8.6,
    RFC 9112 §6.1) and every framing fact is recorded. This is the one place those
    rules live: user headers and parsed headers both come through here.
    """
    flags = 0
    content_length: bytes | None = None
    dropped = False
    for index in specials:
        raw_name, lname, value = items[index]
        if lname == b"host":
            flags |= FLAG_MULTIPLE_HOST if flags & FLAG_HOST else FLAG_HOST
        elif lname == b"connection":
            flags |= FLAG_CONNECTION
            lowered = value.lower()
            if lowered == b"close" or (
                lowered != b"keep-alive" and b"close" in _comma_tokens(lowered)
            ):
                flags |= FLAG_CLOSE
        elif lname == b"content-length":
            if not (value.isdigit() and len(value) <= CONTENT_LENGTH_MAX_DIGITS):
                value = _normalize_content_length(value)
                items[index] = (raw_name, lname, value)
            if content_length is not None:
                if value != content_length:
                    raise LocalProtocolError("conflicting Content-Length headers")
                items[index] = None  # type: ignore[call-overload]  # identical repeat: dropped
                dropped = True
                continue
            content_length = value
        elif lname == b"transfer-encoding":
            if flags & FLAG_CHUNKED:
                raise LocalProtocolError(
                    "multiple Transfer-Encoding headers", error_status_hint=501
                )
            if value != b"chunked":
                value = _normalize_transfer_encoding(value)
                items[index] = (raw_name, lname, value)
            flags |= FLAG_CHUNKED
        elif lname == b"upgrade":
            if _comma_tokens(value):
                flags |= FLAG_UPGRADE
        elif b"100-continue" in _comma_tokens(value):  # expect
            flags |= FLAG_EXPECT_CONTINUE
    if dropped:
        items = [item for item in items if item is not None]
    return Headers(items, flags, None if content_length is None else int(content_length))


def _normalize_content_length(value: bytes) -> bytes:
    # RFC 9110 §8.6: a list of identical values may be folded into one; anything else
    # is unrecoverable framing. Digits are checked (and bounded) before int() sees them:
    # int() would accept signs, "_" and surrounding whitespace.
    pieces = {piece.strip() for piece in value.split(b",")}
    if len(pieces) > 1:
        raise LocalProtocolError("conflicting Content-Length headers")
    (piece,) = pieces
    if CONTENT_LENGTH_RE.fullmatch(piece) is None:
        raise LocalProtocolError("bad Content-Length")
    return piece


def _normalize_transfer_encoding(value: bytes) -> bytes:
    # RFC 9112 §6.1: we implement exactly one transfer coding, chunked, and it must be
    # the only one (anything else would leave the message length unknowable).
    value = value.lower()
    if value != b"chunked":
        raise LocalProtocolError(
            "Only Transfer-Encoding: chunked is supported", error_status_hint=501
        )
    return value


# The headers with a built-in meaning (API.md §13); each contributes a framing fact.
SPECIAL_HEADERS = frozenset(
    [b"content-length", b"transfer-encoding", b"connection", b"upgrade", b"expect", b"host"]
)


def get_comma_header(headers: Headers, name: bytes) -> list[bytes]:
    """Return the lowercased, stripped, non-empty comma-separated tokens of ``name``."""
    out: list[bytes] = []
    for _, found_name, found_value in headers._full_items:
        if found_name == name:
            out.extend(_comma_tokens(found_value))
    return out


def set_comma_header(headers: Headers, name: bytes, new_values: list[bytes]) -> Headers:
    """Replace every ``name`` header by one title-cased header per value; re-validate."""
    kept: list[tuple[bytes, bytes]] = [
        (raw_name, value)
        for raw_name, found_name, value in headers._full_items
        if found_name != name
    ]
    title = name.title()
    kept.extend((title, value) for value in new_values)
    return normalize_and_validate(kept)


def has_expect_100_continue(request: Request) -> bool:
    """True if ``request`` asks the server to answer 100 before it sends its body.

    RFC 9110 §10.1.1: a server MUST ignore 100-continue in an HTTP/1.0 request.
    """
    if request.http_version < b"1.1":
        return False
    return bool(framing_facts(request.headers)[0] & FLAG_EXPECT_CONTINUE)
