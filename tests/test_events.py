"""Event classes (docs/api.rst "Events"): construction, conversion, validation order, dataclass.

Validation order: docs/design.rst, design-errors.
"""

from __future__ import annotations

import abc
import dataclasses
from http import HTTPStatus
from typing import Any

import pytest

import h11
from h11._headers import Headers

HOST = [("Host", "example.com")]

FIELD_ORDER = [
    (h11.Request, ("method", "headers", "target", "http_version")),
    (h11.InformationalResponse, ("headers", "http_version", "reason", "status_code")),
    (h11.Response, ("headers", "http_version", "reason", "status_code")),
    (h11.Data, ("data", "chunk_start", "chunk_end")),
    (h11.EndOfMessage, ("headers",)),
    (h11.ConnectionClosed, ()),
]
EVENT_CLASSES = [cls for cls, _ in FIELD_ORDER]


def sample_events() -> list[Any]:
    return [
        h11.Request(method="GET", target="/", headers=HOST),
        h11.InformationalResponse(status_code=100, headers=[]),
        h11.Response(status_code=200, headers=[]),
        h11.Data(data=b"abc"),
        h11.EndOfMessage(),
        h11.ConnectionClosed(),
    ]


def assert_lpe(build: Any, message: str) -> None:
    with pytest.raises(h11.LocalProtocolError) as info:
        build()
    assert str(info.value) == message
    assert info.value.error_status_hint == 400


# --- §5.1 class structure -------------------------------------------------------------------


def test_event_is_an_abc_with_empty_slots() -> None:
    assert issubclass(h11.Event, abc.ABC)
    assert h11.Event.__slots__ == ()


@pytest.mark.parametrize("cls", EVENT_CLASSES)
def test_every_event_class_derives_from_event(cls: type) -> None:
    assert issubclass(cls, h11.Event)


@pytest.mark.parametrize(("cls", "fields"), FIELD_ORDER)
def test_events_are_dataclasses_with_fixed_field_order(cls: type, fields: tuple[str, ...]) -> None:
    assert dataclasses.is_dataclass(cls)
    assert tuple(field.name for field in dataclasses.fields(cls)) == fields
    assert cls.__match_args__ == fields  # type: ignore[attr-defined]


@pytest.mark.parametrize("event", sample_events(), ids=lambda e: type(e).__name__)
def test_events_are_frozen(event: Any) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.headers = []
    with pytest.raises(AttributeError):
        event.data = b""
    for field in dataclasses.fields(event):
        with pytest.raises(dataclasses.FrozenInstanceError):
            delattr(event, field.name)


def test_frozen_instance_error_is_an_attribute_error() -> None:
    request = h11.Request(method="GET", target="/", headers=HOST)
    with pytest.raises(AttributeError):
        request.method = b"POST"  # type: ignore[misc]
    assert request.method == b"GET"


def test_dataclasses_replace_and_asdict_work() -> None:
    request = h11.Request(method="GET", target="/", headers=HOST)
    moved = dataclasses.replace(request, target=b"/other")
    assert moved == h11.Request(method="GET", target="/other", headers=HOST)
    as_dict = dataclasses.asdict(request)
    assert as_dict["method"] == b"GET"
    assert as_dict["target"] == b"/"
    assert as_dict["http_version"] == b"1.1"
    assert as_dict["headers"] == [(b"host", b"example.com")]


def test_events_support_positional_match_patterns() -> None:
    def describe(event: Any) -> str:
        match event:
            case h11.Request(method, _, target):
                return f"request {method!r} {target!r}"
            case h11.Response(_, _, reason, status_code):
                return f"response {status_code} {reason!r}"
            case h11.Data(data, chunk_start, chunk_end):
                return f"data {data!r} {chunk_start} {chunk_end}"
        return "other"

    assert describe(h11.Request(method="GET", target="/x", headers=HOST)) == "request b'GET' b'/x'"
    assert describe(h11.Response(status_code=404, headers=[], reason="NF")) == "response 404 b'NF'"
    assert describe(h11.Data(b"z", True, False)) == "data b'z' True False"


