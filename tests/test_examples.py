"""The programs in ``examples/``: the demo runs, the client helper and the server behave.

The stdlib-interop tests (``test_interop_stdlib.py``) cover the example server's happy paths
against ``http.client``/``urllib``; here are the demo, ``http_get``, reconnection, and the
server's answers to protocol errors, HTTP/1.0 clients and pipelining, over raw sockets.
"""

from __future__ import annotations

import importlib.util
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import h11

TIMEOUT = 5.0
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def load_example(name: str) -> ModuleType:
    """Import ``examples/<name>.py`` (not a package) under a private module name."""
    module_name = f"h11_example_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, EXAMPLES / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


example_client = load_example("client")
example_server = load_example("server")
HELLO = example_server.HELLO_BODY


@pytest.fixture
def our_server() -> Iterator[Any]:
    with example_server.serve_in_background(idle_timeout=TIMEOUT) as server:
        yield server


def exchange(server: Any, payload: bytes) -> bytes:
    """Send raw bytes, then read until the server closes the connection."""
    with socket.create_connection((server.host, server.port), timeout=TIMEOUT) as sock:
        sock.sendall(payload)
        data = b""
        while more := sock.recv(65536):
            data += more
    return data


# -- demo.py ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_output() -> str:
    proc = subprocess.run(
        [sys.executable, str(EXAMPLES / "demo.py")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    return proc.stdout


def test_demo_runs_and_prints_the_event_stream(demo_output: str) -> None:
    out = demo_output
    # Every event sent and received is printed with its repr.
    assert "Request(method=b'POST', headers=<Headers([(b'host', " in out
    assert "Response(headers=<Headers([" in out
    assert "status_code=200)" in out
    assert "EndOfMessage(headers=<Headers([])>)" in out
    assert "(b'transfer-encoding', b'chunked'), (b'connection', b'close')" in out
    assert "ConnectionClosed()" in out
    # States around start_next_cycle(), and the Connection: close ending.
    before = "states before start_next_cycle(): our_state=DONE, their_state=DONE"
    after = "states after start_next_cycle() : our_state=IDLE, their_state=IDLE"
    assert out.count(before) == 2
    assert out.count(after) == 2
    assert "our_state=MUST_CLOSE, their_state=MUST_CLOSE" in out
    assert "our_state=MUST_CLOSE, their_state=CLOSED" in out
    # All three requests went over one connection (keep-alive).
    ports = re.findall(r"client \(local port (\d+)\) sends", out)
    assert len(ports) == 3
    assert len(set(ports)) == 1
    assert re.search(
        r"http_get\('http://127\.0\.0\.1:\d+/hello'\) -> 200 b'hello from h11\\n'", out
    )
    assert out.rstrip().endswith("done.")


def test_demo_shows_received_data_as_bytes(demo_output: str) -> None:
    # Q6: received Data.data is bytes (0.16 gave a bytearray).
    assert "Data(data=b'hello from h11\\n', chunk_start=False, chunk_end=False)" in demo_output
    assert "Data(data=b'received 13 bytes\\n', chunk_start=False, chunk_end=False)" in demo_output
    assert "bytearray" not in demo_output


# -- client.py ----------------------------------------------------------------------------


def test_http_get_against_the_example_server(our_server: Any) -> None:
    result = example_client.http_get(
        f"http://{our_server.host}:{our_server.port}/x?y=1", timeout=TIMEOUT
    )
    assert result.status_code == 200
    assert result.body == HELLO
    assert result.header(b"connection") == b"close"  # http_get asks for a one-shot connection
    assert result.header(b"content-length") == str(len(HELLO)).encode()
    assert result.header(b"x-missing") is None


def test_http_get_reads_a_chunked_body(our_server: Any) -> None:
    result = example_client.http_get(
        f"http://{our_server.host}:{our_server.port}/chunked", timeout=TIMEOUT
    )
    assert result.header(b"transfer-encoding") == b"chunked"
    assert result.body == b"".join(example_server.STREAMED_PIECES)
    assert result.trailers == []


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://example.com", ("example.com", 80, "/")),
        ("http://127.0.0.1:8080/a/b?c=d", ("127.0.0.1", 8080, "/a/b?c=d")),
    ],
)
def test_split_url(url: str, expected: tuple[str, int, str]) -> None:
    assert example_client.split_url(url) == expected


@pytest.mark.parametrize("url", ["https://example.com/", "ftp://example.com/", "http:///path"])
def test_split_url_rejects_what_the_example_cannot_fetch(url: str) -> None:
    with pytest.raises(ValueError, match=r"only http://|no host"):
        example_client.split_url(url)


