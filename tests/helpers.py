"""Small helpers shared by the test modules (not a test module itself).

Each helper is written here once and imported by every test module that needs it.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import h11

Event = Any  # an h11 event, NEED_DATA or PAUSED

#: Run a test with ``bytewise=False`` (the bytes arrive at once) and ``True`` (one at a time).
FEEDING = pytest.mark.parametrize("bytewise", [False, True], ids=["whole", "bytewise"])
#: Run a test for the receiving ``role``: a server (parsing requests), a client (responses).
ROLES = pytest.mark.parametrize("role", [h11.SERVER, h11.CLIENT], ids=["server", "client"])

#: A chunked POST head: the request body that follows is read by the chunked reader.
CHUNKED_POST = b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"


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


# --------------------------------------------------------------------------------------------
# Connections ready to parse the peer's next head


def client_waiting_for_response(
    method: str = "GET",
    target: str = "/",
    extra: list[tuple[str, str]] | None = None,
    **options: Any,
) -> h11.Connection:
    """A client that has sent a complete request, so the peer's response is parsed next.

    ``extra`` headers follow ``Host: a``; ``options`` go to ``Connection``.
    """
    conn = h11.Connection(h11.CLIENT, **options)
    conn.send(h11.Request(method=method, target=target, headers=[("Host", "a"), *(extra or [])]))
    conn.send(h11.EndOfMessage())
    return conn


def receiver(role: Any, **options: Any) -> h11.Connection:
    """A connection of ``role`` that is ready to parse the peer's next head.

    ``role`` is ``h11.SERVER``/``h11.CLIENT`` or its name (``"server"``/``"client"``, as the
    tests parametrized by name spell it); a client has sent a GET. ``options`` go to
    ``Connection``.
    """
    if role is h11.SERVER or role == "server":
        return h11.Connection(h11.SERVER, **options)
    assert role is h11.CLIENT or role == "client", role
    return client_waiting_for_response(**options)


# --------------------------------------------------------------------------------------------
# Feeding bytes and collecting what comes out


def in_pieces(data: bytes, size: int) -> list[bytes]:
    """``data`` cut into pieces of ``size`` bytes (the last may be shorter); 0: whole."""
    if not size:
        return [data]
    return [data[i : i + size] for i in range(0, len(data), size)]


def receive(conn: h11.Connection, data: bytes, *, bytewise: bool = False) -> list[Event]:
    """Feed ``data`` whole or one byte at a time; return every event except NEED_DATA."""
    if bytewise:
        return feed_bytewise(conn, data)
    conn.receive_data(data)
    return [e for e in drain(conn) if e is not h11.NEED_DATA]


def collect_until_stalled(conn: h11.Connection, events: list[Event]) -> None:
    """Append events to ``events`` one by one (so none is lost if a later call raises)."""
    while True:
        event = conn.next_event()
        if event is h11.NEED_DATA:
            return
        events.append(event)
        if event is h11.PAUSED or type(event) is h11.ConnectionClosed:
            return


def feed_chunks(conn: h11.Connection, chunks: list[bytes], events: list[Event]) -> None:
    """Feed each chunk, appending the events after each to ``events``."""
    for chunk in chunks:
        conn.receive_data(chunk)
        collect_until_stalled(conn, events)


def feed_until_error(
    conn: h11.Connection, pieces: list[bytes]
) -> tuple[list[Event], h11.RemoteProtocolError | None, int]:
    """Feed ``pieces``, collecting events (not NEED_DATA/PAUSED), until an error if any.

    Returns the events, the ``RemoteProtocolError`` (``None`` if none came), and how many
    bytes had been given when it came (or in all).
    """
    events: list[Event] = []
    given_bytes = 0
    try:
        for piece in pieces:
            conn.receive_data(piece)
            given_bytes += len(piece)
            while True:
                event = conn.next_event()
                if event is h11.NEED_DATA or event is h11.PAUSED:
                    break
                events.append(event)
    except h11.RemoteProtocolError as exc:
        return events, exc, given_bytes
    return events, None, given_bytes


def receive_error(
    conn: h11.Connection, data: bytes, *, bytewise: bool = False
) -> tuple[list[Event], h11.RemoteProtocolError]:
    """Feed ``data`` expecting a RemoteProtocolError; return (events before it, the error)."""
    events: list[Event] = []
    with pytest.raises(h11.RemoteProtocolError) as excinfo:
        feed_chunks(conn, in_pieces(data, 1 if bytewise else 0), events)
    exc = excinfo.value
    assert type(exc) is h11.RemoteProtocolError
    assert conn.their_state is h11.ERROR
    return events, exc


def feed(conn: h11.Connection, data: bytes, *, bytewise: bool, paused: bool = True) -> list[Event]:
    """Feed ``data`` whole or one byte at a time; return the events.

    ``Data`` is merged (without chunk flags: they depend on the split), NEED_DATA dropped;
    PAUSED is kept once (``paused=False``: dropped). Stops at ConnectionClosed.
    """
    events: list[Event] = []
    for piece in in_pieces(data, 1 if bytewise else 0):
        conn.receive_data(piece)
        while True:
            event = conn.next_event()
            if event is h11.NEED_DATA:
                break
            if type(event) is h11.Data:
                if events and type(events[-1]) is h11.Data:
                    event = h11.Data(data=events.pop().data + bytes(event.data))
                else:
                    event = h11.Data(data=bytes(event.data))
            if event is h11.PAUSED:
                if paused and not (events and events[-1] is h11.PAUSED):
                    events.append(event)
                break
            events.append(event)
            if type(event) is h11.ConnectionClosed:
                break
    return events


def feed_error(conn: h11.Connection, data: bytes, *, bytewise: bool) -> h11.RemoteProtocolError:
    """``feed`` expecting a RemoteProtocolError, after which the peer's side is ERROR."""
    with pytest.raises(h11.RemoteProtocolError) as info:
        feed(conn, data, bytewise=bytewise)
    assert conn.their_state is h11.ERROR
    return info.value