# --- repr -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (
            h11.Request(method="GET", target="/", headers=[("Host", "a")]),
            "Request(method=b'GET', headers=<Headers([(b'host', b'a')])>, target=b'/', "
            "http_version=b'1.1')",
        ),
        (
            h11.Response(status_code=200, headers=[], reason="OK"),
            "Response(headers=<Headers([])>, http_version=b'1.1', reason=b'OK', status_code=200)",
        ),
        (
            h11.InformationalResponse(status_code=101, headers=[("Upgrade", "h2c")]),
            "InformationalResponse(headers=<Headers([(b'upgrade', b'h2c')])>, "
            "http_version=b'1.1', reason=b'', status_code=101)",
        ),
        (h11.Data(data=b"abc"), "Data(data=b'abc', chunk_start=False, chunk_end=False)"),
        (h11.Data(b"x", True, False), "Data(data=b'x', chunk_start=True, chunk_end=False)"),
        (h11.EndOfMessage(), "EndOfMessage(headers=<Headers([])>)"),
        (
            h11.EndOfMessage(headers=[("Trailer-A", "1")]),
            "EndOfMessage(headers=<Headers([(b'trailer-a', b'1')])>)",
        ),
        (h11.ConnectionClosed(), "ConnectionClosed()"),
    ],
    ids=lambda value: value if isinstance(value, str) else type(value).__name__,
)
def test_event_repr(event: Any, expected: str) -> None:
    assert repr(event) == expected


# --- equality and hashing -------------------------------------------------------------------


def test_equality_ignores_input_types_and_raw_header_casing() -> None:
    a = h11.Request(method="GET", target="/", headers=[("Host", "a")])
    b = h11.Request(
        method=bytearray(b"GET"), target=memoryview(b"/"), headers=[(b"HOST", bytearray(b"a"))]
    )
    assert a.headers.raw_items() != b.headers.raw_items()
    assert a == b
    assert not a != b  # noqa: SIM202


def test_data_compares_equal_across_bytes_and_bytearray() -> None:
    assert h11.Data(data=b"a") == h11.Data(data=bytearray(b"a"))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (h11.Data(data=b"x"), h11.Data(data=b"x", chunk_start=True)),
        (h11.Data(data=b"x"), h11.Data(data=b"y")),
        (
            h11.Response(status_code=200, headers=[]),
            h11.Response(status_code=200, headers=[], reason="OK"),
        ),
        (
            h11.Request(method="GET", target="/", headers=HOST),
            h11.Request(method="GET", target="/", headers=HOST, http_version="1.0"),
        ),
        (h11.EndOfMessage(), h11.EndOfMessage(headers=[("a", "b")])),
    ],
)
def test_events_with_a_differing_field_are_unequal(a: Any, b: Any) -> None:
    assert a != b
    assert not a == b  # noqa: SIM201


def test_events_of_different_classes_are_never_equal() -> None:
    info = h11.InformationalResponse(status_code=101, headers=[])
    final = h11.Response(status_code=200, headers=[])
    assert info != final
    assert final != info
    assert h11.EndOfMessage() != h11.ConnectionClosed()
    events = sample_events()
    for i, a in enumerate(events):
        for j, b in enumerate(events):
            assert (a == b) is (i == j)


@pytest.mark.parametrize("event", sample_events(), ids=lambda e: type(e).__name__)
def test_events_compare_unequal_to_non_events(event: Any) -> None:
    assert event != 5
    assert event != None  # noqa: E711
    assert event != ()
    assert event != dataclasses.astuple(event)


@pytest.mark.parametrize("event", sample_events()[:5], ids=lambda e: type(e).__name__)
def test_events_other_than_connection_closed_are_unhashable(event: Any) -> None:
    with pytest.raises(TypeError) as info:
        hash(event)
    assert str(info.value) == f"unhashable type: '{type(event).__name__}'"


def test_connection_closed_is_hashable_and_all_instances_are_equal() -> None:
    a, b = h11.ConnectionClosed(), h11.ConnectionClosed()
    assert a == b
    assert hash(a) == hash(b)
    assert len({a, b}) == 1


