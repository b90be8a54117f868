"""Receiving message bodies: framing decision and the incoming body readers.

Contract: docs/design.rst design-receive and docs/state-machine.rst (what follows a complete
message, pipelining), design-framing and RFC 9112 §6.3 (framing decision), RFC 9112 §6-§7
(content-length, chunked, read-until-close readers), design-error-messages, and the decided
differences Q2 (chunk_start / chunk_end however the bytes arrive), Q6 (received data is bytes)
and H1 (chunk-size line grammar of RFC 9112 §7.1.1).
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import h11
from corpus.model import through_first_impossible_byte
from helpers import (
    CHUNKED_POST,
    FEEDING,
    assert_rpe,
    client_waiting_for_response,
    drain,
    feed_bytewise,
    merge_data,
    receive,
    receive_error,
)

CHUNKED_REQUEST = h11.Request(
    method="POST", target="/", headers=[("Host", "a"), ("Transfer-Encoding", "chunked")]
)


# --------------------------------------------------------------------------------------------
# Local helpers


def reprs(data: bytes) -> tuple[str, str]:
    """The repr of ``data`` as bytes and as bytearray (0.16 shows the latter, §12)."""
    return repr(data), repr(bytearray(data))


def chunk_header_message(line: bytes) -> frozenset[str]:
    # (Through the line's first impossible byte: docs/differences.rst.)
    return frozenset(
        f"illegal chunk header: {r}" for r in reprs(through_first_impossible_byte(line))
    )


def footer_message(got: bytes, rest: bytes) -> frozenset[str]:
    return frozenset(f"malformed chunk footer: {r} (expected {rest!r})" for r in reprs(got))


def post_with(*header_lines: bytes) -> bytes:
    return (
        b"POST / HTTP/1.1\r\nHost: a\r\n" + b"".join(h + b"\r\n" for h in header_lines) + b"\r\n"
    )


# --------------------------------------------------------------------------------------------
# Fixed length (§10.2)


@FEEDING
def test_content_length_request_body_is_data_then_end_of_message(bytewise: bool) -> None:
    conn = h11.Connection(h11.SERVER)
    events = receive(conn, post_with(b"Content-Length: 5") + b"hello", bytewise=bytewise)
    assert events[0] == h11.Request(
        method="POST", target="/", headers=[("Host", "a"), ("Content-Length", "5")]
    )
    assert merge_data(events[1:]) == [h11.Data(data=b"hello"), h11.EndOfMessage()]
    for event in events[1:-1]:
        assert type(event) is h11.Data
        assert event.data
        assert event.chunk_start is False
        assert event.chunk_end is False
    assert conn.states == {h11.CLIENT: h11.DONE, h11.SERVER: h11.SEND_RESPONSE}


def test_content_length_body_arriving_in_pieces_gives_one_data_per_piece() -> None:
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(post_with(b"Content-Length: 10"))
    assert type(conn.next_event()) is h11.Request
    assert conn.next_event() is h11.NEED_DATA
    conn.receive_data(b"abc")
    assert conn.next_event() == h11.Data(data=b"abc")
    assert conn.next_event() is h11.NEED_DATA
    conn.receive_data(b"defg")
    conn.receive_data(b"hi")
    assert conn.next_event() == h11.Data(data=b"defghi")
    conn.receive_data(b"jKLM")
    assert conn.next_event() == h11.Data(data=b"j")
    assert conn.next_event() == h11.EndOfMessage()
    assert conn.next_event() is h11.PAUSED
    assert conn.trailing_data == (b"KLM", False)


@pytest.mark.parametrize("framing", [[b"Content-Length: 0"], []], ids=["cl-0", "none"])
def test_request_without_body_ends_immediately_without_data(framing: list[bytes]) -> None:
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(post_with(*framing))
    assert drain(conn) == [
        h11.Request(
            method="POST", target="/", headers=[("Host", "a"), *(f.split(b": ") for f in framing)]
        ),
        h11.EndOfMessage(),
        h11.NEED_DATA,
    ]


def test_request_without_framing_does_not_read_following_bytes_as_body() -> None:
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(post_with() + b"XYZ")
    assert drain(conn) == [
        h11.Request(method="POST", target="/", headers=[("Host", "a")]),
        h11.EndOfMessage(),
        h11.PAUSED,
    ]
    assert conn.trailing_data == (b"XYZ", False)


@FEEDING
def test_content_length_response_body(bytewise: bool) -> None:
    conn = client_waiting_for_response()
    data = b"HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nhello world"
    events = receive(conn, data, bytewise=bytewise)
    assert merge_data(events) == [
        h11.Response(status_code=200, reason=b"OK", headers=[("Content-Length", "11")]),
        h11.Data(data=b"hello world"),
        h11.EndOfMessage(),
    ]
    assert conn.states == {h11.CLIENT: h11.DONE, h11.SERVER: h11.DONE}


def test_large_content_length_body_is_streamed_not_buffered() -> None:
    conn = h11.Connection(h11.SERVER, max_incomplete_event_size=100)
    conn.receive_data(post_with(b"Content-Length: 100000"))
    assert type(conn.next_event()) is h11.Request
    received = b""
    for _ in range(10):
        conn.receive_data(b"x" * 10000)
        event = conn.next_event()
        assert event == h11.Data(data=b"x" * 10000)
        received += event.data
    assert conn.next_event() == h11.EndOfMessage()
    assert len(received) == 100000


# --------------------------------------------------------------------------------------------
# Received data is bytes (Q6)


@pytest.mark.parametrize(
    ("head", "body"),
    [
        (post_with(b"Content-Length: 3"), b"abc"),
        (CHUNKED_POST, b"3\r\nabc\r\n0\r\n\r\n"),
    ],
    ids=["content-length", "chunked"],
)
def test_received_request_data_is_bytes(head: bytes, body: bytes) -> None:
    conn = h11.Connection(h11.SERVER)
    events = receive(conn, head + body)
    data_events = [e for e in events if type(e) is h11.Data]
    assert data_events
    for event in data_events:
        assert type(event.data) is bytes


def test_received_read_until_close_data_is_bytes() -> None:
    conn = client_waiting_for_response()
    events = receive(conn, b"HTTP/1.1 200 OK\r\n\r\nabc")
    assert events[1] == h11.Data(data=b"abc")
    assert type(events[1].data) is bytes


# --------------------------------------------------------------------------------------------
# Chunked (§10.2, Q2)


@FEEDING
def test_chunked_request_body_is_decoded(bytewise: bool) -> None:
    conn = h11.Connection(h11.SERVER)
    body = b"5\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\n\r\n"
    events = receive(conn, CHUNKED_POST + body, bytewise=bytewise)
    assert events[0] == CHUNKED_REQUEST
    assert merge_data(events[1:]) == [h11.Data(data=b"hello world"), h11.EndOfMessage()]
    assert conn.states == {h11.CLIENT: h11.DONE, h11.SERVER: h11.SEND_RESPONSE}


def test_whole_chunks_each_give_one_data_that_starts_and_ends_the_chunk() -> None:
    conn = h11.Connection(h11.SERVER)
    events = receive(conn, CHUNKED_POST + b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
    assert events == [
        CHUNKED_REQUEST,
        h11.Data(data=b"abc", chunk_start=True, chunk_end=True),
        h11.Data(data=b"de", chunk_start=True, chunk_end=True),
        h11.EndOfMessage(),
    ]


def test_chunks_fed_bytewise_mark_first_and_last_data_of_each_chunk() -> None:
    conn = h11.Connection(h11.SERVER)
    events = feed_bytewise(conn, CHUNKED_POST + b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
    assert events == [
        CHUNKED_REQUEST,
        h11.Data(data=b"a", chunk_start=True, chunk_end=False),
        h11.Data(data=b"b", chunk_start=False, chunk_end=False),
        h11.Data(data=b"c", chunk_start=False, chunk_end=True),
        h11.Data(data=b"d", chunk_start=True, chunk_end=False),
        h11.Data(data=b"e", chunk_start=False, chunk_end=True),
        h11.EndOfMessage(),
    ]


def test_size_line_arriving_alone_still_gives_chunk_start_on_first_data() -> None:
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(CHUNKED_POST + b"5\r\n")
    assert drain(conn) == [CHUNKED_REQUEST, h11.NEED_DATA]
    conn.receive_data(b"hel")
    assert drain(conn) == [h11.Data(data=b"hel", chunk_start=True, chunk_end=False), h11.NEED_DATA]
    conn.receive_data(b"lo")
    assert drain(conn) == [h11.Data(data=b"lo", chunk_start=False, chunk_end=True), h11.NEED_DATA]
    conn.receive_data(b"\r\n0\r\n\r\n")
    assert drain(conn) == [h11.EndOfMessage(), h11.NEED_DATA]


def test_size_line_and_whole_chunk_arriving_after_the_head_give_one_data() -> None:
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(CHUNKED_POST)
    assert drain(conn) == [CHUNKED_REQUEST, h11.NEED_DATA]
    conn.receive_data(b"5\r\nhello")
    assert drain(conn) == [
        h11.Data(data=b"hello", chunk_start=True, chunk_end=True),
        h11.NEED_DATA,
    ]


def test_chunk_is_complete_before_its_trailing_crlf_arrives() -> None:
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(CHUNKED_POST + b"3\r\nabc")
    assert drain(conn) == [
        CHUNKED_REQUEST,
        h11.Data(data=b"abc", chunk_start=True, chunk_end=True),
        h11.NEED_DATA,
    ]
    conn.receive_data(b"\r")
    assert conn.next_event() is h11.NEED_DATA
    conn.receive_data(b"\n0\r\n\r\n")
    assert conn.next_event() == h11.EndOfMessage()


def test_partial_chunk_size_line_is_not_consumed_until_complete() -> None:
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(CHUNKED_POST + b"1")
    assert drain(conn) == [CHUNKED_REQUEST, h11.NEED_DATA]
    assert conn.next_event() is h11.NEED_DATA
    assert conn.trailing_data == (b"1", False)
    conn.receive_data(b"0\r")
    assert conn.next_event() is h11.NEED_DATA
    conn.receive_data(b"\n" + b"x" * 16)
    assert conn.next_event() == h11.Data(data=b"x" * 16, chunk_start=True, chunk_end=True)


@given(
    sizes=st.lists(st.integers(min_value=1, max_value=40), min_size=1, max_size=6),
    cuts=st.lists(st.integers(min_value=0, max_value=400), max_size=12),
)
def test_chunk_flags_follow_chunk_boundaries_for_any_split(
    sizes: list[int], cuts: list[int]
) -> None:
    chunks = [bytes([97 + i % 26]) * size for i, size in enumerate(sizes)]
    body = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in chunks) + b"0\r\nX-T: 1\r\n\r\n"
    wire = CHUNKED_POST + body
    points = sorted({min(c, len(wire)) for c in cuts} | {0, len(wire)})
    conn = h11.Connection(h11.SERVER)
    events: list[Any] = []
    for start, end in itertools.pairwise(points):
        conn.receive_data(wire[start:end])
        events.extend(e for e in drain(conn) if e is not h11.NEED_DATA)
    assert events[0] == CHUNKED_REQUEST
    assert events[-1] == h11.EndOfMessage(headers=[("X-T", "1")])
    assert merge_data(events[1:]) == [h11.Data(data=b"".join(chunks)), events[-1]]
    # Each Data lies inside one chunk; flags mark exactly the chunk's first and last byte.
    boundaries = []
    offset = 0
    for c in chunks:
        boundaries.append((offset, offset + len(c)))
        offset += len(c)
    position = 0
    for event in events[1:-1]:
        assert type(event) is h11.Data
        assert type(event.data) is bytes
        assert len(event.data) > 0
        start, end = next(b for b in boundaries if b[0] <= position < b[1])
        assert position + len(event.data) <= end
        assert event.chunk_start is (position == start)
        assert event.chunk_end is (position + len(event.data) == end)
        position += len(event.data)
    assert position == offset


CHUNK_SIZES = [
    (b"a", 10),
    (b"A", 10),
    (b"0a", 10),
    (b"1f", 31),
    (b"1F", 31),
    (b"0003", 3),
    (b"00000000000000000003", 3),
]


@pytest.mark.parametrize(("size", "length"), CHUNK_SIZES)
def test_chunk_size_is_hex_in_either_case_with_leading_zeros(size: bytes, length: int) -> None:
    conn = h11.Connection(h11.SERVER)
    payload = b"z" * length
    events = receive(conn, CHUNKED_POST + size + b"\r\n" + payload + b"\r\n0\r\n\r\n")
    assert events == [
        CHUNKED_REQUEST,
        h11.Data(data=payload, chunk_start=True, chunk_end=True),
        h11.EndOfMessage(),
    ]


GOOD_CHUNK_EXTENSIONS = [
    b"3;a",
    b"3;a=b",
    b"3;a=b;c=d",
    b"3;a;b;c",
    b"3 ;a=b",
    b"3\t;a=b",
    b"3; a=b",
    b"3;a =b",
    b"3;a= b",
    b"3 ; a = b",
    b"3 \t; \ta\t = \tb",
    b'3;a=""',
    b'3;a="q\\"x"',
    b'3;a="x;y=z"',
    b'3;a="sp ace\ttab"',
    b'3;a="\\\\"',
    b'3;a="\x80\xff"',
    b"3;a=!#$%&'*+-.^_`|~9",
    b"3;!#$%&'*+-.^_`|~9",
    b'3;a="b";c;d=e',
]


@FEEDING
@pytest.mark.parametrize("line", GOOD_CHUNK_EXTENSIONS)
def test_chunk_extensions_in_rfc_grammar_are_ignored(line: bytes, bytewise: bool) -> None:
    conn = h11.Connection(h11.SERVER)
    events = receive(conn, CHUNKED_POST + line + b"\r\nabc\r\n0\r\n\r\n", bytewise=bytewise)
    assert events[0] == CHUNKED_REQUEST
    assert merge_data(events[1:]) == [h11.Data(data=b"abc"), h11.EndOfMessage()]


@pytest.mark.parametrize("line", [b"0;a=b", b"00", b"000;x", b'0 ; a="b"'])
def test_last_chunk_may_have_leading_zeros_and_extensions(line: bytes) -> None:
    conn = h11.Connection(h11.SERVER)
    events = receive(conn, CHUNKED_POST + line + b"\r\n\r\n")
    assert events == [CHUNKED_REQUEST, h11.EndOfMessage()]


BAD_CHUNK_HEADERS = [
    b"3 ",
    b"3\t",
    b"3;",
    b"3 ;",
    b"3;a=b;",
    b"3;a=",
    b"3;=b",
    b"3;;a",
    b"3;a b",
    b"3;a=b c",
    b'3;a="x',
    b'3;a="x\\"',
    b'3;a="x"y',
    b"3;a=b\rc",
    b"3;a\r",
    b"3;a\x00",
    b"3;a=b\x00",
    b'3;a="\x00"',
    b'3;a="\x7f"',
    b"3;a=\x7f",
    b"3;a=\x80",
    b" 3",
    b"\t3",
    b"0x3",
    b"+3",
    b"-3",
    b"",
    b"g",
    b"3g",
    b"3 3",
    b"1_0",
    b"3,a",
    b"3\x00",
    b"000000000000000000003",
    b"fffffffffffffffffffff",
    b"3\nabc",
]


@FEEDING
@pytest.mark.parametrize("line", BAD_CHUNK_HEADERS)
def test_chunk_size_line_outside_rfc_grammar_is_rejected(line: bytes, bytewise: bool) -> None:
    conn = h11.Connection(h11.SERVER)
    events, exc = receive_error(
        conn, CHUNKED_POST + line + b"\r\nabc\r\n0\r\n\r\n", bytewise=bytewise
    )
    assert events == [CHUNKED_REQUEST]
    assert_rpe(exc, chunk_header_message(line + b"\r\n"))


BAD_FOOTERS = [
    # (chunk bytes after "3\r\n", got, expected-rest) when fed whole
    (b"xxx__", b"__", b"\r\n"),
    (b"xxx\r_", b"\r_", b"\r\n"),
    (b"xxx_\n", b"_\n", b"\r\n"),
    (b"xxx\n", b"\n", b"\r\n"),
    (b"xxxx\r\n", b"x\r", b"\r\n"),
    (b"xxx\n\r", b"\n\r", b"\r\n"),
]


@pytest.mark.parametrize(("rest", "got", "expected"), BAD_FOOTERS)
def test_chunk_data_not_followed_by_crlf_is_rejected(
    rest: bytes, got: bytes, expected: bytes
) -> None:
    conn = h11.Connection(h11.SERVER)
    events, exc = receive_error(conn, CHUNKED_POST + b"3\r\n" + rest)
    assert events == [CHUNKED_REQUEST, h11.Data(data=b"xxx", chunk_start=True, chunk_end=True)]
    assert_rpe(exc, footer_message(got, expected))


BAD_FOOTERS_BYTEWISE = [
    (b"xxx__", b"_", b"\r\n"),
    (b"xxx\r_", b"_", b"\n"),
    (b"xxx_\n", b"_", b"\r\n"),
    (b"xxx\r\r", b"\r", b"\n"),
]


@pytest.mark.parametrize(("rest", "got", "expected"), BAD_FOOTERS_BYTEWISE)
def test_chunk_footer_is_checked_byte_by_byte_as_it_arrives(
    rest: bytes, got: bytes, expected: bytes
) -> None:
    conn = h11.Connection(h11.SERVER)
    events, exc = receive_error(conn, CHUNKED_POST + b"3\r\n" + rest, bytewise=True)
    assert merge_data(events) == [CHUNKED_REQUEST, h11.Data(data=b"xxx")]
    assert_rpe(exc, footer_message(got, expected))


def test_malformed_footer_error_comes_on_the_call_after_the_data() -> None:
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(CHUNKED_POST + b"3\r\nxxx__")
    assert conn.next_event() == CHUNKED_REQUEST
    assert conn.next_event() == h11.Data(data=b"xxx", chunk_start=True, chunk_end=True)
    with pytest.raises(h11.RemoteProtocolError) as excinfo:
        conn.next_event()
    assert_rpe(excinfo.value, footer_message(b"__", b"\r\n"))
    assert conn.their_state is h11.ERROR


# --------------------------------------------------------------------------------------------
# Trailers (§10.2)

GOOD_TRAILERS = [
    (b"0\r\n\r\n", []),
    (b"0\r\nX-A: b\r\nX-B: c\r\n\r\n", [("X-A", "b"), ("X-B", "c")]),
    (b"0\r\nX-A: b\nX-B: c\n\n", [("X-A", "b"), ("X-B", "c")]),
    (b"0\r\nX-A: b\r\nX-B: c\n\r\n", [("X-A", "b"), ("X-B", "c")]),
    (b"0\r\n\n", []),
    (b"0\r\nX:   spaced  \r\n\r\n", [("X", "spaced")]),
    (b"0\r\nX: a\r\n b\r\n\tc\r\n\r\n", [("X", "a b c")]),
    (b"0\r\nContent-Length: 5\r\n\r\n", [("Content-Length", "5")]),
    (b"0\r\nX: 1\r\nx: 2\r\n\r\n", [("X", "1"), ("x", "2")]),
]


@FEEDING
@pytest.mark.parametrize(("tail", "trailers"), GOOD_TRAILERS)
def test_trailers_end_the_chunked_body(
    tail: bytes, trailers: list[tuple[str, str]], bytewise: bool
) -> None:
    conn = h11.Connection(h11.SERVER)
    events = receive(conn, CHUNKED_POST + b"3\r\nabc\r\n" + tail, bytewise=bytewise)
    assert merge_data(events) == [
        CHUNKED_REQUEST,
        h11.Data(data=b"abc"),
        h11.EndOfMessage(headers=trailers),
    ]
    assert conn.states == {h11.CLIENT: h11.DONE, h11.SERVER: h11.SEND_RESPONSE}


def test_trailer_names_keep_received_casing() -> None:
    conn = h11.Connection(h11.SERVER)
    events = receive(conn, CHUNKED_POST + b"0\r\nX-CheckSum: abc\r\n\r\n")
    assert events[-1].headers.raw_items() == [(b"X-CheckSum", b"abc")]
    assert list(events[-1].headers) == [(b"x-checksum", b"abc")]


BAD_TRAILERS = [
    (b"0\r\nX : y\r\n\r\n", frozenset(f"illegal header line: {r}" for r in reprs(b"X ")), 400),
    (
        b"0\r\nX: a\x00\r\n\r\n",
        frozenset(f"illegal header line: {r}" for r in reprs(b"X: a\x00")),
        400,
    ),
    (b"0\r\n x\r\n\r\n", "continuation line at start of headers", 400),
    (b"0\r\nTransfer-Encoding: gzip\r\n\r\n", "Only Transfer-Encoding: chunked is supported", 501),
    (
        b"0\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
        "multiple Transfer-Encoding headers",
        501,
    ),
    (
        b"0\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        "conflicting Content-Length headers",
        400,
    ),
    (b"0\r\nContent-Length: x\r\n\r\n", "bad Content-Length", 400),
]


@FEEDING
@pytest.mark.parametrize(("tail", "message", "hint"), BAD_TRAILERS)
def test_invalid_trailers_are_rejected(
    tail: bytes, message: str | frozenset[str], hint: int, bytewise: bool
) -> None:
    conn = h11.Connection(h11.SERVER)
    events, exc = receive_error(conn, CHUNKED_POST + tail, bytewise=bytewise)
    assert events == [CHUNKED_REQUEST]
    assert_rpe(exc, message, hint)


def test_partial_trailer_block_is_not_consumed_until_complete() -> None:
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(CHUNKED_POST + b"0\r\nX: 1\r\n")
    assert drain(conn) == [CHUNKED_REQUEST, h11.NEED_DATA]
    assert conn.next_event() is h11.NEED_DATA
    conn.receive_data(b"Y: 2\r\n")
    assert conn.next_event() is h11.NEED_DATA
    conn.receive_data(b"\r\n")
    assert conn.next_event() == h11.EndOfMessage(headers=[("X", "1"), ("Y", "2")])


@FEEDING
def test_chunked_response_body_with_trailers(bytewise: bool) -> None:
    conn = client_waiting_for_response()
    data = (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"4\r\nWiki\r\n5\r\npedia\r\n0\r\nExpires: never\r\n\r\n"
    )
    events = receive(conn, data, bytewise=bytewise)
    assert merge_data(events) == [
        h11.Response(status_code=200, reason=b"OK", headers=[("Transfer-Encoding", "chunked")]),
        h11.Data(data=b"Wikipedia"),
        h11.EndOfMessage(headers=[("Expires", "never")]),
    ]
    assert conn.states == {h11.CLIENT: h11.DONE, h11.SERVER: h11.DONE}


def test_bytes_after_chunked_body_stay_buffered() -> None:
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(CHUNKED_POST + b"1\r\nx\r\n0\r\n\r\nGET / HTTP/1.1\r\n")
    assert drain(conn)[-2:] == [h11.EndOfMessage(), h11.PAUSED]
    assert conn.trailing_data == (b"GET / HTTP/1.1\r\n", False)


# --------------------------------------------------------------------------------------------
# Read until close (§10.1 row 5)


@FEEDING
@pytest.mark.parametrize("version", [b"1.1", b"1.0"])
def test_response_without_framing_is_read_until_close(version: bytes, bytewise: bool) -> None:
    conn = client_waiting_for_response()
    events = receive(conn, b"HTTP/" + version + b" 200 OK\r\nX: y\r\n\r\nhello", bytewise=bytewise)
    assert merge_data(events) == [
        h11.Response(status_code=200, reason=b"OK", http_version=version, headers=[("X", "y")]),
        h11.Data(data=b"hello"),
    ]
    for event in events[1:]:
        assert event.chunk_start is False
        assert event.chunk_end is False
    conn.receive_data(b" world")
    assert drain(conn) == [h11.Data(data=b" world"), h11.NEED_DATA]
    conn.receive_data(b"")
    assert conn.next_event() == h11.EndOfMessage()
    assert conn.next_event() == h11.ConnectionClosed()
    assert conn.next_event() == h11.ConnectionClosed()
    assert conn.states == {h11.CLIENT: h11.MUST_CLOSE, h11.SERVER: h11.CLOSED}


def test_read_until_close_with_empty_body() -> None:
    conn = client_waiting_for_response()
    conn.receive_data(b"HTTP/1.1 500 Oops\r\n\r\n")
    conn.receive_data(b"")
    assert drain(conn) == [
        h11.Response(status_code=500, reason=b"Oops", headers=[]),
        h11.EndOfMessage(),
        h11.ConnectionClosed(),
    ]


def test_read_until_close_never_gives_empty_data() -> None:
    conn = client_waiting_for_response()
    conn.receive_data(b"HTTP/1.1 200 OK\r\n\r\n")
    assert drain(conn) == [h11.Response(status_code=200, reason=b"OK", headers=[]), h11.NEED_DATA]
    assert conn.next_event() is h11.NEED_DATA


def test_client_must_close_right_after_an_http_1_0_response() -> None:
    conn = client_waiting_for_response()
    conn.receive_data(b"HTTP/1.0 200 OK\r\n\r\nhello")
    assert conn.next_event() == h11.Response(
        status_code=200, reason=b"OK", http_version=b"1.0", headers=[]
    )
    assert conn.states == {h11.CLIENT: h11.MUST_CLOSE, h11.SERVER: h11.SEND_BODY}
    assert conn.next_event() == h11.Data(data=b"hello")
    conn.receive_data(b"")
    assert conn.next_event() == h11.EndOfMessage()
    assert conn.states == {h11.CLIENT: h11.MUST_CLOSE, h11.SERVER: h11.MUST_CLOSE}
    assert conn.next_event() == h11.ConnectionClosed()
    assert conn.states == {h11.CLIENT: h11.MUST_CLOSE, h11.SERVER: h11.CLOSED}


def test_http_1_0_response_with_content_length_is_framed_by_it() -> None:
    conn = client_waiting_for_response()
    events = receive(conn, b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nhi")
    assert events == [
        h11.Response(
            status_code=200, reason=b"OK", http_version=b"1.0", headers=[("Content-Length", "2")]
        ),
        h11.Data(data=b"hi"),
        h11.EndOfMessage(),
    ]
    assert conn.states == {h11.CLIENT: h11.MUST_CLOSE, h11.SERVER: h11.MUST_CLOSE}


# --------------------------------------------------------------------------------------------
# Bodiless responses (§10.1 row 1)

BODILESS = [
    ("HEAD", b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", [("Content-Length", "5")], 200),
    (
        "HEAD",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
        [("Transfer-Encoding", "chunked")],
        200,
    ),
    ("HEAD", b"HTTP/1.1 200 OK\r\n\r\n", [], 200),
    ("HEAD", b"HTTP/1.1 404 OK\r\nContent-Length: 9\r\n\r\n", [("Content-Length", "9")], 404),
    ("GET", b"HTTP/1.1 204 OK\r\nContent-Length: 5\r\n\r\n", [("Content-Length", "5")], 204),
    (
        "GET",
        b"HTTP/1.1 204 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
        [("Transfer-Encoding", "chunked")],
        204,
    ),
    ("GET", b"HTTP/1.1 204 OK\r\n\r\n", [], 204),
    (
        "POST",
        b"HTTP/1.1 304 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
        [("Transfer-Encoding", "chunked")],
        304,
    ),
    ("GET", b"HTTP/1.1 304 OK\r\nContent-Length: 5\r\n\r\n", [("Content-Length", "5")], 304),
    ("GET", b"HTTP/1.1 304 OK\r\n\r\n", [], 304),
]


@FEEDING
@pytest.mark.parametrize(("method", "head", "headers", "status"), BODILESS)
def test_head_204_and_304_responses_have_no_body(
    method: str, head: bytes, headers: list[tuple[str, str]], status: int, bytewise: bool
) -> None:
    conn = client_waiting_for_response(method)
    events = receive(conn, head + b"hello", bytewise=bytewise)
    assert events[:3] == [
        h11.Response(status_code=status, reason=b"OK", headers=headers),
        h11.EndOfMessage(),
        h11.PAUSED,
    ]
    assert conn.states == {h11.CLIENT: h11.DONE, h11.SERVER: h11.DONE}
    assert conn.next_event() is h11.PAUSED
    assert conn.trailing_data == (b"hello", False)


def test_lowercase_head_method_is_not_head() -> None:
    conn = client_waiting_for_response("head")
    events = receive(conn, b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello")
    assert events == [
        h11.Response(status_code=200, reason=b"OK", headers=[("Content-Length", "5")]),
        h11.Data(data=b"hello"),
        h11.EndOfMessage(),
    ]


@pytest.mark.parametrize("status", [200, 204, 299])
def test_2xx_to_connect_switches_protocol_and_ignores_framing(status: int) -> None:
    conn = client_waiting_for_response("CONNECT", "example.com:443")
    head = b"HTTP/1.1 %d OK\r\nContent-Length: 5\r\n\r\n" % status
    conn.receive_data(head + b"tunnel bytes")
    assert drain(conn) == [
        h11.Response(status_code=status, reason=b"OK", headers=[("Content-Length", "5")]),
        h11.PAUSED,
    ]
    assert conn.states == {h11.CLIENT: h11.SWITCHED_PROTOCOL, h11.SERVER: h11.SWITCHED_PROTOCOL}
    assert conn.next_event() is h11.PAUSED
    assert conn.trailing_data == (b"tunnel bytes", False)


def test_connect_accepted_after_an_informational_response() -> None:
    conn = client_waiting_for_response("CONNECT", "example.com:443")
    conn.receive_data(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n\r\nxyz")
    assert drain(conn) == [
        h11.InformationalResponse(status_code=100, reason=b"Continue", headers=[]),
        h11.Response(status_code=200, reason=b"OK", headers=[]),
        h11.PAUSED,
    ]
    assert conn.trailing_data == (b"xyz", False)


def test_non_2xx_to_connect_is_a_denial_with_a_normal_body() -> None:
    conn = client_waiting_for_response("CONNECT", "example.com:443")
    events = receive(conn, b"HTTP/1.1 407 Auth\r\nContent-Length: 3\r\n\r\nnop")
    assert events == [
        h11.Response(status_code=407, reason=b"Auth", headers=[("Content-Length", "3")]),
        h11.Data(data=b"nop"),
        h11.EndOfMessage(),
    ]
    assert conn.states == {h11.CLIENT: h11.DONE, h11.SERVER: h11.DONE}


def test_lowercase_connect_method_does_not_switch() -> None:
    conn = client_waiting_for_response("connect", "/")
    events = receive(conn, b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc")
    assert events == [
        h11.Response(status_code=200, reason=b"OK", headers=[("Content-Length", "3")]),
        h11.Data(data=b"abc"),
        h11.EndOfMessage(),
    ]
    assert conn.states == {h11.CLIENT: h11.DONE, h11.SERVER: h11.DONE}


def test_101_accepting_an_upgrade_pauses_with_the_rest_in_trailing_data() -> None:
    conn = h11.Connection(h11.CLIENT)
    conn.send(h11.Request(method="GET", target="/", headers=[("Host", "a"), ("Upgrade", "ws")]))
    conn.send(h11.EndOfMessage())
    conn.receive_data(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: ws\r\n\r\n\x81\x00")
    assert drain(conn) == [
        h11.InformationalResponse(
            status_code=101, reason=b"Switching Protocols", headers=[("Upgrade", "ws")]
        ),
        h11.PAUSED,
    ]
    assert conn.states == {h11.CLIENT: h11.SWITCHED_PROTOCOL, h11.SERVER: h11.SWITCHED_PROTOCOL}
    assert conn.trailing_data == (b"\x81\x00", False)


@FEEDING
def test_informational_then_final_response_with_body(bytewise: bool) -> None:
    conn = client_waiting_for_response()
    data = b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi"
    assert merge_data(receive(conn, data, bytewise=bytewise)) == [
        h11.InformationalResponse(status_code=100, reason=b"Continue", headers=[]),
        h11.Response(status_code=200, reason=b"OK", headers=[("Content-Length", "2")]),
        h11.Data(data=b"hi"),
        h11.EndOfMessage(),
    ]


def test_response_arriving_while_client_still_sends_body_then_extra_bytes_pause() -> None:
    conn = h11.Connection(h11.CLIENT)
    conn.send(
        h11.Request(method="POST", target="/", headers=[("Host", "a"), ("Content-Length", "10")])
    )
    conn.receive_data(b"HTTP/1.1 413 Too Big\r\nContent-Length: 0\r\n\r\nXYZ")
    assert drain(conn) == [
        h11.Response(status_code=413, reason=b"Too Big", headers=[("Content-Length", "0")]),
        h11.EndOfMessage(),
        h11.PAUSED,
    ]
    assert conn.states == {h11.CLIENT: h11.SEND_BODY, h11.SERVER: h11.DONE}
    assert conn.trailing_data == (b"XYZ", False)


# --------------------------------------------------------------------------------------------
# Pipelining (§8.3)


def respond_and_cycle(conn: h11.Connection) -> None:
    conn.send(h11.Response(status_code=200, headers=[("Content-Length", "0")]))
    conn.send(h11.EndOfMessage())
    conn.start_next_cycle()


PIPELINED = [
    post_with(b"Content-Length: 3") + b"abc",
    CHUNKED_POST + b"2\r\nde\r\n0\r\n\r\n",
    b"GET /3 HTTP/1.1\r\nHost: a\r\n\r\n",
]


@FEEDING
def test_pipelined_requests_are_delivered_one_cycle_at_a_time(bytewise: bool) -> None:
    conn = h11.Connection(h11.SERVER)
    events = receive(conn, b"".join(PIPELINED), bytewise=bytewise)
    assert merge_data([e for e in events if e is not h11.PAUSED]) == [
        h11.Request(method="POST", target="/", headers=[("Host", "a"), ("Content-Length", "3")]),
        h11.Data(data=b"abc"),
        h11.EndOfMessage(),
    ]
    assert events[-1] is h11.PAUSED
    assert conn.next_event() is h11.PAUSED
    assert conn.trailing_data == (PIPELINED[1] + PIPELINED[2], False)

    respond_and_cycle(conn)
    assert drain(conn) == [
        CHUNKED_REQUEST,
        h11.Data(data=b"de", chunk_start=True, chunk_end=True),
        h11.EndOfMessage(),
        h11.PAUSED,
    ]
    assert conn.trailing_data == (PIPELINED[2], False)

    respond_and_cycle(conn)
    assert drain(conn) == [
        h11.Request(method="GET", target="/3", headers=[("Host", "a")]),
        h11.EndOfMessage(),
        h11.NEED_DATA,
    ]
    assert conn.trailing_data == (b"", False)


def test_pipelined_request_stays_paused_until_start_next_cycle() -> None:
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(PIPELINED[2] + PIPELINED[2])
    assert drain(conn)[-1] is h11.PAUSED
    conn.send(h11.Response(status_code=200, headers=[("Content-Length", "0")]))
    assert conn.next_event() is h11.PAUSED
    conn.send(h11.EndOfMessage())
    assert conn.next_event() is h11.PAUSED
    conn.start_next_cycle()
    assert conn.next_event() == h11.Request(method="GET", target="/3", headers=[("Host", "a")])


@pytest.mark.parametrize(
    "first",
    [
        b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, CLOSE\r\n\r\n",
        b"GET / HTTP/1.0\r\n\r\n",
        b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
    ],
)
def test_bytes_after_a_message_from_a_peer_that_must_close_are_rejected(first: bytes) -> None:
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(first + b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
    assert type(conn.next_event()) is h11.Request
    assert conn.next_event() == h11.EndOfMessage()
    assert conn.their_state is h11.MUST_CLOSE
    with pytest.raises(h11.RemoteProtocolError) as excinfo:
        conn.next_event()
    assert type(excinfo.value) is h11.RemoteProtocolError
    assert_rpe(excinfo.value, "Got data when expecting EOF")
    assert conn.their_state is h11.ERROR
