"""Connection lifecycle (docs/api.rst "Connection"; RFC 9112 §9.3 keep-alive; docs/design.rst,
design-errors; docs/state-machine.rst, state-closing): construction, keep-alive, HTTP/1.0
peers, start_next_cycle, send_failed, ERROR, ConnectionClosed in every state, trailing_data.
"""

from __future__ import annotations

from typing import Any

import pytest

import h11
from helpers import (
    ConnectionPair,
    assert_both,
    cant_handle,
    drain,
    merge_data,
    receive_and_drain,
    states,
)

CLIENT, SERVER = h11.CLIENT, h11.SERVER
IDLE, SEND_RESPONSE, SEND_BODY = h11.IDLE, h11.SEND_RESPONSE, h11.SEND_BODY
DONE, MUST_CLOSE, CLOSED, ERROR = h11.DONE, h11.MUST_CLOSE, h11.CLOSED, h11.ERROR
MIGHT_SWITCH_PROTOCOL, SWITCHED_PROTOCOL = h11.MIGHT_SWITCH_PROTOCOL, h11.SWITCHED_PROTOCOL

GET_BYTES = b"GET / HTTP/1.1\r\nHost: example.com\r\n\r\n"


def get(**extra_headers: str) -> h11.Request:
    headers = [("Host", "example.com"), *extra_headers.items()]
    return h11.Request(method="GET", target="/", headers=headers)


def ok(*headers: tuple[str, str], status_code: int = 200) -> h11.Response:
    return h11.Response(status_code=status_code, headers=list(headers))


def finished_cycle() -> ConnectionPair:
    """A pair that completed one keep-alive request/response: both sides DONE/DONE."""
    p = ConnectionPair()
    p.send(CLIENT, [get(), h11.EndOfMessage()])
    p.send(SERVER, [ok(("Content-Length", "2")), h11.Data(data=b"hi"), h11.EndOfMessage()])
    for conn in p.conn.values():
        assert conn.states == states(DONE, DONE)
    return p


def server_with_request(data: bytes = GET_BYTES) -> h11.Connection:
    server = h11.Connection(SERVER)
    server.receive_data(data)
    return server


# ---------------------------------------------------------------------------------------------
# Constructor and attributes (§6.1, §6.2)


@pytest.mark.parametrize(("role", "other"), [(CLIENT, SERVER), (SERVER, CLIENT)])
def test_new_connection_attributes(role: Any, other: Any) -> None:
    conn = h11.Connection(role)
    assert conn.our_role is role
    assert conn.their_role is other
    assert conn.states == states(IDLE, IDLE)
    assert conn.our_state is IDLE
    assert conn.their_state is IDLE
    assert conn.their_http_version is None
    assert conn.client_is_waiting_for_100_continue is False
    assert conn.they_are_waiting_for_100_continue is False
    assert conn.trailing_data == (b"", False)
    assert conn._cstate.keep_alive is True
    assert conn._cstate.pending_switch_proposals == set()


def test_constructor_accepts_keyword_arguments() -> None:
    conn = h11.Connection(our_role=SERVER, max_incomplete_event_size=100)
    assert conn.our_role is SERVER


def test_default_max_incomplete_event_size_constant() -> None:
    from h11._connection import DEFAULT_MAX_INCOMPLETE_EVENT_SIZE

    assert DEFAULT_MAX_INCOMPLETE_EVENT_SIZE == 16384


@pytest.mark.parametrize(
    ("role", "message"),
    [
        ("CLIENT", "expected CLIENT or SERVER, not 'CLIENT'"),
        (None, "expected CLIENT or SERVER, not None"),
        (h11.IDLE, "expected CLIENT or SERVER, not IDLE"),
    ],
)
def test_constructor_rejects_anything_but_a_role(role: Any, message: str) -> None:
    with pytest.raises(ValueError) as excinfo:  # noqa: PT011 - message checked below
        h11.Connection(role)
    assert str(excinfo.value) == message


def test_states_returns_a_new_dict_each_call() -> None:
    conn = h11.Connection(CLIENT)
    first = conn.states
    assert type(first) is dict
    assert first is not conn.states
    first[CLIENT] = ERROR
    assert conn.states == states(IDLE, IDLE)
    assert repr(conn.states) == "{CLIENT: IDLE, SERVER: IDLE}"


def test_our_state_and_their_state_follow_roles() -> None:
    client = h11.Connection(CLIENT)
    client.send(get())
    assert client.our_state is SEND_BODY
    assert client.their_state is SEND_RESPONSE
    server = server_with_request()
    server.next_event()
    assert server.our_state is SEND_RESPONSE
    assert server.their_state is SEND_BODY


# ---------------------------------------------------------------------------------------------
# receive_data (§6.3) and trailing_data (§6.2)


@pytest.mark.parametrize("eof", [b"", bytearray(), memoryview(b""), None])
def test_receive_data_falsy_value_means_eof(eof: Any) -> None:
    server = h11.Connection(SERVER)
    server.receive_data(eof)
    assert server.trailing_data == (b"", True)
    assert type(server.next_event()) is h11.ConnectionClosed
    assert server.states == states(CLOSED, MUST_CLOSE)


