"""Head lines are refused at their first impossible byte (docs/differences.rst, H10).

Request lines, status lines, header lines and trailer lines: as soon as a byte arrives that
no continuation could make valid (with the connection's leniency), ``next_event()`` raises
``RemoteProtocolError`` with the message and location the complete line gives, the line
shown through that byte, however the bytes were split. A line that ends too early is judged
whole, when the head is complete, as before. Checking an incomplete head costs work linear
in its length when it arrives byte by byte.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import h11
from corpus.model import (
    REQUEST_FIELD_LINE,
    REQUEST_LINE,
    RESPONSE_FIELD_LINE,
    STATUS_LINE,
    line_through_first_impossible_byte,
)
from h11 import _abnf, _readers
from h11._receivebuffer import ReceiveBuffer
from helpers import CHUNKED_POST, feed_until_error, receiver

Outcome = tuple[list[Any], tuple[str, Any, Any, int] | None, int]

RESPONSE_CHUNKED = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n"


def feed(role: Any, pieces: list[bytes], **options: Any) -> Outcome:
    """Events, the error (message, line, offset, hint) if any, and how many bytes it took."""
    events, exc, given_bytes = feed_until_error(receiver(role, **options), pieces)
    if exc is None:
        return events, None, given_bytes
    return events, (str(exc), exc.line, exc.offset, exc.error_status_hint), given_bytes


def bytewise(wire: bytes) -> list[bytes]:
    return [wire[i : i + 1] for i in range(len(wire))]


# (id, role, options, bytes before the line, the line so far, message kind, what is shown,
#  the offset of the line in its unit)
CASES = [
    ("request-line-method", "server", {}, b"", b"G@T / HTTP/1.1", "request", b"G@", 0),
    ("request-line-first", "server", {}, b"", b"@GET / HTTP/1.1", "request", b"@", 0),
    (
        "request-line-target",
        "server",
        {},
        b"",
        b"GET /a\x7fb HTTP/1.1",
        "request",
        b"GET /a\x7f",
        0,
    ),
    ("request-line-2-sp", "server", {}, b"", b"GET  / HTTP/1.1", "request", b"GET  ", 0),
    ("request-line-version", "server", {}, b"", b"GET / HTTPS/1.1", "request", b"GET / HTTPS", 0),
    (
        "request-line-minor",
        "server",
        {},
        b"",
        b"GET / HTTP/1.12",
        "request",
        b"GET / HTTP/1.12",
        0,
    ),
    ("request-line-bare-cr", "server", {}, b"", b"GET /\rx HTTP/1.1", "request", b"GET /\rx", 0),
    # Skipped empty lines (Q4) are not part of the head.
    ("request-after-blank", "server", {}, b"\r\n\n", b"GE(T", "request", b"GE(", 0),
    (
        "request-header-name",
        "server",
        {},
        b"GET / HTTP/1.1\r\n",
        b"Ho(st: a",
        "header",
        b"Ho(",
        16,
    ),
    (
        "request-header-sp",
        "server",
        {},
        b"GET / HTTP/1.1\r\n",
        b"Host : a",
        "header",
        b"Host ",
        16,
    ),
    ("request-header-colon", "server", {}, b"GET / HTTP/1.1\r\n", b": a", "header", b":", 16),
    (
        "request-header-nul",
        "server",
        {},
        b"GET / HTTP/1.1\n",
        b"X: a\x00b",
        "header",
        b"X: a\x00",
        15,
    ),
    (
        "request-header-ctl",
        "server",
        {},
        b"GET / HTTP/1.1\r\n",
        b"X: a\x01b",
        "header",
        b"X: a\x01",
        16,
    ),
    (
        "request-header-cr",
        "server",
        {},
        b"GET / HTTP/1.1\r\n",
        b"X: a\rb",
        "header",
        b"X: a\rb",
        16,
    ),
    ("status-line-first", "client", {}, b"", b"XTTP/1.1 200 OK", "status", b"X", 0),
    ("status-line-version", "client", {}, b"", b"HTTP/1.x 200 OK", "status", b"HTTP/1.x", 0),
    ("status-line-2-sp", "client", {}, b"", b"HTTP/1.1  200 OK", "status", b"HTTP/1.1  ", 0),
    ("status-line-code", "client", {}, b"", b"HTTP/1.1 2x0 OK", "status", b"HTTP/1.1 2x", 0),
    (
        "status-line-4-digits",
        "client",
        {},
        b"",
        b"HTTP/1.1 2000 OK",
        "status",
        b"HTTP/1.1 2000",
        0,
    ),
    (
        "status-line-reason-nul",
        "client",
        {},
        b"",
        b"HTTP/1.1 200 O\x00K",
        "status",
        b"HTTP/1.1 200 O\x00",
        0,
    ),
    ("response-header-name", "client", {}, b"HTTP/1.1 200 OK\r\n", b"X(y: 1", "header", b"X(", 17),
    (
        "response-header-vt",
        "client",
        {},
        b"HTTP/1.1 200 OK\r\n",
        b"X: a\x0bb",
        "header",
        b"X: a\x0b",
        17,
    ),
    (
        "request-trailer",
        "server",
        {},
        CHUNKED_POST + b"0\r\nA: 1\r\n",
        b"B@d: 2",
        "trailer",
        b"B@",
        6,
    ),
    ("response-trailer", "client", {}, RESPONSE_CHUNKED, b"X : 1", "trailer", b"X ", 0),
    # With leniency: what is still impossible.
    (
        "lenient-name-space",
        "client",
        {"allow_non_token_header_names_in_responses": True},
        b"HTTP/1.1 200 OK\r\n",
        b"X(y) z: 1",
        "header",
        b"X(y) ",
        17,
    ),
    (
        "lenient-reason-cr",
        "client",
        {"allow_control_characters_in_reason_phrases": True},
        b"",
        b"HTTP/1.1 200 O\x00\rK",
        "status",
        b"HTTP/1.1 200 O\x00\rK",
        0,
    ),
    (
        "lenient-values-nul",
        "client",
        {"allow_vertical_tab_and_form_feed_in_response_header_values": True},
        b"HTTP/1.1 200 OK\r\n",
        b"X: a\x00",
        "header",
        b"X: a\x00",
        17,
    ),
    (
        "lenient-spaces-code",
        "client",
        {"allow_multiple_spaces_in_response_status_delimiters": True},
        b"",
        b"HTTP/1.1   2OO OK",
        "status",
        b"HTTP/1.1   2O",
        0,
    ),
    (
        "strict-response-values-ctl",
        "client",
        {"refuse_control_characters_in_response_field_values": True},
        b"HTTP/1.1 200 OK\r\n",
        b"X: a\x7fb",
        "header",
        b"X: a\x7f",
        17,
    ),
    (
        "strict-response-trailer-ctl",
        "client",
        {"refuse_control_characters_in_response_field_values": True},
        RESPONSE_CHUNKED,
        b"X: \x1b",
        "trailer",
        b"X: \x1b",
        0,
    ),
    (
        "lenient-request-values-nul",
        "server",
        {"allow_control_characters_in_request_field_values": True},
        b"GET / HTTP/1.1\r\n",
        b"X: \x01\x00",
        "header",
        b"X: \x01\x00",
        16,
    ),
]


def message(kind: str, shown: bytes) -> str:
    word = "header" if kind == "trailer" else kind
    return f"illegal {word} line: {bytearray(shown)!r}"


@pytest.mark.parametrize("case", CASES, ids=[case[0] for case in CASES])
def test_each_line_kind_fails_at_its_first_impossible_byte(case: tuple[Any, ...]) -> None:
    _, role, options, before, line, kind, shown, offset = case
    expected = (message(kind, shown), shown, offset, 400)
    # Incomplete (no line end yet), byte by byte: exactly when the impossible byte arrives.
    _, error, given_bytes = feed(role, bytewise(before + line), **options)
    assert error == expected
    assert given_bytes == len(before) + len(shown)
    # All at once, incomplete and complete, and in pieces: the same error.
    for wire in (before + line, before + line + b"\r\nY: 1\r\n\r\n"):
        for pieces in ([wire], [wire[:5], wire[5:]], bytewise(wire)):
            assert feed(role, pieces, **options)[1] == expected, pieces
    # Pieces of any bytes-like type are looked at the same way.
    for kind_of_piece in (bytearray, memoryview):
        pieces = [kind_of_piece(piece) for piece in bytewise(before + line)]
        _, error, given_bytes = feed(role, pieces, **options)
        assert (error, given_bytes) == (expected, len(before) + len(shown))


WAITING = [
    ("server", {}, b"GET / HTTP/1.1\r\nHost: a\r\nX: a\tb \t"),
    ("server", {}, b"\r\n\r\nGET"),  # empty lines before a request line (Q4)
    ("server", {}, b"GET / HTTP/1.1\nHost: a\nX: 1\n"),  # bare LF line ends (RFC 9112 §2.2)
    ("server", {}, b"GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n \t folded"),  # obs-fold
    ("server", {}, b"GET / HTTP/1.1\r\nX: \x80\xff~"),  # obs-text
    ("server", {}, b"GET / HTTP/1.1\r"),
    ("server", {}, b"GET / HTTP/1"),  # wrong only as a whole if the line ends here
    (
        "server",
        {"allow_control_characters_in_request_field_values": True},
        b"GET / HTTP/1.1\r\nX: \x01",
    ),
    ("client", {}, b"HTTP/1.1 200 \x01\x7f\xff"),
    ("client", {}, b"HTTP/1.1 200 OK\r\nX: \x01\x7f\x1b"),  # response values: h11's wider rule
    ("client", {}, b"HTTP/1.1 099"),  # a range error, judged when complete
    ("client", {"allow_non_token_header_names_in_responses": True}, b"HTTP/1.1 200 OK\r\nX(y)/z"),
    (
        "client",
        {"allow_vertical_tab_and_form_feed_in_response_header_values": True},
        b"HTTP/1.1 200 OK\r\nX: a\x0b\x0cb",
    ),
    ("client", {"allow_control_characters_in_reason_phrases": True}, b"HTTP/1.1 200 O\x00\x0bK"),
    ("client", {"allow_multiple_spaces_in_response_status_delimiters": True}, b"HTTP/1.1   200"),
    ("client", {}, RESPONSE_CHUNKED + b"X: 1\r\nY"),
    ("client", {"refuse_control_characters_in_response_field_values": True}, b"HTTP/1.1 2"),
]


@pytest.mark.parametrize(("role", "options", "wire"), WAITING)
def test_a_prefix_some_continuation_makes_valid_keeps_waiting(
    role: str, options: dict[str, bool], wire: bytes
) -> None:
    for pieces in ([wire], bytewise(wire)):
        _, error, _ = feed(role, pieces, **options)
        assert error is None, (wire, error)


def test_a_line_that_ends_too_early_is_judged_whole_when_the_head_is_complete() -> None:
    # "GET /" and a line end: wrong as a whole, not at a byte (the message shows the line).
    wire = b"GET /\r\nHost: a\r\nB@d: 1\r\n\r\n"
    for pieces in ([wire], bytewise(wire)):
        _, error, given_bytes = feed("server", pieces)
        assert error == ("illegal request line: bytearray(b'GET /')", b"GET /", 0, 400)
        assert given_bytes == len(wire)


# ------------------------------------------------------------------------- properties

# Bytes that matter to the rules, for lines drawn at random.
LINE_BYTES = b"GET/HTP1.0 2:aZ-(\t\r\n\x00\x01\x0b\x7f\x80"
LENIENCY = [
    {},
    {"allow_non_token_header_names_in_responses": True},
    {"allow_vertical_tab_and_form_feed_in_response_header_values": True},
    {"allow_control_characters_in_reason_phrases": True},
    {"allow_multiple_spaces_in_response_status_delimiters": True},
    {"refuse_control_characters_in_response_field_values": True},
]
COMPLETIONS = [
    b"\r\n\r\n",
    b"\r\nHost: a\r\n\r\n",
    b" / HTTP/1.1\r\nHost: a\r\n\r\n",
    b": v\r\n\r\n",
]
STARTS = {
    "server": [b"", b"GET / HTTP/1.1\r\nHost: a\r\n"],
    "client": [b"", b"HTTP/1.1 200 OK\r\n"],
}


@settings(max_examples=300, deadline=None)
@given(
    role=st.sampled_from(["server", "client"]),
    start=st.integers(0, 1),
    lenient=st.sampled_from(range(len(LENIENCY))),
    line=st.lists(st.sampled_from(list(LINE_BYTES)), min_size=1, max_size=20).map(bytes),
    data=st.data(),
)
def test_an_early_verdict_is_the_complete_heads_and_the_same_however_split(
    role: str, start: int, lenient: int, line: bytes, data: Any
) -> None:
    options = LENIENCY[lenient] if role == "client" else {}
    wire = STARTS[role][start] + line
    # A start line whose first byte is below 0x21 has its own early error, "illegal request
    # line" without the line, which depends on the split (docs/design.rst, design-errors).
    assume(wire[0] >= 0x21)
    cuts = sorted(data.draw(st.sets(st.integers(1, max(1, len(wire) - 1)), max_size=6)))
    pieces = [wire[a:b] for a, b in zip([0, *cuts], [*cuts, len(wire)], strict=True)]
    pieces = [piece for piece in pieces if piece]  # (b"" would mean EOF)
    whole = feed(role, [wire], **options)
    for outcome in (feed(role, pieces, **options), feed(role, bytewise(wire), **options)):
        assert outcome[1] == whole[1]
    early = feed(role, bytewise(wire), **options)
    if early[1] is not None and not early[0]:
        # Refused before any event: every completion of the bytes through the refused one is
        # refused too, with the same error (never refuse what some continuation accepts).
        refused = wire[: early[2]]
        for tail in COMPLETIONS:
            assert feed(role, [refused + tail], **options)[1] == early[1], tail
            assert feed(role, [wire + tail], **options)[1] == early[1], tail


@settings(max_examples=200, deadline=None)
@given(
    line=st.lists(st.sampled_from(list(b"GET/HTP1.0 :aZ-(\t\x00\x01\x7f\x80")), max_size=20).map(
        bytes
    ),
    role=st.sampled_from(["server", "client"]),
)
def test_a_refused_line_shows_what_an_independent_rule_finds(line: bytes, role: str) -> None:
    # A start line, or a field line after a valid start line, then a line end: if refused as
    # "illegal ... line", it shows the line through the byte where the reference regular
    # expressions (tests/corpus/model.py) first find no completion.
    if role == "server":
        start, start_rule, field_rule = b"GET / HTTP/1.1", REQUEST_LINE, REQUEST_FIELD_LINE
    else:
        start, start_rule, field_rule = b"HTTP/1.1 200 OK", STATUS_LINE, RESPONSE_FIELD_LINE
    for before, rule, kind in (
        (b"", start_rule, "request" if role == "server" else "status"),
        (start + b"\r\n", field_rule, "header"),
    ):
        if not before and line[:1] < b"!":
            continue  # (the first-byte rule's own error)
        if before and line[:1] in (b" ", b"\t"):
            continue  # (obsolete line folding: judged with the whole head)
        wire = before + line + b"\r\nHost: a\r\n\r\n"
        _, error, _ = feed(role, [wire])
        shown = line_through_first_impossible_byte(line, rule)
        if shown != line:  # an impossible byte within the line
            assert error is not None
            assert error[:2] == (message(kind, shown), shown)
            # Byte by byte, the error comes with that byte, not later.
            _, early, given_bytes = feed(role, bytewise(wire))
            assert early == error
            assert given_bytes == len(before) + len(shown)


# ------------------------------------------------------------------------------- cost


@pytest.mark.parametrize("kind", ["request", "status", "trailers"])
def test_bytes_a_waiting_connection_passes_over_are_valid_however_many(kind: str) -> None:
    # While an incomplete head waits, receive_data() looks only at the bytes the watch of
    # the last scanned state finds. The others must be valid in any number and order:
    # they all lead to one state (the same, or the one a first byte starts) that keeps
    # them all valid, and none may complete the head or end the checks.
    for key in itertools.product(
        [False, True], ["strict", "default", "wide"], *[[False, True]] * 2
    ):
        grammar = _abnf.head_grammar(kind, *key)
        for state, (moves, watch) in enumerate(zip(grammar.moves, grammar.watches, strict=True)):
            passed = [byte for byte in range(256) if not _abnf.watched(watch, bytes([byte]))]
            if state == _abnf.HEAD_GIVE_UP:
                assert passed == [b for b in range(256) if b not in b"\r\n"]
                continue
            assert 10 not in passed
            assert 13 not in passed
            targets = {moves[byte] for byte in passed}
            assert len(targets) <= 1, (key, state)
            for target in targets:
                assert target not in (_abnf.HEAD_GIVE_UP, _abnf.IMPOSSIBLE)
                assert all(grammar.moves[target][byte] == target for byte in passed)


class CountingScan:
    """Wraps ``scan_head``: how many calls, and how many bytes they covered."""

    def __init__(self, monkeypatch: Any) -> None:
        self.calls = self.covered = 0
        self.scan = _readers.scan_head
        monkeypatch.setattr(_readers, "scan_head", self)

    def __call__(self, data: Any, pos: int, end: int, state: int, grammar: Any) -> tuple[int, int]:
        self.calls += 1
        self.covered += end - pos
        return self.scan(data, pos, end, state, grammar)


@pytest.mark.parametrize("kind", [bytes, bytearray, memoryview])
def test_checking_an_incomplete_head_byte_by_byte_is_linear(monkeypatch: Any, kind: Any) -> None:
    counting = CountingScan(monkeypatch)
    for role, wire in [
        ("server", b"GET /" + b"p" * 3000 + b" HTTP/1.1\r\nHost: a\r\nX: " + b"e" * 12000),
        ("client", b"HTTP/1.1 200 " + b"r" * 3000 + b"\r\nX: " + b"e" * 12000),
    ]:
        counting.calls = counting.covered = 0
        conn = receiver(role, max_incomplete_event_size=20000)
        for i in range(len(wire)):
            conn.receive_data(kind(wire[i : i + 1]))
            assert conn.next_event() is h11.NEED_DATA
        # Each byte is scanned once at most, and the scan runs only when a byte may
        # change what can follow (a delimiter, a version byte, a line end): a few times
        # per line, never for each byte of a run that cannot (target, reason, values).
        # (receive_data() searches each piece once, for the bytes that may.)
        assert counting.covered <= len(wire)
        assert counting.calls < 30
        conn.receive_data(b"\r\nContent-Length: 0\r\n\r\n")
        assert type(conn.next_event()) in (h11.Request, h11.Response)


def test_a_head_in_a_few_pieces_is_scanned_a_few_times(monkeypatch: Any) -> None:
    counting = CountingScan(monkeypatch)
    wire = b"GET /" + b"p" * 3000 + b" HTTP/1.1\r\nHost: a\r\nX: " + b"e" * 12000 + b"\r\n"
    conn = receiver("server", max_incomplete_event_size=20000)
    for i in range(0, len(wire), 1000):
        conn.receive_data(wire[i : i + 1000])
        assert conn.next_event() is h11.NEED_DATA
    assert counting.covered == len(wire)
    assert counting.calls <= len(range(0, len(wire), 1000))  # once per piece at most


def test_trailers_byte_by_byte_are_checked_once(monkeypatch: Any) -> None:
    counting = CountingScan(monkeypatch)
    conn = receiver("server")
    conn.receive_data(CHUNKED_POST + b"0\r\n")
    assert type(conn.next_event()) is h11.Request
    trailers = b"X: " + b"t" * 5000
    for i in range(len(trailers)):
        conn.receive_data(trailers[i : i + 1])
        assert conn.next_event() is h11.NEED_DATA
    assert counting.covered == len(trailers)
    conn.receive_data(b"\r\n\r\n")
    event = conn.next_event()
    assert type(event) is h11.EndOfMessage
    assert event.headers == [(b"x", b"t" * 5000)]


def test_a_complete_head_is_never_scanned(monkeypatch: Any) -> None:
    counting = CountingScan(monkeypatch)
    for role, wire in [
        ("server", b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"),
        ("client", b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
    ]:
        events, error, _ = feed(role, [wire])
        assert error is None
        assert len(events) == 2
    assert counting.calls == 0


@pytest.mark.parametrize("options", [{}, {"max_header_count": 10}], ids=["default", "limits"])
@pytest.mark.parametrize("role", ["server", "client"])
def test_nothing_received_is_nothing_to_check(role: str, options: dict[str, int]) -> None:
    conn = receiver(role, **options)
    assert conn.next_event() is h11.NEED_DATA
    conn.receive_data(b"G" if role == "server" else b"H")
    assert conn.next_event() is h11.NEED_DATA


def test_the_receive_buffers_mark_follows_its_bytes_until_they_are_consumed() -> None:
    buf = ReceiveBuffer()
    buf.append(b"GET / HT")
    data, start, checked, note = buf.scan_mark()
    assert (data[start:], checked - start, note) == (b"GET / HT", 0, None)
    buf.set_scan_mark(start + 6, "noted")
    # Appending, with or without moving the bytes (joined into a new object or not): kept.
    for more in (b"TP/1.1\r\n", bytearray(b"X"), memoryview(b"Y")):
        buf.append(more)
        data, start, checked, note = buf.scan_mark()
        assert (bytes(data[start:checked]), note) == (b"GET / ", "noted")
    # Consuming anything forgets it.
    buf.take(1)
    data, start, checked, note = buf.scan_mark()
    assert (checked, note) == (start, None)
    # A mark made after a consumption moves with its bytes when the consumed prefix is
    # dropped (at the next append), and is forgotten at the next consumption.
    buf.set_scan_mark(start + 2, "again")
    buf.append(b"Z" * 50)
    data, start, checked, note = buf.scan_mark()
    assert (bytes(data[start:checked]), note) == (b"ET", "again")
    buf.take(1)
    data, start, checked, note = buf.scan_mark()
    assert (checked, note) == (start, None)
    # A forgotten mark keeps no old bytes alive once a consumed prefix is dropped.
    buf.set_scan_mark(start + 1, "stale")
    buf.take(1)
    buf.append(b"!")
    assert buf._scan is None


def test_empty_lines_before_a_request_line_are_nothing_to_check() -> None:
    buf = ReceiveBuffer()
    buf.append(b"\r\n\r")
    watch = _readers.check_incomplete_head(buf, True, None, 100)
    assert _abnf.watched(watch, b"@")  # what could not begin a request line is looked at
    assert buf.scan_mark()[3] is None
