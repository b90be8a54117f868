"""Every (client state, server state) situation x every event type, from either role.

The expected outcome comes from a small model of docs/design.rst, design-states (event-triggered
transitions, switch proposals), design-settle (state-triggered transitions) and RFC 9112 §9.3
(keep-alive) written
below, independently of the package.  A client and a server ``Connection`` exchange bytes over
an in-memory wire; each ``Connection`` has its own model fed with exactly the events it
processes (the ones it sends and the ones ``next_event`` returns), because the two views may
legitimately differ for a while (a peer reads a body-less message's end before the sender
sends its ``EndOfMessage``; a close-delimited body ends only at EOF).

A Connection whose own side is in ERROR gets no more bytes: its user has given up on it, and
its view (which the peer cannot know about) would make later bytes illegal.

Receiving fails in one case only: a client that abandons its body (closes in SEND_BODY after
the response began) is, to the server Connection, a peer that closed mid-body.

For every send the model says either "legal: these are the new states" or "illegal: this LPE
message"; the Connection must agree, and after an LPE its ``our_state`` must be ``ERROR``.
"""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import Iterable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import h11
from helpers import cant_handle

CLIENT, SERVER = h11.CLIENT, h11.SERVER
IDLE, SEND_RESPONSE, SEND_BODY = h11.IDLE, h11.SEND_RESPONSE, h11.SEND_BODY
DONE, MUST_CLOSE, CLOSED, ERROR = h11.DONE, h11.MUST_CLOSE, h11.CLOSED, h11.ERROR
MIGHT_SWITCH_PROTOCOL, SWITCHED_PROTOCOL = h11.MIGHT_SWITCH_PROTOCOL, h11.SWITCHED_PROTOCOL
OTHER = {CLIENT: SERVER, SERVER: CLIENT}

Request, InformationalResponse, Response = h11.Request, h11.InformationalResponse, h11.Response
Data, EndOfMessage, ConnectionClosed = h11.Data, h11.EndOfMessage, h11.ConnectionClosed

# ---------------------------------------------------------------------------------------------
# The model (docs/design.rst, design-states and design-settle).

# §7.2, client machine: events sent by the client.
CLIENT_TRANSITIONS: dict[Any, dict[type, Any]] = {
    IDLE: {Request: SEND_BODY, ConnectionClosed: CLOSED},
    SEND_BODY: {Data: SEND_BODY, EndOfMessage: DONE},
    DONE: {ConnectionClosed: CLOSED},
    MUST_CLOSE: {ConnectionClosed: CLOSED},
    CLOSED: {ConnectionClosed: CLOSED},
}

# §7.2, server machine: events sent by the server ("client's Request" is handled apart).
# A tuple value is (plain result, result when the event accepts a pending switch).
SERVER_TRANSITIONS: dict[Any, dict[type, Any]] = {
    IDLE: {Response: SEND_BODY, ConnectionClosed: CLOSED},
    SEND_RESPONSE: {
        InformationalResponse: (SEND_RESPONSE, SWITCHED_PROTOCOL),
        Response: (SEND_BODY, SWITCHED_PROTOCOL),
    },
    SEND_BODY: {Data: SEND_BODY, EndOfMessage: DONE},
    DONE: {ConnectionClosed: CLOSED},
    MUST_CLOSE: {ConnectionClosed: CLOSED},
    CLOSED: {ConnectionClosed: CLOSED},
}

# §7.4 item 4: (client, server) -> (role that changes, its new state).
JOINT_RULES = {
    (MIGHT_SWITCH_PROTOCOL, SWITCHED_PROTOCOL): (CLIENT, SWITCHED_PROTOCOL),
    (CLOSED, DONE): (SERVER, MUST_CLOSE),
    (CLOSED, IDLE): (SERVER, MUST_CLOSE),
    (ERROR, DONE): (SERVER, MUST_CLOSE),
    (DONE, CLOSED): (CLIENT, MUST_CLOSE),
    (IDLE, CLOSED): (CLIENT, MUST_CLOSE),
    (DONE, ERROR): (CLIENT, MUST_CLOSE),
}

