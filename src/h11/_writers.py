"""Turning events into bytes: head serialisation and body writers.

Owns: the wire form of start lines and header blocks (RFC 9112 §3-§5), and the
three body writers (fixed length with accounting, chunked with trailers, until
close), RFC 9112 §6-§7.

Never knows: states, keep-alive, which framing to use (the connection decides
and picks a writer when our state changes).

Writer protocol (as in h11 0.16): ``writer(event, write)`` calls ``write`` with
each piece of bytes, in order. Heads are built in one list and joined once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._events import Data, EndOfMessage, InformationalResponse, Request, Response
from ._headers import FLAG_HOST, FLAG_MULTIPLE_HOST, Headers, framing_facts
from ._util import BODY_FRAMINGS, LocalProtocolError

__all__ = [
    "WRITERS",
    "ChunkedWriter",
    "ContentLengthWriter",
    "Http10Writer",
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
        flags = headers._flags
        if flags < 0:
            flags = framing_facts(headers)[0]
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


def response_head(event: InformationalResponse | Response) -> bytes:
    """The bytes of a status line and headers. We never invent a reason phrase."""
    if event.http_version != b"1.1":
        raise LocalProtocolError("I only send HTTP/1.1")
    return b"HTTP/1.1 %d %s\r\n%s" % (event.status_code, event.reason, field_lines(event.headers))


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
        if trailers._full_items:
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
        return b"0\r\n" + field_lines(trailers) if trailers._full_items else b"0\r\n\r\n"


class Http10Writer(BodyWriter):
    """A body delimited by closing the connection: bytes as they are, no trailers."""

    __slots__ = ()

    def data(self, data: Any) -> bytes:
        return _as_bytes(data)

    def pieces(self, data: Any) -> list[Any]:
        return [data]

    def end(self, trailers: Headers) -> bytes:
        if trailers._full_items:
            raise LocalProtocolError("can't send trailers to HTTP/1.0 client")
        return b""  # the end of the body is the connection closing


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
