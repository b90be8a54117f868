"""``Headers.get``, ``Headers.get_list`` and ``name in headers``.

Contract: issue 6 item 3 and the ``Headers`` docstrings. Names are ``str`` or ``bytes`` and
match case-insensitively; ``(name, value) in headers`` keeps the ``Sequence`` behaviour of
API.md §4.1; nothing else about the sequence changes.
"""

from __future__ import annotations

import tracemalloc
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import h11
from h11._headers import Headers, normalize_and_validate


def make(*pairs: tuple[str, str]) -> Headers:
    return normalize_and_validate(list(pairs))


HEADERS = make(
    ("Host", "example.com"),
    ("Accept", "text/html, application/json;q=0.9"),
    ("accept", "*/*"),
    ("Set-Cookie", "a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT"),
    ("Set-Cookie", "b=2"),
    ("If-None-Match", '"a,b", W/"c", "d\\",e"'),
    ("X-Empty", ""),
    ("Cache-Control", "no-cache,, , max-age=0"),
)


# --------------------------------------------------------------------------------------------
# get


@pytest.mark.parametrize("name", ["host", "Host", "HOST", b"host", b"hOsT"])
def test_get_finds_a_field_by_any_case_of_str_or_bytes(name: str | bytes) -> None:
    assert HEADERS.get(name) == b"example.com"


def test_get_returns_the_stored_value_itself_for_a_single_field() -> None:
    headers = make(("Host", "example.com"))
    assert headers.get("host") is headers._full_items[0][2]


def test_get_joins_repeated_fields_with_comma_space() -> None:
    assert HEADERS.get("accept") == b"text/html, application/json;q=0.9, */*"


def test_get_of_a_missing_field_is_the_default() -> None:
    assert HEADERS.get("missing") is None
    assert HEADERS.get(b"missing", b"fallback") == b"fallback"
    sentinel = object()
    assert HEADERS.get("missing", sentinel) is sentinel


def test_get_of_an_empty_field_is_empty_bytes_not_the_default() -> None:
    assert HEADERS.get("x-empty", b"default") == b""


def test_get_with_a_non_ascii_str_name_finds_nothing() -> None:
    assert HEADERS.get("hôst") is None
    assert HEADERS.get_list("hôst") == []
    assert "hôst" not in HEADERS


@pytest.mark.parametrize("name", [1, None, 1.5, ("host",)])
def test_get_with_a_name_that_is_not_str_or_bytes_is_a_type_error(name: Any) -> None:
    with pytest.raises(TypeError):
        HEADERS.get(name)
    with pytest.raises(TypeError):
        HEADERS.get_list(name)


def test_get_accepts_str_and_bytes_subclasses() -> None:
    class Name(str):
        pass

    class RawName(bytes):
        pass

    assert HEADERS.get(Name("HOST")) == b"example.com"
    assert HEADERS.get(RawName(b"HOST")) == b"example.com"
    assert Name("host") in HEADERS


def test_get_on_received_headers() -> None:
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(b"GET / HTTP/1.1\r\nHOST: a\r\nX-Multi: 1\r\nx-multi: 2\r\n\r\n")
    event = conn.next_event()
    assert isinstance(event, h11.Request)
    assert event.headers.get("Host") == b"a"
    assert event.headers.get("x-multi") == b"1, 2"
    assert event.headers.get_list("X-MULTI") == [b"1", b"2"]


# --------------------------------------------------------------------------------------------
# get_list


def test_get_list_splits_comma_lists_and_repeated_fields_in_order() -> None:
    assert HEADERS.get_list("Accept") == [b"text/html", b"application/json;q=0.9", b"*/*"]


def test_get_list_drops_empty_elements_and_strips_whitespace() -> None:
    assert HEADERS.get_list(b"cache-control") == [b"no-cache", b"max-age=0"]
    assert HEADERS.get_list("x-empty") == []


def test_get_list_keeps_commas_inside_quoted_strings() -> None:
    assert HEADERS.get_list("if-none-match") == [b'"a,b"', b'W/"c"', b'"d\\",e"']


def test_get_list_keeps_each_set_cookie_line_whole() -> None:
    assert HEADERS.get_list("set-cookie") == [
        b"a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT",
        b"b=2",
    ]


