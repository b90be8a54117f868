"""Receiving message heads: start lines, header lines, early rejection, head-level checks.

Contract: docs/design.rst, design-receive; RFC 9112 §2-§5 (finding the head, request line,
status line, header lines), RFC 9110 §8.6 and RFC 9112 §6.1 (Content-Length /
Transfer-Encoding on parsed heads), RFC 9112 §3.2 (Host checks), design-error-messages, and the
decided differences Q4 (blank lines before a request line), H2 (CL+TE), H3 (TE in HTTP/1.0),
H6 (CONNECT with a body) and H7 (request-target forms).
"""

from __future__ import annotations

from typing import Any

import pytest

import h11
from corpus.model import (
    REQUEST_FIELD_LINE,
    REQUEST_LINE,
    RESPONSE_FIELD_LINE,
    STATUS_LINE,
    line_through_first_impossible_byte,
)
from helpers import (
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


def request(*lines: bytes, body: bytes = b"") -> bytes:
    return b"".join(line + b"\r\n" for line in lines) + b"\r\n" + body


def shown(line: bytes, rule: Any) -> bytes:
    """``line`` as errors show it: through its first impossible byte (differences.rst, H10)."""
    return line_through_first_impossible_byte(line, rule)


# --------------------------------------------------------------------------------------------
# Basic parsing


@FEEDING
def test_request_head_gives_request_then_end_of_message(bytewise: bool) -> None:
    conn = h11.Connection(h11.SERVER)
    events = receive(
        conn, b"GET /index.html HTTP/1.1\r\nHost: example.com\r\n\r\n", bytewise=bytewise
    )
    assert events == [
        h11.Request(method="GET", target="/index.html", headers=[("Host", "example.com")]),
        h11.EndOfMessage(),
    ]
    assert conn.states == {h11.CLIENT: h11.DONE, h11.SERVER: h11.SEND_RESPONSE}
    assert conn.their_http_version == b"1.1"


def test_parsed_request_fields_are_bytes_and_keep_received_name_casing() -> None:
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(b"GET /x HTTP/1.1\r\nHoSt: a\r\nX-Custom-THING: Value\r\n\r\n")
    event = conn.next_event()
    assert type(event) is h11.Request
    for value in (event.method, event.target, event.http_version):
        assert type(value) is bytes
    for name, value in event.headers:
        assert type(name) is bytes
        assert type(value) is bytes
    assert list(event.headers) == [(b"host", b"a"), (b"x-custom-thing", b"Value")]
    assert event.headers.raw_items() == [(b"HoSt", b"a"), (b"X-Custom-THING", b"Value")]


@FEEDING
def test_response_head_gives_response_then_end_of_message(bytewise: bool) -> None:
    conn = client_waiting_for_response()
    data = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nServer: x\r\n\r\n"
    events = receive(conn, data, bytewise=bytewise)
    assert events == [
        h11.Response(
            status_code=200, reason=b"OK", headers=[("Content-Length", "0"), ("Server", "x")]
        ),
        h11.EndOfMessage(),
    ]
    response = events[0]
    assert type(response.status_code) is int
    assert type(response.reason) is bytes
    assert type(response.http_version) is bytes
    assert response.headers.raw_items() == [(b"Content-Length", b"0"), (b"Server", b"x")]
    assert conn.states == {h11.CLIENT: h11.DONE, h11.SERVER: h11.DONE}
    assert conn.their_http_version == b"1.1"


def test_client_may_receive_a_response_before_sending_a_request() -> None:
    conn = h11.Connection(h11.CLIENT)
    events = receive(conn, b"HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\n\r\n")
    assert events == [
        h11.Response(
            status_code=408, reason=b"Request Timeout", headers=[("Content-Length", "0")]
        ),
        h11.EndOfMessage(),
    ]
    assert conn.states == {h11.CLIENT: h11.IDLE, h11.SERVER: h11.DONE}


@pytest.mark.parametrize("version", [b"1.0", b"1.1", b"1.2"])
def test_their_http_version_follows_the_received_request(version: bytes) -> None:
    conn = h11.Connection(h11.SERVER)
    assert conn.their_http_version is None
    conn.receive_data(b"GET / HTTP/" + version + b"\r\nHost: a\r\n\r\n")
    event = conn.next_event()
    assert type(event) is h11.Request
    assert event.http_version == version
    assert conn.their_http_version == version


def test_head_is_not_consumed_until_complete() -> None:
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(b"GET / HTTP/1.1\r\nHost: a\r\n")
    assert conn.next_event() is h11.NEED_DATA
    assert conn.next_event() is h11.NEED_DATA
    assert conn.trailing_data == (b"GET / HTTP/1.1\r\nHost: a\r\n", False)
    conn.receive_data(b"\r\n")
    assert conn.next_event() == h11.Request(method="GET", target="/", headers=[("Host", "a")])


# --------------------------------------------------------------------------------------------
# Line endings (§9.1)

REQUEST_LINE_ENDINGS = {
    "crlf": b"GET / HTTP/1.1\r\nHost: a\r\nX: y\r\n\r\n",
    "lf": b"GET / HTTP/1.1\nHost: a\nX: y\n\n",
    "mixed-crlf-end": b"GET / HTTP/1.1\nHost: a\r\nX: y\n\r\n",
    "mixed-lf-end": b"GET / HTTP/1.1\r\nHost: a\nX: y\r\n\n",
}


@FEEDING
@pytest.mark.parametrize("data", REQUEST_LINE_ENDINGS.values(), ids=REQUEST_LINE_ENDINGS.keys())
def test_request_head_accepts_crlf_lf_and_mixed_line_endings(data: bytes, bytewise: bool) -> None:
    conn = h11.Connection(h11.SERVER)
    assert receive(conn, data, bytewise=bytewise) == [
        h11.Request(method="GET", target="/", headers=[("Host", "a"), ("X", "y")]),
        h11.EndOfMessage(),
    ]


RESPONSE_LINE_ENDINGS = {
    "crlf": b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX: y\r\n\r\n",
    "lf": b"HTTP/1.1 200 OK\nContent-Length: 0\nX: y\n\n",
    "mixed-crlf-end": b"HTTP/1.1 200 OK\nContent-Length: 0\r\nX: y\n\r\n",
    "mixed-lf-end": b"HTTP/1.1 200 OK\r\nContent-Length: 0\nX: y\r\n\n",
}


@FEEDING
@pytest.mark.parametrize("data", RESPONSE_LINE_ENDINGS.values(), ids=RESPONSE_LINE_ENDINGS.keys())
def test_response_head_accepts_crlf_lf_and_mixed_line_endings(data: bytes, bytewise: bool) -> None:
    conn = client_waiting_for_response()
    assert receive(conn, data, bytewise=bytewise) == [
        h11.Response(status_code=200, reason=b"OK", headers=[("Content-Length", "0"), ("X", "y")]),
        h11.EndOfMessage(),
    ]


@ROLES
def test_bare_cr_inside_a_header_line_stays_in_the_line_and_is_rejected(role: Any) -> None:
    conn = receiver(role)
    start = b"GET / HTTP/1.1" if role is h11.SERVER else b"HTTP/1.1 200 OK"
    _, exc = receive_error(conn, start + b"\r\nHost: a\r\nX: a\rb\r\n\r\n")
    assert_rpe(exc, line_message("illegal header line", b"X: a\rb"))


def test_bare_cr_at_end_of_request_line_is_rejected() -> None:
    # Only one CR is removed before the LF; the second stays in the line.
    _, exc = receive_error(h11.Connection(h11.SERVER), b"GET / HTTP/1.1\r\r\nHost: a\r\n\r\n")
    assert_rpe(exc, line_message("illegal request line", b"GET / HTTP/1.1\r\r"))


# --------------------------------------------------------------------------------------------
# Blank lines before the start line (Q4)

LEADING_BLANK_LINES = [b"\r\n", b"\n", b"\r\n\r\n", b"\n\r\n\n", b"\r\n" * 5]


@FEEDING
@pytest.mark.parametrize("prefix", LEADING_BLANK_LINES)
def test_server_skips_blank_lines_before_request_line(prefix: bytes, bytewise: bool) -> None:
    conn = h11.Connection(h11.SERVER)
    events = receive(conn, prefix + b"GET / HTTP/1.1\r\nHost: a\r\n\r\n", bytewise=bytewise)
    assert events == [
        h11.Request(method="GET", target="/", headers=[("Host", "a")]),
        h11.EndOfMessage(),
    ]


def test_server_skips_blank_lines_before_a_pipelined_request() -> None:
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(
        b"GET /1 HTTP/1.1\r\nHost: a\r\n\r\n\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n"
    )
    assert drain(conn)[:2] == [
        h11.Request(method="GET", target="/1", headers=[("Host", "a")]),
        h11.EndOfMessage(),
    ]
    conn.send(h11.Response(status_code=200, headers=[("Content-Length", "0")]))
    conn.send(h11.EndOfMessage())
    conn.start_next_cycle()
    assert drain(conn) == [
        h11.Request(method="GET", target="/2", headers=[("Host", "a")]),
        h11.EndOfMessage(),
        h11.NEED_DATA,
    ]


def test_server_waits_after_a_lone_cr_to_see_whether_it_starts_a_blank_line() -> None:
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(b"\r")
    assert conn.next_event() is h11.NEED_DATA
    conn.receive_data(b"\nGET / HTTP/1.1\r\nHost: a\r\n\r\n")
    assert conn.next_event() == h11.Request(method="GET", target="/", headers=[("Host", "a")])


@pytest.mark.parametrize(
    "data", [b"\rX", b"\r ", b"\r\n\x16", b"\r\n \r\n", b"\n\x00", b"\r\n\r\n\t"]
)
def test_server_rejects_non_blank_control_bytes_after_skipped_blank_lines(data: bytes) -> None:
    _, exc = receive_error(h11.Connection(h11.SERVER), data)
    assert_rpe(exc, "illegal request line")


@pytest.mark.parametrize("prefix", [b"\r\n", b"\n", b"\n\r\n"])
def test_client_rejects_blank_line_before_status_line(prefix: bytes) -> None:
    conn = client_waiting_for_response()
    _, exc = receive_error(conn, prefix + b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
    assert_rpe(exc, "no response line received")


def test_client_rejects_lone_lf_before_status_line_fed_bytewise() -> None:
    conn = client_waiting_for_response()
    _, exc = receive_error(conn, b"\nHTTP/1.1 200 OK\r\n\r\n", bytewise=True)
    assert_rpe(exc, "no response line received")


def test_client_rejects_a_lone_first_cr_immediately() -> None:
    # §9.1: the response parser does not wait for the LF; early rejection applies (Q5 text).
    conn = client_waiting_for_response()
    _, exc = receive_error(conn, b"\r")
    assert_rpe(exc, "illegal request line")


# --------------------------------------------------------------------------------------------
# Early rejection of an obviously invalid first byte (§9.1)

EARLY_REJECTED_FIRST_BYTES = [b"\x00", b"\x01", b"\t", b"\x0b", b" ", b"\x16", b"\x1f"]


@ROLES
@pytest.mark.parametrize("first", EARLY_REJECTED_FIRST_BYTES)
def test_first_byte_below_0x21_is_rejected_before_any_newline(role: Any, first: bytes) -> None:
    _, exc = receive_error(receiver(role), first)
    assert_rpe(exc, "illegal request line")


@ROLES
def test_tls_hello_is_rejected_as_illegal_request_line(role: Any) -> None:
    _, exc = receive_error(receiver(role), b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03")
    assert_rpe(exc, "illegal request line")


@ROLES
@pytest.mark.parametrize("first", [b"!", b"G", b"H", b"\x7f", b"\x80", b"\xff"])
def test_a_first_byte_from_0x21_up_waits_if_a_start_line_can_begin_with_it(
    role: Any, first: bytes
) -> None:
    # A method is a token (RFC 9112 §3); a status line begins with "HTTP/" (§4). Any other
    # first byte is impossible, and refused as such (docs/differences.rst, H10).
    conn = receiver(role)
    conn.receive_data(first)
    if role is h11.SERVER:
        can_begin = first in (b"!", b"G", b"H")
        kind = "request"
    else:
        can_begin = first == b"H"
        kind = "status"
    if can_begin:
        assert conn.next_event() is h11.NEED_DATA
    else:
        with pytest.raises(h11.RemoteProtocolError) as info:
            conn.next_event()
        assert_rpe(info.value, line_message(f"illegal {kind} line", first))


def test_complete_request_line_starting_with_space_reports_the_line() -> None:
    _, exc = receive_error(h11.Connection(h11.SERVER), b" GET / HTTP/1.1\r\nHost: a\r\n\r\n")
    assert_rpe(exc, line_message("illegal request line", b" GET / HTTP/1.1"))


def test_request_line_starting_with_space_fed_bytewise_is_rejected_at_first_byte() -> None:
    events, exc = receive_error(
        h11.Connection(h11.SERVER), b" GET / HTTP/1.1\r\nHost: a\r\n\r\n", bytewise=True
    )
    assert events == []
    assert_rpe(exc, "illegal request line")


# --------------------------------------------------------------------------------------------
# Request line grammar (§9.2)

BAD_REQUEST_LINES = [
    b"GET  / HTTP/1.1",
    b"GET /  HTTP/1.1",
    b"GET / HTTP/1.1 ",
    b"GET / http/1.1",
    b"GET / Http/1.1",
    b"GET / HTTPS/1.1",
    b"GET / HTTP /1.1",
    b"GET /",
    b"GET / ",
    b"GET",
    b"GET / HTTP/1",
    b"GET / HTTP/1.",
    b"GET / HTTP/11",
    b"GET / HTTP/1.10",
    b"GET / HTTP/10.1",
    b"GET / HTTP/a.b",
    b"GET / HTTP/1,1",
    b"GET / HTTP/1.1 extra",
    b"GET\t/ HTTP/1.1",
    b"GET /\tHTTP/1.1",
    b"GET /a b HTTP/1.1",
    b"GET /\x7f HTTP/1.1",
    b"GET /\x80 HTTP/1.1",
    b"GET /\xff HTTP/1.1",
    b"GET /\x00 HTTP/1.1",
    b"GET /\x01 HTTP/1.1",
    b"GET /a\rb HTTP/1.1",
    b"G(T / HTTP/1.1",
    b"G:T / HTTP/1.1",
    b'G"T / HTTP/1.1',
    b"GE\xc3\x9cT / HTTP/1.1",
    b"/ HTTP/1.1",
]


@FEEDING
@pytest.mark.parametrize("line", BAD_REQUEST_LINES)
def test_malformed_request_line_is_rejected(line: bytes, bytewise: bool) -> None:
    events, exc = receive_error(
        h11.Connection(h11.SERVER), request(line, b"Host: a"), bytewise=bytewise
    )
    assert events == []
    assert_rpe(exc, line_message("illegal request line", shown(line, REQUEST_LINE)))


GOOD_REQUEST_LINES = [
    # (line, method, target, version)
    (b"get / HTTP/1.1", b"get", b"/", b"1.1"),
    (b"GeT / HTTP/1.1", b"GeT", b"/", b"1.1"),
    (b"X!#$%&'*+-.^_`|~Z9 / HTTP/1.1", b"X!#$%&'*+-.^_`|~Z9", b"/", b"1.1"),
    (b"GET /%41?q=1&r=[x]#f HTTP/1.1", b"GET", b"/%41?q=1&r=[x]#f", b"1.1"),
    (b"GET /~!$&'()*+,;=:@ HTTP/1.1", b"GET", b"/~!$&'()*+,;=:@", b"1.1"),
    (b"POST / HTTP/1.1", b"POST", b"/", b"1.1"),
    (b"GET / HTTP/1.0", b"GET", b"/", b"1.0"),
    (b"GET / HTTP/0.9", b"GET", b"/", b"0.9"),
    (b"GET / HTTP/1.2", b"GET", b"/", b"1.2"),
    (b"GET / HTTP/2.0", b"GET", b"/", b"2.0"),
    (b"GET / HTTP/9.9", b"GET", b"/", b"9.9"),
]


@pytest.mark.parametrize(("line", "method", "target", "version"), GOOD_REQUEST_LINES)
def test_well_formed_request_line_is_parsed_verbatim(
    line: bytes, method: bytes, target: bytes, version: bytes
) -> None:
    conn = h11.Connection(h11.SERVER)
    event = receive(conn, request(line, b"Host: a"))[0]
    assert event == h11.Request(
        method=method, target=target, http_version=version, headers=[("Host", "a")]
    )


@pytest.mark.parametrize("version", [b"1.0", b"1.2", b"2.0", b"0.9"])
def test_request_without_host_is_accepted_for_versions_other_than_1_1(version: bytes) -> None:
    conn = h11.Connection(h11.SERVER)
    event = receive(conn, request(b"GET / HTTP/" + version))[0]
    assert event == h11.Request(method="GET", target="/", http_version=version, headers=[])


@FEEDING
def test_http2_prior_knowledge_preface_parses_as_request_and_pauses(bytewise: bool) -> None:
    conn = h11.Connection(h11.SERVER)
    events = receive(conn, b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", bytewise=bytewise)
    assert events[:3] == [
        h11.Request(method="PRI", target="*", http_version="2.0", headers=[]),
        h11.EndOfMessage(),
        h11.PAUSED,
    ]
    assert all(e is h11.PAUSED for e in events[3:])
    assert conn.next_event() is h11.PAUSED
    assert conn.trailing_data == (b"SM\r\n\r\n", False)


# --------------------------------------------------------------------------------------------
# Request-target forms (H7)

GOOD_TARGETS = [
    (b"GET", b"/"),
    (b"GET", b"/path/to?query=1"),
    (b"GET", b"//double"),
    (b"GET", b"http://example.com/x"),
    (b"GET", b"HTTPS://example.com"),
    (b"GET", b"a+b-c.d9://x"),
    (b"GET", b"urn:isbn:0451450523"),
    (b"POST", b"http://example.com:8080/?a=b"),
    (b"OPTIONS", b"*"),
    (b"OPTIONS", b"/"),
    (b"OPTIONS", b"http://example.com"),
    (b"CONNECT", b"example.com:443"),
    (b"CONNECT", b"127.0.0.1:8080"),
    (b"CONNECT", b"[::1]:443"),
]


@pytest.mark.parametrize(("method", "target"), GOOD_TARGETS)
def test_request_target_in_an_allowed_form_is_accepted(method: bytes, target: bytes) -> None:
    conn = h11.Connection(h11.SERVER)
    event = receive(conn, request(method + b" " + target + b" HTTP/1.1", b"Host: a"))[0]
    assert event == h11.Request(method=method, target=target, headers=[("Host", "a")])


BAD_TARGETS = [
    (b"GET", b"*", b"1.1"),
    (b"HEAD", b"*", b"1.1"),
    (b"POST", b"*", b"1.1"),
    (b"PRI", b"*", b"1.1"),
    (b"GET", b"!", b"1.1"),
    (b"GET", b"example.com", b"1.1"),
    (b"GET", b"?x=1", b"1.1"),
    (b"GET", b"#frag", b"1.1"),
    (b"GET", b"%2Fpath", b"1.1"),
    (b"GET", b"1http://example.com/", b"1.1"),
    (b"GET", b"+a://example.com/", b"1.1"),
    (b"GET", b":80", b"1.1"),
    (b"GET", b"*/", b"1.1"),
    (b"CONNECT", b"/", b"1.1"),
    (b"CONNECT", b"*", b"1.1"),
    (b"CONNECT", b"example.com", b"1.1"),
    (b"CONNECT", b"http://example.com/", b"1.1"),
    (b"GET", b"!", b"1.0"),
]


@FEEDING
@pytest.mark.parametrize(("method", "target", "version"), BAD_TARGETS)
def test_request_target_in_no_allowed_form_is_rejected(
    method: bytes, target: bytes, version: bytes, bytewise: bool
) -> None:
    line = method + b" " + target + b" HTTP/" + version
    events, exc = receive_error(
        h11.Connection(h11.SERVER), request(line, b"Host: a"), bytewise=bytewise
    )
    assert events == []
    assert_rpe(exc, f"illegal request target: {target!r}")


# --------------------------------------------------------------------------------------------
# Status line (§9.3)

GOOD_STATUS_LINES = [
    # (line, status, reason, version)
    (b"HTTP/1.1 200 OK", 200, b"OK", b"1.1"),
    (b"HTTP/1.1 200", 200, b"", b"1.1"),
    (b"HTTP/1.1 200 ", 200, b"", b"1.1"),
    (b"HTTP/1.1 200  OK", 200, b" OK", b"1.1"),
    (b"HTTP/1.1 200 Not  Really OK ", 200, b"Not  Really OK ", b"1.1"),
    (b"HTTP/1.1 200 \tOK\t", 200, b"\tOK\t", b"1.1"),
    (b"HTTP/1.1 200 \x80\xff caf\xc3\xa9", 200, b"\x80\xff caf\xc3\xa9", b"1.1"),
    (b"HTTP/1.1 200 a\x01b\x7fc", 200, b"a\x01b\x7fc", b"1.1"),
    (b"HTTP/1.1 200 a:b/c", 200, b"a:b/c", b"1.1"),
    (b"HTTP/1.1 404 Not Found", 404, b"Not Found", b"1.1"),
    (b"HTTP/1.1 299 X", 299, b"X", b"1.1"),
    (b"HTTP/1.1 999 Whatever", 999, b"Whatever", b"1.1"),
    (b"HTTP/1.1 600", 600, b"", b"1.1"),
    (b"HTTP/1.2 200 OK", 200, b"OK", b"1.2"),
    (b"HTTP/2.0 200 OK", 200, b"OK", b"2.0"),
]


@pytest.mark.parametrize(("line", "status", "reason", "version"), GOOD_STATUS_LINES)
def test_well_formed_status_line_is_parsed_verbatim(
    line: bytes, status: int, reason: bytes, version: bytes
) -> None:
    conn = client_waiting_for_response()
    events = receive(conn, request(line, b"Content-Length: 0"))
    # Fields are compared one by one: Q3 forbids some of these reasons in a *constructed*
    # Response, while parsed responses keep the wider rule of §9.3.
    assert len(events) == 2
    response = events[0]
    assert type(response) is h11.Response
    assert (response.status_code, response.reason, response.http_version) == (
        status,
        reason,
        version,
    )
    assert type(response.reason) is bytes
    assert response.headers == [(b"content-length", b"0")]
    assert events[1] == h11.EndOfMessage()


def test_http_1_0_response_is_parsed_and_turns_keep_alive_off() -> None:
    conn = client_waiting_for_response()
    events = receive(conn, request(b"HTTP/1.0 200 OK", b"Content-Length: 0"))
    assert events == [
        h11.Response(
            status_code=200, reason=b"OK", http_version=b"1.0", headers=[("Content-Length", "0")]
        ),
        h11.EndOfMessage(),
    ]
    assert conn.their_http_version == b"1.0"
    assert conn.states == {h11.CLIENT: h11.MUST_CLOSE, h11.SERVER: h11.MUST_CLOSE}


@FEEDING
def test_informational_responses_precede_the_final_response(bytewise: bool) -> None:
    conn = client_waiting_for_response()
    data = (
        b"HTTP/1.1 100 Continue\r\n\r\n"
        b"HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
        b"HTTP/1.1 199\r\n\r\n"
        b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
    )
    assert receive(conn, data, bytewise=bytewise) == [
        h11.InformationalResponse(status_code=100, reason=b"Continue", headers=[]),
        h11.InformationalResponse(
            status_code=103, reason=b"Early Hints", headers=[("Link", "</a.css>; rel=preload")]
        ),
        h11.InformationalResponse(status_code=199, headers=[]),
        h11.Response(status_code=200, reason=b"OK", headers=[("Content-Length", "0")]),
        h11.EndOfMessage(),
    ]


def test_informational_response_leaves_states_unchanged() -> None:
    conn = client_waiting_for_response()
    assert receive(conn, b"HTTP/1.1 100 Continue\r\n\r\n") == [
        h11.InformationalResponse(status_code=100, reason=b"Continue", headers=[])
    ]
    assert conn.states == {h11.CLIENT: h11.DONE, h11.SERVER: h11.SEND_RESPONSE}
    assert conn.their_http_version == b"1.1"


BAD_STATUS_LINES = [
    b"HTTP/1.1 20 OK",
    b"HTTP/1.1 2000 OK",
    b"HTTP/1.1 20x OK",
    b"HTTP/1.1 +20 OK",
    b"HTTP/1.1 200OK",
    b"HTTP/1.1  200 OK",
    b"HTTP/1.1\t200 OK",
    b"HTTP/1.1",
    b"HTTP/1.1 ",
    b"http/1.1 200 OK",
    b"HTTP/11 200 OK",
    b"HTTP/1.1.1 200 OK",
    b"HTTP/a.b 200 OK",
    b"ICY 200 OK",
    b"HTTP/1.1 200 O\x00K",
    b"HTTP/1.1 200 O\x0bK",
    b"HTTP/1.1 200 O\x0cK",
    b"HTTP/1.1 200 O\rK",
]


@FEEDING
@pytest.mark.parametrize("line", BAD_STATUS_LINES)
def test_malformed_status_line_is_rejected(line: bytes, bytewise: bool) -> None:
    conn = client_waiting_for_response()
    events, exc = receive_error(conn, request(line, b"Content-Length: 0"), bytewise=bytewise)
    assert events == []
    assert_rpe(exc, line_message("illegal status line", shown(line, STATUS_LINE)))


@pytest.mark.parametrize(("code", "shown"), [(b"099", 99), (b"000", 0), (b"001", 1), (b"010", 10)])
def test_status_below_100_fails_the_informational_range_check(code: bytes, shown: int) -> None:
    conn = client_waiting_for_response()
    _, exc = receive_error(conn, request(b"HTTP/1.1 " + code + b" Odd"))
    assert_rpe(
        exc, f"InformationalResponse status_code should be in range [100, 200), not {shown}"
    )


def test_101_without_an_upgrade_proposal_is_rejected() -> None:
    conn = client_waiting_for_response()
    _, exc = receive_error(conn, request(b"HTTP/1.1 101 Switching Protocols", b"Upgrade: x"))
    assert_rpe(exc, "Received server _SWITCH_UPGRADE event without a pending proposal")


# --------------------------------------------------------------------------------------------
# Header lines (§9.4)

GOOD_HEADER_LINES = [
    (b"X: y", b"y"),
    (b"X:y", b"y"),
    (b"X:   y   ", b"y"),
    (b"X:\t y \t", b"y"),
    (b"X: a b\tc", b"a b\tc"),
    (b"X: a  \t  b", b"a  \t  b"),
    (b"X:", b""),
    (b"X:   ", b""),
    (b"X:\t", b""),
    (b"X: \xff\x80", b"\xff\x80"),
    (b"X: a:b: c", b"a:b: c"),
    (b'X: "quoted , value"', b'"quoted , value"'),
]


@pytest.mark.parametrize(("line", "value"), GOOD_HEADER_LINES)
def test_header_value_is_parsed_with_surrounding_whitespace_stripped(
    line: bytes, value: bytes
) -> None:
    conn = h11.Connection(h11.SERVER)
    event = receive(conn, request(b"GET / HTTP/1.1", b"Host: a", line))[0]
    assert list(event.headers) == [(b"host", b"a"), (b"x", value)]


@pytest.mark.parametrize(
    "name", [b"X-!#$%&'*+.^_`|~", b"x", b"ALLCAPS", b"123", b"a.b", b"a_b", b"`tick`"]
)
def test_header_name_made_of_token_characters_is_accepted(name: bytes) -> None:
    conn = h11.Connection(h11.SERVER)
    event = receive(conn, request(b"GET / HTTP/1.1", b"Host: a", name + b": v"))[0]
    assert list(event.headers) == [(b"host", b"a"), (name.lower(), b"v")]
    assert event.headers.raw_items() == [(b"Host", b"a"), (name, b"v")]


BAD_HEADER_LINES = [
    b"X : y",
    b"X\t: y",
    b"X y",
    b"Xy",
    b": y",
    b":",
    b"X(: y",
    b"X,Y: y",
    b"X/Y: y",
    b"X@Y: y",
    b"\xc3\x9c: y",
    b"X\x7f: y",
    b"X: a\x00b",
    b"X: \x00",
    b"X: a\x0bb",
    b"X: a\x0cb",
    b"X: a\rb",
    b"X: a\r",
]


@FEEDING
@ROLES
@pytest.mark.parametrize("line", BAD_HEADER_LINES)
def test_malformed_header_line_is_rejected(line: bytes, role: Any, bytewise: bool) -> None:
    start = b"GET / HTTP/1.1" if role is h11.SERVER else b"HTTP/1.1 200 OK"
    events, exc = receive_error(
        receiver(role), request(start, b"Host: a", line), bytewise=bytewise
    )
    assert events == []
    rule = REQUEST_FIELD_LINE if role is h11.SERVER else RESPONSE_FIELD_LINE
    assert_rpe(exc, line_message("illegal header line", shown(line, rule)))


OBS_FOLDS = [
    (b"X: a\r\n b", b"a b"),
    (b"X: a\r\n\tb", b"a b"),
    (b"X: a\r\n  \t b", b"a b"),
    (b"X: a  \r\n \t b", b"a b"),  # whitespace before the fold too (differences.rst)
    (b"X: a\r\n b\r\n c", b"a b c"),
    (b"X: a\n b", b"a b"),
    (b"X: a\r\n   ", b"a"),
    (b"X:\r\n b", b"b"),
]


@FEEDING
@pytest.mark.parametrize(("lines", "value"), OBS_FOLDS)
def test_obsolete_line_folding_is_joined_with_one_space(
    lines: bytes, value: bytes, bytewise: bool
) -> None:
    conn = h11.Connection(h11.SERVER)
    data = request(b"GET / HTTP/1.1", b"Host: a", lines, b"Y: z")
    events = receive(conn, data, bytewise=bytewise)
    assert events == [
        h11.Request(method="GET", target="/", headers=[("Host", "a"), ("X", value), ("Y", "z")]),
        h11.EndOfMessage(),
    ]
    assert events[0].headers.raw_items()[1] == (b"X", value)


def test_obsolete_line_folding_in_a_response_head() -> None:
    conn = client_waiting_for_response()
    events = receive(conn, request(b"HTTP/1.1 200 OK", b"X: a", b"\tb", b"Content-Length: 0"))
    assert events == [
        h11.Response(
            status_code=200, reason=b"OK", headers=[("X", "a b"), ("Content-Length", "0")]
        ),
        h11.EndOfMessage(),
    ]


@ROLES
@pytest.mark.parametrize("first", [b" Host: a", b"\tHost: a", b" "])
def test_continuation_as_first_header_line_is_rejected(role: Any, first: bytes) -> None:
    start = b"GET / HTTP/1.1" if role is h11.SERVER else b"HTTP/1.1 200 OK"
    _, exc = receive_error(receiver(role), request(start, first, b"Host: a"))
    assert_rpe(exc, "continuation line at start of headers")


def test_folded_line_is_checked_after_joining() -> None:
    # (A bad byte before the fold is refused as it arrives, H10: this one comes after it.)
    _, exc = receive_error(
        h11.Connection(h11.SERVER), request(b"GET / HTTP/1.1", b"Host: a", b"X: a", b" \x00y")
    )
    assert_rpe(exc, line_message("illegal header line", b"X: a \x00y"))


# --------------------------------------------------------------------------------------------
# Host (§5.3 on received requests)


@pytest.mark.parametrize("version", [b"1.0", b"1.1", b"1.2"])
@pytest.mark.parametrize(
    "hosts", [(b"Host: a", b"Host: a"), (b"Host: a", b"host: b"), (b"HOST: a", b"hOsT:")]
)
def test_duplicate_host_is_rejected_on_any_version(
    version: bytes, hosts: tuple[bytes, ...]
) -> None:
    _, exc = receive_error(h11.Connection(h11.SERVER), request(b"GET / HTTP/" + version, *hosts))
    assert_rpe(exc, "Found multiple Host: headers")


def test_missing_host_on_http_1_1_is_rejected() -> None:
    _, exc = receive_error(h11.Connection(h11.SERVER), request(b"GET / HTTP/1.1", b"X: y"))
    assert_rpe(exc, "Missing mandatory Host: header")


@pytest.mark.parametrize("host", [b"Host:", b"Host: ", b"HOST:\t"])
def test_empty_host_value_is_accepted(host: bytes) -> None:
    event = receive(h11.Connection(h11.SERVER), request(b"GET / HTTP/1.1", host))[0]
    assert list(event.headers) == [(b"host", b"")]


def test_host_headers_on_responses_are_not_checked() -> None:
    conn = client_waiting_for_response()
    events = receive(
        conn, request(b"HTTP/1.1 200 OK", b"Host: a", b"Host: b", b"Content-Length: 0")
    )
    assert events == [
        h11.Response(
            status_code=200,
            reason=b"OK",
            headers=[("Host", "a"), ("Host", "b"), ("Content-Length", "0")],
        ),
        h11.EndOfMessage(),
    ]


# --------------------------------------------------------------------------------------------
# Content-Length on received heads (§4.3)

GOOD_CONTENT_LENGTHS = [
    ([b"3"], b"3"),
    ([b"3, 3"], b"3"),
    ([b"3,3,3"], b"3"),
    ([b"3", b"3"], b"3"),
    ([b"3 , 3", b"3"], b"3"),
    ([b"03"], b"03"),
    ([b"00000000000000000003"], b"00000000000000000003"),
]


@FEEDING
@pytest.mark.parametrize(("values", "stored"), GOOD_CONTENT_LENGTHS)
def test_equal_content_lengths_merge_into_one_header(
    values: list[bytes], stored: bytes, bytewise: bool
) -> None:
    lines = [b"Content-Length: " + v for v in values]
    data = request(b"POST / HTTP/1.1", b"Host: a", *lines, body=b"abc")
    events = receive(h11.Connection(h11.SERVER), data, bytewise=bytewise)
    assert events[0] == h11.Request(
        method="POST", target="/", headers=[("Host", "a"), ("Content-Length", stored)]
    )
    assert events[0].headers.raw_items() == [(b"Host", b"a"), (b"Content-Length", stored)]
    assert b"".join(bytes(e.data) for e in events if type(e) is h11.Data) == b"abc"
    assert events[-1] == h11.EndOfMessage()


BAD_CONTENT_LENGTHS = [
    ([b"3", b"4"], "conflicting Content-Length headers"),
    ([b"3, 4"], "conflicting Content-Length headers"),
    ([b"3", b"03"], "conflicting Content-Length headers"),
    ([b"5,"], "conflicting Content-Length headers"),
    ([b",5"], "conflicting Content-Length headers"),
    ([b"-3"], "bad Content-Length"),
    ([b"+3"], "bad Content-Length"),
    ([b""], "bad Content-Length"),
    ([b"0x1"], "bad Content-Length"),
    ([b"1_0"], "bad Content-Length"),
    ([b"3.0"], "bad Content-Length"),
    ([b"3 3"], "bad Content-Length"),
    ([b"three"], "bad Content-Length"),
    ([b"\xd9\xa3"], "bad Content-Length"),
    ([b"000000000000000000003"], "bad Content-Length"),
    ([b"100000000000000000000"], "bad Content-Length"),
]


@ROLES
@pytest.mark.parametrize(("values", "message"), BAD_CONTENT_LENGTHS)
def test_bad_or_conflicting_content_length_is_rejected(
    role: Any, values: list[bytes], message: str
) -> None:
    start = b"POST / HTTP/1.1" if role is h11.SERVER else b"HTTP/1.1 200 OK"
    lines = [b"Content-Length: " + v for v in values]
    events, exc = receive_error(receiver(role), request(start, b"Host: a", *lines, body=b"abc"))
    assert events == []
    assert_rpe(exc, message)


# --------------------------------------------------------------------------------------------
# Transfer-Encoding on received heads (§4.3, H2, H3)

BAD_TRANSFER_ENCODINGS = [
    ([b"gzip"], "Only Transfer-Encoding: chunked is supported"),
    ([b"gzip, chunked"], "Only Transfer-Encoding: chunked is supported"),
    ([b"chunked, chunked"], "Only Transfer-Encoding: chunked is supported"),
    ([b"chunked, gzip"], "Only Transfer-Encoding: chunked is supported"),
    ([b"identity"], "Only Transfer-Encoding: chunked is supported"),
    ([b""], "Only Transfer-Encoding: chunked is supported"),
    ([b"chunked ,"], "Only Transfer-Encoding: chunked is supported"),
    ([b"chunked;q=1"], "Only Transfer-Encoding: chunked is supported"),
    ([b"chunked", b"chunked"], "multiple Transfer-Encoding headers"),
    ([b"chunked", b"gzip"], "multiple Transfer-Encoding headers"),
]


@ROLES
@pytest.mark.parametrize(("values", "message"), BAD_TRANSFER_ENCODINGS)
def test_unsupported_transfer_encoding_is_rejected_with_501(
    role: Any, values: list[bytes], message: str
) -> None:
    start = b"POST / HTTP/1.1" if role is h11.SERVER else b"HTTP/1.1 200 OK"
    lines = [b"Transfer-Encoding: " + v for v in values]
    events, exc = receive_error(receiver(role), request(start, b"Host: a", *lines))
    assert events == []
    assert_rpe(exc, message, hint=501)


@pytest.mark.parametrize("spelling", [b"CHUNKED", b"Chunked", b"cHuNkEd"])
def test_chunked_transfer_encoding_is_stored_lowercase(spelling: bytes) -> None:
    data = request(
        b"POST / HTTP/1.1", b"Host: a", b"Transfer-Encoding: " + spelling, body=b"0\r\n\r\n"
    )
    events = receive(h11.Connection(h11.SERVER), data)
    assert events == [
        h11.Request(
            method="POST", target="/", headers=[("Host", "a"), ("Transfer-Encoding", "chunked")]
        ),
        h11.EndOfMessage(),
    ]
    assert events[0].headers.raw_items() == [(b"Host", b"a"), (b"Transfer-Encoding", b"chunked")]


@pytest.mark.parametrize("version", [b"1.0", b"0.9"])
@pytest.mark.parametrize(
    "extra", [[], [b"Content-Length: 3"]], ids=["te-only", "te-and-content-length"]
)
def test_transfer_encoding_in_http_1_0_request_is_rejected(
    version: bytes, extra: list[bytes]
) -> None:
    data = request(
        b"POST / HTTP/" + version, b"Transfer-Encoding: chunked", *extra, body=b"0\r\n\r\n"
    )
    events, exc = receive_error(h11.Connection(h11.SERVER), data)
    assert events == []
    assert_rpe(exc, "Transfer-Encoding is not allowed in HTTP/1.0 messages")


def test_transfer_encoding_in_http_1_0_response_is_rejected() -> None:
    conn = client_waiting_for_response()
    data = request(b"HTTP/1.0 200 OK", b"Transfer-Encoding: chunked", body=b"0\r\n\r\n")
    events, exc = receive_error(conn, data)
    assert events == []
    assert_rpe(exc, "Transfer-Encoding is not allowed in HTTP/1.0 messages")


@FEEDING
@pytest.mark.parametrize(
    "framing",
    [
        (b"Content-Length: 5", b"Transfer-Encoding: chunked"),
        (b"Transfer-Encoding: chunked", b"Content-Length: 5"),
    ],
    ids=["cl-first", "te-first"],
)
def test_request_with_content_length_and_transfer_encoding_is_chunked_and_not_reused(
    framing: tuple[bytes, bytes], bytewise: bool
) -> None:
    conn = h11.Connection(h11.SERVER)
    data = request(b"POST / HTTP/1.1", b"Host: a", *framing, body=b"3\r\nabc\r\n0\r\n\r\n")
    events = receive(conn, data, bytewise=bytewise)
    raw = [line.split(b": ") for line in framing]
    expected_headers = [("Host", "a"), *((name, value) for name, value in raw)]
    assert events[0] == h11.Request(method="POST", target="/", headers=expected_headers)
    body = [e for e in events if type(e) is h11.Data]
    assert b"".join(bytes(e.data) for e in body) == b"abc"
    assert events[-1] == h11.EndOfMessage()
    # H2: the connection is not reused.
    assert conn.states == {h11.CLIENT: h11.MUST_CLOSE, h11.SERVER: h11.SEND_RESPONSE}
    sent = conn.send(h11.Response(status_code=200, headers=[("Content-Length", "0")]))
    assert sent == b"HTTP/1.1 200 \r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    conn.send(h11.EndOfMessage())
    assert conn.states == {h11.CLIENT: h11.MUST_CLOSE, h11.SERVER: h11.MUST_CLOSE}


def test_pipelined_request_after_content_length_and_transfer_encoding_is_refused() -> None:
    conn = h11.Connection(h11.SERVER)
    data = request(
        b"POST / HTTP/1.1",
        b"Host: a",
        b"Content-Length: 5",
        b"Transfer-Encoding: chunked",
        body=b"0\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
    )
    conn.receive_data(data)
    assert type(conn.next_event()) is h11.Request
    assert conn.next_event() == h11.EndOfMessage()
    with pytest.raises(h11.RemoteProtocolError) as excinfo:
        conn.next_event()
    assert_rpe(excinfo.value, "Got data when expecting EOF")


@FEEDING
def test_response_with_content_length_and_transfer_encoding_is_chunked_and_not_reused(
    bytewise: bool,
) -> None:
    conn = client_waiting_for_response()
    data = request(
        b"HTTP/1.1 200 OK",
        b"Content-Length: 100",
        b"Transfer-Encoding: chunked",
        body=b"3\r\nabc\r\n0\r\n\r\n",
    )
    events = receive(conn, data, bytewise=bytewise)
    assert events[0] == h11.Response(
        status_code=200,
        reason=b"OK",
        headers=[("Content-Length", "100"), ("Transfer-Encoding", "chunked")],
    )
    assert b"".join(bytes(e.data) for e in events if type(e) is h11.Data) == b"abc"
    assert events[-1] == h11.EndOfMessage()
    assert conn.states == {h11.CLIENT: h11.MUST_CLOSE, h11.SERVER: h11.MUST_CLOSE}


# --------------------------------------------------------------------------------------------
# CONNECT requests must not carry a body (H6)


@pytest.mark.parametrize(
    "framing",
    [
        [b"Content-Length: 5"],
        [b"Content-Length: 1"],
        [b"Transfer-Encoding: chunked"],
        [b"Content-Length: 0", b"Transfer-Encoding: chunked"],
    ],
)
def test_connect_request_with_a_body_is_rejected(framing: list[bytes]) -> None:
    data = request(b"CONNECT example.com:443 HTTP/1.1", b"Host: example.com:443", *framing)
    events, exc = receive_error(h11.Connection(h11.SERVER), data + b"hello")
    assert events == []
    assert_rpe(exc, "CONNECT request must not have a body")


@pytest.mark.parametrize("framing", [[], [b"Content-Length: 0"]], ids=["none", "cl-0"])
def test_connect_request_without_a_body_pauses_for_the_tunnel(framing: list[bytes]) -> None:
    conn = h11.Connection(h11.SERVER)
    data = request(b"CONNECT example.com:443 HTTP/1.1", b"Host: example.com:443", *framing)
    conn.receive_data(data + b"\x16\x03\x01")
    assert drain(conn) == [
        h11.Request(
            method="CONNECT",
            target="example.com:443",
            headers=[("Host", "example.com:443"), *(line.split(b": ") for line in framing)],
        ),
        h11.EndOfMessage(),
        h11.PAUSED,
    ]
    assert conn.states == {h11.CLIENT: h11.MIGHT_SWITCH_PROTOCOL, h11.SERVER: h11.SEND_RESPONSE}
    assert conn.trailing_data == (b"\x16\x03\x01", False)
