"""Protocol switching (Upgrade, CONNECT, 101) and 100-continue, through Connection
(RFC 9110 §7.8, §9.3.6, §10.1.1; docs/design.rst, design-states and design-settle;
docs/state-machine.rst, switching-protocols; docs/differences.rst, H4).
"""

from __future__ import annotations

from typing import Any

import pytest

import h11
from helpers import ConnectionPair, assert_both, cant_handle, drain, receive_and_drain, states

CLIENT, SERVER = h11.CLIENT, h11.SERVER
IDLE, SEND_RESPONSE, SEND_BODY = h11.IDLE, h11.SEND_RESPONSE, h11.SEND_BODY
DONE, MUST_CLOSE, CLOSED, ERROR = h11.DONE, h11.MUST_CLOSE, h11.CLOSED, h11.ERROR
MIGHT_SWITCH_PROTOCOL, SWITCHED_PROTOCOL = h11.MIGHT_SWITCH_PROTOCOL, h11.SWITCHED_PROTOCOL

UPGRADE_REQUEST = (
    b"GET /chat HTTP/1.1\r\nHost: example.com\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n"
)
CONNECT_REQUEST = b"CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n"


def upgrade_request(**extra: str) -> h11.Request:
    headers = [("Host", "example.com"), ("Upgrade", "websocket"), *extra.items()]
    return h11.Request(method="GET", target="/chat", headers=headers)


def connect_request() -> h11.Request:
    return h11.Request(
        method="CONNECT", target="example.com:443", headers=[("Host", "example.com:443")]
    )


def switching(**extra: str) -> h11.InformationalResponse:
    return h11.InformationalResponse(
        status_code=101, headers=[("Upgrade", "websocket"), *extra.items()]
    )


def server_after(data: bytes) -> tuple[h11.Connection, list[Any]]:
    server = h11.Connection(SERVER)
    return server, receive_and_drain(server, data)


def client_after(request: h11.Request, body: bytes | None = None) -> h11.Connection:
    client = h11.Connection(CLIENT)
    client.send(request)
    if body:
        client.send(h11.Data(data=body))
    client.send(h11.EndOfMessage())
    return client


def upgraded_pair() -> ConnectionPair:
    p = ConnectionPair()
    p.send(CLIENT, [upgrade_request(), h11.EndOfMessage()])
    p.send(SERVER, switching())
    assert_both(p, states(SWITCHED_PROTOCOL, SWITCHED_PROTOCOL))
    return p


# ---------------------------------------------------------------------------------------------
# Upgrade


def test_upgrade_request_moves_client_to_might_switch_after_end_of_message() -> None:
    p = ConnectionPair()
    p.send(CLIENT, upgrade_request(**{"Content-Length": "3"}))
    assert_both(p, states(SEND_BODY, SEND_RESPONSE))
    p.send(CLIENT, [h11.Data(data=b"abc"), h11.EndOfMessage()])
    assert_both(p, states(MIGHT_SWITCH_PROTOCOL, SEND_RESPONSE))


def test_server_pauses_after_upgrade_request_even_without_more_data() -> None:
    server, events = server_after(UPGRADE_REQUEST)
    assert [type(e) for e in events] == [h11.Request, h11.EndOfMessage, type(h11.PAUSED)]
    assert server.states == states(MIGHT_SWITCH_PROTOCOL, SEND_RESPONSE)
    assert server.next_event() is h11.PAUSED
    server.receive_data(b"\x81\x05hello")
    assert server.next_event() is h11.PAUSED
    assert server.trailing_data == (b"\x81\x05hello", False)


def test_upgrade_accepted_with_101_switches_both_sides() -> None:
    server, _ = server_after(UPGRADE_REQUEST + b"\x81\x05hello")
    data = server.send(switching(Connection="Upgrade"))
    assert data == b"HTTP/1.1 101 \r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
    assert server.states == states(SWITCHED_PROTOCOL, SWITCHED_PROTOCOL)
    for _ in range(2):
        assert server.next_event() is h11.PAUSED
    assert server.trailing_data == (b"\x81\x05hello", False)


