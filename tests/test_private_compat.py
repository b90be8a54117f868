"""Private modules used by third-party code (docs/design.rst, design-private-imports).

These pin what known callers do with h11's internals: mitmproxy drives ``ReceiveBuffer`` and
the body readers with its own head parser; scrapers and fuzzers patch the header normaliser;
tests elsewhere reach for the writers and the framing helpers.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

import h11
from h11 import _abnf, _events, _headers, _writers
from h11._connection import _body_framing, _keep_alive
from h11._headers import (
    CONTENT_LENGTH_MAX_DIGITS,
    Headers,
    has_expect_100_continue,
    normalize_and_validate,
    set_comma_header,
)
from h11._readers import ChunkedReader, ContentLengthReader, Http10Reader
from h11._receivebuffer import ReceiveBuffer

HOST = [("Host", "a")]


def buffer_of(data: bytes) -> ReceiveBuffer:
    buf = ReceiveBuffer()
    buf += data
    return buf


def reprs_of(data: bytes) -> set[str]:
    """Accept either repr of the offending bytes in a message (bytes or bytearray)."""
    return {repr(data), repr(bytearray(data))}


# --- §14.1 ReceiveBuffer --------------------------------------------------------------------


def test_receive_buffer_starts_empty() -> None:
    buf = ReceiveBuffer()
    assert len(buf) == 0
    assert bool(buf) is False
    assert bytes(buf) == b""


def test_receive_buffer_iadd_appends_bytes_likes_and_returns_itself() -> None:
    buf = ReceiveBuffer()
    same = buf
    buf += b"ab"
    assert buf is same
    buf += bytearray(b"cd")
    buf += memoryview(b"ef")
    assert len(buf) == 6
    assert bool(buf) is True
    assert bytes(buf) == b"abcdef"


def test_receive_buffer_bytes_is_a_copy() -> None:
    buf = buffer_of(b"abc")
    snapshot = bytes(buf)
    buf += b"d"
    assert snapshot == b"abc"
    assert bytes(buf) == b"abcd"


def test_maybe_extract_at_most() -> None:
    assert ReceiveBuffer().maybe_extract_at_most(3) is None
    buf = buffer_of(b"abcdef")
    chunk = buf.maybe_extract_at_most(4)
    assert type(chunk) is bytearray
    assert chunk == b"abcd"
    assert bytes(buf) == b"ef"
    assert buf.maybe_extract_at_most(100) == b"ef"
    assert len(buf) == 0
    assert buf.maybe_extract_at_most(1) is None


def test_maybe_extract_next_line_needs_crlf() -> None:
    buf = buffer_of(b"abc\n")
    assert buf.maybe_extract_next_line() is None
    assert bytes(buf) == b"abc\n"
    buf += b"def\r"
    assert buf.maybe_extract_next_line() is None
    buf += b"\nrest"
    line = buf.maybe_extract_next_line()
    assert type(line) is bytearray
    assert line == b"abc\ndef\r\n"
    assert bytes(buf) == b"rest"


def test_maybe_extract_next_line_takes_one_line_at_a_time() -> None:
    buf = buffer_of(b"1a\r\n\r\nx")
    assert buf.maybe_extract_next_line() == b"1a\r\n"
    assert buf.maybe_extract_next_line() == b"\r\n"
    assert buf.maybe_extract_next_line() is None
    assert bytes(buf) == b"x"
    assert ReceiveBuffer().maybe_extract_next_line() is None


@pytest.mark.parametrize("data", [b"\r\nGET", b"\nGET"])
def test_maybe_extract_lines_on_leading_blank_line_returns_empty_list(data: bytes) -> None:
    buf = buffer_of(data)
    assert buf.maybe_extract_lines() == []
    assert bytes(buf) == b"GET"


def test_maybe_extract_lines_waits_for_the_blank_line() -> None:
    assert ReceiveBuffer().maybe_extract_lines() is None
    buf = buffer_of(b"GET / HTTP/1.1\r\nHost: a\r\n")
    assert buf.maybe_extract_lines() is None
    assert bytes(buf) == b"GET / HTTP/1.1\r\nHost: a\r\n"
    buf += b"X: y\nZ: \r\n\r\nrest"
    lines = buf.maybe_extract_lines()
    assert lines == [b"GET / HTTP/1.1", b"Host: a", b"X: y", b"Z: "]
    assert lines is not None
    assert all(type(line) is bytearray for line in lines)
    assert bytes(buf) == b"rest"


@pytest.mark.parametrize(
    ("data", "lines", "rest"),
    [
        (b"a\n\nb", [b"a"], b"b"),
        (b"a\r\n\r\n", [b"a"], b""),
        (b"a\n\r\nb\r\n\r\n", [b"a"], b"b\r\n\r\n"),
        (b"a\r\nb\n\n", [b"a", b"b"], b""),
        (b"a\rb\r\n\r\n", [b"a\rb"], b""),
        (b"a\r\r\n\r\n", [b"a\r"], b""),
        (b"X: y\r\r\nZ: \r\r\n\r\n", [b"X: y\r", b"Z: \r"], b""),
    ],
)
def test_maybe_extract_lines_line_endings(data: bytes, lines: list[bytes], rest: bytes) -> None:
    buf = buffer_of(data)
    assert buf.maybe_extract_lines() == lines
    assert bytes(buf) == rest


def test_maybe_extract_lines_handles_terminator_split_across_appends() -> None:
    buf = ReceiveBuffer()
    for byte in b"Host: a\r\n\r":
        buf += bytes([byte])
        assert buf.maybe_extract_lines() is None
    buf += b"\n"
    assert buf.maybe_extract_lines() == [b"Host: a"]


@pytest.mark.parametrize(
    ("data", "invalid"),
    [
        (b"", False),
        (b"G", False),
        (b"!", False),
        (b"\x7f", False),
        (b" ", True),
        (b"\t", True),
        (b"\x00", True),
        (b"\x16\x03\x01", True),
        (b"\r", True),
        (b"\n", True),
        (b"\x20GET", True),
    ],
)
def test_is_next_line_obviously_invalid_request_line(data: bytes, invalid: bool) -> None:
    assert buffer_of(data).is_next_line_obviously_invalid_request_line() is invalid


# --- §14.2 body readers, driven directly --------------------------------------------------


def read_all(reader: Any, buf: ReceiveBuffer) -> list[Any]:
    out = []
    while True:
        event = reader(buf)
        if event is None:
            return out
        out.append(event)
        if type(event) is h11.EndOfMessage:
            return out


def test_content_length_reader_splits_and_stops_at_the_length() -> None:
    reader = ContentLengthReader(5)
    buf = ReceiveBuffer()
    assert reader(buf) is None
    buf += b"ab"
    assert reader(buf) == h11.Data(data=b"ab")
    assert reader(buf) is None
    buf += b"cdefg"
    assert reader(buf) == h11.Data(data=b"cde")
    assert reader(buf) == h11.EndOfMessage()
    assert bytes(buf) == b"fg"


def test_content_length_reader_of_zero_ends_immediately() -> None:
    buf = buffer_of(b"next")
    assert ContentLengthReader(0)(buf) == h11.EndOfMessage()
    assert bytes(buf) == b"next"


@pytest.mark.parametrize(("length", "sent"), [(5, b"ab"), (3, b"")])
def test_content_length_reader_eof_reports_received_and_expected(length: int, sent: bytes) -> None:
    reader = ContentLengthReader(length)
    buf = buffer_of(sent)
    read_all(reader, buf)
    with pytest.raises(h11.RemoteProtocolError) as info:
        reader.read_eof()
    assert str(info.value) == (
        "peer closed connection without sending complete message body "
        f"(received {len(sent)} bytes, expected {length})"
    )
    assert info.value.error_status_hint == 400


def test_chunked_reader_decodes_chunks_extensions_and_trailers() -> None:
    reader = ChunkedReader()
    buf = ReceiveBuffer()
    assert reader(buf) is None
    buf += b"5;name=value\r\nab"
    assert reader(buf) == h11.Data(data=b"ab", chunk_start=True, chunk_end=False)
    assert reader(buf) is None
    buf += b"cde\r"
    assert reader(buf) == h11.Data(data=b"cde", chunk_start=False, chunk_end=True)
    buf += b"\n3\r\nxyz\r\n0\r\nX-Trailer: y\r\n\r\nrest"
    assert read_all(reader, buf) == [
        h11.Data(data=b"xyz", chunk_start=True, chunk_end=True),
        h11.EndOfMessage(headers=[("X-Trailer", "y")]),
    ]
    assert bytes(buf) == b"rest"


def test_chunked_reader_marks_chunk_start_when_size_line_arrives_alone() -> None:
    # Q2 fix: the first Data of every chunk has chunk_start=True.
    reader = ChunkedReader()
    buf = buffer_of(b"5\r\n")
    assert reader(buf) is None
    buf += b"ab"
    assert reader(buf) == h11.Data(data=b"ab", chunk_start=True, chunk_end=False)


def test_chunked_reader_last_chunk_without_trailers() -> None:
    buf = buffer_of(b"0\r\n\r\n")
    assert ChunkedReader()(buf) == h11.EndOfMessage()
    assert len(buf) == 0


def test_chunked_reader_eof_is_incomplete_chunked_read() -> None:
    for prefix in (b"", b"3\r\nabc\r\n"):
        reader = ChunkedReader()
        read_all(reader, buffer_of(prefix))
        with pytest.raises(h11.RemoteProtocolError) as info:
            reader.read_eof()
        assert str(info.value) == (
            "peer closed connection without sending complete message body "
            "(incomplete chunked read)"
        )
        assert info.value.error_status_hint == 400


def test_chunked_reader_rejects_a_malformed_size_line() -> None:
    with pytest.raises(h11.LocalProtocolError) as info:
        ChunkedReader()(buffer_of(b"zz\r\n"))
    # (The line through its first impossible byte: docs/differences.rst.)
    assert str(info.value) in {f"illegal chunk header: {r}" for r in reprs_of(b"z")}
    assert info.value.error_status_hint == 400


def test_chunked_reader_rejects_a_malformed_footer() -> None:
    reader = ChunkedReader()
    buf = buffer_of(b"3\r\nabc__")
    assert reader(buf) == h11.Data(data=b"abc", chunk_start=True, chunk_end=True)
    with pytest.raises(h11.LocalProtocolError) as info:
        reader(buf)
    assert str(info.value) in {
        f"malformed chunk footer: {r} (expected b'\\r\\n')" for r in reprs_of(b"__")
    }


def test_chunked_reader_rejects_unsupported_transfer_encoding_trailer() -> None:
    with pytest.raises(h11.LocalProtocolError) as info:
        ChunkedReader()(buffer_of(b"0\r\nTransfer-Encoding: gzip\r\n\r\n"))
    assert str(info.value) == "Only Transfer-Encoding: chunked is supported"
    assert info.value.error_status_hint == 501


def test_http10_reader_reads_everything_until_eof() -> None:
    reader = Http10Reader()
    buf = ReceiveBuffer()
    assert reader(buf) is None
    buf += b"abc"
    assert reader(buf) == h11.Data(data=b"abc")
    assert reader(buf) is None
    assert len(buf) == 0
    assert reader.read_eof() == h11.EndOfMessage()


def test_reader_errors_are_protocol_errors() -> None:
    # mitmproxy catches h11.ProtocolError around both the call and read_eof().
    with pytest.raises(h11.ProtocolError):
        ChunkedReader()(buffer_of(b"-1\r\n"))
    with pytest.raises(h11.ProtocolError):
        ContentLengthReader(1).read_eof()


def test_reader_data_is_bytes() -> None:
    # Q6: received Data.data is bytes.
    for reader, data in [
        (ContentLengthReader(3), b"abc"),
        (ChunkedReader(), b"3\r\nabc\r\n"),
        (Http10Reader(), b"abc"),
    ]:
        event = reader(buffer_of(data))
        assert type(event) is h11.Data
        assert type(event.data) is bytes
        assert event.data == b"abc"


# --- §14.4 header helpers -------------------------------------------------------------------


def test_content_length_max_digits_is_20() -> None:
    assert CONTENT_LENGTH_MAX_DIGITS == 20


def test_normalize_and_validate_returns_headers() -> None:
    headers = normalize_and_validate([("Host", "a"), ("Content-Length", "5, 5")])
    assert type(headers) is Headers
    assert headers.raw_items() == [(b"Host", b"a"), (b"Content-Length", b"5")]


def test_normalize_and_validate_checks_characters_by_default() -> None:
    with pytest.raises(h11.LocalProtocolError) as info:
        normalize_and_validate([("a", "\x00")])
    assert str(info.value) == "Illegal header value b'\\x00'"
    with pytest.raises(h11.LocalProtocolError):
        normalize_and_validate([("a", "\x00")], _parsed=False)


def test_normalize_and_validate_parsed_still_applies_content_length_and_te_rules() -> None:
    headers = normalize_and_validate(
        [(b"Content-Length", b"5,5"), (b"content-length", b"5")], _parsed=True
    )
    assert headers.raw_items() == [(b"Content-Length", b"5")]
    with pytest.raises(h11.LocalProtocolError) as info:
        normalize_and_validate([(b"Transfer-Encoding", b"gzip")], _parsed=True)
    assert str(info.value) == "Only Transfer-Encoding: chunked is supported"
    assert info.value.error_status_hint == 501


def test_set_comma_header_replaces_every_header_of_that_name_at_the_end() -> None:
    headers = normalize_and_validate(
        [("Connection", "close"), ("X", "a"), ("connectiON", "foo"), ("Y", "b")]
    )
    result = set_comma_header(headers, b"connection", [b"close", b"Upgrade"])
    assert type(result) is Headers
    assert result.raw_items() == [
        (b"X", b"a"),
        (b"Y", b"b"),
        (b"Connection", b"close"),
        (b"Connection", b"Upgrade"),
    ]
    assert headers.raw_items()[0] == (b"Connection", b"close")


def test_set_comma_header_title_cases_the_name_and_accepts_no_values() -> None:
    headers = normalize_and_validate([("X", "a"), ("x-foo-bar", "old")])
    assert set_comma_header(headers, b"x-foo-bar", [b"1"]).raw_items() == [
        (b"X", b"a"),
        (b"X-Foo-Bar", b"1"),
    ]
    assert set_comma_header(headers, b"x-foo-bar", []).raw_items() == [(b"X", b"a")]


def test_set_comma_header_revalidates() -> None:
    headers = normalize_and_validate([("X", "a")])
    with pytest.raises(h11.LocalProtocolError) as info:
        set_comma_header(headers, b"connection", [b"bad\x00"])
    assert str(info.value) == "Illegal header value b'bad\\x00'"
    with pytest.raises(h11.LocalProtocolError) as info:
        set_comma_header(headers, b"content-length", [b"1", b"2"])
    assert str(info.value) == "conflicting Content-Length headers"


@pytest.mark.parametrize(
    ("headers", "version", "expected"),
    [
        ([("Expect", "100-continue")], "1.1", True),
        ([("Expect", "foo, 100-CONTINUE")], "1.1", True),
        ([("expect", "foo"), ("EXPECT", "100-Continue")], "1.1", True),
        ([("Expect", "100-continue")], "1.0", False),
        ([("Expect", "200-ok")], "1.1", False),
        ([], "1.1", False),
    ],
)
def test_has_expect_100_continue(
    headers: list[tuple[str, str]], version: str, expected: bool
) -> None:
    request = h11.Request(
        method="GET", target="/", headers=[*HOST, *headers], http_version=version
    )
    assert has_expect_100_continue(request) is expected


# --- §14.4 patching h11._events.normalize_and_validate --------------------------------------


class RecordingNormalizer:
    def __init__(self) -> None:
        self.calls: list[bool] = []

    def __call__(self, headers: Any, *, _parsed: bool = False) -> Headers:
        # keyword-only: a positional ``_parsed`` would raise TypeError here.
        self.calls.append(_parsed)
        return _headers.normalize_and_validate(headers, _parsed=_parsed)


def test_patched_event_normalizer_is_called_for_constructed_events(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    recorder = RecordingNormalizer()
    monkeypatch.setattr(_events, "normalize_and_validate", recorder)
    h11.Request(method="GET", target="/", headers=HOST)
    h11.InformationalResponse(status_code=100, headers=[])
    h11.Response(status_code=200, headers=[])
    h11.EndOfMessage(headers=[("T", "1")])
    assert recorder.calls == [False, False, False, False]


def test_patched_event_normalizer_is_called_with_parsed_for_received_heads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    recorder = RecordingNormalizer()
    monkeypatch.setattr(_events, "normalize_and_validate", recorder)
    server = h11.Connection(h11.SERVER)
    server.receive_data(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
    assert type(server.next_event()) is h11.Request
    assert recorder.calls
    assert all(recorder.calls)
    client = h11.Connection(h11.CLIENT)
    client.send(h11.Request(method="GET", target="/", headers=HOST))
    client.send(h11.EndOfMessage())
    recorder.calls.clear()
    client.receive_data(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
    assert type(client.next_event()) is h11.Response
    assert recorder.calls
    assert all(recorder.calls)


def test_patched_event_normalizer_sees_received_headers_once_with_raw_casing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A typical lenient patch rebuilds Headers from (name, value) pairs.
    seen: list[list[tuple[bytes, bytes]]] = []

    def lenient(headers: Any, *, _parsed: bool = False) -> Headers:
        pairs = [(bytes(name), bytes(value)) for name, value in headers]
        seen.append(pairs)
        return Headers([(name, name.lower(), value) for name, value in pairs])

    monkeypatch.setattr(_events, "normalize_and_validate", lenient)
    server = h11.Connection(h11.SERVER)
    server.receive_data(b"GET / HTTP/1.1\r\nHost: a\r\nX-Thing: v\r\n\r\n")
    request = server.next_event()
    assert type(request) is h11.Request
    assert request.headers.raw_items() == [(b"Host", b"a"), (b"X-Thing", b"v")]
    assert seen == [[(b"Host", b"a"), (b"X-Thing", b"v")]]


def test_patched_event_normalizer_is_not_used_for_headers_instances(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # §4.2: a Headers instance is used as-is, so a patched normaliser never sees it.
    def refuse(headers: Any, *, _parsed: bool = False) -> Headers:
        raise AssertionError("normaliser called for a Headers instance")

    monkeypatch.setattr(_events, "normalize_and_validate", refuse)
    headers = Headers([(b"Host", b"host", b"a")])
    assert h11.Request(method="GET", target="/", headers=headers).headers is headers
    assert h11.Response(status_code=200, headers=headers).headers is headers
    assert h11.EndOfMessage(headers=headers).headers is headers


def test_patched_event_normalizer_result_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    def strict(headers: Any, *, _parsed: bool = False) -> Headers:
        result = _headers.normalize_and_validate(headers, _parsed=_parsed)
        if any(name == b"x-forbidden" for name, _ in result):
            raise h11.LocalProtocolError("forbidden header", 403)
        return result

    monkeypatch.setattr(_events, "normalize_and_validate", strict)
    with pytest.raises(h11.LocalProtocolError) as info:
        h11.Response(status_code=200, headers=[("X-Forbidden", "1")])
    assert str(info.value) == "forbidden header"
    assert info.value.error_status_hint == 403
    server = h11.Connection(h11.SERVER)
    server.receive_data(b"GET / HTTP/1.1\r\nHost: a\r\nX-Forbidden: 1\r\n\r\n")
    with pytest.raises(h11.RemoteProtocolError) as remote:
        server.next_event()
    assert str(remote.value) == "forbidden header"
    assert remote.value.error_status_hint == 403


# --- §14.6 _abnf ----------------------------------------------------------------------------

ABNF_NAMES = [
    "OWS",
    "token",
    "field_name",
    "vchar",
    "vchar_or_obs_text",
    "field_vchar",
    "field_content",
    "field_value",
    "header_field",
    "method",
    "request_target",
    "http_version",
    "request_line",
    "status_code",
    "reason_phrase",
    "status_line",
    "HEXDIG",
    "chunk_size",
    "chunk_ext",
    "chunk_header",
]


def compiled(name: str) -> re.Pattern[bytes]:
    return re.compile(getattr(_abnf, name).encode("ascii"))


@pytest.mark.parametrize("name", ABNF_NAMES)
def test_abnf_name_is_a_str_source_compiling_as_bytes_regex(name: str) -> None:
    source = getattr(_abnf, name)
    assert type(source) is str
    assert isinstance(compiled(name), re.Pattern)


@pytest.mark.parametrize(
    ("name", "groups"),
    [
        ("header_field", {"field_name", "field_value"}),
        ("request_line", {"method", "target", "http_version"}),
        ("status_line", {"http_version", "status_code", "reason"}),
        ("chunk_header", {"chunk_size", "chunk_ext"}),
    ],
)
def test_abnf_named_groups(name: str, groups: set[str]) -> None:
    assert groups <= set(compiled(name).groupindex)


@pytest.mark.parametrize(
    ("name", "good", "bad"),
    [
        ("OWS", [b"", b" \t "], [b"x"]),
        ("token", [b"X-Foo", b"!#$%&'*+-.^_`|~"], [b"", b"X Foo", b"a:b"]),
        ("field_name", [b"Host"], [b"Host ", b""]),
        ("vchar", [b"!", b"~"], [b" ", b"\x7f", b"\x80"]),
        ("vchar_or_obs_text", [b"a", b"\x80", b"\xff"], [b" ", b"\x00", b"ab"]),
        ("field_value", [b"", b"a b", b"\x01\x7f\xff"], [b" a", b"a ", b"a\x00", b"a\rb"]),
        ("method", [b"GET", b"get"], [b"G T", b""]),
        ("status_code", [b"200", b"099"], [b"20", b"2000", b"2x0"]),
        ("HEXDIG", [b"0", b"a", b"F"], [b"g", b"aa"]),
        ("chunk_size", [b"1aF", b"0"], [b"", b"x", b"-1"]),
    ],
)
def test_abnf_patterns_accept_and_reject(name: str, good: list[bytes], bad: list[bytes]) -> None:
    pattern = compiled(name)
    for data in good:
        assert pattern.fullmatch(data), data
    for data in bad:
        assert not pattern.fullmatch(data), data


def test_abnf_header_field_groups_strip_ows() -> None:
    match = compiled("header_field").fullmatch(b"Host:  a b \t")
    assert match is not None
    assert match.group("field_name") == b"Host"
    assert match.group("field_value") == b"a b"
    assert compiled("header_field").fullmatch(b"Host : a") is None


def test_abnf_request_line_groups() -> None:
    match = compiled("request_line").fullmatch(b"GET /x?y HTTP/1.1")
    assert match is not None
    assert match.group("method", "target", "http_version") == (b"GET", b"/x?y", b"1.1")
    assert compiled("request_line").fullmatch(b"GET  / HTTP/1.1") is None
    assert compiled("request_line").fullmatch(b"GET / http/1.1") is None


def test_abnf_status_line_groups() -> None:
    match = compiled("status_line").fullmatch(b"HTTP/1.0 404 Not Found")
    assert match is not None
    assert match.group("http_version", "status_code", "reason") == (b"1.0", b"404", b"Not Found")
    assert compiled("status_line").fullmatch(b"HTTP/1.1 20 OK") is None


def test_abnf_chunk_header_groups() -> None:
    match = compiled("chunk_header").fullmatch(b"1a;foo=bar\r\n")
    assert match is not None
    assert match.group("chunk_size") == b"1a"
    plain = compiled("chunk_header").fullmatch(b"1A\r\n")
    assert plain is not None
    assert plain.group("chunk_size") == b"1A"


# --- §14.7 writers and framing helpers ------------------------------------------------------


def written(writer: Any, *events: Any) -> bytes:
    pieces: list[bytes] = []
    for event in events:
        writer(event, pieces.append)
    return b"".join(pieces)


def test_writers_table_exists() -> None:
    assert len(_writers.WRITERS) > 0


def test_write_headers_puts_host_first() -> None:
    headers = h11.Request(method="GET", target="/", headers=[("a", "b"), ("Host", "h")]).headers
    pieces: list[bytes] = []
    _writers.write_headers(headers, pieces.append)
    assert b"".join(pieces) == b"Host: h\r\na: b\r\n\r\n"


def test_write_request() -> None:
    request = h11.Request(method="GET", target="/", headers=[("a", "b"), ("Host", "h")])
    pieces: list[bytes] = []
    _writers.write_request(request, pieces.append)
    assert b"".join(pieces) == b"GET / HTTP/1.1\r\nHost: h\r\na: b\r\n\r\n"


def test_write_request_rejects_other_versions() -> None:
    request = h11.Request(method="GET", target="/", headers=HOST, http_version="1.0")
    with pytest.raises(h11.LocalProtocolError) as info:
        _writers.write_request(request, [].append)
    assert str(info.value) == "I only send HTTP/1.1"


def test_write_any_response() -> None:
    pieces: list[bytes] = []
    _writers.write_any_response(
        h11.Response(status_code=404, headers=[("a", "b")], reason="NF"), pieces.append
    )
    assert b"".join(pieces) == b"HTTP/1.1 404 NF\r\na: b\r\n\r\n"
    pieces.clear()
    _writers.write_any_response(
        h11.InformationalResponse(status_code=101, headers=[]), pieces.append
    )
    assert b"".join(pieces) == b"HTTP/1.1 101 \r\n\r\n"


def test_content_length_writer() -> None:
    assert (
        written(
            _writers.ContentLengthWriter(3),
            h11.Data(data=b"ab"),
            h11.Data(data=b"c"),
            h11.EndOfMessage(),
        )
        == b"abc"
    )
    with pytest.raises(h11.LocalProtocolError) as info:
        written(_writers.ContentLengthWriter(1), h11.Data(data=b"ab"))
    assert str(info.value) == "Too much data for declared Content-Length"
    with pytest.raises(h11.LocalProtocolError) as info:
        written(_writers.ContentLengthWriter(1), h11.EndOfMessage())
    assert str(info.value) == "Too little data for declared Content-Length"


def test_chunked_writer() -> None:
    assert (
        written(
            _writers.ChunkedWriter(),
            h11.Data(data=b"ab"),
            h11.Data(data=b""),
            h11.EndOfMessage(headers=[("T", "1")]),
        )
        == b"2\r\nab\r\n0\r\nT: 1\r\n\r\n"
    )


def test_http10_writer() -> None:
    assert written(_writers.Http10Writer(), h11.Data(data=b"ab"), h11.EndOfMessage()) == b"ab"
    with pytest.raises(h11.LocalProtocolError) as info:
        written(_writers.Http10Writer(), h11.EndOfMessage(headers=[("a", "b")]))
    assert str(info.value) == "can't send trailers to HTTP/1.0 client"


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (h11.Request(method="GET", target="/", headers=HOST), True),
        (
            h11.Request(method="GET", target="/", headers=[*HOST, ("Connection", "foo, CLOSE")]),
            False,
        ),
        (h11.Request(method="GET", target="/", headers=[], http_version="1.0"), False),
        (h11.Request(method="GET", target="/", headers=[], http_version="0.9"), False),
        (h11.Request(method="GET", target="/", headers=[], http_version="1.2"), True),
        (h11.Response(status_code=200, headers=[], http_version="1.0"), False),
        (h11.Response(status_code=200, headers=[("Connection", "Keep-Alive")]), True),
        (h11.Response(status_code=200, headers=[("connection", "close")]), False),
    ],
)
def test_keep_alive(event: Any, expected: bool) -> None:
    assert _keep_alive(event) is expected


def _req(headers: list[tuple[str, str]]) -> h11.Request:
    return h11.Request(method="POST", target="/", headers=[*HOST, *headers])


def _resp(status_code: int, headers: list[tuple[str, str]]) -> h11.Response:
    return h11.Response(status_code=status_code, headers=headers)


@pytest.mark.parametrize(
    ("method", "event", "expected"),
    [
        (b"POST", _req([]), ("content-length", (0,))),
        (b"POST", _req([("Content-Length", "10")]), ("content-length", (10,))),
        (b"POST", _req([("Content-Length", "007")]), ("content-length", (7,))),
        (
            b"POST",
            _req([("Content-Length", "10"), ("Transfer-Encoding", "chunked")]),
            ("chunked", ()),
        ),
        (b"GET", _resp(200, []), ("http/1.0", ())),
        (None, _resp(200, []), ("http/1.0", ())),
        (None, _resp(200, [("Content-Length", "3")]), ("content-length", (3,))),
        (
            b"GET",
            _resp(200, [("Transfer-Encoding", "chunked"), ("Content-Length", "3")]),
            ("chunked", ()),
        ),
        (b"HEAD", _resp(200, [("Content-Length", "3")]), ("content-length", (0,))),
        (b"head", _resp(200, []), ("http/1.0", ())),
        (b"GET", _resp(204, [("Content-Length", "3")]), ("content-length", (0,))),
        (b"GET", _resp(304, [("Transfer-Encoding", "chunked")]), ("content-length", (0,))),
        (b"CONNECT", _resp(200, [("Content-Length", "3")]), ("content-length", (0,))),
        (b"CONNECT", _resp(299, []), ("content-length", (0,))),
        (b"CONNECT", _resp(300, [("Content-Length", "3")]), ("content-length", (3,))),
    ],
)
def test_body_framing(
    method: bytes | None, event: Any, expected: tuple[str, tuple[int, ...]]
) -> None:
    result = _body_framing(method, event)
    assert result == expected
    assert all(type(n) is int for n in result[1])
