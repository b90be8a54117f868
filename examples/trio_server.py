"""A small trio HTTP/1.1 server: ``trio.serve_tcp``, one task and one ``h11.Connection`` each.

The protocol logic of ``server.py`` and ``asyncio_server.py`` on trio: bytes from
``await stream.receive_some()`` go into ``Connection.receive_data()``, the bytes
``Connection.send()`` returns go to ``await stream.send_all()``, and timeouts are trio cancel
scopes (``trio.fail_after``). h11 neither knows nor cares which I/O library moves its bytes.

What it answers (plain text bodies):

* ``GET /anything``  -> ``200``, ``hello from h11 on trio\\n`` with a Content-Length;
* ``GET /chunked``   -> ``200`` in several ``Data`` events without Content-Length (h11 picks
  chunked for HTTP/1.1 clients, close-delimited for HTTP/1.0 ones);
* ``HEAD``           -> the headers of the ``GET``, no body;
* ``POST``           -> ``200``, ``received N bytes\\n``, after a ``100 Continue`` if the client
  waits for one;
* other methods      -> ``405`` with ``Allow``;
* a request h11 rejects -> its ``error_status_hint`` (400, 431, 501) with ``Connection: close``.

Connections stay open between requests (keep-alive) until the client closes, asks to close,
speaks HTTP/1.0, or is idle for ``idle_timeout`` seconds.

Run it: ``python examples/trio_server.py --port 8080``.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from functools import partial
from http import HTTPStatus

import trio

import h11

SERVER_HEADER = ("Server", f"h11-example-trio-server ({h11.PRODUCT_ID})")
HELLO_BODY = b"hello from h11 on trio\n"
STREAMED_PIECES = (b"hello ", b"from ", b"a ", b"trio ", b"stream\n")
ALLOWED_METHODS = "GET, HEAD, POST"
MAX_RECV = 65536


class ConnectionHandler:
    """Serves every request of one TCP connection, one after another."""

    def __init__(self, stream: trio.SocketStream, idle_timeout: float) -> None:
        self.stream = stream
        self.idle_timeout = idle_timeout
        self.conn = h11.Connection(our_role=h11.SERVER)
        self.requests_served = 0

    async def serve(self) -> None:
        try:
            await self.serve_requests()
            await self.linger()
        except (trio.BrokenResourceError, trio.ClosedResourceError):
            pass  # the client went away: nothing left to answer
        finally:
            await trio.aclose_forcefully(self.stream)

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
            except trio.TooSlowError:
                if self.requests_served and self.conn.their_state is h11.IDLE:
                    return  # an idle keep-alive connection: close it without a word
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
                with trio.fail_after(self.idle_timeout):
                    data = await self.stream.receive_some(MAX_RECV)
                self.conn.receive_data(data)  # b"" = the client closed
                continue
            if isinstance(event, h11.Event):
                return event
            raise RuntimeError("h11 paused unexpectedly")  # we never accept a protocol switch

    async def send(self, *events: h11.Event) -> None:
        await self.stream.send_all(b"".join(self.conn.send(event) or b"" for event in events))

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
        with contextlib.suppress(h11.LocalProtocolError):
            await self.send_response(
                status, message.encode() + b"\n", extra_headers=[("Connection", "close")]
            )

    async def linger(self) -> None:
        """Half-close, then drain what the client still sends (bounded) before closing.

        Closing with unread input makes the kernel send a reset, which can destroy the last
        response before the client reads it.
        """
        await self.stream.send_eof()
        with trio.move_on_after(2.0):
            while await self.stream.receive_some(MAX_RECV):
                pass


async def serve(
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    idle_timeout: float = 10.0,
    task_status: trio.TaskStatus[tuple[str, int]] = trio.TASK_STATUS_IGNORED,
) -> None:
    """Serve until cancelled. With ``nursery.start(serve)``, returns the bound (host, port)."""

    async def on_connection(stream: trio.SocketStream) -> None:
        await ConnectionHandler(stream, idle_timeout).serve()

    async with trio.open_nursery() as nursery:
        listeners = await nursery.start(partial(trio.serve_tcp, on_connection, port, host=host))
        address = listeners[0].socket.getsockname()
        task_status.started((str(address[0]), int(address[1])))


@contextlib.contextmanager
def serve_in_background(
    host: str = "127.0.0.1", port: int = 0, *, idle_timeout: float = 10.0
) -> Iterator[tuple[str, int]]:
    """Run the server in a thread with its own ``trio.run``; yields ``(host, port)``."""
    started = threading.Event()
    address: list[tuple[str, int]] = []
    cancel: list[tuple[trio.lowlevel.TrioToken, trio.CancelScope]] = []

    async def run() -> None:
        with trio.CancelScope() as scope:
            async with trio.open_nursery() as nursery:
                address.append(
                    await nursery.start(partial(serve, host, port, idle_timeout=idle_timeout))
                )
                cancel.append((trio.lowlevel.current_trio_token(), scope))
                started.set()

    thread = threading.Thread(target=trio.run, args=(run,), daemon=True)
    thread.start()
    if not started.wait(10):
        raise RuntimeError("the trio server did not start")
    try:
        yield address[0]
    finally:
        token, scope = cancel[0]
        trio.from_thread.run_sync(scope.cancel, trio_token=token)
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
        # Ctrl-C arrives here as a signal to receive, and stops the server by cancelling it
        # (instead of a KeyboardInterrupt raised somewhere inside the tasks).
        with trio.open_signal_receiver(signal.SIGINT) as signals:
            async with trio.open_nursery() as nursery:
                host, port = await nursery.start(partial(serve, args.host, args.port))
                print(f"serving on http://{host}:{port}/ (Ctrl-C to stop)", flush=True)
                async for _ in signals:
                    nursery.cancel_scope.cancel()
                    break

    try:
        trio.run(serve_forever)
    except Exception as exc:  # trio wraps the OSError from binding in an exception group
        if port_taken(exc, args.host, args.port):
            return 1
        raise
    return 0


if __name__ == "__main__":
    sys.exit(main())
