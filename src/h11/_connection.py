"""``Connection``: the glue between bytes, events and the state machine.

Owns: the receive buffer, which reader and writer are active (picked when a
state changes, never looked up per call), the receive options (limits and
leniency, fixed when the connection is made), the facts a conversation
accumulates (request method, the peer's HTTP version, 100-continue), the
automatic fixes to outgoing responses (RFC 9112 §6, §9.6), and the one place
where an error found in the peer's bytes becomes a ``RemoteProtocolError``.

Never knows: grammar (``_readers``), wire formats (``_writers``), transition
rules (``_state``). All state is read and changed through ``self._cstate``, so a
caller may replace it with a ``ConnectionState`` subclass.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, final, overload

from ._events import (
    NO_TRAILERS,
    ConnectionClosed,
    Data,
    EndOfMessage,
    Event,
    InformationalResponse,
    Request,
    Response,
)
from ._headers import (
    FLAG_CHUNKED,
    FLAG_CLOSE,
    FLAG_EXPECT_CONTINUE,
    FLAG_NOT_REUSABLE,
    FLAG_UPGRADE,
    Headers,
    framing_facts,
    get_comma_header,
    normalize_and_validate,
)
from ._readers import (
    DEFAULT_OPTIONS,
    REQUEST_OPTIONS,
    ChunkedReader,
    ContentLengthReader,
    Http10Reader,
    ReceiveOptions,
    discard_until_close,
    expect_nothing,
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
from ._writers import (
    BodyWriter,
    ChunkedWriter,
    ContentLengthWriter,
    Http10Writer,
    request_head,
    response_head,
)

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

BodyFraming = tuple[Literal["content-length", "chunked", "http/1.0"], tuple[int, ...]]


_new_object = object.__new__


def _keep_alive(event: Request | Response) -> bool:
    """Whether ``event`` allows the connection to be reused (RFC 9112 §9.3).

    HTTP/1.0's ``Connection: keep-alive`` extension is not supported.
    """
    if framing_facts(event.headers)[0] & FLAG_CLOSE:
        return False
    return not event.http_version < b"1.1"


def _body_framing(request_method: bytes | None, event: Request | Response) -> BodyFraming:
    """How the body of ``event`` is delimited (RFC 9112 §6.3), as h11 0.16 reports it."""
    if type(event) is Response:
        status = event.status_code
        if (
            status in (204, 304)
            or request_method == b"HEAD"
            or (request_method == b"CONNECT" and 200 <= status < 300)
        ):
            return ("content-length", (0,))
    flags, content_length = framing_facts(event.headers)
    if flags & FLAG_CHUNKED:
        return ("chunked", ())
    if content_length is not None:
        return ("content-length", (content_length,))
    if type(event) is Request:
        return ("content-length", (0,))
    return ("http/1.0", ())


# What step 2 of the response fix-ups appends; already there, nothing needs rewriting.
_TE_CHUNKED_ITEM = (b"Transfer-Encoding", b"transfer-encoding", b"chunked")


def _always_paused(buf: ReceiveBuffer) -> type[PAUSED]:
    # MIGHT_SWITCH_PROTOCOL / SWITCHED_PROTOCOL: the bytes may not be HTTP at all.
    return PAUSED


def _paused_if_data(buf: ReceiveBuffer) -> type[PAUSED] | None:
    # DONE: more bytes are the next pipelined message; wait for start_next_cycle().
    return PAUSED if buf._start < len(buf._data) else None  # (bool(buf), without the call)


def _read_empty_body(buf: ReceiveBuffer) -> EndOfMessage:
    # A body of length 0 (RFC 9112 §6.3): the message ends with its head.
    return NO_TRAILERS


class ReadersByState(dict[type[Sentinel], Any]):
    """The reader for each peer state, and the receive options they were made with.

    Shared by the connections with the same settings; ``options`` rides along so that
    a connection needs no attribute of its own for them (connections are many).
    """

    __slots__ = ("options",)

    options: ReceiveOptions | None


def _make_readers_by_state(
    their_role: type[Sentinel], max_size: int, options: ReceiveOptions | None = None
) -> ReadersByState:
    head_reader: Any
    if their_role is CLIENT:
        head_reader = request_head_reader(max_size, options)
    else:
        head_reader = response_head_reader(max_size, options)
    readers = ReadersByState(
        {
            IDLE: head_reader,
            SEND_RESPONSE: head_reader,
            DONE: _paused_if_data,
            MIGHT_SWITCH_PROTOCOL: _always_paused,
            SWITCHED_PROTOCOL: _always_paused,
        }
    )
    # (A server's chunked request bodies read their trailers with the request rules.)
    readers.options = REQUEST_OPTIONS if options is None and their_role is CLIENT else options
    return readers


# their role -> max_incomplete_event_size -> readers, for connections without options; and
# (their role, max_incomplete_event_size, options) -> readers for the others. A handful of
# entries in practice.
_DEFAULT_READERS: dict[type[Sentinel], dict[int, ReadersByState]] = {CLIENT: {}, SERVER: {}}
_READERS_BY_STATE: dict[tuple[Any, ...], ReadersByState] = {}


def _receive_options(our_role: type[Sentinel], **settings: Any) -> ReceiveOptions | None:
    """The options for a connection given some non-default keywords (None: the defaults)."""
    for name, value in settings.items():
        if name.startswith("max_"):
            if value is not None and not (type(value) is int and value >= 0):
                raise ValueError(f"{name} must be None or an int >= 0, not {value!r}")
        elif name == "allow_control_characters_in_request_field_values":
            # The one switch about requests: only for what a server receives.
            settings[name] = our_role is SERVER and bool(value)
        else:
            # Leniency is about responses: it never applies to what a server receives.
            settings[name] = our_role is CLIENT and bool(value)
    if our_role is SERVER:
        settings["strict_field_values"] = not settings.get(
            "allow_control_characters_in_request_field_values"
        )
    options = ReceiveOptions(**settings)
    return None if options in (DEFAULT_OPTIONS, REQUEST_OPTIONS) else options


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
        allow_control_characters_in_request_field_values: a server accepts control
            bytes other than NUL, CR, LF, VT and FF (and DEL) in request header and
            trailer values, as h11 0.16 did (RFC 9110 §5.5 allows only HTAB).

    The limits and switches are keyword-only, and off by default. The ``*_in_responses``
    and reason-phrase switches only ever widen what a client accepts in responses,
    never what a server accepts; the ``*_in_request_*`` switch only what a server
    accepts; none of them can move the end of a message, and none widens what is sent; see the
    "Leniency and limits" page of the documentation for what each admits and risks.
    """

    # Slots keep an idle connection small; "__dict__" still lets applications and tests
    # set or patch attributes (created only when they do).
    __slots__ = (
        "__dict__",
        "__weakref__",
        "_awaiting_line_end",
        "_cstate",
        "_max_incomplete_event_size",
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
        allow_control_characters_in_request_field_values: bool = False,
    ) -> None:
        self._max_incomplete_event_size = max_incomplete_event_size
        if our_role is CLIENT:
            their_role: type[Sentinel] = SERVER
        elif our_role is SERVER:
            their_role = CLIENT
        else:
            raise ValueError(f"expected CLIENT or SERVER, not {our_role!r}")
        self.our_role = our_role
        self.their_role = their_role
        self._cstate = ConnectionState()

        # Readers of the peer's bytes for each of their states (except SEND_BODY,
        # whose reader depends on the message and is made when it begins), with the
        # receive options. They hold no per-connection state, so connections with the
        # same settings share them.
        if (
            max_header_count is None
            and max_header_line_length is None
            and max_start_line_length is None
            and max_trailer_size is None
            and max_chunk_extension_length is None
            and not allow_non_token_header_names_in_responses
            and not allow_vertical_tab_and_form_feed_in_response_header_values
            and not allow_control_characters_in_reason_phrases
            and not allow_multiple_spaces_in_response_status_delimiters
            and not allow_duplicate_transfer_encoding_chunked_in_responses
            and not discard_body_of_204_and_304_responses
            and not allow_control_characters_in_request_field_values
        ):
            # The usual case, h11 0.16's rules: no options.
            readers = _DEFAULT_READERS[their_role].get(max_incomplete_event_size)
            if readers is None:
                readers = _DEFAULT_READERS[their_role][max_incomplete_event_size] = (
                    _make_readers_by_state(their_role, max_incomplete_event_size)
                )
        else:
            options = _receive_options(
                our_role,
                max_header_count=max_header_count,
                max_header_line_length=max_header_line_length,
                max_start_line_length=max_start_line_length,
                max_trailer_size=max_trailer_size,
                max_chunk_extension_length=max_chunk_extension_length,
                allow_non_token_header_names_in_responses=allow_non_token_header_names_in_responses,
                allow_vertical_tab_and_form_feed_in_response_header_values=(
                    allow_vertical_tab_and_form_feed_in_response_header_values
                ),
                allow_control_characters_in_reason_phrases=allow_control_characters_in_reason_phrases,
                allow_multiple_spaces_in_response_status_delimiters=(
                    allow_multiple_spaces_in_response_status_delimiters
                ),
                allow_duplicate_transfer_encoding_chunked_in_responses=(
                    allow_duplicate_transfer_encoding_chunked_in_responses
                ),
                discard_body_of_204_and_304_responses=discard_body_of_204_and_304_responses,
                allow_control_characters_in_request_field_values=(
                    allow_control_characters_in_request_field_values
                ),
            )
            key = (their_role, max_incomplete_event_size, options)
            readers = _READERS_BY_STATE.get(key)
            if readers is None:
                readers = _READERS_BY_STATE[key] = _make_readers_by_state(*key)
        self._readers = readers
        self._reader: Any = readers[IDLE]
        self._reader_state: type[Sentinel] | None = IDLE
        # The writer of our body: set when we enter SEND_BODY, None before (and after
        # start_next_cycle); it is only used while we are in SEND_BODY.
        self._writer: BodyWriter | None = None

        self._receive_buffer = ReceiveBuffer()
        self._receive_buffer_closed = False
        # The peer state in which next_event() knows the head is still incomplete until
        # a CR or LF arrives (None: it does not know).
        self._awaiting_line_end: type[Sentinel] | None = None
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
        self._reader = self._writer = None

    def _process_error(self, role: type[Sentinel]) -> None:
        self._cstate.process_error(role)

    def _server_switch_event(self, event: Event) -> type[Sentinel] | None:
        # RFC 9110 §15.2.2: 101 accepts an Upgrade; RFC 9110 §9.3.6: any 2xx accepts
        # a CONNECT.
        if type(event) is InformationalResponse:
            if event.status_code == 101:
                return _SWITCH_UPGRADE
        elif (
            type(event) is Response
            and 200 <= event.status_code < 300
            and _SWITCH_CONNECT in self._cstate.pending_switch_proposals
        ):
            return _SWITCH_CONNECT
        return None

    def _process_event(self, role: type[Sentinel], event: Event) -> None:
        """Run ``event`` (sent by ``role``) through the state machine and note its facts."""
        cstate = self._cstate
        event_type = type(event)
        if event_type is Data or event_type is EndOfMessage:
            cstate.process_event(role, event_type, None)
            if role is CLIENT:
                # RFC 9110 §10.1.1: a client that sends its body is no longer waiting.
                self.client_is_waiting_for_100_continue = False
            return
        if event_type is Request or event_type is Response:
            if TYPE_CHECKING:
                assert isinstance(event, (Request, Response))
            headers = event.headers
            flags = headers._flags
            if flags < 0:
                flags = framing_facts(headers)[0]
            if event_type is Request:
                if TYPE_CHECKING:
                    assert isinstance(event, Request)
                if role is CLIENT:
                    # RFC 9110 §9.3.6 / §7.8: the client proposes a protocol switch.
                    if event.method == b"CONNECT":
                        cstate.process_client_switch_proposal(_SWITCH_CONNECT)
                    if flags & FLAG_UPGRADE:
                        cstate.process_client_switch_proposal(_SWITCH_UPGRADE)
                cstate.process_event(role, event_type, None)
                self._request_method = event.method
            else:
                if TYPE_CHECKING:
                    assert isinstance(event, Response)
                # (Only a pending CONNECT can be accepted by a Response.)
                cstate.process_event(
                    role,
                    event_type,
                    self._server_switch_event(event)
                    if role is SERVER and cstate.pending_switch_proposals
                    else None,
                )
                self.client_is_waiting_for_100_continue = False
            if role is self.their_role:
                self.their_http_version = event.http_version
                if flags & FLAG_CHUNKED and (
                    headers._content_length is not None or flags & FLAG_NOT_REUSABLE
                ):
                    # RFC 9112 §6.1: a message with both Content-Length and
                    # Transfer-Encoding may be a smuggling attempt; the connection
                    # must not be reused after it. Nor after framing that only an
                    # opt-in leniency let through.
                    cstate.process_keep_alive_disabled()
            # RFC 9112 §9.3: "close", or HTTP/1.0 (its keep-alive extension is not
            # supported), ends the connection after this exchange.
            if flags & FLAG_CLOSE or event.http_version < b"1.1":
                cstate.process_keep_alive_disabled()
            if (
                flags & FLAG_EXPECT_CONTINUE
                and event_type is Request
                and not event.http_version < b"1.1"
            ):
                # RFC 9110 §10.1.1 (100-continue is ignored from HTTP/1.0 clients).
                self.client_is_waiting_for_100_continue = True
            if cstate.states[role] is SEND_BODY:
                self._start_body(role, event)
            return
        if event_type is InformationalResponse:
            if TYPE_CHECKING:
                assert isinstance(event, InformationalResponse)
            cstate.process_event(
                role, event_type, self._server_switch_event(event) if role is SERVER else None
            )
            if role is self.their_role:
                self.their_http_version = event.http_version
            self.client_is_waiting_for_100_continue = False
        else:
            # ConnectionClosed, or an object that is no event (the state machine
            # names its type in the error).
            cstate.process_event(role, event_type, None)

    def _start_body(self, role: type[Sentinel], event: Request | Response) -> None:
        """Pick the reader or writer for the body that ``event`` begins.

        The same decision as ``_body_framing`` (RFC 9112 §6.3), made from the facts
        the header list already carries.
        """
        headers = event.headers
        length = headers._content_length
        if type(event) is Response:
            if TYPE_CHECKING:
                assert isinstance(event, Response)
            status = event.status_code
            method = self._request_method
            if (
                status in (204, 304)
                or method == b"HEAD"
                or (method == b"CONNECT" and 200 <= status < 300)
            ):
                if (
                    self._readers.options is not None
                    and role is self.their_role
                    and (length or headers._flags & FLAG_CHUNKED)
                ):
                    self._maybe_discard_body_of(status)
                length = 0
            elif headers._flags & FLAG_CHUNKED:
                length = -1
            elif length is None:
                length = -2  # until the peer closes
        elif headers._flags & FLAG_CHUNKED:
            length = -1
        elif length is None:
            length = 0
        if role is self.our_role:
            if length >= 0:
                # (ContentLengthWriter(length), without the __init__ frame.)
                writer = _new_object(ContentLengthWriter)
                writer._remaining = length
                self._writer = writer
            elif length == -1:
                self._writer = ChunkedWriter()
            else:
                self._writer = Http10Writer()
        else:
            if length == 0:
                self._reader = _read_empty_body
            # (Bound __call__ methods: cheaper to call than the objects themselves.)
            elif length > 0:
                self._reader = ContentLengthReader(length).__call__
            elif length == -1:
                self._reader = ChunkedReader(
                    self._max_incomplete_event_size, self._readers.options
                ).__call__
            else:
                self._reader = Http10Reader().__call__
            self._reader_state = SEND_BODY

    def _maybe_discard_body_of(self, status: int) -> None:
        """``discard_body_of_204_and_304_responses``: a bodiless response announced one.

        RFC 9110 §6.4.1: a 204 or 304 response ends with its head, whatever its
        Content-Length or Transfer-Encoding say; a server that sends a body anyway
        would have it read as the next response. Here the response still ends with
        its head, as for any reader, but the connection is not reused and whatever
        follows is dropped until the server closes.
        """
        options = self._readers.options
        if (
            options is not None
            and options.discard_body_of_204_and_304_responses
            and status in (204, 304)
        ):
            self._cstate.process_keep_alive_disabled()
            readers = ReadersByState(self._readers)
            readers[MUST_CLOSE] = discard_until_close
            readers.options = options
            self._readers = readers

    # --------------------------------------------------------------------- receiving

    def receive_data(self, data: Buffer | None) -> None:
        """Add bytes received from the peer; empty ``data`` means the peer closed.

        ``data`` may be any bytes-like object (``bytes``, ``bytearray``,
        ``memoryview``, ...). Parses nothing: call ``next_event()`` to get events.
        """
        if data:
            if self._receive_buffer_closed:
                raise RuntimeError("received close, then received more data?")
            self._receive_buffer.append(data)
            if self._awaiting_line_end is not None and (
                type(data) is not bytes or 10 in data or 13 in data  # LF, CR
            ):
                self._awaiting_line_end = None
        else:
            self._receive_buffer_closed = True
            self._awaiting_line_end = None

    def next_event(self) -> NextEventResult:
        """Parse and return the next event from the peer, or ``NEED_DATA`` / ``PAUSED``.

        Raises ``RemoteProtocolError`` if the peer broke the protocol; after that,
        the peer's state is ``ERROR`` for good.
        """
        their_role = self.their_role
        cstate = self._cstate
        state = cstate.states[their_role]
        if state is ERROR:
            raise RemoteProtocolError("Can't receive data when peer state is ERROR")
        try:
            buf = self._receive_buffer
            if state is self._awaiting_line_end:
                # An incomplete head, and no CR or LF has arrived since: it is still
                # incomplete (bytes trickling in one at a time cost no parsing).
                if buf.size() > self._max_incomplete_event_size:
                    raise LocalProtocolError("Receive buffer too long", error_status_hint=431)
                return NEED_DATA
            if state is not self._reader_state:
                self._reader = self._readers.get(state, expect_nothing)
                self._reader_state = state
            event = self._reader(buf)
            if event is None:
                buffered = len(buf._data) - buf._start  # len(buf), without the dunder call
                # A head reader is waiting for the end of a line. Once the start of the
                # request line is known (and passed the first-byte check), only a CR or
                # LF can change that: see receive_data().
                if (
                    buffered
                    and (state is IDLE or state is SEND_RESPONSE)
                    and (their_role is SERVER or buf.request_line_offset_known)
                ):
                    self._awaiting_line_end = state
                if not buffered and self._receive_buffer_closed:
                    # A body reader (a bound __call__) has its own rule for EOF.
                    read_eof = getattr(getattr(self._reader, "__self__", None), "read_eof", None)
                    event = read_eof() if read_eof is not None else ConnectionClosed()
                else:
                    if buffered > self._max_incomplete_event_size:
                        raise LocalProtocolError("Receive buffer too long", error_status_hint=431)
                    if self._receive_buffer_closed:
                        # Bytes that can never become an event.
                        raise LocalProtocolError("peer unexpectedly closed connection")
                    return NEED_DATA
            event_type = type(event)
            if event_type is Data or event_type is EndOfMessage:
                if event_type is EndOfMessage or state is not SEND_BODY:
                    # (Data in SEND_BODY, all a body reader makes, changes no state.)
                    cstate.process_event(their_role, event_type, None)
                if their_role is CLIENT:
                    # RFC 9110 §10.1.1: a client sending its body no longer waits.
                    self.client_is_waiting_for_100_continue = False
            elif event is not PAUSED:
                self._process_event(their_role, event)
            return event  # type: ignore[no-any-return]
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
            if event_type is Data:
                if TYPE_CHECKING:
                    assert isinstance(event, Data)
                cstate.process_event(our_role, Data, None)
                # Accepted, so we are in SEND_BODY and self._writer is its writer.
                if our_role is CLIENT:
                    self.client_is_waiting_for_100_continue = False
                body_writer = self._writer
                if TYPE_CHECKING:
                    assert body_writer is not None
                if join:
                    return body_writer.data(event.data)
                return body_writer.pieces(event.data)
            # The writer belongs to the state we are in *before* this event.
            writer = self._writer if cstate.states[our_role] is SEND_BODY else None
            if event_type is Response:
                event = self._clean_up_response_headers_for_sending(event)  # type: ignore[arg-type]
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
            self._process_event(our_role, event)
            if writer is not None:  # EndOfMessage
                if TYPE_CHECKING:
                    assert isinstance(event, EndOfMessage)
                ending = writer.end(event.headers)
                if join:
                    return ending
                return [ending] if ending else []
            if event_type is Request:
                head = request_head(event)  # type: ignore[arg-type]
            elif event_type is ConnectionClosed:
                return None
            else:
                # InformationalResponse or Response: the state machine accepted it.
                head = response_head(event)  # type: ignore[arg-type]
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

    # ----------------------------------------------------- automatic response fixes

    def _clean_up_response_headers_for_sending(self, response: Response) -> Response:
        """Make the framing headers of an outgoing response match what we will do.

        RFC 9112 §6.1-6.3: a body we cannot size up front is sent chunked to an
        HTTP/1.1 client, and delimited by closing to anyone else; RFC 9112 §9.6: a
        server that will close says ``Connection: close``. HEAD responses get the
        headers a GET would have.
        """
        headers = response.headers
        flags = headers._flags
        if flags < 0:
            flags = framing_facts(headers)[0]
        content_length = headers._content_length
        if content_length is not None and not flags & FLAG_CHUNKED and self._cstate.keep_alive:
            return response  # fixed length, connection kept: nothing to fix (the usual case)
        method = self._request_method
        kind, _ = _body_framing(b"GET" if method == b"HEAD" else method, response)
        must_close = False
        drop: set[bytes] = set()
        add: list[tuple[bytes, bytes]] = []
        if kind != "content-length":
            if content_length is not None:
                drop.add(b"content-length")
            their_version = self.their_http_version
            if their_version is None or their_version < b"1.1":
                if flags & FLAG_CHUNKED:
                    drop.add(b"transfer-encoding")
                if method != b"HEAD":
                    must_close = True
            elif (
                content_length is not None
                or not flags & FLAG_CHUNKED
                or headers._full_items[-1] != _TE_CHUNKED_ITEM
            ):
                # (The fast path: a final "Transfer-Encoding: chunked" stays as it is.)
                drop.add(b"transfer-encoding")
                add.append((b"Transfer-Encoding", b"chunked"))
        if (must_close or not self._cstate.keep_alive) and not (
            flags & FLAG_CLOSE and not add and _ends_with_connection_close(headers)
        ):
            tokens = set(get_comma_header(headers, b"connection"))
            tokens.discard(b"keep-alive")
            tokens.add(b"close")
            drop.add(b"connection")
            add.extend((b"Connection", token) for token in sorted(tokens))
        if not drop and not add:
            return response
        pairs = [(raw, value) for raw, lname, value in headers._full_items if lname not in drop]
        pairs.extend(add)
        return Response(
            headers=normalize_and_validate(pairs, _parsed=True),
            status_code=response.status_code,
            http_version=response.http_version,
            reason=response.reason,
            _parsed=True,
        )


def _ends_with_connection_close(headers: Headers) -> bool:
    """True if the only Connection header is a final ``Connection: close``.

    Rewriting such a list for closing would produce the very same list.
    """
    items = headers._full_items
    if items[-1] != (b"Connection", b"connection", b"close"):
        return False
    return all(lname != b"connection" for _, lname, _ in items[:-1])
