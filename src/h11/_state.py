"""Roles, states and the HTTP/1.1 conversation state machine, as tables.

Owns: the role and state sentinels, the two event-triggered transition tables
(one per role, with one conditional row: a client abandoning its request body once
the final response began, offered by ``abandons_request_body``), the state-triggered
rules (keep-alive, protocol switches, closes), and ``ConnectionState``, which applies
them.

Never knows: bytes, headers, framing. It is driven by event *classes* plus three
facts the connection extracts: "keep-alive is off", "the client proposed a
protocol switch", "this server event accepts a switch".

Invariants: ``ERROR`` is never left; keep-alive only goes from on to off; after
every call the state-triggered rules have been applied until nothing changes.
The rules are precomputed into one lookup table (``_SETTLED``) so applying them
is a single dict lookup.
"""

from __future__ import annotations

from itertools import product
from typing import Any

from ._events import (
    ConnectionClosed,
    Data,
    EndOfMessage,
    Event,
    InformationalResponse,
    Request,
    Response,
)
from ._util import LocalProtocolError, Sentinel

__all__ = [
    "CLIENT",
    "CLOSED",
    "DONE",
    "ERROR",
    "IDLE",
    "MIGHT_SWITCH_PROTOCOL",
    "MUST_CLOSE",
    "SEND_BODY",
    "SEND_RESPONSE",
    "SERVER",
    "SWITCHED_PROTOCOL",
]


# Roles
class CLIENT(Sentinel, metaclass=Sentinel):
    """The role of the party that sends requests (a ``Connection`` role and ``states`` key)."""


class SERVER(Sentinel, metaclass=Sentinel):
    """The role of the party that answers requests (a ``Connection`` role and ``states`` key)."""


# States
class IDLE(Sentinel, metaclass=Sentinel):
    """Nothing sent yet in this request/response cycle."""


class SEND_RESPONSE(Sentinel, metaclass=Sentinel):
    """Server only: a request arrived and a response is owed; 1xx responses may come first."""


class SEND_BODY(Sentinel, metaclass=Sentinel):
    """The head is sent; body ``Data`` and the ``EndOfMessage`` come next."""


class DONE(Sentinel, metaclass=Sentinel):
    """A complete message is sent; the cycle can restart once both sides are DONE."""


class MUST_CLOSE(Sentinel, metaclass=Sentinel):
    """Finished, and the connection cannot be reused: closing is all that is left."""


class CLOSED(Sentinel, metaclass=Sentinel):
    """This party closed its end of the connection and sends nothing more."""


class ERROR(Sentinel, metaclass=Sentinel):
    """A protocol error (or ``send_failed()``) ended this party's part; never left."""


class MIGHT_SWITCH_PROTOCOL(Sentinel, metaclass=Sentinel):
    """Client only: a protocol switch was proposed; the server's verdict is awaited."""


class SWITCHED_PROTOCOL(Sentinel, metaclass=Sentinel):
    """A protocol switch was accepted; the connection no longer speaks HTTP/1.1."""


# Protocol-switch proposals (from the client) and acceptances (by the server).
class _SWITCH_UPGRADE(Sentinel, metaclass=Sentinel):
    """An ``Upgrade:`` proposal (client) or its acceptance by a 101 (server)."""


class _SWITCH_CONNECT(Sentinel, metaclass=Sentinel):
    """A ``CONNECT`` proposal (client) or its acceptance by a 2xx (server)."""


class _FINAL_RESPONSE_RECEIVED(Sentinel, metaclass=Sentinel):
    """Qualifies a client's ``ConnectionClosed`` sent after the final response began."""


# The server states in which the final response's head has been sent: a 1xx leaves the
# server in SEND_RESPONSE, a switch takes it to SWITCHED_PROTOCOL, so these are the states
# a server reaches only through a final Response (in a client's view it cannot close
# before one: closing in SEND_RESPONSE is an error).
_AFTER_FINAL_RESPONSE = frozenset({SEND_BODY, DONE, MUST_CLOSE, CLOSED})


def abandons_request_body(
    role: type[Sentinel],
    event_type: type[Any],
    client_state: type[Sentinel],
    server_state: type[Sentinel],
) -> bool:
    """Whether this event is a client giving up the rest of its request body.

    RFC 9112 §9.6: a client that receives a final response while it is still sending may
    stop sending and close the connection (RFC 9110 §15.5.14: a 413's client, say). The
    client's ``ConnectionClosed`` in ``SEND_BODY`` is then allowed, once the server's
    final response has begun (its head received); before that it is an error, as in any
    other state without a ``ConnectionClosed`` row. The connection cannot be reused: the
    client ends ``CLOSED`` and the server, once done, ``MUST_CLOSE``.
    """
    return (
        event_type is ConnectionClosed
        and role is CLIENT
        and client_state is SEND_BODY
        and server_state in _AFTER_FINAL_RESPONSE
    )


