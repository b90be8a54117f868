"""The event classes: what a connection sends and receives.

Owns: ``Event`` and its six concrete classes, their field conversion and
validation (RFC 9110 / RFC 9112 grammar for method, target, status and reason;
Host rules of RFC 9112 §3.2), and a trusted constructor per class for the parser,
which has already checked everything.

Never knows: states, framing, bytes on the wire.

Invariants: events are frozen; after construction every byte-string field is
``bytes`` and ``headers`` is a ``Headers``. ``normalize_and_validate`` is looked
up through this module's globals at call time, so patching
``h11._events.normalize_and_validate`` affects every event construction.
"""

from __future__ import annotations

from abc import ABC
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast

from ._abnf import OUTGOING_REASON_RE, TARGET_CHARS_RE, TOKEN_RE
from ._headers import (
    EMPTY_HEADERS,
    FLAG_BAD_HOST,
    FLAG_HOST,
    FLAG_LENIENT,
    FLAG_MULTIPLE_HOST,
    Headers,
    HeaderTypes,
    bad_host_error,
    checked_for_sending,
    framing_facts,
)
from ._headers import normalize_and_validate as normalize_and_validate
from ._util import LocalProtocolError, bytesify

__all__ = [
    "ConnectionClosed",
    "Data",
    "EndOfMessage",
    "Event",
    "InformationalResponse",
    "Request",
    "Response",
]


class Event(ABC):  # noqa: B024 (no abstract methods: a marker base, as in h11 0.16)
    """Base class of the six event classes; an HTTP message is a sequence of events.

    Events are frozen dataclasses, validated when constructed; byte-string fields accept
    ``bytes``, ASCII ``str`` or bytes-like objects and are stored as ``bytes``.
    """

    __slots__ = ()

    @classmethod
    def __subclasses__(cls) -> list[type]:
        """The direct subclasses, less the parser's twin classes.

        The twins (see ``make_request`` below) are no events of their own: h11 0.16
        lists exactly the public classes (and ``_ResponseBase``).
        """
        return [sub for sub in type.__subclasses__(cls) if sub not in _TWINS]


@dataclass(init=False, frozen=True)
class Request(Event):
    """The head of an HTTP request, sent by a client.

    Args:
        method: the method, a token such as ``b"GET"``; case-sensitive.
        target: the request target, e.g. ``b"/index.html?q=1"``; bytes 0x21-0x7e only.
        headers: ``(name, value)`` pairs; HTTP/1.1 needs exactly one ``Host``, any
            version at most one.
        http_version: ``b"1.1"`` (the only version h11 sends); received requests carry
            the peer's.

    Followed by the body as ``Data`` events and always an ``EndOfMessage``.
    """

    # (In h11 0.16's order: ``__slots__`` is visible.)
    __slots__ = ("method", "headers", "target", "http_version")  # noqa: RUF023

    method: bytes
    headers: Headers
    target: bytes
    http_version: bytes

    def __init__(
        self,
        *,
        method: bytes | str,
        headers: HeaderTypes,
        target: bytes | str,
        http_version: bytes | str = b"1.1",
        _parsed: bool = False,
    ) -> None:
        # (``type(...) is list`` first: isinstance() against ``Headers``, a ``Sequence``,
        # runs ABCMeta's Python-level __instancecheck__.)
        kind = type(headers)
        if kind is not Headers and (kind is list or not isinstance(headers, Headers)):
            headers = normalize_and_validate(headers, _parsed=_parsed)
        elif headers._flags & FLAG_LENIENT and headers._flags > 0:  # type: ignore[union-attr]
            headers = checked_for_sending(headers)  # type: ignore[arg-type]  # (a Headers)
        if TYPE_CHECKING:
            assert isinstance(headers, Headers)
        if not _parsed:
            if type(method) is not bytes:
                method = bytesify(method)
            if type(target) is not bytes:
                target = bytesify(target)
            if type(http_version) is not bytes:
                http_version = bytesify(http_version)
        if TYPE_CHECKING:  # with _parsed=True the parser guarantees bytes
            assert isinstance(method, bytes)
            assert isinstance(target, bytes)
            assert isinstance(http_version, bytes)
        # RFC 9112 §3.2: a client MUST send Host in HTTP/1.1; a server MUST reject a
        # request with more than one.
        flags = framing_facts(headers)[0]
        if flags & FLAG_MULTIPLE_HOST:
            raise LocalProtocolError("Found multiple Host: headers")
        if http_version == b"1.1" and not flags & FLAG_HOST:
            raise LocalProtocolError("Missing mandatory Host: header")
        if flags & FLAG_BAD_HOST:
            # RFC 9112 §3.2: a server MUST answer 400 to an invalid Host value; so a
            # client must not send one.
            raise bad_host_error(headers)
        if TOKEN_RE.fullmatch(method) is None:
            raise LocalProtocolError("Illegal method characters")
        if TARGET_CHARS_RE.fullmatch(target) is None:
            raise LocalProtocolError("Illegal target characters")
        _set_method(self, method)
        _set_request_headers(self, headers)
        _set_target(self, target)
        _set_request_version(self, http_version)

    __hash__ = None  # type: ignore[assignment]


