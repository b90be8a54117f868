"""A small blocking HTTP/1.1 client: one TCP socket plus one ``h11.Connection``.

This is the client from h11's tutorial, written for the 0.16 API:

* bytes go out through ``Connection.send(event)``, which returns the bytes to write;
* bytes come in through ``Connection.receive_data(data)``, and events come out of
  ``Connection.next_event()``, which returns ``h11.NEED_DATA`` when it wants more bytes;
* after a complete request/response cycle (both sides ``DONE``),
  ``Connection.start_next_cycle()`` makes the same connection ready for the next request
  (keep-alive). If either side said ``Connection: close`` (or the server speaks HTTP/1.0),
  the states end in ``MUST_CLOSE``/``CLOSED`` instead and we open a new connection.

h11 itself does no I/O: everything about sockets below is this example's business, which is
why the same library works with threads, asyncio, trio or anything else that moves bytes.

A request body is sent in pieces, and between pieces the client looks for an early answer: a
server may refuse an upload before reading it (``413 Content Too Large``, ``417``, ``401``, a
redirect). RFC 9112 §9.6 then lets the client stop sending and close, which h11 allows once
the final response has begun: ``send(ConnectionClosed())`` from ``SEND_BODY`` leaves the client
``CLOSED`` and the server ``MUST_CLOSE`` (``HttpResult.abandoned_body`` says it happened).

``http_get(url)`` keeps connections alive across calls: a ``ConnectionPool`` holds one idle
connection per (host, port) and the next request to the same server reuses it (and retries once
on a fresh connection if the server had meanwhile closed the idle one).

Plain TCP only (no TLS), blocking sockets with a timeout. Run it as a script to fetch URLs
(several URLs on one server share a connection)::

    python examples/client.py http://127.0.0.1:8080/ http://127.0.0.1:8080/chunked
"""

from __future__ import annotations

import select
import socket
import sys
import urllib.parse
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from types import TracebackType

import h11

#: Extra request headers, as ``(name, value)`` text pairs.
HeaderList = Sequence[tuple[str, str]]


@dataclass
class HttpResult:
    """Everything the server sent back for one request."""

    response: h11.Response
    body: bytes
    #: ``1xx`` responses seen before the final one (e.g. ``100 Continue``).
    informational: list[h11.InformationalResponse] = field(default_factory=list)
    #: Trailer fields of a chunked response (lowercased names).
    trailers: list[tuple[bytes, bytes]] = field(default_factory=list)
    #: Whether the request went over a connection an earlier request had used (keep-alive).
    reused_connection: bool = False
    #: Whether the server answered early with an error and the rest of our body was not sent.
    abandoned_body: bool = False

    @property
    def status_code(self) -> int:
        return self.response.status_code

    def header(self, name: bytes) -> bytes | None:
        """The first value of response header ``name`` (lowercase), or ``None``."""
        for key, value in self.response.headers:
            if key == name:
                return value
        return None


