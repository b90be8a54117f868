"""The send side: exact bytes, automatic fixes and send errors.

Contract: docs/design.rst, design-send and design-response-fixes.
"""

from __future__ import annotations

from typing import Any

import pytest

import h11

HOST = [("Host", "example.com")]

GET_1_1 = b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"
GET_1_0 = b"GET / HTTP/1.0\r\n\r\n"
HEAD_1_1 = b"HEAD / HTTP/1.1\r\nHost: a\r\n\r\n"
HEAD_1_0 = b"HEAD / HTTP/1.0\r\n\r\n"
GET_CLOSE = b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
CONNECT_1_1 = b"CONNECT a:1 HTTP/1.1\r\nHost: a:1\r\n\r\n"
CONNECT_1_0 = b"CONNECT a:1 HTTP/1.0\r\n\r\n"


def server_after(request: bytes | None) -> h11.Connection:
    """A server that has read ``request`` up to its EndOfMessage (``None``: nothing read)."""
    server = h11.Connection(h11.SERVER)
    if request is not None:
        server.receive_data(request)
        for _ in range(10):
            event = server.next_event()
            if type(event) is h11.EndOfMessage or event is h11.PAUSED:
                break
        else:
            raise AssertionError("request did not complete")
    return server


def client_sending(headers: list[tuple[str, str]]) -> h11.Connection:
    client = h11.Connection(h11.CLIENT)
    client.send(h11.Request(method="POST", target="/", headers=[*HOST, *headers]))
    return client


def server_sending(request: bytes, headers: list[tuple[str, str]]) -> h11.Connection:
    server = server_after(request)
    server.send(h11.Response(status_code=200, headers=headers))
    return server


def assert_send_fails(conn: h11.Connection, event: Any, message: str) -> None:
    with pytest.raises(h11.LocalProtocolError) as info:
        conn.send(event)
    assert str(info.value) == message
    assert info.value.error_status_hint == 400
    assert conn.our_state is h11.ERROR


class LengthOnly:
    """A sendfile-style placeholder: h11 may call ``len()`` on it and nothing else."""

    __slots__ = ("_length",)

    def __init__(self, length: int) -> None:
        object.__setattr__(self, "_length", length)

    def __len__(self) -> int:
        length: int = object.__getattribute__(self, "_length")
        return length

    def __getattribute__(self, name: str) -> Any:
        raise AssertionError(f"h11 touched placeholder attribute {name!r}")


def split_around(pieces: list[Any], obj: Any) -> tuple[bytes, bytes]:
    """Check ``obj`` occurs exactly once (by identity); return the bytes before and after it."""
    positions = [i for i, piece in enumerate(pieces) if piece is obj]
    assert len(positions) == 1
    i = positions[0]
    return b"".join(pieces[:i]), b"".join(pieces[i + 1 :])


# --- §11.1 / §11.2 start lines and header blocks --------------------------------------------


def test_send_request_exact_bytes() -> None:
    client = h11.Connection(h11.CLIENT)
    data = client.send(
        h11.Request(
            method="GET",
            target="/",
            headers=[("Host", "example.com"), ("Content-Length", "10")],
        )
    )
    assert data == b"GET / HTTP/1.1\r\nHost: example.com\r\nContent-Length: 10\r\n\r\n"
    assert type(data) is bytes


def test_send_informational_response_with_empty_reason_keeps_the_space() -> None:
    server = server_after(GET_1_1)
    assert server.send(h11.InformationalResponse(status_code=100, headers=[])) == (
        b"HTTP/1.1 100 \r\n\r\n"
    )


def test_send_response_writes_given_reason_verbatim() -> None:
    server = server_after(GET_1_1)
    data = server.send(
        h11.Response(status_code=404, headers=[("Content-Length", "0")], reason=b" Not\tF\x80 ")
    )
    assert data == b"HTTP/1.1 404  Not\tF\x80 \r\nContent-Length: 0\r\n\r\n"


def test_send_response_never_fills_in_a_reason() -> None:
    server = server_after(GET_1_1)
    data = server.send(h11.Response(status_code=200, headers=[("Content-Length", "0")]))
    assert data == b"HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n"