# --------------------------------------------------------------------------------------------
# Errors and their messages


def assert_rpe(exc: BaseException, message: str | frozenset[str], hint: int = 400) -> None:
    """``exc`` is a RemoteProtocolError with ``message`` (or one of them) and ``hint``."""
    assert type(exc) is h11.RemoteProtocolError
    if isinstance(message, str):
        assert str(exc) == message
    else:
        assert str(exc) in message
    assert exc.args == (str(exc),)
    assert exc.error_status_hint == hint


#: What ``vars()`` of an h11 error may hold: anything else is a private record left behind.
PUBLIC_ERROR_ATTRIBUTES = frozenset({"error_status_hint", "line", "offset", "__notes__"})


def private_attributes(exc: BaseException) -> set[str]:
    """The attributes in ``vars(exc)`` that an error reaching the user must not carry."""
    return set(vars(exc)) - PUBLIC_ERROR_ATTRIBUTES


def line_message(prefix: str, line: bytes) -> frozenset[str]:
    """``"{prefix}: {line!r}"``, with ``line`` shown as bytes or as bytearray (0.16's repr)."""
    return frozenset({f"{prefix}: {line!r}", f"{prefix}: {bytearray(line)!r}"})


# --------------------------------------------------------------------------------------------
# States


def states(client: Any, server: Any) -> dict[Any, Any]:
    """The ``Connection.states`` dict for the given client and server states."""
    return {h11.CLIENT: client, h11.SERVER: server}


def cant_handle(event_type: type | str, role: Any, state: Any) -> str:
    """The message of the error for an event type (or its name) no transition takes."""
    name = event_type if isinstance(event_type, str) else event_type.__name__
    return f"can't handle event type {name} when role={role} and state={state}"


def assert_both(p: ConnectionPair, expected: dict[Any, Any]) -> None:
    """Both ends of ``p`` see the states ``expected``."""
    assert p.client.states == expected
    assert p.server.states == expected


# --------------------------------------------------------------------------------------------
# Modules that are not packages (the examples, the docs' extensions)

ROOT = Path(__file__).resolve().parent.parent


def load_source(path: Path, module_name: str) -> ModuleType:
    """Import the file ``path`` as ``module_name`` (once: later calls return the same module)."""
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def load_example(name: str) -> ModuleType:
    """Import ``examples/<name>.py`` under a private module name."""
    return load_source(ROOT / "examples" / f"{name}.py", f"h11_example_{name}")