def test_subclass_of_an_event_is_rejected_by_send() -> None:
    class MyData(h11.Data):
        pass

    client = h11.Connection(h11.CLIENT)
    client.send(h11.Request(method="POST", target="/", headers=[*HOST, ("Content-Length", "1")]))
    with pytest.raises(h11.LocalProtocolError) as info:
        client.send(MyData(data=b"x"))
    assert str(info.value) == "can't handle event type MyData when role=CLIENT and state=SEND_BODY"
    assert client.our_state is h11.ERROR


# --- conversion ("bytesify") ----------------------------------------------------------------


def test_bytes_fields_are_kept_as_the_same_object() -> None:
    method, target, version = b"GET", b"/x", b"1.1"
    request = h11.Request(method=method, target=target, headers=HOST, http_version=version)
    assert request.method is method
    assert request.target is target
    assert request.http_version is version


def test_str_bytearray_and_memoryview_fields_become_bytes() -> None:
    request = h11.Request(
        method="PUT", target=bytearray(b"/t"), headers=HOST, http_version=memoryview(b"1.1")
    )
    response = h11.Response(
        status_code=200, headers=[], reason=bytearray(b"OK"), http_version="1.1"
    )
    for value, expected in [
        (request.method, b"PUT"),
        (request.target, b"/t"),
        (request.http_version, b"1.1"),
        (response.reason, b"OK"),
        (response.http_version, b"1.1"),
    ]:
        assert type(value) is bytes
        assert value == expected


@pytest.mark.parametrize("field", ["method", "target", "http_version"])
@pytest.mark.parametrize("value", [1, True])
def test_int_request_field_raises_type_error(field: str, value: Any) -> None:
    kwargs: dict[str, Any] = {"method": "GET", "target": "/", "headers": HOST, field: value}
    with pytest.raises(TypeError) as info:
        h11.Request(**kwargs)
    assert str(info.value) == "expected bytes-like object, not int"


@pytest.mark.parametrize("field", ["reason", "http_version"])
def test_int_response_field_raises_type_error(field: str) -> None:
    kwargs: dict[str, Any] = {"status_code": 200, "headers": [], field: 7}
    with pytest.raises(TypeError) as info:
        h11.Response(**kwargs)
    assert str(info.value) == "expected bytes-like object, not int"


@pytest.mark.parametrize("field", ["method", "target", "http_version"])
def test_non_ascii_str_field_raises_unicode_encode_error(field: str) -> None:
    kwargs: dict[str, Any] = {"method": "GET", "target": "/", "headers": HOST, field: "\xe9"}
    with pytest.raises(UnicodeEncodeError):
        h11.Request(**kwargs)


def test_none_reason_raises_the_bytes_constructor_type_error() -> None:
    with pytest.raises(TypeError):
        h11.Response(status_code=200, headers=[], reason=None)


def test_status_code_int_enum_is_stored_as_plain_int() -> None:
    response = h11.Response(status_code=HTTPStatus.OK, headers=[])
    assert type(response.status_code) is int
    assert response.status_code == 200
    info = h11.InformationalResponse(status_code=HTTPStatus.CONTINUE, headers=[])
    assert type(info.status_code) is int
    assert repr(info).endswith("status_code=100)")


@pytest.mark.parametrize("status_code", ["200", 200.0, b"200", None])
def test_non_int_status_code_is_rejected(status_code: Any) -> None:
    assert_lpe(
        lambda: h11.Response(status_code=status_code, headers=[]), "status code must be integer"
    )
    assert_lpe(
        lambda: h11.InformationalResponse(status_code=status_code, headers=[]),
        "status code must be integer",
    )


def test_bool_status_code_counts_as_int_and_then_fails_the_range() -> None:
    assert_lpe(
        lambda: h11.InformationalResponse(status_code=True, headers=[]),
        "InformationalResponse status_code should be in range [100, 200), not 1",
    )


@pytest.mark.parametrize("status_code", [100, 101, 199])
def test_informational_response_accepts_1xx(status_code: int) -> None:
    assert (
        h11.InformationalResponse(status_code=status_code, headers=[]).status_code == status_code
    )


@pytest.mark.parametrize("status_code", [0, 99, 200, 404])
def test_informational_response_rejects_codes_outside_1xx(status_code: int) -> None:
    assert_lpe(
        lambda: h11.InformationalResponse(status_code=status_code, headers=[]),
        f"InformationalResponse status_code should be in range [100, 200), not {status_code}",
    )


