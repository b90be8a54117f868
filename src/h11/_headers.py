"""The ``Headers`` sequence, validation of user-given headers, and comma-list helpers.

Owns: the ``Headers`` type every event carries (``(raw_name, lower_name, value)``
triples) and its lookups by name (``get``, ``get_list``, ``in``), the checks a
header list must pass (RFC 9110 §5 grammar, RFC 9112 §6 Content-Length /
Transfer-Encoding rules), and the *framing facts* of a header
list: Content-Length, chunked, ``Connection: close``, Upgrade, ``Expect:
100-continue`` and Host count. The facts are collected in the same pass that
validates the list, stored on the ``Headers`` object, and read by the connection
instead of rescanning headers.

Never knows: states, roles, how bytes are found on the wire, the event classes
(``h11._events`` imports this module; it never imports ``h11._events`` back).

Invariants: a ``Headers`` built here has lowercase names, at most one
Transfer-Encoding (value ``b"chunked"``), at most one Content-Length (1-20 ASCII
digits). A ``Headers`` built by a caller from raw triples is trusted as is; its
facts are computed the first time someone asks.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol, SupportsIndex, TypeVar, Union, overload

from ._abnf import CONTENT_LENGTH_RE, FIELD_VALUE_RE, HOST_VALUE_RE, NON_REG_NAME_TABLE, TOKEN_RE
from ._caches import BoundedCache
from ._util import LocalProtocolError, at_field, bytesify, take_location

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
# Accepted only thanks to an opt-in leniency that touched framing (a repeated
# "Transfer-Encoding: chunked"): the connection must not be reused after the message.
FLAG_NOT_REUSABLE = 128
# A Host whose value is not ``uri-host [ ":" port ]`` (RFC 9112 §3.2); only requests
# care (see host_is_valid).
FLAG_BAD_HOST = 256
# Parsed under a leniency switch that widened the field grammar, and holding a name or
# value outside it: checked again before it is sent (see checked_for_sending).
FLAG_LENIENT = 512


class Headers(Sequence[tuple[bytes, bytes]]):
    """An ordered list of header fields, as ``(lowercased_name, value)`` pairs.

    Iterating, indexing and comparing use the lowercased names; ``raw_items()``
    gives the names as they were spelled when sent or received. Immutable by
    convention. Equal to any sequence of the same ``(name, value)`` pairs.

    Internal interface: ``_full_items``, the ``(raw_name, lower_name, value)``
    triples (the single attribute h11 0.16 had, which its callers also read), is
    read by the modules that put headers on the wire; nothing outside this module
    writes it. The framing facts are read through ``framing_facts()`` only.
    """

    __slots__ = ("_content_length", "_flags", "_full_items", "_lines")

    _full_items: Sequence[tuple[bytes, bytes, bytes]]
    _flags: int
    _content_length: int | None
    # The field lines as h11._writers.field_lines writes them, once it has (None before).
    _lines: bytes | None

    def __init__(
        self,
        full_items: Sequence[tuple[bytes, bytes, bytes]],
        _flags: int = -1,
        _content_length: int | None = None,
    ) -> None:
        self._full_items = full_items
        self._flags = _flags
        self._content_length = _content_length
        self._lines = None

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

    def __contains__(self, item: object) -> bool:
        """``name in headers`` (``str`` or ``bytes``, any case): is there such a field?

        Anything else is looked for as an element, as for any sequence, so
        ``(b"host", b"example.com") in headers`` compares ``(name, value)`` pairs.
        """
        if isinstance(item, (bytes, str)):
            lname = _lookup_name(item)
            if lname is None:
                return False
            # (A loop rather than any(): no generator to allocate.)
            for _, found, _ in self._full_items:  # noqa: SIM110
                if found == lname:
                    return True
            return False
        return Sequence.__contains__(self, item)

    @overload
    def get(self, name: str | bytes) -> bytes | None: ...

    @overload
    def get(self, name: str | bytes, default: _D) -> bytes | _D: ...

    def get(self, name: str | bytes, default: object = None) -> object:
        """The value of the field ``name`` (``str`` or ``bytes``, any case), or ``default``.

        A field that occurs on several lines gives their values joined with ``b", "``,
        which is what they mean together (RFC 9110 §5.3), except for ``Set-Cookie``,
        whose lines cannot be combined: use ``get_list`` for it. The stored value
        itself is returned when there is only one line, so nothing is copied. One pass
        over the fields.
        """
        lname = _lookup_name(name)
        if lname is None:
            return default
        found: bytes | None = None
        several: list[bytes] | None = None
        for _, found_name, value in self._full_items:
            if found_name == lname:
                if found is None:
                    found = value
                elif several is None:
                    several = [found, value]
                else:
                    several.append(value)
        if found is None:
            return default
        return found if several is None else b", ".join(several)

    def get_list(self, name: str | bytes) -> list[bytes]:
        """The elements of the field ``name`` (``str`` or ``bytes``, any case), in order.

        Every line of the field is split into its comma-separated elements (RFC 9110
        §5.6.1: commas inside a quoted string do not separate), each stripped of
        spaces and tabs; empty elements are dropped. ``Set-Cookie`` is the exception:
        its values contain commas (``Expires=Wed, 21 Oct ...``) and each line is one
        element. Values keep their case. ``[]`` if there is no such field. One pass
        over the fields; a line without a comma is returned as stored, not copied.
        """
        out: list[bytes] = []
        lname = _lookup_name(name)
        if lname is None:
            return out
        split = lname != b"set-cookie"
        for _, found_name, value in self._full_items:
            if found_name == lname:
                if not split:
                    out.append(value)
                elif b"," not in value:
                    # One element: the value itself (strip() gives it back unless it had
                    # whitespace to remove), nothing to allocate.
                    piece = value.strip(b" \t")
                    if piece:
                        out.append(piece)
                elif b'"' in value:
                    out.extend(_split_quoted_list(value))
                else:
                    for element in value.split(b","):
                        piece = element.strip(b" \t")
                        if piece:
                            out.append(piece)
        return out


_D = TypeVar("_D")

# Names asked for through Headers.get / get_list / in, lowercased once. Bounded: the
# names a program asks for are few. str and bytes apart (see _STR_NAMES below).
_LOOKUP_MAX_ENTRIES = 256
_LOOKUP_MAX_LENGTH = 128
_LOOKUP_STR: BoundedCache[str, bytes] = BoundedCache(
    "h11._headers._LOOKUP_STR",
    "a `str` name asked for through `Headers.get`/`get_list`/`in` -> its lowercased bytes",
    max_entries=_LOOKUP_MAX_ENTRIES,
    max_length=_LOOKUP_MAX_LENGTH,
    when_full="keep",
)
_LOOKUP_BYTES: BoundedCache[bytes, bytes] = BoundedCache(
    "h11._headers._LOOKUP_BYTES",
    "a `bytes` name asked for through `Headers.get`/`get_list`/`in` -> its lowercased bytes",
    max_entries=_LOOKUP_MAX_ENTRIES,
    max_length=_LOOKUP_MAX_LENGTH,
    when_full="keep",
)


def _lookup_name(name: str | bytes) -> bytes | None:
    """``name`` as a lowercased ``bytes`` header name, or None if it cannot be one."""
    if type(name) is bytes:
        lname = _LOOKUP_BYTES.get(name)
        if lname is None:
            lname = name.lower()
            _LOOKUP_BYTES.remember(name, lname, len(name))
        return lname
    if type(name) is str:
        lname = _LOOKUP_STR.get(name)
        if lname is None:
            try:
                lname = name.encode("ascii").lower()
            except UnicodeEncodeError:
                return None  # h11 turns str into bytes as ASCII: no such name exists
            _LOOKUP_STR.remember(name, lname, len(name))
        return lname
    if isinstance(name, (bytes, str)):  # subclasses: not cached
        return _lookup_name(bytes(name) if isinstance(name, bytes) else str(name))
    raise TypeError(f"header names are str or bytes, not {type(name).__name__}")


def _split_quoted_list(value: bytes) -> list[bytes]:
    """Split a list field value at the commas outside quoted strings (RFC 9110 §5.6.4)."""
    out: list[bytes] = []
    start = 0
    quoted = False
    escaped = False
    for index, byte in enumerate(value):
        if escaped:
            escaped = False
        elif quoted:
            if byte == 0x5C:  # "\\": quoted-pair
                escaped = True
            elif byte == 0x22:  # DQUOTE
                quoted = False
        elif byte == 0x22:
            quoted = True
        elif byte == 0x2C:  # ","
            out.append(value[start:index])
            start = index + 1
    out.append(value[start:])
    return [piece for piece in (p.strip(b" \t") for p in out) if piece]


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


def mark_not_reusable(headers: Headers) -> None:
    """Record that the connection must not be reused after the message ``headers`` head.

    For framing that only an opt-in leniency accepted (``FLAG_NOT_REUSABLE``).
    """
    framing_facts(headers)  # (computed first, if a patched validator left them out)
    headers._flags |= FLAG_NOT_REUSABLE


def mark_lenient(headers: Headers) -> None:
    """Record that ``headers`` hold what only a leniency switch admits (``FLAG_LENIENT``).

    Such headers are checked again if they are sent (``checked_for_sending``).
    """
    framing_facts(headers)  # (computed first, if a patched validator left them out)
    headers._flags |= FLAG_LENIENT


def checked_for_sending(headers: Headers) -> Headers:
    """``headers`` (flagged ``FLAG_LENIENT``) checked as the same pairs in a list would be.

    A client may accept non-token names or VT/FF in values under its leniency switches
    (docs/leniency.rst); a proxy relaying such a ``Headers`` must not write them to the
    wire unchecked: this raises the ``LocalProtocolError`` the pairs would get.
    """
    return normalize_and_validate(headers.raw_items())


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
_CACHE_MAX_ENTRIES = 1024
_CACHE_MAX_LENGTH = 128


def _user_cache(name: str, holds: str) -> BoundedCache[Any, Any]:
    return BoundedCache(
        "h11._headers." + name,
        holds,
        max_entries=_CACHE_MAX_ENTRIES,
        max_length=_CACHE_MAX_LENGTH,
        when_full="keep",
    )


_STR_NAMES = _user_cache("_STR_NAMES", "a `str` header name sent -> (name, lowercased name)")
_BYTES_NAMES = _user_cache("_BYTES_NAMES", "a `bytes` header name sent -> (name, lowercased name)")
_STR_VALUES = _user_cache("_STR_VALUES", "a `str` header value sent -> its checked bytes")
_BYTES_VALUES = _user_cache("_BYTES_VALUES", "a `bytes` header value sent -> its checked bytes")


# Whole pairs -> their checked triple, keyed by the ``(name, value)`` tuple the
# application gave when both are ``bytes`` or both ``str`` (two dicts, for the reason
# above). Emptied when full, so pairs sent once (changing lengths, dates) cannot freeze
# it. Credentials are not kept (see CREDENTIAL_FIELDS).
_PAIRS_MAX_ENTRIES = 512


def _pair_cache(name: str, kind: str) -> BoundedCache[Any, tuple[bytes, bytes, bytes]]:
    return BoundedCache(
        "h11._headers." + name,
        f"a `({kind}, {kind})` header pair sent -> its checked (name, lowercased name, value)",
        max_entries=_PAIRS_MAX_ENTRIES,
        max_length=_CACHE_MAX_LENGTH,
        when_full="empty",
    )


_STR_PAIRS = _pair_cache("_STR_PAIRS", "str")
_BYTES_PAIRS = _pair_cache("_BYTES_PAIRS", "bytes")
# The values of these fields are never cached (here or by the parser's line cache): a
# cache has no reason to keep secrets alive after the message that carried them.
CREDENTIAL_FIELDS = frozenset([b"authorization", b"proxy-authorization", b"cookie", b"set-cookie"])


def _new_pair(pair: Any, given_name: Any, given_value: Any) -> tuple[bytes, bytes, bytes]:
    """The triple of a pair not in the pair caches (checked unless its parts are known)."""
    name_kind = type(given_name)
    known_name = (
        _STR_NAMES.get(given_name)
        if name_kind is str
        else _BYTES_NAMES.get(given_name)
        if name_kind is bytes
        else None
    )
    kind = type(given_value)
    value = (
        _STR_VALUES.get(given_value)
        if kind is str
        else _BYTES_VALUES.get(given_value)
        if kind is bytes
        else None
    )
    if known_name is None or value is None:
        item = _checked_pair(given_name, given_value)
    else:
        item = (known_name[0], known_name[1], value)
    if (
        type(pair) is tuple
        and kind is name_kind
        and (kind is bytes or kind is str)
        and item[1] not in CREDENTIAL_FIELDS
    ):
        (_BYTES_PAIRS if kind is bytes else _STR_PAIRS).remember(
            pair, item, max(len(given_name), len(given_value))
        )
    return item


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
        _STR_NAMES.remember(given_name, (name, lname), len(name))
    elif type(given_name) is bytes:
        _BYTES_NAMES.remember(given_name, (name, lname), len(name))
    if lname in CREDENTIAL_FIELDS:
        pass
    elif type(given_value) is str:
        _STR_VALUES.remember(given_value, value, len(value))
    elif type(given_value) is bytes:
        _BYTES_VALUES.remember(given_value, value, len(value))
    return name, lname, value


def normalize_and_validate(headers: HeaderTypes, _parsed: bool = False) -> Headers:
    """Turn user-given headers into a validated ``Headers`` with its framing facts.

    A ``Headers`` instance is returned unchanged. With ``_parsed=True`` the caller
    promises names and values are ``bytes`` that already passed the character
    checks (the parser's case); lowercasing and the Content-Length /
    Transfer-Encoding rules still apply.
    """
    # (A list is never a Headers: skip ABCMeta's Python-level isinstance() for it.)
    if type(headers) is not list:
        if isinstance(headers, Headers):
            return headers
    elif not _parsed and len(headers) <= _LISTS_MAX_PAIRS:
        # A list of (bytes, bytes) pairs sent before: its Headers as checked then. Only
        # bytes get to the lookup (a str would be compared with the bytes of the keys: a
        # BytesWarning under python -b), and lists naming a credential do not try.
        try:
            for name, value in headers:
                if (
                    type(name) is not bytes
                    or type(value) is not bytes
                    or name in _CREDENTIAL_SPELLINGS
                ):
                    return _normalize_and_validate(headers, False)
            key = tuple(headers)
            found = _BYTES_LISTS.get(key)  # (a list as a pair: TypeError)
        except (TypeError, ValueError):  # (a pair that is no pair)
            return _normalize_and_validate(headers, False)
        if found is None:
            found = _normalize_and_validate(headers, False)
            if _may_keep(key, found):
                found._full_items = tuple(found._full_items)
                _BYTES_LISTS.remember(key, found)
        return found
    return _normalize_and_validate(headers, _parsed)


# Whole header lists -> their checked ``Headers``, for lists of ``(bytes, bytes)``
# tuples (no other kind, so that no str is ever compared with bytes): what an
# application gives on every response, checked once. The ``Headers`` is shared by the
# events built from equal lists (it is immutable; its items are a tuple). Emptied when
# full; lists with a credential field (see CREDENTIAL_FIELDS) or a long name or value
# are never kept.
_LISTS_MAX_ENTRIES = 256
_LISTS_MAX_PAIRS = 16
_BYTES_LISTS: BoundedCache[tuple[tuple[bytes, bytes], ...], Headers] = BoundedCache(
    "h11._headers._BYTES_LISTS",
    f"a list of up to {_LISTS_MAX_PAIRS} `(bytes, bytes)` header pairs sent, naming no "
    "credential -> its checked `Headers` (shared, immutable)",
    max_entries=_LISTS_MAX_ENTRIES,
    when_full="empty",
)
# The usual spellings of CREDENTIAL_FIELDS: lists naming one skip the lookup (others are
# found out by _may_keep).
_CREDENTIAL_SPELLINGS = frozenset(
    spelling
    for name in (b"authorization", b"proxy-authorization", b"cookie", b"set-cookie")
    for spelling in (name, name.title(), name.upper())
)


def _may_keep(key: tuple[Any, ...], headers: Headers) -> bool:
    """Whether a list that passed the checks may be kept.

    Only lists of ``(bytes, bytes)`` tuples of short parts, naming no credential.
    """
    for item in headers._full_items:
        if item[1] in CREDENTIAL_FIELDS:
            return False
    for pair in key:
        if type(pair) is not tuple or len(pair) != 2:
            return False
        name, value = pair  # (bytes: normalize_and_validate made sure)
        if len(name) > _CACHE_MAX_LENGTH or len(value) > _CACHE_MAX_LENGTH:
            return False
    return True


def _normalize_and_validate(headers: HeaderTypes, _parsed: bool) -> Headers:
    items: list[tuple[bytes, bytes, bytes]] = []
    specials: list[int] = []
    pairs: Iterable[tuple[Any, Any]] = headers
    try:
        if _parsed:
            for name, value in pairs:
                lname = name.lower()
                if lname in SPECIAL_HEADERS:
                    specials.append(len(items))
                items.append((name, lname, value))
            return build_headers(items, specials)
        str_pair, bytes_pair = _STR_PAIRS.get, _BYTES_PAIRS.get
        try:
            for pair in pairs:
                given_name, given_value = pair
                kind = type(given_name)
                # A pair seen before, looked up as the very tuple given: (bytes, bytes) and
                # (str, str) pairs in separate dicts (see _STR_PAIRS).
                if type(pair) is not tuple or kind is not type(given_value):
                    item = None
                elif kind is bytes:
                    item = bytes_pair(pair)
                elif kind is str:
                    item = str_pair(pair)
                else:
                    item = None
                if item is None:
                    item = _new_pair(pair, given_name, given_value)
                if item[1] in SPECIAL_HEADERS:
                    specials.append(len(items))
                items.append(item)
        except Exception:
            # Pairs are checked in order, each through every rule: a Content-Length or
            # Transfer-Encoding problem among the pairs before the one that failed (or before
            # the iterable itself failed: a malformed pair, a generator that raised) is the
            # one to report.
            build_headers(items, specials)
            raise
        return build_headers(items, specials)
    except LocalProtocolError as exc:
        # build_headers records which field an error is about, for the parser's error
        # location (h11._readers calls it directly); here the error goes to the user.
        take_location(exc)
        raise


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
    index = 0
    try:
        for index in specials:
            raw_name, lname, value = items[index]
            if lname == b"host":
                flags |= FLAG_MULTIPLE_HOST if flags & FLAG_HOST else FLAG_HOST
                if value not in _VALID_HOSTS and not host_is_valid(value):
                    flags |= FLAG_BAD_HOST
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
                    items[index] = None  # type: ignore[call-overload]  # identical repeat
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
    except LocalProtocolError as exc:
        # Which field it is about, for the parser's error location (h11._readers); the
        # other callers take it off (normalize_and_validate).
        at_field(exc, index)
        raise
    if dropped:
        items = [item for item in items if item is not None]
    # (Headers.__init__ inlined: its slots are plain, so three stores do it.)
    headers = _new_headers(Headers)
    headers._full_items = items
    headers._flags = flags
    headers._content_length = None if content_length is None else int(content_length)
    headers._lines = None
    return headers


_new_headers = object.__new__


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


# Host values that passed host_is_valid: what clients send is a handful of names.
# Bounded, and emptied when full, so one-off values cannot freeze it.
_VALID_HOSTS_MAX_ENTRIES = 256
_VALID_HOSTS_MAX_LENGTH = 128
_VALID_HOSTS: BoundedCache[bytes, bool] = BoundedCache(
    "h11._headers._VALID_HOSTS",
    'a Host value that passed the `uri-host [ ":" port ]` check -> True',
    max_entries=_VALID_HOSTS_MAX_ENTRIES,
    max_length=_VALID_HOSTS_MAX_LENGTH,
    when_full="empty",
)


def host_is_valid(value: bytes) -> bool:
    """True if ``value`` is a Host field value: ``uri-host [ ":" port ]`` (RFC 9112 §3.2).

    ``uri-host`` is an IP-literal (a valid IPv6 address or an IPvFuture in brackets)
    or a reg-name (RFC 3986 §3.2.2; IPv4 addresses are reg-names too); ``port`` is at
    most 65535. The empty value is valid: RFC 9112 §3.2 has a client send it when the
    target URI has no authority. A port after an empty host (``:80``) is not: an
    "http" URI with an empty host is invalid (RFC 9110 §4.2.1). docs/differences.rst
    "Host values".
    """
    if 1 not in value.translate(NON_REG_NAME_TABLE):
        # A reg-name without a port, the usual Host value: one translate and one memchr
        # instead of the rule's regular expression and its groups (about a sixth of
        # their cost).
        return True
    match = HOST_VALUE_RE.fullmatch(value)
    if match is None:
        return False
    ipv6, reg_name, port = match.group("ipv6", "reg_name", "port")
    if port is not None:
        if reg_name == b"":
            return False
        digits = port.lstrip(b"0")
        if len(digits) > 5 or (digits and int(digits) > 65535):
            return False
    if ipv6 is not None:
        try:
            ipaddress.IPv6Address(ipv6.decode("ascii"))
        except ValueError:
            return False
    _VALID_HOSTS.remember(value, True, len(value))
    return True


def bad_host_error(headers: Headers) -> LocalProtocolError:
    """The error for a request whose Host value is invalid (``FLAG_BAD_HOST``)."""
    for index, (_, lname, value) in enumerate(headers._full_items):
        if lname == b"host":
            # (at_field: for the parser's error location)
            return at_field(LocalProtocolError(f"invalid Host header value: {value!r}"), index)
    return LocalProtocolError("invalid Host header value")  # pragma: no cover


# The headers with a built-in meaning (docs/supported-http.rst); each gives a framing fact.
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


class _RequestHead(Protocol):
    """What ``has_expect_100_continue`` reads of a ``Request``.

    A protocol rather than the class: ``h11._events`` builds on this module, which
    therefore never imports it back.
    """

    @property
    def http_version(self) -> bytes: ...

    @property
    def headers(self) -> Headers: ...


def has_expect_100_continue(request: _RequestHead) -> bool:
    """True if ``request`` asks the server to answer 100 before it sends its body.

    RFC 9110 §10.1.1: a server MUST ignore 100-continue in an HTTP/1.0 request.
    """
    return expects_100_continue(request.http_version, framing_facts(request.headers)[0])


def expects_100_continue(http_version: bytes, flags: int) -> bool:
    """``has_expect_100_continue`` from the request's version and framing facts."""
    # RFC 9110 §10.1.1: a server MUST ignore 100-continue in an HTTP/1.0 request.
    return bool(flags & FLAG_EXPECT_CONTINUE) and not http_version < b"1.1"