@dataclass(init=False, frozen=True)
class _ResponseBase(Event):
    __slots__ = ("headers", "http_version", "reason", "status_code")

    headers: Headers
    http_version: bytes
    reason: bytes
    status_code: int

    _STATUS_MIN = 0
    _STATUS_MAX = 0

    def __init__(
        self,
        *,
        headers: HeaderTypes,
        status_code: int,
        http_version: bytes | str = b"1.1",
        reason: bytes | str = b"",
        _parsed: bool = False,
    ) -> None:
        kind = type(headers)  # (as in Request)
        if kind is not Headers and (kind is list or not isinstance(headers, Headers)):
            headers = normalize_and_validate(headers, _parsed=_parsed)
        elif headers._flags & FLAG_LENIENT and headers._flags > 0:  # type: ignore[union-attr]
            headers = checked_for_sending(headers)  # type: ignore[arg-type]  # (a Headers)
        if not _parsed:
            if type(reason) is not bytes:
                reason = bytesify(reason)
            if type(http_version) is not bytes:
                http_version = bytesify(http_version)
            if type(status_code) is not int:
                if not isinstance(status_code, int):
                    raise LocalProtocolError("status code must be integer")
                # IntEnum members (HTTPStatus.OK) become plain ints.
                status_code = int(status_code)
        if TYPE_CHECKING:
            assert isinstance(reason, bytes)
            assert isinstance(http_version, bytes)
        if not self._STATUS_MIN <= status_code < self._STATUS_MAX:
            raise LocalProtocolError(
                f"{type(self).__name__} status_code should be in range "
                f"[{self._STATUS_MIN}, {self._STATUS_MAX}), not {status_code}"
            )
        # RFC 9112 §4: reason-phrase = 1*( HTAB / SP / VCHAR / obs-text ). h11 0.16 wrote
        # any reason verbatim, so a CR LF in it could inject header lines.
        if (
            not _parsed
            and reason
            and reason not in _CHECKED_REASONS
            and OUTGOING_REASON_RE.fullmatch(reason) is None
        ):
            raise LocalProtocolError(f"Illegal reason phrase {reason!r}")
        _set_response_headers(self, headers)
        _set_response_version(self, http_version)
        _set_reason(self, reason)
        _set_status_code(self, status_code)

    __hash__ = None  # type: ignore[assignment]


@dataclass(init=False, frozen=True)
class InformationalResponse(_ResponseBase):
    """A 1xx interim response (``100 Continue``, ``101 Switching Protocols``), from a server.

    Args:
        status_code: an ``int`` (``HTTPStatus`` members too) in ``range(100, 200)``.
        headers: ``(name, value)`` pairs.
        http_version: ``b"1.1"``; received responses carry the peer's version.
        reason: the reason phrase, empty by default (h11 never invents one); outgoing
            reasons may not contain control characters.
    """

    # No __slots__: as in h11 0.16, responses have a ``__dict__`` (``vars()`` gives ``{}``)
    # and can be weakly referenced.

    _STATUS_MIN = 100
    _STATUS_MAX = 200

    __hash__ = None