def test_host_header_is_written_first() -> None:
    client = h11.Connection(h11.CLIENT)
    data = client.send(
        h11.Request(method="GET", target="/", headers=[("foo", "bar"), ("Host", "example.com")])
    )
    assert data == b"GET / HTTP/1.1\r\nHost: example.com\r\nfoo: bar\r\n\r\n"


def test_host_first_keeps_the_order_of_other_headers() -> None:
    server = server_after(GET_1_1)
    data = server.send(
        h11.Response(
            status_code=200,
            headers=[("B", "1"), ("A", "2"), ("hOsT", "h"), ("Content-Length", "0"), ("B", "3")],
        )
    )
    assert data == (
        b"HTTP/1.1 200 \r\nhOsT: h\r\nB: 1\r\nA: 2\r\nContent-Length: 0\r\nB: 3\r\n\r\n"
    )


def test_method_target_and_header_names_keep_their_raw_casing() -> None:
    client = h11.Connection(h11.CLIENT)
    data = client.send(
        h11.Request(method="get", target="/A?b=C", headers=[("x-FOO", "Bar"), ("hOSt", "Ex.com")])
    )
    assert data == b"get /A?b=C HTTP/1.1\r\nhOSt: Ex.com\r\nx-FOO: Bar\r\n\r\n"


def test_normalised_header_values_are_written() -> None:
    client = h11.Connection(h11.CLIENT)
    data = client.send(
        h11.Request(
            method="POST",
            target="/",
            headers=[*HOST, ("Content-Length", "5, 5"), ("TRANSFER-encoding", "CHUNKED")],
        )
    )
    assert data == (
        b"POST / HTTP/1.1\r\nHost: example.com\r\nContent-Length: 5\r\n"
        b"TRANSFER-encoding: chunked\r\n\r\n"
    )


def test_send_accepts_the_event_keyword() -> None:
    client = h11.Connection(h11.CLIENT)
    assert client.send(event=h11.Request(method="GET", target="/", headers=HOST)) == (
        b"GET / HTTP/1.1\r\nHost: example.com\r\n\r\n"
    )
    pieces = client.send_with_data_passthrough(event=h11.EndOfMessage())
    assert pieces is not None
    assert b"".join(pieces) == b""


def test_send_with_data_passthrough_returns_a_list_joining_to_send_bytes() -> None:
    request = h11.Request(method="GET", target="/", headers=[("X", "1"), *HOST])
    pieces = h11.Connection(h11.CLIENT).send_with_data_passthrough(request)
    assert type(pieces) is list
    assert b"".join(pieces) == h11.Connection(h11.CLIENT).send(request)


def test_requests_are_never_rewritten() -> None:
    client = h11.Connection(h11.CLIENT)
    data = client.send(
        h11.Request(
            method="POST",
            target="/",
            headers=[
                *HOST,
                ("Content-Length", "3"),
                ("Transfer-Encoding", "chunked"),
                ("Connection", "keep-alive, Close"),
            ],
        )
    )
    assert data == (
        b"POST / HTTP/1.1\r\nHost: example.com\r\nContent-Length: 3\r\n"
        b"Transfer-Encoding: chunked\r\nConnection: keep-alive, Close\r\n\r\n"
    )
    # Chunked framing wins over the Content-Length the client also sent.
    assert client.send(h11.Data(data=b"abcdef")) == b"6\r\nabcdef\r\n"
    assert client.send(h11.EndOfMessage()) == b"0\r\n\r\n"
    assert client.our_state is h11.MUST_CLOSE


def test_informational_responses_are_never_rewritten() -> None:
    server = server_after(GET_CLOSE)
    data = server.send(h11.InformationalResponse(status_code=100, headers=[("Connection", "x")]))
    assert data == b"HTTP/1.1 100 \r\nConnection: x\r\n\r\n"


# --- §11.3 automatic fixes to a Response ----------------------------------------------------


