"""Opt-in leniency: what each ``Connection(allow_...)`` switch admits, and what it still refuses.

Contract: docs/leniency.rst. Every switch is keyword-only and off by
default (0.16's behaviour, pinned here by the default-connection checks); it only widens what
a *client* accepts in *responses*, so a server given the same switch refuses the same
malformation in a request; and it never moves the end of a message (the corpus check at the
bottom: with every switch on, each corpus message the default parser accepts is read the
same way). Every case runs whole and one byte at a time.
"""

from __future__ import annotations

from typing import Any

import pytest

import h11
from corpus import ALL_CASES
from helpers import FEEDING, feed, feed_error
from helpers import client_waiting_for_response as client

ALL_SWITCHES = {
    "allow_non_token_header_names_in_responses": True,
    "allow_vertical_tab_and_form_feed_in_response_header_values": True,
    "allow_control_characters_in_reason_phrases": True,
    "allow_multiple_spaces_in_response_status_delimiters": True,
    "allow_duplicate_transfer_encoding_chunked_in_responses": True,
    "discard_body_of_204_and_304_responses": True,
}


# --------------------------------------------------------------------------------------------
# Local helpers


def response(*lines: bytes, status: bytes = b"HTTP/1.1 200 OK", body: bytes = b"") -> bytes:
    return status + b"\r\n" + b"".join(line + b"\r\n" for line in lines) + b"\r\n" + body


def request(*lines: bytes, start: bytes = b"GET / HTTP/1.1") -> bytes:
    return start + b"\r\nHost: a\r\n" + b"".join(line + b"\r\n" for line in lines) + b"\r\n"


# --------------------------------------------------------------------------------------------
# The switches are keyword-only and off by default


def test_switches_are_keyword_only_and_default_to_false() -> None:
    import inspect

    parameters = inspect.signature(h11.Connection).parameters
    for name in ALL_SWITCHES:
        assert parameters[name].kind is inspect.Parameter.KEYWORD_ONLY
        assert parameters[name].default is False
    with pytest.raises(TypeError):
        h11.Connection(h11.CLIENT, 16384, True)  # type: ignore[misc]


def test_unknown_keyword_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        h11.Connection(h11.CLIENT, allow_everything=True)  # type: ignore[call-arg]


# --------------------------------------------------------------------------------------------
# allow_non_token_header_names_in_responses

NAMES = {"allow_non_token_header_names_in_responses": True}


@FEEDING
@pytest.mark.parametrize(
    "name",
    [
        b"get-ban-to-cache-result/forum.php",  # h11 #113 (a real server)
        b"X{Y}",
        b'"Quoted"',
        b"(a),b;c<d>e=f?g@h[i]j\\k",
        b"X\x80\xffY",  # obs-text
    ],
)
def test_non_token_header_names_admitted_in_responses(name: bytes, bytewise: bool) -> None:
    data = response(name + b": userdata not support", b"Content-Length: 2", body=b"ok")
    events = feed(client(**NAMES), data, bytewise=bytewise)
    assert events[0].headers.raw_items() == [
        (name, b"userdata not support"),
        (b"Content-Length", b"2"),
    ]
    assert events[0].headers[0] == (name.lower(), b"userdata not support")
    assert events[1:] == [h11.Data(data=b"ok"), h11.EndOfMessage()]


@FEEDING
@pytest.mark.parametrize(
    "line",
    [
        b"X Y: 1",  # whitespace inside
        b"X\tY: 1",
        b"X : 1",  # whitespace before the colon (RFC 9112 §5.1: MUST reject)
        b" X: 1",  # a continuation line at the start
        b"X\x01Y: 1",  # CTL
        b"X\x00Y: 1",
        b"X\x7fY: 1",  # DEL
        b": 1",  # empty name
        b"X\x0bY: 1",
    ],
)
def test_non_token_header_names_still_refuse_whitespace_and_controls(
    line: bytes, bytewise: bool
) -> None:
    exc = feed_error(client(**NAMES), response(line, b"Content-Length: 0"), bytewise=bytewise)
    assert str(exc).startswith(("illegal header line", "continuation line at start"))


@FEEDING
def test_non_token_header_names_are_refused_by_default(bytewise: bool) -> None:
    exc = feed_error(client(), response(b"X/Y: 1", b"Content-Length: 0"), bytewise=bytewise)
    assert str(exc) == "illegal header line: bytearray(b'X/')"


