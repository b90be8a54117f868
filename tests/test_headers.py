"""The ``Headers`` type and header normalisation (docs/api.rst, headers; RFC 9110 §5, §8.6).

User-supplied headers are normalised by every event constructor; ``EndOfMessage`` (trailers)
is used as the neutral carrier because it adds no checks of its own (no Host rules).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import h11
from h11 import _events, _headers
from h11._headers import Headers, get_comma_header


def normalized(headers: Any) -> Headers:
    return h11.EndOfMessage(headers=headers).headers


def sample() -> Headers:
    return normalized([("Foo", "bar"), ("HOST", "x"), ("foo", "baz")])


def assert_lpe(headers: Any, message: str, hint: int = 400) -> None:
    with pytest.raises(h11.LocalProtocolError) as info:
        normalized(headers)
    assert str(info.value) == message
    assert info.value.error_status_hint == hint


# --- §4.1 the Headers type ------------------------------------------------------------------


def test_headers_is_a_sequence() -> None:
    assert isinstance(sample(), Sequence)


def test_headers_len_bool_and_int_indexing() -> None:
    headers = sample()
    assert len(headers) == 3
    assert bool(headers) is True
    assert headers[0] == (b"foo", b"bar")
    assert headers[1] == (b"host", b"x")
    assert headers[-1] == (b"foo", b"baz")
    with pytest.raises(IndexError):
        headers[3]


def test_headers_iteration_yields_lowercased_bytes_tuples() -> None:
    items = list(sample())
    assert items == [(b"foo", b"bar"), (b"host", b"x"), (b"foo", b"baz")]
    for item in items:
        assert type(item) is tuple
        assert type(item[0]) is bytes
        assert type(item[1]) is bytes


def test_headers_sequence_mixins_work() -> None:
    headers = sample()
    assert headers.index((b"host", b"x")) == 1
    assert headers.count((b"foo", b"bar")) == 1
    assert (b"foo", b"baz") in headers
    assert (b"Foo", b"bar") not in headers
    assert list(reversed(headers)) == [(b"foo", b"baz"), (b"host", b"x"), (b"foo", b"bar")]


def test_headers_slicing_returns_list_of_pairs() -> None:
    # Q10 fix: 0.16 raised ValueError from tuple unpacking.
    headers = sample()
    assert headers[0:2] == [(b"foo", b"bar"), (b"host", b"x")]
    assert type(headers[0:2]) is list
    assert headers[::-1] == [(b"foo", b"baz"), (b"host", b"x"), (b"foo", b"bar")]
    assert headers[5:] == []


def test_raw_items_keeps_original_casing_and_is_a_new_list() -> None:
    headers = sample()
    raw = headers.raw_items()
    assert raw == [(b"Foo", b"bar"), (b"HOST", b"x"), (b"foo", b"baz")]
    assert type(raw) is list
    raw.clear()
    assert headers.raw_items() == [(b"Foo", b"bar"), (b"HOST", b"x"), (b"foo", b"baz")]
    assert headers.raw_items() is not headers.raw_items()


def test_headers_equal_lists_and_tuples_of_pairs() -> None:
    headers = sample()
    expected = [(b"foo", b"bar"), (b"host", b"x"), (b"foo", b"baz")]
    assert headers == expected
    assert headers == tuple(expected)
    assert not headers != expected  # noqa: SIM202
    assert headers != expected[:2]
    assert headers != [(b"foo", b"bar"), (b"host", b"x"), (b"foo", b"BAZ")]
    assert headers != list(reversed(expected))


def test_headers_equality_ignores_raw_casing() -> None:
    a = normalized([("Content-Type", "text/plain")])
    b = normalized([("CONTENT-TYPE", "text/plain")])
    assert a.raw_items() != b.raw_items()
    assert a == b


def test_headers_compare_unequal_to_non_sequences() -> None:
    # Q10 fix: 0.16 raised TypeError for non-iterables.
    headers = sample()
    assert (headers == 5) is False
    assert (headers != 5) is True
    assert (headers == None) is False  # noqa: E711
    assert (Headers([]) == object()) is False


def test_headers_are_unhashable() -> None:
    with pytest.raises(TypeError):
        hash(sample())


def test_headers_repr() -> None:
    assert repr(normalized([("Host", "a")])) == "<Headers([(b'host', b'a')])>"
    assert repr(Headers([])) == "<Headers([])>"


def test_headers_constructor_stores_full_items_without_copying() -> None:
    full_items = [(b"X-Thing", b"x-thing", b"\x00not validated")]
    headers = Headers(full_items)
    assert headers._full_items is full_items
    assert list(headers) == [(b"x-thing", b"\x00not validated")]
    assert headers.raw_items() == [(b"X-Thing", b"\x00not validated")]
    assert not hasattr(headers, "__dict__")


def test_empty_headers() -> None:
    empty = Headers([])
    assert len(empty) == 0
    assert bool(empty) is False
    assert empty == []
    assert list(empty) == []
    assert empty.raw_items() == []


# --- §4.2 normalisation ---------------------------------------------------------------------


def test_headers_accept_any_iterable_of_pairs() -> None:
    def gen() -> Iterator[tuple[str, str]]:
        yield ("a", "1")
        yield ("b", "2")

    expected = [(b"a", b"1"), (b"b", b"2")]
    assert normalized([("a", "1"), ("b", "2")]) == expected
    assert normalized((("a", "1"), ("b", "2"))) == expected
    assert normalized([["a", "1"], ["b", "2"]]) == expected
    assert normalized(gen()) == expected


@pytest.mark.parametrize("item", [("a",), ("a", "b", "c"), ()])
def test_header_item_of_wrong_arity_raises_value_error(item: tuple[str, ...]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011
        normalized([item])


def test_header_names_and_values_are_converted_to_bytes() -> None:
    headers = normalized(
        [
            ("str-name", "str value"),
            (b"Bytes-Name", b"bytes value"),
            (bytearray(b"Ba"), bytearray(b"v1")),
            (memoryview(b"Mv"), memoryview(b"v2")),
        ]
    )
    assert headers.raw_items() == [
        (b"str-name", b"str value"),
        (b"Bytes-Name", b"bytes value"),
        (b"Ba", b"v1"),
        (b"Mv", b"v2"),
    ]
    for name, value in headers.raw_items():
        assert type(name) is bytes
        assert type(value) is bytes


@pytest.mark.parametrize("pair", [("x", 1), (1, "x"), ("x", True)])
def test_int_header_name_or_value_raises_type_error(pair: tuple[Any, Any]) -> None:
    with pytest.raises(TypeError) as info:
        normalized([pair])
    assert str(info.value) == "expected bytes-like object, not int"


@pytest.mark.parametrize("pair", [("caf\xe9", "x"), ("x", "caf\xe9")])
def test_non_ascii_str_header_raises_unicode_encode_error(pair: tuple[str, str]) -> None:
    with pytest.raises(UnicodeEncodeError):
        normalized([pair])


def test_every_token_character_is_accepted_in_a_header_name() -> None:
    name = b"!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    headers = normalized([(name, b"v")])
    assert headers.raw_items() == [(name, b"v")]
    assert list(headers) == [(name.lower(), b"v")]


@pytest.mark.parametrize(
    "name",
    [b"", b"Host ", b" Host", b"a b", b"a:b", b"a\tb", b"(x)", b"a/b", b"a\x00", b"\x80", b"\x7f"],
)
def test_illegal_header_name_is_rejected(name: bytes) -> None:
    assert_lpe([(name, b"v")], f"Illegal header name {name!r}")


@pytest.mark.parametrize(
    "value",
    [
        b"",
        b"a",
        b"a b",
        b"a \t  \tb",
        b'a,b ; c="d"',
        b"\x01",
        b"a\x08b",
        b"a\x0eb\x1f",
        b"\x7f",
        b"\x80\xff",
        b"caf\xc3\xa9",
    ],
)
def test_legal_header_value_is_kept_verbatim(value: bytes) -> None:
    assert normalized([("x", value)]) == [(b"x", value)]


@pytest.mark.parametrize(
    "value",
    [
        b" ",
        b"\t",
        b" a",
        b"\ta",
        b"a ",
        b"a\t",
        b"a\x00b",
        b"\x00",
        b"a\nb",
        b"a\rb",
        b"a\r\nb",
        b"a\x0bb",
        b"a\x0cb",
    ],
)
def test_illegal_header_value_is_rejected(value: bytes) -> None:
    assert_lpe([("x", value)], f"Illegal header value {value!r}")


def test_header_name_is_checked_before_its_value() -> None:
    assert_lpe([("a b", "\x00")], "Illegal header name b'a b'")


def test_header_pairs_are_checked_in_order() -> None:
    assert_lpe([("ok", "\x00"), ("a b", "x")], "Illegal header value b'\\x00'")
    assert_lpe([("a b", "x"), ("ok", "\x00")], "Illegal header name b'a b'")


def test_other_headers_keep_duplicates_order_and_values() -> None:
    headers = normalized(
        [("X-A", "1"), ("Connection", "Keep-Alive"), ("x-a", "2"), ("Host", "Mixed.Case")]
    )
    assert headers.raw_items() == [
        (b"X-A", b"1"),
        (b"Connection", b"Keep-Alive"),
        (b"x-a", b"2"),
        (b"Host", b"Mixed.Case"),
    ]
    assert list(headers) == [
        (b"x-a", b"1"),
        (b"connection", b"Keep-Alive"),
        (b"x-a", b"2"),
        (b"host", b"Mixed.Case"),
    ]


def test_headers_instance_is_used_as_is_without_validation() -> None:
    headers = Headers(
        [
            (b"Bad Name", b"bad name", b"\x00"),
            (b"Transfer-Encoding", b"transfer-encoding", b"gzip"),
            (b"Content-Length", b"content-length", b"1, 2"),
        ]
    )
    assert h11.EndOfMessage(headers=headers).headers is headers
    assert h11.Response(status_code=200, headers=headers).headers is headers


def test_end_of_message_headers_none_means_empty() -> None:
    assert h11.EndOfMessage(headers=None).headers == []
    assert type(h11.EndOfMessage(headers=None).headers) is Headers


# --- §4.3 Content-Length --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("0", b"0"),
        ("5", b"5"),
        ("5, 5", b"5"),
        ("5,5 ,5", b"5"),
        ("0 , 0", b"0"),
        ("007", b"007"),
        ("00000000000000000003", b"00000000000000000003"),
        ("99999999999999999999", b"99999999999999999999"),
    ],
)
def test_content_length_is_normalised_to_a_single_value(value: str, stored: bytes) -> None:
    headers = normalized([("Content-Length", value)])
    assert headers.raw_items() == [(b"Content-Length", stored)]
    assert list(headers) == [(b"content-length", stored)]


@pytest.mark.parametrize("value", ["1, 2", "5,", ",5", "5,,5", "5, 6, 5"])
def test_content_length_list_with_several_values_conflicts(value: str) -> None:
    assert_lpe([("Content-Length", value)], "conflicting Content-Length headers")


@pytest.mark.parametrize(
    "value",
    ["-3", "+3", "", "0x1", "1_0", "1.0", "1 0", "abc", "\xb3".encode("latin-1"), "1" * 21],
)
def test_bad_content_length_is_rejected(value: str | bytes) -> None:
    assert_lpe([("Content-Length", value)], "bad Content-Length")


def test_content_length_with_21_leading_zero_digits_is_rejected() -> None:
    assert_lpe([("Content-Length", "0" * 20 + "1")], "bad Content-Length")


def test_duplicate_equal_content_length_keeps_first_occurrence() -> None:
    headers = normalized(
        [("Content-Length", "5"), ("X", "y"), ("content-length", "5"), ("CONTENT-LENGTH", "5, 5")]
    )
    assert headers.raw_items() == [(b"Content-Length", b"5"), (b"X", b"y")]


@pytest.mark.parametrize("second", ["6", "05", "5, 6"])
def test_duplicate_different_content_length_conflicts(second: str) -> None:
    assert_lpe(
        [("Content-Length", "5"), ("Content-Length", second)],
        "conflicting Content-Length headers",
    )


# --- §4.3 Transfer-Encoding -----------------------------------------------------------------


@pytest.mark.parametrize("value", ["chunked", "CHUNKED", "Chunked", "cHuNkEd"])
def test_transfer_encoding_chunked_is_stored_lowercase(value: str) -> None:
    headers = normalized([("Transfer-ENCODING", value)])
    assert headers.raw_items() == [(b"Transfer-ENCODING", b"chunked")]
    assert list(headers) == [(b"transfer-encoding", b"chunked")]


@pytest.mark.parametrize(
    "value", ["gzip", "gzip, chunked", "chunked, chunked", "identity", "", "chunked ,", "chunk"]
)
def test_unsupported_transfer_encoding_is_rejected_with_501(value: str) -> None:
    assert_lpe([("Transfer-Encoding", value)], "Only Transfer-Encoding: chunked is supported", 501)


def test_second_transfer_encoding_header_is_rejected_with_501() -> None:
    assert_lpe(
        [("Transfer-Encoding", "chunked"), ("X", "y"), ("transfer-encoding", "chunked")],
        "multiple Transfer-Encoding headers",
        501,
    )


def test_content_length_and_transfer_encoding_may_coexist_at_construction() -> None:
    headers = normalized([("Content-Length", "5"), ("Transfer-Encoding", "chunked")])
    assert headers == [(b"content-length", b"5"), (b"transfer-encoding", b"chunked")]


# --- §4.4 get_comma_header ------------------------------------------------------------------


def test_get_comma_header_lowercases_splits_strips_and_drops_empty_pieces() -> None:
    headers = normalized([("Connection", "close"), ("connectiON", "fOo,, , BAR")])
    assert get_comma_header(headers, b"connection") == [b"close", b"foo", b"bar"]


def test_get_comma_header_collects_across_headers_in_order() -> None:
    headers = normalized(
        [("Upgrade", "WebSocket"), ("X", "a, b"), ("upgrade", "h2c,\tfoo\t, ,"), ("Upgrade", ",")]
    )
    assert get_comma_header(headers, b"upgrade") == [b"websocket", b"h2c", b"foo"]
    assert get_comma_header(headers, b"x") == [b"a", b"b"]


def test_get_comma_header_matches_the_whole_lowercased_name_only() -> None:
    headers = normalized([("Connection-Extra", "close"), ("X-Connection", "close")])
    assert get_comma_header(headers, b"connection") == []
    assert get_comma_header(normalized([("Connection", "close")]), b"Connection") == []


def test_get_comma_header_missing_name_gives_empty_list() -> None:
    assert get_comma_header(Headers([]), b"connection") == []


def test_get_comma_header_reads_parsed_headers() -> None:
    server = h11.Connection(h11.SERVER)
    server.receive_data(
        b"GET / HTTP/1.1\r\nHost: a\r\nExpect: foo, 100-CONTINUE\r\nExpect: \r\n\r\n"
    )
    request = server.next_event()
    assert type(request) is h11.Request
    assert get_comma_header(request.headers, b"expect") == [b"foo", b"100-continue"]


# --- module layering ------------------------------------------------------------------------


def imported_modules(module: ModuleType) -> set[str]:
    """Every module name ``module``'s source imports, relative ones as written (``_events``)."""
    assert module.__file__ is not None
    names: set[str] = set()
    for node in ast.walk(ast.parse(Path(module.__file__).read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            names.add(base)
            names.update(f"{base}.{alias.name}".lstrip(".") for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_headers_module_never_imports_the_events_module() -> None:
    """``_events`` is built on ``_headers``; an import back (even for an annotation) is a cycle."""
    assert "_headers" in imported_modules(_events)
    assert not {name for name in imported_modules(_headers) if "_events" in name}