def test_client_receiving_101_gets_event_then_pauses_with_trailing_data() -> None:
    client = client_after(upgrade_request())
    assert client.states == states(MIGHT_SWITCH_PROTOCOL, SEND_RESPONSE)
    client.receive_data(
        b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\x81\x05hello"
    )
    event = client.next_event()
    assert event == h11.InformationalResponse(
        status_code=101, headers=[("Upgrade", "websocket")], reason=b"Switching Protocols"
    )
    assert client.states == states(SWITCHED_PROTOCOL, SWITCHED_PROTOCOL)
    for _ in range(2):
        assert client.next_event() is h11.PAUSED
    assert client.trailing_data == (b"\x81\x05hello", False)
    client.receive_data(b"more")
    assert client.next_event() is h11.PAUSED
    assert client.trailing_data == (b"\x81\x05hellomore", False)


@pytest.mark.parametrize("role", [CLIENT, SERVER])
@pytest.mark.parametrize(
    "event",
    [
        h11.Data(data=b"x"),
        h11.EndOfMessage(),
        h11.Request(method="GET", target="/", headers=[("Host", "a")]),
        h11.Response(status_code=200, headers=[]),
        h11.InformationalResponse(status_code=100, headers=[]),
    ],
    ids=lambda event: type(event).__name__,
)
def test_any_send_after_switch_is_rejected(role: Any, event: Any) -> None:
    p = upgraded_pair()
    with pytest.raises(h11.LocalProtocolError) as excinfo:
        p.conn[role].send(event)
    assert str(excinfo.value) == cant_handle(type(event).__name__, role, SWITCHED_PROTOCOL)
    assert p.conn[role].our_state is ERROR


def test_second_101_after_switch_is_local_protocol_error() -> None:
    # A switch-accepting event in a state without that transition is a "-" cell of §7.2:
    # an LPE (0.16 raised AttributeError here, the same defect as Q1).
    p = upgraded_pair()
    with pytest.raises(h11.LocalProtocolError) as excinfo:
        p.server.send(switching())
    assert str(excinfo.value) == cant_handle("InformationalResponse", SERVER, SWITCHED_PROTOCOL)
    assert excinfo.value.error_status_hint == 400
    assert p.server.states == states(SWITCHED_PROTOCOL, ERROR)


@pytest.mark.parametrize("first", ["101", "200"])
def test_second_2xx_after_connect_switch_is_local_protocol_error(first: str) -> None:
    request = CONNECT_REQUEST[:-2] + b"Upgrade: websocket\r\n\r\n"
    server, _ = server_after(request)
    if first == "101":
        server.send(switching())
    else:
        server.send(h11.Response(status_code=200, headers=[]))
    assert server.states == states(SWITCHED_PROTOCOL, SWITCHED_PROTOCOL)
    with pytest.raises(h11.LocalProtocolError) as excinfo:
        server.send(h11.Response(status_code=200, headers=[]))
    assert str(excinfo.value) == cant_handle("Response", SERVER, SWITCHED_PROTOCOL)
    assert server.states == states(SWITCHED_PROTOCOL, ERROR)


def test_upgrade_denied_with_200_keeps_connection_reusable() -> None:
    p = ConnectionPair()
    p.send(CLIENT, [upgrade_request(), h11.EndOfMessage()])
    p.send(SERVER, h11.Response(status_code=200, headers=[("Content-Length", "2")]))
    assert_both(p, states(DONE, SEND_BODY))
    for conn in p.conn.values():
        assert conn._cstate.pending_switch_proposals == set()
    p.send(SERVER, [h11.Data(data=b"no"), h11.EndOfMessage()])
    assert_both(p, states(DONE, DONE))
    for conn in p.conn.values():
        conn.start_next_cycle()
    p.send(CLIENT, [upgrade_request(), h11.EndOfMessage()])
    assert_both(p, states(MIGHT_SWITCH_PROTOCOL, SEND_RESPONSE))