# The client's one conditional row: it may close in SEND_BODY, abandoning the rest of its
# body (RFC 9112 §9.6), once the server's final response has begun, i.e. in these server
# states; anywhere else a close in SEND_BODY is an error.
ABANDON_BODY_SERVER_STATES = {SEND_BODY, DONE, MUST_CLOSE, CLOSED}

UPGRADE, CONNECT = "upgrade", "connect"


def comma_tokens(headers: Iterable[tuple[bytes, bytes]], name: bytes) -> list[bytes]:
    """§4.4: lowercased, comma-split, stripped, non-empty tokens of every `name` header."""
    out: list[bytes] = []
    for header_name, value in headers:
        if header_name == name:
            out.extend(t.strip() for t in value.lower().split(b",") if t.strip())
    return out


class Model:
    """One Connection's view of the two machines plus the keep-alive and proposal flags."""

    def __init__(self) -> None:
        self.states = {CLIENT: IDLE, SERVER: IDLE}
        self.keep_alive = True
        self.proposals: set[str] = set()

    def key(self) -> tuple[Any, ...]:
        return (
            self.states[CLIENT],
            self.states[SERVER],
            self.keep_alive,
            frozenset(self.proposals),
        )

    def copy(self) -> Model:
        other = Model()
        other.states, other.keep_alive = dict(self.states), self.keep_alive
        other.proposals = set(self.proposals)
        return other

    def settle(self) -> None:
        """§7.4: apply the state-triggered rules until nothing changes."""
        while True:
            before = dict(self.states)
            if self.proposals and self.states[CLIENT] is DONE:
                self.states[CLIENT] = MIGHT_SWITCH_PROTOCOL
            if not self.proposals and self.states[CLIENT] is MIGHT_SWITCH_PROTOCOL:
                self.states[CLIENT] = DONE
            if not self.keep_alive:
                for role in (CLIENT, SERVER):
                    if self.states[role] is DONE:
                        self.states[role] = MUST_CLOSE
            rule = JOINT_RULES.get((self.states[CLIENT], self.states[SERVER]))
            if rule is not None:
                self.states[rule[0]] = rule[1]
            if self.states == before:
                return

    def process(self, role: Any, event: Any, *, adds_close: bool = False) -> str | None:
        """Process ``event`` from ``role``; return the LPE message if it is illegal.

        ``adds_close``: the Connection's §11.3 rewrite gives this outgoing Response a
        ``Connection: close`` that ``event`` itself does not show.
        """
        event_type = type(event)
        if role is CLIENT and event_type is Request:
            if event.method == b"CONNECT":
                self.proposals.add(CONNECT)
            if comma_tokens(event.headers, b"upgrade"):
                self.proposals.add(UPGRADE)
            self.settle()
        annotation = None
        if role is SERVER:
            if event_type is InformationalResponse and event.status_code == 101:
                annotation = UPGRADE
            elif (
                event_type is Response
                and 200 <= event.status_code < 300
                and CONNECT in self.proposals
            ):
                annotation = CONNECT
        if annotation is not None and annotation not in self.proposals:
            return "Received server _SWITCH_UPGRADE event without a pending proposal"

        state = self.states[role]
        table = CLIENT_TRANSITIONS if role is CLIENT else SERVER_TRANSITIONS
        new_state = table.get(state, {}).get(event_type)
        if (
            role is CLIENT
            and event_type is ConnectionClosed
            and state is SEND_BODY
            and self.states[SERVER] in ABANDON_BODY_SERVER_STATES
        ):
            new_state = CLOSED
        if new_state is None:
            return cant_handle(event_type, role, state)
        if isinstance(new_state, tuple):
            new_state = new_state[1] if annotation is not None else new_state[0]
        self.states[role] = new_state
        if role is CLIENT and event_type is Request:
            if self.states[SERVER] is not IDLE:
                return cant_handle(Request, SERVER, self.states[SERVER])  # Q1
            self.states[SERVER] = SEND_RESPONSE

        if event_type in (Request, Response) and (
            adds_close
            or b"close" in comma_tokens(event.headers, b"connection")
            or event.http_version < b"1.1"
        ):
            self.keep_alive = False
        if event_type is Response and annotation is None:
            self.proposals.clear()
        self.settle()
        return None

    def send(self, role: Any, event: Any, *, adds_close: bool = False) -> str | None:
        if self.states[role] is ERROR:
            return "Can't send data when our state is ERROR"
        error = self.process(role, event, adds_close=adds_close)
        if error is not None:
            self.process_error(role)
        return error

    def process_error(self, role: Any) -> None:
        self.states[role] = ERROR
        self.settle()

    def start_next_cycle(self) -> str | None:
        if self.states != {CLIENT: DONE, SERVER: DONE}:
            client, server = self.states[CLIENT], self.states[SERVER]
            return f"not in a reusable state. self.states={{CLIENT: {client}, SERVER: {server}}}"
        self.states = {CLIENT: IDLE, SERVER: IDLE}
        return None


