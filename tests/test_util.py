"""Exceptions (docs/api.rst "Errors") and the ``h11._util`` helpers (design-private-imports)."""

from __future__ import annotations

import copy
import re
import traceback
from typing import Any

import pytest

import h11
from h11._util import Sentinel, bytesify, validate

SUBCLASSES = [h11.LocalProtocolError, h11.RemoteProtocolError]

# --- §3 exception classes -------------------------------------------------------------------


def test_exception_hierarchy() -> None:
    assert issubclass(h11.ProtocolError, Exception)
    assert issubclass(h11.LocalProtocolError, h11.ProtocolError)
    assert issubclass(h11.RemoteProtocolError, h11.ProtocolError)
    assert not issubclass(h11.LocalProtocolError, h11.RemoteProtocolError)
    assert not issubclass(h11.RemoteProtocolError, h11.LocalProtocolError)


@pytest.mark.parametrize("cls", SUBCLASSES)
def test_error_message_args_and_default_hint(cls: type[h11.ProtocolError]) -> None:
    exc = cls("something broke")
    assert str(exc) == "something broke"
    assert exc.args == ("something broke",)
    assert exc.error_status_hint == 400


@pytest.mark.parametrize("cls", SUBCLASSES)
def test_error_status_hint_positional(cls: type[h11.ProtocolError]) -> None:
    exc = cls("too big", 431)
    assert exc.error_status_hint == 431
    assert exc.args == ("too big",)
    assert str(exc) == "too big"


@pytest.mark.parametrize("cls", SUBCLASSES)
def test_error_msg_and_hint_by_keyword(cls: type[h11.ProtocolError]) -> None:
    exc = cls(msg="unsupported", error_status_hint=501)
    assert exc.error_status_hint == 501
    assert exc.args == ("unsupported",)


@pytest.mark.parametrize("cls", SUBCLASSES)
def test_error_message_is_required(cls: type[h11.ProtocolError]) -> None:
    with pytest.raises(TypeError):
        cls()  # type: ignore[call-arg]


@pytest.mark.parametrize("args", [("x",), ("x", 431)])
def test_protocol_error_cannot_be_instantiated_directly(args: tuple[Any, ...]) -> None:
    with pytest.raises(TypeError) as info:
        h11.ProtocolError(*args)
    assert str(info.value) == "tried to directly instantiate ProtocolError"


def test_user_subclass_of_protocol_error_constructs_normally() -> None:
    class AppError(h11.ProtocolError):
        pass

    exc = AppError("app", 418)
    assert exc.args == ("app",)
    assert exc.error_status_hint == 418
    assert isinstance(exc, h11.ProtocolError)


def _raise_deep_local_error() -> None:
    raise h11.LocalProtocolError("deep failure", 431)


def _convert_deep_error(seen: list[h11.LocalProtocolError]) -> None:
    try:
        _raise_deep_local_error()
    except h11.LocalProtocolError as exc:
        seen.append(exc)
        exc._reraise_as_remote_protocol_error()


def test_reraise_as_remote_changes_class_in_place_keeping_args_and_hint() -> None:
    seen: list[h11.LocalProtocolError] = []
    with pytest.raises(h11.RemoteProtocolError) as info:
        _convert_deep_error(seen)
    assert info.value is seen[0]
    assert type(info.value) is h11.RemoteProtocolError
    assert not isinstance(info.value, h11.LocalProtocolError)
    assert info.value.args == ("deep failure",)
    assert str(info.value) == "deep failure"
    assert info.value.error_status_hint == 431


def test_reraise_as_remote_keeps_the_original_traceback_frames() -> None:
    with pytest.raises(h11.RemoteProtocolError) as info:
        _convert_deep_error([])
    names = [frame.name for frame in traceback.extract_tb(info.value.__traceback__)]
    assert names[-1] == "_raise_deep_local_error"
    assert "_convert_deep_error" in names


def test_parse_error_from_next_event_is_exactly_remote_protocol_error() -> None:
    server = h11.Connection(h11.SERVER)
    server.receive_data(b"\x00")
    with pytest.raises(h11.RemoteProtocolError) as info:
        server.next_event()
    assert type(info.value) is h11.RemoteProtocolError
    assert str(info.value) == "illegal request line"
    assert info.value.error_status_hint == 400
    assert server.their_state is h11.ERROR


def test_error_status_hint_501_survives_conversion_to_remote_error() -> None:
    server = h11.Connection(h11.SERVER)
    server.receive_data(b"GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n")
    with pytest.raises(h11.RemoteProtocolError) as info:
        server.next_event()
    assert type(info.value) is h11.RemoteProtocolError
    assert str(info.value) == "Only Transfer-Encoding: chunked is supported"
    assert info.value.error_status_hint == 501