def test_server_resumes_parsing_after_denying_an_upgrade() -> None:
    server, _ = server_after(UPGRADE_REQUEST + b"GET /next HTTP/1.1\r\nHost: example.com\r\n\r\n")
    assert server.next_event() is h11.PAUSED
    server.send(h11.Response(status_code=426, headers=[("Content-Length", "0")]))
    server.send(h11.EndOfMessage())
    assert server.states == states(DONE, DONE)
    assert server.next_event() is h11.PAUSED
    server.start_next_cycle()
    request = server.next_event()
    assert type(request) is h11.Request
    assert request.target == b"/next"


def test_100_continue_keeps_might_switch_protocol() -> None:
    p = ConnectionPair()
    p.send(CLIENT, [upgrade_request(), h11.EndOfMessage()])
    p.send(SERVER, h11.InformationalResponse(status_code=100, headers=[]))
    assert_both(p, states(MIGHT_SWITCH_PROTOCOL, SEND_RESPONSE))
    p.send(SERVER, switching())
    assert_both(p, states(SWITCHED_PROTOCOL, SWITCHED_PROTOCOL))


def test_101_without_upgrade_proposal_is_rejected_when_sent() -> None:
    server, _ = server_after(b"GET / HTTP/1.1\r\nHost: example.com\r\n\r\n")
    with pytest.raises(h11.LocalProtocolError) as excinfo:
        server.send(switching())
    assert str(excinfo.value) == "Received server _SWITCH_UPGRADE event without a pending proposal"
    assert excinfo.value.error_status_hint == 400
    assert server.states == states(MUST_CLOSE, ERROR)


