"""Errors say where: ``line`` and ``offset`` on parse errors, and a note, with ``str()`` unchanged.

Contract: docs/leniency.rst, "Where an error is", and docs/design.rst,
design-error-locations. A ``RemoteProtocolError`` from parsing a line records that line
(``exc.line``, without its line ending) and where it starts (``exc.offset``: bytes from the
first byte of the unit being parsed; a message head is counted from its start line, skipped
empty lines excluded; a trailer section from its first byte; a chunk-size line is its own
unit, offset 0), and adds a note saying so. ``str(exc)`` of every message (docs/design.rst,
design-error-messages) is unchanged (those messages are pinned byte for byte here). Whole and
bytewise runs agree.
"""

from __future__ import annotations

import traceback
from typing import Any

import pytest

import h11
from h11._headers import Headers, normalize_and_validate, set_comma_header
from helpers import FEEDING, in_pieces, private_attributes, receiver


def error_from(
    role: str, data: bytes, *, bytewise: bool, **options: Any
) -> h11.RemoteProtocolError:
    conn = receiver(role, **options)
    with pytest.raises(h11.RemoteProtocolError) as info:
        feed_all(conn, in_pieces(data, 1 if bytewise else 0))
    return info.value


def feed_all(conn: h11.Connection, pieces: list[bytes]) -> None:
    for piece in pieces:
        conn.receive_data(piece)
        while conn.next_event() not in (h11.NEED_DATA, h11.PAUSED):
            pass


def notes(exc: BaseException) -> list[str]:
    return list(getattr(exc, "__notes__", []))


# (role, bytes received, exact str(exc) as h11 0.16 gives it, the line, its offset)
LOCATED = [
    (
        "server",
        b"GET  / HTTP/1.1\r\nHost: a\r\n\r\n",
        "illegal request line: bytearray(b'GET  ')",  # through the first impossible byte (H10)
        b"GET  ",
        0,
    ),
    (
        "server",
        b"GET / HTTP/1.1\r\nHost: a\r\nFoo : bar\r\n\r\n",
        "illegal header line: bytearray(b'Foo ')",
        b"Foo ",
        25,
    ),
    (
        "server",
        # Skipped empty lines are not part of the head; bare LF line ends count one byte.
        b"\r\n\nGET / HTTP/1.1\nHost: a\nX: 1\nBad\x00: 2\n\n",
        "illegal header line: bytearray(b'Bad\\x00')",
        b"Bad\x00",
        28,
    ),
    (
        "server",
        b"GET / HTTP/1.1\r\n  folded: x\r\nHost: a\r\n\r\n",
        "continuation line at start of headers",
        b"  folded: x",
        16,
    ),
    (
        "server",
        # Obsolete line folding: the field (and its first line) is the one reported.
        b"GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n 2\r\nY\x0c: 3\r\n\r\n",
        "illegal header line: bytearray(b'Y\\x0c: 3')",
        b"Y\x0c: 3",
        35,
    ),
    (
        "server",
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        "conflicting Content-Length headers",
        b"Content-Length: 2",
        45,
    ),
    (
        "server",
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n",
        "bad Content-Length",
        b"Content-Length: -1",
        26,
    ),
    (
        "server",
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n",
        "Only Transfer-Encoding: chunked is supported",
        b"Transfer-Encoding: gzip",
        26,
    ),
    (
        "server",
        b"GET !x HTTP/1.1\r\nHost: a\r\n\r\n",
        "illegal request target: b'!x'",
        b"GET !x HTTP/1.1",
        0,
    ),
    (
        "client",
        b"HTTP/1.1 2000 OK\r\n\r\n",
        "illegal status line: bytearray(b'HTTP/1.1 2000')",
        b"HTTP/1.1 2000",
        0,
    ),
    (
        "client",
        b"HTTP/1.1 099 Odd\r\n\r\n",
        "InformationalResponse status_code should be in range [100, 200), not 99",
        b"HTTP/1.1 099 Odd",
        0,
    ),
    (
        "client",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
        "multiple Transfer-Encoding headers",
        b"Transfer-Encoding: chunked",
        45,
    ),
    (
        "client",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"3\r\nabc\r\n0\r\nOk: 1\r\nNo good\r\n\r\n",
        "illegal header line: bytearray(b'No ')",
        b"No ",
        7,  # in the trailer section
    ),
    (
        "server",
        b'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3;a="\r\nabc\r\n',
        "illegal chunk header: bytearray(b'3;a=\"\\r')",  # through the first bad byte
        b'3;a="\r',
        0,  # a chunk-size line is its own unit
    ),
    (
        "server",
        b"\x16\x03\x01\x00\xa5\x01\x00\x00",  # a TLS ClientHello: refused at the first byte
        "illegal request line",
        None,  # depends on how much arrived: checked below
        0,
    ),
]