def test_receive_data_eof_is_idempotent() -> None:
    server = h11.Connection(SERVER)
    server.receive_data(b"")
    server.receive_data(b"")
    server.receive_data(None)
    assert server.trailing_data == (b"", True)


def test_receive_data_after_eof_raises_runtime_error() -> None:
    server = h11.Connection(SERVER)
    server.receive_data(b"")
    with pytest.raises(RuntimeError) as excinfo:
        server.receive_data(b"GET")
    assert str(excinfo.value) == "received close, then received more data?"
    assert server.trailing_data == (b"", True)


def test_receive_data_rejects_str() -> None:
    server = h11.Connection(SERVER)
    with pytest.raises(TypeError):
        server.receive_data("GET / HTTP/1.1\r\n")  # type: ignore[arg-type]


def test_receive_data_accepts_bytes_like_objects() -> None:
    server = h11.Connection(SERVER)
    server.receive_data(bytearray(b"GET / HTTP/1.1\r\n"))
    server.receive_data(memoryview(b"Host: example.com\r\n\r\n"))
    assert receive_and_drain(server, b"")[:2] == [get(), h11.EndOfMessage()]


def test_receive_data_never_raises_protocol_errors() -> None:
    server = h11.Connection(SERVER)
    server.receive_data(b"\x16\x03\x01 definitely not http\r\n\r\n")
    with pytest.raises(h11.RemoteProtocolError):
        server.next_event()
    assert server.their_state is ERROR
    server.receive_data(b"more garbage")
    server.receive_data(b"")
    assert server.trailing_data[1] is True


def test_trailing_data_returns_fresh_bytes_of_unparsed_input() -> None:
    server = server_with_request(GET_BYTES + b"GET /next")
    assert server.trailing_data == (GET_BYTES + b"GET /next", False)
    server.next_event()
    server.next_event()
    data, eof = server.trailing_data
    assert type(data) is bytes
    assert (data, eof) == (b"GET /next", False)
    assert server.next_event() is h11.PAUSED
    server.receive_data(b"")
    assert server.trailing_data == (b"GET /next", True)


def test_their_http_version_tracks_received_heads_only() -> None:
    client = h11.Connection(CLIENT)
    client.send(get())
    client.send(h11.EndOfMessage())
    assert client.their_http_version is None
    client.receive_data(b"HTTP/1.1 100 Continue\r\n\r\n")
    assert type(client.next_event()) is h11.InformationalResponse
    assert client.their_http_version == b"1.1"
    client.receive_data(b"HTTP/1.0 200 OK\r\n\r\n")
    assert type(client.next_event()) is h11.Response
    assert client.their_http_version == b"1.0"


# ---------------------------------------------------------------------------------------------
# Keep-alive (§7.5) and start_next_cycle (§6.7)


def test_keep_alive_connection_serves_several_cycles() -> None:
    p = ConnectionPair()
    for target in ("/one", "/two", "/three"):
        p.send(
            CLIENT,
            [
                h11.Request(method="GET", target=target, headers=[("Host", "example.com")]),
                h11.EndOfMessage(),
            ],
        )
        assert_both(p, states(DONE, SEND_RESPONSE))
        p.send(SERVER, [ok(("Content-Length", "0")), h11.EndOfMessage()])
        assert_both(p, states(DONE, DONE))
        for conn in p.conn.values():
            conn.start_next_cycle()
        assert_both(p, states(IDLE, IDLE))
    assert p.client._cstate.keep_alive is True
    assert p.server._cstate.keep_alive is True


@pytest.mark.parametrize("value", ["close", "Close", "CLOSE", "keep-alive, close", "foo ,  cLoSe"])
def test_client_connection_close_ends_in_must_close_on_both_sides(value: str) -> None:
    p = ConnectionPair()
    p.send(CLIENT, [get(Connection=value), h11.EndOfMessage()])
    assert_both(p, states(MUST_CLOSE, SEND_RESPONSE))
    data = p.send(
        SERVER,
        [ok(("Content-Length", "0")), h11.EndOfMessage()],
        expect=[ok(("Content-Length", "0"), ("Connection", "close")), h11.EndOfMessage()],
    )
    assert data.startswith(b"HTTP/1.1 200 \r\nContent-Length: 0\r\n")
    assert data.endswith(b"\r\n\r\n")
    assert b"Connection: close\r\n" in data
    assert_both(p, states(MUST_CLOSE, MUST_CLOSE))
    for conn in p.conn.values():
        with pytest.raises(h11.LocalProtocolError) as excinfo:
            conn.start_next_cycle()
        assert str(excinfo.value) == (
            "not in a reusable state. self.states={CLIENT: MUST_CLOSE, SERVER: MUST_CLOSE}"
        )


def test_response_to_connection_close_request_gets_exact_connection_header() -> None:
    server = server_with_request(
        b"GET / HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n"
    )
    drain(server)
    data = server.send(ok(("Content-Length", "0")))
    assert data == b"HTTP/1.1 200 \r\nContent-Length: 0\r\nConnection: close\r\n\r\n"