def test_client_keeps_the_connection_then_reconnects_after_close(our_server: Any) -> None:
    with example_client.HttpClient(our_server.host, our_server.port, timeout=TIMEOUT) as client:
        first_socket = client.sock
        assert client.request("GET", "/").body == HELLO
        assert client.request("POST", "/", body=b"12345").body == b"received 5 bytes\n"
        assert client.sock is first_socket
        closing = client.request("GET", "/", headers=[("Connection", "close")])
        assert closing.header(b"connection") == b"close"
        assert client.conn.our_state is h11.MUST_CLOSE
        # The next request transparently opens a new connection.
        assert client.request("HEAD", "/").body == b""
        assert client.sock is not first_socket
        assert client.host_header == f"{our_server.host}:{our_server.port}"


def test_client_collects_100_continue(our_server: Any) -> None:
    with example_client.HttpClient(our_server.host, our_server.port, timeout=TIMEOUT) as client:
        result = client.request("POST", "/", headers=[("Expect", "100-continue")], body=b"payload")
    assert [r.status_code for r in result.informational] == [100]
    assert result.body == b"received 7 bytes\n"


def test_client_reports_a_server_that_hangs_up_without_answering() -> None:
    with socket.create_server(("127.0.0.1", 0)) as listener:
        host, port = listener.getsockname()[:2]
        with example_client.HttpClient(host, port, timeout=TIMEOUT) as client:
            client.send(
                h11.Request(method="GET", target="/", headers=[("Host", "x")]),
                h11.EndOfMessage(),
            )
            peer, _ = listener.accept()
            with peer:
                received = b""
                while not received.endswith(b"\r\n\r\n") and (more := peer.recv(65536)):
                    received += more
            # The "server" read the request and hung up without a word.
            with pytest.raises(h11.RemoteProtocolError):
                client.read_response()
            assert client.conn.their_state is h11.ERROR


# -- server.py ----------------------------------------------------------------------------


def test_server_answers_a_malformed_request_with_400_and_closes(our_server: Any) -> None:
    data = exchange(our_server, b"GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n")
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 Bad Request\r\n")
    assert b"\r\nConnection: close" in head
    assert body.startswith(b"illegal header line")


def test_server_answers_an_oversized_head_with_431(our_server: Any) -> None:
    huge = (
        b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Big: " + b"a" * 20_000 + b"\r\n\r\n"
    )
    data = exchange(our_server, huge)
    assert data.startswith(b"HTTP/1.1 431 Request Header Fields Too Large\r\n")
    assert b"\r\nConnection: close" in data


def test_server_answers_unsupported_transfer_coding_with_501(our_server: Any) -> None:
    data = exchange(our_server, b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n")
    assert data.startswith(b"HTTP/1.1 501 Not Implemented\r\n")


def test_server_rejects_other_methods_with_405(our_server: Any) -> None:
    data = exchange(our_server, b"DELETE / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert data.startswith(b"HTTP/1.1 405 Method Not Allowed\r\n")
    assert b"\r\nAllow: GET, HEAD, POST\r\n" in data


def test_server_answers_pipelined_requests_in_order(our_server: Any) -> None:
    requests = (
        b"GET /one HTTP/1.1\r\nHost: x\r\n\r\n"
        b"POST /two HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
        b"GET /three HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    data = exchange(our_server, requests)
    assert data.count(b"HTTP/1.1 200 OK\r\n") == 3
    first = data.index(HELLO)
    second = data.index(b"received 3 bytes\n")
    third = data.rindex(HELLO)
    assert first < second < third


def test_server_speaks_close_delimited_to_an_http10_client(our_server: Any) -> None:
    data = exchange(our_server, b"GET /chunked HTTP/1.0\r\n\r\n")
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b"Transfer-Encoding" not in head  # no chunked for HTTP/1.0
    assert b"\r\nConnection: close" in head
    assert body == b"".join(example_server.STREAMED_PIECES)


def test_server_answers_an_idle_connection_with_408() -> None:
    with (
        example_server.serve_in_background(idle_timeout=0.2) as server,
        socket.create_connection((server.host, server.port), timeout=TIMEOUT) as sock,
    ):
        data = b""
        while more := sock.recv(65536):
            data += more
    assert data.startswith(b"HTTP/1.1 408 Request Timeout\r\n")
    assert b"\r\nConnection: close" in data


def test_server_never_sends_100_continue_to_an_http10_client(our_server: Any) -> None:
    # h11 ignores Expect on HTTP/1.0 requests, and a 1xx to such a client is forbidden.
    data = exchange(
        our_server,
        b"POST / HTTP/1.0\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\nhi",
    )
    assert data.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b" 100 " not in data
    assert data.endswith(b"\r\n\r\nreceived 2 bytes\n")