@FEEDING
def test_non_token_header_names_switch_does_not_apply_to_requests(bytewise: bool) -> None:
    server = h11.Connection(h11.SERVER, **NAMES)
    exc = feed_error(server, request(b"X/Y: 1"), bytewise=bytewise)
    assert str(exc) == "illegal header line: bytearray(b'X/')"


@FEEDING
def test_a_non_token_name_is_never_a_framing_header(bytewise: bool) -> None:
    # "Content-Length/" is not Content-Length: with no framing header, the body of the
    # response runs to the end of the stream, as RFC 9112 §6.3 says.
    conn = client(**NAMES)
    events = feed(conn, response(b"Content-Length/: 2", body=b"okay"), bytewise=bytewise)
    events += feed(conn, b"", bytewise=False)
    assert events[1:] == [h11.Data(data=b"okay"), h11.EndOfMessage(), h11.ConnectionClosed()]


@FEEDING
def test_non_token_header_names_admitted_in_response_trailers(bytewise: bool) -> None:
    data = response(b"Transfer-Encoding: chunked", body=b"2\r\nok\r\n0\r\nX/Y: 1\r\n\r\n")
    events = feed(client(**NAMES), data, bytewise=bytewise)
    assert type(events[-1]) is h11.EndOfMessage
    assert events[-1].headers.raw_items() == [(b"X/Y", b"1")]
    exc = feed_error(client(), data, bytewise=bytewise)
    assert str(exc) == "illegal header line: bytearray(b'X/')"


# --------------------------------------------------------------------------------------------
# allow_vertical_tab_and_form_feed_in_response_header_values

VALUES = {"allow_vertical_tab_and_form_feed_in_response_header_values": True}


@FEEDING
@pytest.mark.parametrize(
    ("raw", "value"),
    [
        (b"a\x0bb", b"a\x0bb"),
        (b"a\x0cb", b"a\x0cb"),
        (b"\x0ba", b"\x0ba"),  # WHATWG Fetch strips only HTAB/SP (and CR/LF) at the ends
        (b"a\x0c ", b"a\x0c"),
        (b"\x0b", b"\x0b"),
        (b"x \x0b\x0c y", b"x \x0b\x0c y"),
    ],
)
def test_vt_and_ff_admitted_in_response_header_values(
    raw: bytes, value: bytes, bytewise: bool
) -> None:
    data = response(b"X-Odd: " + raw, b"Content-Length: 0")
    events = feed(client(**VALUES), data, bytewise=bytewise)
    assert events[0].headers.raw_items() == [(b"X-Odd", value), (b"Content-Length", b"0")]
    assert events[1:] == [h11.EndOfMessage()]


@FEEDING
@pytest.mark.parametrize(
    "line",
    [
        b"X: a\x00b",  # NUL: never (WHATWG Fetch refuses it too)
        b"X: a\rb",  # a bare CR: never
        b"Content-Length: 0\x0b",  # the fields h11 interprets keep the strict rule
        b"Content-Length: \x0c0",
        b"Transfer-Encoding: chunked\x0b",
        b"Connection: close\x0c",
        b"Upgrade: \x0bwebsocket",
    ],
)
def test_vt_and_ff_switch_still_refuses_nul_cr_and_odd_framing_values(
    line: bytes, bytewise: bool
) -> None:
    exc = feed_error(client(**VALUES), response(line), bytewise=bytewise)
    assert str(exc).startswith("illegal header line")


@FEEDING
def test_vt_and_ff_are_refused_by_default(bytewise: bool) -> None:
    exc = feed_error(client(), response(b"X: a\x0bb", b"Content-Length: 0"), bytewise=bytewise)
    assert str(exc) == "illegal header line: bytearray(b'X: a\\x0b')"


@FEEDING
def test_vt_and_ff_switch_does_not_apply_to_requests(bytewise: bool) -> None:
    server = h11.Connection(h11.SERVER, **VALUES)
    exc = feed_error(server, request(b"X: a\x0cb"), bytewise=bytewise)
    assert str(exc) == "illegal header line: bytearray(b'X: a\\x0c')"