@FEEDING
@pytest.mark.parametrize("case", LOCATED, ids=[case[2][:40] for case in LOCATED])
def test_parse_errors_record_their_line_and_offset(
    case: tuple[str, bytes, str, bytes | None, int], bytewise: bool
) -> None:
    role, data, message, line, offset = case
    exc = error_from(role, data, bytewise=bytewise)
    assert str(exc) == message  # unchanged: the detail is in attributes and notes
    assert exc.args == (message,)
    assert exc.offset == offset
    if line is None:
        assert exc.line is not None
        assert data.startswith(exc.line)
    else:
        assert exc.line == line
    assert len(notes(exc)) == 1
    assert notes(exc)[0].startswith(f"at byte {offset} of ")
    assert repr(exc.line)[:40] in notes(exc)[0]


def test_an_empty_line_before_a_status_line_is_located() -> None:
    exc = error_from("client", b"\r\nHTTP/1.1 200 OK\r\n\r\n", bytewise=False)
    assert str(exc) == "no response line received"
    assert (exc.line, exc.offset) == (b"", 0)
    # One byte at a time, the lone CR is refused first (Q5, design-errors) and is the line.
    exc = error_from("client", b"\r\nHTTP/1.1 200 OK\r\n\r\n", bytewise=True)
    assert str(exc) == "illegal request line"
    assert (exc.line, exc.offset) == (b"\r", 0)


def test_the_note_names_the_unit_and_the_line_number() -> None:
    exc = error_from("server", b"GET / HTTP/1.1\r\nHost: a\r\nFoo : bar\r\n\r\n", bytewise=False)
    # (The line through its first impossible byte: docs/differences.rst, H10.)
    assert notes(exc) == ["at byte 25 of the request head (line 3): b'Foo '"]
    exc = error_from("client", b"HTTP/1.1 200 OK\r\nBad Name: 1\r\n\r\n", bytewise=False)
    assert notes(exc) == ["at byte 17 of the response head (line 2): b'Bad '"]


def test_the_offending_line_is_truncated_and_escaped_in_the_note() -> None:
    # (A response field value may hold \x01 and \xff; the NUL is its first impossible byte.)
    line = b"X-Long: \x01" + b"\xff" * 300 + b"\x00"
    exc = error_from("client", b"HTTP/1.1 200 OK\r\n" + line + b"\r\n\r\n", bytewise=False)
    assert exc.line == line
    (note,) = notes(exc)
    assert note.endswith("...")
    assert "\\x01" in note
    assert "\\xff" in note
    assert len(note) < 500


def test_the_note_shows_in_tracebacks() -> None:
    exc = error_from("server", b"GET / HTTP/1.1\r\nHost: a\r\nFoo : bar\r\n\r\n", bytewise=False)
    text = "".join(traceback.format_exception(exc))
    if hasattr(exc, "add_note"):  # Python 3.11+ prints notes
        assert "at byte 25 of the request head (line 3): b'Foo '" in text
    assert "illegal header line: bytearray(b'Foo ')" in text


@pytest.mark.parametrize(
    ("role", "data", "message"),
    [
        ("server", b"GET / HTTP/1.1\r\n\r\n", "Missing mandatory Host: header"),
        (
            "server",
            b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
            "Found multiple Host: headers",
        ),
        (
            "server",
            b"CONNECT a:1 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n",
            "CONNECT request must not have a body",
        ),
        (
            "server",
            b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nab",
            "peer unexpectedly closed connection",
        ),
    ],
)
def test_errors_about_no_single_line_have_no_location(
    role: str, data: bytes, message: str
) -> None:
    if message.startswith("peer"):
        conn = h11.Connection(h11.SERVER)
        conn.receive_data(b"GET / HTTP/1.1\r\nHost: a\r\nX: ")
        conn.receive_data(b"")
        with pytest.raises(h11.RemoteProtocolError) as info:
            conn.next_event()
        exc = info.value
    else:
        exc = error_from(role, data, bytewise=False)
    assert str(exc) == message
    assert (exc.line, exc.offset) == (None, None)
    assert notes(exc) == []


def test_body_errors_keep_their_messages() -> None:
    exc = error_from(
        "server",
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc__",
        bytewise=False,
    )
    assert str(exc) == "malformed chunk footer: bytearray(b'__') (expected b'\\r\\n')"


def test_errors_outside_parsing_have_no_location() -> None:
    assert h11.LocalProtocolError("x").line is None
    assert h11.RemoteProtocolError("x", 431).offset is None
    with pytest.raises(h11.LocalProtocolError) as info:
        h11.Request(method="GET", target="/", headers=[("Host", "a"), ("Content-Length", "x")])
    assert (info.value.line, info.value.offset) == (None, None)
    assert notes(info.value) == []


def test_received_error_keeps_location_after_the_remote_conversion() -> None:
    exc = error_from("server", b"GET / HTTP/1.1\r\nHost: a\r\nFoo : bar\r\n\r\n", bytewise=False)
    assert type(exc) is h11.RemoteProtocolError
    assert isinstance(exc, h11.ProtocolError)
    assert exc.error_status_hint == 400


