"""A small asyncio HTTP/1.1 client: ``asyncio.open_connection()`` streams and ``h11.Connection``.

The same steps as ``client.py``, on asyncio's streams API: ``Connection.send()`` turns events into
bytes for ``writer.write()``; bytes from ``await reader.read()`` go into
``Connection.receive_data()`` and come back out of ``Connection.next_event()`` as events.
``AsyncHttpClient`` keeps its connection alive between requests (``start_next_cycle()``) and
reconnects when HTTP says the connection is finished; ``http_get(url)`` is a one-shot fetch.
Every network wait is bounded by ``timeout``.

Run it to fetch URLs concurrently (one connection each)::

    python examples/asyncio_client.py http://127.0.0.1:8080/ http://127.0.0.1:8080/chunked
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from types import TracebackType

import h11

MAX_RECV = 65536


@dataclass
class AsyncHttpResult:
    """The final response of one request, its body, and how it travelled."""

    response: h11.Response
    body: bytes
    #: Status codes of ``1xx`` responses seen before the final one (e.g. ``[100]``).
    informational: list[int]
    #: Whether the request went over a connection an earlier request had used (keep-alive).
    reused_connection: bool

    @property
    def status_code(self) -> int:
        return self.response.status_code

    def header(self, name: bytes) -> bytes | None:
        """The first value of response header ``name`` (lowercase), or ``None``."""
        return next((value for key, value in self.response.headers if key == name), None)


class AsyncHttpClient:
    """One keep-alive connection to ``host:port``, opened on first use."""

    def __init__(self, host: str, port: int, *, timeout: float = 10.0) -> None:
        self.host = host
        self.port = port
        self.timeout = timeout
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.conn = h11.Connection(our_role=h11.CLIENT)
        self.requests_on_connection = 0

    async def request(
        self,
        method: str,
        target: str,
        *,
        headers: Sequence[tuple[str, str]] = (),
        body: bytes | None = None,
    ) -> AsyncHttpResult:
        await self.prepare_connection()
        reused = self.requests_on_connection > 0
        self.requests_on_connection += 1
        host = self.host if self.port == 80 else f"{self.host}:{self.port}"
        all_headers = [("Host", host), *headers]
        if body is not None:
            # h11 never guesses framing for a request: announce the body's length.
            all_headers.append(("Content-Length", str(len(body))))
        events: list[h11.Event] = [h11.Request(method=method, target=target, headers=all_headers)]
        if body:
            events.append(h11.Data(data=body))
        events.append(h11.EndOfMessage())
        await self.send(*events)
        return await self.read_response(reused)

    async def prepare_connection(self) -> None:
        """Reuse the connection if HTTP allows it, otherwise (re)connect."""
        states = self.conn.states
        if self.writer is not None:
            if states == {h11.CLIENT: h11.DONE, h11.SERVER: h11.DONE}:
                self.conn.start_next_cycle()  # keep-alive
                return
            await self.aclose()  # MUST_CLOSE, CLOSED or ERROR: this connection is finished
        self.reader, self.writer = await asyncio.wait_for(
            asyncio.open_connection(self.host, self.port), self.timeout
        )
        self.conn = h11.Connection(our_role=h11.CLIENT)
        self.requests_on_connection = 0

    async def send(self, *events: h11.Event) -> None:
        assert self.writer is not None
        self.writer.write(b"".join(self.conn.send(event) or b"" for event in events))
        await asyncio.wait_for(self.writer.drain(), self.timeout)

    async def next_event(self) -> h11.Event:
        assert self.reader is not None
        while True:
            event = self.conn.next_event()
            if event is h11.NEED_DATA:
                data = await asyncio.wait_for(self.reader.read(MAX_RECV), self.timeout)
                self.conn.receive_data(data)  # b"" = the server closed
                continue
            if isinstance(event, h11.Event):
                return event
            raise RuntimeError("h11 paused unexpectedly")  # only after Upgrade/CONNECT

    async def read_response(self, reused: bool) -> AsyncHttpResult:
        informational: list[int] = []
        while True:
            event = await self.next_event()
            if isinstance(event, h11.InformationalResponse):
                informational.append(event.status_code)
            elif isinstance(event, h11.Response):
                break
            else:
                raise ConnectionError(f"expected a response, got {event!r}")
        body = bytearray()
        while isinstance(part := await self.next_event(), h11.Data):
            body += part.data  # the body may come as any number of Data events
        assert isinstance(part, h11.EndOfMessage)
        return AsyncHttpResult(event, bytes(body), informational, reused)

    async def aclose(self) -> None:
        if self.writer is not None:
            self.writer.close()
            # Closing is best effort: the peer may already be gone.
            with contextlib.suppress(OSError, asyncio.TimeoutError):
                await asyncio.wait_for(self.writer.wait_closed(), self.timeout)
            self.reader = self.writer = None

    async def __aenter__(self) -> AsyncHttpClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()


def split_url(url: str) -> tuple[str, int, str]:
    """``http://host[:port]/path?query`` -> ``(host, port, "/path?query")``."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        raise ValueError(f"only http://host/... URLs are supported (no TLS here): {url!r}")
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.hostname, parts.port or 80, target


async def http_get(url: str, *, timeout: float = 10.0) -> AsyncHttpResult:
    """Fetch ``url`` over a new connection (``Connection: close``)."""
    host, port, target = split_url(url)
    async with AsyncHttpClient(host, port, timeout=timeout) as client:
        return await client.request("GET", target, headers=[("Connection", "close")])


async def fetch_all(urls: Sequence[str]) -> list[AsyncHttpResult]:
    """Fetch the URLs concurrently, one connection each."""
    return list(await asyncio.gather(*(http_get(url) for url in urls)))


def main(argv: Sequence[str]) -> int:
    if not argv:
        print("usage: python examples/asyncio_client.py URL ...", file=sys.stderr)
        return 2
    results = asyncio.run(fetch_all(argv))
    for url, result in zip(argv, results, strict=True):
        print(f"{url}: {result.status_code} {result.body!r}")
    return 0 if all(result.status_code < 400 for result in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
