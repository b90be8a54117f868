"""Receiving: end of stream in every state, the incomplete-event size limit, and errors.

Contract: docs/design.rst, design-receive (receive_data and EOF; the next_event algorithm:
NEED_DATA, EOF, the ERROR state, LPE -> RPE; max_incomplete_event_size; body-reader EOF
rules), docs/state-machine.rst (ConnectionClosed by state, EOF while paused),
design-error-messages (messages and hints), and
the decided differences Q4 (skipped blank lines count against the limit) and H8 (heads,
chunk-size lines and trailer blocks over the limit are rejected however the bytes are split).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import h11
from helpers import (
    CHUNKED_POST,
    FEEDING,
    ROLES,
    assert_rpe,
    client_waiting_for_response,
    drain,
    line_message,
    receive,
    receive_error,
    receiver,
)

# --------------------------------------------------------------------------------------------
# Local helpers


def next_event_error(conn: h11.Connection) -> h11.RemoteProtocolError:
    with pytest.raises(h11.RemoteProtocolError) as excinfo:
        conn.next_event()
    exc = excinfo.value
    assert type(exc) is h11.RemoteProtocolError
    assert conn.their_state is h11.ERROR
    return exc


def head_of_size(role: Any, size: int) -> bytes:
    """A complete, valid head of exactly ``size`` bytes for the peer of ``role``."""
    if role is h11.SERVER:
        start = b"GET / HTTP/1.1\r\nHost: a\r\nX: "
    else:
        start = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX: "
    pad = size - len(start) - len(b"\r\n\r\n")
    assert pad >= 1
    head = start + b"p" * pad + b"\r\n\r\n"
    assert len(head) == size
    return head


def first_event_for(role: Any, head: bytes) -> Any:
    """The event ``head_of_size(role, ...)`` parses to."""
    pad = head.split(b"\r\nX: ", 1)[1][:-4]
    if role is h11.SERVER:
        return h11.Request(method="GET", target="/", headers=[("Host", "a"), ("X", pad)])
    return h11.Response(
        status_code=200, reason=b"OK", headers=[("Content-Length", "0"), ("X", pad)]
    )


# --------------------------------------------------------------------------------------------
# receive_data and EOF bookkeeping (§6.3)


@pytest.mark.parametrize("eof", [b"", bytearray(), memoryview(b""), None], ids=repr)
def test_any_falsy_data_means_eof_and_repeating_it_is_harmless(eof: Any) -> None:
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(eof)
    conn.receive_data(eof)
    conn.receive_data(b"")
    assert conn.trailing_data == (b"", True)
    assert conn.next_event() == h11.ConnectionClosed()


@pytest.mark.parametrize("eof", [b"", None])
def test_data_after_eof_is_a_runtime_error(eof: Any) -> None:
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(b"GET")
    conn.receive_data(eof)
    with pytest.raises(RuntimeError) as excinfo:
        conn.receive_data(b"x")
    assert str(excinfo.value) == "received close, then received more data?"
    assert conn.trailing_data == (b"GET", True)


# --------------------------------------------------------------------------------------------
# EOF in every state of the peer (§7.8, §8.1, §10.2)


def test_eof_from_idle_client_is_connection_closed_every_call() -> None:
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(b"")
    for _ in range(3):
        assert conn.next_event() == h11.ConnectionClosed()
    assert conn.states == {h11.CLIENT: h11.CLOSED, h11.SERVER: h11.MUST_CLOSE}


def test_eof_from_idle_server_is_connection_closed_every_call() -> None:
    conn = h11.Connection(h11.CLIENT)
    conn.receive_data(b"")
    for _ in range(3):
        assert conn.next_event() == h11.ConnectionClosed()
    assert conn.states == {h11.CLIENT: h11.MUST_CLOSE, h11.SERVER: h11.CLOSED}


@pytest.mark.parametrize("client_done", [True, False], ids=["client-done", "client-sending"])
def test_eof_before_any_response_is_an_illegal_close_of_send_response(client_done: bool) -> None:
    conn = h11.Connection(h11.CLIENT)
    conn.send(
        h11.Request(method="POST", target="/", headers=[("Host", "a"), ("Content-Length", "1")])
    )
    if client_done:
        conn.send(h11.Data(data=b"x"))
        conn.send(h11.EndOfMessage())
    conn.receive_data(b"")
    exc = next_event_error(conn)
    assert_rpe(
        exc, "can't handle event type ConnectionClosed when role=SERVER and state=SEND_RESPONSE"
    )


@pytest.mark.parametrize(
    "partial",
    [
        b"G",
        b"GET / HTTP/1.1",
        b"GET / HTTP/1.1\r\n",
        b"GET / HTTP/1.1\r\nHost: a\r\n",
        b"GET / HTTP/1.1\r\nHost: a\r\n\r",
    ],
)
def test_eof_with_partial_request_head_buffered(partial: bytes) -> None:
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(partial)
    assert conn.next_event() is h11.NEED_DATA
    conn.receive_data(b"")
    assert_rpe(next_event_error(conn), "peer unexpectedly closed connection")


@pytest.mark.parametrize(
    "partial", [b"H", b"HTTP/1.1 200 OK", b"HTTP/1.1 200 OK\r\n", b"HTTP/1.1 200 OK\r\nX: y\r\n"]
)
def test_eof_with_partial_response_head_buffered(partial: bytes) -> None:
    conn = client_waiting_for_response()
    conn.receive_data(partial)
    assert conn.next_event() is h11.NEED_DATA
    conn.receive_data(b"")
    assert_rpe(next_event_error(conn), "peer unexpectedly closed connection")


def test_eof_arriving_together_with_a_partial_head() -> None:
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(b"GET / HTTP/1.1\r\n")
    conn.receive_data(b"")
    assert_rpe(next_event_error(conn), "peer unexpectedly closed connection")


@ROLES
@pytest.mark.parametrize(
    ("body", "length"), [(b"", 100), (b"hello", 100), (b"abcd", 5), (b"x", 2)]
)
def test_eof_inside_fixed_length_body(role: Any, body: bytes, length: int) -> None:
    conn = receiver(role)
    if role is h11.SERVER:
        head = b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: %d\r\n\r\n" % length
    else:
        head = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % length
    events = receive(conn, head + body)
    assert [e for e in events if type(e) is h11.Data] == ([h11.Data(data=body)] if body else [])
    conn.receive_data(b"")
    exc = next_event_error(conn)
    assert_rpe(
        exc,
        "peer closed connection without sending complete message body "
        f"(received {len(body)} bytes, expected {length})",
    )


INCOMPLETE_CHUNKED_READ = (
    "peer closed connection without sending complete message body (incomplete chunked read)"
)

CHUNKED_EOF_CASES = [
    # (bytes after the head, message at EOF)
    (b"", INCOMPLETE_CHUNKED_READ),
    (b"3\r\nab", INCOMPLETE_CHUNKED_READ),
    (b"3\r\nabc", INCOMPLETE_CHUNKED_READ),
    (b"3\r\nabc\r", INCOMPLETE_CHUNKED_READ),
    (b"3\r\nabc\r\n", INCOMPLETE_CHUNKED_READ),
    (b"0\r\n", INCOMPLETE_CHUNKED_READ),
    (b"3", "peer unexpectedly closed connection"),
    (b"3\r", "peer unexpectedly closed connection"),
    (b"3;a=b", "peer unexpectedly closed connection"),
    (b"3\r\nabc\r\n1", "peer unexpectedly closed connection"),
    (b"0\r\nX: a", "peer unexpectedly closed connection"),
    (b"0\r\nX: a\r\n", "peer unexpectedly closed connection"),
    (b"0\r\n\r", "peer unexpectedly closed connection"),
]


@ROLES
@pytest.mark.parametrize(("tail", "message"), CHUNKED_EOF_CASES)
def test_eof_inside_chunked_body(role: Any, tail: bytes, message: str) -> None:
    conn = receiver(role)
    if role is h11.SERVER:
        head = CHUNKED_POST
    else:
        head = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    receive(conn, head + tail)
    assert conn.their_state is h11.SEND_BODY
    conn.receive_data(b"")
    assert_rpe(next_event_error(conn), message)


@pytest.mark.parametrize("version", [b"1.1", b"1.0"])
def test_eof_ends_a_read_until_close_body(version: bytes) -> None:
    conn = client_waiting_for_response()
    conn.receive_data(b"HTTP/" + version + b" 200 OK\r\n\r\nabc")
    conn.receive_data(b"")
    assert drain(conn) == [
        h11.Response(status_code=200, reason=b"OK", http_version=version, headers=[]),
        h11.Data(data=b"abc"),
        h11.EndOfMessage(),
        h11.ConnectionClosed(),
    ]
    assert conn.next_event() == h11.ConnectionClosed()
    assert conn.states == {h11.CLIENT: h11.MUST_CLOSE, h11.SERVER: h11.CLOSED}


def test_eof_after_complete_request_is_a_half_close() -> None:
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
    conn.receive_data(b"")
    assert drain(conn) == [
        h11.Request(method="GET", target="/", headers=[("Host", "a")]),
        h11.EndOfMessage(),
        h11.ConnectionClosed(),
    ]
    assert conn.states == {h11.CLIENT: h11.CLOSED, h11.SERVER: h11.SEND_RESPONSE}
    conn.send(h11.Response(status_code=200, headers=[("Content-Length", "0")]))
    conn.send(h11.EndOfMessage())
    assert conn.states == {h11.CLIENT: h11.CLOSED, h11.SERVER: h11.MUST_CLOSE}


def test_eof_after_complete_response_closes_the_client_side() -> None:
    conn = client_waiting_for_response()
    conn.receive_data(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
    assert drain(conn)[-2:] == [h11.EndOfMessage(), h11.NEED_DATA]
    conn.receive_data(b"")
    assert conn.next_event() == h11.ConnectionClosed()
    assert conn.states == {h11.CLIENT: h11.MUST_CLOSE, h11.SERVER: h11.CLOSED}


def test_eof_from_a_peer_in_must_close() -> None:
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(b"GET / HTTP/1.0\r\n\r\n")
    assert drain(conn)[-2:] == [h11.EndOfMessage(), h11.NEED_DATA]
    assert conn.their_state is h11.MUST_CLOSE
    conn.receive_data(b"")
    assert conn.next_event() == h11.ConnectionClosed()
    assert conn.next_event() == h11.ConnectionClosed()
    assert conn.states == {h11.CLIENT: h11.CLOSED, h11.SERVER: h11.SEND_RESPONSE}


def test_eof_is_hidden_while_the_peer_might_switch_protocol() -> None:
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(b"GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n\r\n")
    assert drain(conn)[-1] is h11.PAUSED
    conn.receive_data(b"")
    assert conn.next_event() is h11.PAUSED
    assert conn.trailing_data == (b"", True)
    assert conn.their_state is h11.MIGHT_SWITCH_PROTOCOL
    # A denial returns the client to DONE; the EOF is delivered then.
    conn.send(h11.Response(status_code=400, headers=[("Content-Length", "0")]))
    conn.send(h11.EndOfMessage())
    assert conn.next_event() == h11.ConnectionClosed()
    assert conn.states == {h11.CLIENT: h11.CLOSED, h11.SERVER: h11.MUST_CLOSE}


def test_eof_is_hidden_after_the_peer_switched_protocol() -> None:
    conn = client_waiting_for_response(extra=[("Upgrade", "x")])
    conn.receive_data(b"HTTP/1.1 101 Switching\r\nUpgrade: x\r\n\r\nnew")
    conn.receive_data(b"")
    assert drain(conn) == [
        h11.InformationalResponse(
            status_code=101, reason=b"Switching", headers=[("Upgrade", "x")]
        ),
        h11.PAUSED,
    ]
    assert conn.next_event() is h11.PAUSED
    assert conn.trailing_data == (b"new", True)


def test_eof_is_hidden_while_pipelined_requests_wait() -> None:
    conn = h11.Connection(h11.SERVER)
    second = b"GET /2 HTTP/1.1\r\nHost: a\r\n\r\n"
    conn.receive_data(b"GET /1 HTTP/1.1\r\nHost: a\r\n\r\n" + second)
    conn.receive_data(b"")
    assert drain(conn) == [
        h11.Request(method="GET", target="/1", headers=[("Host", "a")]),
        h11.EndOfMessage(),
        h11.PAUSED,
    ]
    assert conn.next_event() is h11.PAUSED
    assert conn.trailing_data == (second, True)
    conn.send(h11.Response(status_code=200, headers=[("Content-Length", "0")]))
    conn.send(h11.EndOfMessage())
    conn.start_next_cycle()
    assert drain(conn) == [
        h11.Request(method="GET", target="/2", headers=[("Host", "a")]),
        h11.EndOfMessage(),
        h11.ConnectionClosed(),
    ]
    assert conn.states == {h11.CLIENT: h11.CLOSED, h11.SERVER: h11.SEND_RESPONSE}


@pytest.mark.parametrize(
    "first",
    [b"GET / HTTP/1.0\r\n\r\n", b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"],
)
def test_bytes_from_a_peer_in_must_close_are_rejected(first: bytes) -> None:
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(first)
    assert drain(conn)[-1] is h11.NEED_DATA
    conn.receive_data(b"x")
    assert_rpe(next_event_error(conn), "Got data when expecting EOF")


def test_bytes_from_a_closed_peer_cannot_arrive() -> None:
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(b"")
    assert conn.next_event() == h11.ConnectionClosed()
    with pytest.raises(RuntimeError):
        conn.receive_data(b"x")
    assert conn.next_event() == h11.ConnectionClosed()


# --------------------------------------------------------------------------------------------
# max_incomplete_event_size (§8.4, Q4, H8)


def test_default_limit_is_16_kib() -> None:
    import h11._connection

    assert h11._connection.DEFAULT_MAX_INCOMPLETE_EVENT_SIZE == 16384


@ROLES
@FEEDING
def test_head_of_exactly_the_default_limit_is_accepted(role: Any, bytewise: bool) -> None:
    head = head_of_size(role, 16384)
    events = receive(receiver(role), head, bytewise=bytewise)
    assert events == [first_event_for(role, head), h11.EndOfMessage()]


@ROLES
@FEEDING
def test_head_one_byte_over_the_default_limit_is_rejected(role: Any, bytewise: bool) -> None:
    events, exc = receive_error(receiver(role), head_of_size(role, 16385), bytewise=bytewise)
    assert events == []
    assert_rpe(exc, "Receive buffer too long", hint=431)


@ROLES
@FEEDING
@pytest.mark.parametrize("limit", [64, 100, 1000])
def test_head_of_exactly_the_limit_is_accepted(role: Any, limit: int, bytewise: bool) -> None:
    head = head_of_size(role, limit)
    conn = receiver(role, max_incomplete_event_size=limit)
    assert receive(conn, head, bytewise=bytewise) == [
        first_event_for(role, head),
        h11.EndOfMessage(),
    ]


@ROLES
@FEEDING
@pytest.mark.parametrize("excess", [1, 2, 100])
def test_head_over_the_limit_is_rejected_however_it_arrives(
    role: Any, excess: int, bytewise: bool
) -> None:
    conn = receiver(role, max_incomplete_event_size=100)
    events, exc = receive_error(conn, head_of_size(role, 100 + excess), bytewise=bytewise)
    assert events == []
    assert_rpe(exc, "Receive buffer too long", hint=431)


@ROLES
def test_head_of_the_limit_followed_by_a_large_body_is_accepted(role: Any) -> None:
    if role is h11.SERVER:
        head = b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5000\r\nX: pp\r\n\r\n"
    else:
        head = b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\nX: pp\r\n\r\n"
    conn = receiver(role, max_incomplete_event_size=len(head))
    events = receive(conn, head + b"b" * 5000)
    assert events[1:] == [h11.Data(data=b"b" * 5000), h11.EndOfMessage()]


@ROLES
def test_head_over_the_limit_is_rejected_even_when_followed_by_its_body(role: Any) -> None:
    if role is h11.SERVER:
        head = b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5000\r\nX: pp\r\n\r\n"
    else:
        head = b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\nX: pp\r\n\r\n"
    conn = receiver(role, max_incomplete_event_size=len(head) - 1)
    events, exc = receive_error(conn, head + b"b" * 5000)
    assert events == []
    assert_rpe(exc, "Receive buffer too long", hint=431)


def valid_head_prefix(role: Any) -> bytes:
    """Bytes that begin a head the peer of ``role`` may send (none of them impossible, H10)."""
    start = b"GET / HTTP/1.1\r\n" if role is h11.SERVER else b"HTTP/1.1 200 OK\r\n"
    return start + b"X: " + b"a" * 200


@ROLES
@pytest.mark.parametrize("limit", [0, 1, 20, 100])
def test_incomplete_buffer_of_exactly_the_limit_waits(role: Any, limit: int) -> None:
    conn = receiver(role, max_incomplete_event_size=limit)
    if limit:  # receive_data(b"") would mean EOF
        conn.receive_data(valid_head_prefix(role)[:limit])
    assert conn.next_event() is h11.NEED_DATA
    assert conn.next_event() is h11.NEED_DATA


@ROLES
@pytest.mark.parametrize("limit", [0, 1, 20, 100])
def test_incomplete_buffer_over_the_limit_is_rejected(role: Any, limit: int) -> None:
    conn = receiver(role, max_incomplete_event_size=limit)
    if limit:  # receive_data(b"") would mean EOF
        conn.receive_data(valid_head_prefix(role)[:limit])
    assert conn.next_event() is h11.NEED_DATA
    conn.receive_data(valid_head_prefix(role)[limit : limit + 1])
    assert_rpe(next_event_error(conn), "Receive buffer too long", hint=431)


@ROLES
def test_limit_zero_still_reports_a_clean_eof(role: Any) -> None:
    conn = h11.Connection(role, max_incomplete_event_size=0)
    conn.receive_data(b"")
    assert conn.next_event() == h11.ConnectionClosed()


def test_skipped_blank_lines_count_against_the_limit() -> None:
    conn = h11.Connection(h11.SERVER, max_incomplete_event_size=10)
    conn.receive_data(b"\r\n" * 5)
    assert conn.next_event() is h11.NEED_DATA
    conn.receive_data(b"\n")
    assert_rpe(next_event_error(conn), "Receive buffer too long", hint=431)


@FEEDING
@pytest.mark.parametrize("blank", [b"\r\n", b"\n"])
def test_many_blank_lines_alone_exceed_the_limit(blank: bytes, bytewise: bool) -> None:
    conn = h11.Connection(h11.SERVER, max_incomplete_event_size=10)
    events, exc = receive_error(conn, blank * 11, bytewise=bytewise)
    assert events == []
    assert_rpe(exc, "Receive buffer too long", hint=431)


@FEEDING
def test_blank_lines_plus_head_within_the_limit_are_accepted(bytewise: bool) -> None:
    head = head_of_size(h11.SERVER, 96)
    conn = h11.Connection(h11.SERVER, max_incomplete_event_size=100)
    events = receive(conn, b"\r\n\r\n" + head, bytewise=bytewise)
    assert events == [first_event_for(h11.SERVER, head), h11.EndOfMessage()]


@FEEDING
def test_blank_lines_plus_head_over_the_limit_are_rejected(bytewise: bool) -> None:
    head = head_of_size(h11.SERVER, 97)
    conn = h11.Connection(h11.SERVER, max_incomplete_event_size=100)
    events, exc = receive_error(conn, b"\r\n\r\n" + head, bytewise=bytewise)
    assert events == []
    assert_rpe(exc, "Receive buffer too long", hint=431)


def chunk_line_of_size(size: int) -> bytes:
    line = b"3;" + b"e" * (size - 4) + b"\r\n"
    assert len(line) == size
    return line


@FEEDING
@pytest.mark.parametrize("size", [50, 100])
def test_chunk_size_line_within_the_limit_is_accepted(size: int, bytewise: bool) -> None:
    conn = h11.Connection(h11.SERVER, max_incomplete_event_size=100)
    receive(conn, CHUNKED_POST)
    events = receive(conn, chunk_line_of_size(size) + b"abc\r\n0\r\n\r\n", bytewise=bytewise)
    assert [e for e in events if type(e) is h11.Data] != []
    assert b"".join(bytes(e.data) for e in events if type(e) is h11.Data) == b"abc"
    assert events[-1] == h11.EndOfMessage()


@FEEDING
@pytest.mark.parametrize("size", [101, 102, 500])
def test_chunk_size_line_over_the_limit_is_rejected(size: int, bytewise: bool) -> None:
    conn = h11.Connection(h11.SERVER, max_incomplete_event_size=100)
    receive(conn, CHUNKED_POST)
    events, exc = receive_error(
        conn, chunk_line_of_size(size) + b"abc\r\n0\r\n\r\n", bytewise=bytewise
    )
    assert events == []
    assert_rpe(exc, "Receive buffer too long", hint=431)


def trailer_block_of_size(size: int) -> bytes:
    block = b"X: " + b"t" * (size - 7) + b"\r\n\r\n"
    assert len(block) == size
    return block


@FEEDING
@pytest.mark.parametrize("size", [50, 100])
def test_trailer_block_within_the_limit_is_accepted(size: int, bytewise: bool) -> None:
    conn = h11.Connection(h11.SERVER, max_incomplete_event_size=100)
    receive(conn, CHUNKED_POST)
    block = trailer_block_of_size(size)
    events = receive(conn, b"0\r\n" + block, bytewise=bytewise)
    assert events == [h11.EndOfMessage(headers=[("X", block[3:-4])])]


@FEEDING
@pytest.mark.parametrize("size", [101, 102, 500])
def test_trailer_block_over_the_limit_is_rejected(size: int, bytewise: bool) -> None:
    conn = h11.Connection(h11.SERVER, max_incomplete_event_size=100)
    receive(conn, CHUNKED_POST)
    events, exc = receive_error(conn, b"0\r\n" + trailer_block_of_size(size), bytewise=bytewise)
    assert events == []
    assert_rpe(exc, "Receive buffer too long", hint=431)


@pytest.mark.parametrize(
    ("head", "body"),
    [
        (b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3000\r\n\r\n", b"c" * 3000),
        (CHUNKED_POST, b"bb8\r\n" + b"c" * 3000 + b"\r\n0\r\n\r\n"),
    ],
    ids=["content-length", "chunked"],
)
def test_body_bytes_never_count_against_the_limit(head: bytes, body: bytes) -> None:
    conn = h11.Connection(h11.SERVER, max_incomplete_event_size=100)
    events = receive(conn, head + body)
    assert b"".join(bytes(e.data) for e in events if type(e) is h11.Data) == b"c" * 3000
    assert events[-1] == h11.EndOfMessage()


def test_read_until_close_body_never_counts_against_the_limit() -> None:
    conn = client_waiting_for_response(max_incomplete_event_size=50)
    events = receive(conn, b"HTTP/1.1 200 OK\r\n\r\n" + b"d" * 3000)
    assert events[1:] == [h11.Data(data=b"d" * 3000)]


def test_complete_pipelined_requests_beyond_the_limit_are_fine() -> None:
    one = head_of_size(h11.SERVER, 80)
    conn = h11.Connection(h11.SERVER, max_incomplete_event_size=100)
    conn.receive_data(one * 3)
    for _ in range(3):
        assert drain(conn)[:2] == [first_event_for(h11.SERVER, one), h11.EndOfMessage()]
        conn.send(h11.Response(status_code=200, headers=[("Content-Length", "0")]))
        conn.send(h11.EndOfMessage())
        conn.start_next_cycle()
    assert conn.next_event() is h11.NEED_DATA


def test_oversized_incomplete_pipelined_data_errors_only_after_the_next_cycle() -> None:
    first = head_of_size(h11.SERVER, 80)
    conn = h11.Connection(h11.SERVER, max_incomplete_event_size=100)
    conn.receive_data(first + b"GET /" + b"x" * 150)
    assert drain(conn) == [first_event_for(h11.SERVER, first), h11.EndOfMessage(), h11.PAUSED]
    assert conn.next_event() is h11.PAUSED
    conn.send(h11.Response(status_code=200, headers=[("Content-Length", "0")]))
    conn.send(h11.EndOfMessage())
    conn.start_next_cycle()
    assert_rpe(next_event_error(conn), "Receive buffer too long", hint=431)


# --------------------------------------------------------------------------------------------
# After a receive error (§7.7, §8.1 step 1)

ERROR_INPUTS = [
    (h11.SERVER, b"\x00"),
    (h11.SERVER, b"GET  / HTTP/1.1\r\n\r\n"),
    (h11.SERVER, b"GET / HTTP/1.1\r\n\r\n"),
    (h11.SERVER, CHUNKED_POST + b"zz\r\n"),
    (h11.SERVER, CHUNKED_POST + b"3\r\nabc__"),
    (h11.SERVER, b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n"),
    (h11.CLIENT, b"HTTP/1.1 20 OK\r\n\r\n"),
    (h11.CLIENT, b"\r\nHTTP/1.1 200 OK\r\n\r\n"),
    (h11.CLIENT, b"HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n"),
]


@pytest.mark.parametrize(("role", "data"), ERROR_INPUTS)
def test_after_a_receive_error_next_event_keeps_raising(role: Any, data: bytes) -> None:
    conn = receiver(role)
    receive_error(conn, data)
    assert conn.our_state is not h11.ERROR  # one side in ERROR does not block the other (§7.7)
    for _ in range(2):
        exc = next_event_error(conn)
        assert_rpe(exc, "Can't receive data when peer state is ERROR")
    conn.receive_data(b"more bytes")
    conn.receive_data(b"")
    assert_rpe(next_event_error(conn), "Can't receive data when peer state is ERROR")


def test_after_a_receive_error_with_nothing_parsed_a_400_closes() -> None:
    conn = h11.Connection(h11.SERVER)
    receive_error(conn, b"\x16\x03\x01")
    assert conn.states == {h11.CLIENT: h11.ERROR, h11.SERVER: h11.IDLE}
    assert conn.send(h11.Response(status_code=400, headers=[])) == (
        b"HTTP/1.1 400 \r\nConnection: close\r\n\r\n"
    )
    assert conn.send(h11.EndOfMessage()) == b""
    assert conn.states == {h11.CLIENT: h11.ERROR, h11.SERVER: h11.MUST_CLOSE}


def test_after_a_receive_error_in_the_body_the_server_can_still_answer() -> None:
    conn = h11.Connection(h11.SERVER)
    events, _ = receive_error(conn, CHUNKED_POST + b"zz\r\n")
    assert events == [
        h11.Request(
            method="POST", target="/", headers=[("Host", "a"), ("Transfer-Encoding", "chunked")]
        )
    ]
    assert conn.states == {h11.CLIENT: h11.ERROR, h11.SERVER: h11.SEND_RESPONSE}
    assert conn.send(h11.Response(status_code=400, headers=[("Content-Length", "0")])) == (
        b"HTTP/1.1 400 \r\nContent-Length: 0\r\n\r\n"
    )
    conn.send(h11.EndOfMessage())
    assert conn.states == {h11.CLIENT: h11.ERROR, h11.SERVER: h11.MUST_CLOSE}


def test_receive_error_moves_our_done_side_to_must_close() -> None:
    conn = client_waiting_for_response()
    assert conn.our_state is h11.DONE
    receive_error(conn, b"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")
    assert conn.states == {h11.CLIENT: h11.MUST_CLOSE, h11.SERVER: h11.ERROR}


# --------------------------------------------------------------------------------------------
# error_status_hint values (§3, §12)

HINT_CASES = [
    (h11.SERVER, b"\x16", "illegal request line", 400),
    (h11.SERVER, b"GET / HTTP/1.1\r\n\r\n", "Missing mandatory Host: header", 400),
    (
        h11.SERVER,
        b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
        "Found multiple Host: headers",
        400,
    ),
    (h11.SERVER, b"GET / HTTP/1.1\r\n x\r\n\r\n", "continuation line at start of headers", 400),
    (
        h11.SERVER,
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        "conflicting Content-Length headers",
        400,
    ),
    (
        h11.SERVER,
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n",
        "bad Content-Length",
        400,
    ),
    (
        h11.SERVER,
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n",
        "Only Transfer-Encoding: chunked is supported",
        501,
    ),
    (
        h11.SERVER,
        b"POST / HTTP/1.1\r\nHost: a\r\n"
        b"Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
        "multiple Transfer-Encoding headers",
        501,
    ),
    (
        h11.SERVER,
        CHUNKED_POST + b"0\r\nTransfer-Encoding: gzip\r\n\r\n",
        "Only Transfer-Encoding: chunked is supported",
        501,
    ),
    (
        h11.SERVER,
        b"POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
        "Transfer-Encoding is not allowed in HTTP/1.0 messages",
        400,
    ),
    (
        h11.SERVER,
        b"CONNECT a:443 HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc",
        "CONNECT request must not have a body",
        400,
    ),
    (h11.SERVER, b"GET ! HTTP/1.1\r\nHost: a\r\n\r\n", "illegal request target: b'!'", 400),
    (
        h11.SERVER,
        b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nX",
        "Got data when expecting EOF",
        400,
    ),
    (h11.SERVER, b"G" * 20000, "Receive buffer too long", 431),
    (
        h11.SERVER,
        b"GET / HTTP/1.1\r\nHost: a\r\nX: " + b"x" * 20000 + b"\r\n\r\n",
        "Receive buffer too long",
        431,
    ),
    (h11.CLIENT, b"\x00", "illegal request line", 400),
    (h11.CLIENT, b"\r\n", "no response line received", 400),
    (
        h11.CLIENT,
        b"HTTP/1.1 000 X\r\n\r\n",
        "InformationalResponse status_code should be in range [100, 200), not 0",
        400,
    ),
    (
        h11.CLIENT,
        b"HTTP/1.1 101 X\r\n\r\n",
        "Received server _SWITCH_UPGRADE event without a pending proposal",
        400,
    ),
    (
        h11.CLIENT,
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
        "Only Transfer-Encoding: chunked is supported",
        501,
    ),
    (h11.CLIENT, b"HTTP/1.1 200 " + b"K" * 20000, "Receive buffer too long", 431),
]


@pytest.mark.parametrize(("role", "data", "message", "hint"), HINT_CASES)
def test_remote_protocol_error_carries_the_status_hint(
    role: Any, data: bytes, message: str, hint: int
) -> None:
    _, exc = receive_error(receiver(role), data)
    assert_rpe(exc, message, hint)


@pytest.mark.parametrize(
    ("role", "data", "prefix", "line"),
    [
        # (Each line through its first impossible byte: docs/differences.rst, H10.)
        (h11.SERVER, b"GET  / HTTP/1.1\r\n\r\n", "illegal request line", b"GET  "),
        (h11.SERVER, b"GET / HTTP/1.1\r\nHost : a\r\n\r\n", "illegal header line", b"Host "),
        (h11.CLIENT, b"HTTP/1.1 2000 OK\r\n\r\n", "illegal status line", b"HTTP/1.1 2000"),
        (h11.SERVER, CHUNKED_POST + b"x\r\n", "illegal chunk header", b"x"),  # (first bad byte)
    ],
)
def test_grammar_errors_carry_hint_400_and_show_the_line(
    role: Any, data: bytes, prefix: str, line: bytes
) -> None:
    _, exc = receive_error(receiver(role), data)
    assert_rpe(exc, line_message(prefix, line), 400)


# --------------------------------------------------------------------------------------------
# Only RemoteProtocolError ever comes out of next_event for bad input (§3, §8.1 step 6)


def feed_anything(conn: h11.Connection, pieces: list[bytes], eof: bool) -> None:
    """Feed pieces; any exception other than RemoteProtocolError fails the test."""
    pieces = [p for p in pieces if p]  # b"" would be an early EOF
    error: h11.RemoteProtocolError | None = None
    try:
        feed_pieces(conn, [*pieces, b""] if eof else pieces)
    except h11.RemoteProtocolError as exc:
        error = exc
    if error is not None:
        assert type(error) is h11.RemoteProtocolError
        assert conn.their_state is h11.ERROR
        assert error.error_status_hint in (400, 431, 501)
        with pytest.raises(h11.RemoteProtocolError):
            conn.next_event()


def feed_pieces(conn: h11.Connection, pieces: list[bytes]) -> None:
    for piece in pieces:
        conn.receive_data(piece)
        for _ in range(10000):
            event = conn.next_event()
            if event is h11.NEED_DATA or event is h11.PAUSED:
                break
            if type(event) is h11.ConnectionClosed:
                assert conn.next_event() == h11.ConnectionClosed()
                return
        else:
            pytest.fail("next_event never returned NEED_DATA or PAUSED")


PREFIXES = {
    "nothing": b"",
    "request-head": b"GET / HTTP/1.1\r\nHost: a\r\n",
    "chunked-body": CHUNKED_POST,
    "chunk": CHUNKED_POST + b"5\r\nab",
    "trailers": CHUNKED_POST + b"0\r\n",
    "fixed-body": b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n",
}


@given(
    prefix=st.sampled_from(sorted(PREFIXES)),
    pieces=st.lists(st.binary(max_size=40), max_size=6),
    eof=st.booleans(),
)
def test_server_turns_arbitrary_bytes_into_events_or_remote_protocol_error(
    prefix: str, pieces: list[bytes], eof: bool
) -> None:
    conn = h11.Connection(h11.SERVER, max_incomplete_event_size=200)
    feed_anything(conn, [PREFIXES[prefix], *pieces], eof)


RESPONSE_PREFIXES = {
    "nothing": b"",
    "status-line": b"HTTP/1.1 200 OK\r\n",
    "chunked-body": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
    "until-close": b"HTTP/1.0 200 OK\r\n\r\n",
    "informational": b"HTTP/1.1 100 Continue\r\n\r\n",
}


@given(
    prefix=st.sampled_from(sorted(RESPONSE_PREFIXES)),
    pieces=st.lists(st.binary(max_size=40), max_size=6),
    eof=st.booleans(),
    method=st.sampled_from(["GET", "HEAD", "CONNECT"]),
)
def test_client_turns_arbitrary_bytes_into_events_or_remote_protocol_error(
    prefix: str, pieces: list[bytes], eof: bool, method: str
) -> None:
    conn = client_waiting_for_response(method, max_incomplete_event_size=200)
    feed_anything(conn, [RESPONSE_PREFIXES[prefix], *pieces], eof)


@given(data=st.binary(max_size=300), cut=st.integers(min_value=0, max_value=300))
def test_http_like_noise_gives_events_or_remote_protocol_error(data: bytes, cut: int) -> None:
    alphabet = (
        b"GET /HTTP1.0\r\n:; \t\x00\x80Host: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked"
    )
    noise = bytes(alphabet[b % len(alphabet)] for b in data)
    for role in (h11.SERVER, h11.CLIENT):
        conn = h11.Connection(role)
        feed_anything(conn, [noise[:cut], noise[cut:]], eof=True)


MUTATION_BASE = {
    h11.SERVER: (
        b"POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nX: y\r\n\r\n"
        b"3;e=v\r\nabc\r\n0\r\nT: 1\r\n\r\n"
        b"GET / HTTP/1.1\r\nHost: b\r\nContent-Length: 2\r\n\r\nhi"
    ),
    h11.CLIENT: (
        b"HTTP/1.1 100 Continue\r\n\r\n"
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX: y\r\n\r\n"
        b"3;e=v\r\nabc\r\n0\r\nT: 1\r\n\r\n"
    ),
}
MUTATIONS = [b"\x00", b"\r", b"\n", b" ", b"\t", b"\xff", b":", b";", b"", b"0", b"\r\n"]


@ROLES
def test_every_single_byte_mutation_gives_events_or_remote_protocol_error(role: Any) -> None:
    base = MUTATION_BASE[role]
    for position in range(len(base)):
        for replacement in MUTATIONS:
            mutated = base[:position] + replacement + base[position + 1 :]
            for pieces in ([mutated], [mutated[:position], mutated[position:]]):
                feed_anything(receiver(role), pieces, eof=True)