ALL_STATES = (
    IDLE,
    SEND_RESPONSE,
    SEND_BODY,
    DONE,
    MUST_CLOSE,
    CLOSED,
    MIGHT_SWITCH_PROTOCOL,
    SWITCHED_PROTOCOL,
    ERROR,
)

# Key of an event in the tables: the event class, or (class, acceptance) for a server
# event that accepts a switch, or (Request, CLIENT) for "the client's request, as seen
# by the server machine", or (ConnectionClosed, _FINAL_RESPONSE_RECEIVED) for a client
# abandoning its request body (see abandons_request_body()).
EventKey = type[Event] | tuple[type[Event], type[Sentinel]]

# RFC 9112 §9 message exchange, one machine per role: state -> {event key: new state}.
TransitionTable = dict[type[Sentinel], dict[type[Sentinel], dict[EventKey, type[Sentinel]]]]
Move = tuple[type[Sentinel], EventKey, type[Sentinel]]


def _machine(
    states: tuple[type[Sentinel], ...], moves: list[Move]
) -> dict[type[Sentinel], dict[EventKey, type[Sentinel]]]:
    """One role's table from its states (all present, in order) and (before, key, after) rows."""
    table: dict[type[Sentinel], dict[EventKey, type[Sentinel]]] = {state: {} for state in states}
    for before, key, after in moves:
        table[before][key] = after
    return table


# Once a side is DONE, MUST_CLOSE or CLOSED, all it can still do is close.
_CLOSING: list[Move] = [(state, ConnectionClosed, CLOSED) for state in (DONE, MUST_CLOSE, CLOSED)]
_BODY: list[Move] = [(SEND_BODY, Data, SEND_BODY), (SEND_BODY, EndOfMessage, DONE)]

EVENT_TRIGGERED_TRANSITIONS: TransitionTable = {
    CLIENT: _machine(
        (
            IDLE,
            SEND_BODY,
            DONE,
            MUST_CLOSE,
            CLOSED,
            MIGHT_SWITCH_PROTOCOL,
            SWITCHED_PROTOCOL,
            ERROR,
        ),
        [
            (IDLE, Request, SEND_BODY),
            (IDLE, ConnectionClosed, CLOSED),
            *_BODY,
            # Offered only when abandons_request_body() says so (RFC 9112 §9.6).
            (SEND_BODY, (ConnectionClosed, _FINAL_RESPONSE_RECEIVED), CLOSED),
            *_CLOSING,
        ],
    ),
    SERVER: _machine(
        (IDLE, SEND_RESPONSE, SEND_BODY, DONE, MUST_CLOSE, CLOSED, SWITCHED_PROTOCOL, ERROR),
        [
            # A Response straight from IDLE is legal: a 408 or 400 sent before (or
            # instead of) reading a request.
            (IDLE, ConnectionClosed, CLOSED),
            (IDLE, Response, SEND_BODY),
            (IDLE, (Request, CLIENT), SEND_RESPONSE),
            (SEND_RESPONSE, InformationalResponse, SEND_RESPONSE),
            (SEND_RESPONSE, Response, SEND_BODY),
            (SEND_RESPONSE, (InformationalResponse, _SWITCH_UPGRADE), SWITCHED_PROTOCOL),
            (SEND_RESPONSE, (Response, _SWITCH_CONNECT), SWITCHED_PROTOCOL),
            *_BODY,
            *_CLOSING,
        ],
    ),
}

# Joint rules on (client state, server state): once one side has closed (or failed),
# the other cannot start a new cycle and must close too; a server that accepted a
# switch takes the waiting client with it.
STATE_TRIGGERED_TRANSITIONS: dict[
    tuple[type[Sentinel], type[Sentinel]], dict[type[Sentinel], type[Sentinel]]
] = {
    (MIGHT_SWITCH_PROTOCOL, SWITCHED_PROTOCOL): {CLIENT: SWITCHED_PROTOCOL},
    (CLOSED, DONE): {SERVER: MUST_CLOSE},
    (CLOSED, IDLE): {SERVER: MUST_CLOSE},
    (ERROR, DONE): {SERVER: MUST_CLOSE},
    (DONE, CLOSED): {CLIENT: MUST_CLOSE},
    (IDLE, CLOSED): {CLIENT: MUST_CLOSE},
    (DONE, ERROR): {CLIENT: MUST_CLOSE},
}