@pytest.mark.parametrize("status_code", [200, 204, 599, 999])
def test_response_accepts_200_to_999(status_code: int) -> None:
    assert h11.Response(status_code=status_code, headers=[]).status_code == status_code


@pytest.mark.parametrize("status_code", [-1, 100, 199, 1000])
def test_response_rejects_codes_outside_200_to_999(status_code: int) -> None:
    assert_lpe(
        lambda: h11.Response(status_code=status_code, headers=[]),
        f"Response status_code should be in range [200, 1000), not {status_code}",
    )


# --- keyword-only constructors and defaults -------------------------------------------------


@pytest.mark.parametrize(
    ("cls", "args"),
    [
        (h11.Request, ("GET", HOST, "/")),
        (h11.InformationalResponse, ([], b"1.1", b"", 100)),
        (h11.Response, ([], b"1.1", b"", 200)),
        (h11.EndOfMessage, ([],)),
        (h11.ConnectionClosed, (1,)),
    ],
)
def test_constructors_other_than_data_reject_positional_arguments(
    cls: type, args: tuple[Any, ...]
) -> None:
    with pytest.raises(TypeError):
        cls(*args)


def test_data_accepts_positional_and_keyword_arguments() -> None:
    assert h11.Data(b"x") == h11.Data(data=b"x")
    assert h11.Data(b"x", True, False) == h11.Data(data=b"x", chunk_start=True, chunk_end=False)
    assert h11.Data(b"x", chunk_end=True).chunk_end is True


@pytest.mark.parametrize(
    "build",
    [
        lambda: h11.Request(method="GET", headers=HOST),
        lambda: h11.Request(target="/", headers=HOST),
        lambda: h11.Request(method="GET", target="/"),
        lambda: h11.Response(headers=[]),
        lambda: h11.Response(status_code=200),
        lambda: h11.InformationalResponse(headers=[]),
        h11.Data,
        lambda: h11.Request(method="GET", target="/", headers=HOST, bogus=1),
    ],
)
def test_missing_or_unknown_arguments_raise_type_error(build: Any) -> None:
    with pytest.raises(TypeError):
        build()


def test_defaults() -> None:
    request = h11.Request(method="GET", target="/", headers=HOST)
    assert request.http_version == b"1.1"
    response = h11.Response(status_code=200, headers=[])
    assert response.http_version == b"1.1"
    assert response.reason == b""
    info = h11.InformationalResponse(status_code=100, headers=[])
    assert info.http_version == b"1.1"
    assert info.reason == b""
    data = h11.Data(data=b"")
    assert data.chunk_start is False
    assert data.chunk_end is False
    end = h11.EndOfMessage()
    assert type(end.headers) is Headers
    assert end.headers == []


def test_data_fields_are_stored_exactly_as_given() -> None:
    payload = bytearray(b"abc")
    data = h11.Data(data=payload, chunk_start=1, chunk_end=0)
    assert data.data is payload
    assert data.chunk_start == 1
    assert data.chunk_end == 0
    marker = object()
    assert h11.Data(data=marker).data is marker


def test_http_version_is_not_validated_at_construction() -> None:
    request = h11.Request(method="GET", target="/", headers=HOST, http_version="foo")
    assert request.http_version == b"foo"


def test_headers_attribute_is_headers_for_every_head_event() -> None:
    for event in sample_events()[:3]:
        assert type(event.headers) is Headers


# --- _parsed keyword ------------------------------------------------------------------------


def test_parsed_keyword_is_accepted_by_head_and_trailer_events() -> None:
    request = h11.Request(
        method=b"GET", target=b"/", headers=[(b"Host", b"a")], http_version=b"1.1", _parsed=True
    )
    assert request == h11.Request(method="GET", target="/", headers=[("Host", "a")])
    assert request.headers.raw_items() == [(b"Host", b"a")]
    response = h11.Response(
        status_code=200, headers=[(b"X", b"y")], reason=b"OK", http_version=b"1.1", _parsed=True
    )
    assert response == h11.Response(status_code=200, headers=[("x", "y")], reason="OK")
    info = h11.InformationalResponse(
        status_code=100, headers=[], reason=b"", http_version=b"1.1", _parsed=True
    )
    assert info.status_code == 100
    end = h11.EndOfMessage(headers=[(b"T", b"1")], _parsed=True)
    assert end.headers == [(b"t", b"1")]
    assert h11.Request(method="GET", target="/", headers=HOST, _parsed=False).method == b"GET"


