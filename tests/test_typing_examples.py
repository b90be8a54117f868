"""The files of ``tests/typing`` also run: their code is real h11 usage, not only types.

Contract: docs/api.rst (the annotations). mypy checks those files in CI (``.ci/run``); this
runs each of their functions against real connections so the patterns they pin keep working
at run time too (including on Python 3.10, where ``typing.assert_type`` does not exist).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

import h11

TYPING = Path(__file__).resolve().parent / "typing"


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"h11_typing_{name}", TYPING / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


connection_types = load("connection_types")
headers_types = load("headers_types")


def waiting_client() -> h11.Connection:
    conn = h11.Connection(h11.CLIENT)
    conn.send(h11.Request(method="GET", target="/", headers=[("Host", "a")]))
    conn.send(h11.EndOfMessage())
    return conn


def test_next_event_narrowing_example_runs() -> None:
    event = connection_types.next_event_narrows_with_is(waiting_client())
    assert type(event) is h11.Response


def test_httpcore_style_example_runs() -> None:
    assert connection_types.httpcore_style_response(waiting_client()) == (200, b"ok")


def test_uvicorn_style_example_runs() -> None:
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(b"GET /x HTTP/1.1\r\nHost: a\r\n\r\n")
    assert connection_types.uvicorn_style_dispatch(conn) == b"/x"


def test_sentinel_and_receive_data_examples_run() -> None:
    connection_types.sentinels_are_classes()
    conn = h11.Connection(h11.SERVER)
    connection_types.receive_data_takes_bytes_like_objects(conn)
    assert conn.trailing_data == (b"GET / HTTP/1.1\r\nHost: a\r\n\r\n", True)
    assert type(conn.next_event()) is h11.Request


def test_send_example_runs() -> None:
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
    assert type(conn.next_event()) is h11.Request
    head = connection_types.send_returns_bytes_except_for_connection_closed(conn)
    assert head.startswith(b"HTTP/1.1 200 ")
    assert conn.our_state is h11.CLOSED


def test_connection_options_example_runs() -> None:
    assert connection_types.connection_options().our_role is h11.SERVER


def test_abandon_request_body_example_runs() -> None:
    conn = h11.Connection(h11.CLIENT)
    conn.send(
        h11.Request(method="POST", target="/", headers=[("Host", "a"), ("Content-Length", "9")])
    )
    conn.receive_data(b"HTTP/1.1 413 Content Too Large\r\nContent-Length: 0\r\n\r\n")
    assert type(conn.next_event()) is h11.Response
    assert type(conn.next_event()) is h11.EndOfMessage
    assert connection_types.abandon_request_body(conn) is h11.CLOSED
    assert conn.their_state is h11.MUST_CLOSE


def test_error_location_example_runs() -> None:
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(b"GET / HTTP/1.1\r\nHost: a\r\nBad Name: 1\r\n\r\n")
    assert connection_types.error_locations(conn) == (b"Bad ", 25)  # (H10)
    assert connection_types.error_locations(waiting_client()) == (None, None)


def test_headers_example_runs() -> None:
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(b"GET / HTTP/1.1\r\nHost: a\r\nX-Forwarded-Host: b, c\r\n\r\n")
    event = conn.next_event()
    assert isinstance(event, h11.Request)
    assert headers_types.lookups(event) == [b"a"]
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(b"GET / HTTP/1.0\r\nX-Forwarded-Host: b, c\r\n\r\n")
    event = conn.next_event()
    assert isinstance(event, h11.Request)
    assert headers_types.lookups(event) == [b"b", b"c"]


@pytest.mark.parametrize(
    "data",
    [b"GET / HTTP/1.1\r\n", bytearray(b"GET / HTTP/1.1\r\n"), memoryview(b"GET / HTTP/1.1\r\n")],
)
def test_receive_data_accepts_bytes_bytearray_and_memoryview(data: bytes) -> None:
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(data)
    conn.receive_data(memoryview(bytearray(b"Host: a\r\n\r\n")))
    assert type(conn.next_event()) is h11.Request


def test_receive_data_accepts_other_buffers() -> None:
    import array

    conn = h11.Connection(h11.SERVER)
    conn.receive_data(array.array("B", b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"))
    assert type(conn.next_event()) is h11.Request
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(b"GET / HTTP/1.1\r\n")
    conn.receive_data(memoryview(b"xxHost: a\r\n\r\n")[2:])
    assert type(conn.next_event()) is h11.Request