class HttpClient:
    """A socket and an ``h11.Connection`` that send events and yield received events."""

    #: Request bodies are sent in pieces of this size, looking for an early answer in between.
    upload_piece_size = 65536

    def __init__(
        self, host: str, port: int, *, timeout: float | None = 10.0, max_bytes: int = 65536
    ) -> None:
        self.host = host
        self.port = port
        self.timeout = timeout
        # How much to ask the socket for at a time. h11 buffers whatever does not yet form a
        # complete event, so any size works (the tutorial used 200 to show that).
        self.max_bytes = max_bytes
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.conn = h11.Connection(our_role=h11.CLIENT)
        #: Requests sent over the current socket (a new socket starts again at 0).
        self.requests_on_connection = 0

    # -- the two primitives: events out, events in ----------------------------------------

    def send(self, *events: h11.Event) -> None:
        """Turn the events into bytes with h11 and write them to the socket in one go."""
        out: list[bytes] = []
        close = False
        for event in events:
            data = self.conn.send(event)
            if data is None:
                close = True  # send() returns None only for ConnectionClosed
            else:
                out.append(data)
        # One write per call: a head and a small body in separate packets can meet Nagle's
        # algorithm and delayed ACKs and stall for tens of milliseconds.
        self.sock.sendall(b"".join(out))
        if close:
            self.sock.shutdown(socket.SHUT_WR)  # we won't write any more

    def next_event(self) -> h11.Event:
        """Return the server's next event, reading from the socket as often as h11 needs."""
        while True:
            event = self.conn.next_event()
            if isinstance(event, h11.Event):
                return event
            if event is h11.NEED_DATA:
                # An empty read means the server closed its side; h11 takes b"" as EOF and
                # turns it into ConnectionClosed or, mid-message, a RemoteProtocolError.
                self.conn.receive_data(self.sock.recv(self.max_bytes))
                continue
            # PAUSED: only after a protocol switch (Upgrade/CONNECT), which we never ask for.
            raise RuntimeError(f"unexpected {event!r} from h11")

    def events(self) -> Iterator[h11.Event]:
        """Yield the server's events up to and including ``EndOfMessage``.

        Also stops after ``ConnectionClosed`` (the server hung up between responses).
        """
        while True:
            event = self.next_event()
            yield event
            if isinstance(event, h11.EndOfMessage | h11.ConnectionClosed):
                return

    # -- convenience on top of them ---------------------------------------------------------

    @property
    def host_header(self) -> str:
        return self.host if self.port == 80 else f"{self.host}:{self.port}"

    @property
    def reusable(self) -> bool:
        """True when the last exchange ended cleanly and neither side asked to close."""
        return self.conn.states in (
            {h11.CLIENT: h11.IDLE, h11.SERVER: h11.IDLE},
            {h11.CLIENT: h11.DONE, h11.SERVER: h11.DONE},
        )

    def prepare_for_next_request(self) -> None:
        """Reuse the connection if HTTP allows it, otherwise reconnect."""
        states = self.conn.states
        if states == {h11.CLIENT: h11.IDLE, h11.SERVER: h11.IDLE}:
            return  # fresh connection, or start_next_cycle() was already called
        if states == {h11.CLIENT: h11.DONE, h11.SERVER: h11.DONE}:
            # Keep-alive: both sides finished cleanly, so the same connection carries on.
            self.conn.start_next_cycle()
            return
        # MUST_CLOSE / CLOSED / ERROR: this connection is finished.
        self.reconnect()

    def reconnect(self) -> None:
        """Drop the current connection and open a new one (with a new ``h11.Connection``)."""
        self.sock.close()
        self.sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
        self.conn = h11.Connection(our_role=h11.CLIENT)
        self.requests_on_connection = 0

    def request(
        self,
        method: str,
        target: str,
        *,
        headers: HeaderList = (),
        body: bytes | None = None,
    ) -> HttpResult:
        """Send one request and read the whole response."""
        self.prepare_for_next_request()
        reused = self.requests_on_connection > 0
        self.requests_on_connection += 1
        all_headers = [("Host", self.host_header), *headers]
        names = {name.lower() for name, _ in headers}
        if body is not None and not names & {"content-length", "transfer-encoding"}:
            # h11 never guesses framing for requests: without Content-Length (or chunked)
            # a request has no body, and sending Data would be a LocalProtocolError.
            all_headers.append(("Content-Length", str(len(body))))
        self.send(h11.Request(method=method, target=target, headers=all_headers))
        informational: list[h11.InformationalResponse] = []
        early: h11.Response | None = None
        body = body or b""
        sent = 0
        while sent < len(body):
            early = self.early_response(informational)
            if early is not None:
                break
            self.send(h11.Data(data=body[sent : sent + self.upload_piece_size]))
            sent += self.upload_piece_size
        if early is None:
            self.send(h11.EndOfMessage())
            result = self.read_response(informational)
        else:
            result = self.read_response(informational, early)
            self.finish_body_after_early_response(result, body[sent:])
        result.reused_connection = reused
        return result

    def early_response(
        self, informational: list[h11.InformationalResponse]
    ) -> h11.Response | None:
        """While sending a body: the server's final response if it has already begun.

        Reads only what has already arrived (no waiting); 1xx responses go to
        ``informational``.
        """
        while select.select([self.sock], [], [], 0)[0]:
            self.conn.receive_data(self.sock.recv(self.max_bytes))
            while True:
                event = self.conn.next_event()
                if isinstance(event, h11.InformationalResponse):
                    informational.append(event)
                elif isinstance(event, h11.Response):
                    return event
                else:
                    break  # NEED_DATA: the head is not complete yet
        return None

    def finish_body_after_early_response(self, result: HttpResult, rest: bytes) -> None:
        """The server answered (and we read the answer) before our body was all sent.

        RFC 9112 §9.6: after an error response, or one that closes the connection, the
        client should stop sending and close. h11 allows that ``ConnectionClosed`` in
        ``SEND_BODY`` because the final response has arrived. Otherwise, send the rest.
        """
        if self.conn.our_state is not h11.SEND_BODY:
            return
        if result.status_code >= 400 or self.conn.their_state is not h11.DONE:
            self.send(h11.ConnectionClosed())  # client CLOSED, server MUST_CLOSE
            result.abandoned_body = True
            return
        for start in range(0, len(rest), self.upload_piece_size):
            self.send(h11.Data(data=rest[start : start + self.upload_piece_size]))
        self.send(h11.EndOfMessage())

    def read_response(
        self,
        informational: list[h11.InformationalResponse] | None = None,
        response: h11.Response | None = None,
    ) -> HttpResult:
        """Collect the events of one response into an ``HttpResult``.

        ``informational`` and ``response``: what was already read of it, if anything.
        """
        informational = [] if informational is None else informational
        body: list[bytes] = []
        trailers: list[tuple[bytes, bytes]] = []
        for event in self.events():
            if isinstance(event, h11.InformationalResponse):
                informational.append(event)
            elif isinstance(event, h11.Response):
                response = event
            elif isinstance(event, h11.Data):
                # A body may arrive as any number of Data events: always concatenate.
                body.append(bytes(event.data))
            elif isinstance(event, h11.EndOfMessage):
                trailers = list(event.headers)
        if response is None:
            raise ConnectionError("server closed the connection without a response")
        return HttpResult(response, b"".join(body), informational, trailers)

    def close(self) -> None:
        self.sock.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def split_url(url: str) -> tuple[str, int, str]:
    """``http://host[:port]/path?query`` -> ``(host, port, "/path?query")``."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "http":
        raise ValueError(f"only http:// URLs are supported (no TLS in this example): {url!r}")
    if not parts.hostname:
        raise ValueError(f"no host in {url!r}")
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    return parts.hostname, parts.port or 80, target


class ConnectionPool:
    """Keeps one idle keep-alive ``HttpClient`` per (host, port) between requests."""

    def __init__(self) -> None:
        self.idle: dict[tuple[str, int], HttpClient] = {}

    def request(
        self,
        method: str,
        url: str,
        *,
        timeout: float | None = 10.0,
        headers: HeaderList = (),
        body: bytes | None = None,
    ) -> HttpResult:
        host, port, target = split_url(url)
        client = self.idle.pop((host, port), None)
        if client is not None:
            client.sock.settimeout(timeout)
            try:
                result = self._request_on(client, method, target, headers, body)
            except (OSError, h11.RemoteProtocolError):
                # A server may close an idle keep-alive connection at any moment (RFC 9112
                # §9.3.1), so a reused connection can fail where a new one would not. Retry
                # once on a new connection, if the method is safe to repeat.
                if method not in ("GET", "HEAD"):
                    raise
            else:
                # Some servers answer an idle connection with "408 Request Timeout" before
                # closing it; read on a reused connection, that 408 is not about our request.
                if result.status_code != 408 or method not in ("GET", "HEAD"):
                    return result
        client = HttpClient(host, port, timeout=timeout)
        return self._request_on(client, method, target, headers, body)

    def _request_on(
        self,
        client: HttpClient,
        method: str,
        target: str,
        headers: HeaderList,
        body: bytes | None,
    ) -> HttpResult:
        try:
            result = client.request(method, target, headers=headers, body=body)
        except BaseException:
            client.close()
            raise
        if client.reusable:
            self.idle[(client.host, client.port)] = client  # for the next request
        else:
            client.close()
        return result

    def close(self) -> None:
        for client in self.idle.values():
            client.close()
        self.idle.clear()


#: The pool ``http_get`` uses unless given another one.
DEFAULT_POOL = ConnectionPool()


def http_get(
    url: str,
    *,
    timeout: float | None = 10.0,
    headers: HeaderList = (),
    pool: ConnectionPool | None = None,
) -> HttpResult:
    """Fetch ``url`` and return the result, reusing a kept-alive connection to the server."""
    return (pool or DEFAULT_POOL).request("GET", url, timeout=timeout, headers=headers)


def main(argv: Sequence[str]) -> int:
    if not argv:
        print("usage: python examples/client.py http://HOST[:PORT]/PATH ...", file=sys.stderr)
        return 2
    worst = 0
    for url in argv:
        result = http_get(url)
        reused = " (connection reused)" if result.reused_connection else ""
        print(f"{url}: {result.status_code}{reused}", file=sys.stderr)
        sys.stdout.buffer.write(result.body)
        worst = max(worst, result.status_code)
    DEFAULT_POOL.close()
    return 0 if worst < 400 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