def test_parsed_events_still_get_content_length_host_and_range_checks() -> None:
    assert_lpe(
        lambda: h11.EndOfMessage(headers=[(b"Content-Length", b"1, 2")], _parsed=True),
        "conflicting Content-Length headers",
    )
    assert_lpe(
        lambda: h11.Request(method=b"GET", target=b"/", headers=[], _parsed=True),
        "Missing mandatory Host: header",
    )
    assert_lpe(
        lambda: h11.Response(status_code=99, headers=[], _parsed=True),
        "Response status_code should be in range [200, 1000), not 99",
    )
    headers = h11.Response(
        status_code=200, headers=[(b"Content-Length", b"5, 5")], _parsed=True
    ).headers
    assert headers.raw_items() == [(b"Content-Length", b"5")]


# --- §5.3 Request validation ----------------------------------------------------------------


def test_request_missing_host_on_http_1_1() -> None:
    assert_lpe(
        lambda: h11.Request(method="GET", target="/", headers=[("X", "y")]),
        "Missing mandatory Host: header",
    )


@pytest.mark.parametrize("version", ["1.0", "1.2", "2.0", "0.9"])
def test_request_without_host_is_fine_for_versions_other_than_1_1(version: str) -> None:
    request = h11.Request(method="GET", target="/", headers=[], http_version=version)
    assert request.http_version == version.encode()


@pytest.mark.parametrize("version", ["1.1", "1.0", "2.0"])
def test_request_multiple_host_headers_rejected_on_any_version(version: str) -> None:
    assert_lpe(
        lambda: h11.Request(
            method="GET", target="/", headers=[("Host", "a"), ("HOST", "a")], http_version=version
        ),
        "Found multiple Host: headers",
    )


def test_request_empty_host_is_accepted() -> None:
    request = h11.Request(method="GET", target="/", headers=[("Host", "")])
    assert request.headers == [(b"host", b"")]


def test_request_host_check_applies_to_headers_instances() -> None:
    assert_lpe(
        lambda: h11.Request(method="GET", target="/", headers=Headers([])),
        "Missing mandatory Host: header",
    )


@pytest.mark.parametrize("method", [b"GET", b"get", b"M-SEARCH", b"!#$%&'*+-.^_`|~09azAZ", b"X"])
def test_request_method_token_is_accepted_and_case_preserved(method: bytes) -> None:
    assert h11.Request(method=method, target="/", headers=HOST).method == method


@pytest.mark.parametrize(
    "method", [b"", b"G T", b"GET ", b"GE(T", b"G\x00", b"G\x7f", b"\xc3\xa9"]
)
def test_request_illegal_method_is_rejected(method: bytes) -> None:
    assert_lpe(
        lambda: h11.Request(method=method, target="/", headers=HOST), "Illegal method characters"
    )


@pytest.mark.parametrize(
    "target", [b"/", b"*", b"!", b"http://a/b?c#d", b"a:1", bytes(range(0x21, 0x7F))]
)
def test_request_target_of_visible_ascii_is_accepted(target: bytes) -> None:
    assert h11.Request(method="GET", target=target, headers=HOST).target == target


@pytest.mark.parametrize("target", [b"", b"/ x", b"/\t", b"/\x00", b"/\x7f", b"/\x80", b"/\r\n"])
def test_request_illegal_target_is_rejected(target: bytes) -> None:
    assert_lpe(
        lambda: h11.Request(method="GET", target=target, headers=HOST), "Illegal target characters"
    )