@pytest.mark.parametrize(
    ("request_bytes", "status_code", "headers", "head"),
    [
        pytest.param(
            GET_1_1, 200, [], b"HTTP/1.1 200 \r\nTransfer-Encoding: chunked\r\n\r\n", id="1.1-none"
        ),
        pytest.param(
            GET_1_1,
            200,
            [("Content-Length", "5"), ("Transfer-Encoding", "chunked")],
            b"HTTP/1.1 200 \r\nTransfer-Encoding: chunked\r\n\r\n",
            id="1.1-te-and-cl-drops-cl",
        ),
        pytest.param(
            GET_1_1,
            200,
            [("Content-Length", "5")],
            b"HTTP/1.1 200 \r\nContent-Length: 5\r\n\r\n",
            id="1.1-cl",
        ),
        pytest.param(
            GET_1_1,
            200,
            [("transfer-encoding", "chunked"), ("X", "y")],
            b"HTTP/1.1 200 \r\nX: y\r\nTransfer-Encoding: chunked\r\n\r\n",
            id="1.1-te-moved-to-the-end-title-cased",
        ),
        pytest.param(
            GET_1_0, 200, [], b"HTTP/1.1 200 \r\nConnection: close\r\n\r\n", id="1.0-none"
        ),
        pytest.param(
            GET_1_0,
            200,
            [("Transfer-Encoding", "chunked")],
            b"HTTP/1.1 200 \r\nConnection: close\r\n\r\n",
            id="1.0-te-removed",
        ),
        pytest.param(
            GET_1_0,
            200,
            [("Content-Length", "5")],
            b"HTTP/1.1 200 \r\nContent-Length: 5\r\nConnection: close\r\n\r\n",
            id="1.0-cl",
        ),
        pytest.param(
            GET_CLOSE,
            200,
            [("Content-Length", "0")],
            b"HTTP/1.1 200 \r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            id="1.1-client-close-cl",
        ),
        pytest.param(
            None, 408, [], b"HTTP/1.1 408 \r\nConnection: close\r\n\r\n", id="from-idle-none"
        ),
        pytest.param(
            None,
            408,
            [("Content-Length", "0")],
            b"HTTP/1.1 408 \r\nContent-Length: 0\r\n\r\n",
            id="from-idle-cl-untouched",
        ),
        pytest.param(
            None,
            400,
            [("Transfer-Encoding", "chunked"), ("Connection", "keep-alive")],
            b"HTTP/1.1 400 \r\nConnection: close\r\n\r\n",
            id="from-idle-te-removed-keep-alive-dropped",
        ),
        pytest.param(
            HEAD_1_1,
            200,
            [],
            b"HTTP/1.1 200 \r\nTransfer-Encoding: chunked\r\n\r\n",
            id="head-framed-like-get",
        ),
        pytest.param(
            HEAD_1_1,
            200,
            [("Content-Length", "5")],
            b"HTTP/1.1 200 \r\nContent-Length: 5\r\n\r\n",
            id="head-cl",
        ),
        pytest.param(
            HEAD_1_1,
            200,
            [("Content-Length", "5"), ("Transfer-Encoding", "chunked")],
            b"HTTP/1.1 200 \r\nTransfer-Encoding: chunked\r\n\r\n",
            id="head-te-and-cl-drops-cl",
        ),
        pytest.param(
            HEAD_1_0, 200, [], b"HTTP/1.1 200 \r\nConnection: close\r\n\r\n", id="head-1.0"
        ),
        pytest.param(
            GET_1_1,
            204,
            [("Transfer-Encoding", "chunked")],
            b"HTTP/1.1 204 \r\nTransfer-Encoding: chunked\r\n\r\n",
            id="204-untouched",
        ),
        pytest.param(
            GET_1_1,
            304,
            [("Content-Length", "7")],
            b"HTTP/1.1 304 \r\nContent-Length: 7\r\n\r\n",
            id="304-untouched",
        ),
        pytest.param(
            GET_1_1,
            304,
            [],
            b"HTTP/1.1 304 \r\n\r\n",
            id="304-nothing-added",
        ),
        pytest.param(
            GET_1_1,
            200,
            [("Connection", "Keep-Alive"), ("Content-Length", "0")],
            b"HTTP/1.1 200 \r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n",
            id="keep-alive-on-connection-untouched",
        ),
        pytest.param(
            GET_CLOSE,
            200,
            [("X", "1"), ("connection", "Keep-Alive, Upgrade"), ("Y", "2"), ("Connection", "foo")],
            b"HTTP/1.1 200 \r\nX: 1\r\nY: 2\r\nTransfer-Encoding: chunked\r\n"
            b"Connection: close\r\nConnection: foo\r\nConnection: upgrade\r\n\r\n",
            id="connection-rewrite-sorted-lowercase-one-per-token",
        ),
        pytest.param(
            GET_1_0,
            200,
            [("Connection", "keep-alive, Close, b, a")],
            b"HTTP/1.1 200 \r\nConnection: a\r\nConnection: b\r\nConnection: close\r\n\r\n",
            id="connection-rewrite-deduplicates-close",
        ),
        pytest.param(CONNECT_1_1, 200, [], b"HTTP/1.1 200 \r\n\r\n", id="connect-2xx-untouched"),
        pytest.param(
            CONNECT_1_0,
            200,
            [],
            b"HTTP/1.1 200 \r\nConnection: close\r\n\r\n",
            id="connect-1.0-2xx-adds-close",
        ),
        pytest.param(
            CONNECT_1_1,
            404,
            [],
            b"HTTP/1.1 404 \r\nTransfer-Encoding: chunked\r\n\r\n",
            id="connect-denied-is-chunked",
        ),
    ],
)
def test_response_automatic_fixes(
    request_bytes: bytes | None, status_code: int, headers: list[tuple[str, str]], head: bytes
) -> None:
    server = server_after(request_bytes)
    assert server.send(h11.Response(status_code=status_code, headers=headers)) == head


