"""Field rules decided against h11 0.16 (docs/differences.rst): obs-fold, Host, control bytes.

- each obsolete line fold becomes exactly one SP, in time linear in the folded field;
- a folded ``Transfer-Encoding`` or ``Content-Length`` is refused (400);
- the Host value must be ``uri-host [ ":" port ]`` (RFC 9112 §3.2), received (400) or sent;
- control bytes in request field values are refused (400) unless the server asks for 0.16's
  rule (``allow_control_characters_in_request_field_values``); responses keep 0.16's rule;
- headers a client accepted under a leniency switch are checked again before they are sent.

Every test here fails on h11 0.16, except those pinning what did not change.
"""

from __future__ import annotations

import ipaddress
import re
import time
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import h11
from h11._headers import host_is_valid
from helpers import drain

FEEDS = pytest.mark.parametrize("bytewise", [False, True], ids=["whole", "bytewise"])


def receive(conn: h11.Connection, data: bytes, bytewise: bool = False) -> list[Any]:
    events: list[Any] = []
    for piece in [data[i : i + 1] for i in range(len(data))] if bytewise else [data]:
        conn.receive_data(piece)
        events.extend(e for e in drain(conn) if e is not h11.NEED_DATA)
    return events


def server_receiving(data: bytes, bytewise: bool = False, **options: Any) -> list[Any]:
    return receive(h11.Connection(h11.SERVER, **options), data, bytewise)


def client_receiving(data: bytes, bytewise: bool = False, **options: Any) -> list[Any]:
    conn = h11.Connection(h11.CLIENT, **options)
    conn.send(h11.Request(method="GET", target="/", headers=[("Host", "a")]))
    conn.send(h11.EndOfMessage())
    return receive(conn, data, bytewise)


def value(headers: Any, name: bytes) -> bytes:
    """The value of the one field ``name`` (h11 0.16's Headers has no ``get``)."""
    (found,) = [v for n, v in headers if n == name]
    return bytes(found)


def refused(receiving: Any, data: bytes, bytewise: bool = False, **options: Any) -> Any:
    with pytest.raises(h11.RemoteProtocolError) as info:
        receiving(data, bytewise, **options)
    assert info.value.error_status_hint == 400
    return info.value


# ------------------------------------------------------------------------ obs-fold


@FEEDS
@pytest.mark.parametrize(
    ("lines", "value"),
    [
        (b"X: a  \r\n \t b", b"a b"),  # 0.16: b"a   b"
        (b"X: a\t\r\n\tb\t\r\n  c", b"a b c"),  # 0.16: b"a\t b\t c"
        (b"X: a \r\n \r\n b", b"a b"),  # a line of whitespace adds no second SP
        (b"X: a\r\n b", b"a b"),  # unchanged
    ],
)
def test_each_obs_fold_becomes_exactly_one_space(
    lines: bytes, value: bytes, bytewise: bool
) -> None:
    # RFC 9112 §5.2: obs-fold = OWS CRLF RWS; a recipient replaces it with SP.
    wire = b"GET / HTTP/1.1\r\nHost: a\r\n" + lines + b"\r\n\r\n"
    request = server_receiving(wire, bytewise)[0]
    assert request.headers.raw_items() == [(b"Host", b"a"), (b"X", value)]
    response = client_receiving(b"HTTP/1.1 200 OK\r\n" + lines + b"\r\n\r\n", bytewise)[0]
    assert response.headers.raw_items() == [(b"X", value)]