# ---------------------------------------------------------------------------------------------
# Actions: one event of each type from each role (several flavours of heads), plus a
# start_next_cycle attempt on both Connections.

HOST = ("Host", "example.com")
CHUNKED = ("Transfer-Encoding", "chunked")

EVENT_KINDS = (
    "get",
    "get_upgrade",
    "get_close",
    "connect",
    "info_100",
    "info_101",
    "response_200",
    "response_200_close",
    "response_404",
    "data",
    "end",
    "close",
)
ACTIONS: tuple[tuple[Any, str], ...] = (
    *((role, kind) for role in (CLIENT, SERVER) for kind in EVENT_KINDS),
    (None, "cycle"),
)


class World:
    """A client and a server Connection joined by a wire, each with its model."""

    def __init__(self) -> None:
        self.conn = {CLIENT: h11.Connection(CLIENT), SERVER: h11.Connection(SERVER)}
        self.model = {CLIENT: Model(), SERVER: Model()}
        self.client_body_is_empty = False  # the client's last Request was a CONNECT
        self.server_request_method: bytes | None = None  # as seen by the server Connection

    def key(self) -> tuple[Any, ...]:
        return (
            self.model[CLIENT].key(),
            self.model[SERVER].key(),
            self.client_body_is_empty,
            self.server_request_method,
            self.conn[SERVER].their_http_version,
            self.conn[CLIENT].trailing_data,
            self.conn[SERVER].trailing_data,
        )

    def situations(self) -> set[tuple[Any, Any]]:
        return {(m.states[CLIENT], m.states[SERVER]) for m in self.model.values()}

    def make_event(self, role: Any, kind: str) -> Any:
        if kind == "get":
            return Request(method="GET", target="/", headers=[HOST, CHUNKED])
        if kind == "get_upgrade":
            return Request(
                method="GET", target="/", headers=[HOST, CHUNKED, ("Upgrade", "websocket")]
            )
        if kind == "get_close":
            return Request(
                method="GET", target="/", headers=[HOST, CHUNKED, ("Connection", "close")]
            )
        if kind == "connect":
            return Request(
                method="CONNECT", target="example.com:443", headers=[("Host", "example.com")]
            )
        if kind == "info_100":
            return InformationalResponse(status_code=100, headers=[])
        if kind == "info_101":
            return InformationalResponse(status_code=101, headers=[("Upgrade", "websocket")])
        if kind == "response_200":
            return Response(status_code=200, headers=[CHUNKED])
        if kind == "response_200_close":
            return Response(status_code=200, headers=[CHUNKED, ("Connection", "close")])
        if kind == "response_404":
            return Response(status_code=404, headers=[CHUNKED])
        if kind == "data":
            # A CONNECT request has a zero-length body: only empty data fits its framing.
            empty = role is CLIENT and self.client_body_is_empty
            return Data(data=b"" if empty else b"x")
        if kind == "end":
            return EndOfMessage()
        assert kind == "close"
        return ConnectionClosed()

    def adds_close(self, role: Any, event: Any) -> bool:
        """Whether §11.3 adds `Connection: close` to this outgoing Response."""
        if role is not SERVER or type(event) is not Response:
            return False
        fixed_length = self.server_request_method == b"CONNECT" and 200 <= event.status_code < 300
        version = self.conn[SERVER].their_http_version
        return not fixed_length and (version is None or version < b"1.1")

    def legal_actions(self) -> list[tuple[Any, str]]:
        """The actions the models say succeed now (a start_next_cycle on either side counts)."""
        out = []
        for role, kind in ACTIONS:
            if role is None:
                if any(m.copy().start_next_cycle() is None for m in self.model.values()):
                    out.append((role, kind))
                continue
            event = self.make_event(role, kind)
            adds_close = self.adds_close(role, event)
            if self.model[role].copy().send(role, event, adds_close=adds_close) is None:
                out.append((role, kind))
        return out

    def act(self, role: Any, kind: str) -> None:
        if kind == "cycle":
            for r in (CLIENT, SERVER):
                self.cycle(r)
        else:
            self.send(role, self.make_event(role, kind))
        self.check()

    def cycle(self, role: Any) -> None:
        conn, model = self.conn[role], self.model[role]
        before = conn.states
        expected_error = model.start_next_cycle()
        if expected_error is None:
            conn.start_next_cycle()
            if role is SERVER:
                self.server_request_method = None
        else:
            with pytest.raises(h11.LocalProtocolError) as excinfo:
                conn.start_next_cycle()
            assert str(excinfo.value) == expected_error
            assert conn.states == before
        self.drain(role)

    def send(self, role: Any, event: Any) -> None:
        conn = self.conn[role]
        adds_close = self.adds_close(role, event)
        expected_error = self.model[role].send(role, event, adds_close=adds_close)
        if expected_error is not None:
            with pytest.raises(h11.LocalProtocolError) as excinfo:
                conn.send(event)
            assert str(excinfo.value) == expected_error
            assert conn.our_state is ERROR
            assert conn.states == self.model[role].states
            return
        data = conn.send(event)
        assert conn.states == self.model[role].states
        if role is CLIENT and type(event) is Request:
            self.client_body_is_empty = event.method == b"CONNECT"
        peer = OTHER[role]
        if self.model[peer].states[peer] is ERROR:
            # A Connection that failed to send is abandoned by its user; the peer does not
            # know, so what it sends next may be illegal in the failed side's view.
            return
        if data is None:
            self.conn[peer].receive_data(b"")
        elif data:
            self.conn[peer].receive_data(data)
        self.drain(peer)

    def drain(self, role: Any) -> None:
        """Process everything ``role``'s Connection can parse now, through its model too."""
        conn, model = self.conn[role], self.model[role]
        if model.states[role] is ERROR:
            return  # abandoned (see the module docstring)
        if model.states[OTHER[role]] is ERROR:
            return  # a receive error (an abandoned body): nothing more can be read
        while True:
            if (
                role is SERVER
                and model.states[CLIENT] is SEND_BODY
                and conn.trailing_data == (b"", True)
            ):
                # The client abandoned its body: the server sees a truncated request.
                with pytest.raises(h11.RemoteProtocolError, match="without sending complete"):
                    conn.next_event()
                model.process_error(CLIENT)
                assert conn.states == model.states
                return
            event = conn.next_event()
            if event is h11.NEED_DATA or event is h11.PAUSED:
                return
            assert model.process(OTHER[role], event) is None, (role, event)
            if type(event) is Request:
                self.server_request_method = event.method
            assert conn.states == model.states, (role, event)
            if type(event) is ConnectionClosed:
                return

    def check(self) -> None:
        for role in (CLIENT, SERVER):
            assert self.conn[role].states == self.model[role].states, role


