"""End-to-end support: a small ASGI app, real servers on 127.0.0.1, and the shared checks.

Both ends of every exchange run on this library: the servers (uvicorn forced to its h11
protocol and its wsproto WebSocket implementation; hypercorn, whose HTTP/1.1 is h11) parse and
write with ``h11``, and so do the clients (httpx through httpcore's h11 connection, a bare
``h11.Connection`` over a socket, and wsproto, whose handshake is h11).

``ServerContract`` holds the checks; ``test_e2e_uvicorn.py`` and ``test_e2e_hypercorn.py``
subclass it and provide the ``server`` fixture. Servers run in a background thread with their
own event loop, on a listening socket bound to port 0 (a free port), and are stopped at the end
of the module. Every network wait is bounded (``TIMEOUT``).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import importlib
import os
import socket
import threading
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from dataclasses import dataclass
from typing import Any

import pytest

import h11


def require_test_extra(*names: str) -> None:
    """Skip the importing test module unless the ``test`` extra's packages are installed.

    With ``H11_REQUIRE_TEST_EXTRA=1`` (set by ``.ci/run``) a missing package is an error
    instead, so CI cannot pass by skipping the end-to-end tests.
    """
    for name in names:
        if os.environ.get("H11_REQUIRE_TEST_EXTRA") == "1":
            importlib.import_module(name)
        else:
            pytest.importorskip(name, reason="needs the test extra: pip install -e '.[test]'")


require_test_extra("httpx", "wsproto", "uvicorn", "hypercorn", "trio")

import httpx  # noqa: E402
import wsproto  # noqa: E402
import wsproto.events  # noqa: E402

TIMEOUT = 10.0
HELLO = b"hello from an ASGI app\n"
#: The streamed response: ``STREAM_SIZE`` bytes, sent as ``STREAM_PIECE``-sized ASGI messages.
STREAM_SIZE = 10 * 1024 * 1024
STREAM_PIECE = bytes(range(256)) * 256  # 64 KiB

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


def streamed_body_digest() -> str:
    digest = hashlib.sha256()
    for _ in range(STREAM_SIZE // len(STREAM_PIECE)):
        digest.update(STREAM_PIECE)
    return digest.hexdigest()


# -- the application ---------------------------------------------------------------------------


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    """A raw ASGI 3 app.

    * ``GET|HEAD /hello``: ``HELLO`` with a Content-Length (the body is sent for HEAD too, as
      frameworks do: the server must drop it);
    * ``POST /echo``: reads the whole body, answers ``"<length> <sha256>"`` and, in
      ``x-request-framing``, how the request body was framed (content-length or chunked);
    * ``GET /stream``: ``STREAM_SIZE`` bytes in 64 KiB messages, no Content-Length (chunked);
    * WebSocket ``/ws``: echoes text and bytes messages until the client closes.

    Every HTTP response carries ``x-client-port``, the peer's port as the server saw it: equal
    ports mean one TCP connection served the requests.
    """
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    if scope["type"] == "websocket":
        await websocket_echo(receive, send)
        return
    assert scope["type"] == "http"
    client_port = str(scope["client"][1]).encode()
    method, path = scope["method"], scope["path"]
    if path == "/hello" and method in ("GET", "HEAD"):
        await respond(send, 200, HELLO, client_port, [(b"content-type", b"text/plain")])
    elif path == "/echo" and method == "POST":
        body = bytearray()
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        names = {name.lower() for name, _ in scope["headers"]}
        framing = b"chunked" if b"transfer-encoding" in names else b"content-length"
        answer = f"{len(body)} {hashlib.sha256(body).hexdigest()}".encode()
        await respond(send, 200, answer, client_port, [(b"x-request-framing", framing)])
    elif path == "/stream" and method == "GET":
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"application/octet-stream")],
            }
        )
        for _ in range(STREAM_SIZE // len(STREAM_PIECE)):
            await send({"type": "http.response.body", "body": STREAM_PIECE, "more_body": True})
        await send({"type": "http.response.body", "body": b""})
    else:
        await respond(send, 404, b"not found\n", client_port)


async def respond(
    send: Send,
    status: int,
    body: bytes,
    client_port: bytes,
    headers: list[tuple[bytes, bytes]] | None = None,
) -> None:
    all_headers = [
        (b"content-length", str(len(body)).encode()),
        (b"x-client-port", client_port),
        *(headers or []),
    ]
    await send({"type": "http.response.start", "status": status, "headers": all_headers})
    await send({"type": "http.response.body", "body": body})


async def websocket_echo(receive: Receive, send: Send) -> None:
    message = await receive()
    assert message["type"] == "websocket.connect"
    await send({"type": "websocket.accept"})
    while True:
        message = await receive()
        if message["type"] == "websocket.disconnect":
            return
        if message.get("text") is not None:
            await send({"type": "websocket.send", "text": message["text"]})
        else:
            await send({"type": "websocket.send", "bytes": message["bytes"]})


# -- servers -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Server:
    host: str
    port: int

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"


def listening_socket() -> socket.socket:
    """A TCP socket listening on 127.0.0.1 at a port the OS picked (so it is free)."""
    sock = socket.create_server(("127.0.0.1", 0))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # accepted sockets inherit it
    return sock


@contextlib.contextmanager
def serve_with_uvicorn() -> Iterator[Server]:
    """uvicorn forced to ``H11Protocol`` (``http="h11"``) and ``ws="wsproto"``."""
    import uvicorn

    sock = listening_socket()
    config = uvicorn.Config(
        app,
        http="h11",
        ws="wsproto",
        lifespan="off",
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=2,
    )
    server = uvicorn.Server(config)
    # Server.run() installs no signal handlers outside the main thread.
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        wait_until(lambda: server.started or not thread.is_alive(), "uvicorn to start")
        assert server.started, "uvicorn did not start"
        yield Server(*sock.getsockname()[:2])
    finally:
        server.should_exit = True
        thread.join(TIMEOUT)
        sock.close()
    assert not thread.is_alive(), "uvicorn did not stop"


@contextlib.contextmanager
def serve_with_hypercorn(worker: str = "asyncio") -> Iterator[Server]:
    """hypercorn (HTTP/1.1 through its h11 protocol) on the asyncio or trio worker."""
    from hypercorn.config import Config

    sock = listening_socket()
    host, port = sock.getsockname()[:2]
    config = Config()
    config.bind = [f"fd://{sock.detach()}"]  # hypercorn owns (and closes) the socket
    config.accesslog = None
    config.errorlog = None
    config.graceful_timeout = 2
    stop: Callable[[], None] | None = None
    ready = threading.Event()

    def run_asyncio() -> None:
        from hypercorn.asyncio import serve

        async def main() -> None:
            nonlocal stop
            loop, event = asyncio.get_running_loop(), asyncio.Event()
            stop = lambda: loop.call_soon_threadsafe(event.set)  # noqa: E731
            ready.set()
            await serve(app, config, shutdown_trigger=event.wait)

        asyncio.run(main())

    def run_trio() -> None:
        import trio
        from hypercorn.trio import serve

        async def main() -> None:
            nonlocal stop
            token, event = trio.lowlevel.current_trio_token(), trio.Event()
            stop = lambda: trio.from_thread.run_sync(event.set, trio_token=token)  # noqa: E731
            ready.set()
            await serve(app, config, shutdown_trigger=event.wait)

        trio.run(main)

    thread = threading.Thread(
        target=run_trio if worker == "trio" else run_asyncio, daemon=True, name="hypercorn"
    )
    thread.start()
    try:
        assert ready.wait(TIMEOUT), "hypercorn's loop did not start"
        # The socket already listens: connections made before hypercorn accepts them wait in
        # the backlog, so there is nothing else to wait for.
        yield Server(host, port)
    finally:
        if stop is not None:
            stop()
        thread.join(TIMEOUT)
    assert not thread.is_alive(), "hypercorn did not stop"


def wait_until(condition: Callable[[], bool], what: str) -> None:
    done = threading.Event()
    for _ in range(int(TIMEOUT / 0.01)):
        if condition():
            return
        done.wait(0.01)
    raise AssertionError(f"timed out waiting for {what}")


# -- raw-socket clients on h11 and wsproto -------------------------------------------------------


def next_event(conn: h11.Connection, sock: socket.socket) -> h11.Event:
    """The peer's next event, reading from the socket as often as h11 needs."""
    while True:
        event = conn.next_event()
        if event is h11.NEED_DATA:
            conn.receive_data(sock.recv(65536))
            continue
        assert isinstance(event, h11.Event), event
        return event


