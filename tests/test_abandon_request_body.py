"""A client giving up the rest of its request body after an early final response.

RFC 9112 §9.6: a client that is still sending when it receives a final response (a 413, a
417, a 401, a redirect) may stop sending and close. The client's ``ConnectionClosed`` in
``SEND_BODY`` is accepted once the server's final response has begun; before that it fails
exactly as in h11 0.16.
"""

from __future__ import annotations

import pytest

import h11
from h11 import _state
from h11._util import Sentinel
from helpers import drain, receive_and_drain

CLIENT, SERVER, SEND_BODY = h11.CLIENT, h11.SERVER, h11.SEND_BODY

UPLOAD = h11.Request(
    method="POST",
    target="/upload",
    headers=[("Host", "example.com"), ("Content-Length", "1000000")],
)
EARLY_413 = (
    b"HTTP/1.1 413 Content Too Large\r\nContent-Length: 9\r\nConnection: close\r\n\r\ntoo large"
)


def uploading_client() -> h11.Connection:
    """A client that has sent 1,000 of 1,000,000 declared body bytes."""
    client = h11.Connection(CLIENT)
    client.send(UPLOAD)
    client.send(h11.Data(data=b"x" * 1000))
    return client


def test_after_a_complete_413_the_client_closes_cleanly() -> None:
    client = uploading_client()
    events = receive_and_drain(client, EARLY_413)
    assert [type(e) for e in events] == [h11.Response, h11.Data, h11.EndOfMessage, h11.NEED_DATA]
    assert events[0].status_code == 413
    assert events[1].data == b"too large"
    assert client.states == {CLIENT: SEND_BODY, SERVER: h11.MUST_CLOSE}

    assert client.send(h11.ConnectionClosed()) is None
    assert client.our_state is h11.CLOSED
    assert client.their_state is h11.MUST_CLOSE
    with pytest.raises(h11.LocalProtocolError, match="not in a reusable state"):
        client.start_next_cycle()
    # The server's close still reads as a close.
    assert receive_and_drain(client, b"") == [h11.ConnectionClosed()]
    assert client.states == {CLIENT: h11.CLOSED, SERVER: h11.CLOSED}


def test_a_keep_alive_response_is_not_reused_either() -> None:
    # The server did not say close; the abandoned body still makes the connection unusable.
    client = uploading_client()
    receive_and_drain(client, b"HTTP/1.1 417 Expectation Failed\r\nContent-Length: 0\r\n\r\n")
    assert client.states == {CLIENT: SEND_BODY, SERVER: h11.DONE}
    client.send(h11.ConnectionClosed())
    assert client.states == {CLIENT: h11.CLOSED, SERVER: h11.MUST_CLOSE}


def test_abandoning_once_the_response_head_arrived_leaves_its_body_readable() -> None:
    client = uploading_client()
    head, _, body = EARLY_413.partition(b"\r\n\r\n")
    events = receive_and_drain(client, head + b"\r\n\r\n")
    assert type(events[0]) is h11.Response
    assert client.states == {CLIENT: SEND_BODY, SERVER: SEND_BODY}
    client.send(h11.ConnectionClosed())
    assert client.states == {CLIENT: h11.CLOSED, SERVER: SEND_BODY}
    events = receive_and_drain(client, body)
    assert events[:2] == [h11.Data(data=b"too large"), h11.EndOfMessage()]
    assert client.states == {CLIENT: h11.CLOSED, SERVER: h11.MUST_CLOSE}


def test_after_the_server_closed_too() -> None:
    client = uploading_client()
    receive_and_drain(client, EARLY_413)
    assert receive_and_drain(client, b"") == [h11.ConnectionClosed()]
    assert client.states == {CLIENT: SEND_BODY, SERVER: h11.CLOSED}
    client.send(h11.ConnectionClosed())
    assert client.states == {CLIENT: h11.CLOSED, SERVER: h11.CLOSED}


def test_send_with_data_passthrough_abandons_too() -> None:
    client = uploading_client()
    receive_and_drain(client, EARLY_413)
    assert client.send_with_data_passthrough(h11.ConnectionClosed()) is None
    assert client.our_state is h11.CLOSED