def replay(path: Iterable[tuple[Any, str]]) -> World:
    world = World()
    for role, kind in path:
        world.act(role, kind)
    return world


# ---------------------------------------------------------------------------------------------


@functools.cache
def explore(max_depth: int) -> tuple[int, set[tuple[Any, Any]]]:
    """Breadth-first: from every distinct situation reached, try every action.

    Returns how many situations were expanded and the (client, server) pairs seen.
    """
    seen = {World().key()}
    queue: deque[tuple[tuple[Any, str], ...]] = deque([()])
    pairs: set[tuple[Any, Any]] = set()
    expanded = 0
    while queue:
        path = queue.popleft()
        expanded += 1
        for action in ACTIONS:
            world = replay((*path, action))  # checks every step against the model
            pairs |= world.situations()
            key = world.key()
            if key not in seen and len(path) + 1 < max_depth:
                seen.add(key)
                queue.append((*path, action))
    return expanded, pairs


def model_reachable_pairs(max_depth: int) -> set[tuple[Any, Any]]:
    """(client, server) pairs a single model reaches with the same kinds of events."""
    world = World()
    events = {
        (role, kind): world.make_event(role, kind)
        for role, kind in ACTIONS
        if role is not None and kind != "data"
    }
    events[CLIENT, "data"] = events[SERVER, "data"] = Data(data=b"x")
    start = Model()
    seen = {start.key()}
    frontier = [start]
    for _ in range(max_depth):
        next_frontier = []
        for model in frontier:
            for (role, _kind), event in events.items():
                copy = model.copy()
                copy.send(role, event)
                if copy.key() not in seen:
                    seen.add(copy.key())
                    next_frontier.append(copy)
            copy = model.copy()
            if copy.start_next_cycle() is None and copy.key() not in seen:
                seen.add(copy.key())
                next_frontier.append(copy)
        frontier = next_frontier
    return {(client, server) for client, server, _, _ in seen}


