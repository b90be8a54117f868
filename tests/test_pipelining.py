"""Pipelining and flow control (docs/state-machine.rst, state-pipelining).

PAUSED, start_next_cycle with buffered requests, EOF hidden while paused, the receive limit
while paused, and the protocol-switch pause.
"""

from __future__ import annotations

import pytest

import h11
from helpers import drain, feed_bytewise, merge_data, states

CLIENT, SERVER = h11.CLIENT, h11.SERVER
IDLE, SEND_RESPONSE, SEND_BODY = h11.IDLE, h11.SEND_RESPONSE, h11.SEND_BODY
DONE, MUST_CLOSE, CLOSED, ERROR = h11.DONE, h11.MUST_CLOSE, h11.CLOSED, h11.ERROR
MIGHT_SWITCH_PROTOCOL, SWITCHED_PROTOCOL = h11.MIGHT_SWITCH_PROTOCOL, h11.SWITCHED_PROTOCOL

REQ_GET = b"GET /1 HTTP/1.1\r\nHost: example.com\r\n\r\n"
REQ_POST = b"POST /2 HTTP/1.1\r\nHost: example.com\r\nContent-Length: 5\r\n\r\nhello"
REQ_CHUNKED = (
    b"POST /3 HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: chunked\r\n\r\n"
    b"3\r\nabc\r\n0\r\nTrailer: yes\r\n\r\n"
)
PIPELINE = REQ_GET + REQ_POST + REQ_CHUNKED


def request(target: str, *headers: tuple[str, str]) -> h11.Request:
    """The request REQ_GET (/1) or one of the POSTs (/2, /3) as an event."""
    method = "GET" if target == "/1" else "POST"
    return h11.Request(method=method, target=target, headers=[("Host", "example.com"), *headers])


EXPECTED_MESSAGES = [
    [request("/1"), h11.EndOfMessage()],
    [request("/2", ("Content-Length", "5")), h11.Data(data=b"hello"), h11.EndOfMessage()],
    [
        request("/3", ("Transfer-Encoding", "chunked")),
        h11.Data(data=b"abc"),
        h11.EndOfMessage(headers=[("Trailer", "yes")]),
    ],
]


def respond(server: h11.Connection) -> None:
    server.send(h11.Response(status_code=200, headers=[("Content-Length", "0")]))
    server.send(h11.EndOfMessage())


def test_pipelined_requests_are_delivered_one_cycle_at_a_time() -> None:
    server = h11.Connection(SERVER)
    server.receive_data(PIPELINE)
    remaining = PIPELINE
    for i, expected in enumerate(EXPECTED_MESSAGES):
        events = drain(server)
        last = events.pop()
        assert merge_data(events) == expected
        assert server.states == states(DONE, SEND_RESPONSE)
        remaining = remaining[len((REQ_GET, REQ_POST, REQ_CHUNKED)[i]) :]
        assert server.trailing_data == (remaining, False)
        if remaining:
            assert last is h11.PAUSED
        else:
            assert last is h11.NEED_DATA
        respond(server)
        assert server.states == states(DONE, DONE)
        server.start_next_cycle()
        assert server.states == states(IDLE, IDLE)
    assert server.next_event() is h11.NEED_DATA


def test_paused_is_repeated_until_start_next_cycle() -> None:
    server = h11.Connection(SERVER)
    server.receive_data(REQ_GET + REQ_GET)
    assert drain(server) == [*EXPECTED_MESSAGES[0], h11.PAUSED]
    for _ in range(3):
        assert server.next_event() is h11.PAUSED
    respond(server)
    assert server.next_event() is h11.PAUSED
    server.start_next_cycle()
    assert drain(server) == [*EXPECTED_MESSAGES[0], h11.NEED_DATA]


def test_paused_server_keeps_buffering_received_data() -> None:
    server = h11.Connection(SERVER)
    server.receive_data(REQ_GET + b"GET /x")
    drain(server)
    server.receive_data(b" HTTP/1.1\r\n")
    assert server.next_event() is h11.PAUSED
    assert server.trailing_data == (b"GET /x HTTP/1.1\r\n", False)


