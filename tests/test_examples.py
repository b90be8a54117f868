"""The programs in ``examples/``: the demo runs, the clients and the servers behave.

The stdlib-interop tests (``test_interop_stdlib.py``) cover the example server's happy paths
against ``http.client``/``urllib``; here are the demo, ``http_get`` and its keep-alive pool,
reconnection, the servers' answers to protocol errors, HTTP/1.0 clients and pipelining over raw
sockets (the blocking, asyncio and trio servers alike), and the asyncio client against all three
servers.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import h11
from helpers import load_example

TIMEOUT = 5.0
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


example_client = load_example("client")
example_server = load_example("server")
asyncio_server = load_example("asyncio_server")
# trio is in the test extra; without it the trio server's tests are skipped (an error in CI,
# which sets H11_REQUIRE_TEST_EXTRA=1).
HAVE_TRIO = importlib.util.find_spec("trio") is not None or (
    os.environ.get("H11_REQUIRE_TEST_EXTRA") == "1"
)
trio_server = load_example("trio_server") if HAVE_TRIO else None
needs_trio = pytest.mark.skipif(not HAVE_TRIO, reason="needs trio (the test extra)")
asyncio_client = load_example("asyncio_client")
HELLO = example_server.HELLO_BODY


@pytest.fixture
def our_server() -> Iterator[Any]:
    with example_server.serve_in_background(idle_timeout=TIMEOUT) as server:
        yield server


@pytest.fixture
def pool() -> Iterator[Any]:
    """A private ``ConnectionPool`` for ``http_get``, closed after the test."""
    connections = example_client.ConnectionPool()
    yield connections
    connections.close()


@dataclass(frozen=True)
class RunningServer:
    """One of the example servers, running in the background."""

    module: ModuleType
    host: str
    port: int

    @property
    def hello(self) -> bytes:
        return bytes(self.module.HELLO_BODY)

    @property
    def streamed(self) -> bytes:
        return b"".join(self.module.STREAMED_PIECES)


@contextlib.contextmanager
def run_example_server(module: ModuleType, idle_timeout: float) -> Iterator[RunningServer]:
    """Start ``module``'s server; the blocking one yields an object, the others an address."""
    with module.serve_in_background(idle_timeout=idle_timeout) as running:
        host, port = (running.host, running.port) if module is example_server else running
        yield RunningServer(module, host, port)


SERVER_MODULES = {
    "blocking": example_server,
    "asyncio": asyncio_server,
    "trio": trio_server,
}


@pytest.fixture(params=["asyncio", pytest.param("trio", marks=needs_trio)])
def async_server(request: pytest.FixtureRequest) -> Iterator[RunningServer]:
    """The asyncio and the trio server (the blocking one has its own tests below)."""
    with run_example_server(SERVER_MODULES[request.param], TIMEOUT) as server:
        yield server


@pytest.fixture(params=["blocking", "asyncio", pytest.param("trio", marks=needs_trio)])
def any_server(request: pytest.FixtureRequest) -> Iterator[RunningServer]:
    with run_example_server(SERVER_MODULES[request.param], TIMEOUT) as server:
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
        r"http_get\('http://127\.0\.0\.1:\d+/hello'\) -> 200 b'hello from h11\\n' "
        r"\(reused connection: False\)",
        out,
    )
    # The second http_get() to the same server reuses the first one's connection.
    assert re.search(
        r"/chunked'\) -> 200 b'hello from a streamed body\\n' \(reused connection: True\)", out
    )
    # The asyncio client against the asyncio server, then the trio server.
    assert re.search(
        r"asyncio client 'http://127\.0\.0\.1:\d+/' -> 200 b'hello from h11 on asyncio", out
    )
    assert "-> 200 b'hello from an asyncio stream\\n'" in out
    if HAVE_TRIO:
        assert "trio server -> 200 b'hello from h11 on trio\\n'" in out
    else:
        assert "trio is not installed: skipping the trio server" in out
    assert out.rstrip().endswith("done.")


