"""Interoperability with the standard library's HTTP code, over 127.0.0.1.

Two directions:

* our client (a socket + ``h11.Connection``: ``examples/client.py``'s ``HttpClient``) against
  ``http.server.ThreadingHTTPServer`` with handlers written here (HTTP/1.1 keep-alive, and an
  HTTP/1.0 one that delimits its body by closing);
* our server (``examples/server.py``) driven by ``http.client``, raw sockets and
  ``urllib.request``.

Every server is started and stopped by a fixture; every socket has a timeout, so a hang fails
the test instead of blocking the run.
"""

from __future__ import annotations

import http.client
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, BinaryIO

import pytest

import h11
from helpers import load_example

TIMEOUT = 5.0


example_client = load_example("client")
example_server = load_example("server")


# ---------------------------------------------------------------------------------------------
# Our client against http.server
# ---------------------------------------------------------------------------------------------

PAGE = b"hello from http.server\n"


def read_chunked_body(rfile: BinaryIO) -> bytes:
    """Decode a chunked request body (``BaseHTTPRequestHandler`` leaves that to handlers)."""
    body = b""
    while True:
        size_line = rfile.readline()
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            while rfile.readline() not in (b"\r\n", b"\n", b""):
                pass  # trailer fields
            return body
        body += rfile.read(size)
        assert rfile.read(2) == b"\r\n"