def test_server_connection_close_ends_in_must_close_on_both_sides() -> None:
    p = ConnectionPair()
    p.send(CLIENT, [get(), h11.EndOfMessage()])
    p.send(SERVER, [ok(("Content-Length", "0"), ("Connection", "close")), h11.EndOfMessage()])
    assert_both(p, states(MUST_CLOSE, MUST_CLOSE))


def test_server_connection_close_before_client_finishes() -> None:
    p = ConnectionPair()
    p.send(
        CLIENT,
        h11.Request(
            method="POST", target="/", headers=[("Host", "example.com"), ("Content-Length", "3")]
        ),
    )
    p.send(SERVER, [ok(("Content-Length", "0"), ("Connection", "close")), h11.EndOfMessage()])
    assert_both(p, states(SEND_BODY, MUST_CLOSE))
    p.send(CLIENT, [h11.Data(data=b"abc"), h11.EndOfMessage()])
    assert_both(p, states(MUST_CLOSE, MUST_CLOSE))


def test_bytes_after_connection_close_request_are_rejected() -> None:
    # Q12 (kept): a pipelined request after `Connection: close` is not PAUSED but an error.
    server = server_with_request(
        b"GET / HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n" + GET_BYTES
    )
    assert [type(e) for e in (server.next_event(), server.next_event())] == [
        h11.Request,
        h11.EndOfMessage,
    ]
    assert server.states == states(MUST_CLOSE, SEND_RESPONSE)
    with pytest.raises(h11.RemoteProtocolError) as excinfo:
        server.next_event()
    assert str(excinfo.value) == "Got data when expecting EOF"
    assert excinfo.value.error_status_hint == 400
    assert server.states == states(ERROR, SEND_RESPONSE)


