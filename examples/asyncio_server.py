"""A small asyncio HTTP/1.1 server: ``asyncio.start_server`` streams, one ``h11.Connection`` each.

The same protocol logic as ``server.py`` (which uses threads and blocking sockets), moved onto
asyncio's streams API: ``await reader.read()`` feeds ``Connection.receive_data()``, and the bytes
``Connection.send()`` returns go to ``writer.write()`` + ``await writer.drain()``. h11 is the
same object in both; only the I/O around it changes.

What it answers (plain text bodies):

* ``GET /anything``  -> ``200``, ``hello from h11 on asyncio\\n`` with a Content-Length;
* ``GET /chunked``   -> ``200`` in several ``Data`` events without Content-Length (chunked for
  HTTP/1.1 clients, close-delimited for HTTP/1.0 ones: h11 decides);
* ``HEAD``           -> the headers of the ``GET``, no body;
* ``POST``           -> ``200``, ``received N bytes\\n``, after a ``100 Continue`` if the client
  waits for one (``Expect: 100-continue``);
* other methods      -> ``405`` with ``Allow``;
* a request h11 rejects -> its ``error_status_hint`` (400, 431, 501) with ``Connection: close``.

Connections stay open between requests (keep-alive) until the client closes, asks to close,
speaks HTTP/1.0, or is idle for ``idle_timeout`` seconds (then it gets a ``408``).

Run it: ``python examples/asyncio_server.py --port 8080``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import errno
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from http import HTTPStatus

import h11

SERVER_HEADER = ("Server", f"h11-example-asyncio-server ({h11.PRODUCT_ID})")
HELLO_BODY = b"hello from h11 on asyncio\n"
STREAMED_PIECES = (b"hello ", b"from ", b"an ", b"asyncio ", b"stream\n")
ALLOWED_METHODS = "GET, HEAD, POST"
MAX_RECV = 65536


class ConnectionHandler:
    """Serves every request of one TCP connection, one after another."""

    def __init__(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, idle_timeout: float
    ) -> None:
        self.reader = reader
        self.writer = writer
        self.idle_timeout = idle_timeout
        self.conn = h11.Connection(our_role=h11.SERVER)
        self.requests_served = 0

    async def serve(self) -> None:
        try:
            await self.serve_requests()
            await self.linger()
        except OSError:
            pass  # the client went away (reset, broken pipe): nothing left to answer
        finally:
            self.writer.close()  # (not awaited: this also runs when shutdown cancels us)

    async def serve_requests(self) -> None:
        while True:
            try:
                event = await self.next_event()
                if isinstance(event, h11.ConnectionClosed):
                    return  # the client closed between requests
                assert isinstance(event, h11.Request)  # h11 guarantees it in state IDLE
                await self.handle_request(event)
            except h11.RemoteProtocolError as exc:
                await self.send_error(exc.error_status_hint, str(exc))
                return
            except asyncio.TimeoutError:  # (TimeoutError itself only from Python 3.11 on)
                if self.requests_served and self.conn.their_state is h11.IDLE:
                    # An idle keep-alive connection: just close it. A 408 here could cross a
                    # request the client is sending right now and be taken as its answer.
                    return
                await self.send_error(408, "timed out waiting for the request")
                return
            self.requests_served += 1
            if self.conn.states != {h11.CLIENT: h11.DONE, h11.SERVER: h11.DONE}:
                return  # MUST_CLOSE: the connection can't be reused
            self.conn.start_next_cycle()  # keep-alive: back to IDLE/IDLE

    async def handle_request(self, request: h11.Request) -> None:
        if self.conn.they_are_waiting_for_100_continue:
            await self.send(h11.InformationalResponse(status_code=100, headers=[SERVER_HEADER]))
        body_length = 0
        while not isinstance(event := await self.next_event(), h11.EndOfMessage):
            assert isinstance(event, h11.Data)  # nothing else comes from a client in SEND_BODY
            body_length += len(event.data)
        if request.method in (b"GET", b"HEAD"):
            head_only = request.method == b"HEAD"
            if request.target == b"/chunked":
                await self.send_streamed_response(head_only=head_only)
            else:
                await self.send_response(200, HELLO_BODY, head_only=head_only)
        elif request.method == b"POST":
            await self.send_response(200, f"received {body_length} bytes\n".encode())
        else:
            await self.send_response(
                405, b"method not allowed\n", extra_headers=[("Allow", ALLOWED_METHODS)]
            )

    async def next_event(self) -> h11.Event:
        while True:
            event = self.conn.next_event()
            if event is h11.NEED_DATA:
                data = await asyncio.wait_for(self.reader.read(MAX_RECV), self.idle_timeout)
                self.conn.receive_data(data)  # b"" = the client closed
                continue
            if isinstance(event, h11.Event):
                return event
            raise RuntimeError("h11 paused unexpectedly")  # we never accept a protocol switch

    async def send(self, *events: h11.Event) -> None:
        self.writer.write(b"".join(self.conn.send(event) or b"" for event in events))
        await self.writer.drain()  # flow control: wait while the client is slow to read

    async def send_response(
        self,
        status: int,
        body: bytes,
        *,
        head_only: bool = False,
        extra_headers: Sequence[tuple[str, str]] = (),
    ) -> None:
        headers = [
            SERVER_HEADER,
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Length", str(len(body))),
            *extra_headers,
        ]
        response = h11.Response(
            status_code=status, reason=HTTPStatus(status).phrase, headers=headers
        )
        if head_only:
            await self.send(response, h11.EndOfMessage())
        else:
            await self.send(response, h11.Data(data=body), h11.EndOfMessage())

    async def send_streamed_response(self, *, head_only: bool) -> None:
        headers = [SERVER_HEADER, ("Content-Type", "text/plain; charset=utf-8")]
        await self.send(h11.Response(status_code=200, reason="OK", headers=headers))
        if not head_only:
            for piece in STREAMED_PIECES:
                await self.send(h11.Data(data=piece))
        await self.send(h11.EndOfMessage())

    async def send_error(self, status: int, message: str) -> None:
        if self.conn.our_state not in (h11.IDLE, h11.SEND_RESPONSE):
            return  # a response is already under way: all we can do is close
        with contextlib.suppress(h11.LocalProtocolError, OSError):
            await self.send_response(
                status, message.encode() + b"\n", extra_headers=[("Connection", "close")]
            )

    async def linger(self) -> None:
        """Half-close, then drain what the client still sends (bounded) before closing.

        Closing with unread input makes the kernel send a reset, which can destroy the last
        response before the client reads it (e.g. a 400 for a request we did not read).
        """
        if self.writer.can_write_eof():
            self.writer.write_eof()
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self.discard_input(), 2.0)

    async def discard_input(self) -> None:
        while await self.reader.read(MAX_RECV):
            pass


class ExampleServer:
    """An ``asyncio.Server`` running ``ConnectionHandler``s, which it cancels on ``aclose()``."""

    def __init__(self, *, idle_timeout: float = 10.0) -> None:
        self.idle_timeout = idle_timeout
        self.handlers: set[asyncio.Task[None]] = set()
        self.server: asyncio.Server | None = None

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> tuple[str, int]:
        """Start listening; ``port=0`` picks a free port. Returns the ``(host, port)``."""
        self.server = await asyncio.start_server(self.on_connection, host, port)
        address = self.server.sockets[0].getsockname()
        return str(address[0]), int(address[1])

    async def on_connection(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        task = asyncio.current_task()
        assert task is not None
        self.handlers.add(task)
        try:
            await ConnectionHandler(reader, writer, self.idle_timeout).serve()
        except asyncio.CancelledError:
            # aclose() cancelled this connection's task: end it quietly. (Letting the
            # cancellation out of a start_server callback makes Python 3.11 log an error.)
            pass
        finally:
            self.handlers.discard(task)

    async def aclose(self) -> None:
        """Stop listening and end the open connections (idle keep-alive ones included)."""
        assert self.server is not None
        self.server.close()
        for task in self.handlers:
            task.cancel()
        await asyncio.gather(*self.handlers, return_exceptions=True)
        await self.server.wait_closed()


@contextlib.contextmanager
def serve_in_background(
    host: str = "127.0.0.1", port: int = 0, *, idle_timeout: float = 10.0
) -> Iterator[tuple[str, int]]:
    """Run the server on its own event loop in a thread; yields ``(host, port)``."""
    started = threading.Event()
    address: list[tuple[str, int]] = []
    stopping: list[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = []

    async def run() -> None:
        server = ExampleServer(idle_timeout=idle_timeout)
        address.append(await server.start(host, port))
        stop = asyncio.Event()
        stopping.append((asyncio.get_running_loop(), stop))
        started.set()
        await stop.wait()
        await server.aclose()

    thread = threading.Thread(target=asyncio.run, args=(run(),), daemon=True)
    thread.start()
    if not started.wait(10):
        raise RuntimeError("the asyncio server did not start")
    try:
        yield address[0]
    finally:
        loop, stop = stopping[0]
        loop.call_soon_threadsafe(stop.set)
        thread.join(timeout=5)


def port_taken(exc: BaseException, host: str, port: int) -> bool:
    """Print one line and return True if ``exc`` says the address is already in use.

    A second server on the same port otherwise dies with a traceback that hides the one
    thing to do: pick another port.
    """
    if isinstance(exc, OSError) and exc.errno == errno.EADDRINUSE:
        print(
            f"{sys.argv[0]}: {host}:{port} is already in use (another server is running?); "
            "pick another port with --port",
            file=sys.stderr,
        )
        return True
    inner: Sequence[BaseException] = getattr(exc, "exceptions", ())  # an exception group
    return len(inner) == 1 and port_taken(inner[0], host, port)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args(argv)

    async def serve_forever() -> None:
        server = ExampleServer()
        host, port = await server.start(args.host, args.port)
        stop = asyncio.Event()
        # Ctrl-C sets the event, rather than raising KeyboardInterrupt wherever the loop is.
        with contextlib.suppress(NotImplementedError):  # (not on Windows' event loops)
            asyncio.get_running_loop().add_signal_handler(signal.SIGINT, stop.set)
        print(f"serving on http://{host}:{port}/ (Ctrl-C to stop)", flush=True)
        try:
            await stop.wait()
        finally:
            await server.aclose()

    try:
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(serve_forever())
    except OSError as exc:
        if port_taken(exc, args.host, args.port):
            return 1
        raise
    return 0


if __name__ == "__main__":
    sys.exit(main())