class KeepAliveHandler(BaseHTTPRequestHandler):
    """HTTP/1.1 handler: Content-Length on every response, so connections stay open."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output clean

    def send_body(self, body: bytes, *, head_only: bool = False) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        # Which client port sent this request: equal ports on two responses = one connection.
        self.send_header("X-Client-Port", str(self.client_address[1]))
        if self.path == "/close":
            self.send_header("Connection", "close")  # also makes the handler close afterwards
        self.end_headers()
        if not head_only:
            self.wfile.write(body)

    def do_GET(self) -> None:
        self.send_body(PAGE)

    def do_HEAD(self) -> None:
        self.send_body(PAGE, head_only=True)

    def do_POST(self) -> None:
        chunked = self.headers.get("Transfer-Encoding", "").lower() == "chunked"
        if chunked:
            body = read_chunked_body(self.rfile)
        else:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Was-Chunked", "yes" if chunked else "no")
        self.end_headers()
        self.wfile.write(body)  # echo


class Http10Handler(BaseHTTPRequestHandler):
    """HTTP/1.0 handler: no Content-Length, the body ends when the connection closes."""

    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        for _ in range(3):
            self.wfile.write(PAGE)


def run_stdlib_server(handler: type[BaseHTTPRequestHandler]) -> Iterator[tuple[str, int]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield str(host), int(port)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=TIMEOUT)
        assert not thread.is_alive()


@pytest.fixture
def stdlib_server() -> Iterator[tuple[str, int]]:
    yield from run_stdlib_server(KeepAliveHandler)


@pytest.fixture
def stdlib_server_http10() -> Iterator[tuple[str, int]]:
    yield from run_stdlib_server(Http10Handler)


@pytest.fixture
def client(stdlib_server: tuple[str, int]) -> Iterator[Any]:
    host, port = stdlib_server
    with example_client.HttpClient(host, port, timeout=TIMEOUT) as c:
        yield c


def header(response: h11.Response, name: bytes) -> bytes | None:
    return dict(response.headers).get(name)


def test_get_with_content_length_body(client: Any) -> None:
    result = client.request("GET", "/")
    assert result.status_code == 200
    assert result.response.http_version == b"1.1"
    assert result.response.reason == b"OK"
    assert header(result.response, b"content-length") == str(len(PAGE)).encode()
    assert result.body == PAGE
    assert client.conn.states == {h11.CLIENT: h11.DONE, h11.SERVER: h11.DONE}
    assert client.conn.their_http_version == b"1.1"


def test_keep_alive_reuses_one_connection(client: Any) -> None:
    first_socket = client.sock
    ports = set()
    for _ in range(3):
        result = client.request("GET", "/")
        assert result.body == PAGE
        ports.add(header(result.response, b"x-client-port"))
    assert client.sock is first_socket
    assert ports == {str(first_socket.getsockname()[1]).encode()}


def test_start_next_cycle_by_hand_between_requests(client: Any) -> None:
    host_header = client.host_header
    for _ in range(2):
        client.send(
            h11.Request(method="GET", target="/", headers=[("Host", host_header)]),
            h11.EndOfMessage(),
        )
        events = list(client.events())
        assert [type(e) for e in events] == [h11.Response, h11.Data, h11.EndOfMessage]
        assert b"".join(bytes(e.data) for e in events if type(e) is h11.Data) == PAGE
        assert client.conn.states == {h11.CLIENT: h11.DONE, h11.SERVER: h11.DONE}
        client.conn.start_next_cycle()
        assert client.conn.states == {h11.CLIENT: h11.IDLE, h11.SERVER: h11.IDLE}


def test_head_response_has_length_but_no_body(client: Any) -> None:
    result = client.request("HEAD", "/")
    assert result.status_code == 200
    assert header(result.response, b"content-length") == str(len(PAGE)).encode()
    assert result.body == b""
    assert client.conn.states == {h11.CLIENT: h11.DONE, h11.SERVER: h11.DONE}
    # h11 did not wait for (or swallow) body bytes: the next response parses cleanly.
    first_socket = client.sock
    assert client.request("GET", "/").body == PAGE
    assert client.sock is first_socket


def test_server_connection_close_ends_the_connection(client: Any) -> None:
    result = client.request("GET", "/close")
    assert header(result.response, b"connection") == b"close"
    assert result.body == PAGE
    assert client.conn.states == {h11.CLIENT: h11.MUST_CLOSE, h11.SERVER: h11.MUST_CLOSE}
    assert type(client.next_event()) is h11.ConnectionClosed
    assert client.conn.states == {h11.CLIENT: h11.MUST_CLOSE, h11.SERVER: h11.CLOSED}
    with pytest.raises(h11.LocalProtocolError):
        client.conn.start_next_cycle()


def test_client_connection_close_reconnects_for_the_next_request(client: Any) -> None:
    first_socket = client.sock
    result = client.request("GET", "/", headers=[("Connection", "close")])
    assert result.body == PAGE
    assert client.conn.states == {h11.CLIENT: h11.MUST_CLOSE, h11.SERVER: h11.MUST_CLOSE}
    assert client.request("GET", "/").body == PAGE
    assert client.sock is not first_socket


def test_post_with_content_length(client: Any) -> None:
    body = b"x" * 100_000  # several socket reads on both sides
    result = client.request("POST", "/echo", body=body)
    assert result.status_code == 200
    assert header(result.response, b"x-was-chunked") == b"no"
    assert result.body == body


def test_chunked_upload(client: Any) -> None:
    host_header = client.host_header
    pieces = [b"first piece, ", b"", b"second, ", b"x" * 5000]
    client.send(
        h11.Request(
            method="POST",
            target="/echo",
            headers=[("Host", host_header), ("Transfer-Encoding", "chunked")],
        ),
        *[h11.Data(data=p) for p in pieces],
        h11.EndOfMessage(headers=[("X-Trailer", "done")]),
    )
    result = client.read_response()
    assert header(result.response, b"x-was-chunked") == b"yes"
    assert result.body == b"".join(pieces)
    assert client.conn.states == {h11.CLIENT: h11.DONE, h11.SERVER: h11.DONE}


def test_http10_close_delimited_response(stdlib_server_http10: tuple[str, int]) -> None:
    host, port = stdlib_server_http10
    with example_client.HttpClient(host, port, timeout=TIMEOUT) as c:
        c.send(
            h11.Request(method="GET", target="/", headers=[("Host", c.host_header)]),
            h11.EndOfMessage(),
        )
        events = list(c.events())
        response = events[0]
        assert type(response) is h11.Response
        assert response.http_version == b"1.0"
        assert header(response, b"content-length") is None
        assert type(events[-1]) is h11.EndOfMessage
        body = b"".join(bytes(e.data) for e in events[1:-1] if type(e) is h11.Data)
        assert body == PAGE * 3
        # The body ended with the connection: no reuse possible.
        assert c.conn.their_http_version == b"1.0"
        assert type(c.next_event()) is h11.ConnectionClosed
        assert c.conn.states == {h11.CLIENT: h11.MUST_CLOSE, h11.SERVER: h11.CLOSED}


# ---------------------------------------------------------------------------------------------
# Our server against http.client, raw sockets and urllib.request
# ---------------------------------------------------------------------------------------------

HELLO = example_server.HELLO_BODY


@pytest.fixture
def our_server() -> Iterator[tuple[str, int]]:
    with example_server.serve_in_background(idle_timeout=TIMEOUT) as server:
        yield server.host, server.port


@pytest.fixture
def http_conn(our_server: tuple[str, int]) -> Iterator[http.client.HTTPConnection]:
    host, port = our_server
    conn = http.client.HTTPConnection(host, port, timeout=TIMEOUT)
    try:
        yield conn
    finally:
        conn.close()


def recv_until(sock: socket.socket, marker: bytes) -> bytes:
    data = b""
    while marker not in data:
        more = sock.recv(65536)
        if not more:
            break
        data += more
    return data


def recv_until_eof(sock: socket.socket) -> bytes:
    data = b""
    while more := sock.recv(65536):
        data += more
    return data


def test_http_client_keep_alive_reuses_one_connection(
    http_conn: http.client.HTTPConnection,
) -> None:
    http_conn.request("GET", "/")
    first = http_conn.getresponse()
    assert first.status == 200
    assert first.read() == HELLO
    first_socket = http_conn.sock
    assert first_socket is not None
    for target in ("/a", "/b"):
        http_conn.request("GET", target)
        response = http_conn.getresponse()
        assert response.version == 11
        assert not response.will_close
        assert response.read() == HELLO
    # http.client opens a new socket whenever the server closed the old one.
    assert http_conn.sock is first_socket


def test_http_client_post_with_content_length(http_conn: http.client.HTTPConnection) -> None:
    http_conn.request("POST", "/upload", body=b"hello world")
    response = http_conn.getresponse()
    assert response.status == 200
    assert response.read() == b"received 11 bytes\n"


def test_http_client_chunked_upload(http_conn: http.client.HTTPConnection) -> None:
    pieces = [b"abc", b"defgh", b"i" * 10_000]
    http_conn.request(
        "POST",
        "/upload",
        body=iter(pieces),
        headers={"Transfer-Encoding": "chunked"},
        encode_chunked=True,
    )
    response = http_conn.getresponse()
    assert response.status == 200
    assert response.read() == b"received 10008 bytes\n"
    # ...and the connection is still good for another request.
    http_conn.request("GET", "/")
    assert http_conn.getresponse().read() == HELLO


def test_http_client_reads_chunked_response(http_conn: http.client.HTTPConnection) -> None:
    http_conn.request("GET", "/chunked")
    response = http_conn.getresponse()
    assert response.getheader("Transfer-Encoding") == "chunked"
    assert response.getheader("Content-Length") is None
    assert response.read() == b"".join(example_server.STREAMED_PIECES)


def test_http_client_head(http_conn: http.client.HTTPConnection) -> None:
    http_conn.request("HEAD", "/")
    response = http_conn.getresponse()
    assert response.status == 200
    assert response.getheader("Content-Length") == str(len(HELLO))
    assert response.read() == b""
    first_socket = http_conn.sock
    http_conn.request("GET", "/")
    assert http_conn.getresponse().read() == HELLO
    assert http_conn.sock is first_socket


def test_http_client_connection_close(http_conn: http.client.HTTPConnection) -> None:
    http_conn.request("GET", "/", headers={"Connection": "close"})
    response = http_conn.getresponse()
    assert response.getheader("Connection") == "close"
    assert response.will_close
    assert response.read() == HELLO


def test_server_closes_after_connection_close(our_server: tuple[str, int]) -> None:
    with socket.create_connection(our_server, timeout=TIMEOUT) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = recv_until_eof(sock)  # the server hangs up after its response
    assert data.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b"\r\nConnection: close\r\n" in data
    assert data.endswith(b"\r\n\r\n" + HELLO)


def test_expect_100_continue_arrives_before_the_body_is_sent(
    our_server: tuple[str, int],
) -> None:
    with socket.create_connection(our_server, timeout=TIMEOUT) as sock:
        sock.sendall(
            b"POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
            b"Expect: 100-continue\r\n\r\n"
        )
        interim = recv_until(sock, b"\r\n\r\n")
        assert interim.startswith(b"HTTP/1.1 100 ")
        assert interim.endswith(b"\r\n\r\n")  # nothing but the 100 so far
        sock.sendall(b"hello")
        final = recv_until(sock, b"received 5 bytes\n")
    assert final.startswith(b"HTTP/1.1 200 OK\r\n")
    assert final.endswith(b"\r\n\r\nreceived 5 bytes\n")


def test_http_client_expect_100_continue_header_is_honoured(
    http_conn: http.client.HTTPConnection,
) -> None:
    # http.client sends head and body together; the server's 100 comes first and is skipped.
    http_conn.request("POST", "/upload", body=b"abc", headers={"Expect": "100-continue"})
    response = http_conn.getresponse()
    assert response.status == 200
    assert response.read() == b"received 3 bytes\n"


@pytest.fixture
def url_opener() -> urllib.request.OpenerDirector:
    # An empty ProxyHandler: never route loopback requests through an http_proxy from the env.
    return urllib.request.build_opener(urllib.request.ProxyHandler({}))


def test_urllib_get(
    our_server: tuple[str, int], url_opener: urllib.request.OpenerDirector
) -> None:
    host, port = our_server
    with url_opener.open(f"http://{host}:{port}/index.html", timeout=TIMEOUT) as response:
        assert response.status == 200
        assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
        assert response.read() == HELLO


def test_urllib_post(
    our_server: tuple[str, int], url_opener: urllib.request.OpenerDirector
) -> None:
    host, port = our_server
    request = urllib.request.Request(f"http://{host}:{port}/form", data=b"a=1&b=2")
    with url_opener.open(request, timeout=TIMEOUT) as response:
        assert response.read() == b"received 7 bytes\n"


def test_urllib_reads_chunked_response(
    our_server: tuple[str, int], url_opener: urllib.request.OpenerDirector
) -> None:
    host, port = our_server
    with url_opener.open(f"http://{host}:{port}/chunked", timeout=TIMEOUT) as response:
        assert response.read() == b"".join(example_server.STREAMED_PIECES)


def test_urllib_sees_405_for_unknown_method(
    our_server: tuple[str, int], url_opener: urllib.request.OpenerDirector
) -> None:
    host, port = our_server
    request = urllib.request.Request(f"http://{host}:{port}/", method="DELETE")
    with pytest.raises(urllib.error.HTTPError) as info:
        url_opener.open(request, timeout=TIMEOUT)
    with info.value:
        assert info.value.code == 405
        assert info.value.headers["Allow"] == "GET, HEAD, POST"