def test_start_next_cycle_before_responding_to_pipelined_request_is_rejected() -> None:
    server = h11.Connection(SERVER)
    server.receive_data(REQ_GET + REQ_GET)
    drain(server)
    with pytest.raises(h11.LocalProtocolError) as excinfo:
        server.start_next_cycle()
    assert str(excinfo.value) == (
        "not in a reusable state. self.states={CLIENT: DONE, SERVER: SEND_RESPONSE}"
    )
    assert server.next_event() is h11.PAUSED


def test_done_client_with_empty_buffer_means_need_data_not_paused() -> None:
    server = h11.Connection(SERVER)
    server.receive_data(REQ_GET)
    assert drain(server) == [*EXPECTED_MESSAGES[0], h11.NEED_DATA]
    assert server.next_event() is h11.NEED_DATA
    server.receive_data(b"G")
    assert server.next_event() is h11.PAUSED


def test_pipelined_requests_fed_bytewise_give_the_same_events() -> None:
    server = h11.Connection(SERVER)
    events = feed_bytewise(server, PIPELINE)
    assert merge_data(e for e in events if e is not h11.PAUSED) == EXPECTED_MESSAGES[0]
    for expected in EXPECTED_MESSAGES[1:]:
        respond(server)
        server.start_next_cycle()
        events = drain(server)
        assert merge_data(events[:-1]) == expected
    assert server.trailing_data == (b"", False)


def test_eof_is_hidden_while_paused_and_delivered_after_last_request() -> None:
    server = h11.Connection(SERVER)
    server.receive_data(REQ_GET + REQ_POST)
    server.receive_data(b"")
    assert drain(server) == [*EXPECTED_MESSAGES[0], h11.PAUSED]
    assert server.trailing_data == (REQ_POST, True)
    assert server.next_event() is h11.PAUSED
    respond(server)
    server.start_next_cycle()
    events = drain(server)
    assert merge_data(events) == [*EXPECTED_MESSAGES[1], h11.ConnectionClosed()]
    assert server.states == states(CLOSED, SEND_RESPONSE)
    assert server.trailing_data == (b"", True)
    respond(server)
    assert server.states == states(CLOSED, MUST_CLOSE)


def test_pipelined_request_after_http10_request_is_rejected() -> None:
    server = h11.Connection(SERVER)
    server.receive_data(b"GET / HTTP/1.0\r\n\r\n" + REQ_GET)
    events = [server.next_event(), server.next_event()]
    assert [type(e) for e in events] == [h11.Request, h11.EndOfMessage]
    assert server.states == states(MUST_CLOSE, SEND_RESPONSE)
    with pytest.raises(h11.RemoteProtocolError) as excinfo:
        server.next_event()
    assert str(excinfo.value) == "Got data when expecting EOF"
    assert server.states == states(ERROR, SEND_RESPONSE)


def test_later_pipelined_http10_request_updates_version_and_keep_alive() -> None:
    server = h11.Connection(SERVER)
    server.receive_data(REQ_GET + b"GET /old HTTP/1.0\r\n\r\n")
    drain(server)
    assert server.their_http_version == b"1.1"
    respond(server)
    server.start_next_cycle()
    events = drain(server)
    assert [type(e) for e in events] == [h11.Request, h11.EndOfMessage, type(h11.NEED_DATA)]
    assert server.their_http_version == b"1.0"
    assert server.states == states(MUST_CLOSE, SEND_RESPONSE)


def test_paused_buffer_may_exceed_max_incomplete_event_size() -> None:
    server = h11.Connection(SERVER, max_incomplete_event_size=len(REQ_GET) + 5)
    server.receive_data(REQ_GET * 5)
    for _ in range(5):
        events = drain(server)
        assert events[:-1] == EXPECTED_MESSAGES[0]
        respond(server)
        server.start_next_cycle()
    assert server.next_event() is h11.NEED_DATA


