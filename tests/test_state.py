"""Unit tests of ``h11._state.ConnectionState`` (docs/design.rst, design-states).

Its interface is also what third-party subclasses use (design-private-imports).

The machine is driven directly with event *classes*, the way ``Connection`` and the
urllib3-future/niquests subclass drive it.  Nothing here relies on the module's transition
tables (``EVENT_TRIGGERED_TRANSITIONS`` and friends are optional); the expected results are
written out from docs/design.rst, design-states and design-settle.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any

import pytest

import h11
from h11._state import _SWITCH_CONNECT, _SWITCH_UPGRADE, ConnectionState
from helpers import cant_handle, states

CLIENT, SERVER = h11.CLIENT, h11.SERVER
IDLE, SEND_RESPONSE, SEND_BODY = h11.IDLE, h11.SEND_RESPONSE, h11.SEND_BODY
DONE, MUST_CLOSE, CLOSED, ERROR = h11.DONE, h11.MUST_CLOSE, h11.CLOSED, h11.ERROR
MIGHT_SWITCH_PROTOCOL, SWITCHED_PROTOCOL = h11.MIGHT_SWITCH_PROTOCOL, h11.SWITCHED_PROTOCOL

Request, InformationalResponse, Response = h11.Request, h11.InformationalResponse, h11.Response
Data, EndOfMessage, ConnectionClosed = h11.Data, h11.EndOfMessage, h11.ConnectionClosed
ALL_EVENT_TYPES = (Request, InformationalResponse, Response, Data, EndOfMessage, ConnectionClosed)


def run(cs: ConnectionState, *steps: tuple[Any, ...]) -> ConnectionState:
    """Apply ``(role, event_type[, annotation])`` steps to ``cs`` and return it."""
    for step in steps:
        cs.process_event(*step)
    return cs


# ---------------------------------------------------------------------------------------------
# Setups reaching each state of one machine (the other machine's state is part of the result).


def _client_idle() -> ConnectionState:
    return ConnectionState()


def _client_send_body() -> ConnectionState:
    return run(ConnectionState(), (CLIENT, Request))


def _client_done() -> ConnectionState:
    return run(ConnectionState(), (CLIENT, Request), (CLIENT, EndOfMessage))


def _client_must_close() -> ConnectionState:
    cs = _client_done()
    cs.process_keep_alive_disabled()
    return cs


def _client_closed() -> ConnectionState:
    return run(ConnectionState(), (CLIENT, ConnectionClosed))


def _client_might_switch() -> ConnectionState:
    cs = ConnectionState()
    cs.process_client_switch_proposal(_SWITCH_UPGRADE)
    return run(cs, (CLIENT, Request), (CLIENT, EndOfMessage))


def _client_switched() -> ConnectionState:
    return run(_client_might_switch(), (SERVER, InformationalResponse, _SWITCH_UPGRADE))


def _client_error() -> ConnectionState:
    cs = ConnectionState()
    cs.process_error(CLIENT)
    return cs


CLIENT_SETUPS: dict[Any, Callable[[], ConnectionState]] = {
    IDLE: _client_idle,
    SEND_BODY: _client_send_body,
    DONE: _client_done,
    MUST_CLOSE: _client_must_close,
    CLOSED: _client_closed,
    MIGHT_SWITCH_PROTOCOL: _client_might_switch,
    SWITCHED_PROTOCOL: _client_switched,
    ERROR: _client_error,
}

# The other machine's state in each client setup.
CLIENT_SETUP_STATES = {
    IDLE: states(IDLE, IDLE),
    SEND_BODY: states(SEND_BODY, SEND_RESPONSE),
    DONE: states(DONE, SEND_RESPONSE),
    MUST_CLOSE: states(MUST_CLOSE, SEND_RESPONSE),
    CLOSED: states(CLOSED, MUST_CLOSE),
    MIGHT_SWITCH_PROTOCOL: states(MIGHT_SWITCH_PROTOCOL, SEND_RESPONSE),
    SWITCHED_PROTOCOL: states(SWITCHED_PROTOCOL, SWITCHED_PROTOCOL),
    ERROR: states(ERROR, IDLE),
}

# §7.2 client table (plus §7.4 consequences for the server machine).
CLIENT_LEGAL = {
    (IDLE, Request): states(SEND_BODY, SEND_RESPONSE),
    (IDLE, ConnectionClosed): states(CLOSED, MUST_CLOSE),
    (SEND_BODY, Data): states(SEND_BODY, SEND_RESPONSE),
    (SEND_BODY, EndOfMessage): states(DONE, SEND_RESPONSE),
    (DONE, ConnectionClosed): states(CLOSED, SEND_RESPONSE),
    (MUST_CLOSE, ConnectionClosed): states(CLOSED, SEND_RESPONSE),
    (CLOSED, ConnectionClosed): states(CLOSED, MUST_CLOSE),
}


def _server_idle() -> ConnectionState:
    return ConnectionState()


def _server_send_response() -> ConnectionState:
    return run(ConnectionState(), (CLIENT, Request))


def _server_send_body() -> ConnectionState:
    return run(ConnectionState(), (CLIENT, Request), (SERVER, Response))


def _server_done() -> ConnectionState:
    return run(
        ConnectionState(),
        (CLIENT, Request),
        (SERVER, Response),
        (SERVER, EndOfMessage),
    )


def _server_must_close() -> ConnectionState:
    cs = _server_done()
    cs.process_keep_alive_disabled()
    return cs


def _server_closed() -> ConnectionState:
    return run(ConnectionState(), (SERVER, ConnectionClosed))


def _server_switched() -> ConnectionState:
    cs = ConnectionState()
    cs.process_client_switch_proposal(_SWITCH_CONNECT)
    return run(cs, (CLIENT, Request), (SERVER, Response, _SWITCH_CONNECT))


def _server_error() -> ConnectionState:
    cs = ConnectionState()
    cs.process_error(SERVER)
    return cs


SERVER_SETUPS: dict[Any, Callable[[], ConnectionState]] = {
    IDLE: _server_idle,
    SEND_RESPONSE: _server_send_response,
    SEND_BODY: _server_send_body,
    DONE: _server_done,
    MUST_CLOSE: _server_must_close,
    CLOSED: _server_closed,
    SWITCHED_PROTOCOL: _server_switched,
    ERROR: _server_error,
}

SERVER_SETUP_STATES = {
    IDLE: states(IDLE, IDLE),
    SEND_RESPONSE: states(SEND_BODY, SEND_RESPONSE),
    SEND_BODY: states(SEND_BODY, SEND_BODY),
    DONE: states(SEND_BODY, DONE),
    MUST_CLOSE: states(SEND_BODY, MUST_CLOSE),
    CLOSED: states(MUST_CLOSE, CLOSED),
    SWITCHED_PROTOCOL: states(SEND_BODY, SWITCHED_PROTOCOL),
    ERROR: states(IDLE, ERROR),
}

# §7.2 server table for events the server sends (the client's Request is tested separately).
SERVER_LEGAL = {
    (IDLE, Response): states(IDLE, SEND_BODY),
    (IDLE, ConnectionClosed): states(MUST_CLOSE, CLOSED),
    (SEND_RESPONSE, InformationalResponse): states(SEND_BODY, SEND_RESPONSE),
    (SEND_RESPONSE, Response): states(SEND_BODY, SEND_BODY),
    (SEND_BODY, Data): states(SEND_BODY, SEND_BODY),
    (SEND_BODY, EndOfMessage): states(SEND_BODY, DONE),
    (DONE, ConnectionClosed): states(SEND_BODY, CLOSED),
    (MUST_CLOSE, ConnectionClosed): states(SEND_BODY, CLOSED),
    (CLOSED, ConnectionClosed): states(MUST_CLOSE, CLOSED),
}


def _cells(setups: dict[Any, Any]) -> list[tuple[Any, type]]:
    return [(state, event_type) for state in setups for event_type in ALL_EVENT_TYPES]


# ---------------------------------------------------------------------------------------------


def test_new_connection_state_starts_idle_keep_alive_without_proposals() -> None:
    cs = ConnectionState()
    assert cs.states == states(IDLE, IDLE)
    assert cs.keep_alive is True
    assert cs.pending_switch_proposals == set()
    assert type(cs.pending_switch_proposals) is set


def test_pending_proposals_are_one_set_changed_in_place_or_replaced() -> None:
    # Made when first asked for (a new state holds none), then the same set every time.
    cs = ConnectionState()
    proposals = cs.pending_switch_proposals
    assert cs.pending_switch_proposals is proposals
    proposals.add(_SWITCH_UPGRADE)
    assert cs.pending_switch_proposals == {_SWITCH_UPGRADE}
    replacement = {_SWITCH_CONNECT}
    cs.pending_switch_proposals = replacement
    assert cs.pending_switch_proposals is replacement
    # A final response that accepts nothing denies them all: the set is empty again.
    cs = run(ConnectionState(), (CLIENT, Request), (CLIENT, EndOfMessage))
    cs.process_client_switch_proposal(_SWITCH_UPGRADE)
    cs.process_event(SERVER, Response)
    assert cs.pending_switch_proposals == set()
    assert type(cs.pending_switch_proposals) is set


def test_a_connection_that_never_switches_holds_no_proposal_set() -> None:
    # An empty set costs more than 200 bytes; idle keep-alive connections are many.
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
    assert type(conn.next_event()) is h11.Request
    assert type(conn.next_event()) is h11.EndOfMessage
    conn.send(h11.Response(status_code=200, headers=[("Content-Length", "0")]))
    conn.send(h11.EndOfMessage())
    conn.start_next_cycle()
    assert not any(type(value) is set for value in gc.get_referents(conn._cstate))


@pytest.mark.parametrize("state", list(CLIENT_SETUPS))
def test_client_setups_reach_their_state(state: Any) -> None:
    assert CLIENT_SETUPS[state]().states == CLIENT_SETUP_STATES[state]


@pytest.mark.parametrize("state", list(SERVER_SETUPS))
def test_server_setups_reach_their_state(state: Any) -> None:
    assert SERVER_SETUPS[state]().states == SERVER_SETUP_STATES[state]


@pytest.mark.parametrize(("state", "event_type"), _cells(CLIENT_SETUPS))
def test_client_machine_follows_transition_table(state: Any, event_type: type) -> None:
    cs = CLIENT_SETUPS[state]()
    before = cs.states
    if (state, event_type) in CLIENT_LEGAL:
        cs.process_event(CLIENT, event_type)
        assert cs.states == CLIENT_LEGAL[state, event_type]
    else:
        with pytest.raises(h11.LocalProtocolError) as excinfo:
            cs.process_event(CLIENT, event_type)
        assert str(excinfo.value) == cant_handle(event_type, CLIENT, state)
        assert excinfo.value.error_status_hint == 400
        # The failed transition itself changes nothing; the caller decides about ERROR.
        assert cs.states == before


@pytest.mark.parametrize(("state", "event_type"), _cells(SERVER_SETUPS))
def test_server_machine_follows_transition_table(state: Any, event_type: type) -> None:
    cs = SERVER_SETUPS[state]()
    before = cs.states
    if (state, event_type) in SERVER_LEGAL:
        cs.process_event(SERVER, event_type)
        assert cs.states == SERVER_LEGAL[state, event_type]
    else:
        with pytest.raises(h11.LocalProtocolError) as excinfo:
            cs.process_event(SERVER, event_type)
        assert str(excinfo.value) == cant_handle(event_type, SERVER, state)
        assert excinfo.value.error_status_hint == 400
        assert cs.states == before


def test_full_request_response_cycle_then_start_next_cycle() -> None:
    cs = ConnectionState()
    cs.process_event(CLIENT, Request)
    assert cs.states == states(SEND_BODY, SEND_RESPONSE)
    cs.process_event(CLIENT, Data)
    cs.process_event(CLIENT, EndOfMessage)
    assert cs.states == states(DONE, SEND_RESPONSE)
    cs.process_event(SERVER, InformationalResponse)
    assert cs.states == states(DONE, SEND_RESPONSE)
    cs.process_event(SERVER, Response)
    assert cs.states == states(DONE, SEND_BODY)
    cs.process_event(SERVER, Data)
    cs.process_event(SERVER, EndOfMessage)
    assert cs.states == states(DONE, DONE)
    cs.start_next_cycle()
    assert cs.states == states(IDLE, IDLE)
    assert cs.keep_alive is True
    assert cs.pending_switch_proposals == set()


def test_server_may_respond_before_the_client_finishes_its_body() -> None:
    cs = run(ConnectionState(), (CLIENT, Request), (SERVER, Response), (SERVER, EndOfMessage))
    assert cs.states == states(SEND_BODY, DONE)
    run(cs, (CLIENT, Data), (CLIENT, EndOfMessage))
    assert cs.states == states(DONE, DONE)


def test_response_from_idle_leaves_client_idle() -> None:
    cs = run(ConnectionState(), (SERVER, Response), (SERVER, EndOfMessage))
    assert cs.states == states(IDLE, DONE)


def test_process_event_accepts_explicit_none_annotation() -> None:
    cs = ConnectionState()
    cs.process_event(CLIENT, Request, None)
    cs.process_event(SERVER, Response, None)
    assert cs.states == states(SEND_BODY, SEND_BODY)


def test_client_request_reaches_server_machine_only_when_server_idle() -> None:
    # Q1: a client Request while the server machine is not IDLE is an LPE, not AttributeError.
    cs = run(ConnectionState(), (SERVER, Response))
    with pytest.raises(h11.LocalProtocolError) as excinfo:
        cs.process_event(CLIENT, Request)
    assert str(excinfo.value) == cant_handle(Request, SERVER, SEND_BODY)
    assert excinfo.value.error_status_hint == 400
    # §7.2: the Request is applied to the client machine first, then to the server machine.
    assert cs.states == states(SEND_BODY, SEND_BODY)


@pytest.mark.parametrize("server_state", [DONE, MUST_CLOSE])
def test_client_request_after_finished_response_from_idle_is_rejected(server_state: Any) -> None:
    cs = run(ConnectionState(), (SERVER, Response), (SERVER, EndOfMessage))
    if server_state is MUST_CLOSE:
        cs.process_keep_alive_disabled()
    assert cs.states == states(IDLE, server_state)
    with pytest.raises(h11.LocalProtocolError) as excinfo:
        cs.process_event(CLIENT, Request)
    assert str(excinfo.value) == cant_handle(Request, SERVER, server_state)
    assert cs.states[SERVER] is server_state


def test_server_sending_a_request_is_rejected() -> None:
    cs = ConnectionState()
    with pytest.raises(h11.LocalProtocolError) as excinfo:
        cs.process_event(SERVER, Request)
    assert str(excinfo.value) == cant_handle(Request, SERVER, IDLE)
    assert cs.states == states(IDLE, IDLE)


# ---------------------------------------------------------------------------------------------
# Protocol-switch bookkeeping (§7.3) and the switch rules of §7.4.


def test_upgrade_proposal_moves_done_client_to_might_switch_protocol() -> None:
    cs = ConnectionState()
    cs.process_client_switch_proposal(_SWITCH_UPGRADE)
    assert cs.pending_switch_proposals == {_SWITCH_UPGRADE}
    cs.process_event(CLIENT, Request)
    assert cs.states == states(SEND_BODY, SEND_RESPONSE)
    cs.process_event(CLIENT, EndOfMessage)
    assert cs.states == states(MIGHT_SWITCH_PROTOCOL, SEND_RESPONSE)


def test_accepted_upgrade_switches_both_machines() -> None:
    cs = _client_might_switch()
    cs.process_event(SERVER, InformationalResponse, _SWITCH_UPGRADE)
    assert cs.states == states(SWITCHED_PROTOCOL, SWITCHED_PROTOCOL)


def test_accepted_connect_switches_both_machines() -> None:
    cs = ConnectionState()
    cs.process_client_switch_proposal(_SWITCH_CONNECT)
    run(cs, (CLIENT, Request), (CLIENT, EndOfMessage))
    assert cs.states == states(MIGHT_SWITCH_PROTOCOL, SEND_RESPONSE)
    cs.process_event(SERVER, Response, _SWITCH_CONNECT)
    assert cs.states == states(SWITCHED_PROTOCOL, SWITCHED_PROTOCOL)


def test_non_switching_informational_response_keeps_proposals() -> None:
    cs = _client_might_switch()
    cs.process_event(SERVER, InformationalResponse)
    assert cs.states == states(MIGHT_SWITCH_PROTOCOL, SEND_RESPONSE)
    assert cs.pending_switch_proposals == {_SWITCH_UPGRADE}


def test_unannotated_response_denies_switch_and_clears_proposals() -> None:
    cs = _client_might_switch()
    cs.process_event(SERVER, Response)
    assert cs.pending_switch_proposals == set()
    assert cs.states == states(DONE, SEND_BODY)
    cs.process_event(SERVER, EndOfMessage)
    cs.start_next_cycle()
    assert cs.states == states(IDLE, IDLE)


def test_denial_clears_both_pending_proposals() -> None:
    cs = ConnectionState()
    cs.process_client_switch_proposal(_SWITCH_CONNECT)
    cs.process_client_switch_proposal(_SWITCH_UPGRADE)
    assert cs.pending_switch_proposals == {_SWITCH_CONNECT, _SWITCH_UPGRADE}
    run(cs, (CLIENT, Request), (CLIENT, EndOfMessage), (SERVER, Response))
    assert cs.pending_switch_proposals == set()
    assert cs.states == states(DONE, SEND_BODY)


@pytest.mark.parametrize(
    ("event_type", "annotation"),
    [(InformationalResponse, _SWITCH_UPGRADE), (Response, _SWITCH_CONNECT)],
)
def test_either_pending_proposal_can_be_accepted(event_type: type, annotation: Any) -> None:
    cs = ConnectionState()
    cs.process_client_switch_proposal(_SWITCH_CONNECT)
    cs.process_client_switch_proposal(_SWITCH_UPGRADE)
    run(cs, (CLIENT, Request), (CLIENT, EndOfMessage))
    cs.process_event(SERVER, event_type, annotation)
    assert cs.states == states(SWITCHED_PROTOCOL, SWITCHED_PROTOCOL)


def test_switch_annotation_without_pending_proposal_is_rejected() -> None:
    cs = run(ConnectionState(), (CLIENT, Request), (CLIENT, EndOfMessage))
    with pytest.raises(h11.LocalProtocolError) as excinfo:
        cs.process_event(SERVER, InformationalResponse, _SWITCH_UPGRADE)
    assert str(excinfo.value) == (
        "Received server _SWITCH_UPGRADE event without a pending proposal"
    )
    assert excinfo.value.error_status_hint == 400
    assert cs.states == states(DONE, SEND_RESPONSE)


def test_connect_annotation_without_pending_proposal_is_rejected() -> None:
    cs = ConnectionState()
    cs.process_client_switch_proposal(_SWITCH_UPGRADE)
    run(cs, (CLIENT, Request), (CLIENT, EndOfMessage))
    with pytest.raises(h11.LocalProtocolError, match="without a pending proposal"):
        cs.process_event(SERVER, Response, _SWITCH_CONNECT)
    assert cs.states == states(MIGHT_SWITCH_PROTOCOL, SEND_RESPONSE)


def test_proposal_check_uses_the_set_at_call_time() -> None:
    # §14.3: a subclass adds the proposal just before calling the base method.
    cs = run(ConnectionState(), (CLIENT, Request), (CLIENT, EndOfMessage))
    cs.pending_switch_proposals.add(_SWITCH_UPGRADE)
    cs.process_event(SERVER, InformationalResponse, _SWITCH_UPGRADE)
    assert cs.states == states(SWITCHED_PROTOCOL, SWITCHED_PROTOCOL)


def test_acceptance_before_client_body_ends_switches_client_at_end_of_message() -> None:
    cs = ConnectionState()
    cs.process_client_switch_proposal(_SWITCH_UPGRADE)
    cs.process_event(CLIENT, Request)
    cs.process_event(SERVER, InformationalResponse, _SWITCH_UPGRADE)
    assert cs.states == states(SEND_BODY, SWITCHED_PROTOCOL)
    cs.process_event(CLIENT, Data)
    assert cs.states == states(SEND_BODY, SWITCHED_PROTOCOL)
    cs.process_event(CLIENT, EndOfMessage)
    assert cs.states == states(SWITCHED_PROTOCOL, SWITCHED_PROTOCOL)


def test_connect_acceptance_before_client_body_ends() -> None:
    cs = ConnectionState()
    cs.process_client_switch_proposal(_SWITCH_CONNECT)
    cs.process_event(CLIENT, Request)
    cs.process_event(SERVER, Response, _SWITCH_CONNECT)
    assert cs.states == states(SEND_BODY, SWITCHED_PROTOCOL)
    cs.process_event(CLIENT, EndOfMessage)
    assert cs.states == states(SWITCHED_PROTOCOL, SWITCHED_PROTOCOL)


def test_proposal_recorded_while_client_done_blocks_a_second_request() -> None:
    cs = _client_done()
    cs.process_client_switch_proposal(_SWITCH_UPGRADE)
    assert cs.states == states(MIGHT_SWITCH_PROTOCOL, SEND_RESPONSE)
    with pytest.raises(h11.LocalProtocolError) as excinfo:
        cs.process_event(CLIENT, Request)
    assert str(excinfo.value) == cant_handle(Request, CLIENT, MIGHT_SWITCH_PROTOCOL)


def test_switched_protocol_accepts_no_events() -> None:
    cs = _client_switched()
    for role in (CLIENT, SERVER):
        for event_type in ALL_EVENT_TYPES:
            with pytest.raises(h11.LocalProtocolError) as excinfo:
                cs.process_event(role, event_type)
            assert str(excinfo.value) == cant_handle(event_type, role, SWITCHED_PROTOCOL)
    assert cs.states == states(SWITCHED_PROTOCOL, SWITCHED_PROTOCOL)


# ---------------------------------------------------------------------------------------------
# Keep-alive (§7.5) and its state-triggered rule.


def test_keep_alive_disabled_moves_done_roles_to_must_close() -> None:
    cs = run(_server_done(), (CLIENT, EndOfMessage))
    assert cs.states == states(DONE, DONE)
    cs.process_keep_alive_disabled()
    assert cs.keep_alive is False
    assert cs.states == states(MUST_CLOSE, MUST_CLOSE)


def test_keep_alive_disabled_early_applies_when_each_role_finishes() -> None:
    cs = run(ConnectionState(), (CLIENT, Request))
    cs.process_keep_alive_disabled()
    assert cs.states == states(SEND_BODY, SEND_RESPONSE)
    cs.process_event(CLIENT, EndOfMessage)
    assert cs.states == states(MUST_CLOSE, SEND_RESPONSE)
    run(cs, (SERVER, Response), (SERVER, EndOfMessage))
    assert cs.states == states(MUST_CLOSE, MUST_CLOSE)


def test_keep_alive_disabled_is_permanent_and_blocks_start_next_cycle() -> None:
    cs = ConnectionState()
    cs.process_keep_alive_disabled()
    cs.process_keep_alive_disabled()
    assert cs.keep_alive is False
    run(cs, (CLIENT, Request), (CLIENT, EndOfMessage), (SERVER, Response), (SERVER, EndOfMessage))
    assert cs.states == states(MUST_CLOSE, MUST_CLOSE)
    with pytest.raises(h11.LocalProtocolError) as excinfo:
        cs.start_next_cycle()
    assert str(excinfo.value) == (
        "not in a reusable state. self.states={CLIENT: MUST_CLOSE, SERVER: MUST_CLOSE}"
    )
    assert cs.states == states(MUST_CLOSE, MUST_CLOSE)


def test_switch_proposal_beats_keep_alive_off_until_denied() -> None:
    cs = ConnectionState()
    cs.process_keep_alive_disabled()
    cs.process_client_switch_proposal(_SWITCH_CONNECT)
    run(cs, (CLIENT, Request), (CLIENT, EndOfMessage))
    assert cs.states == states(MIGHT_SWITCH_PROTOCOL, SEND_RESPONSE)
    cs.process_event(SERVER, Response)
    assert cs.states == states(MUST_CLOSE, SEND_BODY)


def test_switch_proposal_with_keep_alive_off_can_still_be_accepted() -> None:
    cs = ConnectionState()
    cs.process_keep_alive_disabled()
    cs.process_client_switch_proposal(_SWITCH_CONNECT)
    run(cs, (CLIENT, Request), (CLIENT, EndOfMessage), (SERVER, Response, _SWITCH_CONNECT))
    assert cs.states == states(SWITCHED_PROTOCOL, SWITCHED_PROTOCOL)


# ---------------------------------------------------------------------------------------------
# Joint rules (§7.4 item 4), ConnectionClosed (§7.8) and ERROR (§7.7).


def test_client_close_from_done_sends_done_server_to_must_close() -> None:
    cs = run(_server_done(), (CLIENT, EndOfMessage), (CLIENT, ConnectionClosed))
    assert cs.states == states(CLOSED, MUST_CLOSE)


def test_client_close_from_idle_sends_idle_server_to_must_close() -> None:
    cs = run(ConnectionState(), (CLIENT, ConnectionClosed))
    assert cs.states == states(CLOSED, MUST_CLOSE)


def test_server_close_from_done_sends_done_client_to_must_close() -> None:
    cs = run(_server_done(), (CLIENT, EndOfMessage), (SERVER, ConnectionClosed))
    assert cs.states == states(MUST_CLOSE, CLOSED)


def test_server_close_from_idle_sends_idle_client_to_must_close() -> None:
    cs = run(ConnectionState(), (SERVER, ConnectionClosed))
    assert cs.states == states(MUST_CLOSE, CLOSED)


def test_server_close_after_answering_from_idle_leaves_client_must_close() -> None:
    cs = run(ConnectionState(), (SERVER, Response), (SERVER, EndOfMessage))
    cs.process_event(SERVER, ConnectionClosed)
    assert cs.states == states(MUST_CLOSE, CLOSED)


def test_close_is_idempotent() -> None:
    cs = run(ConnectionState(), (CLIENT, ConnectionClosed), (CLIENT, ConnectionClosed))
    assert cs.states == states(CLOSED, MUST_CLOSE)
    run(cs, (SERVER, ConnectionClosed), (SERVER, ConnectionClosed))
    assert cs.states == states(CLOSED, CLOSED)


def test_half_closed_client_still_gets_its_response() -> None:
    cs = _client_done()
    cs.process_event(CLIENT, ConnectionClosed)
    assert cs.states == states(CLOSED, SEND_RESPONSE)
    cs.process_event(SERVER, Response)
    assert cs.states == states(CLOSED, SEND_BODY)
    cs.process_event(SERVER, EndOfMessage)
    assert cs.states == states(CLOSED, MUST_CLOSE)


def test_client_error_sends_done_server_to_must_close() -> None:
    cs = run(_server_done(), (CLIENT, EndOfMessage))
    cs.process_error(CLIENT)
    assert cs.states == states(ERROR, MUST_CLOSE)


def test_server_error_sends_done_client_to_must_close() -> None:
    cs = _client_done()
    cs.process_error(SERVER)
    assert cs.states == states(MUST_CLOSE, ERROR)


def test_error_leaves_unfinished_peer_alone() -> None:
    cs = _client_send_body()
    cs.process_error(SERVER)
    assert cs.states == states(SEND_BODY, ERROR)
    cs.process_event(CLIENT, EndOfMessage)
    assert cs.states == states(MUST_CLOSE, ERROR)


def test_error_in_a_role_whose_peer_finished_later() -> None:
    cs = _client_send_body()
    cs.process_error(CLIENT)
    assert cs.states == states(ERROR, SEND_RESPONSE)
    run(cs, (SERVER, Response), (SERVER, EndOfMessage))
    assert cs.states == states(ERROR, MUST_CLOSE)


@pytest.mark.parametrize("role", [CLIENT, SERVER])
def test_error_is_permanent_and_process_error_is_idempotent(role: Any) -> None:
    cs = ConnectionState()
    cs.process_error(role)
    cs.process_error(role)
    assert cs.states[role] is ERROR
    for event_type in ALL_EVENT_TYPES:
        with pytest.raises(h11.LocalProtocolError) as excinfo:
            cs.process_event(role, event_type)
        assert str(excinfo.value) == cant_handle(event_type, role, ERROR)
    assert cs.states[role] is ERROR
    with pytest.raises(h11.LocalProtocolError):
        cs.start_next_cycle()


# ---------------------------------------------------------------------------------------------
# start_next_cycle (§6.7).


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        (_client_idle, "{CLIENT: IDLE, SERVER: IDLE}"),
        (_client_send_body, "{CLIENT: SEND_BODY, SERVER: SEND_RESPONSE}"),
        (_client_done, "{CLIENT: DONE, SERVER: SEND_RESPONSE}"),
        (_server_done, "{CLIENT: SEND_BODY, SERVER: DONE}"),
        (_client_might_switch, "{CLIENT: MIGHT_SWITCH_PROTOCOL, SERVER: SEND_RESPONSE}"),
        (_client_switched, "{CLIENT: SWITCHED_PROTOCOL, SERVER: SWITCHED_PROTOCOL}"),
        (_client_closed, "{CLIENT: CLOSED, SERVER: MUST_CLOSE}"),
    ],
)
def test_start_next_cycle_outside_done_done_is_rejected(
    setup: Callable[[], ConnectionState], expected: str
) -> None:
    cs = setup()
    before = cs.states
    with pytest.raises(h11.LocalProtocolError) as excinfo:
        cs.start_next_cycle()
    assert str(excinfo.value) == f"not in a reusable state. self.states={expected}"
    assert excinfo.value.error_status_hint == 400
    assert cs.states == before


def test_states_attribute_is_keyed_by_role() -> None:
    cs = _client_done()
    assert set(cs.states) == {CLIENT, SERVER}
    assert cs.states[CLIENT] is DONE
    assert cs.states[SERVER] is SEND_RESPONSE


# ---------------------------------------------------------------------------------------------
# §14.3: ConnectionState subclassed and swapped into a Connection (urllib3-future, niquests).


class ForcedUpgradeState(ConnectionState):
    """Accepts a 101 even if the request proposed nothing (adds the proposal, then defers)."""

    def process_event(self, role: Any, event_type: type, server_switch_event: Any = None) -> None:
        if server_switch_event is not None:
            self.pending_switch_proposals.add(server_switch_event)
        super().process_event(role, event_type, server_switch_event)


class RecordingState(ConnectionState):
    """Records every call Connection makes, exactly as made."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[Any, ...]] = []

    def process_event(self, *args: Any, **kwargs: Any) -> None:
        self.calls.append(("process_event", args, kwargs))
        super().process_event(*args, **kwargs)