@dataclass(init=False, frozen=True)
class Response(_ResponseBase):
    """The head of a final response, sent by a server.

    Args:
        status_code: an ``int`` (``HTTPStatus`` members too) in ``range(200, 1000)``.
        headers: ``(name, value)`` pairs.
        http_version: ``b"1.1"``; received responses carry the peer's version.
        reason: the reason phrase, empty by default (h11 never invents one); outgoing
            reasons may not contain control characters.

    Followed by the body as ``Data`` events and always an ``EndOfMessage``.
    """

    # (No __slots__: see InformationalResponse.)

    _STATUS_MIN = 200
    _STATUS_MAX = 1000

    __hash__ = None


@dataclass(frozen=True)
class Data(Event):
    """A piece of message body.

    ``chunk_start``/``chunk_end`` mark the first and last piece of a received chunk
    of a chunked body; they are ignored when sending.
    """

    __slots__ = ("data", "chunk_start", "chunk_end")  # noqa: RUF023 (h11 0.16's order)

    data: bytes
    chunk_start: bool
    chunk_end: bool

    def __init__(self, data: Any, chunk_start: bool = False, chunk_end: bool = False) -> None:
        _set_data(self, data)
        _set_chunk_start(self, chunk_start)
        _set_chunk_end(self, chunk_end)

    __hash__ = None  # type: ignore[assignment]


@dataclass(init=False, frozen=True)
class EndOfMessage(Event):
    """The end of a message; ``headers`` holds the trailer fields of a chunked body."""

    __slots__ = ("headers",)

    headers: Headers

    def __init__(self, *, headers: HeaderTypes | None = None, _parsed: bool = False) -> None:
        if headers is None:
            headers = EMPTY_HEADERS
        elif type(headers) is list or not isinstance(headers, Headers):
            headers = normalize_and_validate(headers, _parsed=_parsed)
        elif headers._flags & FLAG_LENIENT and headers._flags > 0:  # (-1: not computed)
            headers = checked_for_sending(headers)  # (parsed under a leniency switch)
        _set_trailers(self, headers)

    __hash__ = None  # type: ignore[assignment]


@dataclass(frozen=True)
class ConnectionClosed(Event):
    """The peer closed its side of the connection (or we closed ours).

    Sending it returns ``None``: closing the socket is up to you.
    """

    # No __slots__: as in h11 0.16, it has a ``__dict__`` and can be weakly referenced.


# Frozen dataclasses refuse attribute assignment; their slots are set through the
# slot descriptors themselves, the cheapest way CPython offers.
def _slot_setter(cls: type, name: str) -> Callable[[Any, Any], None]:
    return cast(Callable[[Any, Any], None], vars(cls)[name].__set__)


_set_method = _slot_setter(Request, "method")
_set_request_headers = _slot_setter(Request, "headers")
_set_target = _slot_setter(Request, "target")
_set_request_version = _slot_setter(Request, "http_version")
_set_response_headers = _slot_setter(_ResponseBase, "headers")
_set_response_version = _slot_setter(_ResponseBase, "http_version")
_set_reason = _slot_setter(_ResponseBase, "reason")
_set_status_code = _slot_setter(_ResponseBase, "status_code")
_set_data = _slot_setter(Data, "data")
_set_chunk_start = _slot_setter(Data, "chunk_start")
_set_chunk_end = _slot_setter(Data, "chunk_end")
_set_trailers = _slot_setter(EndOfMessage, "headers")


