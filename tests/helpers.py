"""Small helpers shared by the test modules (not a test module itself)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import h11

Event = Any  # an h11 event, NEED_DATA or PAUSED


#: What ``vars()`` of an h11 error may hold: anything else is a private record left behind.
PUBLIC_ERROR_ATTRIBUTES = frozenset({"error_status_hint", "line", "offset", "__notes__"})


def private_attributes(exc: BaseException) -> set[str]:
    """The attributes in ``vars(exc)`` that an error reaching the user must not carry."""
    return set(vars(exc)) - PUBLIC_ERROR_ATTRIBUTES


def drain(conn: h11.Connection) -> list[Event]:
    """Call ``next_event()`` until NEED_DATA or PAUSED; return everything seen (incl. that)."""
    out: list[Event] = []
    while True:
        event = conn.next_event()
        out.append(event)
        if event is h11.NEED_DATA or event is h11.PAUSED:
            return out
        if type(event) is h11.ConnectionClosed:
            return out


def receive_and_drain(conn: h11.Connection, data: bytes) -> list[Event]:
    """Feed ``data`` (``b""`` means EOF) and return the events it produces."""
    conn.receive_data(data)
    return drain(conn)


def merge_data(events: Iterable[Event]) -> list[Event]:
    """Merge adjacent ``Data`` events (and drop NEED_DATA) so that different splits compare.

    ``chunk_start``/``chunk_end`` are dropped from merged data: they depend on how the bytes
    arrived.
    """
    out: list[Event] = []
    for event in events:
        if event is h11.NEED_DATA:
            continue
        if type(event) is h11.Data:
            if out and type(out[-1]) is h11.Data:
                out[-1] = h11.Data(data=bytes(out[-1].data) + bytes(event.data))
            else:
                out.append(h11.Data(data=bytes(event.data)))
            continue
        out.append(event)
    return out


def feed_bytewise(conn: h11.Connection, data: bytes) -> list[Event]:
    """Feed ``data`` one byte at a time, collecting events after each byte."""
    out: list[Event] = []
    for i in range(len(data)):
        conn.receive_data(data[i : i + 1])
        out.extend(e for e in drain(conn) if e is not h11.NEED_DATA)
    return out


class ConnectionPair:
    """A client and a server ``Connection`` joined by an in-memory wire."""

    def __init__(self) -> None:
        self.conn = {
            h11.CLIENT: h11.Connection(h11.CLIENT),
            h11.SERVER: h11.Connection(h11.SERVER),
        }
        self.other = {h11.CLIENT: h11.SERVER, h11.SERVER: h11.CLIENT}

    @property
    def client(self) -> h11.Connection:
        return self.conn[h11.CLIENT]

    @property
    def server(self) -> h11.Connection:
        return self.conn[h11.SERVER]

    def send(self, role: Any, send_events: Event | list[Event], expect: Any = "match") -> bytes:
        """Send events from ``role``, deliver the bytes to the peer, check what it parses.

        ``expect="match"`` checks the peer sees exactly the events sent (Data merged).
        """
        if not isinstance(send_events, list):
            send_events = [send_events]
        data = b""
        closed = False
        for event in send_events:
            new_data = self.conn[role].send(event)
            if new_data is None:
                closed = True
            else:
                data += new_data
        if data:
            self.conn[self.other[role]].receive_data(data)
        if closed:
            self.conn[self.other[role]].receive_data(b"")
        got = list(drain_all(self.conn[self.other[role]]))
        if expect == "match":
            expect = send_events
        if expect is not None:
            assert merge_data(got) == merge_data(expect)
        return data


def drain_all(conn: h11.Connection) -> list[Event]:
    """Like ``drain`` but drops the final NEED_DATA/PAUSED."""
    return [e for e in drain(conn) if e is not h11.NEED_DATA and e is not h11.PAUSED]