def test_request_validation_order() -> None:
    # 1. headers beat every other check.
    assert_lpe(
        lambda: h11.Request(method="G T", target="/ x", headers=[("Host ", "a")]),
        "Illegal header name b'Host '",
    )
    with pytest.raises(h11.LocalProtocolError):
        h11.Request(method=1, target=1, headers=[("Host ", "a")])
    # 2. conversion beats Host/method/target checks; method before target before version.
    with pytest.raises(TypeError):
        h11.Request(method="G T", target=1, headers=[])
    with pytest.raises(UnicodeEncodeError):
        h11.Request(method="\xe9", target=1, headers=HOST)
    with pytest.raises(UnicodeEncodeError):
        h11.Request(method="GET", target="\xe9", http_version=1, headers=HOST)
    with pytest.raises(TypeError):
        h11.Request(method="GET", target="/", http_version=1, headers=[])
    # 3. Host beats method and target.
    assert_lpe(
        lambda: h11.Request(method="G T", target="/ x", headers=[]),
        "Missing mandatory Host: header",
    )
    assert_lpe(
        lambda: h11.Request(method="G T", target="/ x", headers=[("Host", "a"), ("Host", "b")]),
        "Found multiple Host: headers",
    )
    # 4. method beats target.
    assert_lpe(
        lambda: h11.Request(method="G T", target="/ x", headers=HOST), "Illegal method characters"
    )


def test_response_validation_order() -> None:
    # 1. headers; 2. reason then http_version conversion; 3. status type; 4. range.
    assert_lpe(
        lambda: h11.Response(status_code="200", headers=[("a ", "b")]), "Illegal header name b'a '"
    )
    with pytest.raises(UnicodeEncodeError):
        h11.Response(status_code="200", headers=[], reason="\xe9", http_version=1)
    with pytest.raises(TypeError):
        h11.Response(status_code="200", headers=[], reason=1)
    with pytest.raises(TypeError):
        h11.InformationalResponse(status_code="100", headers=[], http_version=1)


def test_response_host_headers_are_not_checked() -> None:
    response = h11.Response(status_code=200, headers=[("Host", "a"), ("Host", "b")])
    assert response.headers == [(b"host", b"a"), (b"host", b"b")]


def test_data_is_not_validated() -> None:
    assert h11.Data(data=None).data is None  # type: ignore[arg-type]
    assert h11.Data(data=1).data == 1  # type: ignore[arg-type]


def test_end_of_message_validates_trailers() -> None:
    with pytest.raises(h11.LocalProtocolError) as info:
        h11.EndOfMessage(headers=[("Transfer-Encoding", "gzip")])
    assert str(info.value) == "Only Transfer-Encoding: chunked is supported"
    assert info.value.error_status_hint == 501


# --- Q3: reason phrase validation -----------------------------------------------------------


@pytest.mark.parametrize(
    "reason",
    [
        b"",
        b"OK",
        b"Not Found",
        b" lead and trail ",
        b"\ttab\t",
        b"obs \x80\xff",
        bytes(range(0x21, 0x7F)),
    ],
)
@pytest.mark.parametrize("cls", [h11.InformationalResponse, h11.Response])
def test_reason_of_htab_sp_vchar_obs_text_is_accepted(cls: type, reason: bytes) -> None:
    status_code = 100 if cls is h11.InformationalResponse else 200
    assert cls(status_code=status_code, headers=[], reason=reason).reason == reason


@pytest.mark.parametrize(
    "reason",
    [
        b"a\r\nb",
        b"OK\r\nX-Injected: 1",
        b"\n",
        b"\r",
        b"\x00",
        b"a\x01",
        b"\x0b",
        b"\x1f",
        b"\x7f",
    ],
)
@pytest.mark.parametrize("cls", [h11.InformationalResponse, h11.Response])
def test_reason_with_control_characters_is_rejected(cls: type, reason: bytes) -> None:
    status_code = 100 if cls is h11.InformationalResponse else 200
    assert_lpe(
        lambda: cls(status_code=status_code, headers=[], reason=reason),
        f"Illegal reason phrase {reason!r}",
    )


def test_str_reason_with_crlf_is_rejected_showing_the_bytes() -> None:
    assert_lpe(
        lambda: h11.Response(status_code=200, headers=[], reason="OK\r\nSet-Cookie: x"),
        "Illegal reason phrase b'OK\\r\\nSet-Cookie: x'",
    )


