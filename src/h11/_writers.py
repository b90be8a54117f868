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
from ._headers import FLAG_HOST, Headers, framing_facts
from ._util import LocalProtocolError

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
    field line"); names keep the spelling they were given.
    """
    items = headers._full_items
    if not items:
        return b"\r\n"
    if framing_facts(headers)[0] & FLAG_HOST:
        items = [item for item in items if item[1] == b"host"] + [
            item for item in items if item[1] != b"host"
        ]
    return b"\r\n".join([raw_name + b": " + value for raw_name, _, value in items]) + b"\r\n\r\n"


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


class ContentLengthWriter:
    """A body of exactly the declared length (RFC 9110 §8.6)."""

    __slots__ = ("_remaining",)

    def __init__(self, length: int) -> None:
        self._remaining = length

    def __call__(self, event: Data | EndOfMessage, write: Writer) -> None:
        if isinstance(event, Data):
            self.send_data(event.data, write)
        else:
            self.send_eom(event.headers, write)

    def send_data(self, data: Any, write: Writer) -> None:
        remaining = self._remaining - len(data)
        if remaining < 0:
            raise LocalProtocolError("Too much data for declared Content-Length")
        self._remaining = remaining
        write(data)

    def send_eom(self, headers: Headers, write: Writer) -> None:
        if self._remaining:
            raise LocalProtocolError("Too little data for declared Content-Length")
        if headers:
            raise LocalProtocolError("Content-Length and trailers don't mix")


class ChunkedWriter:
    """A chunked body (RFC 9112 §7.1); never writes chunk extensions."""

    __slots__ = ()

    def __call__(self, event: Data | EndOfMessage, write: Writer) -> None:
        if isinstance(event, Data):
            self.send_data(event.data, write)
        else:
            self.send_eom(event.headers, write)

    def send_data(self, data: Any, write: Writer) -> None:
        # An empty chunk would be the last-chunk: it must never be written for data.
        size = len(data)
        if size:
            write(b"%x\r\n" % size)
            write(data)
            write(b"\r\n")

    def send_eom(self, headers: Headers, write: Writer) -> None:
        write(b"0\r\n" + field_lines(headers) if headers else b"0\r\n\r\n")


class Http10Writer:
    """A body delimited by closing the connection: bytes as they are, no trailers."""

    __slots__ = ()

    def __call__(self, event: Data | EndOfMessage, write: Writer) -> None:
        if isinstance(event, Data):
            self.send_data(event.data, write)
        else:
            self.send_eom(event.headers, write)

    def send_data(self, data: Any, write: Writer) -> None:
        write(data)

    def send_eom(self, headers: Headers, write: Writer) -> None:
        if headers:
            raise LocalProtocolError("can't send trailers to HTTP/1.0 client")
        # The end of the body is the connection closing; nothing to write.


# h11 0.16's table of writers; the connection picks writers itself.
WRITERS: dict[Any, Any] = {}


def _fill_writers() -> None:
    from ._state import CLIENT, IDLE, SEND_BODY, SEND_RESPONSE, SERVER

    WRITERS.update(
        {
            (CLIENT, IDLE): write_request,
            (SERVER, IDLE): write_any_response,
            (SERVER, SEND_RESPONSE): write_any_response,
            SEND_BODY: {
                "chunked": ChunkedWriter,
                "content-length": ContentLengthWriter,
                "http/1.0": Http10Writer,
            },
        }
    )


_fill_writers()