def test_rewritten_response_keeps_status_reason_and_version() -> None:
    server = server_after(GET_1_0)
    data = server.send(
        h11.Response(status_code=503, headers=[("Retry-After", "1")], reason="Busy")
    )
    assert data == b"HTTP/1.1 503 Busy\r\nRetry-After: 1\r\nConnection: close\r\n\r\n"


def test_chunked_response_to_http_1_1_client_body_and_states() -> None:
    server = server_after(GET_1_1)
    server.send(h11.Response(status_code=200, headers=[]))
    assert server.send(h11.Data(data=b"hello")) == b"5\r\nhello\r\n"
    assert server.send(h11.EndOfMessage()) == b"0\r\n\r\n"
    assert server.states == {h11.CLIENT: h11.DONE, h11.SERVER: h11.DONE}


def test_response_to_http_1_0_client_is_close_delimited() -> None:
    server = server_after(GET_1_0)
    server.send(h11.Response(status_code=200, headers=[]))
    assert server.states == {h11.CLIENT: h11.MUST_CLOSE, h11.SERVER: h11.SEND_BODY}
    assert server.send(h11.Data(data=b"hello")) == b"hello"
    assert server.send(h11.EndOfMessage()) == b""
    assert server.states == {h11.CLIENT: h11.MUST_CLOSE, h11.SERVER: h11.MUST_CLOSE}


def test_response_from_idle_without_length_is_close_delimited() -> None:
    server = h11.Connection(h11.SERVER)
    server.send(h11.Response(status_code=408, headers=[]))
    assert server.states == {h11.CLIENT: h11.IDLE, h11.SERVER: h11.SEND_BODY}
    assert server.send(h11.Data(data=b"bye")) == b"bye"
    assert server.send(h11.EndOfMessage()) == b""
    assert server.states == {h11.CLIENT: h11.IDLE, h11.SERVER: h11.MUST_CLOSE}


def test_response_from_idle_with_content_length_keeps_keep_alive() -> None:
    server = h11.Connection(h11.SERVER)
    server.send(h11.Response(status_code=408, headers=[("Content-Length", "0")]))
    assert server.send(h11.EndOfMessage()) == b""
    assert server.states == {h11.CLIENT: h11.IDLE, h11.SERVER: h11.DONE}