def test_demo_shows_received_data_as_bytes(demo_output: str) -> None:
    # Q6: received Data.data is bytes (0.16 gave a bytearray).
    assert "Data(data=b'hello from h11\\n', chunk_start=False, chunk_end=False)" in demo_output
    assert "Data(data=b'received 13 bytes\\n', chunk_start=False, chunk_end=False)" in demo_output
    assert "bytearray" not in demo_output


# -- client.py ----------------------------------------------------------------------------


def test_http_get_against_the_example_server(our_server: Any, pool: Any) -> None:
    result = example_client.http_get(
        f"http://{our_server.host}:{our_server.port}/x?y=1", timeout=TIMEOUT, pool=pool
    )
    assert result.status_code == 200
    assert result.body == HELLO
    assert result.header(b"connection") is None  # keep-alive: http_get does not ask to close
    assert result.header(b"content-length") == str(len(HELLO)).encode()
    assert result.header(b"x-missing") is None
    assert not result.reused_connection


def test_http_get_reads_a_chunked_body(our_server: Any, pool: Any) -> None:
    result = example_client.http_get(
        f"http://{our_server.host}:{our_server.port}/chunked", timeout=TIMEOUT, pool=pool
    )
    assert result.header(b"transfer-encoding") == b"chunked"
    assert result.body == b"".join(example_server.STREAMED_PIECES)
    assert result.trailers == []


def test_http_get_reuses_the_connection_across_calls(any_server: RunningServer, pool: Any) -> None:
    base = f"http://{any_server.host}:{any_server.port}"
    first = example_client.http_get(f"{base}/one", timeout=TIMEOUT, pool=pool)
    (idle,) = pool.idle.values()
    local_port = idle.sock.getsockname()[1]
    second = example_client.http_get(f"{base}/chunked", timeout=TIMEOUT, pool=pool)
    third = example_client.http_get(f"{base}/three", timeout=TIMEOUT, pool=pool)
    assert (first.body, second.body, third.body) == (
        any_server.hello,
        any_server.streamed,
        any_server.hello,
    )
    assert [r.reused_connection for r in (first, second, third)] == [False, True, True]
    (still_idle,) = pool.idle.values()
    assert still_idle.sock.getsockname()[1] == local_port


def test_http_get_keeps_one_connection_per_server(pool: Any) -> None:
    with (
        run_example_server(asyncio_server, TIMEOUT) as one,
        run_example_server(example_server, TIMEOUT) as other,
    ):
        for _ in range(2):
            for server in (one, other):
                result = example_client.http_get(
                    f"http://{server.host}:{server.port}/", timeout=TIMEOUT, pool=pool
                )
                assert result.body == server.hello
        assert set(pool.idle) == {(one.host, one.port), (other.host, other.port)}
        assert result.reused_connection


def test_http_get_does_not_keep_a_connection_the_server_closes(our_server: Any, pool: Any) -> None:
    url = f"http://{our_server.host}:{our_server.port}/"
    closing = example_client.http_get(
        url, timeout=TIMEOUT, pool=pool, headers=[("Connection", "close")]
    )
    assert closing.header(b"connection") == b"close"
    assert pool.idle == {}
    assert not example_client.http_get(url, timeout=TIMEOUT, pool=pool).reused_connection


@pytest.mark.parametrize(
    "module",
    [
        pytest.param(example_server, id="blocking"),
        pytest.param(asyncio_server, id="asyncio"),
        pytest.param(trio_server, id="trio", marks=needs_trio),
    ],
)
def test_http_get_retries_once_when_the_idle_connection_went_stale(
    module: ModuleType, pool: Any
) -> None:
    # The blocking server answers an idle connection with 408 and closes it; the asyncio and
    # trio servers close it silently. Either way the next http_get() retries on a new connection.
    with run_example_server(module, idle_timeout=0.2) as server:
        url = f"http://{server.host}:{server.port}/"
        assert example_client.http_get(url, timeout=TIMEOUT, pool=pool).body == server.hello
        time.sleep(0.6)  # the server gives up on the idle connection
        again = example_client.http_get(url, timeout=TIMEOUT, pool=pool)
    assert again.status_code == 200
    assert again.body == server.hello
    assert not again.reused_connection