StatePair = tuple[type[Sentinel], type[Sentinel]]


def _settle(
    client: type[Sentinel], server: type[Sentinel], keep_alive: bool, pending: bool
) -> StatePair:
    """Apply the state-triggered rules until nothing changes (docs/design.rst, design-settle)."""
    while True:
        start = (client, server)
        if pending and client is DONE:
            client = MIGHT_SWITCH_PROTOCOL
        if not pending and client is MIGHT_SWITCH_PROTOCOL:
            client = DONE
        if not keep_alive:
            if client is DONE:
                client = MUST_CLOSE
            if server is DONE:
                server = MUST_CLOSE
        joint = STATE_TRIGGERED_TRANSITIONS.get((client, server), {})
        client = joint.get(CLIENT, client)
        server = joint.get(SERVER, server)
        if (client, server) == start:
            return client, server


# (client, server, keep_alive, proposals pending) -> settled (client, server), only for
# the combinations where the rules change something.
_SETTLED: dict[tuple[type[Sentinel], type[Sentinel], bool, bool], StatePair] = {}
for _c, _s, _k, _p in product(ALL_STATES, ALL_STATES, (True, False), (True, False)):
    _result = _settle(_c, _s, _k, _p)
    if _result != (_c, _s):
        _SETTLED[(_c, _s, _k, _p)] = _result
del _c, _s, _k, _p, _result


def _cannot_handle(
    event_type: type[Any], role: type[Sentinel], state: type[Sentinel]
) -> LocalProtocolError:
    return LocalProtocolError(
        f"can't handle event type {event_type.__name__} when role={role} and state={state}"
    )


# Both parties at the start of a cycle (copied: copying a dict is cheaper than building it).
_BOTH_IDLE: dict[type[Sentinel], type[Sentinel]] = {CLIENT: IDLE, SERVER: IDLE}

# (role, event class, client state, server state, keep_alive) -> (client state, server
# state) after the event, for events allowed with no protocol switch pending: what
# ConnectionState._apply_event gives for that key (it depends on nothing else then).
# Precomputed below, after the class, like _SETTLED: never written afterwards.
_AFTER_EVENT: dict[
    tuple[type[Sentinel], type[Any], type[Sentinel], type[Sentinel], bool], StatePair
] = {}