def test_received_reason_keeps_the_wider_parsing_rule() -> None:
    client = h11.Connection(h11.CLIENT)
    client.send(h11.Request(method="GET", target="/", headers=HOST))
    client.send(h11.EndOfMessage())
    client.receive_data(b"HTTP/1.1 200 a\x01b\x7f \r\nContent-Length: 0\r\n\r\n")
    response = client.next_event()
    assert type(response) is h11.Response
    assert response.reason == b"a\x01b\x7f "


# --- Object model as in h11 0.16 (weak references, __dict__, __slots__, subclasses) ---------

# Which events carry a per-instance __dict__ and a __weakref__ slot in h11 0.16: the two
# response classes and ConnectionClosed, not the others.
HAS_DICT = {
    h11.Request: False,
    h11.InformationalResponse: True,
    h11.Response: True,
    h11.Data: False,
    h11.EndOfMessage: False,
    h11.ConnectionClosed: True,
}


def parsed_events() -> list[Any]:
    """Events as the parser builds them: a request with a chunked body and trailers, then a
    100 Continue and a response with a body, each of the six classes at least once."""
    server = h11.Connection(h11.SERVER)
    server.receive_data(
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"1\r\nx\r\n0\r\nA: b\r\n\r\n"
    )
    events = [server.next_event() for _ in range(3)]
    client = h11.Connection(h11.CLIENT)
    client.send(h11.Request(method="GET", target="/", headers=HOST))
    client.send(h11.EndOfMessage())
    client.receive_data(
        b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx"
    )
    events += [client.next_event() for _ in range(4)]
    client.receive_data(b"")
    events.append(client.next_event())
    return events


@pytest.mark.parametrize("source", ["constructed", "parsed"])
def test_weakref_and_vars_as_in_h11_016(source: str) -> None:
    import weakref

    events = sample_events() if source == "constructed" else parsed_events()
    assert {type(event) for event in events} == set(HAS_DICT)
    for event in events:
        if HAS_DICT[type(event)]:
            assert weakref.ref(event)() is event
            assert vars(event) == {}
        else:
            with pytest.raises(TypeError):
                weakref.ref(event)
            with pytest.raises(TypeError):
                vars(event)
        # Frozen either way: no field can be assigned.
        with pytest.raises(dataclasses.FrozenInstanceError):
            event.anything = 1


@pytest.mark.parametrize(("cls", "fields"), FIELD_ORDER)
def test_slots_as_in_h11_016(cls: type, fields: tuple[str, ...]) -> None:
    # The responses declare none of their own (hence their __dict__): _ResponseBase's show.
    assert cls.__slots__ == fields
    assert ("__slots__" in vars(cls)) is (not HAS_DICT[cls])


def test_subclasses_list_only_the_public_classes() -> None:
    parsed_events()  # the parser's own classes, if any, exist by now
    response_base = h11.Response.__mro__[1]
    assert h11.Event.__subclasses__() == [
        h11.Request,
        response_base,
        h11.Data,
        h11.EndOfMessage,
        h11.ConnectionClosed,
    ]
    assert response_base.__subclasses__() == [h11.InformationalResponse, h11.Response]
    for cls in EVENT_CLASSES:
        assert cls.__subclasses__() == []
    for event in parsed_events():
        assert type(event) in EVENT_CLASSES
        assert type(event).__mro__[-3:] == (h11.Event, abc.ABC, object)


def test_parsed_events_equal_constructed_ones_and_have_the_same_memory_size() -> None:
    import sys

    parsed = parsed_events()
    built = [
        h11.Request(method=b"POST", target=b"/", headers=parsed[0].headers),
        h11.Data(data=b"x", chunk_start=True, chunk_end=True),
        h11.EndOfMessage(headers=[(b"A", b"b")]),
        h11.InformationalResponse(status_code=100, headers=[], reason=b"Continue"),
        h11.Response(status_code=200, headers=parsed[4].headers, reason=b"OK"),
        h11.Data(data=b"x"),
        h11.EndOfMessage(),
        h11.ConnectionClosed(),
    ]
    assert parsed == built
    for a, b in zip(parsed, built, strict=True):
        assert type(a) is type(b)
        assert sys.getsizeof(a) == sys.getsizeof(b)