def unfolding_cpu_seconds(size: int) -> float:
    wire = b"GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n" + b" x\r\n" * (size // 4) + b"\r\n"
    best = float("inf")
    for _ in range(3):
        conn = h11.Connection(h11.SERVER, max_incomplete_event_size=2 * len(wire))
        conn.receive_data(wire)
        start = time.process_time()
        event = conn.next_event()
        best = min(best, time.process_time() - start)
        assert type(event) is h11.Request
        assert len(event.headers[1][1]) == 1 + 2 * (size // 4)
    return best


def test_unfolding_takes_time_linear_in_the_folded_field() -> None:
    # 8x the bytes: linear work takes about 8x the CPU time, 0.16's quadratic unfolding
    # (one bytes concatenation per continuation line) about 64x. A generous ratio, not a
    # time limit.
    small = max(unfolding_cpu_seconds(64 * 1024), 1e-4)
    large = unfolding_cpu_seconds(512 * 1024)
    assert large / small < 24, (small, large)


@FEEDS
@pytest.mark.parametrize(
    "lines",
    [
        b"Transfer-Encoding:\r\n chunked",
        b"Transfer-Encoding: chunked\r\n\t",
        b"Transfer-Encoding: chun\r\n ked",
        b"transfer-encoding:  \r\n  chunked",
    ],
)
def test_a_folded_transfer_encoding_is_refused(lines: bytes, bytewise: bool) -> None:
    # 0.16 unfolded it and read a chunked body; llhttp refuses it; a recipient that does
    # not unfold sees no framing at all.
    request = b"POST / HTTP/1.1\r\nHost: a\r\n" + lines + b"\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
    error = refused(server_receiving, request, bytewise)
    assert str(error) == "folded Transfer-Encoding header"
    assert error.line == lines.partition(b"\r\n")[0]
    response = b"HTTP/1.1 200 OK\r\n" + lines + b"\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
    assert str(refused(client_receiving, response, bytewise)).startswith("folded Transfer")


@FEEDS
@pytest.mark.parametrize("lines", [b"Content-Length:\r\n 3", b"Content-Length: 3\r\n\t, 3"])
def test_a_folded_content_length_is_refused(lines: bytes, bytewise: bool) -> None:
    request = b"POST / HTTP/1.1\r\nHost: a\r\n" + lines + b"\r\n\r\nabc"
    assert str(refused(server_receiving, request, bytewise)) == "folded Content-Length header"
    response = b"HTTP/1.1 200 OK\r\n" + lines + b"\r\n\r\nabc"
    assert str(refused(client_receiving, response, bytewise)) == "folded Content-Length header"


def test_folding_of_other_fields_keeps_working() -> None:
    wire = (
        b"POST / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive,\r\n close\r\n"
        b"Content-Length: 1\r\n\r\nx"
    )
    events = server_receiving(wire)
    assert value(events[0].headers, b"connection") == b"keep-alive, close"
    assert [type(e) for e in events] == [h11.Request, h11.Data, h11.EndOfMessage]


# ---------------------------------------------------------------------------- Host

VALID_HOSTS = [
    b"example.com",
    b"example.com:8080",
    b"EXAMPLE.com:0",
    b"a:65535",
    b"a:",  # port = *DIGIT
    b"127.0.0.1",
    b"127.0.0.1:80",
    b"[::1]",
    b"[2001:db8::7]:443",
    b"[::ffff:192.0.2.1]",
    b"[v7.fe80::a+en1]",  # IPvFuture
    b"a%20b",
    b"xn--bcher-kva.example",
    b"a,b",  # sub-delims are reg-name characters
    b"",  # RFC 9112 §3.2: the target URI has no authority
]
INVALID_HOSTS = [
    b"user@a",
    b"a/b",
    b"a, b",
    b"a b",
    b"a:99999999",
    b"a:65536",
    b"a:8o",
    b":80",
    b"a:80:80",
    b"[::1",
    b"::1",
    b"[::g]",
    b"[fe80::1%25en0]",
    b"a%2",
    b"a?b",
    b"a#b",
    b"\xc3\xa9.example",
    b'"a"',
]


@pytest.mark.parametrize("host", VALID_HOSTS)
def test_a_valid_host_is_accepted_and_sent(host: bytes) -> None:
    wire = b"GET / HTTP/1.1\r\nHost: " + host + b"\r\n\r\n"
    assert value(server_receiving(wire)[0].headers, b"host") == host
    conn = h11.Connection(h11.CLIENT)
    sent = conn.send(h11.Request(method="GET", target="/", headers=[(b"Host", host)]))
    assert sent == b"GET / HTTP/1.1\r\nHost: " + host + b"\r\n\r\n"


@FEEDS
@pytest.mark.parametrize("host", INVALID_HOSTS)
def test_an_invalid_host_is_refused_with_400(host: bytes, bytewise: bool) -> None:
    # RFC 9112 §3.2: a server MUST respond 400 to a request with an invalid Host value.
    wire = b"GET / HTTP/1.1\r\nX: y\r\nHost: " + host + b"\r\n\r\n"
    error = refused(server_receiving, wire, bytewise)
    assert str(error) == f"invalid Host header value: {host!r}"
    assert (error.line, error.offset) == (b"Host: " + host, 22)


@pytest.mark.parametrize("host", INVALID_HOSTS)
def test_a_client_refuses_to_send_an_invalid_host(host: bytes) -> None:
    with pytest.raises(h11.LocalProtocolError, match="invalid Host header value"):
        h11.Request(method="GET", target="/", headers=[(b"Host", host)])


def _host_rule(value: bytes) -> bool:
    """RFC 9112 §3.2's Host rule written out: the grammar, then the port's range and the
    IPv6 address (an independent statement of what host_is_valid decides)."""
    match = re.fullmatch(
        rb"(?:\[(?:(?P<ipv6>[0-9A-Fa-f:.]+)|v[0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+)\]"
        rb"|(?P<reg_name>(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})*))"
        rb"(?::(?P<port>[0-9]*))?",
        value,
    )
    if match is None:
        return False
    if match["port"] is not None and (match["reg_name"] == b"" or int(match["port"] or 0) > 65535):
        return False
    if match["ipv6"] is not None:
        try:
            ipaddress.IPv6Address(match["ipv6"].decode())
        except ValueError:
            return False
    return True


@pytest.mark.parametrize("byte", range(256))
def test_each_byte_alone_and_in_a_name_is_judged_by_the_host_rule(byte: int) -> None:
    # host_is_valid takes a shortcut for reg-names without a port; every byte, alone and
    # among reg-name characters, gets the rule's verdict.
    for value in [bytes([byte]), b"a" + bytes([byte]) + b"b.example", b"a:8" + bytes([byte])]:
        assert host_is_valid(value) is _host_rule(value), value


@settings(max_examples=2000, deadline=None)
@given(
    st.binary(max_size=12)
    | st.lists(st.sampled_from(list(b"aZ09-._~!$&'()*+,;=%:[]v@ /")), max_size=12).map(bytes)
)
def test_host_values_are_judged_by_the_host_rule(value: bytes) -> None:
    assert host_is_valid(value) is _host_rule(value)


def test_an_invalid_host_is_refused_in_http_1_0_too() -> None:
    refused(server_receiving, b"GET / HTTP/1.0\r\nHost: a b\r\n\r\n")


def test_host_values_in_responses_are_not_interpreted() -> None:
    events = client_receiving(b"HTTP/1.1 200 OK\r\nHost: a b\r\nContent-Length: 0\r\n\r\n")
    assert value(events[0].headers, b"host") == b"a b"


# ----------------------------------------------------------------- control bytes

CONTROLS = [*range(0x01, 0x09), *range(0x0E, 0x20), 0x7F]


@FEEDS
@pytest.mark.parametrize("byte", CONTROLS, ids=lambda b: f"{b:02x}")
def test_a_control_byte_in_a_request_field_value_is_refused(byte: int, bytewise: bool) -> None:
    # RFC 9110 §5.5: field values are VCHAR, obs-text, SP and HTAB. 0.16 accepted these.
    line = b"X: a%cb" % byte
    error = refused(
        server_receiving, b"GET / HTTP/1.1\r\nHost: a\r\n" + line + b"\r\n\r\n", bytewise
    )
    # Shown through the control byte, its first impossible byte (docs/differences.rst, H10).
    assert str(error) == f"illegal header line: {bytearray(line[:-1])!r}"
    assert (error.line, error.offset) == (line[:-1], 25)


@pytest.mark.parametrize("byte", CONTROLS, ids=lambda b: f"{b:02x}")
def test_the_keyword_accepts_control_bytes_as_0_16_did(byte: int) -> None:
    wire = b"GET / HTTP/1.1\r\nHost: a\r\nX: a%cb\r\n\r\n" % byte
    events = server_receiving(wire, allow_control_characters_in_request_field_values=True)
    assert value(events[0].headers, b"x") == b"a%cb" % byte
    # With limits too (another reader), and the other way round with limits alone.
    events = server_receiving(
        wire, allow_control_characters_in_request_field_values=True, max_header_count=10
    )
    assert value(events[0].headers, b"x") == b"a%cb" % byte
    refused(server_receiving, wire, max_header_count=10)


@FEEDS
def test_a_control_byte_in_a_request_trailer_is_refused(bytewise: bool) -> None:
    wire = b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: a\x1b\r\n\r\n"
    error = refused(server_receiving, wire, bytewise)
    assert str(error) == "illegal header line: bytearray(b'X: a\\x1b')"
    events = server_receiving(
        wire, bytewise, allow_control_characters_in_request_field_values=True
    )
    assert events[-1] == h11.EndOfMessage(headers=[("X", "a\x1b")])


def test_control_bytes_after_a_clean_request_with_the_same_line_are_still_refused() -> None:
    # Parsed lines are cached; a line with a control byte is never cached, whoever sent it.
    line = b"X-Cached: a\x01b"
    client_receiving(b"HTTP/1.1 200 OK\r\n" + line + b"\r\nContent-Length: 0\r\n\r\n")
    client_receiving(b"HTTP/1.1 200 OK\r\n" + line + b"\r\nContent-Length: 0\r\n\r\n")
    refused(server_receiving, b"GET / HTTP/1.1\r\nHost: a\r\n" + line + b"\r\n\r\n")


def test_lines_a_lenient_server_accepted_are_still_refused_by_strict_ones() -> None:
    # A line a lenient server accepted is never cached (it holds a control byte), so a
    # strict server parses it anew and refuses it.
    line = b"X-Lenient: a\x01b"
    wire = b"GET / HTTP/1.1\r\nHost: a\r\nAccept: */*\r\n" + line + b"\r\n\r\n"
    for _ in range(2):
        events = server_receiving(wire, allow_control_characters_in_request_field_values=True)
        assert value(events[0].headers, b"x-lenient") == b"a\x01b"
    error = refused(server_receiving, wire)
    # (Shown through its first impossible byte: docs/differences.rst, H10.)
    shown = line[: line.index(1) + 1]
    assert str(error) == f"illegal header line: {bytearray(shown)!r}"


@pytest.mark.parametrize("byte", CONTROLS, ids=lambda b: f"{b:02x}")
def test_responses_keep_0_16s_rule(byte: int) -> None:
    wire = b"HTTP/1.1 200 OK\r\nX: a%cb\r\nContent-Length: 0\r\n\r\n" % byte
    assert value(client_receiving(wire)[0].headers, b"x") == b"a%cb" % byte
    # The keyword is a server's: a client ignores it.
    assert client_receiving(wire, allow_control_characters_in_request_field_values=True)


@FEEDS
@pytest.mark.parametrize("byte", CONTROLS, ids=lambda b: f"{b:02x}")
def test_a_client_may_ask_for_the_request_rule_in_responses(byte: int, bytewise: bool) -> None:
    line = b"X: a%cb" % byte
    wire = b"HTTP/1.1 200 OK\r\n" + line + b"\r\nContent-Length: 0\r\n\r\n"
    # A line cached by a lenient client first must not let it through.
    assert client_receiving(wire)
    error = refused(
        client_receiving, wire, bytewise, refuse_control_characters_in_response_field_values=True
    )
    # Shown through the control byte, its first impossible byte (docs/differences.rst, H10).
    assert str(error) == f"illegal header line: {bytearray(line[:-1])!r}"
    assert (error.line, error.offset) == (line[:-1], 17)


@FEEDS
def test_the_response_rule_applies_to_trailers_and_not_to_a_server(bytewise: bool) -> None:
    chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: a\x1b\r\n\r\n"
    error = refused(
        client_receiving,
        chunked,
        bytewise,
        refuse_control_characters_in_response_field_values=True,
    )
    assert str(error) == "illegal header line: bytearray(b'X: a\\x1b')"
    # A server's requests have that rule already; the switch changes nothing there.
    request = b"GET / HTTP/1.1\r\nHost: a\r\nX: a\tb\r\n\r\n"
    events = server_receiving(
        request, bytewise, refuse_control_characters_in_response_field_values=True
    )
    assert value(events[0].headers, b"x") == b"a\tb"


def test_tab_and_obs_text_stay_accepted_in_requests() -> None:
    wire = b"GET / HTTP/1.1\r\nHost: a\r\nX: a\tb \x80\xff\r\n\r\n"
    assert value(server_receiving(wire)[0].headers, b"x") == b"a\tb \x80\xff"


# -------------------------------------------------------------- relayed headers

LENIENT = {
    "allow_non_token_header_names_in_responses": True,
    "allow_vertical_tab_and_form_feed_in_response_header_values": True,
}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (b"X(y)@: 1", "Illegal header name b'X(y)@'"),
        (b"Z: a\x0bb\x0c", "Illegal header value b'a\\x0bb\\x0c'"),
    ],
)
def test_headers_accepted_under_leniency_are_checked_again_when_sent(
    line: bytes, message: str
) -> None:
    wire = b"HTTP/1.1 200 OK\r\n" + line + b"\r\nContent-Length: 0\r\n\r\n"
    response = client_receiving(wire, **LENIENT)[0]
    # The same error as for the pairs given as a list, whichever way they are relayed.
    with pytest.raises(h11.LocalProtocolError) as as_list:
        h11.Response(status_code=200, headers=response.headers.raw_items())
    assert str(as_list.value) == message
    with pytest.raises(h11.LocalProtocolError) as as_headers:
        h11.Response(status_code=200, headers=response.headers)
    assert str(as_headers.value) == message
    with pytest.raises(h11.LocalProtocolError):
        h11.Request(method="GET", target="/", headers=[("Host", "a"), *response.headers])
    with pytest.raises(h11.LocalProtocolError):
        h11.EndOfMessage(headers=response.headers)
    # The received event itself, sent on by a proxy's server connection.
    server = h11.Connection(h11.SERVER)
    server.receive_data(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
    drain(server)
    with pytest.raises(h11.LocalProtocolError) as sent:
        server.send(response)
    assert str(sent.value) == message


def test_headers_within_the_grammar_relay_as_before_under_leniency() -> None:
    wire = b"HTTP/1.1 200 OK\r\nX-Ok: 1\r\nContent-Length: 0\r\n\r\n"
    response = client_receiving(wire, **LENIENT)[0]
    server = h11.Connection(h11.SERVER)
    server.receive_data(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
    drain(server)
    assert server.send(h11.Response(status_code=200, headers=response.headers)) == (
        b"HTTP/1.1 200 \r\nX-Ok: 1\r\nContent-Length: 0\r\n\r\n"
    )


def test_the_control_byte_table_marks_exactly_the_refused_bytes() -> None:
    # RFC 9110 §5.5: every C0 control but HTAB, and DEL; the table is what the parser scans.
    from h11._abnf import REQUEST_HEAD_CONTROL_TABLE

    marked = [byte for byte in range(256) if REQUEST_HEAD_CONTROL_TABLE[byte] == 1]
    assert marked == [*range(0x09), *range(0x0A, 0x20), 0x7F]
    assert all(REQUEST_HEAD_CONTROL_TABLE[byte] == 0 for byte in range(256) if byte not in marked)