@pytest.mark.parametrize(
    ("status_code", "headers"),
    [
        (200, []),
        (200, [("Content-Length", "5")]),
        (204, [("Transfer-Encoding", "chunked")]),
        (304, [("Content-Length", "7")]),
    ],
)
def test_bodiless_responses_are_framed_with_length_zero(
    status_code: int, headers: list[tuple[str, str]]
) -> None:
    request = HEAD_1_1 if status_code == 200 else GET_1_1
    server = server_after(request)
    server.send(h11.Response(status_code=status_code, headers=headers))
    assert_send_fails(server, h11.Data(data=b"x"), "Too much data for declared Content-Length")


@pytest.mark.parametrize("request_bytes", [HEAD_1_1, GET_1_1])
def test_bodiless_response_completes_with_empty_end_of_message(request_bytes: bytes) -> None:
    server = server_after(request_bytes)
    status_code = 200 if request_bytes == HEAD_1_1 else 204
    server.send(h11.Response(status_code=status_code, headers=[("Content-Length", "5")]))
    assert server.send(h11.Data(data=b"")) == b""
    assert server.send(h11.EndOfMessage()) == b""
    assert server.states == {h11.CLIENT: h11.DONE, h11.SERVER: h11.DONE}


def test_response_to_client_that_sent_content_length_and_transfer_encoding_closes() -> None:
    # H2: the connection is not reused, so the Response gets Connection: close.
    server = server_after(
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
    )
    data = server.send(h11.Response(status_code=200, headers=[("Content-Length", "2")]))
    assert data == b"HTTP/1.1 200 \r\nContent-Length: 2\r\nConnection: close\r\n\r\n"
    server.send(h11.Data(data=b"ok"))
    server.send(h11.EndOfMessage())
    assert server.states == {h11.CLIENT: h11.MUST_CLOSE, h11.SERVER: h11.MUST_CLOSE}


# --- §10.3 chunked writer -------------------------------------------------------------------


def test_chunked_empty_data_writes_nothing() -> None:
    client = client_sending([("Transfer-Encoding", "chunked")])
    assert client.send(h11.Data(data=b"")) == b""
    assert client.send_with_data_passthrough(h11.Data(data=b"")) == []
    assert client.our_state is h11.SEND_BODY


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"x", b"1\r\nx\r\n"),
        (b"a" * 20, b"14\r\n" + b"a" * 20 + b"\r\n"),
        (b"b" * 255, b"ff\r\n" + b"b" * 255 + b"\r\n"),
        (b"c" * 4096, b"1000\r\n" + b"c" * 4096 + b"\r\n"),
    ],
)
def test_chunked_data_size_line_is_lowercase_hex(data: bytes, expected: bytes) -> None:
    client = client_sending([("Transfer-Encoding", "chunked")])
    assert client.send(h11.Data(data=data)) == expected


def test_chunked_data_ignores_chunk_flags() -> None:
    client = client_sending([("Transfer-Encoding", "chunked")])
    assert client.send(h11.Data(data=b"ab", chunk_start=True, chunk_end=False)) == b"2\r\nab\r\n"
    assert client.send(h11.Data(data=b"cd", chunk_start=False, chunk_end=True)) == b"2\r\ncd\r\n"


def test_chunked_end_of_message_without_trailers() -> None:
    client = client_sending([("Transfer-Encoding", "chunked")])
    assert client.send(h11.EndOfMessage()) == b"0\r\n\r\n"
    assert client.our_state is h11.DONE


def test_chunked_end_of_message_writes_trailers_after_the_last_chunk() -> None:
    client = client_sending([("Transfer-Encoding", "chunked")])
    assert client.send(h11.EndOfMessage(headers=[("hello", "there")])) == (
        b"0\r\nhello: there\r\n\r\n"
    )


def test_chunked_trailers_keep_raw_casing_host_first_and_content_length() -> None:
    client = client_sending([("Transfer-Encoding", "chunked")])
    trailers = [("X-Checksum", "abc"), ("Content-Length", "3"), ("hOst", "q")]
    assert client.send(h11.EndOfMessage(headers=trailers)) == (
        b"0\r\nhOst: q\r\nX-Checksum: abc\r\nContent-Length: 3\r\n\r\n"
    )


def test_chunked_data_piece_is_the_data_object() -> None:
    client = client_sending([("Transfer-Encoding", "chunked")])
    payload = bytearray(b"hello")
    pieces = client.send_with_data_passthrough(h11.Data(data=payload))
    assert pieces is not None
    assert split_around(pieces, payload) == (b"5\r\n", b"\r\n")