def test_get_list_keeps_the_case_of_values() -> None:
    headers = make(("Connection", "Keep-Alive, Upgrade"))
    assert headers.get_list("connection") == [b"Keep-Alive", b"Upgrade"]


def test_get_list_of_a_missing_field_is_empty() -> None:
    assert HEADERS.get_list("missing") == []


def test_get_list_with_an_unterminated_quote_keeps_the_rest_together() -> None:
    headers = make(("X", 'a, "b, c'))
    assert headers.get_list("x") == [b"a", b'"b, c']


# --------------------------------------------------------------------------------------------
# in


@pytest.mark.parametrize("name", ["host", "HOST", b"Host", "set-cookie", "x-empty"])
def test_name_in_headers_is_case_insensitive(name: str | bytes) -> None:
    assert name in HEADERS


@pytest.mark.parametrize("name", ["hos", "", b"missing", "host "])
def test_missing_name_is_not_in_headers(name: str | bytes) -> None:
    assert name not in HEADERS


def test_pairs_in_headers_keep_the_sequence_behaviour() -> None:
    # API.md §4.1: a (lowercased name, value) pair, compared as sequence elements are.
    assert (b"host", b"example.com") in HEADERS
    assert (b"Host", b"example.com") not in HEADERS  # pairs hold lowercased names
    assert ("host", "example.com") not in HEADERS  # str never equals bytes
    assert [b"host", b"example.com"] not in HEADERS  # a list is not a tuple
    assert 5 not in HEADERS
    assert None not in HEADERS


def test_sequence_behaviour_is_otherwise_unchanged() -> None:
    assert HEADERS.index((b"accept", b"*/*")) == 2
    assert HEADERS.count((b"set-cookie", b"b=2")) == 1
    assert HEADERS[0] == (b"host", b"example.com")
    assert len(HEADERS) == 8


def test_empty_headers() -> None:
    empty = Headers([])
    assert empty.get("host") is None
    assert empty.get_list("host") == []
    assert "host" not in empty


# --------------------------------------------------------------------------------------------
# Cost: O(n), and no allocation beyond the result


def test_lookups_allocate_nothing_once_the_name_is_known() -> None:
    headers = make(*[(f"X-{i}", f"v{i}") for i in range(50)], ("Host", "example.com"))
    headers.get("host")  # the first lookup of a name lowercases it once
    "HOST" in headers  # noqa: B015
    tracemalloc.start()
    try:
        before = tracemalloc.take_snapshot()
        for _ in range(100):
            headers.get("host")
            headers.get(b"missing")
            "HOST" in headers  # noqa: B015
        after = tracemalloc.take_snapshot()
    finally:
        tracemalloc.stop()
    grown = sum(
        stat.size_diff
        for stat in after.compare_to(before, "filename")
        if stat.traceback[0].filename.endswith("_headers.py")
    )
    assert grown <= 0


def reference_elements(value: bytes) -> list[bytes]:
    """RFC 9110 §5.6.1 list elements of one field line, the slow obvious way."""
    elements: list[bytes] = []
    current = b""
    quoted = escaped = False
    for char in (value[i : i + 1] for i in range(len(value))):
        if escaped:
            escaped = False
        elif quoted and char == b"\\":
            escaped = True
        elif char == b'"':
            quoted = not quoted
        elif char == b"," and not quoted:
            elements.append(current)
            current = b""
            continue
        current += char
    elements.append(current)
    return [element.strip(b" \t") for element in elements if element.strip(b" \t")]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["A", "a", "B", "Set-Cookie", "c-c"]),
            st.text(alphabet='ab ,"\\', max_size=8).map(str.strip),
        ),
        max_size=8,
    ),
    st.sampled_from(["a", "A", b"b", "set-cookie", "C-C", "zz"]),
)
def test_get_and_get_list_agree_with_a_plain_scan(pairs: list[tuple[str, str]], name: Any) -> None:
    headers = make(*pairs)
    wanted = (name if isinstance(name, bytes) else name.encode()).lower()
    values = [value for found, value in headers if found == wanted]
    assert (name in headers) == bool(values)
    assert headers.get(name) == (b", ".join(values) if values else None)
    if wanted == b"set-cookie":
        assert headers.get_list(name) == values
    else:
        assert headers.get_list(name) == [e for value in values for e in reference_elements(value)]
