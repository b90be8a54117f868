"""Receive limits: start line, header line, header count, trailer size, chunk extensions.

Contract: docs/leniency.rst. Each limit is a keyword-only argument of
``Connection`` whose default, ``None``, changes nothing; a violation is a
``RemoteProtocolError`` with the fitting ``error_status_hint`` (414 for a request line, 431
for header and trailer fields, 400 otherwise). A limit is checked on a complete unit (head,
trailer section, chunk-size line), after ``max_incomplete_event_size``, so the outcome is the
same however the bytes are split: every case runs whole and one byte at a time, for both roles
where the limit applies to both.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import h11
from helpers import FEEDING, feed, feed_error, receiver

ROLES = pytest.mark.parametrize("role", ["server", "client"])

LIMITS = (
    "max_header_count",
    "max_header_line_length",
    "max_start_line_length",
    "max_trailer_size",
    "max_chunk_extension_length",
)


# --------------------------------------------------------------------------------------------
# Local helpers


def head(role: str, *header_lines: bytes, start: bytes | None = None) -> bytes:
    """A complete head: the start line, Host for a request, the lines, the blank line."""
    if role == "server":
        first = start or b"GET / HTTP/1.1"
        lines = (b"Host: a", *header_lines)
    else:
        first = start or b"HTTP/1.1 200 OK"
        lines = header_lines
    return first + b"\r\n" + b"".join(line + b"\r\n" for line in lines) + b"\r\n"


def chunked_head(role: str) -> bytes:
    if role == "server":
        return b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
    return b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"


# --------------------------------------------------------------------------------------------
# The keywords


def test_limits_are_keyword_only_and_default_to_none() -> None:
    import inspect

    parameters = inspect.signature(h11.Connection).parameters
    for name in LIMITS:
        assert parameters[name].kind is inspect.Parameter.KEYWORD_ONLY
        assert parameters[name].default is None


@pytest.mark.parametrize("name", LIMITS)
@pytest.mark.parametrize("value", [-1, 1.5, "10", True])
def test_a_limit_must_be_a_non_negative_int(name: str, value: Any) -> None:
    with pytest.raises(ValueError, match=name):
        h11.Connection(h11.SERVER, **{name: value})


@pytest.mark.parametrize("name", LIMITS)
def test_zero_is_a_valid_limit(name: str) -> None:
    h11.Connection(h11.SERVER, **{name: 0})


@ROLES
@FEEDING
def test_without_limits_long_lines_and_many_fields_are_fine(role: str, bytewise: bool) -> None:
    fields = [b"X-%d: %s" % (i, b"v" * 200) for i in range(40)]
    events = feed(
        receiver(role), head(role, *fields, b"Content-Length: 0"), bytewise=bytewise, paused=False
    )
    assert len(events[0].headers) == 40 + 1 + (role == "server")


# --------------------------------------------------------------------------------------------
# max_start_line_length


@ROLES
@FEEDING
def test_start_line_of_exactly_the_limit_is_accepted(role: str, bytewise: bool) -> None:
    start = (
        b"GET /" + b"a" * 45 + b" HTTP/1.1" if role == "server" else b"HTTP/1.1 200 " + b"o" * 46
    )
    assert len(start) == 59
    conn = receiver(role, max_start_line_length=59)
    events = feed(
        conn, head(role, b"Content-Length: 0", start=start), bytewise=bytewise, paused=False
    )
    assert type(events[0]) in (h11.Request, h11.Response)


@FEEDING
def test_request_line_over_the_limit_is_414(bytewise: bool) -> None:
    start = b"GET /" + b"a" * 46 + b" HTTP/1.1"
    conn = receiver("server", max_start_line_length=59)
    exc = feed_error(conn, head("server", start=start), bytewise=bytewise)
    assert exc.error_status_hint == 414
    assert str(exc) == f"request line longer than 59 bytes (60 bytes): {start!r}"
    assert (exc.line, exc.offset) == (start, 0)


@FEEDING
def test_status_line_over_the_limit_is_400(bytewise: bool) -> None:
    start = b"HTTP/1.1 200 " + b"o" * 47
    conn = receiver("client", max_start_line_length=59)
    exc = feed_error(conn, head("client", start=start), bytewise=bytewise)
    assert exc.error_status_hint == 400
    assert str(exc) == f"status line longer than 59 bytes (60 bytes): {start!r}"


@FEEDING
def test_start_line_limit_excludes_line_ending_and_skipped_blank_lines(bytewise: bool) -> None:
    data = b"\r\n\n\r\nGET / HTTP/1.1\nHost: a\n\n"  # bare LF line endings too
    events = feed(
        receiver("server", max_start_line_length=14), data, bytewise=bytewise, paused=False
    )
    assert events[0].target == b"/"


@FEEDING
def test_long_start_line_is_checked_before_its_grammar(bytewise: bool) -> None:
    # A line wrong only as a whole (no HTTP-version) is judged when complete: limit first.
    start = b"GET /" + b"a" * 100
    exc = feed_error(
        receiver("server", max_start_line_length=20),
        head("server", start=start),
        bytewise=bytewise,
    )
    assert exc.error_status_hint == 414


@FEEDING
def test_an_impossible_byte_is_refused_before_the_line_grows_past_a_limit(bytewise: bool) -> None:
    # docs/differences.rst, H10: refused when it arrives, so the same when the line is whole.
    start = b"GET  /" + b"a" * 100
    exc = feed_error(
        receiver("server", max_start_line_length=20),
        head("server", start=start),
        bytewise=bytewise,
    )
    assert (str(exc), exc.error_status_hint) == ("illegal request line: bytearray(b'GET  ')", 400)


@FEEDING
def test_head_over_max_incomplete_event_size_wins_over_the_start_line_limit(
    bytewise: bool,
) -> None:
    # However the bytes are split, a head over max_incomplete_event_size is 431 "Receive
    # buffer too long" (H8): the other limits only see complete heads within it.
    start = b"GET /" + b"a" * 200 + b" HTTP/1.1"
    conn = receiver("server", max_start_line_length=50, max_incomplete_event_size=100)
    exc = feed_error(conn, head("server", start=start), bytewise=bytewise)
    assert (str(exc), exc.error_status_hint) == ("Receive buffer too long", 431)


# --------------------------------------------------------------------------------------------
# max_header_line_length


@ROLES
@FEEDING
def test_header_line_of_exactly_the_limit_is_accepted(role: str, bytewise: bool) -> None:
    line = b"X-Long: " + b"v" * 42
    assert len(line) == 50
    conn = receiver(role, max_header_line_length=50)
    events = feed(conn, head(role, line, b"Content-Length: 0"), bytewise=bytewise, paused=False)
    assert (b"x-long", b"v" * 42) in list(events[0].headers)


@ROLES
@FEEDING
def test_header_line_over_the_limit_is_431(role: str, bytewise: bool) -> None:
    line = b"X-Long: " + b"v" * 43
    conn = receiver(role, max_header_line_length=50)
    data = head(role, b"A: b", line, b"Content-Length: 0")
    exc = feed_error(conn, data, bytewise=bytewise)
    assert exc.error_status_hint == 431
    assert str(exc) == f"header line longer than 50 bytes (51 bytes): {line!r}"
    assert exc.line == line
    assert exc.offset == data.index(line)


@FEEDING
def test_each_line_of_a_folded_header_counts_on_its_own(bytewise: bool) -> None:
    conn = receiver("client", max_header_line_length=10)
    data = head("client", b"X: 123456", b" 7890abc", b"Y: 1")
    events = feed(conn, data, bytewise=bytewise, paused=False)
    assert events[0].headers.raw_items()[0] == (b"X", b"123456 7890abc")
    exc = feed_error(
        receiver("client", max_header_line_length=10),
        head("client", b"X: 1", b"   1234567890"),
        bytewise=bytewise,
    )
    assert exc.error_status_hint == 431


@ROLES
@FEEDING
def test_header_line_limit_applies_to_trailers(role: str, bytewise: bool) -> None:
    conn = receiver(role, max_header_line_length=30)
    long = b"Y: " + b"7" * 28
    body = b"0\r\nX: 123456\r\n" + long + b"\r\n\r\n"
    exc = feed_error(conn, chunked_head(role) + body, bytewise=bytewise)
    assert str(exc) == f"trailer line longer than 30 bytes (31 bytes): {long!r}"
    assert exc.error_status_hint == 431
    assert (exc.line, exc.offset) == (long, 11)  # from the start of the trailer section


# --------------------------------------------------------------------------------------------
# max_header_count


@ROLES
@FEEDING
def test_header_count_of_exactly_the_limit_is_accepted(role: str, bytewise: bool) -> None:
    fields = [b"X-%d: v" % i for i in range(9 - (role == "server"))] + [b"Content-Length: 0"]
    events = feed(
        receiver(role, max_header_count=10), head(role, *fields), bytewise=bytewise, paused=False
    )
    assert len(events[0].headers) == 10


@ROLES
@FEEDING
def test_header_count_over_the_limit_is_431(role: str, bytewise: bool) -> None:
    fields = [b"X-%d: v" % i for i in range(10 - (role == "server"))] + [b"Content-Length: 0"]
    exc = feed_error(receiver(role, max_header_count=10), head(role, *fields), bytewise=bytewise)
    assert exc.error_status_hint == 431
    assert str(exc) == "more than 10 header fields, at: b'Content-Length: 0'"
    assert exc.line == b"Content-Length: 0"


@FEEDING
def test_a_folded_field_counts_once(bytewise: bool) -> None:
    data = head("client", b"X: a", b" b", b"\tc", b"Content-Length: 0")
    events = feed(receiver("client", max_header_count=2), data, bytewise=bytewise, paused=False)
    assert events[0].headers.raw_items() == [(b"X", b"a b c"), (b"Content-Length", b"0")]


@FEEDING
def test_no_header_at_all_with_a_zero_limit(bytewise: bool) -> None:
    events = feed(
        receiver("client", max_header_count=0),
        b"HTTP/1.0 200 OK\r\n\r\n",
        bytewise=bytewise,
        paused=False,
    )
    assert len(events[0].headers) == 0


@ROLES
@FEEDING
def test_header_count_applies_to_trailers(role: str, bytewise: bool) -> None:
    conn = receiver(role, max_header_count=2)
    events = feed(
        conn, chunked_head(role) + b"0\r\nA: 1\r\nB: 2\r\n\r\n", bytewise=bytewise, paused=False
    )
    assert events[-1] == h11.EndOfMessage(headers=[("A", "1"), ("B", "2")])
    conn = receiver(role, max_header_count=2)
    exc = feed_error(
        conn, chunked_head(role) + b"0\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", bytewise=bytewise
    )
    assert (str(exc), exc.error_status_hint) == ("more than 2 trailer fields, at: b'C: 3'", 431)


# --------------------------------------------------------------------------------------------
# max_trailer_size


@ROLES
@FEEDING
def test_trailer_section_of_exactly_the_limit_is_accepted(role: str, bytewise: bool) -> None:
    section = b"A: 12345\r\nB: 123"  # first byte of the first line to last of the last
    conn = receiver(role, max_trailer_size=len(section))
    events = feed(
        conn,
        chunked_head(role) + b"0\r\n" + section + b"\r\n\r\n",
        bytewise=bytewise,
        paused=False,
    )
    assert events[-1] == h11.EndOfMessage(headers=[("A", "12345"), ("B", "123")])


@ROLES
@FEEDING
def test_trailer_section_over_the_limit_is_431(role: str, bytewise: bool) -> None:
    section = b"A: 12345\r\nB: 1234"
    conn = receiver(role, max_trailer_size=len(section) - 1)
    exc = feed_error(
        conn, chunked_head(role) + b"0\r\n" + section + b"\r\n\r\n", bytewise=bytewise
    )
    assert (str(exc), exc.error_status_hint) == (
        "trailer section longer than 16 bytes (17 bytes)",
        431,
    )


@ROLES
@FEEDING
def test_no_trailers_pass_a_zero_trailer_limit(role: str, bytewise: bool) -> None:
    conn = receiver(role, max_trailer_size=0)
    events = feed(
        conn, chunked_head(role) + b"3\r\nabc\r\n0\r\n\r\n", bytewise=bytewise, paused=False
    )
    assert events[1:] == [h11.Data(data=b"abc"), h11.EndOfMessage()]


@FEEDING
def test_trailer_limit_bigger_than_max_incomplete_event_size_is_bounded_by_it(
    bytewise: bool,
) -> None:
    conn = receiver("server", max_trailer_size=1000, max_incomplete_event_size=120)
    data = chunked_head("server")
    exc = feed_error(conn, data + b"0\r\nA: " + b"1" * 200 + b"\r\n\r\n", bytewise=bytewise)
    assert (str(exc), exc.error_status_hint) == ("Receive buffer too long", 431)


# --------------------------------------------------------------------------------------------
# max_chunk_extension_length


@ROLES
@FEEDING
def test_chunk_extension_of_exactly_the_limit_is_accepted(role: str, bytewise: bool) -> None:
    conn = receiver(role, max_chunk_extension_length=10)
    data = chunked_head(role) + b'3 ; ab="cd"\r\nabc\r\n0;x=1234567\r\n\r\n'
    events = feed(conn, data, bytewise=bytewise, paused=False)
    assert events[1:] == [h11.Data(data=b"abc"), h11.EndOfMessage()]


@ROLES
@FEEDING
def test_chunk_extension_over_the_limit_is_400(role: str, bytewise: bool) -> None:
    conn = receiver(role, max_chunk_extension_length=10)
    data = chunked_head(role) + b"3;ab=12345678\r\nabc\r\n0\r\n\r\n"
    exc = feed_error(conn, data, bytewise=bytewise)
    assert (str(exc), exc.error_status_hint) == (
        "chunk extension longer than 10 bytes (12 bytes): b'3;ab=12345678'",
        400,
    )
    assert (exc.line, exc.offset) == (b"3;ab=12345678", 0)


@ROLES
@FEEDING
def test_chunk_extension_limit_zero_still_allows_plain_chunks(role: str, bytewise: bool) -> None:
    conn = receiver(role, max_chunk_extension_length=0)
    events = feed(
        conn, chunked_head(role) + b"3\r\nabc\r\n0\r\n\r\n", bytewise=bytewise, paused=False
    )
    assert events[1:] == [h11.Data(data=b"abc"), h11.EndOfMessage()]
    conn = receiver(role, max_chunk_extension_length=0)
    exc = feed_error(conn, chunked_head(role) + b"3;\r\n", bytewise=bytewise)
    assert str(exc) == "illegal chunk header: bytearray(b'3;\\r')"  # grammar first


# --------------------------------------------------------------------------------------------
# Limits and the rest of head reading


@ROLES
@pytest.mark.parametrize("data", [b"\x16\x03\x01\x00", b"\r\n\x00GET"])
def test_limits_keep_the_early_first_byte_rejection(role: str, data: bytes) -> None:
    # Q5 (design-receive): a head whose first byte cannot begin a start line is refused at once.
    if role == "client" and data.startswith(b"\r\n"):
        data = data[2:]
    conn = receiver(role, max_start_line_length=100, max_header_count=10)
    exc = feed_error(conn, data, bytewise=False)
    assert str(exc) == "illegal request line"
    assert exc.offset == 0


@ROLES
@FEEDING
def test_limits_accept_the_usual_messages(role: str, bytewise: bool) -> None:
    conn = receiver(
        role,
        max_header_count=5,
        max_header_line_length=40,
        max_start_line_length=40,
        max_trailer_size=40,
        max_chunk_extension_length=10,
    )
    data = chunked_head(role) + b"3;a=b\r\nabc\r\n0\r\nT: 1\r\n\r\n"
    events = feed(conn, data, bytewise=bytewise, paused=False)
    assert events[1:] == [h11.Data(data=b"abc"), h11.EndOfMessage(headers=[("T", "1")])]


# --------------------------------------------------------------------------------------------
# Limits with pipelining and keep-alive


def test_limits_apply_to_every_message_of_a_connection() -> None:
    conn = h11.Connection(h11.SERVER, max_header_count=1)
    conn.receive_data(
        b"GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\nX: y\r\n\r\n"
    )
    assert type(conn.next_event()) is h11.Request
    assert type(conn.next_event()) is h11.EndOfMessage
    assert conn.next_event() is h11.PAUSED
    conn.send(h11.Response(status_code=200, headers=[("Content-Length", "0")]))
    conn.send(h11.EndOfMessage())
    conn.start_next_cycle()
    with pytest.raises(h11.RemoteProtocolError, match="more than 1 header fields"):
        conn.next_event()


def test_a_server_can_answer_with_the_hint() -> None:
    conn = h11.Connection(h11.SERVER, max_start_line_length=10)
    conn.receive_data(b"GET /a-long-path HTTP/1.1\r\nHost: a\r\n\r\n")
    with pytest.raises(h11.RemoteProtocolError) as info:
        conn.next_event()
    status = info.value.error_status_hint
    assert status == 414
    data = conn.send(h11.Response(status_code=status, headers=[("Content-Length", "0")]))
    assert data is not None
    assert data.startswith(b"HTTP/1.1 414 \r\n")


# --------------------------------------------------------------------------------------------
# However the bytes are split


MESSAGES = {
    "server": [
        b"GET /some/long/path?q=1 HTTP/1.1\r\nHost: a\r\nX-A: 1\r\nX-B: 22\r\n\r\n",
        b"\r\nPOST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"3;ext=1\r\nabc\r\n0\r\nT-1: x\r\nT-2: yy\r\n\r\n",
        b"GET / HTTP/1.1\nHost: a\nX: 1\n 2\n\n",
    ],
    "client": [
        b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nX-Long: " + b"v" * 30 + b"\r\n\r\nabc",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        b'5 ; name="quoted"\r\nhello\r\n0\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n',
    ],
}


def outcome(role: str, pieces: list[bytes], limits: dict[str, Any]) -> tuple[Any, ...]:
    conn = receiver(role, **limits)
    events: list[Any] = []
    try:
        for piece in pieces:
            conn.receive_data(piece)
            while True:
                event = conn.next_event()
                if event is h11.NEED_DATA or event is h11.PAUSED:
                    break
                name = type(event).__name__
                if not (name == "Data" and events and events[-1] == "Data"):
                    events.append(name)  # (how many Data events depends on the split)
    except h11.RemoteProtocolError as exc:
        return (*events, str(exc), exc.error_status_hint, exc.line, exc.offset)
    return tuple(events)


@given(
    role=st.sampled_from(["server", "client"]),
    index=st.integers(0, 2),
    cuts=st.lists(st.integers(0, 200), max_size=6),
    limits=st.fixed_dictionaries(
        {},
        optional={
            "max_header_count": st.integers(0, 4),
            "max_header_line_length": st.integers(0, 50),
            "max_start_line_length": st.integers(0, 40),
            "max_trailer_size": st.integers(0, 20),
            "max_chunk_extension_length": st.integers(0, 16),
            "max_incomplete_event_size": st.integers(20, 120),
        },
    ),
)
def test_limits_give_the_same_outcome_however_the_bytes_are_split(
    role: str, index: int, cuts: list[int], limits: dict[str, Any]
) -> None:
    data = MESSAGES[role][index % len(MESSAGES[role])]
    points = sorted({cut % (len(data) + 1) for cut in cuts})
    pieces = [data[a:b] for a, b in zip([0, *points], [*points, len(data)], strict=True)]
    assert outcome(role, [data], limits) == outcome(role, [p for p in pieces if p], limits)
