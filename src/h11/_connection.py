"""``Connection``: the glue between bytes, events and the state machine.

Read top-down, a connection routes: ``receive_data`` appends to the receive buffer;
``next_event`` asks the reader of the peer's current state for an event and passes
it through ``_process_event``; ``send`` passes an event through ``_process_event``
and asks our writer for its bytes. ``_process_event`` is the one place every event
goes through, in both directions: it feeds the state machine and notes the facts a
conversation accumulates (the request method, the peer's HTTP version,
100-continue), and when a message begins it asks ``_framing`` for its body length
and keep-alive, then picks the body reader or writer.

Owns: the receive buffer, which reader and writer are active (picked when a state
changes, never looked up per call), the connection's options (``h11._options``,
fixed when the connection is made), and the one place where an error found in the
peer's bytes becomes a ``RemoteProtocolError``.

Never knows: grammar (``_readers``), wire formats (``_writers``), transition rules
(``_state``), framing and keep-alive rules (``_framing``). All state is read and
changed through ``self._cstate``, so a caller may replace it with a
``ConnectionState`` subclass.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, final, overload

from ._caches import BoundedCache
from ._events import (
    ConnectionClosed,
    Data,
    EndOfMessage,
    Event,
    InformationalResponse,
    Request,
    Response,
)
from ._framing import (
    KEEP_ALIVE_FLAGS,
    BodyFraming,
    body_length,
    framing_name,
    keeps_alive,
    response_for_sending,
)
from ._headers import (
    FLAG_CHUNKED,
    FLAG_EXPECT_CONTINUE,
    FLAG_UPGRADE,
    expects_100_continue,
    framing_facts,
)
from ._options import DEFAULT_VALUES, REQUEST_OPTIONS, ConnectionOptions
from ._readers import (
    EMPTY_BODY,
    body_reader,
    check_incomplete_head,
    discard_until_close,
    expect_nothing,
    recheck_incomplete_head,
    request_head_reader,
    response_head_reader,
)
from ._receivebuffer import ReceiveBuffer
from ._state import (
    _SWITCH_CONNECT,
    _SWITCH_UPGRADE,
    CLIENT,
    DONE,
    ERROR,
    IDLE,
    MIGHT_SWITCH_PROTOCOL,
    MUST_CLOSE,
    SEND_BODY,
    SEND_RESPONSE,
    SERVER,
    SWITCHED_PROTOCOL,
    ConnectionState,
)
from ._util import Buffer, LocalProtocolError, RemoteProtocolError, Sentinel
from ._writers import BodyWriter, body_writer, request_head, response_head

__all__ = ["DEFAULT_MAX_INCOMPLETE_EVENT_SIZE", "NEED_DATA", "PAUSED", "Connection"]


# @final tells type checkers that the class is the only value of type[NEED_DATA], so
# ``if event is NEED_DATA: ...`` narrows ``event`` in both branches.
@final
class NEED_DATA(Sentinel, metaclass=Sentinel):
    """``next_event()`` needs more bytes: call ``receive_data()`` first."""


@final
class PAUSED(Sentinel, metaclass=Sentinel):
    """``next_event()`` has nothing to give until the conversation moves on.

    That is: until ``start_next_cycle()`` (a complete message arrived and more bytes
    wait), or until a proposed protocol switch is accepted or denied.
    """


#: The default ``max_incomplete_event_size``, 16 KiB: enough for any sane head, small
#: enough to bound the memory a connection holds.
DEFAULT_MAX_INCOMPLETE_EVENT_SIZE = 16 * 1024


# h11 0.16's private helpers, kept for code that imports them; the connection itself
# asks h11._framing.
def _keep_alive(event: Request | Response) -> bool:
    """Whether ``event`` allows the connection to be reused (RFC 9112 §9.3)."""
    return keeps_alive(event.http_version, *framing_facts(event.headers))


def _body_framing(request_method: bytes | None, event: Request | Response) -> BodyFraming:
    """How the body of ``event`` is delimited (RFC 9112 §6.3), as h11 0.16 reports it."""
    status = event.status_code if type(event) is Response else None
    return framing_name(body_length(request_method, status, *framing_facts(event.headers)))


# ------------------------------------------------------------------------ readers
#
# A reader takes the receive buffer and returns an event, PAUSED, or None (more bytes
# needed); see h11._readers. With each reader the connection keeps what to do when
# the peer has closed and the buffer is empty ("read_eof"): a body reader's own rule,
# or ConnectionClosed for every other state.

Reader = Callable[[ReceiveBuffer], Any]


def _always_paused(buf: ReceiveBuffer) -> type[PAUSED]:
    # MIGHT_SWITCH_PROTOCOL / SWITCHED_PROTOCOL: the bytes may not be HTTP at all.
    return PAUSED


class ReadersByState(dict[type[Sentinel], Reader]):
    """The reader for each peer state but SEND_BODY and DONE, and the settings they were made with.

    Shared by the connections with the same settings (see ``_make_readers``);
    ``options`` and ``max_size`` ride along so that a connection needs no attributes
    of its own for them (connections are many).
    """

    __slots__ = ("max_size", "options")

    def __init__(
        self,
        readers: dict[type[Sentinel], Reader],
        max_size: int,
        options: ConnectionOptions | None,
    ) -> None:
        super().__init__(readers)
        self.max_size = max_size
        self.options = options


# (their role, max_incomplete_event_size, options) -> their readers. Bounded: an
# application may compute limits per connection, and a dropped connection must not
# leave anything behind for good.
_READERS: BoundedCache[tuple[Any, ...], ReadersByState] = BoundedCache(
    "h11._connection._READERS",
    "(peer role, max_incomplete_event_size, options) -> the readers of the peer's states",
    max_entries=64,
    when_full="empty",
)


def _make_readers(
    their_role: type[Sentinel], max_size: int, options: ConnectionOptions | None
) -> ReadersByState:
    """The readers of a peer with these settings, made and remembered in ``_READERS``.

    Connections look there first (``_READERS.get((their_role, max_size, options))``):
    the readers hold no connection state, so connections with the same settings
    share them.
    """
    head_reader: Reader = (
        request_head_reader(max_size, options)
        if their_role is CLIENT
        else response_head_reader(max_size, options)
    )
    readers = ReadersByState(
        {
            IDLE: head_reader,
            SEND_RESPONSE: head_reader,
            MIGHT_SWITCH_PROTOCOL: _always_paused,
            SWITCHED_PROTOCOL: _always_paused,
        },
        max_size,
        # (Without options, a server still reads request trailers by the request rules.)
        REQUEST_OPTIONS if options is None and their_role is CLIENT else options,
    )
    _READERS.remember((their_role, max_size, options), readers)
    return readers


NextEventResult = Event | type[NEED_DATA] | type[PAUSED]


class Connection:
    """One HTTP/1.1 connection, seen from one side; it performs no I/O.

    Give it the peer's bytes with ``receive_data()`` and take events from
    ``next_event()``; give it events with ``send()`` and write out the bytes it returns.
    It follows both parties through the HTTP/1.1 state machine and refuses anything the
    protocol forbids.

    Args:
        our_role: ``h11.CLIENT`` or ``h11.SERVER``; anything else is ``ValueError``.
        max_incomplete_event_size: the most bytes a message head, chunk-size line or
            trailer block may take, and the most bytes buffered without completing an
            event; beyond it ``next_event()`` raises ``RemoteProtocolError`` (hint 431).
            Body bytes never count.
        max_header_count: the most field lines in a received header section, and in a
            trailer section (hint 431). ``None`` (the default): no limit.
        max_header_line_length: the most bytes in one received header or trailer line,
            line ending excluded (hint 431).
        max_start_line_length: the most bytes in a received request line (hint 414) or
            status line (hint 400), line ending excluded.
        max_trailer_size: the most bytes in a received trailer section, from the first
            byte of its first line to the last byte of its last (hint 431).
        max_chunk_extension_length: the most bytes between a received chunk size and
            the CRLF ending its line (hint 400).
        allow_non_token_header_names_in_responses: a client accepts header names with
            bytes outside ``tchar`` (never ``:``, whitespace, control bytes or DEL).
        allow_vertical_tab_and_form_feed_in_response_header_values: a client accepts
            VT and FF in header values (WHATWG Fetch's rule), except in the headers
            h11 interprets.
        allow_control_characters_in_reason_phrases: a client accepts any byte but CR
            and LF in a reason phrase.
        allow_multiple_spaces_in_response_status_delimiters: a client accepts a run
            of spaces between the HTTP version and the status code.
        allow_duplicate_transfer_encoding_chunked_in_responses: a client accepts a
            response whose ``Transfer-Encoding`` fields all say just ``chunked``
            (read as chunked; the connection is then closed).
        discard_body_of_204_and_304_responses: after a 204 or 304 response that
            announces a body, a client closes the connection and drops whatever the
            server sends until it closes, instead of failing.
        http10_keep_alive: honour HTTP/1.0's ``Connection: keep-alive`` (RFC 9112
            §9.3, Appendix C.2.2). A server keeps the connection of an HTTP/1.0 client
            that asks for it when the response has a ``Content-Length`` (or no body),
            and then adds ``Connection: keep-alive`` to it; any other response gets
            ``Connection: close`` as without the keyword. A client keeps the connection
            after an HTTP/1.0 response that says ``Connection: keep-alive`` and has a
            ``Content-Length`` (or no body). Off: HTTP/1.0 means one cycle per connection.
        standard_reason_phrases: a response or informational response sent with an
            empty ``reason`` goes out with the standard phrase of its status code
            (RFC 9110 §15, e.g. ``404 Not Found``); unregistered codes keep the empty
            phrase. The event itself is not changed.
        allow_control_characters_in_request_field_values: a server accepts control
            bytes other than NUL, CR, LF, VT and FF (and DEL) in request header and
            trailer values, as h11 0.16 did (RFC 9110 §5.5 allows only HTAB).
        refuse_control_characters_in_response_field_values: a client refuses control
            bytes other than HTAB (and DEL) in response header and trailer values, as a
            server does in requests (RFC 9110 §5.5); off, responses keep h11 0.16's rule.

    The limits and switches are keyword-only, and off by default. The ``*_in_responses``,
    reason-phrase and ``discard_*`` switches only ever widen what a client accepts in
    responses, never what a server accepts; the ``*_in_request_*`` switch only what a
    server accepts; none of them can move the end of a message, and none widens what is
    sent; see the "Leniency and limits" page of the documentation for what each admits
    and risks.
    """

    # Slots keep an idle connection small; "__dict__" still lets applications and tests
    # set or patch attributes (created only when they do).
    __slots__ = (
        "__dict__",
        "__weakref__",
        "_awaiting_line_end",
        "_cstate",
        "_line_watch",
        "_read_eof",
        "_reader",
        "_reader_state",
        "_readers",
        "_receive_buffer",
        "_receive_buffer_closed",
        "_request_method",
        "_writer",
        "client_is_waiting_for_100_continue",
        "our_role",
        "their_http_version",
        "their_role",
    )

    def __init__(
        self,
        our_role: type[Sentinel],
        max_incomplete_event_size: int = DEFAULT_MAX_INCOMPLETE_EVENT_SIZE,
        *,
        max_header_count: int | None = None,
        max_header_line_length: int | None = None,
        max_start_line_length: int | None = None,
        max_trailer_size: int | None = None,
        max_chunk_extension_length: int | None = None,
        allow_non_token_header_names_in_responses: bool = False,
        allow_vertical_tab_and_form_feed_in_response_header_values: bool = False,
        allow_control_characters_in_reason_phrases: bool = False,
        allow_multiple_spaces_in_response_status_delimiters: bool = False,
        allow_duplicate_transfer_encoding_chunked_in_responses: bool = False,
        discard_body_of_204_and_304_responses: bool = False,
        http10_keep_alive: bool = False,
        standard_reason_phrases: bool = False,
        allow_control_characters_in_request_field_values: bool = False,
        refuse_control_characters_in_response_field_values: bool = False,
    ) -> None:
        if our_role is CLIENT:
            their_role: type[Sentinel] = SERVER
        elif our_role is SERVER:
            their_role = CLIENT
        else:
            raise ValueError(f"expected CLIENT or SERVER, not {our_role!r}")
        # The keyword-only arguments are the options, in the order h11._options defines
        # them (tests/test_options.py checks it). (A tuple: locals() would cost half of
        # what making a connection costs.)
        values = (
            max_header_count,
            max_header_line_length,
            max_start_line_length,
            max_trailer_size,
            max_chunk_extension_length,
            allow_non_token_header_names_in_responses,
            allow_vertical_tab_and_form_feed_in_response_header_values,
            allow_control_characters_in_reason_phrases,
            allow_multiple_spaces_in_response_status_delimiters,
            allow_duplicate_transfer_encoding_chunked_in_responses,
            discard_body_of_204_and_304_responses,
            http10_keep_alive,
            standard_reason_phrases,
            allow_control_characters_in_request_field_values,
            refuse_control_characters_in_response_field_values,
        )
        options = (
            None  # the usual case: h11 0.16's rules
            if values == DEFAULT_VALUES
            else ConnectionOptions.from_values(our_role is CLIENT, values)
        )
        self.our_role = our_role
        self.their_role = their_role
        self._cstate = ConnectionState()

        # Readers of the peer's bytes for each of their states (except SEND_BODY,
        # whose reader depends on the message and is made when it begins).
        readers = _READERS.get((their_role, max_incomplete_event_size, options))
        if readers is None:
            readers = _make_readers(their_role, max_incomplete_event_size, options)
        self._readers = readers
        self._reader: Reader = readers[IDLE]
        self._read_eof: Callable[[], Event] = ConnectionClosed
        self._reader_state: type[Sentinel] | None = IDLE
        # The writer of our body: set when we enter SEND_BODY, None before (and after
        # start_next_cycle); it is only used while we are in SEND_BODY.
        self._writer: BodyWriter | None = None

        self._receive_buffer = ReceiveBuffer()
        self._receive_buffer_closed = False
        # The peer state in which next_event() knows the head is still incomplete, with
        # no impossible byte, until receive_data() finds otherwise (None: it does not
        # know); meanwhile, the table of the new bytes it must look at (h11._abnf.watched).
        self._awaiting_line_end: type[Sentinel] | None = None
        self._line_watch: bytes | None = None
        self.their_http_version: bytes | None = None
        self._request_method: bytes | None = None
        self.client_is_waiting_for_100_continue = False

    # ------------------------------------------------------------------ properties

    @property
    def states(self) -> dict[type[Sentinel], type[Sentinel]]:
        """A new dict ``{CLIENT: state, SERVER: state}``."""
        return dict(self._cstate.states)

    @property
    def our_state(self) -> type[Sentinel]:
        """The state of our side (``states[our_role]``), such as ``IDLE`` or ``SEND_BODY``."""
        return self._cstate.states[self.our_role]

    @property
    def their_state(self) -> type[Sentinel]:
        """The state of the peer's side (``states[their_role]``)."""
        return self._cstate.states[self.their_role]

    @property
    def they_are_waiting_for_100_continue(self) -> bool:
        """True if the peer is a client waiting for our ``100 Continue`` to send its body."""
        return self.their_role is CLIENT and self.client_is_waiting_for_100_continue

    @property
    def trailing_data(self) -> tuple[bytes, bool]:
        """Bytes received but not parsed, and whether the peer has closed."""
        return (bytes(self._receive_buffer), self._receive_buffer_closed)

    # ------------------------------------------------------------- the conversation

    def start_next_cycle(self) -> None:
        """Reset a DONE/DONE connection to IDLE/IDLE for the next request (keep-alive).

        Buffered bytes (a pipelined request) are kept and parsed next.
        """
        self._cstate.start_next_cycle()
        self._request_method = None
        self._reader_state = None
        self._writer = None

    def _process_error(self, role: type[Sentinel]) -> None:
        self._cstate.process_error(role)

    def _process_event(self, role: type[Sentinel], event: Event) -> None:
        """Run ``event`` (sent by ``role``) through the state machine and note its facts.

        Every event goes through here, sent or received. Raises (leaving the state
        as it was) if the state machine refuses it.
        """
        cstate = self._cstate
        event_type = type(event)
        if event_type is Data or event_type is EndOfMessage:
            # (Data in SEND_BODY changes no state, and the state-triggered rules
            # already hold: the one transition skipped, the most frequent event.)
            if event_type is EndOfMessage or cstate.states[role] is not SEND_BODY:
                cstate.process_event(role, event_type, None)
            if role is CLIENT:
                # RFC 9110 §10.1.1: a client sending its body no longer waits.
                self.client_is_waiting_for_100_continue = False
            return
        if event_type is Request:
            if TYPE_CHECKING:
                assert isinstance(event, Request)
            flags, content_length = framing_facts(event.headers)
            if role is CLIENT:
                # RFC 9110 §9.3.6 / §7.8: the client proposes a protocol switch.
                if event.method == b"CONNECT":
                    cstate.process_client_switch_proposal(_SWITCH_CONNECT)
                if flags & FLAG_UPGRADE:
                    cstate.process_client_switch_proposal(_SWITCH_UPGRADE)
            cstate.process_event(role, Request, None)
            status = None
            self._request_method = event.method
            self.client_is_waiting_for_100_continue = (
                flags & FLAG_EXPECT_CONTINUE != 0
                and expects_100_continue(event.http_version, flags)
            )
        elif event_type is Response or event_type is InformationalResponse:
            if TYPE_CHECKING:
                assert isinstance(event, (Response, InformationalResponse))
            cstate.process_event(
                role,
                event_type,
                # (Only a 1xx, or a 2xx to CONNECT, can make it a switch.)
                self._server_switch_event(event)
                if role is SERVER
                and (event_type is InformationalResponse or self._request_method == b"CONNECT")
                else None,
            )
            status = event.status_code
            # Any response ends the client's wait for 100 Continue (RFC 9110 §10.1.1).
            self.client_is_waiting_for_100_continue = False
        else:
            # ConnectionClosed, or an object that is no event (the state machine
            # names its type in the error).
            cstate.process_event(role, event_type, None)
            return
        received = role is self.their_role
        if received:
            self.their_http_version = event.http_version
        if event_type is InformationalResponse:
            return
        if event_type is Response:
            flags, content_length = framing_facts(event.headers)
        # (The calls are skipped where their answer is known: a request without framing
        # headers has no body, and an HTTP/1.1 message without KEEP_ALIVE_FLAGS keeps the
        # connection; tests/test_fast_paths.py checks both against the rules.)
        length = (
            body_length(self._request_method, status, flags, content_length)
            if status is not None or flags & FLAG_CHUNKED or content_length
            else 0
        )
        options = self._readers.options
        if (flags & KEEP_ALIVE_FLAGS or event.http_version != b"1.1") and not keeps_alive(
            event.http_version,
            flags,
            content_length,
            received,
            options is not None and options.http10_keep_alive,
            event.headers,
            length,
        ):
            cstate.process_keep_alive_disabled()
        if cstate.states[role] is SEND_BODY:
            if not received:
                self._writer = body_writer(length)
                return
            if not length and event_type is Response and options is not None:
                self._maybe_discard_body_of(event)  # type: ignore[arg-type]
            self._reader, self._read_eof = (
                body_reader(length, self._readers.max_size, options) if length else EMPTY_BODY
            )
            self._reader_state = SEND_BODY

    def _server_switch_event(
        self, event: InformationalResponse | Response
    ) -> type[Sentinel] | None:
        """The protocol switch a server's response accepts, if any.

        RFC 9110 §15.2.2: a 101 accepts an Upgrade (any 101 is annotated, so that one
        without a proposal is refused by the state machine); RFC 9110 §9.3.6: a 2xx
        accepts a pending CONNECT.
        """
        if type(event) is InformationalResponse:
            return _SWITCH_UPGRADE if event.status_code == 101 else None
        if (
            200 <= event.status_code < 300
            and _SWITCH_CONNECT in self._cstate.pending_switch_proposals
        ):
            return _SWITCH_CONNECT
        return None

    def _maybe_discard_body_of(self, response: Response) -> None:
        """``discard_body_of_204_and_304_responses``: a bodiless response announced one.

        RFC 9110 §6.4.1: a 204 or 304 response ends with its head, whatever its
        Content-Length or Transfer-Encoding say; a server that sends a body anyway
        would have it read as the next response. Here the response still ends with
        its head, as for any reader, but the connection is not reused and whatever
        follows is dropped until the server closes.
        """
        readers = self._readers
        options = readers.options
        if (
            options is None
            or not options.discard_body_of_204_and_304_responses
            or response.status_code not in (204, 304)
        ):
            return
        flags, content_length = framing_facts(response.headers)
        if not (content_length or flags & FLAG_CHUNKED):
            return
        self._cstate.process_keep_alive_disabled()
        discarding = ReadersByState(readers, readers.max_size, options)
        discarding[MUST_CLOSE] = discard_until_close
        self._readers = discarding

    # --------------------------------------------------------------------- receiving

    def receive_data(self, data: Buffer | None) -> None:
        """Add bytes received from the peer; empty ``data`` means the peer closed.

        ``data`` may be any bytes-like object (``bytes``, ``bytearray``,
        ``memoryview``, ...). Parses nothing and raises no protocol error: call
        ``next_event()`` to get events. (While a head is incomplete it looks at the new
        bytes, so that next_event() need not for most of them.)
        """
        if data:
            if self._receive_buffer_closed:
                raise RuntimeError("received close, then received more data?")
            self._receive_buffer.append(data)
            watch = self._line_watch
            # (h11._abnf.watched, inlined: it runs for every byte of a bytewise feed,
            # where one table lookup is cheaper still.)
            if watch is not None and (
                (watch[data[0]] if len(data) == 1 else 1 in data.translate(watch))
                if type(data) is bytes
                else 1 in bytes(data).translate(watch)
            ):
                # A byte that may end the head or be impossible (docs/differences.rst,
                # H10): the new bytes are scanned, and next_event() reads the head again
                # only if it may be complete or a byte is impossible.
                watch = recheck_incomplete_head(self._receive_buffer, self._readers.max_size)
                self._line_watch = watch
                if watch is None:
                    self._awaiting_line_end = None
        else:
            self._receive_buffer_closed = True
            self._awaiting_line_end = self._line_watch = None

    def next_event(self) -> NextEventResult:
        """Parse and return the next event from the peer, or ``NEED_DATA`` / ``PAUSED``.

        Raises ``RemoteProtocolError`` if the peer broke the protocol; after that,
        the peer's state is ``ERROR`` for good.
        """
        their_role = self.their_role
        state = self._cstate.states[their_role]
        if state is ERROR:
            raise RemoteProtocolError("Can't receive data when peer state is ERROR")
        try:
            buf = self._receive_buffer
            if state is self._awaiting_line_end:
                # An incomplete head, and nothing has arrived since that could end it or
                # be impossible: it is still incomplete (bytes trickling in one at a time
                # cost no parsing).
                if buf.size() > self._readers.max_size:
                    raise LocalProtocolError("Receive buffer too long", error_status_hint=431)
                return NEED_DATA
            if state is DONE:
                # No reader: more bytes are the next pipelined message, PAUSED until
                # start_next_cycle(); the peer closing is ConnectionClosed.
                if buf.size():
                    return PAUSED
                if not self._receive_buffer_closed:
                    return NEED_DATA
                closed = ConnectionClosed()
                self._process_event(their_role, closed)
                return closed
            if state is not self._reader_state:
                # The peer's state changed: its reader (SEND_BODY's is set when the body
                # begins, in _start_body).
                self._reader = self._readers.get(state, expect_nothing)
                self._read_eof = ConnectionClosed
                self._reader_state = state
            event: Event | type[PAUSED] | None = self._reader(buf)
            if event is None:
                buffered = buf.size()
                # A head reader is waiting for the end of the head. Once the start of
                # the request line is known (and passed the first-byte check), only the
                # bytes that the watch finds can change that: see receive_data().
                if (
                    buffered
                    and (state is IDLE or state is SEND_RESPONSE)
                    and (their_role is SERVER or buf.request_line_offset_known)
                ):
                    # Refused at its first impossible byte (docs/differences.rst, H10),
                    # and what receive_data() must look for in the next bytes.
                    readers = self._readers
                    self._line_watch = check_incomplete_head(
                        buf, their_role is CLIENT, readers.options, readers.max_size
                    )
                    self._awaiting_line_end = state
                if buffered or not self._receive_buffer_closed:
                    if buffered > self._readers.max_size:
                        raise LocalProtocolError("Receive buffer too long", error_status_hint=431)
                    if self._receive_buffer_closed:
                        # Bytes that can never become an event.
                        raise LocalProtocolError("peer unexpectedly closed connection")
                    return NEED_DATA
                event = self._read_eof()
            elif event is PAUSED:
                return PAUSED
            elif not self.client_is_waiting_for_100_continue:
                # What _process_event does with the body events when nobody waits for
                # 100 Continue: nothing for data in SEND_BODY, the transition for
                # EndOfMessage. (The most frequent events, spared the call;
                # tests/test_fast_paths.py checks the two agree.)
                if type(event) is Data and state is SEND_BODY:
                    return event
                if type(event) is EndOfMessage:
                    self._cstate.process_event(their_role, EndOfMessage, None)
                    return event
            self._process_event(their_role, event)
            return event
        except BaseException as exc:
            self._process_error(their_role)
            if isinstance(exc, LocalProtocolError):
                exc._reraise_as_remote_protocol_error()
            raise

    # ----------------------------------------------------------------------- sending

    # The overloads tell type checkers what the event's class decides: bytes for every
    # event but ConnectionClosed, None for it (uvicorn writes send()'s result directly).
    @overload
    def send(self, event: ConnectionClosed) -> None: ...

    @overload
    def send(
        self, event: Request | InformationalResponse | Response | Data | EndOfMessage
    ) -> bytes: ...

    @overload
    def send(self, event: Event) -> bytes | None: ...

    def send(self, event: Event) -> bytes | None:
        """Return the bytes that send ``event`` to the peer (``None`` for ``ConnectionClosed``).

        Raises ``LocalProtocolError`` if the event is not allowed now; after that,
        our state is ``ERROR`` for good.
        """
        event_type = type(event)
        if (event_type is Data or event_type is EndOfMessage) and not (
            self.client_is_waiting_for_100_continue
        ):
            # Our body, with nobody waiting for 100 Continue: what _send does, without
            # the detour (the most frequent events; tests/test_fast_paths.py checks the
            # two agree).
            cstate = self._cstate
            our_role = self.our_role
            if cstate.states[our_role] is SEND_BODY:
                writer = self._writer
                if TYPE_CHECKING:
                    assert writer is not None
                try:
                    if event_type is Data:
                        return writer.data(event.data)  # type: ignore[attr-defined]
                    cstate.process_event(our_role, EndOfMessage, None)
                    return writer.end(event.headers)  # type: ignore[attr-defined]
                except BaseException:
                    self._process_error(our_role)
                    raise
        return self._send(event, True)  # type: ignore[return-value]

    @overload
    def send_with_data_passthrough(self, event: ConnectionClosed) -> None: ...

    @overload
    def send_with_data_passthrough(
        self, event: Request | InformationalResponse | Response | Data | EndOfMessage
    ) -> list[Any]: ...

    @overload
    def send_with_data_passthrough(self, event: Event) -> list[Any] | None: ...

    def send_with_data_passthrough(self, event: Event) -> list[Any] | None:
        """Like ``send()`` but return the pieces to write, in order, without joining.

        A ``Data`` event's ``data`` object is among the pieces as is (only its
        ``len()`` is used), so it can be a placeholder for e.g. ``sendfile``.
        """
        return self._send(event, False)  # type: ignore[return-value]

    def _send(self, event: Event, join: bool) -> bytes | list[Any] | None:
        cstate = self._cstate
        our_role = self.our_role
        if cstate.states[our_role] is ERROR:
            raise LocalProtocolError("Can't send data when our state is ERROR")
        try:
            event_type = type(event)
            if event_type is Response:
                if TYPE_CHECKING:
                    assert isinstance(event, Response)
                options = self._readers.options
                event = response_for_sending(
                    event,
                    self._request_method,
                    self.their_http_version,
                    cstate.keep_alive,
                    options is not None and options.http10_keep_alive,
                )
            elif (
                event_type is InformationalResponse
                and our_role is SERVER
                and self.their_http_version is not None
                and self.their_http_version < b"1.1"
            ):
                # RFC 9110 §15.2: a server MUST NOT send a 1xx response to an
                # HTTP/1.0 client.
                raise LocalProtocolError(
                    "can't send an InformationalResponse to an HTTP/1.0 client"
                )
            if not (
                event_type is Data
                and cstate.states[our_role] is SEND_BODY
                and not self.client_is_waiting_for_100_continue
            ):
                # (Skipped only where it would do nothing: body data in SEND_BODY with
                # nobody waiting for 100 Continue; see next_event.)
                self._process_event(our_role, event)
            # Accepted: the bytes that send it.
            if event_type is Data or event_type is EndOfMessage:
                # We were in SEND_BODY, so self._writer is the writer of our body.
                writer = self._writer
                if TYPE_CHECKING:
                    assert writer is not None
                if event_type is Data:
                    data = event.data  # type: ignore[attr-defined]
                    return writer.data(data) if join else writer.pieces(data)
                ending = writer.end(event.headers)  # type: ignore[attr-defined]
                if join:
                    return ending
                return [ending] if ending else []
            if event_type is Request:
                head = request_head(event)  # type: ignore[arg-type]
            elif event_type is ConnectionClosed:
                return None
            else:
                # InformationalResponse or Response: the state machine accepted it.
                options = self._readers.options
                head = response_head(
                    event,  # type: ignore[arg-type]
                    options is not None and options.standard_reason_phrases,
                )
            return head if join else [head]
        except BaseException:
            self._process_error(our_role)
            raise

    def send_failed(self) -> None:
        """Mark our side ``ERROR`` because the bytes from ``send()`` were not all transmitted.

        The peer may have received part of a message, so the connection cannot go on;
        receiving still works.
        """
        self._process_error(self.our_role)
