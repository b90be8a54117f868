"""End to end, both sides on h11 over 127.0.0.1: an upload refused early, HTTP/1.0 keep-alive.

* ``examples/server.py`` answers a too-large declared upload with an early ``413``; the
  client of ``examples/client.py`` sees it while still sending, stops (RFC 9112 §9.6:
  ``send(ConnectionClosed())`` in ``SEND_BODY``) and ends ``CLOSED``/``MUST_CLOSE``, nothing
  in ``ERROR``.
* With ``http10_keep_alive`` on, the example server serves an ApacheBench-style (``ab -k``)
  series of HTTP/1.0 keep-alive requests, pipelined or one after another, on one connection.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest

import h11
from test_examples import TIMEOUT, load_example

example_client = load_example("client")
example_server = load_example("server")
HELLO = example_server.HELLO_BODY

# What ApacheBench sends with -k (one request per connection round trip, HTTP/1.0).
AB_REQUEST = (
    b"GET / HTTP/1.0\r\n"
    b"Connection: Keep-Alive\r\n"
    b"Host: 127.0.0.1\r\n"
    b"User-Agent: ApacheBench/2.3\r\n"
    b"Accept: */*\r\n\r\n"
)


class SlowUploader(example_client.HttpClient):  # type: ignore[misc]
    """The example client, pausing after each body piece so the early answer overtakes it."""

    upload_piece_size = 4096

    def send(self, *events: h11.Event) -> None:
        super().send(*events)
        if any(type(event) is h11.Data for event in events):
            time.sleep(0.002)


@pytest.fixture
def small_upload_server() -> Iterator[Any]:
    with example_server.serve_in_background(idle_timeout=TIMEOUT, max_upload=10_000) as server:
        yield server


def test_client_abandons_an_upload_the_server_refuses_early(small_upload_server: Any) -> None:
    body = b"x" * 4_000_000  # 1,000 pieces: the 413 arrives long before the last one
    with SlowUploader(small_upload_server.host, small_upload_server.port, timeout=TIMEOUT) as c:
        result = c.request("POST", "/upload", body=body)
        assert result.status_code == 413
        assert result.body == b"upload too large\n"
        assert result.abandoned_body
        # Nothing in ERROR: the client closed, the server's side must close.
        assert c.conn.states == {h11.CLIENT: h11.CLOSED, h11.SERVER: h11.MUST_CLOSE}
        assert not c.reusable
        # The server closes once it has drained what we had in flight: a clean EOF.
        c.sock.settimeout(TIMEOUT)
        while c.sock.recv(65536):
            pass
        c.conn.receive_data(b"")
        assert c.conn.next_event() == h11.ConnectionClosed()
        assert c.conn.states == {h11.CLIENT: h11.CLOSED, h11.SERVER: h11.CLOSED}


def test_the_pool_reconnects_after_an_abandoned_upload(small_upload_server: Any) -> None:
    url = f"http://{small_upload_server.host}:{small_upload_server.port}/"
    pool = example_client.ConnectionPool()
    try:
        refused = pool.request("POST", url, timeout=TIMEOUT, body=b"y" * 2_000_000)
        assert refused.status_code == 413
        assert pool.idle == {}  # not kept: the connection is finished
        accepted = pool.request("POST", url, timeout=TIMEOUT, body=b"z" * 1000)
        assert accepted.status_code == 200
        assert accepted.body == b"received 1000 bytes\n"
        assert not accepted.abandoned_body
    finally:
        pool.close()


def test_an_upload_within_the_limit_is_sent_in_pieces_and_read(small_upload_server: Any) -> None:
    with SlowUploader(small_upload_server.host, small_upload_server.port, timeout=TIMEOUT) as c:
        result = c.request("POST", "/", body=b"a" * 10_000)
        assert result.body == b"received 10000 bytes\n"
        assert not result.abandoned_body
        assert c.conn.states == {h11.CLIENT: h11.DONE, h11.SERVER: h11.DONE}


# -- HTTP/1.0 keep-alive ------------------------------------------------------------------


def read_responses(sock: socket.socket, count: int) -> list[h11.Event]:
    """Parse ``count`` responses to GETs from ``sock`` with an h11 client (HTTP/1.1 heads)."""
    reader = h11.Connection(h11.CLIENT)
    events: list[h11.Event] = []
    for _ in range(count):
        reader.send(h11.Request(method="GET", target="/", headers=[("Host", "x")]))
        reader.send(h11.EndOfMessage())
        while True:
            event = reader.next_event()
            if event is h11.NEED_DATA:
                reader.receive_data(sock.recv(65536))
                continue
            assert isinstance(event, h11.Event)
            events.append(event)
            if type(event) is h11.EndOfMessage:
                break
        if reader.states == {h11.CLIENT: h11.DONE, h11.SERVER: h11.DONE}:
            reader.start_next_cycle()
    return events


@pytest.mark.parametrize("pipelined", [True, False])
def test_http10_keep_alive_requests_share_one_connection(pipelined: bool) -> None:
    count = 20
    with (
        example_server.serve_in_background(idle_timeout=TIMEOUT, http10_keep_alive=True) as srv,
        socket.create_connection((srv.host, srv.port), timeout=TIMEOUT) as sock,
    ):
        if pipelined:
            sock.sendall(AB_REQUEST * count)
            events = read_responses(sock, count)
        else:
            events = []
            for _ in range(count):
                sock.sendall(AB_REQUEST)
                events += read_responses(sock, 1)
        responses = [e for e in events if type(e) is h11.Response]
        assert len(responses) == count
        for response in responses:
            assert response.status_code == 200
            assert (b"connection", b"keep-alive") in list(response.headers)
        assert [e.data for e in events if type(e) is h11.Data] == [HELLO] * count
        # Still open: one more request, one more answer; then our close is a clean end.
        sock.sendall(AB_REQUEST.replace(b"Keep-Alive", b"close"))
        last = read_responses(sock, 1)
        assert (b"connection", b"close") in list(last[0].headers)
        assert sock.recv(65536) == b""


def test_without_the_flag_an_http10_keep_alive_client_gets_one_response() -> None:
    with (
        example_server.serve_in_background(idle_timeout=TIMEOUT) as srv,
        socket.create_connection((srv.host, srv.port), timeout=TIMEOUT) as sock,
    ):
        sock.sendall(AB_REQUEST * 3)
        data = b""
        while more := sock.recv(65536):
            data += more
    assert data.count(b"HTTP/1.1 200 OK\r\n") == 1
    assert b"\r\nConnection: close\r\n" in data


def test_server_script_documents_the_new_flags(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as excinfo:
        example_server.main(["--help"])
    assert excinfo.value.code == 0
    out = capsys.readouterr().out
    assert "--http10-keep-alive" in out
    assert "--max-upload" in out