# --- §10.3 Content-Length writer ------------------------------------------------------------


def test_content_length_body_is_written_unchanged_and_counted() -> None:
    client = client_sending([("Content-Length", "10")])
    assert client.send(h11.Data(data=b"12345")) == b"12345"
    assert client.send(h11.Data(data=b"")) == b""
    assert client.send(h11.Data(data=b"67890")) == b"67890"
    assert client.send(h11.EndOfMessage()) == b""
    assert client.our_state is h11.DONE


def test_content_length_data_piece_is_the_data_object() -> None:
    client = client_sending([("Content-Length", "5")])
    payload = b"hello"
    pieces = client.send_with_data_passthrough(h11.Data(data=payload))
    assert pieces is not None
    assert split_around(pieces, payload) == (b"", b"")
    assert client.send_with_data_passthrough(h11.EndOfMessage()) == []


def test_content_length_too_much_data_in_one_event() -> None:
    client = client_sending([("Content-Length", "5")])
    assert_send_fails(
        client, h11.Data(data=b"123456"), "Too much data for declared Content-Length"
    )
    assert client.states == {h11.CLIENT: h11.ERROR, h11.SERVER: h11.SEND_RESPONSE}


def test_content_length_too_much_data_across_events() -> None:
    client = client_sending([("Content-Length", "5")])
    assert client.send(h11.Data(data=b"123")) == b"123"
    assert_send_fails(client, h11.Data(data=b"456"), "Too much data for declared Content-Length")


def test_request_without_framing_headers_has_an_empty_body() -> None:
    client = h11.Connection(h11.CLIENT)
    client.send(h11.Request(method="POST", target="/", headers=HOST))
    assert_send_fails(client, h11.Data(data=b"a"), "Too much data for declared Content-Length")


def test_request_without_framing_headers_accepts_empty_data_and_end() -> None:
    client = h11.Connection(h11.CLIENT)
    client.send(h11.Request(method="POST", target="/", headers=HOST))
    assert client.send(h11.Data(data=b"")) == b""
    assert client.send(h11.EndOfMessage()) == b""
    assert client.our_state is h11.DONE


@pytest.mark.parametrize("sent", [b"", b"ab"])
def test_content_length_too_little_data(sent: bytes) -> None:
    client = client_sending([("Content-Length", "3")])
    client.send(h11.Data(data=sent))
    assert_send_fails(client, h11.EndOfMessage(), "Too little data for declared Content-Length")


def test_content_length_too_little_is_reported_before_trailers() -> None:
    client = client_sending([("Content-Length", "3")])
    assert_send_fails(
        client,
        h11.EndOfMessage(headers=[("X", "y")]),
        "Too little data for declared Content-Length",
    )


def test_content_length_and_trailers_do_not_mix() -> None:
    client = client_sending([("Content-Length", "3")])
    client.send(h11.Data(data=b"abc"))
    assert_send_fails(
        client, h11.EndOfMessage(headers=[("X", "y")]), "Content-Length and trailers don't mix"
    )


def test_response_content_length_accounting() -> None:
    server = server_sending(GET_1_1, [("Content-Length", "3")])
    assert server.send(h11.Data(data=b"ab")) == b"ab"
    assert_send_fails(server, h11.EndOfMessage(), "Too little data for declared Content-Length")
    assert server.states == {h11.CLIENT: h11.MUST_CLOSE, h11.SERVER: h11.ERROR}


# --- §10.3 read-until-close writer ----------------------------------------------------------


def test_trailers_cannot_be_sent_to_an_http_1_0_client() -> None:
    server = server_sending(GET_1_0, [])
    assert server.send(h11.Data(data=b"abc")) == b"abc"
    assert_send_fails(
        server, h11.EndOfMessage(headers=[("X", "y")]), "can't send trailers to HTTP/1.0 client"
    )
    assert server.states == {h11.CLIENT: h11.MUST_CLOSE, h11.SERVER: h11.ERROR}