class ConnectionState:
    """Both parties' states plus the keep-alive flag and pending switch proposals.

    The same machine is used whichever role we play: it tracks the client and the
    server, and is fed every event either one sends.
    """

    # Slots keep every connection small; "__dict__" keeps subclasses and patching working.
    __slots__ = ("__dict__", "_proposals", "keep_alive", "states")

    def __init__(self) -> None:
        self.keep_alive = True
        # The pending proposals; None stands for an empty set (a set costs 216 bytes, and
        # nearly every connection never sees a proposal).
        self._proposals: set[type[Sentinel]] | None = None
        self.states: dict[type[Sentinel], type[Sentinel]] = _BOTH_IDLE.copy()

    @property
    def pending_switch_proposals(self) -> set[type[Sentinel]]:
        """The protocol switches the client proposed that the server has not answered yet.

        A ``set`` (made when first asked for); it may be changed in place.
        """
        proposals = self._proposals
        if proposals is None:
            proposals = self._proposals = set()
        return proposals

    @pending_switch_proposals.setter
    def pending_switch_proposals(self, proposals: set[type[Sentinel]]) -> None:
        self._proposals = proposals

    def process_error(self, role: type[Sentinel]) -> None:
        """Put ``role`` in ERROR (for good)."""
        self.states[role] = ERROR
        self._fire_state_triggered_transitions()

    def process_keep_alive_disabled(self) -> None:
        """Record that this connection cannot be reused after the current cycle."""
        self.keep_alive = False
        self._fire_state_triggered_transitions()

    def process_client_switch_proposal(self, switch_event: type[Sentinel]) -> None:
        """Record that the client's request proposes a protocol switch."""
        self.pending_switch_proposals.add(switch_event)
        self._fire_state_triggered_transitions()

    def process_event(
        self,
        role: type[Sentinel],
        event_type: type[Event],
        server_switch_event: type[Sentinel] | None = None,
    ) -> None:
        """Apply an event of class ``event_type`` sent by ``role``.

        ``server_switch_event`` is the switch a server event accepts (101 for
        Upgrade, 2xx for CONNECT), or ``None``.
        """
        states = self.states
        if event_type is Data and states[role] is SEND_BODY:
            return  # (the table's SEND_BODY -> SEND_BODY for body data, first: the most common)
        if server_switch_event is None and not self._proposals:
            # No switch involved: the outcome is a function of the key below alone, so
            # it is worked out once by _apply_event (the specification) and remembered.
            after = _AFTER_EVENT.get(
                (role, event_type, states[CLIENT], states[SERVER], self.keep_alive)
            )
            if after is None:
                self._apply_event(role, event_type, None)  # not allowed: it raises
            else:
                states[CLIENT], states[SERVER] = after
            return
        self._apply_event(role, event_type, server_switch_event)

    def _apply_event(
        self,
        role: type[Sentinel],
        event_type: type[Event],
        server_switch_event: type[Sentinel] | None,
    ) -> None:
        """``process_event`` step by step: the transition tables, then the settled rules."""
        states = self.states
        key: EventKey = event_type
        if server_switch_event is not None:
            assert role is SERVER
            if server_switch_event not in self.pending_switch_proposals:
                raise LocalProtocolError(
                    f"Received server {server_switch_event} event without a pending proposal"
                )
            key = (event_type, server_switch_event)
        elif event_type is Response and self._proposals:
            # Any final response that does not accept a switch denies them all.
            self._proposals = None
        state = states[role]
        new_state = EVENT_TRIGGERED_TRANSITIONS[role][state].get(key)
        if new_state is None:
            # (Looked at only when the plain key fails: no cost for the usual events.)
            if abandons_request_body(role, event_type, state, states[SERVER]):
                new_state = EVENT_TRIGGERED_TRANSITIONS[role][state].get(
                    (ConnectionClosed, _FINAL_RESPONSE_RECEIVED)
                )
            if new_state is None:
                raise _cannot_handle(event_type, role, state)
        states[role] = new_state
        if event_type is Request:
            # The client's request also moves the server from IDLE to SEND_RESPONSE.
            server_state = states[SERVER]
            new_state = EVENT_TRIGGERED_TRANSITIONS[SERVER][server_state].get((Request, CLIENT))
            if new_state is None:
                raise _cannot_handle(event_type, SERVER, server_state)
            states[SERVER] = new_state
        elif new_state is state and event_type is Data:
            # Body data changes nothing; the state-triggered rules already hold.
            return
        settled = _SETTLED.get(
            (states[CLIENT], states[SERVER], self.keep_alive, bool(self._proposals))
        )
        if settled is not None:
            states[CLIENT], states[SERVER] = settled

    def _fire_state_triggered_transitions(self) -> None:
        states = self.states
        settled = _SETTLED.get(
            (states[CLIENT], states[SERVER], self.keep_alive, bool(self._proposals))
        )
        if settled is not None:
            states[CLIENT], states[SERVER] = settled

    def start_next_cycle(self) -> None:
        """Reset both parties to IDLE; only legal when both are DONE."""
        states = self.states
        if states[CLIENT] is not DONE or states[SERVER] is not DONE:
            raise LocalProtocolError(f"not in a reusable state. self.states={states}")
        # Invariant: keep-alive is on and no proposal is pending, or we could not be
        # DONE/DONE (the settled rules would have moved us on).
        assert self.keep_alive
        assert not self._proposals
        self.states = _BOTH_IDLE.copy()


def _fill_after_event() -> None:
    # Every allowed (role, event, states, keep-alive) with no switch pending, step by step.
    scratch = ConnectionState()
    events: tuple[type[Event], ...] = (
        Request,
        InformationalResponse,
        Response,
        Data,
        EndOfMessage,
        ConnectionClosed,
    )
    for role, event_type, client, server, keep_alive in product(
        (CLIENT, SERVER),
        events,
        EVENT_TRIGGERED_TRANSITIONS[CLIENT],
        EVENT_TRIGGERED_TRANSITIONS[SERVER],
        (True, False),
    ):
        scratch.states = {CLIENT: client, SERVER: server}
        scratch.keep_alive = keep_alive
        scratch.pending_switch_proposals = set()
        try:
            scratch._apply_event(role, event_type, None)
        except LocalProtocolError:
            continue
        _AFTER_EVENT[(role, event_type, client, server, keep_alive)] = (
            scratch.states[CLIENT],
            scratch.states[SERVER],
        )


_fill_after_event()
