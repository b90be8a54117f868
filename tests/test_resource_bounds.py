"""Resource bounds: max_incomplete_event_size does not depend on how the bytes are split, and
feeding a maximal head, chunk-size line or trailer block one byte at a time costs linear work.

docs/differences.rst, H8 (h11 #182: 0.16 accepted a 20 KB head sent at once but
rejected it sent in 100-byte pieces). ``test_receive_eof_and_limits.py`` already checks whole
vs bytewise feeding for heads, chunk-size lines and trailer blocks; this module adds the
other splits (100-byte and 7-byte pieces, and the h11 #182 sizes) and the cost of bytewise
feeding, counted deterministically (bytes examined by the receive buffer's searches, and
function calls), never timed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

import h11
from helpers import CHUNKED_POST, drain, in_pieces, merge_data, receiver

TOO_LONG = "Receive buffer too long"

SPLITS = {"whole": 0, "100-byte": 100, "7-byte": 7, "bytewise": 1}


# Each kind: (setup bytes fed first, then a function making the measured part of ``size``
# bytes followed by what completes the message, and the role that receives it).


def request_head(size: int) -> bytes:
    start = b"GET / HTTP/1.1\r\nHost: a\r\nX: "
    return start + b"h" * (size - len(start) - 4) + b"\r\n\r\n"


def response_head(size: int) -> bytes:
    start = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX: "
    return start + b"h" * (size - len(start) - 4) + b"\r\n\r\n"


def blank_lines_and_request_head(size: int) -> bytes:
    return b"\r\n" * 10 + request_head(size - 20)


def chunk_size_line(size: int) -> bytes:
    return b"3;x=" + b"e" * (size - 6) + b"\r\n" + b"abc\r\n0\r\n\r\n"


def trailer_block(size: int) -> bytes:
    """The last-chunk line, then a trailer block (field and blank line) of ``size`` bytes."""
    return b"0\r\nX: " + b"t" * (size - 7) + b"\r\n\r\n"


KINDS: dict[str, tuple[Any, bytes, Callable[[int], bytes]]] = {
    "request-head": (h11.SERVER, b"", request_head),
    "response-head": (h11.CLIENT, b"", response_head),
    "blank-lines-and-request-head": (h11.SERVER, b"", blank_lines_and_request_head),
    "chunk-size-line": (h11.SERVER, CHUNKED_POST, chunk_size_line),
    "trailer-block": (h11.SERVER, CHUNKED_POST, trailer_block),
}


def feed(conn: h11.Connection, chunks: list[bytes]) -> tuple[list[Any], Exception | None]:
    """Feed ``chunks`` draining events after each; return the events and any error."""
    events: list[Any] = []
    try:
        for chunk in chunks:
            conn.receive_data(chunk)
            events.extend(e for e in drain(conn) if e is not h11.NEED_DATA)
    except h11.RemoteProtocolError as exc:
        return events, exc
    return events, None


def outcome(kind: str, limit: int, size: int, split: int) -> tuple[list[Any], Exception | None]:
    role, setup, make = KINDS[kind]
    conn = receiver(role, max_incomplete_event_size=limit)
    if setup:
        events, error = feed(conn, [setup])
        assert error is None
        assert events
    return feed(conn, in_pieces(make(size), split))


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("split", SPLITS.values(), ids=SPLITS.keys())
@pytest.mark.parametrize("limit", [200, 1000])
def test_exactly_the_limit_is_accepted_however_split(kind: str, split: int, limit: int) -> None:
    events, error = outcome(kind, limit, limit, split)
    assert error is None
    assert type(events[-1]) is h11.EndOfMessage
    assert merge_data(events) == merge_data(outcome(kind, limit, limit, 0)[0])


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("split", SPLITS.values(), ids=SPLITS.keys())
@pytest.mark.parametrize("excess", [1, 2, 150])
def test_over_the_limit_is_431_however_split(kind: str, split: int, excess: int) -> None:
    limit = 1000
    events, error = outcome(kind, limit, limit + excess, split)
    assert isinstance(error, h11.RemoteProtocolError)
    assert str(error) == TOO_LONG
    assert error.error_status_hint == 431
    # Nothing of the oversized part was delivered (the setup's events only, if any).
    assert all(type(e) in (h11.Request, h11.Data) for e in events)
    assert merge_data(events) == merge_data(outcome(kind, limit, limit + excess, 0)[0])


@pytest.mark.parametrize("split", [0, 100], ids=["whole", "100-byte"])
def test_h11_issue_182_a_20_kb_head_is_refused_whole_and_in_100_byte_pieces(split: int) -> None:
    # 0.16 accepted this head sent at once and refused it sent in 100-byte pieces.
    _, error = feed(h11.Connection(h11.SERVER), in_pieces(request_head(20_000), split))
    assert isinstance(error, h11.RemoteProtocolError)
    assert error.error_status_hint == 431


@pytest.mark.parametrize("split", [0, 100, 1], ids=["whole", "100-byte", "bytewise"])
def test_a_head_of_exactly_the_default_limit_is_accepted_in_any_split(split: int) -> None:
    events, error = feed(h11.Connection(h11.SERVER), in_pieces(request_head(16384), split))
    assert error is None
    assert [type(e) for e in events] == [h11.Request, h11.EndOfMessage]


# --------------------------------------------------------------------------------------------
# Linear work for bytewise feeding


SEARCHES = ("find", "rfind", "index", "rindex", "count", "startswith", "endswith")


class CountingBytearray(bytearray):
    """A bytearray whose searches add the number of bytes they may examine to a counter."""

    examined = 0

    def _count(self, name: str, args: tuple[Any, ...]) -> None:
        if name in ("startswith", "endswith"):
            # These compare the prefix/suffix only.
            affixes = args[0] if isinstance(args[0], tuple) else (args[0],)
            CountingBytearray.examined += max(map(len, affixes))
            return
        start = args[1] if len(args) > 1 and args[1] is not None else 0
        end = args[2] if len(args) > 2 and args[2] is not None else len(self)
        start = start + len(self) if start < 0 else start
        end = end + len(self) if end < 0 else end
        CountingBytearray.examined += max(0, min(end, len(self)) - start)


def _counting(name: str) -> Callable[..., Any]:
    method = getattr(bytearray, name)

    def search(self: CountingBytearray, *args: Any) -> Any:
        self._count(name, args)
        return method(self, *args)

    return search


for _name in SEARCHES:
    setattr(CountingBytearray, _name, _counting(_name))


def count_buffer_searches(conn: h11.Connection) -> Callable[[], None]:
    """After each receive, make the buffer's storage a CountingBytearray (same content).

    Relies on the receive buffer keeping its bytes in ``_data`` and searching that object
    (true of ours and of 0.16's); skips the test if that is no longer so.
    """
    buf = conn._receive_buffer
    if not hasattr(buf, "_data"):
        pytest.skip("the receive buffer no longer keeps its bytes in _data")

    def wrap() -> None:
        data = buf._data
        if type(data) is not CountingBytearray and len(data):
            buf._data = CountingBytearray(data)

    return wrap


@contextmanager
def counting_calls() -> Iterator[list[int]]:
    """Count every Python and C function call (deterministic, unlike a timer)."""
    calls = [0]

    def profile(frame: Any, event: str, arg: Any) -> None:
        if event in ("call", "c_call"):
            calls[0] += 1

    sys.setprofile(profile)
    try:
        yield calls
    finally:
        sys.setprofile(None)


def bytewise_cost(kind: str, size: int) -> tuple[int, int]:
    """(bytes examined by buffer searches, function calls) to feed a maximal ``kind``."""
    role, setup, make = KINDS[kind]
    conn = receiver(role, max_incomplete_event_size=size)
    if setup:
        conn.receive_data(setup)
        drain(conn)
    data = make(size)
    wrap = count_buffer_searches(conn)
    CountingBytearray.examined = 0
    events: list[Any] = []
    with counting_calls() as calls:
        for i in range(len(data)):
            conn.receive_data(data[i : i + 1])
            wrap()
            events.extend(drain(conn))
    assert type(events[-2]) is h11.EndOfMessage, events[-3:]
    return CountingBytearray.examined, calls[0]


@pytest.mark.parametrize("kind", KINDS)
def test_bytewise_feeding_of_a_maximal_event_costs_linear_work(kind: str) -> None:
    # A maximal event of the default limit (16 KiB) vs one of 4 KiB (limit = size each).
    small_examined, small_calls = bytewise_cost(kind, 4 * 1024)
    large_examined, large_calls = bytewise_cost(kind, 16 * 1024)
    # 4x the bytes: linear work grows about 4x, quadratic work 16x. Allow up to 6x.
    assert large_calls <= 6 * small_calls, (small_calls, large_calls)
    assert large_examined <= 6 * max(small_examined, 1), (small_examined, large_examined)
    # And in absolute terms: each byte is examined a small, constant number of times.
    assert large_examined <= 16 * 16 * 1024, large_examined


def test_the_search_counter_sees_a_rescanning_search() -> None:
    # The counter is meaningful: a search from the start after each byte is quadratic.
    CountingBytearray.examined = 0
    data = CountingBytearray()
    for _ in range(1000):
        data += b"x"
        data.find(b"\n\n")
    assert CountingBytearray.examined == 1000 * 1001 // 2