# The reason phrases of the HTTP Status Code Registry (RFC 9110 §15 and §16.2.1, plus the
# codes other RFCs registered there), for the ``standard_reason_phrases`` keyword.
STANDARD_REASON_PHRASES: dict[int, bytes] = {
    100: b"Continue",
    101: b"Switching Protocols",
    102: b"Processing",  # RFC 2518
    103: b"Early Hints",  # RFC 8297
    200: b"OK",
    201: b"Created",
    202: b"Accepted",
    203: b"Non-Authoritative Information",
    204: b"No Content",
    205: b"Reset Content",
    206: b"Partial Content",
    207: b"Multi-Status",  # RFC 4918
    208: b"Already Reported",  # RFC 5842
    226: b"IM Used",  # RFC 3229
    300: b"Multiple Choices",
    301: b"Moved Permanently",
    302: b"Found",
    303: b"See Other",
    304: b"Not Modified",
    305: b"Use Proxy",
    307: b"Temporary Redirect",
    308: b"Permanent Redirect",
    400: b"Bad Request",
    401: b"Unauthorized",
    402: b"Payment Required",
    403: b"Forbidden",
    404: b"Not Found",
    405: b"Method Not Allowed",
    406: b"Not Acceptable",
    407: b"Proxy Authentication Required",
    408: b"Request Timeout",
    409: b"Conflict",
    410: b"Gone",
    411: b"Length Required",
    412: b"Precondition Failed",
    413: b"Content Too Large",
    414: b"URI Too Long",
    415: b"Unsupported Media Type",
    416: b"Range Not Satisfiable",
    417: b"Expectation Failed",
    421: b"Misdirected Request",
    422: b"Unprocessable Content",
    423: b"Locked",  # RFC 4918
    424: b"Failed Dependency",  # RFC 4918
    425: b"Too Early",  # RFC 8470
    426: b"Upgrade Required",
    428: b"Precondition Required",  # RFC 6585
    429: b"Too Many Requests",  # RFC 6585
    431: b"Request Header Fields Too Large",  # RFC 6585
    451: b"Unavailable For Legal Reasons",  # RFC 7725
    500: b"Internal Server Error",
    501: b"Not Implemented",
    502: b"Bad Gateway",
    503: b"Service Unavailable",
    504: b"Gateway Timeout",
    505: b"HTTP Version Not Supported",
    506: b"Variant Also Negotiates",  # RFC 2295
    507: b"Insufficient Storage",  # RFC 4918
    508: b"Loop Detected",  # RFC 5842
    511: b"Network Authentication Required",  # RFC 6585
}


# The registered phrases need no check of the reason grammar when sent.
_CHECKED_REASONS = frozenset(STANDARD_REASON_PHRASES.values())


# Trusted constructors for the parser: every field is already bytes/int and checked,
# so they skip the public validation. The fields are set on a mutable twin of the
# class (a subclass that adds nothing to its layout and sets attributes the plain way)
# with ordinary attribute stores, then the object becomes an instance of the event
# class itself: cheaper than calling a slot descriptor's __set__ per field. A twin
# shares everything with its class (``__dict__`` and ``__weakref__`` included, where
# the class has them); ``Event.__subclasses__`` leaves the twins out.
def _twin(cls: type) -> type:
    return type(
        f"_{cls.__name__}Twin",
        (cls,),
        {
            "__slots__": (),
            "__module__": __name__,
            # (Both generic: then attribute stores take the interpreter's fast path.)
            "__setattr__": object.__setattr__,
            "__delattr__": object.__delattr__,
        },
    )


_RequestTwin = _twin(Request)
_ResponseTwin = _twin(Response)
_InformationalResponseTwin = _twin(InformationalResponse)
_DataTwin = _twin(Data)
_RESPONSE_TWINS: dict[type, type] = {
    Response: _ResponseTwin,
    InformationalResponse: _InformationalResponseTwin,
}
_TWINS = frozenset([_RequestTwin, _ResponseTwin, _InformationalResponseTwin, _DataTwin])

_new = object.__new__


def make_request(method: bytes, headers: Headers, target: bytes, http_version: bytes) -> Request:
    event: Any = _new(_RequestTwin)
    event.method = method
    event.headers = headers
    event.target = target
    event.http_version = http_version
    event.__class__ = Request
    return event  # type: ignore[no-any-return]


_R = TypeVar("_R", InformationalResponse, Response)


def make_response(
    cls: type[_R], headers: Headers, http_version: bytes, reason: bytes, status: int
) -> _R:
    event: Any = _new(_RESPONSE_TWINS[cls])
    event.headers = headers
    event.http_version = http_version
    event.reason = reason
    event.status_code = status
    event.__class__ = cls
    return event  # type: ignore[no-any-return]


def make_data(data: bytes, chunk_start: bool, chunk_end: bool) -> Data:
    event: Any = _new(_DataTwin)
    event.data = data
    event.chunk_start = chunk_start
    event.chunk_end = chunk_end
    event.__class__ = Data
    return event  # type: ignore[no-any-return]


def make_end_of_message(headers: Headers | None = None) -> EndOfMessage:
    if headers is None:
        return NO_TRAILERS  # events are immutable: one is enough
    event = _new(EndOfMessage)
    _set_trailers(event, headers)
    return event


#: The ``EndOfMessage`` of every received message without trailers.
NO_TRAILERS: EndOfMessage = _new(EndOfMessage)
_set_trailers(NO_TRAILERS, EMPTY_HEADERS)