@FEEDING
def test_vt_and_ff_admitted_in_response_trailers(bytewise: bool) -> None:
    data = response(b"Transfer-Encoding: chunked", body=b"0\r\nX: a\x0bb\r\n\r\n")
    events = feed(client(**VALUES), data, bytewise=bytewise)
    assert type(events[-1]) is h11.EndOfMessage
    assert events[-1].headers.raw_items() == [(b"X", b"a\x0bb")]


# --------------------------------------------------------------------------------------------
# allow_control_characters_in_reason_phrases

REASONS = {"allow_control_characters_in_reason_phrases": True}


@FEEDING
@pytest.mark.parametrize("reason", [b"O\x00K", b"\x0b", b"A\x0cB", b"\x00", b"ok \x00\x0b\x0c ok"])
def test_control_characters_admitted_in_reason_phrases(reason: bytes, bytewise: bool) -> None:
    data = response(b"Content-Length: 0", status=b"HTTP/1.1 200 " + reason)
    events = feed(client(**REASONS), data, bytewise=bytewise)
    assert events[0].reason == reason
    assert events[0].status_code == 200
    assert events[1:] == [h11.EndOfMessage()]


@FEEDING
@pytest.mark.parametrize(
    "status", [b"HTTP/1.1 200 O\rK", b"HTTP/1.1 20 OK", b"HTTP/1.1 200\x00OK"]
)
def test_control_characters_switch_still_refuses_cr_and_bad_status_lines(
    status: bytes, bytewise: bool
) -> None:
    exc = feed_error(client(**REASONS), response(status=status), bytewise=bytewise)
    assert str(exc).startswith("illegal status line")


@FEEDING
def test_control_characters_in_reason_are_refused_by_default(bytewise: bool) -> None:
    exc = feed_error(client(), response(status=b"HTTP/1.1 200 O\x00K"), bytewise=bytewise)
    assert str(exc) == "illegal status line: bytearray(b'HTTP/1.1 200 O\\x00')"


@FEEDING
def test_status_line_without_reason_or_space_needs_no_switch(bytewise: bool) -> None:
    # Already h11 0.16's behaviour (RFC 9112 §4); listed beside the switches that widen the
    # status line.
    events = feed(
        client(), response(b"Content-Length: 0", status=b"HTTP/1.1 200"), bytewise=bytewise
    )
    assert events[0].reason == b""


@FEEDING
def test_control_characters_switch_does_not_apply_to_requests(bytewise: bool) -> None:
    server = h11.Connection(h11.SERVER, **REASONS)
    exc = feed_error(server, request(start=b"GET /\x00 HTTP/1.1"), bytewise=bytewise)
    assert str(exc).startswith("illegal request line")


# --------------------------------------------------------------------------------------------
# allow_multiple_spaces_in_response_status_delimiters

SPACES = {"allow_multiple_spaces_in_response_status_delimiters": True}


@FEEDING
@pytest.mark.parametrize(
    ("status", "code", "reason"),
    [
        (b"HTTP/1.1  200 OK", 200, b"OK"),
        (b"HTTP/1.1     404 Not Found", 404, b"Not Found"),
        (b"HTTP/1.1  204", 204, b""),
        # Extra spaces before the reason are accepted anyway, and kept in it (RFC 9112 §4).
        (b"HTTP/1.1  200   OK", 200, b"  OK"),
    ],
)
def test_multiple_spaces_admitted_between_version_and_status(
    status: bytes, code: int, reason: bytes, bytewise: bool
) -> None:
    data = response(b"Content-Length: 0", status=status)
    events = feed(client(**SPACES), data, bytewise=bytewise)
    assert (events[0].status_code, events[0].reason) == (code, reason)


@FEEDING
@pytest.mark.parametrize(
    "status",
    [
        b"HTTP/1.1\t200 OK",
        b"HTTP/1.1 \t200 OK",
        b"HTTP/1.1200 OK",
        b"HTTP/1.1  20 OK",
        b" HTTP/1.1 200",
    ],
)
def test_multiple_spaces_switch_still_refuses_other_delimiters(
    status: bytes, bytewise: bool
) -> None:
    exc = feed_error(client(**SPACES), response(status=status), bytewise=bytewise)
    assert str(exc).startswith(("illegal status line", "illegal request line"))


@FEEDING
def test_multiple_spaces_in_status_line_are_refused_by_default(bytewise: bool) -> None:
    exc = feed_error(client(), response(status=b"HTTP/1.1  200 OK"), bytewise=bytewise)
    assert str(exc) == "illegal status line: bytearray(b'HTTP/1.1  ')"