@pytest.mark.parametrize(
    "received",
    [
        b"",  # nothing yet
        b"HTTP/1.1 100 Continue\r\n\r\n",  # an informational response is not final
        b"HTTP/1.1 413 Content Too Large\r\nContent-Length: 9\r\n",  # head incomplete
    ],
)
def test_without_a_final_response_closing_mid_body_still_fails(received: bytes) -> None:
    client = uploading_client()
    if received:
        receive_and_drain(client, received)
    server_state = client.their_state
    with pytest.raises(h11.LocalProtocolError) as excinfo:
        client.send(h11.ConnectionClosed())
    assert str(excinfo.value) == (
        "can't handle event type ConnectionClosed when role=CLIENT and state=SEND_BODY"
    )
    assert client.states == {CLIENT: h11.ERROR, SERVER: server_state}


def test_a_server_still_cannot_close_mid_body() -> None:
    # The new row is the client's: a server in SEND_BODY closing is an error as before.
    server = h11.Connection(SERVER)
    receive_and_drain(server, b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
    server.send(h11.Response(status_code=200, headers=[("Content-Length", "5")]))
    with pytest.raises(h11.LocalProtocolError, match="role=SERVER and state=SEND_BODY"):
        server.send(h11.ConnectionClosed())


def test_the_server_sees_a_truncated_request_as_before() -> None:
    # The server cannot tell an abandoned body from a truncated one: h11 0.16's error.
    server = h11.Connection(SERVER)
    head = b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc"
    assert [type(e) for e in receive_and_drain(server, head)][:2] == [h11.Request, h11.Data]
    server.send(h11.Response(status_code=413, headers=[("Content-Length", "0")]))
    server.send(h11.EndOfMessage())
    server.receive_data(b"")
    with pytest.raises(h11.RemoteProtocolError, match="without sending complete"):
        drain(server)
    assert server.states == {CLIENT: h11.ERROR, SERVER: h11.MUST_CLOSE}


def test_the_transition_is_a_table_row() -> None:
    # Drawn by the docs' state diagrams, walked by the state property tests.
    client_table = _state.EVENT_TRIGGERED_TRANSITIONS[CLIENT]
    key = (h11.ConnectionClosed, _state._FINAL_RESPONSE_RECEIVED)
    assert client_table[SEND_BODY][key] is h11.CLOSED
    assert h11.ConnectionClosed not in client_table[SEND_BODY]


@pytest.mark.parametrize("server_state", _state.ALL_STATES)
def test_abandons_request_body_only_after_the_final_response_began(
    server_state: type[Sentinel],
) -> None:
    expected = server_state in (SEND_BODY, h11.DONE, h11.MUST_CLOSE, h11.CLOSED)
    rule = _state.abandons_request_body
    assert rule(CLIENT, h11.ConnectionClosed, SEND_BODY, server_state) is expected
    assert not rule(SERVER, h11.ConnectionClosed, SEND_BODY, server_state)
    assert not rule(CLIENT, h11.EndOfMessage, SEND_BODY, server_state)
    assert not rule(CLIENT, h11.ConnectionClosed, h11.DONE, server_state)


def test_a_close_delimited_response_is_read_to_its_end_after_abandoning() -> None:
    client = uploading_client()
    events = receive_and_drain(client, b"HTTP/1.1 401 Unauthorized\r\n\r\nlogin first")
    assert [type(e) for e in events[:2]] == [h11.Response, h11.Data]
    client.send(h11.ConnectionClosed())
    assert client.states == {CLIENT: h11.CLOSED, SERVER: SEND_BODY}
    assert receive_and_drain(client, b"") == [h11.EndOfMessage(), h11.ConnectionClosed()]
    assert client.states == {CLIENT: h11.CLOSED, SERVER: h11.CLOSED}


def test_nothing_can_be_sent_after_abandoning() -> None:
    client = uploading_client()
    receive_and_drain(client, EARLY_413)
    client.send(h11.ConnectionClosed())
    with pytest.raises(h11.LocalProtocolError, match="role=CLIENT and state=CLOSED"):
        client.send(h11.Data(data=b"more"))