def test_incomplete_pipelined_head_over_limit_fails_after_start_next_cycle() -> None:
    limit = len(REQ_GET) + 5
    server = h11.Connection(SERVER, max_incomplete_event_size=limit)
    partial = b"GET /next HTTP/1.1\r\nX-Padding: " + b"p" * limit
    server.receive_data(REQ_GET + partial)
    assert drain(server) == [*EXPECTED_MESSAGES[0], h11.PAUSED]
    assert server.next_event() is h11.PAUSED
    respond(server)
    server.start_next_cycle()
    with pytest.raises(h11.RemoteProtocolError) as excinfo:
        server.next_event()
    assert str(excinfo.value) == "Receive buffer too long"
    assert excinfo.value.error_status_hint == 431
    assert server.states == states(ERROR, IDLE)


# ---------------------------------------------------------------------------------------------
# Client side: no pipelining; an early complete response pauses.


def test_client_cannot_send_a_second_request_before_start_next_cycle() -> None:
    client = h11.Connection(CLIENT)
    client.send(request("/1"))
    client.send(h11.EndOfMessage())
    with pytest.raises(h11.LocalProtocolError) as excinfo:
        client.send(request("/1"))
    assert str(excinfo.value) == (
        "can't handle event type Request when role=CLIENT and state=DONE"
    )
    assert client.states == states(ERROR, SEND_RESPONSE)


def test_client_pauses_after_early_complete_response() -> None:
    client = h11.Connection(CLIENT)
    client.send(request("/2", ("Content-Length", "5")))
    client.receive_data(b"HTTP/1.1 413 Too Large\r\nContent-Length: 0\r\n\r\nHTTP/1.1 extra")
    events = drain(client)
    assert [type(e) for e in events] == [h11.Response, h11.EndOfMessage, type(h11.PAUSED)]
    assert client.states == states(SEND_BODY, DONE)
    assert client.trailing_data == (b"HTTP/1.1 extra", False)
    client.send(h11.Data(data=b"hello"))
    client.send(h11.EndOfMessage())
    assert client.states == states(DONE, DONE)
    assert client.next_event() is h11.PAUSED


def test_client_keeps_receiving_body_while_still_sending() -> None:
    client = h11.Connection(CLIENT)
    client.send(request("/2", ("Content-Length", "5")))
    client.receive_data(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
    events = drain(client)
    assert events[1:] == [h11.Data(data=b"ok"), h11.EndOfMessage(), h11.NEED_DATA]
    assert client.states == states(SEND_BODY, DONE)


# ---------------------------------------------------------------------------------------------
# The protocol-switch pause


def test_switch_proposal_pauses_server_before_pipelined_bytes() -> None:
    upgrade = b"GET /ws HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\n\r\n"
    server = h11.Connection(SERVER)
    server.receive_data(upgrade + REQ_GET)
    events = drain(server)
    assert [type(e) for e in events] == [h11.Request, h11.EndOfMessage, type(h11.PAUSED)]
    assert server.states == states(MIGHT_SWITCH_PROTOCOL, SEND_RESPONSE)
    assert server.trailing_data == (REQ_GET, False)


def test_accepted_switch_pauses_forever_with_new_protocol_bytes() -> None:
    upgrade = b"GET /ws HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\n\r\n"
    server = h11.Connection(SERVER)
    server.receive_data(upgrade + REQ_GET)
    drain(server)
    server.send(h11.InformationalResponse(status_code=101, headers=[("Upgrade", "websocket")]))
    assert server.states == states(SWITCHED_PROTOCOL, SWITCHED_PROTOCOL)
    server.receive_data(b"")
    for _ in range(3):
        assert server.next_event() is h11.PAUSED
    assert server.trailing_data == (REQ_GET, True)


def test_denied_switch_resumes_with_pipelined_request() -> None:
    upgrade = b"GET /ws HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\n\r\n"
    server = h11.Connection(SERVER)
    server.receive_data(upgrade + REQ_GET)
    drain(server)
    server.send(h11.Response(status_code=200, headers=[("Content-Length", "0")]))
    assert server.states == states(DONE, SEND_BODY)
    assert server.next_event() is h11.PAUSED
    server.send(h11.EndOfMessage())
    server.start_next_cycle()
    assert drain(server) == [*EXPECTED_MESSAGES[0], h11.NEED_DATA]