# --------------------------------------------------------------------------------------------
# Where an error happened is recorded on it privately while parsing, and taken off before the
# error reaches the user: whatever raises it, ``vars(exc)`` holds only public attributes.


def raw_headers(*pairs: tuple[bytes, bytes]) -> Headers:
    """A ``Headers`` built from raw triples, so nothing is checked until it is sent."""
    return Headers([(name, name.lower(), value) for name, value in pairs])


def send_request_with(headers: Headers) -> None:
    h11.Connection(h11.CLIENT).send(h11.Request(method="GET", target="/", headers=headers))


def send_response_with(headers: Headers) -> None:
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
    assert type(conn.next_event()) is h11.Request
    conn.send(h11.Response(status_code=200, headers=headers))


HOST = ("Host", "a")
RAISING_CALLS = {
    # Event constructors: the header rules of build_headers (the field is recorded there).
    "request-bad-content-length": lambda: h11.Request(
        method="GET", target="/", headers=[HOST, ("Content-Length", "x")]
    ),
    "request-conflicting-content-length": lambda: h11.Request(
        method="POST", target="/", headers=[HOST, ("Content-Length", "1"), ("Content-Length", "2")]
    ),
    "request-unsupported-transfer-encoding": lambda: h11.Request(
        method="POST", target="/", headers=[HOST, ("Transfer-Encoding", "gzip")]
    ),
    "request-two-transfer-encodings": lambda: h11.Request(
        method="POST",
        target="/",
        headers=[HOST, ("Transfer-Encoding", "chunked"), ("Transfer-Encoding", "chunked")],
    ),
    "request-bad-pair-after-bad-content-length": lambda: h11.Request(
        method="GET", target="/", headers=[HOST, ("Content-Length", "x"), ("Bad Name", "1")]
    ),
    "informational-bad-content-length": lambda: h11.InformationalResponse(
        status_code=100, headers=[("Content-Length", "x")]
    ),
    "response-bad-content-length": lambda: h11.Response(
        status_code=200, headers=[("Content-Length", "-1")]
    ),
    "end-of-message-bad-content-length": lambda: h11.EndOfMessage(
        headers=[("Content-Length", "x")]
    ),
    "normalize-and-validate": lambda: normalize_and_validate([("Content-Length", "x")]),
    "normalize-and-validate-parsed": lambda: normalize_and_validate(
        [(b"Content-Length", b"x")], _parsed=True
    ),
    "set-comma-header": lambda: set_comma_header(
        normalize_and_validate([("Content-Length", "1")]), b"content-length", [b"1", b"2"]
    ),
    # Connection.send: a Headers built from raw triples is checked when it is sent.
    "send-request-raw-headers": lambda: send_request_with(
        raw_headers((b"Host", b"a"), (b"Content-Length", b"x"))
    ),
    "send-response-raw-headers": lambda: send_response_with(
        raw_headers((b"Content-Length", b"1"), (b"Content-Length", b"2"))
    ),
    # Connection.next_event: parse errors located from the recorded line or field.
    "receive-bad-content-length": lambda: error_from(
        "server", b"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: x\r\n\r\n", bytewise=False
    ),
    "receive-bad-header-line": lambda: error_from(
        "server", b"GET / HTTP/1.1\r\nHost: a\r\nFoo : bar\r\n\r\n", bytewise=True
    ),
    "receive-bad-request-target": lambda: error_from(
        "server", b"GET a b HTTP/1.1\r\nHost: a\r\n\r\n", bytewise=False
    ),
    "receive-bad-response-content-length": lambda: error_from(
        "client", b"HTTP/1.1 200 OK\r\nContent-Length: 1, 2\r\n\r\n", bytewise=False
    ),
    "receive-bad-trailer": lambda: error_from(
        "server",
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"0\r\nContent-Length: x\r\n\r\n",
        bytewise=False,
    ),
    "receive-header-line-over-limit": lambda: error_from(
        "server",
        b"GET / HTTP/1.1\r\nHost: a\r\nX: " + b"x" * 50 + b"\r\n\r\n",
        bytewise=False,
        max_header_line_length=20,
    ),
}


@pytest.mark.parametrize("call", RAISING_CALLS.values(), ids=RAISING_CALLS.keys())
def test_no_private_location_record_stays_on_a_raised_error(call: Any) -> None:
    try:
        exc: BaseException | None = call()  # error_from returns the error it caught
    except h11.ProtocolError as raised:
        exc = raised
    assert isinstance(exc, h11.ProtocolError)
    assert private_attributes(exc) == set()


def test_received_errors_from_headers_keep_their_location() -> None:
    # The record is taken off, not lost: the parser still turns it into line and offset.
    exc = error_from(
        "server", b"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: x\r\n\r\n", bytewise=False
    )
    assert (exc.line, exc.offset) == (b"Content-Length: x", 25)
    assert private_attributes(exc) == set()