GET = h11.Request(method="GET", target="/", headers=[("Host", "example.com")])


def test_subclass_swapped_into_client_accepts_unproposed_upgrade() -> None:
    conn = h11.Connection(h11.CLIENT)
    conn._cstate = ForcedUpgradeState()
    conn.send(GET)
    conn.send(h11.EndOfMessage())
    assert conn.states == states(DONE, SEND_RESPONSE)
    conn.receive_data(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\nPRI * HTTP/2.0")
    event = conn.next_event()
    assert type(event) is h11.InformationalResponse
    assert event.status_code == 101
    assert conn.states == states(SWITCHED_PROTOCOL, SWITCHED_PROTOCOL)
    assert conn.next_event() is h11.PAUSED
    assert conn.trailing_data == (b"PRI * HTTP/2.0", False)


def test_plain_connection_rejects_the_same_unproposed_upgrade() -> None:
    conn = h11.Connection(h11.CLIENT)
    conn.send(GET)
    conn.send(h11.EndOfMessage())
    conn.receive_data(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n")
    with pytest.raises(h11.RemoteProtocolError) as excinfo:
        conn.next_event()
    assert str(excinfo.value) == "Received server _SWITCH_UPGRADE event without a pending proposal"
    assert conn.states == states(MUST_CLOSE, ERROR)


def test_connection_reads_states_through_swapped_state_object() -> None:
    conn = h11.Connection(h11.CLIENT)
    cs = _client_done()
    conn._cstate = cs
    assert conn.states == states(DONE, SEND_RESPONSE)
    assert conn.our_state is DONE
    assert conn.their_state is SEND_RESPONSE
    cs.process_error(SERVER)
    assert conn.states == states(MUST_CLOSE, ERROR)


def test_connection_reads_keep_alive_through_swapped_state_object() -> None:
    conn = h11.Connection(h11.SERVER)
    cs = ConnectionState()
    cs.process_keep_alive_disabled()
    conn._cstate = cs
    conn.receive_data(b"GET / HTTP/1.1\r\nHost: example.com\r\n\r\n")
    assert type(conn.next_event()) is h11.Request
    assert type(conn.next_event()) is h11.EndOfMessage
    assert conn.states == states(MUST_CLOSE, SEND_RESPONSE)
    data = conn.send(h11.Response(status_code=200, headers=[("Content-Length", "0")]))
    assert data == b"HTTP/1.1 200 \r\nContent-Length: 0\r\nConnection: close\r\n\r\n"


def test_connection_records_proposals_in_swapped_state_object() -> None:
    conn = h11.Connection(h11.CLIENT)
    cs = ConnectionState()
    conn._cstate = cs
    conn.send(
        h11.Request(
            method="CONNECT",
            target="example.com:443",
            headers=[("Host", "example.com:443"), ("Upgrade", "websocket")],
        )
    )
    assert cs.pending_switch_proposals == {_SWITCH_CONNECT, _SWITCH_UPGRADE}


def test_connection_calls_process_event_positionally_with_annotation() -> None:
    conn = h11.Connection(h11.CLIENT)
    recorder = RecordingState()
    conn._cstate = recorder
    conn.send(
        h11.Request(method="GET", target="/", headers=[("Host", "example.com"), ("Upgrade", "x")])
    )
    conn.send(h11.EndOfMessage())
    conn.receive_data(
        b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\n"
    )
    assert type(conn.next_event()) is h11.InformationalResponse
    assert type(conn.next_event()) is h11.InformationalResponse
    assert conn.next_event() is h11.PAUSED
    assert recorder.calls == [
        ("process_event", (CLIENT, h11.Request, None), {}),
        ("process_event", (CLIENT, h11.EndOfMessage, None), {}),
        ("process_event", (SERVER, h11.InformationalResponse, None), {}),
        ("process_event", (SERVER, h11.InformationalResponse, _SWITCH_UPGRADE), {}),
    ]


def test_connection_annotates_2xx_to_connect_and_plain_responses() -> None:
    conn = h11.Connection(h11.SERVER)
    recorder = RecordingState()
    conn._cstate = recorder
    conn.receive_data(b"CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n")
    assert type(conn.next_event()) is h11.Request
    assert type(conn.next_event()) is h11.EndOfMessage
    conn.send(h11.Response(status_code=200, headers=[]))
    assert conn.states == states(SWITCHED_PROTOCOL, SWITCHED_PROTOCOL)
    assert recorder.calls == [
        ("process_event", (CLIENT, h11.Request, None), {}),
        ("process_event", (CLIENT, h11.EndOfMessage, None), {}),
        ("process_event", (SERVER, h11.Response, _SWITCH_CONNECT), {}),
    ]


def test_connection_annotates_every_101_even_without_proposal() -> None:
    conn = h11.Connection(h11.SERVER)
    recorder = RecordingState()
    conn._cstate = recorder
    conn.receive_data(b"GET / HTTP/1.1\r\nHost: example.com\r\n\r\n")
    assert type(conn.next_event()) is h11.Request
    with pytest.raises(h11.LocalProtocolError):
        conn.send(h11.InformationalResponse(status_code=101, headers=[("Upgrade", "x")]))
    assert recorder.calls[-1] == (
        "process_event",
        (SERVER, h11.InformationalResponse, _SWITCH_UPGRADE),
        {},
    )
    assert conn.states == states(SEND_BODY, ERROR)


def test_connection_does_not_annotate_non_2xx_to_connect() -> None:
    conn = h11.Connection(h11.CLIENT)
    recorder = RecordingState()
    conn._cstate = recorder
    conn.send(h11.Request(method="CONNECT", target="example.com:443", headers=[("Host", "x")]))
    conn.send(h11.EndOfMessage())
    conn.receive_data(b"HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n")
    assert type(conn.next_event()) is h11.Response
    assert recorder.calls[-1] == ("process_event", (SERVER, h11.Response, None), {})
    assert conn.states == states(DONE, SEND_BODY)
    assert recorder.pending_switch_proposals == set()


ALL_STATES = (
    IDLE,
    SEND_RESPONSE,
    SEND_BODY,
    DONE,
    MUST_CLOSE,
    CLOSED,
    ERROR,
    MIGHT_SWITCH_PROTOCOL,
    SWITCHED_PROTOCOL,
)


def outcome(step: Callable[[ConnectionState], None], start: tuple[Any, Any, bool]) -> Any:
    machine = ConnectionState()
    machine.states = states(start[0], start[1])
    machine.keep_alive = start[2]
    try:
        step(machine)
    except Exception as exc:  # (states no event reaches have no table row: KeyError)
        return (type(exc), str(exc))
    return machine.states


def test_precomputed_outcomes_equal_the_step_by_step_ones() -> None:
    # process_event looks up what an event does when no switch is pending (the result
    # of _apply_event for role, event, states and keep-alive, precomputed at import);
    # it must give the same states, an error must still be an error, and the table is
    # never written again.
    from h11 import _state

    before = dict(_state._AFTER_EVENT)
    for role in (CLIENT, SERVER):
        for event_type in ALL_EVENT_TYPES:
            for client in ALL_STATES:
                for server in ALL_STATES:
                    for keep_alive in (True, False):
                        start = (client, server, keep_alive)
                        expected = outcome(
                            lambda m: m._apply_event(role, event_type, None),  # noqa: B023
                            start,
                        )
                        got = outcome(
                            lambda m: m.process_event(role, event_type),  # noqa: B023
                            start,
                        )
                        assert got == expected, (role, event_type, start)
    assert before == _state._AFTER_EVENT
    assert 0 < len(_state._AFTER_EVENT) <= 2 * len(ALL_EVENT_TYPES) * len(ALL_STATES) ** 2 * 2
    assert all(type(after) is tuple for after in _state._AFTER_EVENT.values())
