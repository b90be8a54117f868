"""The opt-in ``http10_keep_alive`` keyword (RFC 9112 §9.3, Appendix C.2.2), both roles.

Off (the default), an HTTP/1.0 peer means one cycle per connection, as in h11 0.16.
"""

from __future__ import annotations

import pytest

import h11
from h11._framing import UNTIL_CLOSE, keeps_alive
from h11._headers import FLAG_CHUNKED, FLAG_NOT_REUSABLE, framing_facts
from h11._options import REQUEST_OPTIONS
from helpers import receive_and_drain

CLIENT, SERVER = h11.CLIENT, h11.SERVER
DONE, MUST_CLOSE = h11.DONE, h11.MUST_CLOSE

KEEP_ALIVE_GET = b"GET /%d HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"


def server_with_request(request: bytes, **options: bool) -> h11.Connection:
    server = h11.Connection(SERVER, **options)
    events = receive_and_drain(server, request)
    assert type(events[0]) is h11.Request
    return server


def respond(server: h11.Connection, headers: list[tuple[str, str]], body: bytes = b"") -> bytes:
    out = server.send(h11.Response(status_code=200, headers=headers))
    if body:
        out += server.send(h11.Data(data=body))
    return out + server.send(h11.EndOfMessage())


# -------------------------------------------------------------------------- server role


def test_off_by_default_an_http10_keep_alive_request_closes() -> None:
    server = server_with_request(KEEP_ALIVE_GET % 1)
    assert server.states == {CLIENT: MUST_CLOSE, SERVER: h11.SEND_RESPONSE}
    out = respond(server, [("Content-Length", "2")], b"ok")
    assert out == b"HTTP/1.1 200 \r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
    assert server.states == {CLIENT: MUST_CLOSE, SERVER: MUST_CLOSE}


def test_on_a_content_length_response_keeps_the_connection() -> None:
    server = server_with_request(KEEP_ALIVE_GET % 1, http10_keep_alive=True)
    # The request only asks: the response decides.
    assert server.states == {CLIENT: DONE, SERVER: h11.SEND_RESPONSE}
    out = respond(server, [("Content-Length", "2")], b"ok")
    assert out == b"HTTP/1.1 200 \r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok"
    assert server.states == {CLIENT: DONE, SERVER: DONE}
    server.start_next_cycle()
    assert server.states == {CLIENT: h11.IDLE, SERVER: h11.IDLE}


def test_an_existing_keep_alive_token_is_not_repeated() -> None:
    server = server_with_request(KEEP_ALIVE_GET % 1, http10_keep_alive=True)
    out = respond(server, [("Content-Length", "0"), ("Connection", "Keep-Alive")])
    assert out == b"HTTP/1.1 200 \r\nContent-Length: 0\r\nConnection: Keep-Alive\r\n\r\n"
    assert server.states == {CLIENT: DONE, SERVER: DONE}


@pytest.mark.parametrize(
    ("headers", "expected_head"),
    [
        # No length: the body ends when we close, the only framing an HTTP/1.0 client knows.
        ([], b"HTTP/1.1 200 \r\nConnection: close\r\n\r\n"),
        ([("Transfer-Encoding", "chunked")], b"HTTP/1.1 200 \r\nConnection: close\r\n\r\n"),
        # Our own close wins, and is not contradicted.
        (
            [("Content-Length", "2"), ("Connection", "close")],
            b"HTTP/1.1 200 \r\nContent-Length: 2\r\nConnection: close\r\n\r\n",
        ),
    ],
)
def test_on_any_other_response_closes_as_before(
    headers: list[tuple[str, str]], expected_head: bytes
) -> None:
    server = server_with_request(KEEP_ALIVE_GET % 1, http10_keep_alive=True)
    head = server.send(h11.Response(status_code=200, headers=headers))
    assert head == expected_head
    server.send(h11.Data(data=b"ok"))
    server.send(h11.EndOfMessage())
    assert server.states == {CLIENT: MUST_CLOSE, SERVER: MUST_CLOSE}