def test_error_status_hint_431_for_receive_buffer_too_long() -> None:
    server = h11.Connection(h11.SERVER, max_incomplete_event_size=10)
    server.receive_data(b"GET /aaaaaaaaaaaaa")
    with pytest.raises(h11.RemoteProtocolError) as info:
        server.next_event()
    assert str(info.value) == "Receive buffer too long"
    assert info.value.error_status_hint == 431


# --- §14.5 bytesify -------------------------------------------------------------------------


def test_bytesify_keeps_bytes_object() -> None:
    value = b"abc"
    assert bytesify(value) is value


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("GET", b"GET"),
        ("", b""),
        (bytearray(b"ab"), b"ab"),
        (memoryview(b"xyz"), b"xyz"),
        (memoryview(b"0123")[1:3], b"12"),
    ],
)
def test_bytesify_converts_to_bytes(value: Any, expected: bytes) -> None:
    result = bytesify(value)
    assert type(result) is bytes
    assert result == expected


def test_bytesify_copies_bytearray() -> None:
    source = bytearray(b"ab")
    result = bytesify(source)
    source[0] = ord("z")
    assert result == b"ab"


def test_bytesify_non_ascii_str_raises_unicode_encode_error() -> None:
    with pytest.raises(UnicodeEncodeError):
        bytesify("caf\xe9")


@pytest.mark.parametrize("value", [0, 1, 200, True, False])
def test_bytesify_int_raises_type_error(value: int) -> None:
    with pytest.raises(TypeError) as info:
        bytesify(value)
    assert str(info.value) == "expected bytes-like object, not int"


def test_bytesify_none_raises_the_bytes_constructor_type_error() -> None:
    with pytest.raises(TypeError) as expected:
        bytes(None)  # type: ignore[call-overload]
    with pytest.raises(TypeError) as info:
        bytesify(None)
    assert str(info.value) == str(expected.value)


def test_bytesify_uses_bytes_protocol_for_other_objects() -> None:
    class Custom:
        def __bytes__(self) -> bytes:
            return b"custom"

    assert bytesify(Custom()) == b"custom"


# --- §14.5 validate -------------------------------------------------------------------------


def test_validate_returns_groupdict_on_full_match() -> None:
    regex = re.compile(rb"(?P<name>[a-z]+)=(?P<value>[0-9]+)?")
    assert validate(regex, b"abc=12") == {"name": b"abc", "value": b"12"}
    assert validate(regex, b"abc=") == {"name": b"abc", "value": None}


def test_validate_without_groups_returns_empty_dict() -> None:
    assert validate(re.compile(rb"a+"), bytearray(b"aaa")) == {}


@pytest.mark.parametrize("data", [b"ab", b"ba", b"", b"b"])
def test_validate_requires_a_full_match_else_default_message(data: bytes) -> None:
    with pytest.raises(h11.LocalProtocolError) as info:
        validate(re.compile(rb"a"), data)
    assert str(info.value) == "malformed data"
    assert info.value.error_status_hint == 400


def test_validate_does_not_format_message_without_args() -> None:
    with pytest.raises(h11.LocalProtocolError) as info:
        validate(re.compile(rb"a"), b"b", "bad {} {!r}")
    assert str(info.value) == "bad {} {!r}"


def test_validate_formats_message_with_args() -> None:
    with pytest.raises(h11.LocalProtocolError) as info:
        validate(re.compile(rb"a"), b"b", "bad {} {!r}", 1, b"x")
    assert str(info.value) == "bad 1 b'x'"


def test_util_all_lists_exceptions_and_helpers() -> None:
    import h11._util

    assert set(h11._util.__all__) == {
        "ProtocolError",
        "LocalProtocolError",
        "RemoteProtocolError",
        "validate",
        "bytesify",
    }


# --- §14.5 Sentinel -------------------------------------------------------------------------


def test_sentinel_metaclass_makes_new_self_typed_sentinels() -> None:
    class MY_SENTINEL(Sentinel, metaclass=Sentinel):
        pass

    assert type(MY_SENTINEL) is MY_SENTINEL
    assert isinstance(MY_SENTINEL, MY_SENTINEL)
    assert issubclass(MY_SENTINEL, Sentinel)
    assert repr(MY_SENTINEL) == "MY_SENTINEL"
    assert copy.deepcopy(MY_SENTINEL) is MY_SENTINEL
    assert not isinstance(h11.CLIENT, MY_SENTINEL)
