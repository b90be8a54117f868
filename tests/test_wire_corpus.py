"""Run the wire corpus (``tests/corpus/``): raw bytes against their expected event log or error.

Every case runs three ways (tests/README.md, "The wire corpus"):

- whole: all bytes in one ``receive_data`` call;
- bytewise: one byte per call, draining ``next_event()`` after each;
- trailing: the bytes followed by a complete valid request (server) or response (client) in
  one call. The log up to the end of the case's first message (its first ``EndOfMessage``, or
  everything before ``PAUSED`` for a protocol switch) must be the same; an error must be the
  same error after the same events. Cases that end incomplete or with EOF have no such run.

Data events are merged before comparing; how chunk boundaries are flagged is checked
separately (Q2), as is the type of received body bytes (Q6).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

import h11
from corpus import ALL_CASES
from corpus.garden import GARDEN_CASES, garden_payloads
from corpus.model import CLOSED, NEED_DATA, NEXT_CYCLE, PAUSED, Case, Entry, Err, OneOf
from helpers import private_attributes

TRAILING_REQUEST = b"GET /pipelined HTTP/1.1\r\nHost: t\r\n\r\n"
TRAILING_RESPONSE = b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc"


@dataclass
class Outcome:
    log: list[Entry]
    error: h11.RemoteProtocolError | None
    states: tuple[str, str]
    raw_events: list[Any]


def describe(event: Any) -> Entry:
    """An event as the corpus writes it; head fields must be real ``bytes`` (docs/api.rst)."""
    kind = type(event)
    if kind is h11.ConnectionClosed:
        return CLOSED
    if kind is h11.Data:
        return ("Data", bytes(event.data))
    pairs = tuple(event.headers.raw_items())
    for name, value in pairs:
        assert type(name) is bytes, pairs
        assert type(value) is bytes, pairs
    if kind is h11.EndOfMessage:
        return ("EndOfMessage", pairs)
    if kind is h11.Request:
        for field in (event.method, event.target, event.http_version):
            assert type(field) is bytes, event
        return ("Request", event.method, event.target, event.http_version, pairs)
    assert kind in (h11.Response, h11.InformationalResponse), event
    assert type(event.reason) is bytes, event
    assert type(event.http_version) is bytes, event
    return (kind.__name__, event.status_code, event.reason, event.http_version, pairs)


def merge_data(log: list[Entry]) -> list[Entry]:
    out: list[Entry] = []
    for entry in log:
        if entry[0] == "Data" and out and out[-1][0] == "Data":
            out[-1] = ("Data", out[-1][1] + entry[1])  # type: ignore[operator]
        else:
            out.append(entry)
    return out


def new_connection(case: Case) -> h11.Connection:
    options = {} if case.max_size is None else {"max_incomplete_event_size": case.max_size}
    if case.role == "server":
        return h11.Connection(h11.SERVER, **options)
    conn = h11.Connection(h11.CLIENT, **options)
    if case.method is not None:
        send_request(conn, case)
    return conn


def send_request(conn: h11.Connection, case: Case) -> None:
    assert case.method is not None
    target = b"example.com:443" if case.method == b"CONNECT" else b"/"
    extra = [tuple(line.split(b": ", 1)) for line in case.request_headers]
    conn.send(
        h11.Request(method=case.method, target=target, headers=[(b"Host", b"example.com"), *extra])
    )
    conn.send(h11.EndOfMessage())


def finish_cycle(conn: h11.Connection, case: Case) -> bool:
    """On PAUSED with ``cycle=True``: answer/re-request so the next message can be read."""
    if conn.our_role is h11.SERVER and conn.our_state is h11.SEND_RESPONSE:
        conn.send(h11.Response(status_code=200, headers=[(b"Content-Length", b"0")]))
        conn.send(h11.EndOfMessage())
    if conn.states != {h11.CLIENT: h11.DONE, h11.SERVER: h11.DONE}:
        return False
    conn.start_next_cycle()
    if conn.our_role is h11.CLIENT:
        send_request(conn, case)
    return True


def pump(conn: h11.Connection, case: Case, outcome: Outcome) -> Any:
    """Call ``next_event()`` until NEED_DATA, PAUSED or ConnectionClosed; log the events."""
    while True:
        event = conn.next_event()
        if event is h11.NEED_DATA:
            return event
        if event is h11.PAUSED:
            if case.cycle and finish_cycle(conn, case):
                outcome.log.append(NEXT_CYCLE)
                continue
            return event
        outcome.raw_events.append(event)
        outcome.log.append(describe(event))
        if type(event) is h11.ConnectionClosed:
            return event


def run(case: Case, pieces: list[bytes], eof: bool) -> Outcome:
    conn = new_connection(case)
    outcome = Outcome([], None, ("", ""), [])
    last: Any = None
    try:
        for piece in pieces:
            conn.receive_data(piece)
            last = pump(conn, case, outcome)
        if eof:
            conn.receive_data(b"")
            last = pump(conn, case, outcome)
    except h11.RemoteProtocolError as exc:  # anything else fails the test
        outcome.error = exc
    if outcome.error is not None:
        assert type(outcome.error) is h11.RemoteProtocolError
        assert conn.their_state is h11.ERROR
    elif last is h11.NEED_DATA:
        outcome.log.append(NEED_DATA)
    elif last is h11.PAUSED:
        outcome.log.append(PAUSED)
    outcome.log = merge_data(outcome.log)
    outcome.states = (str(conn.states[h11.CLIENT]), str(conn.states[h11.SERVER]))
    return outcome


def check(
    outcome: Outcome, log: list[Entry] | tuple[Entry, ...], error: Err | OneOf | None
) -> None:
    if error is None:
        assert outcome.error is None, f"unexpected {outcome.error!r} after {outcome.log}"
    else:
        assert outcome.error is not None, f"expected {error}, got {outcome.log}"
        message, hint = str(outcome.error), outcome.error.error_status_hint
        assert error.matches(message, hint), f"expected {error}, got ({hint}) {message!r}"
    assert outcome.log == merge_data(list(log))


def trailing_prefix(case: Case) -> list[Entry] | None:
    """The part of the log a trailing message must not change (None: no trailing run)."""
    if not case.trailing or case.eof:
        return None
    log = list(case.events)
    if case.error is not None:
        return log
    for i, entry in enumerate(log):
        if isinstance(entry, tuple) and entry[0] == "EndOfMessage":
            return log[: i + 1]
    if log[-1] == PAUSED:
        return log
    return None


ids = [case.id for case in ALL_CASES]
assert len(ids) == len(set(ids)), "corpus case ids must be unique"


@pytest.mark.parametrize("case", ALL_CASES, ids=ids)
def test_whole(case: Case) -> None:
    outcome = run(case, [case.wire] if case.wire else [], case.eof)
    check(outcome, case.events, case.error)
    if case.states is not None:
        assert outcome.states == case.states


@pytest.mark.parametrize("case", ALL_CASES, ids=ids)
def test_bytewise(case: Case) -> None:
    pieces = [case.wire[i : i + 1] for i in range(len(case.wire))]
    outcome = run(case, pieces, case.eof)
    check(outcome, case.events, case.bytewise_error or case.error)
    if case.states is not None:
        assert outcome.states == case.states


TRAILING_CASES = [case for case in ALL_CASES if trailing_prefix(case) is not None]


@pytest.mark.parametrize("case", TRAILING_CASES, ids=[case.id for case in TRAILING_CASES])
def test_with_trailing_message(case: Case) -> None:
    prefix = trailing_prefix(case)
    assert prefix is not None
    trailer = TRAILING_REQUEST if case.role == "server" else TRAILING_RESPONSE
    outcome = run(case, [case.wire + trailer], eof=False)
    if case.error is None:
        outcome.error = None  # whatever happens after the first message is not this case's
        outcome.log = outcome.log[: len(merge_data(prefix))]
        if prefix[-1] == PAUSED and outcome.log[-1:] != [PAUSED]:
            outcome.log.append("<no PAUSED>")
    check(outcome, prefix, case.error)


def chunk_segments(events: list[Any]) -> list[tuple[bytes, bool, bool]]:
    """Data events joined within a chunk, keeping the chunk_start of the first piece and the
    chunk_end of the last (a new segment starts after chunk_end or at chunk_start)."""
    out: list[tuple[bytes, bool, bool]] = []
    for event in events:
        if type(event) is not h11.Data:
            out.append((b"<%s>" % type(event).__name__.encode(), False, False))
            continue
        if out and out[-1][0][:1] != b"<" and not out[-1][2] and not event.chunk_start:
            body, start, _ = out[-1]
            out[-1] = (body + bytes(event.data), start, event.chunk_end)
        else:
            out.append((bytes(event.data), event.chunk_start, event.chunk_end))
    return out


def test_chunk_flags_do_not_depend_on_splitting() -> None:
    # Q2: the first Data of every chunk has chunk_start=True and the last chunk_end=True
    # however the bytes arrive, so whole and bytewise runs flag the same chunks.
    failures = []
    for case in ALL_CASES:
        whole = run(case, [case.wire] if case.wire else [], case.eof)
        bytewise = run(case, [case.wire[i : i + 1] for i in range(len(case.wire))], case.eof)
        if chunk_segments(whole.raw_events) != chunk_segments(bytewise.raw_events):
            failures.append(case.id)
    assert not failures, f"chunk flags differ between whole and bytewise runs: {failures}"


def test_received_body_bytes_are_bytes() -> None:
    # Q6: received Data.data is bytes, never bytearray.
    failures = []
    for case in ALL_CASES:
        for pieces in ([case.wire], [case.wire[i : i + 1] for i in range(len(case.wire))]):
            events = run(case, pieces, case.eof).raw_events
            if any(type(e) is h11.Data and type(e.data) is not bytes for e in events):
                failures.append(case.id)
                break
    assert not failures, f"received Data.data is not bytes in: {failures}"


def test_no_received_error_keeps_a_private_record() -> None:
    # Parsers record where an error happened on it privately; the record becomes ``line``
    # and ``offset`` and is taken off before next_event() raises.
    failures = []
    for case in ALL_CASES:
        for pieces in ([case.wire], [case.wire[i : i + 1] for i in range(len(case.wire))]):
            error = run(case, pieces, case.eof).error
            if error is not None and private_attributes(error):
                failures.append((case.id, sorted(private_attributes(error))))
                break
    assert not failures, f"errors keeping private attributes: {failures}"


def test_every_garden_payload_has_an_expectation() -> None:
    payload_ids = {entry["id"] for entry in garden_payloads()}
    case_ids = {int(case.id.split("-")[1]) for case in GARDEN_CASES}
    assert payload_ids == case_ids
