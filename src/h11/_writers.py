"""Turning events into bytes: head serialisation and body writers.

Owns: the wire form of start lines and header blocks (RFC 9112 §3-§5), and the
three body writers (fixed length with accounting, chunked with trailers, until
close), RFC 9112 §6-§7.

Never knows: states, keep-alive, which framing to use (``h11._framing`` decides;
the connection asks ``body_writer`` for the writer when our body begins).

Writer protocol (as in h11 0.16): ``writer(event, write)`` calls ``write`` with
each piece of bytes, in order. Heads are built in one list and joined once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._events import (
    STANDARD_REASON_PHRASES,
    Data,
    EndOfMessage,
    InformationalResponse,
    Request,
    Response,
)
from ._framing import BODY_FRAMINGS, CHUNKED
from ._headers import (
    EMPTY_HEADERS,
    FLAG_HOST,
    FLAG_LENIENT,
    FLAG_MULTIPLE_HOST,
    Headers,
    checked_for_sending,
    framing_facts,
)
from ._util import LocalProtocolError

__all__ = [
    "WRITERS",
    "ChunkedWriter",
    "ContentLengthWriter",
    "Http10Writer",
    "body_writer",
    "write_any_response",
    "write_headers",
    "write_request",
]

Writer = Callable[[bytes], Any]


def field_lines(headers: Headers) -> bytes:
    """The field lines of ``headers``, each ended by CRLF, then the CRLF ending the block.

    Host goes first (RFC 9112 §3.2: "a user agent SHOULD generate Host as the first
    field line"); names keep the spelling they were given. Written once per ``Headers``
    (which is immutable) and kept on it: a ``Headers`` sent again (the same response
    headers, see ``h11._headers._BYTES_LISTS``) costs nothing more.
    """
    lines = headers._lines
    if lines is not None:
        return lines
    items = headers._full_items
    if not items:
        lines = b"\r\n"
    else:
        flags = framing_facts(headers)[0]
        if flags & FLAG_LENIENT:
            # Received under a leniency switch and relayed as it is (a parsed event sent
            # on): refused as the same pairs in a list would be (docs/leniency.rst).
            checked_for_sending(headers)
        if flags & FLAG_HOST and (flags & FLAG_MULTIPLE_HOST or items[0][1] != b"host"):
            items = [item for item in items if item[1] == b"host"] + [
                item for item in items if item[1] != b"host"
            ]
        lines = (
            b"\r\n".join([raw_name + b": " + value for raw_name, _, value in items]) + b"\r\n\r\n"
        )
    headers._lines = lines
    return lines


def request_head(event: Request) -> bytes:
    """The bytes of a request head (we only speak HTTP/1.1)."""
    if event.http_version != b"1.1":
        raise LocalProtocolError("I only send HTTP/1.1")
    return b"%s %s HTTP/1.1\r\n%s" % (event.method, event.target, field_lines(event.headers))


def response_head(event: InformationalResponse | Response, standard_reason: bool = False) -> bytes:
    """The bytes of a status line and headers.

    An empty reason phrase stays empty (as h11 0.16 sends it) unless
    ``standard_reason`` (the ``standard_reason_phrases`` option) asks for the
    registered phrase of the status code.
    """
    if event.http_version != b"1.1":
        raise LocalProtocolError("I only send HTTP/1.1")
    reason = event.reason
    if standard_reason and not reason:
        reason = standard_reason_phrase(event.status_code)
    return b"HTTP/1.1 %d %s\r\n%s" % (event.status_code, reason, field_lines(event.headers))


def standard_reason_phrase(status_code: int) -> bytes:
    """The registered reason phrase of ``status_code``, or ``b""`` for an unregistered code."""
    return STANDARD_REASON_PHRASES.get(status_code, b"")


def write_headers(headers: Headers, write: Writer) -> None:
    """Write the field lines of ``headers`` and the blank line that ends them."""
    write(field_lines(headers))


def write_request(request: Request, write: Writer) -> None:
    """Write the head of ``request``."""
    write(request_head(request))


def write_any_response(response: InformationalResponse | Response, write: Writer) -> None:
    """Write the head of ``response``."""
    write(response_head(response))


class BodyWriter:
    """Base of the body writers.

    ``data(obj)`` returns the bytes that send a body piece, ``pieces(obj)`` the same
    as a list of pieces in which ``obj`` itself appears (``send_with_data_passthrough``:
    only ``len(obj)`` is used), and ``end(trailers)`` the bytes that end the body.
    Calling the writer as ``writer(event, write)`` is h11 0.16's interface.
    """

    __slots__ = ()

    def __call__(self, event: Data | EndOfMessage, write: Writer) -> None:
        if isinstance(event, Data):
            for piece in self.pieces(event.data):
                write(piece)
        else:
            ending = self.end(event.headers)
            if ending:
                write(ending)

    def data(self, data: Any) -> bytes:
        raise NotImplementedError

    def pieces(self, data: Any) -> list[Any]:
        raise NotImplementedError

    def end(self, trailers: Headers) -> bytes:
        raise NotImplementedError


def _as_bytes(data: Any) -> bytes:
    # send() returns bytes; joining refuses what is not bytes-like (a sendfile
    # placeholder) with a TypeError, as h11 0.16's join did.
    return data if type(data) is bytes else b"".join((data,))


class ContentLengthWriter(BodyWriter):
    """A body of exactly the declared length (RFC 9110 §8.6)."""

    __slots__ = ("_remaining",)

    def __init__(self, length: int) -> None:
        self._remaining = length

    def _count(self, data: Any) -> None:
        remaining = self._remaining - len(data)
        if remaining < 0:
            raise LocalProtocolError("Too much data for declared Content-Length")
        self._remaining = remaining

    def data(self, data: Any) -> bytes:
        # (_count and _as_bytes inlined: this runs once per Data sent.)
        remaining = self._remaining - len(data)
        if remaining < 0:
            raise LocalProtocolError("Too much data for declared Content-Length")
        self._remaining = remaining
        return data if type(data) is bytes else b"".join((data,))

    def pieces(self, data: Any) -> list[Any]:
        self._count(data)
        return [data]

    def end(self, trailers: Headers) -> bytes:
        if self._remaining:
            raise LocalProtocolError("Too little data for declared Content-Length")
        # (The usual EndOfMessage has the shared empty Headers: no __bool__ call.)
        if trailers is not EMPTY_HEADERS and trailers:
            raise LocalProtocolError("Content-Length and trailers don't mix")
        return b""


class ChunkedWriter(BodyWriter):
    """A chunked body (RFC 9112 §7.1); never writes chunk extensions."""

    __slots__ = ()

    def data(self, data: Any) -> bytes:
        # An empty chunk would be the last-chunk: it must never be written for data.
        size = len(data)
        if not size:
            return b""
        return b"%x\r\n%s\r\n" % (size, data)

    def pieces(self, data: Any) -> list[Any]:
        size = len(data)
        if not size:
            return []
        return [b"%x\r\n" % size, data, b"\r\n"]

    def end(self, trailers: Headers) -> bytes:
        if trailers is EMPTY_HEADERS or not trailers:
            return b"0\r\n\r\n"
        return b"0\r\n" + field_lines(trailers)


class Http10Writer(BodyWriter):
    """A body delimited by closing the connection: bytes as they are, no trailers."""

    __slots__ = ()

    def data(self, data: Any) -> bytes:
        return _as_bytes(data)

    def pieces(self, data: Any) -> list[Any]:
        return [data]

    def end(self, trailers: Headers) -> bytes:
        if trailers is not EMPTY_HEADERS and trailers:
            raise LocalProtocolError("can't send trailers to HTTP/1.0 client")
        return b""  # the end of the body is the connection closing


def body_writer(length: int) -> BodyWriter:
    """The writer of a body of ``length`` (a byte count, or a named length of ``h11._framing``)."""
    if length >= 0:
        return ContentLengthWriter(length)
    if length == CHUNKED:
        return ChunkedWriter()
    return Http10Writer()


# h11 0.16's table of writers; the connection picks writers itself.
WRITERS: dict[Any, Any] = {}


def _fill_writers() -> None:
    from ._state import CLIENT, IDLE, SEND_BODY, SEND_RESPONSE, SERVER

    # Keys as h11 0.16 had them: (role that sends, its state), and SEND_BODY -> body
    # writer class by framing name.
    WRITERS[CLIENT, IDLE] = write_request
    for state in (IDLE, SEND_RESPONSE):
        WRITERS[SERVER, state] = write_any_response
    WRITERS[SEND_BODY] = dict(
        zip(BODY_FRAMINGS, (ChunkedWriter, ContentLengthWriter, Http10Writer), strict=True)
    )


_fill_writers()