def test_close_delimited_data_piece_is_the_data_object() -> None:
    server = server_sending(GET_1_0, [])
    payload = memoryview(b"abc")
    pieces = server.send_with_data_passthrough(h11.Data(data=payload))
    assert pieces is not None
    assert split_around(pieces, payload) == (b"", b"")


# --- §11.1 "I only send HTTP/1.1" -----------------------------------------------------------


@pytest.mark.parametrize("version", ["1.0", "1.2", "2.0", "0.9"])
def test_request_with_other_version_is_rejected_after_the_state_change(version: str) -> None:
    client = h11.Connection(h11.CLIENT)
    request = h11.Request(method="GET", target="/", headers=HOST, http_version=version)
    assert_send_fails(client, request, "I only send HTTP/1.1")
    # The state machine accepted the Request before the writer refused it.
    assert client.states == {h11.CLIENT: h11.ERROR, h11.SERVER: h11.SEND_RESPONSE}


def test_send_after_a_send_error_is_rejected_without_state_change() -> None:
    client = h11.Connection(h11.CLIENT)
    with pytest.raises(h11.LocalProtocolError):
        client.send(h11.Request(method="GET", target="/", headers=[], http_version="1.0"))
    with pytest.raises(h11.LocalProtocolError) as info:
        client.send(h11.EndOfMessage())
    assert str(info.value) == "Can't send data when our state is ERROR"
    assert info.value.error_status_hint == 400
    assert client.states == {h11.CLIENT: h11.ERROR, h11.SERVER: h11.SEND_RESPONSE}
    with pytest.raises(h11.LocalProtocolError) as info:
        client.send_with_data_passthrough(h11.ConnectionClosed())
    assert str(info.value) == "Can't send data when our state is ERROR"


def test_response_with_other_version_is_rejected() -> None:
    server = server_after(GET_1_1)
    assert_send_fails(
        server,
        h11.Response(status_code=200, headers=[], http_version="1.0"),
        "I only send HTTP/1.1",
    )
    assert server.states == {h11.CLIENT: h11.MUST_CLOSE, h11.SERVER: h11.ERROR}


def test_informational_response_with_other_version_is_rejected() -> None:
    server = server_after(GET_1_1)
    assert_send_fails(
        server,
        h11.InformationalResponse(status_code=100, headers=[], http_version="1.0"),
        "I only send HTTP/1.1",
    )
    assert server.states == {h11.CLIENT: h11.MUST_CLOSE, h11.SERVER: h11.ERROR}


# --- H4: no 1xx to HTTP/1.0 clients ---------------------------------------------------------


@pytest.mark.parametrize("version", [b"1.0", b"0.9"])
def test_informational_response_to_old_client_is_rejected(version: bytes) -> None:
    server = server_after(b"GET / HTTP/" + version + b"\r\n\r\n")
    assert server.their_http_version == version
    assert_send_fails(
        server,
        h11.InformationalResponse(status_code=100, headers=[]),
        "can't send an InformationalResponse to an HTTP/1.0 client",
    )
    assert server.states == {h11.CLIENT: h11.MUST_CLOSE, h11.SERVER: h11.ERROR}


def test_informational_response_to_http_1_1_client_is_allowed() -> None:
    server = server_after(b"POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n")
    assert server.send(h11.InformationalResponse(status_code=100, headers=[])) == (
        b"HTTP/1.1 100 \r\n\r\n"
    )
    assert server.our_state is h11.SEND_RESPONSE


# --- §6.5 other send errors -----------------------------------------------------------------


def test_illegal_transition_names_event_role_and_state() -> None:
    client = h11.Connection(h11.CLIENT)
    assert_send_fails(
        client, h11.Data(data=b"x"), "can't handle event type Data when role=CLIENT and state=IDLE"
    )
    assert client.states == {h11.CLIENT: h11.ERROR, h11.SERVER: h11.IDLE}


def test_sending_a_non_event_names_its_class() -> None:
    client = h11.Connection(h11.CLIENT)
    assert_send_fails(
        client, "GET /", "can't handle event type str when role=CLIENT and state=IDLE"
    )


