"""A small blocking HTTP/1.1 server: ``socketserver`` threads, one ``h11.Connection`` each.

What it answers (plain text bodies):

* ``GET /anything``  -> ``200``, ``hello from h11\\n`` with a Content-Length;
* ``GET /chunked``   -> ``200`` streamed in several ``Data`` events without Content-Length, so
  h11 picks the framing: chunked for HTTP/1.1 clients, "until close" for HTTP/1.0 ones;
* ``HEAD``           -> the same headers as ``GET``, no body;
* ``POST``           -> ``200``, ``received N bytes\\n`` (N = request body length; fixed-length or
  chunked uploads). ``100 Continue`` is sent first when the client waits for it
  (``Expect: 100-continue``);
* a ``POST`` whose ``Content-Length`` exceeds ``max_upload`` -> ``413`` at once, without reading
  the body, with ``Connection: close`` (RFC 9110 §15.5.14); a client built on h11 then stops
  sending (``send(ConnectionClosed())``, see ``examples/client.py``);
* other methods      -> ``405`` with ``Allow``;
* a request h11 cannot parse (``RemoteProtocolError``) -> the error's suggested status (400, 431,
  501) with ``Connection: close``, then the connection is closed.

Connections are kept alive between requests (``start_next_cycle()``) until the client sends
``Connection: close``, speaks HTTP/1.0, closes, or stays idle for ``idle_timeout`` seconds.
h11 adds ``Connection: close`` to our responses by itself whenever that applies. With
``--http10-keep-alive`` (h11's ``http10_keep_alive`` keyword), an HTTP/1.0 client that sends
``Connection: keep-alive`` keeps its connection too (``ab -k``), for responses with a
``Content-Length``; h11 then adds ``Connection: keep-alive`` to them.

Run it: ``python examples/server.py --port 8080``, then ``curl -v http://127.0.0.1:8080/``.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import socket
import socketserver
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from http import HTTPStatus

import h11

SERVER_HEADER = ("Server", f"h11-example-server ({h11.PRODUCT_ID})")
HELLO_BODY = b"hello from h11\n"
STREAMED_PIECES = (b"hello ", b"from ", b"a ", b"streamed ", b"body\n")
ALLOWED_METHODS = "GET, HEAD, POST"
MAX_RECV = 65536
#: The largest declared upload answered normally; larger ones get an early 413.
DEFAULT_MAX_UPLOAD = 10 * 1024 * 1024


class H11Handler(socketserver.BaseRequestHandler):
    """Serves every request of one TCP connection, one after another."""

    server: ExampleServer
    sock: socket.socket
    conn: h11.Connection

    def setup(self) -> None:
        assert isinstance(self.request, socket.socket)
        self.sock = self.request
        self.sock.settimeout(self.server.idle_timeout)
        # Streamed responses are written piece by piece: don't let Nagle hold pieces back.
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.conn = h11.Connection(
            our_role=h11.SERVER, http10_keep_alive=self.server.http10_keep_alive
        )

    def handle(self) -> None:
        try:
            self.serve_requests()
        except OSError:
            pass  # the client went away (reset, broken pipe): nothing left to answer
        finally:
            self.close_gracefully()

    # -- the request loop -------------------------------------------------------------------

    def serve_requests(self) -> None:
        while True:
            try:
                event = self.next_event()
                if isinstance(event, h11.ConnectionClosed):
                    return  # the client closed between requests: the normal end
                assert isinstance(event, h11.Request)  # h11 guarantees it in state IDLE
                self.handle_request(event)
            except h11.RemoteProtocolError as exc:
                # The client broke the protocol: answer with h11's suggested status if we
                # still can, then hang up (the stream can't be trusted any more).
                self.send_error(exc.error_status_hint, str(exc))
                return
            except TimeoutError:
                # Idle keep-alive connection, or a client that stalled mid-request.
                self.send_error(408, "timed out waiting for the request")
                return
            if self.conn.states != {h11.CLIENT: h11.DONE, h11.SERVER: h11.DONE}:
                return  # MUST_CLOSE: Connection: close, HTTP/1.0 client, ...
            # Keep-alive: back to IDLE/IDLE; bytes of a pipelined request stay buffered in h11.
            self.conn.start_next_cycle()

    def handle_request(self, request: h11.Request) -> None:
        if request.method == b"POST" and self.upload_too_large(request):
            # RFC 9110 §15.5.14: refuse before reading the body (nor ask for it with a
            # 100 Continue). The body stays unread, so the connection must close: the
            # client stops sending, and close_gracefully() drains what is in flight.
            self.send_response(
                413,
                b"upload too large\n",
                extra_headers=[("Connection", "close")],
            )
            return
        if self.conn.they_are_waiting_for_100_continue:
            # The client sent "Expect: 100-continue" and holds its body back until it sees
            # this (or gives up waiting). h11 only tracks the flag; sending is our job.
            self.send(h11.InformationalResponse(status_code=100, headers=[SERVER_HEADER]))
        body_length = self.read_body_length()
        method = request.method
        if method in (b"GET", b"HEAD"):
            if request.target == b"/chunked":
                self.send_streamed_response(head_only=method == b"HEAD")
            else:
                self.send_response(200, HELLO_BODY, head_only=method == b"HEAD")
        elif method == b"POST":
            self.send_response(200, f"received {body_length} bytes\n".encode())
        else:
            self.send_response(
                405, b"method not allowed\n", extra_headers=[("Allow", ALLOWED_METHODS)]
            )

    def upload_too_large(self, request: h11.Request) -> bool:
        for name, value in request.headers:
            if name == b"content-length":
                return int(value) > self.server.max_upload
        return False

    def read_body_length(self) -> int:
        """Read the request body up to ``EndOfMessage``; return its length."""
        length = 0
        while True:
            event = self.next_event()
            if isinstance(event, h11.Data):
                length += len(event.data)
            elif isinstance(event, h11.EndOfMessage):
                return length
            # Nothing else can come from a client in SEND_BODY.

    # -- bytes in / bytes out ---------------------------------------------------------------

    def next_event(self) -> h11.Event:
        while True:
            event = self.conn.next_event()
            if isinstance(event, h11.Event):
                return event
            if event is h11.NEED_DATA:
                self.conn.receive_data(self.sock.recv(MAX_RECV))  # b"" = client closed
                continue
            # PAUSED only follows a protocol-switch request (we never accept one: any
            # Response denies it) or a full request when we forgot start_next_cycle().
            raise RuntimeError("h11 paused unexpectedly")

    def send(self, *events: h11.Event) -> None:
        """Serialise the events with h11 and write them with one ``sendall``."""
        # (One write per call: separate small writes can stall on Nagle + delayed ACKs.)
        self.sock.sendall(b"".join(self.conn.send(event) or b"" for event in events))

    def send_response(
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
            # For HEAD this announces the length a GET would have; h11 knows a HEAD response
            # has no body, whatever the Content-Length says.
            ("Content-Length", str(len(body))),
            *extra_headers,
        ]
        response = h11.Response(
            status_code=status, reason=HTTPStatus(status).phrase, headers=headers
        )
        if head_only:
            self.send(response, h11.EndOfMessage())
        else:
            self.send(response, h11.Data(data=body), h11.EndOfMessage())

    def send_streamed_response(self, *, head_only: bool) -> None:
        # No Content-Length: h11 adds "Transfer-Encoding: chunked" for an HTTP/1.1 client, or
        # delimits the body by closing the connection for an HTTP/1.0 one.
        headers = [SERVER_HEADER, ("Content-Type", "text/plain; charset=utf-8")]
        self.send(h11.Response(status_code=200, reason="OK", headers=headers))
        if not head_only:
            for piece in STREAMED_PIECES:
                self.send(h11.Data(data=piece))
        self.send(h11.EndOfMessage())

    def send_error(self, status: int, message: str) -> None:
        """Send a complete error response with ``Connection: close``, if one can still be sent."""
        if self.conn.our_state not in (h11.IDLE, h11.SEND_RESPONSE):
            return  # a response is already under way (or done): all we can do is close
        with contextlib.suppress(h11.LocalProtocolError, OSError):  # e.g. the client is gone
            self.send_response(
                status, message.encode() + b"\n", extra_headers=[("Connection", "close")]
            )

    def close_gracefully(self) -> None:
        """Half-close, then drain what the client still sends (bounded) before closing.

        Closing a socket with unread input makes the kernel send a reset, which can destroy
        our last response before the client has read it (e.g. after a 400 for a request whose
        body we never read).
        """
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_WR)
            deadline = time.monotonic() + self.server.linger_timeout
            while (remaining := deadline - time.monotonic()) > 0:
                self.sock.settimeout(remaining)
                if not self.sock.recv(MAX_RECV):
                    break


class ExampleServer(socketserver.ThreadingTCPServer):
    """``ThreadingTCPServer`` running ``H11Handler``; one thread per connection."""

    daemon_threads = True  # a stuck client never blocks interpreter exit
    allow_reuse_address = True

    def __init__(
        self,
        address: tuple[str, int] = ("127.0.0.1", 0),
        *,
        idle_timeout: float = 10.0,
        linger_timeout: float = 2.0,
        max_upload: int = DEFAULT_MAX_UPLOAD,
        http10_keep_alive: bool = False,
    ) -> None:
        self.idle_timeout = idle_timeout
        self.linger_timeout = linger_timeout
        self.max_upload = max_upload
        self.http10_keep_alive = http10_keep_alive
        super().__init__(address, H11Handler)

    @property
    def host(self) -> str:
        return str(self.server_address[0])

    @property
    def port(self) -> int:
        return int(self.server_address[1])


@contextlib.contextmanager
def serve_in_background(
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    idle_timeout: float = 10.0,
    max_upload: int = DEFAULT_MAX_UPLOAD,
    http10_keep_alive: bool = False,
) -> Iterator[ExampleServer]:
    """Run an ``ExampleServer`` in a thread for the duration of a ``with`` block.

    ``port=0`` lets the OS pick a free port: read it back from ``server.port``.
    """
    server = ExampleServer(
        (host, port),
        idle_timeout=idle_timeout,
        max_upload=max_upload,
        http10_keep_alive=http10_keep_alive,
    )
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()  # stops accepting; open connections end on their own
        server.server_close()
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
    parser.add_argument(
        "--idle-timeout",
        type=float,
        default=10.0,
        help="seconds a connection may stay silent before a 408 (default: 10)",
    )
    parser.add_argument(
        "--max-upload",
        type=int,
        default=DEFAULT_MAX_UPLOAD,
        help="largest Content-Length accepted; larger uploads get an early 413 (default: 10 MiB)",
    )
    parser.add_argument(
        "--http10-keep-alive",
        action="store_true",
        help="keep the connection of HTTP/1.0 clients that send Connection: keep-alive",
    )
    args = parser.parse_args(argv)
    try:
        server = ExampleServer(
            (args.host, args.port),
            idle_timeout=args.idle_timeout,
            max_upload=args.max_upload,
            http10_keep_alive=args.http10_keep_alive,
        )
    except OSError as exc:
        if port_taken(exc, args.host, args.port):
            return 1
        raise
    with server:
        print(f"serving on http://{server.host}:{server.port}/ (Ctrl-C to stop)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