def test_a_post_is_not_retried_on_a_stale_connection(pool: Any) -> None:
    with run_example_server(asyncio_server, idle_timeout=0.2) as server:
        url = f"http://{server.host}:{server.port}/"
        pool.request("GET", url, timeout=TIMEOUT)
        time.sleep(0.6)
        # Repeating a POST could do its work twice: the failure goes to the caller.
        with pytest.raises((OSError, h11.RemoteProtocolError)):
            pool.request("POST", url, timeout=TIMEOUT, body=b"once")


def test_client_script_fetches_several_urls_over_one_connection(our_server: Any) -> None:
    base = f"http://{our_server.host}:{our_server.port}"
    proc = subprocess.run(
        [sys.executable, str(EXAMPLES / "client.py"), f"{base}/a", f"{base}/chunked"],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == HELLO + b"".join(example_server.STREAMED_PIECES)
    assert proc.stderr.decode().splitlines() == [
        f"{base}/a: 200",
        f"{base}/chunked: 200 (connection reused)",
    ]


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


# -- asyncio_server.py and trio_server.py ---------------------------------------------------


def test_async_server_serves_get_head_and_post_on_one_connection(
    async_server: RunningServer,
) -> None:
    with example_client.HttpClient(async_server.host, async_server.port, timeout=TIMEOUT) as c:
        get = c.request("GET", "/anything")
        head = c.request("HEAD", "/anything")
        post = c.request("POST", "/upload", body=b"x" * 100_000)
        chunked = c.request("GET", "/chunked")
    assert get.body == async_server.hello
    assert get.header(b"content-length") == str(len(async_server.hello)).encode()
    assert head.body == b""
    assert head.header(b"content-length") == str(len(async_server.hello)).encode()
    assert post.body == b"received 100000 bytes\n"
    assert chunked.header(b"transfer-encoding") == b"chunked"
    assert chunked.body == async_server.streamed
    assert [r.reused_connection for r in (get, head, post, chunked)] == [False, True, True, True]


def test_async_server_reads_a_chunked_upload(async_server: RunningServer) -> None:
    with example_client.HttpClient(async_server.host, async_server.port, timeout=TIMEOUT) as c:
        c.send(
            h11.Request(
                method="POST",
                target="/",
                headers=[("Host", "x"), ("Transfer-Encoding", "chunked")],
            ),
            h11.Data(data=b"abc"),
            h11.Data(data=b"defgh"),
            h11.EndOfMessage(),
        )
        assert c.read_response().body == b"received 8 bytes\n"


def test_async_server_sends_100_continue(async_server: RunningServer) -> None:
    with example_client.HttpClient(async_server.host, async_server.port, timeout=TIMEOUT) as c:
        result = c.request("POST", "/", headers=[("Expect", "100-continue")], body=b"payload")
    assert [r.status_code for r in result.informational] == [100]
    assert result.body == b"received 7 bytes\n"


def test_async_server_rejects_other_methods_with_405(async_server: RunningServer) -> None:
    data = exchange(async_server, b"DELETE / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert data.startswith(b"HTTP/1.1 405 Method Not Allowed\r\n")
    assert b"\r\nAllow: GET, HEAD, POST\r\n" in data


@pytest.mark.parametrize(
    ("request_bytes", "status_line"),
    [
        (b"GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n", b"HTTP/1.1 400 Bad Request\r\n"),
        (
            # Unterminated: more than max_incomplete_event_size (16 KiB) without a head's end.
            b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20_000,
            b"HTTP/1.1 431 Request Header Fields Too Large\r\n",
        ),
        (
            b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
            b"HTTP/1.1 501 Not Implemented\r\n",
        ),
    ],
    ids=["400", "431", "501"],
)
def test_async_server_answers_protocol_errors_and_closes(
    async_server: RunningServer, request_bytes: bytes, status_line: bytes
) -> None:
    data = exchange(async_server, request_bytes)
    assert data.startswith(status_line)
    assert b"\r\nConnection: close\r\n" in data


def test_async_server_answers_pipelined_requests_in_order(async_server: RunningServer) -> None:
    data = exchange(
        async_server,
        b"GET /one HTTP/1.1\r\nHost: x\r\n\r\n"
        b"POST /two HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
        b"GET /three HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    assert data.count(b"HTTP/1.1 200 OK\r\n") == 3
    first = data.index(async_server.hello)
    assert first < data.index(b"received 3 bytes\n") < data.rindex(async_server.hello)


def test_async_server_speaks_close_delimited_to_an_http10_client(
    async_server: RunningServer,
) -> None:
    data = exchange(async_server, b"GET /chunked HTTP/1.0\r\n\r\n")
    head, _, body = data.partition(b"\r\n\r\n")
    assert b"Transfer-Encoding" not in head
    assert b"\r\nConnection: close" in head
    assert body == async_server.streamed


@pytest.mark.parametrize(
    "module",
    [
        pytest.param(asyncio_server, id="asyncio"),
        pytest.param(trio_server, id="trio", marks=needs_trio),
    ],
)
def test_async_server_times_out_a_silent_or_idle_client(module: ModuleType) -> None:
    with run_example_server(module, idle_timeout=0.2) as server:
        # A client that connects and says nothing (or stops mid-request) gets a 408.
        assert exchange(server, b"GET / HTTP/1.1\r\nHost: x\r\n").startswith(
            b"HTTP/1.1 408 Request Timeout\r\n"
        )
        # An idle keep-alive connection is closed without a 408 that could cross a request.
        with socket.create_connection((server.host, server.port), timeout=TIMEOUT) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            data = b""
            while more := sock.recv(65536):
                data += more
    assert data.startswith(b"HTTP/1.1 200 OK\r\n")
    assert data.endswith(server.hello)  # then the server closed, nothing more


# -- asyncio_client.py ----------------------------------------------------------------------


def test_asyncio_client_keeps_the_connection_then_reconnects(any_server: RunningServer) -> None:
    async def scenario() -> list[Any]:
        client = asyncio_client.AsyncHttpClient(any_server.host, any_server.port, timeout=TIMEOUT)
        async with client:
            return [
                await client.request("GET", "/"),
                await client.request("POST", "/", body=b"12345"),
                await client.request("GET", "/chunked", headers=[("Connection", "close")]),
                await client.request("HEAD", "/"),  # on a new connection
            ]

    results = asyncio.run(scenario())
    assert [r.status_code for r in results] == [200] * 4
    assert [r.body for r in results] == [
        any_server.hello,
        b"received 5 bytes\n",
        any_server.streamed,
        b"",
    ]
    assert [r.reused_connection for r in results] == [False, True, True, False]
    assert results[2].header(b"connection") == b"close"
    assert results[3].header(b"content-length") == str(len(any_server.hello)).encode()


def test_asyncio_client_waits_through_100_continue(async_server: RunningServer) -> None:
    async def scenario() -> Any:
        client = asyncio_client.AsyncHttpClient(async_server.host, async_server.port)
        async with client:
            return await client.request(
                "POST", "/", headers=[("Expect", "100-continue")], body=b"data"
            )

    result = asyncio.run(scenario())
    assert result.informational == [100]
    assert result.body == b"received 4 bytes\n"


def test_asyncio_http_get_and_fetch_all(async_server: RunningServer) -> None:
    base = f"http://{async_server.host}:{async_server.port}"
    one = asyncio.run(asyncio_client.http_get(f"{base}/x?y=1", timeout=TIMEOUT))
    assert one.body == async_server.hello
    assert one.header(b"connection") == b"close"
    many = asyncio.run(
        asyncio_client.fetch_all([f"{base}/{i}" for i in range(5)] + [f"{base}/chunked"])
    )
    assert [r.body for r in many] == [async_server.hello] * 5 + [async_server.streamed]


def test_asyncio_client_times_out_on_a_silent_server() -> None:
    with socket.create_server(("127.0.0.1", 0)) as listener:
        host, port = listener.getsockname()[:2]
        with pytest.raises(asyncio.TimeoutError):
            asyncio.run(asyncio_client.http_get(f"http://{host}:{port}/", timeout=0.2))


def test_asyncio_client_reports_a_server_that_hangs_up() -> None:
    with socket.create_server(("127.0.0.1", 0)) as listener:
        host, port = listener.getsockname()[:2]

        async def scenario() -> None:
            async with asyncio_client.AsyncHttpClient(host, port, timeout=TIMEOUT) as client:
                await client.prepare_connection()
                peer, _ = await asyncio.to_thread(listener.accept)
                peer.close()  # hangs up before any response
                await client.send(
                    h11.Request(method="GET", target="/", headers=[("Host", "x")]),
                    h11.EndOfMessage(),
                )
                await client.read_response(False)

        with pytest.raises((h11.RemoteProtocolError, ConnectionError)):
            asyncio.run(scenario())


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://example.com", ("example.com", 80, "/")),
        ("http://127.0.0.1:8080/a/b?c=d", ("127.0.0.1", 8080, "/a/b?c=d")),
    ],
)
def test_asyncio_split_url(url: str, expected: tuple[str, int, str]) -> None:
    assert asyncio_client.split_url(url) == expected


@pytest.mark.parametrize("url", ["https://example.com/", "http:///path"])
def test_asyncio_split_url_rejects_what_it_cannot_fetch(url: str) -> None:
    with pytest.raises(ValueError, match="only http://host"):
        asyncio_client.split_url(url)


def test_asyncio_client_script(async_server: RunningServer) -> None:
    base = f"http://{async_server.host}:{async_server.port}"
    proc = subprocess.run(
        [sys.executable, str(EXAMPLES / "asyncio_client.py"), f"{base}/", f"{base}/chunked"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        f"{base}/: 200 {async_server.hello!r}",
        f"{base}/chunked: 200 {async_server.streamed!r}",
    ]


@pytest.mark.parametrize(
    "script",
    ["asyncio_server.py", pytest.param("trio_server.py", marks=needs_trio)],
)
def test_async_server_script_serves_until_ctrl_c(script: str, pool: Any) -> None:
    # Both scripts handle SIGINT themselves (also when started with SIGINT ignored, as
    # background jobs are): the server stops cleanly, no KeyboardInterrupt traceback.
    with subprocess.Popen(
        [sys.executable, str(EXAMPLES / script), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        watchdog = threading.Timer(2 * TIMEOUT, proc.kill)  # bounds the blocking readline()
        watchdog.start()
        try:
            assert proc.stdout is not None
            first_line = proc.stdout.readline()
            match = re.fullmatch(
                r"serving on (http://127\.0\.0\.1:\d+/) \(Ctrl-C to stop\)\n", first_line
            )
            assert match, first_line
            result = example_client.http_get(match.group(1), timeout=TIMEOUT, pool=pool)
            assert result.status_code == 200
            proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=TIMEOUT)
        finally:
            watchdog.cancel()
            proc.kill()  # (a no-op once it has exited)
    assert proc.returncode == 0
    assert (out, err) == ("", "")


@pytest.mark.parametrize("name", ["server", "asyncio_server", "trio_server"])
def test_server_on_a_taken_port_says_so_in_one_line(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    module = {"server": example_server, "asyncio_server": asyncio_server}.get(name, trio_server)
    if module is None:
        pytest.skip("needs trio (the test extra)")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert module.main(["--host", "127.0.0.1", "--port", str(port)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert f"127.0.0.1:{port} is already in use" in err
    assert "pick another port with --port" in err