EXPLORATION_DEPTH = 6


def test_every_reachable_situation_and_event_follows_the_tables() -> None:
    expanded, pairs = explore(EXPLORATION_DEPTH)
    assert expanded > 100
    # Every pair the tables make reachable was visited by the Connections, except both roles
    # in ERROR: here a role only enters ERROR by failing to send (receiving never fails), and
    # a failed Connection is abandoned.
    assert model_reachable_pairs(max_depth=10) - {(ERROR, ERROR)} <= pairs


def test_the_exploration_covers_the_situations_api_md_names() -> None:
    # A guard against the exploration silently shrinking.
    _, pairs = explore(EXPLORATION_DEPTH)
    for pair in [
        (IDLE, IDLE),
        (IDLE, SEND_BODY),
        (IDLE, DONE),
        (SEND_BODY, SEND_RESPONSE),
        (SEND_BODY, SEND_BODY),
        (SEND_BODY, DONE),
        (SEND_BODY, SWITCHED_PROTOCOL),
        (CLOSED, SEND_BODY),  # the client abandoned its body (RFC 9112 §9.6)
        (ERROR, SEND_BODY),  # ... as the server sees it
        (DONE, SEND_RESPONSE),
        (DONE, SEND_BODY),
        (DONE, DONE),
        (MUST_CLOSE, SEND_RESPONSE),
        (MUST_CLOSE, MUST_CLOSE),
        (MUST_CLOSE, CLOSED),
        (CLOSED, MUST_CLOSE),
        (CLOSED, SEND_RESPONSE),
        (MIGHT_SWITCH_PROTOCOL, SEND_RESPONSE),
        (SWITCHED_PROTOCOL, SWITCHED_PROTOCOL),
        (ERROR, IDLE),
        (ERROR, SEND_RESPONSE),
        (ERROR, MUST_CLOSE),
        (MUST_CLOSE, ERROR),
        (IDLE, ERROR),
    ]:
        assert pair in pairs, pair


@settings(max_examples=300)
@given(st.lists(st.tuples(st.booleans(), st.integers(0, len(ACTIONS) - 1)), max_size=60))
def test_random_event_sequences_follow_the_tables(steps: list[tuple[bool, int]]) -> None:
    """Long walks (several cycles deep): mostly legal steps, with illegal ones mixed in.

    Each step is (prefer a legal action, index); the index picks among the legal actions the
    model allows, or among all actions, so every reachable situation meets every event.
    """
    world = World()
    for prefer_legal, index in steps:
        choices = world.legal_actions() if prefer_legal else list(ACTIONS)
        role, kind = (choices or list(ACTIONS))[index % len(choices or ACTIONS)]
        world.act(role, kind)