@FEEDING
def test_multiple_spaces_switch_does_not_apply_to_request_lines(bytewise: bool) -> None:
    server = h11.Connection(h11.SERVER, **SPACES)
    exc = feed_error(server, request(start=b"GET  / HTTP/1.1"), bytewise=bytewise)
    assert str(exc) == "illegal request line: bytearray(b'GET  ')"


# --------------------------------------------------------------------------------------------
# allow_duplicate_transfer_encoding_chunked_in_responses

DUPLICATE_TE = {"allow_duplicate_transfer_encoding_chunked_in_responses": True}
CHUNKED_BODY = b"5\r\nhello\r\n0\r\n\r\n"


@FEEDING
@pytest.mark.parametrize(
    "lines",
    [
        (b"Transfer-Encoding: chunked", b"Transfer-Encoding: chunked"),  # httpx #1862
        (b"Transfer-Encoding: chunked, chunked",),
        (b"Transfer-Encoding: CHUNKED", b"X: y", b"transfer-encoding: Chunked"),
        (b"Transfer-Encoding: chunked", b"Transfer-Encoding: chunked ,chunked"),
    ],
)
def test_duplicate_chunked_admitted_in_responses_and_connection_closes(
    lines: tuple[bytes, ...], bytewise: bool
) -> None:
    conn = client(**DUPLICATE_TE)
    events = feed(conn, response(*lines, body=CHUNKED_BODY), bytewise=bytewise)
    head = events[0]
    assert [(n, v) for n, v in head.headers if n == b"transfer-encoding"] == [
        (b"transfer-encoding", b"chunked")
    ]
    assert events[1:] == [h11.Data(data=b"hello"), h11.EndOfMessage()]
    # The body was read as chunked, which any reader of chunked framing agrees on; but the
    # response only passed thanks to the switch, so the connection is not reused.
    assert conn.states == {h11.CLIENT: h11.MUST_CLOSE, h11.SERVER: h11.MUST_CLOSE}


@FEEDING
@pytest.mark.parametrize(
    "lines",
    [
        (b"Transfer-Encoding: chunked", b"Transfer-Encoding: gzip"),
        (b"Transfer-Encoding: gzip", b"Transfer-Encoding: chunked"),
        (b"Transfer-Encoding: chunked", b"Transfer-Encoding: identity"),
        (b"Transfer-Encoding: chunked,", b"Transfer-Encoding: chunked"),  # empty element
        (b"Transfer-Encoding: chunked, gzip",),
        (b"Transfer-Encoding: chunked;q=1", b"Transfer-Encoding: chunked"),
    ],
)
def test_duplicate_chunked_switch_still_refuses_other_codings(
    lines: tuple[bytes, ...], bytewise: bool
) -> None:
    data = response(*lines, body=CHUNKED_BODY)
    exc = feed_error(client(**DUPLICATE_TE), data, bytewise=bytewise)
    assert exc.error_status_hint == 501
    # Exactly the error a connection without the switch gives.
    default = feed_error(client(), data, bytewise=bytewise)
    assert (str(exc), exc.error_status_hint) == (str(default), default.error_status_hint)


@FEEDING
def test_duplicate_chunked_in_http10_response_is_still_refused(bytewise: bool) -> None:
    data = response(
        b"Transfer-Encoding: chunked",
        b"Transfer-Encoding: chunked",
        status=b"HTTP/1.0 200 OK",
        body=CHUNKED_BODY,
    )
    exc = feed_error(client(**DUPLICATE_TE), data, bytewise=bytewise)
    assert str(exc) == "Transfer-Encoding is not allowed in HTTP/1.0 messages"


@FEEDING
def test_duplicate_chunked_with_content_length_is_chunked_and_closes(bytewise: bool) -> None:
    conn = client(**DUPLICATE_TE)
    lines = (b"Content-Length: 3", b"Transfer-Encoding: chunked", b"Transfer-Encoding: chunked")
    events = feed(conn, response(*lines, body=CHUNKED_BODY), bytewise=bytewise)
    assert events[1:] == [h11.Data(data=b"hello"), h11.EndOfMessage()]
    assert conn.states == {h11.CLIENT: h11.MUST_CLOSE, h11.SERVER: h11.MUST_CLOSE}