def test_a_head_response_keeps_only_with_the_get_length() -> None:
    request = b"HEAD / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
    server = server_with_request(request, http10_keep_alive=True)
    assert respond(server, [("Content-Length", "10")]) == (
        b"HTTP/1.1 200 \r\nContent-Length: 10\r\nConnection: keep-alive\r\n\r\n"
    )
    assert server.states == {CLIENT: DONE, SERVER: DONE}
    server = server_with_request(request, http10_keep_alive=True)
    assert respond(server, []) == b"HTTP/1.1 200 \r\nConnection: close\r\n\r\n"
    assert server.states == {CLIENT: MUST_CLOSE, SERVER: MUST_CLOSE}


def test_a_bodiless_status_keeps_the_connection() -> None:
    server = server_with_request(KEEP_ALIVE_GET % 1, http10_keep_alive=True)
    assert server.send(h11.Response(status_code=204, headers=[])) == (
        b"HTTP/1.1 204 \r\nConnection: keep-alive\r\n\r\n"
    )
    server.send(h11.EndOfMessage())
    assert server.states == {CLIENT: DONE, SERVER: DONE}


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"GET / HTTP/1.0\r\n\r\n",  # no keep-alive token
        b"GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n",  # close wins
        b"GET / HTTP/1.0\r\nConnection: close\r\nConnection: keep-alive\r\n\r\n",
    ],
)
def test_requests_that_do_not_ask_validly_close(request_bytes: bytes) -> None:
    server = server_with_request(request_bytes, http10_keep_alive=True)
    out = respond(server, [("Content-Length", "2")], b"ok")
    assert b"Connection: close\r\n" in out
    assert b"keep-alive" not in out
    assert server.states == {CLIENT: MUST_CLOSE, SERVER: MUST_CLOSE}