def read_until_closed(sock: socket.socket) -> bytes:
    data = b""
    with contextlib.suppress(ConnectionResetError):
        while more := sock.recv(65536):
            data += more
    return data


def websocket_events(ws: wsproto.WSConnection, sock: socket.socket) -> Iterator[Any]:
    """Yield wsproto events, reading from the socket whenever wsproto has none left."""
    while True:
        yield from ws.events()
        data = sock.recv(65536)
        ws.receive_data(data or None)  # None tells wsproto the connection closed
        if not data:
            yield from ws.events()
            return


# -- the checks --------------------------------------------------------------------------------


class ServerContract:
    """What every server must do for a client on this h11. Subclasses provide ``server``."""

    server_header_prefix: bytes

    @pytest.fixture
    def client(self, server: Server) -> Iterator[httpx.Client]:
        with httpx.Client(base_url=server.url, timeout=TIMEOUT) as client:
            yield client

    def test_get(self, client: httpx.Client) -> None:
        response = client.get("/hello")
        assert response.status_code == 200
        assert response.http_version == "HTTP/1.1"
        assert response.content == HELLO
        assert response.headers["content-length"] == str(len(HELLO))
        assert response.headers["server"].encode().startswith(self.server_header_prefix)

    def test_head_has_the_headers_but_no_body(self, client: httpx.Client) -> None:
        response = client.head("/hello")
        assert response.status_code == 200
        assert response.headers["content-length"] == str(len(HELLO))
        assert response.content == b""
        # The body the app sent anyway was dropped, not left on the connection.
        assert client.get("/hello").content == HELLO

    def test_unknown_path_is_a_404(self, client: httpx.Client) -> None:
        assert client.get("/nowhere").status_code == 404

    def test_post_with_content_length(self, client: httpx.Client) -> None:
        body = bytes(range(256)) * 1000
        response = client.post("/echo", content=body)
        assert response.status_code == 200
        assert response.headers["x-request-framing"] == "content-length"
        assert response.text == f"{len(body)} {hashlib.sha256(body).hexdigest()}"

    def test_post_with_a_chunked_streaming_body(self, client: httpx.Client) -> None:
        pieces = [b"first piece ", b"x" * 100_000, b"", b" last piece"]
        # A generator has no length, so httpx sends it with Transfer-Encoding: chunked.
        response = client.post("/echo", content=(piece for piece in pieces))
        body = b"".join(pieces)
        assert response.status_code == 200
        assert response.headers["x-request-framing"] == "chunked"
        assert response.text == f"{len(body)} {hashlib.sha256(body).hexdigest()}"

    def test_ten_megabyte_response_is_streamed(self, client: httpx.Client) -> None:
        digest = hashlib.sha256()
        received = pieces = 0
        with client.stream("GET", "/stream") as response:
            assert response.status_code == 200
            assert response.headers["transfer-encoding"] == "chunked"
            assert "content-length" not in response.headers
            for piece in response.iter_raw():
                digest.update(piece)
                received += len(piece)
                pieces += 1
        assert received == STREAM_SIZE
        assert digest.hexdigest() == streamed_body_digest()
        assert pieces > 1  # it arrived as a stream, not as one buffered block

    def test_keep_alive_serves_several_requests_on_one_connection(
        self, client: httpx.Client, server: Server
    ) -> None:
        responses = [
            client.get("/hello"),
            client.post("/echo", content=b"abc"),
            client.head("/hello"),
            client.post("/echo", content=iter([b"chunked"])),
            client.get("/hello"),
        ]
        assert [r.status_code for r in responses] == [200] * 5
        ports = {r.headers["x-client-port"] for r in responses}
        assert len(ports) == 1, ports
        # Sanity check of the measure: another client connection has another port.
        with httpx.Client(base_url=server.url, timeout=TIMEOUT) as other:
            assert other.get("/hello").headers["x-client-port"] not in ports

    def test_expect_100_continue(self, server: Server) -> None:
        """A bare h11 client sends its body only after the server's ``100 Continue``."""
        body = b"the body, sent after 100 Continue"
        conn = h11.Connection(our_role=h11.CLIENT)
        with socket.create_connection((server.host, server.port), timeout=TIMEOUT) as sock:
            request = h11.Request(
                method="POST",
                target="/echo",
                headers=[
                    ("Host", f"{server.host}:{server.port}"),
                    ("Content-Length", str(len(body))),
                    ("Expect", "100-continue"),
                ],
            )
            sock.sendall(conn.send(request))
            # Nothing of the body has been sent: the server must answer 100 first.
            informational = next_event(conn, sock)
            assert isinstance(informational, h11.InformationalResponse)
            assert informational.status_code == 100
            sock.sendall(conn.send(h11.Data(data=body)) + conn.send(h11.EndOfMessage()))
            response = next_event(conn, sock)
            assert isinstance(response, h11.Response)
            assert response.status_code == 200
            received = b""
            while isinstance(event := next_event(conn, sock), h11.Data):
                received += event.data
            assert isinstance(event, h11.EndOfMessage)
        assert received == f"{len(body)} {hashlib.sha256(body).hexdigest()}".encode()

    @pytest.mark.parametrize(
        "malformed",
        [
            pytest.param(b"GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n", id="header"),
            pytest.param(b"GET /\x00 HTTP/1.1\r\nHost: x\r\n\r\n", id="request-line"),
            pytest.param(
                b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                b"zz\r\nhello\r\n0\r\n\r\n",
                id="chunk-header",
            ),
        ],
    )
    def test_malformed_request_gets_400_and_the_server_stays_up(
        self, server: Server, client: httpx.Client, malformed: bytes
    ) -> None:
        with socket.create_connection((server.host, server.port), timeout=TIMEOUT) as sock:
            sock.sendall(malformed)
            answer = read_until_closed(sock)
        assert answer.startswith(b"HTTP/1.1 400 "), answer[:200]
        assert client.get("/hello").content == HELLO

    def test_websocket_upgrade_and_echo(self, server: Server) -> None:
        """A wsproto client over a socket: h11 handshake on both sides, then frames."""
        ws = wsproto.WSConnection(wsproto.ConnectionType.CLIENT)
        with socket.create_connection((server.host, server.port), timeout=TIMEOUT) as sock:
            handshake = wsproto.events.Request(host=f"{server.host}:{server.port}", target="/ws")
            sock.sendall(ws.send(handshake))
            events = websocket_events(ws, sock)
            assert isinstance(next(events), wsproto.events.AcceptConnection)

            sock.sendall(ws.send(wsproto.events.TextMessage(data="héllo")))
            text = next(events)
            assert isinstance(text, wsproto.events.TextMessage)
            assert (text.data, text.message_finished) == ("héllo", True)

            payload = bytes(range(256)) * 4
            sock.sendall(ws.send(wsproto.events.BytesMessage(data=payload)))
            received = b""
            for event in events:
                assert isinstance(event, wsproto.events.BytesMessage)
                received += event.data
                if event.message_finished:
                    break
            assert received == payload

            sock.sendall(ws.send(wsproto.events.CloseConnection(code=1000)))
            closing = next(events)
            assert isinstance(closing, wsproto.events.CloseConnection)
            assert closing.code == 1000
        assert ws.state is wsproto.ConnectionState.CLOSED