@FEEDING
def test_duplicate_chunked_is_refused_by_default(bytewise: bool) -> None:
    data = response(
        b"Transfer-Encoding: chunked", b"Transfer-Encoding: chunked", body=CHUNKED_BODY
    )
    exc = feed_error(client(), data, bytewise=bytewise)
    assert (str(exc), exc.error_status_hint) == ("multiple Transfer-Encoding headers", 501)


@FEEDING
def test_duplicate_chunked_switch_does_not_apply_to_requests(bytewise: bool) -> None:
    server = h11.Connection(h11.SERVER, **DUPLICATE_TE)
    data = b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
    data += b"Transfer-Encoding: chunked\r\n\r\n" + CHUNKED_BODY
    exc = feed_error(server, data, bytewise=bytewise)
    assert (str(exc), exc.error_status_hint) == ("multiple Transfer-Encoding headers", 501)


@FEEDING
def test_single_chunked_response_keeps_the_connection_with_the_switch_on(bytewise: bool) -> None:
    conn = client(**DUPLICATE_TE)
    events = feed(
        conn, response(b"Transfer-Encoding: chunked", body=CHUNKED_BODY), bytewise=bytewise
    )
    assert events[1:] == [h11.Data(data=b"hello"), h11.EndOfMessage()]
    assert conn.states == {h11.CLIENT: h11.DONE, h11.SERVER: h11.DONE}