def test_transfer_encoding_in_http10_is_still_refused() -> None:
    # RFC 9112 §6.1: faulty framing; the keyword changes nothing about it.
    server = h11.Connection(SERVER, http10_keep_alive=True)
    server.receive_data(
        b"POST / HTTP/1.0\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    with pytest.raises(h11.RemoteProtocolError, match=r"not allowed in HTTP/1\.0"):
        server.next_event()


def test_an_http11_client_is_unaffected() -> None:
    request = b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"
    for options in ({}, {"http10_keep_alive": True}):
        server = server_with_request(request, **options)
        out = respond(server, [("Content-Length", "2")], b"ok")
        assert out == b"HTTP/1.1 200 \r\nContent-Length: 2\r\n\r\nok"
        assert server.states == {CLIENT: DONE, SERVER: DONE}


def test_pipelined_http10_keep_alive_requests_on_one_connection() -> None:
    # ApacheBench's "ab -k": each request asks for keep-alive, the next follows at once.
    server = h11.Connection(SERVER, http10_keep_alive=True)
    server.receive_data(b"".join(KEEP_ALIVE_GET % i for i in range(5)))
    for i in range(5):
        request = server.next_event()
        assert isinstance(request, h11.Request)
        assert request.target == b"/%d" % i
        assert type(server.next_event()) is h11.EndOfMessage
        out = respond(server, [("Content-Length", "1")], b"%d" % i)
        assert out.endswith(b"Connection: keep-alive\r\n\r\n%d" % i)
        server.start_next_cycle()
    assert server.next_event() is h11.NEED_DATA


# -------------------------------------------------------------------------- client role

KEEP_ALIVE_RESPONSE = b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok"


def client_after(response: bytes, method: str = "GET", **options: bool) -> h11.Connection:
    client = h11.Connection(CLIENT, **options)
    client.send(
        h11.Request(
            method=method, target="/", headers=[("Host", "a"), ("Connection", "keep-alive")]
        )
    )
    client.send(h11.EndOfMessage())
    client.receive_data(response)
    while type(client.next_event()) is not h11.EndOfMessage:
        pass
    return client


def test_client_off_by_default_an_http10_response_closes() -> None:
    client = client_after(KEEP_ALIVE_RESPONSE)
    assert client.states == {CLIENT: MUST_CLOSE, SERVER: MUST_CLOSE}


def test_client_on_an_http10_keep_alive_response_keeps_the_connection() -> None:
    client = client_after(KEEP_ALIVE_RESPONSE, http10_keep_alive=True)
    assert client.states == {CLIENT: DONE, SERVER: DONE}
    client.start_next_cycle()
    assert client.states == {CLIENT: h11.IDLE, SERVER: h11.IDLE}


def test_client_on_a_bodiless_head_response_keeps_the_connection() -> None:
    response = b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n\r\n"
    client = client_after(response, method="HEAD", http10_keep_alive=True)
    assert client.states == {CLIENT: DONE, SERVER: DONE}


@pytest.mark.parametrize(
    "response",
    [
        b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok",  # no keep-alive token
        b"HTTP/1.0 200 OK\r\nConnection: keep-alive, close\r\nContent-Length: 2\r\n\r\nok",
    ],
)
def test_client_on_other_http10_responses_closes(response: bytes) -> None:
    client = client_after(response, http10_keep_alive=True)
    assert client.states == {CLIENT: MUST_CLOSE, SERVER: MUST_CLOSE}


def test_client_on_a_close_delimited_response_closes() -> None:
    client = h11.Connection(CLIENT, http10_keep_alive=True)
    client.send(h11.Request(method="GET", target="/", headers=[("Host", "a")]))
    client.send(h11.EndOfMessage())
    events = receive_and_drain(client, b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n\r\nok")
    assert events[1] == h11.Data(data=b"ok")
    assert client.states == {CLIENT: MUST_CLOSE, SERVER: h11.SEND_BODY}
    assert receive_and_drain(client, b"")[:2] == [h11.EndOfMessage(), h11.ConnectionClosed()]
    assert client.states == {CLIENT: MUST_CLOSE, SERVER: h11.CLOSED}


# -------------------------------------------------------------------------- the rules


def http10_message(connection: str, **extra: str) -> h11.Request:
    headers = [("Host", "a")] if not connection else [("Host", "a"), ("Connection", connection)]
    headers.extend(extra.items())
    return h11.Request(method="GET", target="/", headers=headers, http_version="1.0")


@pytest.mark.parametrize(
    ("connection", "received", "option", "length", "expected"),
    [
        ("keep-alive", True, True, 0, True),
        ("foo, Keep-Alive", True, True, 2, True),
        ("", True, True, 0, False),
        ("keep-alive, close", True, True, 0, False),
        ("keep-alive", True, False, 0, False),  # the option is off
        ("keep-alive", False, True, 0, False),  # only what the peer asks for
        ("keep-alive", True, True, UNTIL_CLOSE, False),  # its end needs the close
    ],
)
def test_keeps_alive_rule_for_http10(
    connection: str, received: bool, option: bool, length: int, expected: bool
) -> None:
    message = http10_message(connection)
    flags, content_length = framing_facts(message.headers)
    assert (
        keeps_alive(
            b"1.0",
            flags,
            content_length,
            received,
            http10_keep_alive=option,
            headers=message.headers,
            length=length,
        )
        is expected
    )


@pytest.mark.parametrize("flag", [FLAG_CHUNKED, FLAG_NOT_REUSABLE])
def test_keeps_alive_rule_for_http10_refuses_untrusted_framing(flag: int) -> None:
    message = http10_message("keep-alive")
    assert not keeps_alive(
        b"1.0", flag, None, True, http10_keep_alive=True, headers=message.headers, length=0
    )


# -------------------------------------------------------------------------- with other options


def test_combined_with_limits_on_a_server() -> None:
    server = server_with_request(KEEP_ALIVE_GET % 1, http10_keep_alive=True, max_header_count=5)
    out = respond(server, [("Content-Length", "2")], b"ok")
    assert b"Connection: keep-alive\r\n" in out
    assert server.states == {CLIENT: DONE, SERVER: DONE}


def test_connections_with_the_same_settings_share_their_readers() -> None:
    # The opt-ins ride on the shared per-settings table: no per-connection cost.
    a = h11.Connection(SERVER, http10_keep_alive=True)
    b = h11.Connection(SERVER, http10_keep_alive=True)
    plain = h11.Connection(SERVER)
    assert a._readers is b._readers
    assert a._readers is not plain._readers
    assert plain._readers.options is REQUEST_OPTIONS  # a server's default rules


def test_the_discard_leniency_keeps_the_keyword() -> None:
    client = h11.Connection(
        CLIENT, http10_keep_alive=True, discard_body_of_204_and_304_responses=True
    )
    client.send(h11.Request(method="GET", target="/", headers=[("Host", "a")]))
    client.send(h11.EndOfMessage())
    receive_and_drain(client, b"HTTP/1.1 204 No Content\r\nContent-Length: 3\r\n\r\nabc")
    assert client._readers.options is not None
    assert client._readers.options.http10_keep_alive
    assert client.their_state is MUST_CLOSE