def test_101_without_upgrade_proposal_is_rejected_when_received() -> None:
    client = client_after(h11.Request(method="GET", target="/", headers=[("Host", "a")]))
    client.receive_data(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n")
    with pytest.raises(h11.RemoteProtocolError) as excinfo:
        client.next_event()
    assert str(excinfo.value) == "Received server _SWITCH_UPGRADE event without a pending proposal"
    assert client.states == states(MUST_CLOSE, ERROR)


def test_101_to_connect_request_without_upgrade_is_rejected() -> None:
    server, _ = server_after(CONNECT_REQUEST)
    with pytest.raises(h11.LocalProtocolError) as excinfo:
        server.send(switching())
    assert str(excinfo.value) == "Received server _SWITCH_UPGRADE event without a pending proposal"
    assert server.our_state is ERROR


@pytest.mark.parametrize("value", ["", ",", ",,"])
def test_upgrade_header_without_tokens_is_not_a_proposal(value: str) -> None:
    server, events = server_after(
        b"GET / HTTP/1.1\r\nHost: example.com\r\nUpgrade: " + value.encode() + b"\r\n\r\n"
    )
    assert [type(e) for e in events] == [h11.Request, h11.EndOfMessage, type(h11.NEED_DATA)]
    assert server.states == states(DONE, SEND_RESPONSE)
    assert server._cstate.pending_switch_proposals == set()
    client = client_after(
        h11.Request(method="GET", target="/", headers=[("Host", "a"), ("Upgrade", value)])
    )
    assert client.states == states(DONE, SEND_RESPONSE)


def test_upgrade_accepted_before_request_body_ends() -> None:
    p = ConnectionPair()
    p.send(CLIENT, upgrade_request(**{"Content-Length": "5"}))
    p.send(SERVER, switching())
    assert_both(p, states(SEND_BODY, SWITCHED_PROTOCOL))
    assert p.client.next_event() is h11.PAUSED
    p.send(CLIENT, h11.Data(data=b"hel"))
    assert_both(p, states(SEND_BODY, SWITCHED_PROTOCOL))
    p.send(CLIENT, [h11.Data(data=b"lo"), h11.EndOfMessage()])
    assert_both(p, states(SWITCHED_PROTOCOL, SWITCHED_PROTOCOL))
    assert p.server.next_event() is h11.PAUSED


def test_connect_accepted_before_request_body_ends() -> None:
    client = h11.Connection(CLIENT)
    client.send(
        h11.Request(
            method="CONNECT",
            target="example.com:443",
            headers=[("Host", "example.com:443"), ("Transfer-Encoding", "chunked")],
        )
    )
    client.receive_data(b"HTTP/1.1 200 OK\r\n\r\ntunnel")
    assert type(client.next_event()) is h11.Response
    assert client.states == states(SEND_BODY, SWITCHED_PROTOCOL)
    assert client.send(h11.Data(data=b"abc")) == b"3\r\nabc\r\n"
    assert client.send(h11.EndOfMessage()) == b"0\r\n\r\n"
    assert client.states == states(SWITCHED_PROTOCOL, SWITCHED_PROTOCOL)
    assert client.next_event() is h11.PAUSED
    assert client.trailing_data == (b"tunnel", False)


def test_second_upgrade_request_while_done_is_rejected() -> None:
    client = client_after(h11.Request(method="GET", target="/", headers=[("Host", "a")]))
    assert client.states == states(DONE, SEND_RESPONSE)
    with pytest.raises(h11.LocalProtocolError) as excinfo:
        client.send(upgrade_request())
    assert str(excinfo.value) == cant_handle("Request", CLIENT, MIGHT_SWITCH_PROTOCOL)
    assert client.our_state is ERROR


def test_eof_while_client_might_switch_is_hidden_until_denial() -> None:
    server, _ = server_after(UPGRADE_REQUEST)
    server.receive_data(b"")
    assert server.next_event() is h11.PAUSED
    assert server.trailing_data == (b"", True)
    assert server.states == states(MIGHT_SWITCH_PROTOCOL, SEND_RESPONSE)
    server.send(h11.Response(status_code=200, headers=[("Content-Length", "0")]))
    assert server.states == states(DONE, SEND_BODY)
    assert type(server.next_event()) is h11.ConnectionClosed
    assert server.states == states(CLOSED, SEND_BODY)
    server.send(h11.EndOfMessage())
    assert server.states == states(CLOSED, MUST_CLOSE)


def test_eof_after_switch_is_never_delivered() -> None:
    server, _ = server_after(UPGRADE_REQUEST + b"ws")
    server.send(switching())
    server.receive_data(b"")
    for _ in range(2):
        assert server.next_event() is h11.PAUSED
    assert server.trailing_data == (b"ws", True)
    assert server.states == states(SWITCHED_PROTOCOL, SWITCHED_PROTOCOL)


def test_client_eof_after_receiving_101_is_not_delivered() -> None:
    client = client_after(upgrade_request())
    client.receive_data(b"HTTP/1.1 101 \r\nUpgrade: websocket\r\n\r\n")
    client.receive_data(b"")
    assert type(client.next_event()) is h11.InformationalResponse
    assert client.next_event() is h11.PAUSED
    assert client.trailing_data == (b"", True)


# ---------------------------------------------------------------------------------------------
# CONNECT


@pytest.mark.parametrize("status_code", [200, 204, 299])
def test_connect_accepted_by_any_2xx(status_code: int) -> None:
    server, events = server_after(CONNECT_REQUEST + b"\x16\x03\x01")
    assert [type(e) for e in events] == [h11.Request, h11.EndOfMessage, type(h11.PAUSED)]
    assert server.states == states(MIGHT_SWITCH_PROTOCOL, SEND_RESPONSE)
    data = server.send(h11.Response(status_code=status_code, headers=[]))
    assert data == b"HTTP/1.1 %d \r\n\r\n" % status_code
    assert server.states == states(SWITCHED_PROTOCOL, SWITCHED_PROTOCOL)
    assert server.next_event() is h11.PAUSED
    assert server.trailing_data == (b"\x16\x03\x01", False)


def test_connect_accepted_after_100_continue() -> None:
    p = ConnectionPair()
    p.send(CLIENT, [connect_request(), h11.EndOfMessage()])
    p.send(SERVER, h11.InformationalResponse(status_code=100, headers=[]))
    assert_both(p, states(MIGHT_SWITCH_PROTOCOL, SEND_RESPONSE))
    p.send(SERVER, h11.Response(status_code=200, headers=[]))
    assert_both(p, states(SWITCHED_PROTOCOL, SWITCHED_PROTOCOL))


@pytest.mark.parametrize("status_code", [300, 403, 407, 502])
def test_connect_denied_by_non_2xx(status_code: int) -> None:
    p = ConnectionPair()
    p.send(CLIENT, [connect_request(), h11.EndOfMessage()])
    p.send(SERVER, h11.Response(status_code=status_code, headers=[("Content-Length", "3")]))
    assert_both(p, states(DONE, SEND_BODY))
    p.send(SERVER, [h11.Data(data=b"no!"), h11.EndOfMessage()])
    assert_both(p, states(DONE, DONE))
    for conn in p.conn.values():
        conn.start_next_cycle()
    assert_both(p, states(IDLE, IDLE))


def test_client_receiving_connect_2xx_gets_event_then_pauses() -> None:
    client = client_after(connect_request())
    assert client.states == states(MIGHT_SWITCH_PROTOCOL, SEND_RESPONSE)
    client.receive_data(b"HTTP/1.1 200 Connection established\r\n\r\n\x16\x03\x03")
    event = client.next_event()
    assert event == h11.Response(status_code=200, headers=[], reason=b"Connection established")
    assert client.states == states(SWITCHED_PROTOCOL, SWITCHED_PROTOCOL)
    assert client.next_event() is h11.PAUSED
    assert client.trailing_data == (b"\x16\x03\x03", False)


def test_client_receiving_connect_denial_reads_its_body() -> None:
    client = client_after(connect_request())
    events = receive_and_drain(client, b"HTTP/1.1 403 Forbidden\r\nContent-Length: 3\r\n\r\nno!")
    assert events[1:] == [h11.Data(data=b"no!"), h11.EndOfMessage(), h11.NEED_DATA]
    assert client.states == states(DONE, DONE)


def test_http10_connect_accepted_adds_connection_close() -> None:
    server, events = server_after(b"CONNECT example.com:443 HTTP/1.0\r\n\r\n")
    assert [type(e) for e in events] == [h11.Request, h11.EndOfMessage, type(h11.PAUSED)]
    # A switch proposal beats keep-alive off.
    assert server.states == states(MIGHT_SWITCH_PROTOCOL, SEND_RESPONSE)
    data = server.send(h11.Response(status_code=200, headers=[]))
    assert data == b"HTTP/1.1 200 \r\nConnection: close\r\n\r\n"
    assert server.states == states(SWITCHED_PROTOCOL, SWITCHED_PROTOCOL)


def test_http10_connect_denied_goes_to_must_close() -> None:
    server, _ = server_after(b"CONNECT example.com:443 HTTP/1.0\r\n\r\n")
    server.send(h11.Response(status_code=403, headers=[("Content-Length", "0")]))
    assert server.states == states(MUST_CLOSE, SEND_BODY)
    server.send(h11.EndOfMessage())
    assert server.states == states(MUST_CLOSE, MUST_CLOSE)


def test_lowercase_connect_never_switches() -> None:
    server, events = server_after(b"connect / HTTP/1.1\r\nHost: example.com\r\n\r\n")
    assert events[0].method == b"connect"
    assert [type(e) for e in events] == [h11.Request, h11.EndOfMessage, type(h11.NEED_DATA)]
    assert server.states == states(DONE, SEND_RESPONSE)
    server.send(h11.Response(status_code=200, headers=[("Content-Length", "0")]))
    assert server.states == states(DONE, SEND_BODY)

    client = client_after(h11.Request(method="connect", target="/", headers=[("Host", "a")]))
    assert client.states == states(DONE, SEND_RESPONSE)
    events = receive_and_drain(client, b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi")
    assert events[1:] == [h11.Data(data=b"hi"), h11.EndOfMessage(), h11.NEED_DATA]
    assert client.states == states(DONE, DONE)


def test_connect_with_upgrade_can_be_accepted_by_101() -> None:
    request = h11.Request(
        method="CONNECT",
        target="example.com:443",
        headers=[("Host", "example.com:443"), ("Upgrade", "websocket")],
    )
    p = ConnectionPair()
    p.send(CLIENT, [request, h11.EndOfMessage()])
    for conn in p.conn.values():
        assert conn._cstate.pending_switch_proposals == {
            h11._state._SWITCH_CONNECT,
            h11._state._SWITCH_UPGRADE,
        }
    p.send(SERVER, switching())
    assert_both(p, states(SWITCHED_PROTOCOL, SWITCHED_PROTOCOL))


def test_request_sent_by_the_server_records_no_switch_proposal() -> None:
    # §7.3: only a *client* Request proposes a switch; a server sending one just fails.
    server, _ = server_after(b"GET / HTTP/1.1\r\nHost: example.com\r\n\r\n")
    assert server.states == states(DONE, SEND_RESPONSE)
    request = h11.Request(
        method="CONNECT",
        target="example.com:443",
        headers=[("Host", "example.com:443"), ("Upgrade", "websocket")],
    )
    with pytest.raises(h11.LocalProtocolError) as excinfo:
        server.send(request)
    assert str(excinfo.value) == cant_handle("Request", SERVER, SEND_RESPONSE)
    assert server._cstate.pending_switch_proposals == set()
    assert server.states == states(MUST_CLOSE, ERROR)


def test_upgrade_request_answered_with_2xx_is_a_denial() -> None:
    server, _ = server_after(UPGRADE_REQUEST)
    server.send(h11.Response(status_code=200, headers=[("Content-Length", "0")]))
    assert server.states == states(DONE, SEND_BODY)


# ---------------------------------------------------------------------------------------------
# 100-continue (§7.6)


def expect_request(expect: str = "100-continue", length: str = "3") -> h11.Request:
    return h11.Request(
        method="POST",
        target="/",
        headers=[("Host", "example.com"), ("Content-Length", length), ("Expect", expect)],
    )


def wire(request: h11.Request) -> bytes:
    return h11.Connection(CLIENT).send(request)


def assert_waiting(p: ConnectionPair, waiting: bool) -> None:
    assert p.client.client_is_waiting_for_100_continue is waiting
    assert p.client.they_are_waiting_for_100_continue is False
    assert p.server.client_is_waiting_for_100_continue is waiting
    assert p.server.they_are_waiting_for_100_continue is waiting


@pytest.mark.parametrize("value", ["100-continue", "100-Continue", "foo, 100-CONTINUE"])
def test_expect_100_continue_sets_flags_on_both_sides(value: str) -> None:
    p = ConnectionPair()
    p.send(CLIENT, expect_request(value))
    assert_waiting(p, True)


def test_expect_100_continue_in_second_header_counts() -> None:
    server, _ = server_after(
        b"POST / HTTP/1.1\r\nHost: a\r\nExpect: foo\r\nexpect: 100-continue\r\n"
        b"Content-Length: 1\r\n\r\n"
    )
    assert server.they_are_waiting_for_100_continue is True


@pytest.mark.parametrize("value", ["200-continue", "100-continue-ish", "foo"])
def test_other_expectations_do_not_set_flags(value: str) -> None:
    p = ConnectionPair()
    p.send(CLIENT, expect_request(value))
    assert_waiting(p, False)


def test_100_continue_response_clears_flags() -> None:
    p = ConnectionPair()
    p.send(CLIENT, expect_request())
    p.send(SERVER, h11.InformationalResponse(status_code=100, headers=[]))
    assert_waiting(p, False)
    p.send(CLIENT, [h11.Data(data=b"abc"), h11.EndOfMessage()])
    assert_both(p, states(DONE, SEND_RESPONSE))


def test_other_informational_response_clears_flags() -> None:
    p = ConnectionPair()
    p.send(CLIENT, expect_request())
    p.send(SERVER, h11.InformationalResponse(status_code=103, headers=[("Link", "</a>")]))
    assert_waiting(p, False)


def test_final_response_clears_flags() -> None:
    p = ConnectionPair()
    p.send(CLIENT, expect_request())
    p.send(SERVER, h11.Response(status_code=417, headers=[("Content-Length", "4")]))
    assert_waiting(p, False)
    assert_both(p, states(SEND_BODY, SEND_BODY))


def test_client_data_clears_flags() -> None:
    p = ConnectionPair()
    p.send(CLIENT, expect_request())
    p.send(CLIENT, h11.Data(data=b"a"))
    assert_waiting(p, False)


def test_client_end_of_message_clears_flags() -> None:
    server = h11.Connection(SERVER)
    server.receive_data(wire(expect_request(length="0")))
    assert type(server.next_event()) is h11.Request
    assert server.they_are_waiting_for_100_continue is True
    assert type(server.next_event()) is h11.EndOfMessage
    assert server.they_are_waiting_for_100_continue is False
    assert server.client_is_waiting_for_100_continue is False


def test_empty_client_data_clears_flags_on_sender() -> None:
    client = h11.Connection(CLIENT)
    client.send(expect_request())
    assert client.client_is_waiting_for_100_continue is True
    client.send(h11.Data(data=b""))
    assert client.client_is_waiting_for_100_continue is False


@pytest.mark.parametrize("version", [b"1.0", b"0.9"])
def test_expect_100_continue_ignored_for_http10(version: bytes) -> None:
    server, events = server_after(
        b"POST / HTTP/" + version + b"\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n"
    )
    assert type(events[0]) is h11.Request
    assert server.client_is_waiting_for_100_continue is False
    assert server.they_are_waiting_for_100_continue is False


def test_100_continue_flags_do_not_affect_transitions() -> None:
    p = ConnectionPair()
    p.send(CLIENT, [expect_request(), h11.Data(data=b"abc"), h11.EndOfMessage()])
    assert_waiting(p, False)
    p.send(
        SERVER,
        [h11.Response(status_code=200, headers=[("Content-Length", "0")]), h11.EndOfMessage()],
    )
    assert_both(p, states(DONE, DONE))


# ---------------------------------------------------------------------------------------------
# H4: no 1xx to an HTTP/1.0 (or older) client


@pytest.mark.parametrize("version", [b"1.0", b"0.9"])
@pytest.mark.parametrize("status_code", [100, 103])
def test_informational_response_to_http10_client_is_rejected(
    version: bytes, status_code: int
) -> None:
    server, _ = server_after(b"GET / HTTP/" + version + b"\r\n\r\n")
    assert server.their_http_version == version
    with pytest.raises(h11.LocalProtocolError) as excinfo:
        server.send(h11.InformationalResponse(status_code=status_code, headers=[]))
    assert str(excinfo.value) == "can't send an InformationalResponse to an HTTP/1.0 client"
    assert excinfo.value.error_status_hint == 400
    assert server.states == states(MUST_CLOSE, ERROR)
    with pytest.raises(h11.LocalProtocolError) as excinfo:
        server.send(h11.Response(status_code=200, headers=[]))
    assert str(excinfo.value) == "Can't send data when our state is ERROR"


def test_101_to_http10_upgrade_request_is_rejected() -> None:
    server, events = server_after(
        b"GET / HTTP/1.0\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n"
    )
    assert [type(e) for e in events] == [h11.Request, h11.EndOfMessage, type(h11.PAUSED)]
    assert server.states == states(MIGHT_SWITCH_PROTOCOL, SEND_RESPONSE)
    with pytest.raises(h11.LocalProtocolError) as excinfo:
        server.send(switching())
    assert str(excinfo.value) == "can't send an InformationalResponse to an HTTP/1.0 client"
    assert server.our_state is ERROR


def test_informational_response_to_http11_and_later_clients_is_allowed() -> None:
    for version in (b"1.1", b"1.2"):
        server, _ = server_after(b"GET / HTTP/" + version + b"\r\nHost: a\r\n\r\n")
        assert server.send(h11.InformationalResponse(status_code=100, headers=[])) == (
            b"HTTP/1.1 100 \r\n\r\n"
        )
        assert server.states == states(DONE, SEND_RESPONSE)


def test_final_response_to_http10_client_is_still_fine() -> None:
    server, _ = server_after(b"GET / HTTP/1.0\r\n\r\n")
    server.send(h11.Response(status_code=200, headers=[("Content-Length", "0")]))
    server.send(h11.EndOfMessage())
    assert server.states == states(MUST_CLOSE, MUST_CLOSE)
    assert drain(server) == [h11.NEED_DATA]