def test_duplicate_chunked_merge_goes_through_a_patched_validator(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # design-private-imports: patching h11._events.normalize_and_validate affects parsing; the
    # merged list is what the replacement sees, and the connection is still not reused.
    seen: list[list[tuple[bytes, bytes]]] = []
    original = h11._events.normalize_and_validate

    def recording(headers: Any, _parsed: bool = False) -> Any:
        seen.append(list(headers))
        return original(headers, _parsed=_parsed)

    monkeypatch.setattr(h11._events, "normalize_and_validate", recording)
    conn = client(**DUPLICATE_TE)
    lines = (b"Transfer-Encoding: chunked", b"X: 1", b"Transfer-Encoding: chunked")
    events = feed(conn, response(*lines, body=CHUNKED_BODY), bytewise=False)
    assert [(b"Transfer-Encoding", b"chunked"), (b"X", b"1")] in seen
    assert events[1:] == [h11.Data(data=b"hello"), h11.EndOfMessage()]
    assert conn.states == {h11.CLIENT: h11.MUST_CLOSE, h11.SERVER: h11.MUST_CLOSE}


def test_duplicate_chunked_in_trailers_is_not_merged() -> None:
    # The switch is about framing; a Transfer-Encoding trailer frames nothing.
    data = response(
        b"Transfer-Encoding: chunked",
        body=b"0\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
    )
    exc = feed_error(client(**DUPLICATE_TE), data, bytewise=False)
    assert str(exc) == "multiple Transfer-Encoding headers"


# --------------------------------------------------------------------------------------------
# discard_body_of_204_and_304_responses

DISCARD = {"discard_body_of_204_and_304_responses": True}


@FEEDING
@pytest.mark.parametrize(
    ("status", "lines", "body"),
    [
        (b"HTTP/1.1 204 No Content", (b"Content-Length: 5",), b"hello"),
        (b"HTTP/1.1 304 Not Modified", (b"Content-Length: 5",), b"hello"),
        (b"HTTP/1.1 204 No Content", (b"Transfer-Encoding: chunked",), b"5\r\nhello\r\n0\r\n\r\n"),
        (b"HTTP/1.1 304 Not Modified", (b"Content-Length: 5",), b""),  # no body after all
    ],
)
def test_body_after_204_or_304_is_discarded_and_the_connection_closes(
    status: bytes, lines: tuple[bytes, ...], body: bytes, bytewise: bool
) -> None:
    conn = client(**DISCARD)
    events = feed(conn, response(*lines, status=status, body=body), bytewise=bytewise)
    # The response ends with its head (RFC 9110 §6.4.1), exactly as without the switch ...
    assert [type(e) for e in events] == [h11.Response, h11.EndOfMessage]
    # ... but the connection is not reused, and whatever the server sent after the head
    # is dropped rather than read as the next response.
    assert conn.states == {h11.CLIENT: h11.MUST_CLOSE, h11.SERVER: h11.MUST_CLOSE}
    assert conn.trailing_data == (b"", False)
    assert feed(conn, b"more garbage", bytewise=bytewise) == []
    assert feed(conn, b"", bytewise=False) == [h11.ConnectionClosed()]
    assert conn.states == {h11.CLIENT: h11.MUST_CLOSE, h11.SERVER: h11.CLOSED}


@FEEDING
@pytest.mark.parametrize(
    ("status", "lines"),
    [
        (b"HTTP/1.1 204 No Content", ()),  # nothing announced: nothing to discard
        (b"HTTP/1.1 204 No Content", (b"Content-Length: 0",)),
        (b"HTTP/1.1 200 OK", (b"Content-Length: 0",)),
    ],
)
def test_discard_switch_leaves_responses_without_an_announced_body_alone(
    status: bytes, lines: tuple[bytes, ...], bytewise: bool
) -> None:
    conn = client(**DISCARD)
    events = feed(conn, response(*lines, status=status, body=b"HTTP/1.1"), bytewise=bytewise)
    assert [type(e) for e in events] == [h11.Response, h11.EndOfMessage, type(h11.PAUSED)]
    assert conn.states == {h11.CLIENT: h11.DONE, h11.SERVER: h11.DONE}


@FEEDING
def test_discard_switch_leaves_head_responses_alone(bytewise: bool) -> None:
    conn = client("HEAD", **DISCARD)
    events = feed(conn, response(b"Content-Length: 5"), bytewise=bytewise)
    assert [type(e) for e in events] == [h11.Response, h11.EndOfMessage]
    assert conn.states == {h11.CLIENT: h11.DONE, h11.SERVER: h11.DONE}


@FEEDING
def test_body_after_204_is_the_next_response_by_default(bytewise: bool) -> None:
    conn = client()
    data = response(b"Content-Length: 5", status=b"HTTP/1.1 204 No Content", body=b"hello")
    events = feed(conn, data, bytewise=bytewise)
    assert [type(e) for e in events] == [h11.Response, h11.EndOfMessage, type(h11.PAUSED)]
    assert conn.trailing_data == (b"hello", False)


def test_discard_switch_does_not_apply_to_a_server() -> None:
    # A server never receives responses; its reading of requests is unchanged.
    server = h11.Connection(h11.SERVER, **DISCARD)
    events = feed(server, request() + b"GET /2 HTTP/1.1\r\n", bytewise=False)
    assert [type(e) for e in events] == [h11.Request, h11.EndOfMessage, type(h11.PAUSED)]


# --------------------------------------------------------------------------------------------
# Leniency never changes what valid messages mean, nor where they end


def corpus_outcome(case: Any, switches: dict[str, Any]) -> tuple[list[Any], str | None]:
    """Run a corpus case; return the events up to its first EndOfMessage, and any error."""
    sizes = {} if case.max_size is None else {"max_incomplete_event_size": case.max_size}
    if case.role == "server":
        conn = h11.Connection(h11.SERVER, **sizes, **switches)
    else:
        conn = h11.Connection(h11.CLIENT, **sizes, **switches)
        if case.method is not None:
            target = b"example.com:443" if case.method == b"CONNECT" else b"/"
            extra = [tuple(line.split(b": ", 1)) for line in case.request_headers]
            conn.send(
                h11.Request(method=case.method, target=target, headers=[(b"Host", b"a"), *extra])
            )
            conn.send(h11.EndOfMessage())
    events: list[Any] = []
    try:
        conn.receive_data(case.wire)
        if case.eof:
            conn.receive_data(b"")
        while True:
            event = conn.next_event()
            events.append(event)
            if event is h11.NEED_DATA or event is h11.PAUSED:
                break
            if type(event) in (h11.EndOfMessage, h11.ConnectionClosed):
                break
    except h11.RemoteProtocolError as exc:
        return events, str(exc)
    return events, None


def test_every_corpus_message_accepted_by_default_reads_the_same_with_every_switch_on() -> None:
    differences = []
    for case in ALL_CASES:
        strict = corpus_outcome(case, {})
        lenient = corpus_outcome(case, ALL_SWITCHES)
        if case.role == "server":
            # Leniency is for responses: a server reads everything exactly as by default.
            if strict != lenient:
                differences.append(case.id)
        elif strict[1] is None and strict != lenient:
            differences.append(case.id)
    assert differences == []
