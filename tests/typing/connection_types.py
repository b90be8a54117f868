"""What a type checker must conclude about ``Connection`` code (checked by mypy in CI).

Each ``assert_type`` is a test: ``mypy --strict tests/typing`` (see ``.ci/run``) fails if h11's
annotations stop giving that type. Lines marked ``# type: ignore[...]`` must stay errors: under
``--strict`` an ignore that is no longer needed is itself an error. The functions also run,
against real connections, in ``tests/test_typing_examples.py``.

The patterns are those of h11's users: httpcore and the h11 docs (``if event is h11.NEED_DATA``
then ``isinstance``), uvicorn (``type(event) is ...``), wsproto (``isinstance`` chains).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import h11

if sys.version_info >= (3, 11):
    from typing import assert_type
elif TYPE_CHECKING:  # the stubs ship with every type checker; nothing is imported at run time
    from typing_extensions import assert_type
else:

    def assert_type(value: object, _type: object) -> object:
        return value


def next_event_narrows_with_is(conn: h11.Connection) -> h11.Event:
    """``is`` comparisons with the sentinels narrow in both branches (they are @final)."""
    while True:
        event = conn.next_event()
        assert_type(event, h11.Event | type[h11.NEED_DATA] | type[h11.PAUSED])
        if event is h11.NEED_DATA:
            assert_type(event, type[h11.NEED_DATA])
            conn.receive_data(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
            continue
        assert_type(event, h11.Event | type[h11.PAUSED])
        if event is h11.PAUSED:
            assert_type(event, type[h11.PAUSED])
            raise RuntimeError("paused")
        assert_type(event, h11.Event)
        return event


def httpcore_style_response(conn: h11.Connection) -> tuple[int, bytes]:
    """Read a response head and body the way httpcore does."""
    status = 0
    body = b""
    while True:
        event = conn.next_event()
        if event is h11.NEED_DATA:
            conn.receive_data(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
            continue
        if isinstance(event, h11.Response):
            assert_type(event, h11.Response)
            status = event.status_code
        elif isinstance(event, h11.Data):
            assert_type(event.data, bytes)
            body += event.data
        elif isinstance(event, (h11.EndOfMessage, h11.PAUSED)):
            return status, body


def uvicorn_style_dispatch(conn: h11.Connection) -> bytes:
    """``type(event) is C`` narrows to the event class."""
    event = conn.next_event()
    if type(event) is h11.Request:
        assert_type(event, h11.Request)
        return event.target
    return b""


def sentinels_are_classes() -> None:
    """``isinstance(x, h11.PAUSED)`` and ``type(x).__name__`` dispatch type-check."""
    assert_type(h11.NEED_DATA, type[h11.NEED_DATA])
    assert isinstance(h11.PAUSED, h11.PAUSED)
    assert type(h11.NEED_DATA).__name__ == "NEED_DATA"


def receive_data_takes_bytes_like_objects(conn: h11.Connection) -> None:
    conn.receive_data(b"GET / HTTP/1.1\r\n")
    conn.receive_data(bytearray(b"Host: a\r\n"))
    conn.receive_data(memoryview(b"\r\n"))
    conn.receive_data(None)  # end of stream, as b"" is
    if TYPE_CHECKING:
        conn.receive_data("text")  # type: ignore[arg-type]
        conn.receive_data(5)  # type: ignore[arg-type]


def send_returns_bytes_except_for_connection_closed(conn: h11.Connection) -> bytes:
    """uvicorn writes send()'s result to its transport: the event's class decides the type."""
    head = conn.send(h11.Response(status_code=200, headers=[("Content-Length", "2")]))
    assert_type(head, bytes)
    assert_type(conn.send(h11.Data(data=b"ok")), bytes)
    assert_type(conn.send_with_data_passthrough(h11.EndOfMessage()), list[Any])
    event: h11.Event = h11.ConnectionClosed()
    assert_type(conn.send(event), bytes | None)
    assert_type(conn.send(h11.ConnectionClosed()), None)
    return head


def connection_options() -> h11.Connection:
    conn = h11.Connection(
        h11.SERVER,
        16384,
        max_header_count=100,
        max_header_line_length=8192,
        max_start_line_length=8192,
        max_trailer_size=None,
        max_chunk_extension_length=256,
    )
    h11.Connection(
        our_role=h11.CLIENT,
        allow_non_token_header_names_in_responses=True,
        allow_vertical_tab_and_form_feed_in_response_header_values=True,
        allow_control_characters_in_reason_phrases=True,
        allow_multiple_spaces_in_response_status_delimiters=True,
        allow_duplicate_transfer_encoding_chunked_in_responses=True,
        discard_body_of_204_and_304_responses=True,
    )
    h11.Connection(h11.SERVER, http10_keep_alive=True, standard_reason_phrases=True)
    h11.Connection(h11.CLIENT, http10_keep_alive=False, standard_reason_phrases=False)
    if TYPE_CHECKING:
        h11.Connection(h11.SERVER, http10_keep_alive="yes")  # type: ignore[arg-type]
        h11.Connection(h11.SERVER, 16384, 100)  # type: ignore[call-arg]
        h11.Connection(h11.SERVER, max_header_count="100")  # type: ignore[arg-type]
    return conn


def abandon_request_body(conn: h11.Connection) -> type[h11._util.Sentinel]:
    """A client in SEND_BODY closes after the final response began: ``send`` returns None."""
    assert_type(conn.send(h11.ConnectionClosed()), None)
    assert_type(conn.our_state, type[h11._util.Sentinel])
    return conn.our_state


def error_locations(conn: h11.Connection) -> tuple[bytes | None, int | None]:
    try:
        conn.next_event()
    except h11.RemoteProtocolError as exc:
        assert_type(exc.line, bytes | None)
        assert_type(exc.offset, int | None)
        assert_type(exc.error_status_hint, int)
        return exc.line, exc.offset
    return None, None