def test_send_after_send_failed_is_rejected() -> None:
    client = h11.Connection(h11.CLIENT)
    client.send_failed()
    with pytest.raises(h11.LocalProtocolError) as info:
        client.send(h11.Request(method="GET", target="/", headers=HOST))
    assert str(info.value) == "Can't send data when our state is ERROR"
    assert client.states == {h11.CLIENT: h11.ERROR, h11.SERVER: h11.IDLE}


def test_non_protocol_exception_while_sending_sets_error_and_propagates() -> None:
    server = server_sending(GET_1_1, [("Content-Length", "3")])
    with pytest.raises(TypeError):
        server.send(h11.Data(data=5))  # type: ignore[arg-type]
    assert server.our_state is h11.ERROR


# --- §11.5 passthrough placeholders and ConnectionClosed ------------------------------------


def test_placeholder_in_content_length_mode_is_only_measured() -> None:
    server = server_sending(GET_1_1, [("Content-Length", "7")])
    placeholder = LengthOnly(7)
    pieces = server.send_with_data_passthrough(h11.Data(data=placeholder))
    assert pieces is not None
    assert split_around(pieces, placeholder) == (b"", b"")
    assert server.send(h11.EndOfMessage()) == b""
    assert server.states == {h11.CLIENT: h11.DONE, h11.SERVER: h11.DONE}


def test_placeholder_in_content_length_mode_counts_towards_the_limit() -> None:
    server = server_sending(GET_1_1, [("Content-Length", "7")])
    with pytest.raises(h11.LocalProtocolError) as info:
        server.send_with_data_passthrough(h11.Data(data=LengthOnly(8)))
    assert str(info.value) == "Too much data for declared Content-Length"
    assert server.our_state is h11.ERROR


def test_placeholder_in_chunked_mode_gets_its_length_as_chunk_size() -> None:
    server = server_sending(GET_1_1, [])
    placeholder = LengthOnly(26)
    pieces = server.send_with_data_passthrough(h11.Data(data=placeholder))
    assert pieces is not None
    assert split_around(pieces, placeholder) == (b"1a\r\n", b"\r\n")
    assert server.send(h11.EndOfMessage()) == b"0\r\n\r\n"
    assert server.states == {h11.CLIENT: h11.DONE, h11.SERVER: h11.DONE}


def test_placeholder_in_close_delimited_mode_is_passed_through() -> None:
    server = server_sending(GET_1_0, [])
    placeholder = LengthOnly(3)
    pieces = server.send_with_data_passthrough(h11.Data(data=placeholder))
    assert pieces is not None
    assert split_around(pieces, placeholder) == (b"", b"")
    assert server.send(h11.EndOfMessage()) == b""
    assert server.states == {h11.CLIENT: h11.MUST_CLOSE, h11.SERVER: h11.MUST_CLOSE}


def test_send_with_a_placeholder_fails_at_the_join_and_sets_error() -> None:
    # design-send: send() cannot join a placeholder, and our side ends in ERROR.
    server = server_sending(GET_1_1, [])
    with pytest.raises(TypeError):
        server.send(h11.Data(data=LengthOnly(3)))
    assert server.our_state is h11.ERROR


def test_send_data_returns_bytes_even_for_bytearray_data() -> None:
    server = server_sending(GET_1_1, [])
    data = server.send(h11.Data(data=bytearray(b"ab")))
    assert type(data) is bytes
    assert data == b"2\r\nab\r\n"


def test_send_connection_closed_returns_none() -> None:
    client = h11.Connection(h11.CLIENT)
    assert client.send(h11.ConnectionClosed()) is None
    assert client.states == {h11.CLIENT: h11.CLOSED, h11.SERVER: h11.MUST_CLOSE}
    assert client.send_with_data_passthrough(h11.ConnectionClosed()) is None
    assert client.states == {h11.CLIENT: h11.CLOSED, h11.SERVER: h11.MUST_CLOSE}


def test_send_connection_closed_after_close_delimited_body() -> None:
    server = server_sending(GET_1_0, [])
    server.send(h11.EndOfMessage())
    assert server.send_with_data_passthrough(h11.ConnectionClosed()) is None
    assert server.states == {h11.CLIENT: h11.MUST_CLOSE, h11.SERVER: h11.CLOSED}