def test_bytes_after_connection_close_response_are_rejected() -> None:
    client = h11.Connection(CLIENT)
    client.send(get())
    client.send(h11.EndOfMessage())
    client.receive_data(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\nextra")
    assert type(client.next_event()) is h11.Response
    assert type(client.next_event()) is h11.EndOfMessage
    assert client.states == states(MUST_CLOSE, MUST_CLOSE)
    with pytest.raises(h11.RemoteProtocolError) as excinfo:
        client.next_event()
    assert str(excinfo.value) == "Got data when expecting EOF"
    assert client.states == states(MUST_CLOSE, ERROR)


def test_must_close_peer_closing_is_delivered() -> None:
    server = server_with_request(
        b"GET / HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n"
    )
    drain(server)
    server.send(ok(("Content-Length", "0")))
    server.send(h11.EndOfMessage())
    assert server.next_event() is h11.NEED_DATA
    server.receive_data(b"")
    assert type(server.next_event()) is h11.ConnectionClosed
    assert server.states == states(CLOSED, MUST_CLOSE)
    assert server.send(h11.ConnectionClosed()) is None
    assert server.states == states(CLOSED, CLOSED)


def test_http10_request_disables_keep_alive_even_with_keep_alive_header() -> None:
    server = server_with_request(b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
    request = server.next_event()
    assert request == h11.Request(
        method="GET", target="/", headers=[("Connection", "keep-alive")], http_version="1.0"
    )
    assert server.their_http_version == b"1.0"
    assert server.states == states(SEND_BODY, SEND_RESPONSE)
    assert type(server.next_event()) is h11.EndOfMessage
    assert server.states == states(MUST_CLOSE, SEND_RESPONSE)
    assert server._cstate.keep_alive is False
    data = server.send(ok(("Content-Length", "5")))
    assert data == b"HTTP/1.1 200 \r\nContent-Length: 5\r\nConnection: close\r\n\r\n"
    server.send(h11.Data(data=b"hello"))
    server.send(h11.EndOfMessage())
    assert server.states == states(MUST_CLOSE, MUST_CLOSE)


def test_http10_request_response_without_length_is_close_delimited() -> None:
    server = server_with_request(b"GET / HTTP/1.0\r\n\r\n")
    drain(server)
    data = server.send(ok())
    assert data == b"HTTP/1.1 200 \r\nConnection: close\r\n\r\n"
    assert server.send(h11.Data(data=b"hello")) == b"hello"
    assert server.send(h11.EndOfMessage()) == b""
    assert server.states == states(MUST_CLOSE, MUST_CLOSE)


def test_http10_response_moves_done_client_to_must_close_immediately() -> None:
    client = h11.Connection(CLIENT)
    client.send(get())
    client.send(h11.EndOfMessage())
    client.receive_data(b"HTTP/1.0 200 OK\r\n\r\n")
    assert type(client.next_event()) is h11.Response
    assert client.states == states(MUST_CLOSE, SEND_BODY)
    assert receive_and_drain(client, b"hello") == [h11.Data(data=b"hello"), h11.NEED_DATA]
    assert receive_and_drain(client, b"") == [h11.EndOfMessage(), h11.ConnectionClosed()]
    assert client.states == states(MUST_CLOSE, CLOSED)


def test_http10_response_with_connection_keep_alive_still_closes() -> None:
    client = h11.Connection(CLIENT)
    client.send(get())
    client.send(h11.EndOfMessage())
    client.receive_data(b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n")
    events = drain(client)
    assert [type(e) for e in events] == [h11.Response, h11.EndOfMessage, type(h11.NEED_DATA)]
    assert client.states == states(MUST_CLOSE, MUST_CLOSE)


def test_informational_response_does_not_affect_keep_alive() -> None:
    p = ConnectionPair()
    p.send(CLIENT, [get(), h11.EndOfMessage()])
    p.send(SERVER, h11.InformationalResponse(status_code=103, headers=[("Connection", "close")]))
    assert p.client._cstate.keep_alive is True
    assert p.server._cstate.keep_alive is True
    p.send(SERVER, [ok(("Content-Length", "0")), h11.EndOfMessage()])
    assert_both(p, states(DONE, DONE))


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        ("idle", "{CLIENT: IDLE, SERVER: IDLE}"),
        ("request_sent", "{CLIENT: SEND_BODY, SERVER: SEND_RESPONSE}"),
        ("request_done", "{CLIENT: DONE, SERVER: SEND_RESPONSE}"),
        ("response_started", "{CLIENT: DONE, SERVER: SEND_BODY}"),
    ],
)
def test_start_next_cycle_requires_done_done(setup: str, expected: str) -> None:
    p = ConnectionPair()
    if setup != "idle":
        p.send(
            CLIENT,
            h11.Request(
                method="POST",
                target="/",
                headers=[("Host", "example.com"), ("Content-Length", "1")],
            ),
        )
    if setup in ("request_done", "response_started"):
        p.send(CLIENT, [h11.Data(data=b"x"), h11.EndOfMessage()])
    if setup == "response_started":
        p.send(SERVER, ok(("Content-Length", "1")))
    for conn in p.conn.values():
        before = conn.states
        with pytest.raises(h11.LocalProtocolError) as excinfo:
            conn.start_next_cycle()
        assert str(excinfo.value) == f"not in a reusable state. self.states={expected}"
        assert excinfo.value.error_status_hint == 400
        assert conn.states == before


def test_failed_start_next_cycle_leaves_connection_usable() -> None:
    p = ConnectionPair()
    p.send(CLIENT, [get(), h11.EndOfMessage()])
    with pytest.raises(h11.LocalProtocolError):
        p.server.start_next_cycle()
    p.send(SERVER, [ok(("Content-Length", "0")), h11.EndOfMessage()])
    for conn in p.conn.values():
        conn.start_next_cycle()
    assert_both(p, states(IDLE, IDLE))


def test_start_next_cycle_keeps_their_http_version() -> None:
    p = finished_cycle()
    assert p.server.their_http_version == b"1.1"
    assert p.client.their_http_version == b"1.1"
    for conn in p.conn.values():
        conn.start_next_cycle()
    assert p.server.their_http_version == b"1.1"
    assert p.client.their_http_version == b"1.1"


def test_start_next_cycle_forgets_the_request_method() -> None:
    client = h11.Connection(CLIENT)
    client.send(h11.Request(method="HEAD", target="/", headers=[("Host", "example.com")]))
    client.send(h11.EndOfMessage())
    head = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"
    events = receive_and_drain(client, head)
    assert [type(e) for e in events] == [h11.Response, h11.EndOfMessage, type(h11.NEED_DATA)]
    client.start_next_cycle()
    client.send(get())
    client.send(h11.EndOfMessage())
    events = receive_and_drain(client, head + b"hello")
    assert events[1:] == [h11.Data(data=b"hello"), h11.EndOfMessage(), h11.NEED_DATA]
    assert client.states == states(DONE, DONE)


# ---------------------------------------------------------------------------------------------
# H2: a received message framed by both Content-Length and Transfer-Encoding ends the connection.


def test_server_receiving_content_length_and_chunked_closes_after_response() -> None:
    server = server_with_request(
        b"POST / HTTP/1.1\r\nHost: example.com\r\nContent-Length: 5\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
    )
    request = server.next_event()
    assert type(request) is h11.Request
    assert list(request.headers) == [
        (b"host", b"example.com"),
        (b"content-length", b"5"),
        (b"transfer-encoding", b"chunked"),
    ]
    assert server.states == states(SEND_BODY, SEND_RESPONSE)
    assert merge_body(server) == [h11.Data(data=b"hello"), h11.EndOfMessage()]
    assert server.states == states(MUST_CLOSE, SEND_RESPONSE)
    data = server.send(ok(("Content-Length", "0")))
    assert data == b"HTTP/1.1 200 \r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    server.send(h11.EndOfMessage())
    assert server.states == states(MUST_CLOSE, MUST_CLOSE)


def test_request_smuggled_behind_content_length_and_chunked_is_not_parsed() -> None:
    server = server_with_request(
        b"POST / HTTP/1.1\r\nHost: example.com\r\nContent-Length: 3\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + GET_BYTES
    )
    assert [type(e) for e in (server.next_event(), server.next_event())] == [
        h11.Request,
        h11.EndOfMessage,
    ]
    assert server.states == states(MUST_CLOSE, SEND_RESPONSE)
    with pytest.raises(h11.RemoteProtocolError) as excinfo:
        server.next_event()
    assert str(excinfo.value) == "Got data when expecting EOF"


def test_client_receiving_content_length_and_chunked_ends_in_must_close() -> None:
    client = h11.Connection(CLIENT)
    client.send(get())
    client.send(h11.EndOfMessage())
    client.receive_data(
        b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"3\r\nabc\r\n0\r\n\r\n"
    )
    response = client.next_event()
    assert type(response) is h11.Response
    assert (b"content-length", b"3") in list(response.headers)
    assert merge_body(client) == [h11.Data(data=b"abc"), h11.EndOfMessage()]
    assert client.states == states(MUST_CLOSE, MUST_CLOSE)
    with pytest.raises(h11.LocalProtocolError):
        client.start_next_cycle()


def merge_body(conn: h11.Connection) -> list[Any]:
    """Body events up to EndOfMessage, with Data merged."""
    events: list[Any] = []
    while True:
        event = conn.next_event()
        assert event is not h11.NEED_DATA
        events.append(event)
        if type(event) is h11.EndOfMessage:
            return merge_data(events)


# ---------------------------------------------------------------------------------------------
# send_failed (§6.6) and ERROR (§7.7)


def test_send_failed_marks_our_side_error_and_is_idempotent() -> None:
    conn = h11.Connection(CLIENT)
    conn.send_failed()
    assert conn.states == states(ERROR, IDLE)
    conn.send_failed()
    assert conn.states == states(ERROR, IDLE)
    with pytest.raises(h11.LocalProtocolError) as excinfo:
        conn.send(get())
    assert str(excinfo.value) == "Can't send data when our state is ERROR"
    assert excinfo.value.error_status_hint == 400
    assert conn.states == states(ERROR, IDLE)


def test_send_failed_does_not_stop_receiving() -> None:
    client = h11.Connection(CLIENT)
    client.send(get())
    client.send_failed()
    assert client.states == states(ERROR, SEND_RESPONSE)
    events = receive_and_drain(client, b"HTTP/1.1 500 Oops\r\nContent-Length: 2\r\n\r\nno")
    assert events[1:] == [h11.Data(data=b"no"), h11.EndOfMessage(), h11.NEED_DATA]
    assert client.states == states(ERROR, MUST_CLOSE)


@pytest.mark.parametrize(
    ("role", "expected"),
    [(CLIENT, states(ERROR, MUST_CLOSE)), (SERVER, states(MUST_CLOSE, ERROR))],
)
def test_send_failed_with_peer_done_sends_peer_to_must_close(role: Any, expected: Any) -> None:
    p = finished_cycle()
    p.conn[role].send_failed()
    assert p.conn[role].states == expected
    with pytest.raises(h11.LocalProtocolError):
        p.conn[role].start_next_cycle()


def test_illegal_send_raises_and_sets_our_state_error() -> None:
    conn = h11.Connection(CLIENT)
    with pytest.raises(h11.LocalProtocolError) as excinfo:
        conn.send(h11.Data(data=b"x"))
    assert str(excinfo.value) == cant_handle("Data", CLIENT, IDLE)
    assert excinfo.value.error_status_hint == 400
    assert conn.states == states(ERROR, IDLE)
    with pytest.raises(h11.LocalProtocolError) as excinfo:
        conn.send(get())
    assert str(excinfo.value) == "Can't send data when our state is ERROR"


def test_sending_a_non_event_names_its_type() -> None:
    conn = h11.Connection(CLIENT)
    with pytest.raises(h11.LocalProtocolError) as excinfo:
        conn.send("GET / HTTP/1.1")  # type: ignore[arg-type]
    assert str(excinfo.value) == cant_handle("str", CLIENT, IDLE)
    assert conn.our_state is ERROR


def test_sending_an_event_subclass_is_rejected() -> None:
    class MyData(h11.Data):
        pass

    conn = h11.Connection(CLIENT)
    conn.send(
        h11.Request(
            method="POST", target="/", headers=[("Host", "example.com"), ("Content-Length", "1")]
        )
    )
    with pytest.raises(h11.LocalProtocolError) as excinfo:
        conn.send(MyData(data=b"x"))
    assert str(excinfo.value) == cant_handle("MyData", CLIENT, SEND_BODY)
    assert conn.states == states(ERROR, SEND_RESPONSE)


def test_http10_request_fails_in_writer_after_the_state_transition() -> None:
    conn = h11.Connection(CLIENT)
    with pytest.raises(h11.LocalProtocolError) as excinfo:
        conn.send(h11.Request(method="GET", target="/", headers=[], http_version="1.0"))
    assert str(excinfo.value) == "I only send HTTP/1.1"
    assert conn.states == states(ERROR, SEND_RESPONSE)
    with pytest.raises(h11.LocalProtocolError) as excinfo:
        conn.send(h11.EndOfMessage())
    assert str(excinfo.value) == "Can't send data when our state is ERROR"


def test_non_protocol_exception_in_send_propagates_and_sets_error() -> None:
    conn = h11.Connection(CLIENT)
    conn.send(
        h11.Request(
            method="POST", target="/", headers=[("Host", "example.com"), ("Content-Length", "10")]
        )
    )
    with pytest.raises(TypeError):
        conn.send(h11.Data(data=object()))
    assert conn.states == states(ERROR, SEND_RESPONSE)


def test_writer_error_sets_our_state_error() -> None:
    conn = h11.Connection(CLIENT)
    conn.send(
        h11.Request(
            method="POST", target="/", headers=[("Host", "example.com"), ("Content-Length", "1")]
        )
    )
    with pytest.raises(h11.LocalProtocolError) as excinfo:
        conn.send(h11.Data(data=b"too much"))
    assert str(excinfo.value) == "Too much data for declared Content-Length"
    assert conn.states == states(ERROR, SEND_RESPONSE)


def test_receive_error_sets_their_state_error_permanently() -> None:
    server = server_with_request(b"\x16\x03\x01\x00")
    with pytest.raises(h11.RemoteProtocolError) as excinfo:
        server.next_event()
    assert type(excinfo.value) is h11.RemoteProtocolError
    assert str(excinfo.value) == "illegal request line"
    assert excinfo.value.error_status_hint == 400
    assert server.states == states(ERROR, IDLE)
    for _ in range(2):
        with pytest.raises(h11.RemoteProtocolError) as excinfo:
            server.next_event()
        assert str(excinfo.value) == "Can't receive data when peer state is ERROR"
        assert excinfo.value.error_status_hint == 400
    assert server.states == states(ERROR, IDLE)


def test_server_can_answer_400_after_unparseable_request() -> None:
    server = server_with_request(b"\x16\x03\x01\x00")
    with pytest.raises(h11.RemoteProtocolError):
        server.next_event()
    data = server.send(ok(status_code=400))
    assert data == b"HTTP/1.1 400 \r\nConnection: close\r\n\r\n"
    assert server.states == states(ERROR, SEND_BODY)
    assert server.send(h11.EndOfMessage()) == b""
    assert server.states == states(ERROR, MUST_CLOSE)
    assert server.send(h11.ConnectionClosed()) is None
    assert server.states == states(ERROR, CLOSED)


def test_receive_error_mid_body_after_server_finished_sends_server_to_must_close() -> None:
    server = server_with_request(
        b"POST / HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    assert type(server.next_event()) is h11.Request
    server.send(ok(("Content-Length", "0")))
    server.send(h11.EndOfMessage())
    assert server.states == states(SEND_BODY, DONE)
    server.receive_data(b"zz\r\n")
    with pytest.raises(h11.RemoteProtocolError):
        server.next_event()
    assert server.states == states(ERROR, MUST_CLOSE)


def test_receive_error_from_server_sends_done_client_to_must_close() -> None:
    client = h11.Connection(CLIENT)
    client.send(get())
    client.send(h11.EndOfMessage())
    client.receive_data(b"HTTP/1.1 2000 OK\r\n\r\n")
    with pytest.raises(h11.RemoteProtocolError) as excinfo:
        client.next_event()
    assert str(excinfo.value).startswith("illegal status line: ")
    assert client.states == states(MUST_CLOSE, ERROR)


# ---------------------------------------------------------------------------------------------
# Responses from IDLE and Q1 (client Request while the server machine is not IDLE)


def test_408_from_idle_leaves_client_idle_until_server_closes() -> None:
    p = ConnectionPair()
    data = p.send(
        SERVER,
        [ok(status_code=408), h11.EndOfMessage()],
        expect=[ok(("Connection", "close"), status_code=408)],
    )
    assert data == b"HTTP/1.1 408 \r\nConnection: close\r\n\r\n"
    assert p.server.states == states(IDLE, MUST_CLOSE)
    assert p.client.states == states(IDLE, SEND_BODY)
    p.send(SERVER, h11.ConnectionClosed(), expect=[h11.EndOfMessage(), h11.ConnectionClosed()])
    assert p.client.states == states(MUST_CLOSE, CLOSED)
    p.server.receive_data(b"")
    assert type(p.server.next_event()) is h11.ConnectionClosed
    assert p.server.states == states(CLOSED, CLOSED)


def test_client_request_after_response_from_idle_is_local_protocol_error() -> None:
    # Q1 (sending side): 0.16 raised AttributeError here.
    client = h11.Connection(CLIENT)
    events = receive_and_drain(
        client, b"HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\n\r\n"
    )
    assert [type(e) for e in events] == [h11.Response, h11.EndOfMessage, type(h11.NEED_DATA)]
    assert client.states == states(IDLE, DONE)
    with pytest.raises(h11.LocalProtocolError) as excinfo:
        client.send(get())
    assert type(excinfo.value) is h11.LocalProtocolError
    assert str(excinfo.value) == cant_handle("Request", SERVER, DONE)
    assert excinfo.value.error_status_hint == 400
    assert client.states == states(ERROR, MUST_CLOSE)


def test_server_receiving_request_after_answering_from_idle_raises_rpe() -> None:
    # Q1 (receiving side).
    server = h11.Connection(SERVER)
    server.send(ok(("Content-Length", "0"), status_code=408))
    server.send(h11.EndOfMessage())
    assert server.states == states(IDLE, DONE)
    server.receive_data(GET_BYTES)
    with pytest.raises(h11.RemoteProtocolError) as excinfo:
        server.next_event()
    assert type(excinfo.value) is h11.RemoteProtocolError
    assert str(excinfo.value) == cant_handle("Request", SERVER, DONE)
    assert excinfo.value.error_status_hint == 400
    assert server.states == states(ERROR, MUST_CLOSE)


def test_server_receiving_request_while_sending_unsolicited_response_raises_rpe() -> None:
    server = h11.Connection(SERVER)
    server.send(ok(("Content-Length", "3"), status_code=408))
    server.receive_data(GET_BYTES)
    with pytest.raises(h11.RemoteProtocolError) as excinfo:
        server.next_event()
    assert str(excinfo.value) == cant_handle("Request", SERVER, SEND_BODY)
    assert server.states == states(ERROR, SEND_BODY)
    server.send(h11.Data(data=b"bye"))
    server.send(h11.EndOfMessage())
    assert server.states == states(ERROR, MUST_CLOSE)


def test_client_receiving_unsolicited_response_then_sending_request() -> None:
    client = h11.Connection(CLIENT)
    client.receive_data(b"HTTP/1.1 503 Busy\r\nContent-Length: 4\r\n\r\n")
    assert type(client.next_event()) is h11.Response
    assert client.states == states(IDLE, SEND_BODY)
    with pytest.raises(h11.LocalProtocolError) as excinfo:
        client.send(get())
    assert str(excinfo.value) == cant_handle("Request", SERVER, SEND_BODY)
    assert client.states == states(ERROR, SEND_BODY)


# ---------------------------------------------------------------------------------------------
# ConnectionClosed by state (§7.8), sent and received


@pytest.mark.parametrize(
    ("role", "expected"),
    [(CLIENT, states(CLOSED, MUST_CLOSE)), (SERVER, states(MUST_CLOSE, CLOSED))],
)
def test_close_from_idle(role: Any, expected: Any) -> None:
    p = ConnectionPair()
    data = p.send(role, h11.ConnectionClosed())
    assert data == b""
    assert_both(p, expected)


@pytest.mark.parametrize(
    ("role", "expected"),
    [(CLIENT, states(CLOSED, MUST_CLOSE)), (SERVER, states(MUST_CLOSE, CLOSED))],
)
def test_close_from_done(role: Any, expected: Any) -> None:
    p = finished_cycle()
    assert p.conn[role].send(h11.ConnectionClosed()) is None
    assert p.conn[role].states == expected
    p.conn[p.other[role]].receive_data(b"")
    assert type(p.conn[p.other[role]].next_event()) is h11.ConnectionClosed
    assert p.conn[p.other[role]].states == expected


def test_close_from_must_close_by_both_sides() -> None:
    p = ConnectionPair()
    p.send(CLIENT, [get(Connection="close"), h11.EndOfMessage()])
    p.send(
        SERVER,
        [ok(("Content-Length", "0")), h11.EndOfMessage()],
        expect=[ok(("Content-Length", "0"), ("Connection", "close")), h11.EndOfMessage()],
    )
    assert_both(p, states(MUST_CLOSE, MUST_CLOSE))
    p.send(SERVER, h11.ConnectionClosed())
    assert_both(p, states(MUST_CLOSE, CLOSED))
    p.send(CLIENT, h11.ConnectionClosed())
    assert_both(p, states(CLOSED, CLOSED))


def test_close_is_idempotent_and_eof_is_reported_every_call() -> None:
    p = ConnectionPair()
    p.send(CLIENT, h11.ConnectionClosed())
    assert p.client.send(h11.ConnectionClosed()) is None
    assert p.client.send_with_data_passthrough(h11.ConnectionClosed()) is None
    assert p.client.states == states(CLOSED, MUST_CLOSE)
    for _ in range(3):
        assert type(p.server.next_event()) is h11.ConnectionClosed
    assert p.server.states == states(CLOSED, MUST_CLOSE)


@pytest.mark.parametrize(
    ("role", "setup", "state"),
    [
        (CLIENT, "request_sent", SEND_BODY),
        (SERVER, "request_done", SEND_RESPONSE),
        (SERVER, "response_sent", SEND_BODY),
    ],
)
def test_close_mid_message_is_local_protocol_error(role: Any, setup: str, state: Any) -> None:
    conn = h11.Connection(role)
    if role is CLIENT:
        conn.send(get())
    else:
        conn.receive_data(GET_BYTES)
        drain(conn)
        if setup == "response_sent":
            conn.send(ok(("Content-Length", "4")))
    assert conn.our_state is state
    with pytest.raises(h11.LocalProtocolError) as excinfo:
        conn.send(h11.ConnectionClosed())
    assert str(excinfo.value) == cant_handle("ConnectionClosed", role, state)
    assert conn.our_state is ERROR


def test_close_while_might_switch_protocol_is_local_protocol_error() -> None:
    conn = h11.Connection(CLIENT)
    conn.send(get(Upgrade="websocket"))
    conn.send(h11.EndOfMessage())
    assert conn.states == states(MIGHT_SWITCH_PROTOCOL, SEND_RESPONSE)
    with pytest.raises(h11.LocalProtocolError) as excinfo:
        conn.send(h11.ConnectionClosed())
    assert str(excinfo.value) == cant_handle("ConnectionClosed", CLIENT, MIGHT_SWITCH_PROTOCOL)
    assert conn.states == states(ERROR, SEND_RESPONSE)


@pytest.mark.parametrize("role", [CLIENT, SERVER])
def test_close_after_switching_protocol_is_local_protocol_error(role: Any) -> None:
    p = ConnectionPair()
    p.send(CLIENT, [get(Upgrade="websocket"), h11.EndOfMessage()])
    p.send(SERVER, h11.InformationalResponse(status_code=101, headers=[("Upgrade", "websocket")]))
    assert_both(p, states(SWITCHED_PROTOCOL, SWITCHED_PROTOCOL))
    with pytest.raises(h11.LocalProtocolError) as excinfo:
        p.conn[role].send(h11.ConnectionClosed())
    assert str(excinfo.value) == cant_handle("ConnectionClosed", role, SWITCHED_PROTOCOL)
    assert p.conn[role].our_state is ERROR


def test_close_in_error_state_is_refused() -> None:
    conn = h11.Connection(SERVER)
    conn.send_failed()
    with pytest.raises(h11.LocalProtocolError) as excinfo:
        conn.send(h11.ConnectionClosed())
    assert str(excinfo.value) == "Can't send data when our state is ERROR"


def test_half_closed_client_still_receives_its_response() -> None:
    p = ConnectionPair()
    p.send(CLIENT, [get(), h11.EndOfMessage(), h11.ConnectionClosed()])
    assert_both(p, states(CLOSED, SEND_RESPONSE))
    p.send(SERVER, [ok(("Content-Length", "4")), h11.Data(data=b"ok")])
    assert_both(p, states(CLOSED, SEND_BODY))
    p.send(SERVER, [h11.Data(data=b"ok"), h11.EndOfMessage()])
    assert_both(p, states(CLOSED, MUST_CLOSE))


def test_eof_mid_content_length_body_is_remote_protocol_error() -> None:
    server = server_with_request(
        b"POST / HTTP/1.1\r\nHost: example.com\r\nContent-Length: 100\r\n\r\nhello"
    )
    assert type(server.next_event()) is h11.Request
    assert server.next_event() == h11.Data(data=b"hello")
    server.receive_data(b"")
    with pytest.raises(h11.RemoteProtocolError) as excinfo:
        server.next_event()
    assert str(excinfo.value) == (
        "peer closed connection without sending complete message body "
        "(received 5 bytes, expected 100)"
    )
    assert server.states == states(ERROR, SEND_RESPONSE)


def test_eof_mid_chunked_body_is_remote_protocol_error() -> None:
    server = server_with_request(
        b"POST / HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"
    )
    drain(server)
    server.receive_data(b"")
    with pytest.raises(h11.RemoteProtocolError) as excinfo:
        server.next_event()
    assert str(excinfo.value) == (
        "peer closed connection without sending complete message body (incomplete chunked read)"
    )
    assert server.states == states(ERROR, SEND_RESPONSE)


def test_eof_ends_close_delimited_response_body() -> None:
    client = h11.Connection(CLIENT)
    client.send(get())
    client.send(h11.EndOfMessage())
    client.receive_data(b"HTTP/1.1 200 OK\r\n\r\nbody")
    assert [type(e) for e in drain(client)] == [h11.Response, h11.Data, type(h11.NEED_DATA)]
    assert client.states == states(DONE, SEND_BODY)
    assert receive_and_drain(client, b"") == [h11.EndOfMessage(), h11.ConnectionClosed()]
    assert client.states == states(MUST_CLOSE, CLOSED)


def test_eof_before_response_is_remote_protocol_error() -> None:
    client = h11.Connection(CLIENT)
    client.send(get())
    client.send(h11.EndOfMessage())
    client.receive_data(b"")
    with pytest.raises(h11.RemoteProtocolError) as excinfo:
        client.next_event()
    assert str(excinfo.value) == cant_handle("ConnectionClosed", SERVER, SEND_RESPONSE)
    assert excinfo.value.error_status_hint == 400
    assert client.states == states(MUST_CLOSE, ERROR)


def test_eof_from_idle_client_is_connection_closed() -> None:
    server = h11.Connection(SERVER)
    server.receive_data(b"")
    assert type(server.next_event()) is h11.ConnectionClosed
    assert server.states == states(CLOSED, MUST_CLOSE)
    assert server.send(h11.ConnectionClosed()) is None
    assert server.states == states(CLOSED, CLOSED)


def test_eof_from_done_client_after_response() -> None:
    p = finished_cycle()
    p.server.receive_data(b"")
    assert type(p.server.next_event()) is h11.ConnectionClosed
    assert p.server.states == states(CLOSED, MUST_CLOSE)
