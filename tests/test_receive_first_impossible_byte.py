"""Chunk-size lines are refused at their first impossible byte (docs/differences.rst, H10).

A chunk-size line that no continuation could make valid raises ``RemoteProtocolError`` as
soon as the byte that makes it so is received, instead of waiting for a CRLF that cannot
help: ``Transfer-Encoding: chunked`` with ``Content-Length: 5`` then ``hello`` used to leave
the server waiting. The error shows the line through that byte, so it is the same however
the bytes are split; checking an incomplete line costs work linear in its length.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import h11
from corpus.model import through_first_impossible_byte
from h11 import _readers
from helpers import CHUNKED_POST, feed_until_error


def feed(pieces: list[bytes]) -> tuple[list[Any], h11.RemoteProtocolError | None, int]:
    """Events, the error (if any), and how many bytes had been given when it came."""
    return feed_until_error(h11.Connection(h11.SERVER), pieces)


@pytest.mark.parametrize("bytewise", [False, True], ids=["whole", "bytewise"])
@pytest.mark.parametrize(
    ("body", "shown"),
    [
        (b"hello", b"h"),  # the Content-Length body read as a chunk size
        (b"zzzz", b"z"),
        (b"5\r\nhello\r\nG", b"G"),  # a pipelined request where a size line belongs
        (b"3;a=b c", b"3;a=b c"),
        (b'3;a="x\x01', b'3;a="x\x01'),
        (b"3\n", b"3\n"),
        (b"f" * 21, b"f" * 21),
    ],
)
def test_a_chunk_size_line_fails_at_its_first_impossible_byte(
    body: bytes, shown: bytes, bytewise: bool
) -> None:
    head = b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n"
    wire = head + body
    pieces = [wire[i : i + 1] for i in range(len(wire))] if bytewise else [wire]
    events, error, given_bytes = feed(pieces)
    assert error is not None, events  # 0.16 (and before this rule): NEED_DATA, forever
    assert str(error) == f"illegal chunk header: {bytearray(shown)!r}"
    assert error.error_status_hint == 400
    assert (error.line, error.offset) == (shown, 0)
    if bytewise:
        # Exactly when the impossible byte arrived.
        assert given_bytes == len(head) + body.find(shown) + len(shown)


def test_a_valid_prefix_keeps_waiting() -> None:
    for prefix in [b"", b"1", b"ff;", b'3;a="x\\', b"3 ;a = b\t;c", b"3;a=b\r"]:
        events, error, _ = feed([CHUNKED_POST + prefix])
        assert error is None, prefix
        assert [type(e) for e in events] == [h11.Request], prefix


LINE_BYTES = b'0123456789abcdefABCDEFgz ;="\\\t\r\n,\x01\x80'


@given(
    line=st.lists(st.sampled_from(list(LINE_BYTES)), min_size=1, max_size=24).map(bytes),
    data=st.data(),
)
def test_the_verdict_is_the_same_however_the_line_is_split(line: bytes, data: Any) -> None:
    wire = CHUNKED_POST + line
    cuts = sorted(data.draw(st.sets(st.integers(1, len(wire) - 1), max_size=8)))
    pieces = [wire[a:b] for a, b in zip([0, *cuts], [*cuts, len(wire)], strict=True)]
    whole = feed([wire])
    split = feed(pieces)
    bytewise = feed([wire[i : i + 1] for i in range(len(wire))])
    for outcome in (split, bytewise):
        assert (str(outcome[1]), getattr(outcome[1], "line", None)) == (
            str(whole[1]),
            getattr(whole[1], "line", None),
        )
    if whole[1] is not None and b"\r\n" not in line:
        # Refused without a line end: at the first impossible byte, as the oracle finds it.
        shown = through_first_impossible_byte(line)
        assert str(whole[1]) == f"illegal chunk header: {bytearray(shown)!r}"
        assert bytewise[2] == len(CHUNKED_POST) + len(shown)


def test_checking_an_incomplete_line_byte_by_byte_is_linear(monkeypatch: Any) -> None:
    scanned = [0]
    scan = _readers.scan_chunk_line

    def counting_scan(data: bytes, state: int = 0) -> tuple[int, int]:
        scanned[0] += len(data)
        return scan(data, state)

    monkeypatch.setattr(_readers, "scan_chunk_line", counting_scan)
    line = b"3;x=" + b"e" * 16000
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(CHUNKED_POST)
    assert type(conn.next_event()) is h11.Request
    for i in range(len(line)):
        conn.receive_data(line[i : i + 1])
        assert conn.next_event() is h11.NEED_DATA
    assert scanned[0] == len(line)  # each byte checked once
    conn.receive_data(b"\r\nabc\r\n0\r\n\r\n")
    event = conn.next_event()
    assert type(event) is h11.Data
    assert event.data == b"abc"
