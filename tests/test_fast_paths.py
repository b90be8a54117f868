"""Every fast path fed the inputs its careful path rejects (docs/design.rst, design-caches).

Each section names one shortcut the implementation takes for speed. Where the shortcut
remembers something (a cache of checked names or values, a search position, a "no line
end yet" verdict), the tests first warm it with valid input, then feed what the careful
path refuses and check the outcome is exactly the one a cold path gives and the docs state:
exception type, message, ``error_status_hint``, events before the error, resulting states.
Positive cases check the fast path produces exactly what the careful path produces (the
same head with CRLF line ends, which the fast path takes, and with one bare LF, which forces
the careful path). Receive-side cases run whole and one byte at a time.

Contract: RFC 9110 §5.5, §5.6.2, §8.6 and RFC 9112 §6.1 (header rules), docs/api.rst "Events"
(event construction), docs/design.rst design-receive (receive_data, next_event, limits), RFC
9112 §2-§5 (heads), §7.1 (chunked bodies), design-response-fixes, design-private-imports
(ReceiveBuffer, ChunkedReader), and docs/differences.rst Q1, Q2, Q4, Q6, H1, H8.
"""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

import hypothesis
import pytest
from hypothesis import strategies as st

import h11
from corpus.model import (
    REQUEST_FIELD_LINE,
    REQUEST_LINE,
    RESPONSE_FIELD_LINE,
    STATUS_LINE,
    line_through_first_impossible_byte,
    through_first_impossible_byte,
)
from h11 import _headers, _readers
from h11._readers import ChunkedReader
from h11._receivebuffer import ReceiveBuffer
from helpers import ROLES, client_waiting_for_response, in_pieces, merge_data, receiver

# Tests that look inside this implementation's caches do not apply to h11 0.16 (which has
# none); everything else runs against 0.16 as well.
OURS = h11.__version__ != "0.16.0"
ours_only = pytest.mark.skipif(not OURS, reason="inspects this implementation's caches")

SPLITS = pytest.mark.parametrize("split", ["whole", "bytewise"])

RPE = h11.RemoteProtocolError
LPE = h11.LocalProtocolError

# RFC 9110 §5.6.2 token and §5.5 field-value, written out here so the cache
# checks do not trust the implementation's own patterns.
TOKEN = re.compile(rb"[-!#$%&'*+.^_`|~0-9A-Za-z]+")
FIELD_VALUE = re.compile(rb"(?:[^\x00\s]+(?:[ \t]+[^\x00\s]+)*)?")

Error = tuple[type, str, int]


# --------------------------------------------------------------------------------------------
# Local helpers


@dataclass
class Outcome:
    """What a receiving connection made of some bytes."""

    events: list[Any]
    error: Error | None
    states: dict[Any, Any]


def pieces(data: bytes, split: str) -> list[bytes]:
    return in_pieces(data, 1 if split == "bytewise" else 0)


def pump(conn: h11.Connection, events: list[Any]) -> None:
    """Append events until NEED_DATA (dropped), PAUSED or ConnectionClosed."""
    for _ in range(10_000):  # a broken reader must fail the test, not fill the memory
        event = conn.next_event()
        if event is h11.NEED_DATA:
            return
        if event is h11.PAUSED and events and events[-1] is h11.PAUSED:
            return  # still paused: nothing new
        events.append(event)
        if event is h11.PAUSED or type(event) is h11.ConnectionClosed:
            return
    raise AssertionError(f"no end to the events: {events[-3:]!r}")


def run(
    conn: h11.Connection, chunks: list[Any], *, eof: bool = False, merge: bool = True
) -> Outcome:
    """Feed ``chunks`` (then EOF if asked), pumping events after each; stop at an RPE.

    Empty chunks are skipped (EOF is only ever given by ``eof=True``). With no chunks
    and no EOF, it just asks for the events already due.
    """
    events: list[Any] = []
    error: Error | None = None
    try:
        if not chunks and not eof:
            pump(conn, events)
        for chunk in chunks:
            if not len(chunk):
                continue  # an empty piece would mean EOF: splits may produce them
            conn.receive_data(chunk)
            pump(conn, events)
        if eof:
            conn.receive_data(b"")
            pump(conn, events)
    except RPE as exc:
        error = (type(exc), str(exc), exc.error_status_hint)
    return Outcome(merge_data(events) if merge else events, error, conn.states)


START_LINE = {h11.SERVER: b"GET / HTTP/1.1", h11.CLIENT: b"HTTP/1.1 200 OK"}


def head(role: Any, *header_lines: bytes, end: bytes = b"\r\n") -> bytes:
    """A head from the peer of ``role`` (a request for a server), each line ended by ``end``."""
    return b"".join(line + end for line in (START_LINE[role], *header_lines)) + end


def rpe(message: str, hint: int = 400) -> Error:
    return (RPE, message, hint)


def illegal_line(line: bytes, role: Any = h11.CLIENT) -> Error:
    """The error for a field line received by ``role``, shown through its first impossible
    byte (docs/differences.rst, H10; request field values are the stricter)."""
    rule = REQUEST_FIELD_LINE if role is h11.SERVER else RESPONSE_FIELD_LINE
    return rpe(
        f"illegal header line: {bytearray(line_through_first_impossible_byte(line, rule))!r}"
    )


def their_error_states(role: Any) -> dict[Any, Any]:
    """States after a receive error in a head (docs/design.rst, design-errors)."""
    if role is h11.SERVER:
        return {h11.CLIENT: h11.ERROR, h11.SERVER: h11.IDLE}
    return {h11.CLIENT: h11.MUST_CLOSE, h11.SERVER: h11.ERROR}  # §7.4: (DONE, ERROR)


# --------------------------------------------------------------------------------------------
# 1. _readers._NAME_CACHE / _SPECIAL_NAME_CACHE: received header names already checked


PRIMING_REQUEST = (
    b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nConnection: keep-alive\r\n"
    b"X-Custom: v\r\nUser-Agent: u\r\nAccept: */*\r\nExpect: x\r\nUpgrade: \r\n\r\n"
)
PRIMING_RESPONSE = (
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Custom: v\r\nHost: h\r\n\r\n"
)


def prime_name_caches() -> None:
    """Parse valid heads naming every special header and a few others (warms the caches)."""
    server = h11.Connection(h11.SERVER)
    server.receive_data(PRIMING_REQUEST)
    assert type(server.next_event()) is h11.Request
    client = client_waiting_for_response()
    client.receive_data(PRIMING_RESPONSE)
    assert type(client.next_event()) is h11.Response


@pytest.fixture(params=["cold", "warm"])
def name_cache(request: pytest.FixtureRequest, saved_caches: None) -> str:
    """The received-name caches, empty ("cold") or holding the names of the priming heads."""
    if request.param == "warm":
        prime_name_caches()
    return str(request.param)


# Lines that name a cached header but are no field line (RFC 9112 §5).
BAD_NAME_LINES = [
    pytest.param(b"Host", id="cached-name-without-colon"),
    pytest.param(b"Host : a", id="space-before-colon"),
    pytest.param(b"Host\t: a", id="tab-before-colon"),
    pytest.param(b"Hos(: a", id="delimiter-instead-of-last-byte"),
    pytest.param(b"Ho st: a", id="space-inside-name"),
    pytest.param(b"Host\x7f: a", id="del-after-name"),
    pytest.param(b"Host\xff: a", id="obs-text-after-name"),
    pytest.param(b"Ho\x01st: a", id="control-inside-name"),
    pytest.param(b"Host\x00: a", id="nul-after-name"),
    pytest.param(b"Content-Length : 0", id="special-name-space-before-colon"),
    pytest.param(b"Content-Lengt\xe9: 0", id="special-name-last-byte-obs-text"),
    pytest.param(b"Transfer-Encoding", id="special-name-without-colon"),
    pytest.param(b"X-Custom", id="plain-cached-name-without-colon"),
    pytest.param(b"X-Custom : v", id="plain-cached-name-space-before-colon"),
    pytest.param(b"X-Custom/: v", id="plain-cached-name-plus-slash"),
    pytest.param(b": a", id="empty-name"),
    pytest.param(b":", id="colon-only"),
]


@SPLITS
@ROLES
@pytest.mark.parametrize("position", ["first", "after-valid-line"])
@pytest.mark.parametrize("line", BAD_NAME_LINES)
def test_cached_header_names_do_not_admit_invalid_field_lines(
    name_cache: str, line: bytes, position: str, role: Any, split: str
) -> None:
    lines = [line, b"Host: a"] if position == "first" else [b"Host: a", line]
    outcome = run(receiver(role), pieces(head(role, *lines), split))
    assert outcome == Outcome([], illegal_line(line, role), their_error_states(role))


@SPLITS
@ROLES
@pytest.mark.parametrize(
    "fold", [b" Host: a", b"\tX-Custom: v", b" Content-Length: 0"], ids=["sp", "tab", "special"]
)
def test_continuation_of_cached_name_at_start_of_headers_is_rejected(
    name_cache: str, fold: bytes, role: Any, split: str
) -> None:
    outcome = run(receiver(role), pieces(head(role, fold, b"Host: a"), split))
    assert outcome.error == rpe("continuation line at start of headers")


@SPLITS
@pytest.mark.parametrize(
    ("host", "length"),
    [(b"HOST", b"CONTENT-LENGTH"), (b"host", b"content-length"), (b"hOsT", b"Content-length")],
)
def test_cached_names_in_another_case_keep_their_meaning(
    name_cache: str, host: bytes, length: bytes, split: str
) -> None:
    data = b"POST / HTTP/1.1\r\n" + host + b": a\r\n" + length + b": 3\r\n\r\nabc"
    outcome = run(h11.Connection(h11.SERVER), pieces(data, split))
    request = outcome.events[0]
    assert outcome.events == [
        h11.Request(method="POST", target="/", headers=[("host", "a"), ("content-length", "3")]),
        h11.Data(data=b"abc"),
        h11.EndOfMessage(),
    ]
    assert request.headers.raw_items() == [(host, b"a"), (length, b"3")]
    assert outcome.error is None


@SPLITS
@pytest.mark.parametrize(
    ("lines", "error"),
    [
        ([b"Host: a", b"Host: b"], rpe("Found multiple Host: headers")),
        ([b"Content-Length: 0"], rpe("Missing mandatory Host: header")),
        (
            [b"Host: a", b"Content-Length: 1", b"Content-Length: 2"],
            rpe("conflicting Content-Length headers"),
        ),
        ([b"Host: a", b"Content-Length: x"], rpe("bad Content-Length")),
        (
            [b"Host: a", b"Transfer-Encoding: gzip"],
            rpe("Only Transfer-Encoding: chunked is supported", 501),
        ),
        (
            [b"Host: a", b"Transfer-Encoding: chunked", b"Transfer-Encoding: chunked"],
            rpe("multiple Transfer-Encoding headers", 501),
        ),
    ],
    ids=["two-hosts", "no-host", "cl-conflict", "bad-cl", "te-gzip", "two-te"],
)
def test_cached_special_names_are_still_interpreted(
    name_cache: str, lines: list[bytes], error: Error, split: str
) -> None:
    data = b"POST / HTTP/1.1\r\n" + b"".join(line + b"\r\n" for line in lines) + b"\r\n"
    for _ in range(2):  # the second time, the lines themselves may be cached
        outcome = run(h11.Connection(h11.SERVER), pieces(data, split))
        assert outcome == Outcome([], error, their_error_states(h11.SERVER))


@SPLITS
def test_cached_connection_close_still_ends_keep_alive(name_cache: str, split: str) -> None:
    data = b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
    for _ in range(2):  # the second time, the lines themselves may be cached
        conn = h11.Connection(h11.SERVER)
        assert len(run(conn, pieces(data, split)).events) == 2
        conn.send(h11.Response(status_code=200, headers=[("Content-Length", "0")]))
        conn.send(h11.EndOfMessage())
        assert conn.states == {h11.CLIENT: h11.MUST_CLOSE, h11.SERVER: h11.MUST_CLOSE}


# The opt-in leniency of a client (docs/leniency.rst) widens the grammar of the responses it
# receives; the name caches are shared by every connection, so nothing it accepts may become
# acceptable to a strict one.
LENIENT_OPTIONS = {
    "allow_non_token_header_names_in_responses": True,
    "allow_vertical_tab_and_form_feed_in_response_header_values": True,
}
lenient_client_exists = pytest.mark.skipif(
    not set(LENIENT_OPTIONS) <= set(inspect.signature(h11.Connection).parameters),
    reason="no lenient client options (h11 0.16)",
)


@lenient_client_exists
@SPLITS
@pytest.mark.parametrize(
    "line",
    [b"Host(: a", b"X-Custom/: v", b"Content-Length{: 0", b"X[Y]: v", b"X-V: a\x0bb"],
    ids=repr,
)
def test_lines_a_lenient_client_accepted_stay_refused_by_strict_connections(
    name_cache: str, line: bytes, split: str
) -> None:
    lenient = receiver(h11.CLIENT, **LENIENT_OPTIONS)
    for _ in range(2):  # the second time, whatever could be cached is
        outcome = run(lenient, pieces(head(h11.CLIENT, line, b"Content-Length: 0"), split))
        assert outcome.error is None
        name, _, value = line.partition(b":")
        assert outcome.events[0].headers.raw_items()[0] == (name, value.strip())
        lenient = receiver(h11.CLIENT, **LENIENT_OPTIONS)
    for role in (h11.SERVER, h11.CLIENT):
        outcome = run(receiver(role), pieces(head(role, b"Host: a", line), split))
        assert outcome == Outcome([], illegal_line(line, role), their_error_states(role))


def assert_name_caches_hold_only_tokens() -> None:
    for raw, lowered in _readers._NAME_CACHE.items():
        assert TOKEN.fullmatch(raw), raw
        assert lowered == raw.lower()
        assert lowered not in _headers.SPECIAL_HEADERS
    for raw, lowered in _readers._SPECIAL_NAME_CACHE.items():
        assert TOKEN.fullmatch(raw), raw
        assert lowered == raw.lower()
        assert lowered in _headers.SPECIAL_HEADERS


@ours_only
@pytest.mark.usefixtures("saved_caches")
def test_name_caches_never_hold_a_rejected_name() -> None:
    prime_name_caches()
    for param in BAD_NAME_LINES:
        (line,) = param.values
        for role in (h11.SERVER, h11.CLIENT):
            assert run(receiver(role), [head(role, line, b"Host: a")]).error is not None
    assert_name_caches_hold_only_tokens()
    assert b"Host" in _readers._SPECIAL_NAME_CACHE
    assert b"X-Custom" in _readers._NAME_CACHE


@ours_only
@pytest.mark.usefixtures("saved_caches")
def test_name_cache_stays_bounded_and_correct_past_its_limit() -> None:
    limit = _readers._NAME_CACHE_MAX_ENTRIES
    names = [b"X-Fill-%d" % i for i in range(limit + 100)]
    conn = h11.Connection(h11.SERVER, max_incomplete_event_size=10**7)
    data = b"GET / HTTP/1.1\r\nHost: a\r\n" + b"".join(n + b": v\r\n" for n in names) + b"\r\n"
    outcome = run(conn, [data])
    assert outcome.error is None
    assert list(outcome.events[0].headers) == [(b"host", b"a")] + [
        (n.lower(), b"v") for n in names
    ]
    assert len(_readers._NAME_CACHE) <= limit
    assert_name_caches_hold_only_tokens()
    # Full caches: names not in them are still checked, and still accepted when valid.
    long_name = b"X-" + b"n" * 200
    for lines, error in [
        ([b"Fresh-Name: v", long_name + b": v"], None),
        ([b"Fresh(Name: v"], illegal_line(b"Fresh(Name: v", h11.SERVER)),
        ([b"X-Fill-1 : v"], illegal_line(b"X-Fill-1 : v", h11.SERVER)),
    ]:
        outcome = run(h11.Connection(h11.SERVER), [head(h11.SERVER, b"Host: a", *lines)])
        assert outcome.error == error
    assert len(_readers._NAME_CACHE) <= limit
    assert long_name not in _readers._NAME_CACHE
    assert_name_caches_hold_only_tokens()


# --------------------------------------------------------------------------------------------
# 2. _readers.split_lines: a block is "clean" (one split on CRLF) unless the careful path
#    must look at it


# Valid heads; with CRLF line ends only the first two are clean (the others fold).
VALID_HEADER_LINES = {
    "plain": [
        b"Host: example.com",
        b"X-Empty:",
        b"X-Ows: \t padded \t value \t ",
        b"X-Obs-Text: a\x80b\xff",  # (control bytes: tests/test_field_rules.py)
        b"Content-Length: 3",
    ],
    "colons": [b"Host:a", b"X-Url: http://x:1/y", b"Content-Length:3"],
    "fold": [b"Host: a", b"X-Fold: first  ", b" \t second", b"\tthird", b"Content-Length: 3"],
    "fold-empty": [b"Host: a", b"X-Fold:", b" tail", b"Content-Length: 3"],
}


def line_end_variants(count: int) -> Iterator[tuple[str, list[bytes], bytes]]:
    """(id, per-line ends, terminator): CRLF everywhere, then one bare LF at each place."""
    yield "crlf", [b"\r\n"] * count, b"\r\n"
    yield "lf", [b"\n"] * count, b"\n"
    for i in range(count):
        ends = [b"\r\n"] * count
        ends[i] = b"\n"
        yield f"lf-at-{i}", ends, b"\r\n"
    yield "lf-terminator", [b"\r\n"] * count, b"\n"
    yield "lf-lines-crlf-terminator", [b"\n"] * count, b"\r\n"


def join_lines(lines: list[bytes], ends: list[bytes], terminator: bytes) -> bytes:
    return b"".join(line + end for line, end in zip(lines, ends, strict=True)) + terminator


@SPLITS
@ROLES
@pytest.mark.parametrize("name", list(VALID_HEADER_LINES))
def test_bare_lf_anywhere_gives_the_events_of_the_crlf_head(
    name: str, role: Any, split: str
) -> None:
    lines = [START_LINE[role], *VALID_HEADER_LINES[name]]
    reference = run(receiver(role), [join_lines(lines, [b"\r\n"] * len(lines), b"\r\n") + b"abc"])
    assert reference.error is None
    assert len(reference.events) == 3  # head, Data(b"abc"), EndOfMessage
    for variant, ends, terminator in line_end_variants(len(lines)):
        data = join_lines(lines, ends, terminator) + b"abc"
        assert run(receiver(role), pieces(data, split)) == reference, variant


@SPLITS
@ROLES
def test_clean_head_gives_exactly_the_expected_fields(role: Any, split: str) -> None:
    lines = [START_LINE[role], *VALID_HEADER_LINES["plain"]]
    outcome = run(
        receiver(role), pieces(join_lines(lines, [b"\r\n"] * 6, b"\r\n") + b"abc", split)
    )
    assert list(outcome.events[0].headers) == [
        (b"host", b"example.com"),
        (b"x-empty", b""),
        (b"x-ows", b"padded \t value"),
        (b"x-obs-text", b"a\x80b\xff"),
        (b"content-length", b"3"),
    ]


@SPLITS
@ROLES
def test_folded_lines_join_with_one_space(role: Any, split: str) -> None:
    lines = [START_LINE[role], *VALID_HEADER_LINES["fold"]]
    outcome = run(
        receiver(role), pieces(join_lines(lines, [b"\r\n"] * 6, b"\r\n") + b"abc", split)
    )
    assert list(outcome.events[0].headers) == [
        (b"host", b"a"),
        (b"x-fold", b"first second third"),  # one SP per obs-fold (differences.rst)
        (b"content-length", b"3"),
    ]


# Header lines the field-line grammar refuses though the block has (nearly) only CRLFs.
BAD_BYTE_LINES = [
    pytest.param(b"X: a\rb", id="bare-cr-in-value"),
    pytest.param(b"X\r: a", id="bare-cr-in-name"),
    pytest.param(b"\rX: a", id="bare-cr-at-line-start"),
    pytest.param(b"X: a\r", id="cr-before-crlf"),
    pytest.param(b"X: \r", id="only-cr-as-value"),
    pytest.param(b"X: a\x00b", id="nul-in-value"),
    pytest.param(b"X: a\x0bb", id="vt-in-value"),
    pytest.param(b"X: a\x0cb", id="ff-in-value"),
    pytest.param(b"X: \x0b", id="vt-as-value"),
    pytest.param(b"X: a\x0c", id="ff-at-value-end"),
    pytest.param(b"X:\x00", id="nul-as-value"),
]


def with_line_ends(params: list[Any]) -> list[Any]:
    """Each case with CRLF line ends, and with LF ones unless its line ends in CR.

    (Followed by an LF, a final CR is no longer a bare CR but a CRLF.)
    """
    out = []
    for param in params:
        for ends in ("crlf", "lf"):
            if ends == "crlf" or not param.values[-1].endswith(b"\r"):
                out.append(pytest.param(*param.values, ends, id=f"{param.id}-{ends}"))
    return out


@SPLITS
@ROLES
@pytest.mark.parametrize("position", ["middle", "last"])
@pytest.mark.parametrize(("line", "ends"), with_line_ends(BAD_BYTE_LINES))
def test_forbidden_bytes_in_a_header_line_are_rejected_on_every_path(
    line: bytes, ends: str, position: str, role: Any, split: str
) -> None:
    lines = [b"Host: a", line, b"Y: b"] if position == "middle" else [b"Host: a", line]
    end = b"\r\n" if ends == "crlf" else b"\n"
    outcome = run(receiver(role), pieces(head(role, *lines, end=end), split))
    assert outcome == Outcome([], illegal_line(line, role), their_error_states(role))


BAD_START_LINES = [
    pytest.param(h11.SERVER, b"GET /\r HTTP/1.1", id="request-bare-cr-in-target"),
    pytest.param(h11.SERVER, b"GET / HTTP/1.1\r", id="request-cr-before-crlf"),
    pytest.param(h11.SERVER, b"GET\r/ HTTP/1.1", id="request-bare-cr-as-space"),
    pytest.param(h11.SERVER, b"GET\x00/ HTTP/1.1", id="request-nul"),
    pytest.param(h11.SERVER, b"GET / HTTP/1.1\x0b", id="request-vt"),
    pytest.param(h11.SERVER, b"GET /\x0c HTTP/1.1", id="request-ff"),
    pytest.param(h11.CLIENT, b"HTTP/1.1 200 O\rK", id="status-bare-cr-in-reason"),
    pytest.param(h11.CLIENT, b"HTTP/1.1 200 OK\r", id="status-cr-before-crlf"),
    pytest.param(h11.CLIENT, b"HTTP/1.1 200 OK\x00", id="status-nul"),
    pytest.param(h11.CLIENT, b"HTTP/1.1 200 \x0b", id="status-vt"),
    pytest.param(h11.CLIENT, b"HTTP/1.1 200 O\x0cK", id="status-ff"),
]


@SPLITS
@pytest.mark.parametrize(("role", "line", "ends"), with_line_ends(BAD_START_LINES))
def test_forbidden_bytes_in_a_start_line_are_rejected_on_every_path(
    role: Any, line: bytes, ends: str, split: str
) -> None:
    end = b"\r\n" if ends == "crlf" else b"\n"
    data = line + end + b"Host: a" + end + end
    kind, rule = ("request", REQUEST_LINE) if role is h11.SERVER else ("status", STATUS_LINE)
    shown = line_through_first_impossible_byte(line, rule)  # (H10)
    outcome = run(receiver(role), pieces(data, split))
    assert outcome == Outcome(
        [], rpe(f"illegal {kind} line: {bytearray(shown)!r}"), their_error_states(role)
    )


@SPLITS
@ROLES
@pytest.mark.parametrize("ends", ["crlf", "lf", "mixed"])
def test_continuation_at_start_of_headers_is_rejected_with_any_line_ends(
    ends: str, role: Any, split: str
) -> None:
    end, first_end = {"crlf": (b"\r\n", b"\r\n"), "lf": (b"\n", b"\n"), "mixed": (b"\r\n", b"\n")}[
        ends
    ]
    data = START_LINE[role] + first_end + b" X: a" + end + b"Host: a" + end + end
    outcome = run(receiver(role), pieces(data, split))
    assert outcome == Outcome(
        [], rpe("continuation line at start of headers"), their_error_states(role)
    )


def chunked_post(*trailer_part: bytes) -> bytes:
    return (
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n"
        + b"".join(trailer_part)
    )


@SPLITS
@pytest.mark.parametrize(
    "trailers",
    [
        b"X-T: a\nY: b\r\n\r\n",
        b"X-T: a\r\nY: b\n\r\n",
        b"X-T: a\r\nY: b\r\n\n",
        b"X-T: a\nY: b\n\n",
        b"X-T: a\r\nY:\r\n b\r\n\r\n",
    ],
    ids=["lf-first", "lf-second", "lf-terminator", "lf-only", "fold"],
)
def test_trailers_with_bare_lf_or_fold_equal_the_crlf_trailers(
    trailers: bytes, split: str
) -> None:
    reference = run(h11.Connection(h11.SERVER), [chunked_post(b"X-T: a\r\nY: b\r\n\r\n")])
    assert reference.events[-1] == h11.EndOfMessage(headers=[("X-T", "a"), ("Y", "b")])
    assert run(h11.Connection(h11.SERVER), pieces(chunked_post(trailers), split)) == reference


@SPLITS
@pytest.mark.parametrize(
    ("trailers", "error"),
    [
        (b"X-T: a\rb\r\n\r\n", illegal_line(b"X-T: a\rb")),
        (b"X-T: a\x00\r\n\r\n", illegal_line(b"X-T: a\x00")),
        (b"X-T: a\x0b\r\n\r\n", illegal_line(b"X-T: a\x0b")),
        (b"X-T : a\r\n\r\n", illegal_line(b"X-T : a")),
        (b" X-T: a\r\n\r\n", rpe("continuation line at start of headers")),
        (
            b"Transfer-Encoding: gzip\r\n\r\n",
            rpe("Only Transfer-Encoding: chunked is supported", 501),
        ),
    ],
    ids=["bare-cr", "nul", "vt", "space-before-colon", "fold-first", "te"],
)
def test_bad_trailer_lines_are_rejected(
    name_cache: str, trailers: bytes, error: Error, split: str
) -> None:
    outcome = run(h11.Connection(h11.SERVER), pieces(chunked_post(trailers), split))
    assert outcome.events[1:] == [h11.Data(data=b"abc")]
    assert outcome.error == error


# --------------------------------------------------------------------------------------------
# 3. Connection._awaiting_line_end: an incomplete head answers NEED_DATA without parsing
#    until a CR or LF arrives


@SPLITS
@pytest.mark.parametrize(
    ("data", "events", "error"),
    [
        (b"\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", 2, None),
        (b"\n\r\n\nGET / HTTP/1.1\nHost: a\n\n", 2, None),
        (b"\r\n \r\n", 0, rpe("illegal request line")),
        (b"\r\n\r\n\x16\x03\x01\x00", 0, rpe("illegal request line")),
        (b"\n\tGET / HTTP/1.1\r\n", 0, rpe("illegal request line")),
        (b"\rGET / HTTP/1.1\r\n", 0, rpe("illegal request line")),
        (b"\r\r\n", 0, rpe("illegal request line")),
        (b"\r\n\r\n\x00", 0, rpe("illegal request line")),
    ],
    ids=[
        "blank-lines-then-request",
        "lf-blank-lines-then-request",
        "space-after-blank-line",
        "tls-after-blank-lines",
        "tab-after-lf",
        "lone-cr-then-method",
        "cr-cr-lf",
        "nul-after-blank-lines",
    ],
)
def test_first_byte_after_skipped_blank_lines_decides_as_when_whole(
    data: bytes, events: int, error: Error | None, split: str
) -> None:
    outcome = run(h11.Connection(h11.SERVER), pieces(data, split))
    assert (len(outcome.events), outcome.error) == (events, error)


@pytest.mark.parametrize("data", [b"\r", b"\rH", b" H", b"\x16\x03"], ids=repr)
def test_client_rejects_a_bad_first_byte_before_any_line_end(data: bytes) -> None:
    conn = client_waiting_for_response()
    outcome = run(conn, pieces(data, "bytewise"))
    assert outcome.error == rpe("illegal request line")
    assert outcome.states == their_error_states(h11.CLIENT)


@pytest.mark.parametrize("data", [b"\r\n", b"\n", b"\r\nHTTP/1.1 200 OK\r\n\r\n"], ids=repr)
@SPLITS
def test_client_rejects_a_blank_line_before_the_status_line(data: bytes, split: str) -> None:
    # Q5 (design-receive): a lone first CR is rejected at once by the response parser.
    message = "illegal request line" if split == "bytewise" and data[:1] == b"\r" else None
    outcome = run(client_waiting_for_response(), pieces(data, split))
    assert outcome.error == rpe(message or "no response line received")


INCOMPLETE = {
    # role -> bytes without a complete head (and, for the first, no line end at all)
    h11.SERVER: [b"GET /" + b"a" * 60, b"GET / HTTP/1.1\r\nHost: " + b"a" * 60],
    h11.CLIENT: [b"HTTP/1.1 200 " + b"a" * 60, b"HTTP/1.1 200 OK\r\nServer: " + b"a" * 60],
}


def trickle_until_error(conn: h11.Connection, data: bytes, step: int) -> tuple[int, Error]:
    """Feed ``data`` ``step`` bytes at a time; return the bytes fed when an RPE came, and it."""
    fed = 0
    while fed < len(data):
        conn.receive_data(data[fed : fed + step])
        fed += step
        try:
            assert conn.next_event() is h11.NEED_DATA
            assert conn.next_event() is h11.NEED_DATA
        except RPE as exc:
            return fed, (type(exc), str(exc), exc.error_status_hint)
    raise AssertionError("no error")


@ROLES
@pytest.mark.parametrize("which", [0, 1], ids=["no-line-end", "after-a-line-end"])
@pytest.mark.parametrize("step", [1, 3, 7])
@pytest.mark.parametrize("limit", [0, 1, 20, 30])
def test_trickled_incomplete_head_hits_431_at_the_byte_count_of_the_whole_feed(
    role: Any, which: int, step: int, limit: int
) -> None:
    data = INCOMPLETE[role][which]
    # Whole but incomplete: exactly the limit is fine, one byte more is not (H8).
    if limit:
        assert run(receiver(role, max_incomplete_event_size=limit), [data[:limit]]).error is None
    too_long = run(receiver(role, max_incomplete_event_size=limit), [data[: limit + 1]])
    assert too_long.error == rpe("Receive buffer too long", 431)
    # Trickled: the error comes with the first piece that takes the buffer past the limit.
    conn = receiver(role, max_incomplete_event_size=limit)
    assert trickle_until_error(conn, data, step) == (
        (limit // step + 1) * step,
        rpe("Receive buffer too long", 431),
    )
    assert conn.states == their_error_states(role)


@SPLITS
def test_blank_lines_before_a_trickled_request_count_against_the_limit(split: str) -> None:
    data = b"\r\n" * 5 + b"GET /aaaaaaaaaa"  # 25 bytes, no complete head
    assert run(h11.Connection(h11.SERVER, max_incomplete_event_size=25), [data]).error is None
    outcome = run(h11.Connection(h11.SERVER, max_incomplete_event_size=24), pieces(data, split))
    assert outcome.error == rpe("Receive buffer too long", 431)


@SPLITS
@ROLES
@pytest.mark.parametrize("which", [0, 1], ids=["no-line-end", "after-a-line-end"])
def test_eof_while_a_head_trickles_is_an_unexpected_close(
    which: int, role: Any, split: str
) -> None:
    data = INCOMPLETE[role][which][:30]
    outcome = run(receiver(role), pieces(data, split), eof=True)
    assert outcome == Outcome(
        [], rpe("peer unexpectedly closed connection"), their_error_states(role)
    )


def half_received_request(split: str) -> h11.Connection:
    """A server that has seen ``GET / HT`` of a request (and said NEED_DATA)."""
    conn = h11.Connection(h11.SERVER)
    assert run(conn, pieces(b"GET / HT", split)) == Outcome(
        [], None, {h11.CLIENT: h11.IDLE, h11.SERVER: h11.IDLE}
    )
    return conn


@SPLITS
@pytest.mark.parametrize("more", [b"", b"TP/1.1", b"TP/1.1\r\nHost: a\r\n\r\n"], ids=repr)
@pytest.mark.parametrize("headers", [[], [("Content-Length", "0")]], ids=["no-cl", "cl-0"])
def test_server_that_answered_and_closed_mid_request_head_expects_eof(
    headers: list[tuple[str, str]], more: bytes, split: str
) -> None:
    conn = half_received_request(split)
    conn.send(h11.Response(status_code=408, headers=headers))
    conn.send(h11.EndOfMessage())
    conn.send(h11.ConnectionClosed())
    assert conn.states == {h11.CLIENT: h11.MUST_CLOSE, h11.SERVER: h11.CLOSED}
    outcome = run(conn, [more] if more else [], eof=not more)
    assert outcome == Outcome(
        [], rpe("Got data when expecting EOF"), {h11.CLIENT: h11.ERROR, h11.SERVER: h11.CLOSED}
    )
    with pytest.raises(RPE, match=r"^Can't receive data when peer state is ERROR$"):
        conn.next_event()


@SPLITS
@pytest.mark.parametrize(
    ("headers", "server_state"),
    [([("Content-Length", "0")], h11.DONE), ([], h11.MUST_CLOSE)],
    ids=["cl-0", "no-cl"],
)
def test_request_completed_after_server_answered_from_idle_is_a_state_error(
    headers: list[tuple[str, str]], server_state: Any, split: str
) -> None:
    # Q1: LPE(400) "can't handle event type Request when role=SERVER and state=...", via RPE.
    conn = half_received_request(split)
    conn.send(h11.Response(status_code=408, headers=headers))
    conn.send(h11.EndOfMessage())
    assert conn.states == {h11.CLIENT: h11.IDLE, h11.SERVER: server_state}
    assert run(conn, pieces(b"TP/1.1", split)).error is None
    outcome = run(conn, pieces(b"\r\nHost: a\r\n\r\n", split))
    assert outcome.error == rpe(
        f"can't handle event type Request when role=SERVER and state={server_state}"
    )
    assert outcome.states == {h11.CLIENT: h11.ERROR, h11.SERVER: h11.MUST_CLOSE}


@SPLITS
def test_client_that_closed_mid_response_head_expects_eof(split: str) -> None:
    conn = h11.Connection(h11.CLIENT)
    assert run(conn, pieces(b"HTTP/1.1 2", split)).error is None
    conn.send(h11.ConnectionClosed())
    assert conn.states == {h11.CLIENT: h11.CLOSED, h11.SERVER: h11.MUST_CLOSE}
    outcome = run(conn, pieces(b"00", split))
    assert outcome.error == rpe("Got data when expecting EOF")
    assert outcome.states == {h11.CLIENT: h11.CLOSED, h11.SERVER: h11.ERROR}


@SPLITS
def test_response_head_trickling_across_our_request_completes(split: str) -> None:
    conn = h11.Connection(h11.CLIENT)
    assert run(conn, pieces(b"HTTP/1.1 200 O", split)).events == []
    conn.send(h11.Request(method="GET", target="/", headers=[("Host", "a")]))
    assert conn.states == {h11.CLIENT: h11.SEND_BODY, h11.SERVER: h11.SEND_RESPONSE}
    outcome = run(conn, pieces(b"K\r\nContent-Length: 0\r\n\r\n", split))
    assert outcome.events == [
        h11.Response(status_code=200, reason=b"OK", headers=[("Content-Length", "0")]),
        h11.EndOfMessage(),
    ]


class BytesSubclass(bytes):
    """A bytes-like argument whose type is not exactly ``bytes``."""


PIECE_TYPES = {
    "bytearray": bytearray,
    "memoryview": memoryview,
    "bytes-subclass": BytesSubclass,
    "view-of-bytearray": lambda b: memoryview(bytearray(b)),
    # Bytes-like, but its items are 1-byte bytes objects: ``10 in view`` is always false.
    "char-view": lambda b: memoryview(b).cast("c"),
}


@ROLES
@pytest.mark.parametrize("make", list(PIECE_TYPES.values()), ids=list(PIECE_TYPES))
@pytest.mark.parametrize("cut", [1, 2, 3, 4, 5, 22])
def test_line_end_in_a_non_bytes_piece_ends_the_wait(role: Any, make: Any, cut: int) -> None:
    # The first part trickles in as bytes (the connection waits for a line end); the
    # rest, holding the line ends that complete the head, comes as another type.
    data = head(role, b"Host: a", b"Content-Length: 0")
    first, rest = data[:-cut], data[-cut:]
    conn = receiver(role)
    assert run(conn, pieces(first, "bytewise")).events == []
    outcome = run(conn, [make(rest)])
    assert [type(event) for event in outcome.events] == [
        h11.Request if role is h11.SERVER else h11.Response,
        h11.EndOfMessage,
    ]


@ROLES
@pytest.mark.parametrize("make", list(PIECE_TYPES.values()), ids=list(PIECE_TYPES))
def test_trickled_non_bytes_pieces_give_the_events_of_bytes(role: Any, make: Any) -> None:
    data = head(role, b"Host: a", b"X: y", b"Content-Length: 2") + b"ok"
    reference = run(receiver(role), [data])
    chunks = [make(data[i : i + 1]) for i in range(len(data))]
    assert run(receiver(role), chunks) == reference


# --------------------------------------------------------------------------------------------
# 4. _headers user-header caches (_STR_NAMES, _BYTES_NAMES, _STR_VALUES, _BYTES_VALUES)


def prime_header_caches() -> None:
    """Construct events with valid str and bytes names and values (warms the caches)."""
    h11.Request(
        method="GET",
        target="/",
        headers=[
            ("Host", "a"),
            ("X-Name", "value"),
            (b"X-Name", b"value"),
            ("Content-Length", "5"),
            (b"Content-Length", b"5"),
            ("Transfer-Encoding", "chunked"),
            ("Connection", "close"),
        ],
    )
    h11.Response(status_code=200, headers=[("X-Name", "value"), (b"X-Name", b"value")])


@pytest.fixture(params=["cold", "warm"])
def header_cache(request: pytest.FixtureRequest, saved_caches: None) -> str:
    """The user-header caches, empty ("cold") or holding the priming names and values."""
    if request.param == "warm":
        prime_header_caches()
    return str(request.param)


def construct(kind: str, pairs: list[Any]) -> Any:
    if kind == "request":
        return h11.Request(method="GET", target="/", headers=[("Host", "a"), *pairs])
    if kind == "response":
        return h11.Response(status_code=200, headers=pairs)
    if kind == "trailers":
        return h11.EndOfMessage(headers=pairs)
    return h11.InformationalResponse(status_code=100, headers=pairs)


def failure(kind: str, pairs: list[Any]) -> tuple[type, str, int | None]:
    """The exception constructing the event raises: (type, message, hint or None)."""
    try:
        construct(kind, pairs)
    except Exception as exc:
        return (type(exc), str(exc), getattr(exc, "error_status_hint", None))
    raise AssertionError(f"no exception for {pairs!r}")


def unicode_error(text: str) -> str:
    try:
        text.encode("ascii")
    except UnicodeEncodeError as exc:
        return str(exc)
    raise AssertionError(text)


INT_ERROR = (TypeError, "expected bytes-like object, not int", None)

BAD_USER_HEADERS = [
    pytest.param(("X-Name ", "value"), (LPE, "Illegal header name b'X-Name '", 400), id="name-sp"),
    pytest.param(
        ("X-Name\r", "value"), (LPE, "Illegal header name b'X-Name\\r'", 400), id="name-cr"
    ),
    pytest.param(
        ("X-Name\n", "value"), (LPE, "Illegal header name b'X-Name\\n'", 400), id="name-lf"
    ),
    pytest.param(
        ("X-Name\x00", "value"), (LPE, "Illegal header name b'X-Name\\x00'", 400), id="name-nul"
    ),
    pytest.param(
        (" X-Name", "value"), (LPE, "Illegal header name b' X-Name'", 400), id="name-lsp"
    ),
    pytest.param(("", "value"), (LPE, "Illegal header name b''", 400), id="name-empty"),
    pytest.param(
        (b"X-Name ", b"value"), (LPE, "Illegal header name b'X-Name '", 400), id="bytes-name-sp"
    ),
    pytest.param(
        ("X-Name", "value "), (LPE, "Illegal header value b'value '", 400), id="value-sp"
    ),
    pytest.param(
        ("X-Name", " value"), (LPE, "Illegal header value b' value'", 400), id="value-lsp"
    ),
    pytest.param(
        ("X-Name", "value\t"), (LPE, "Illegal header value b'value\\t'", 400), id="value-tab"
    ),
    pytest.param(
        ("X-Name", "value\r"), (LPE, "Illegal header value b'value\\r'", 400), id="value-cr"
    ),
    pytest.param(
        ("X-Name", "value\n"), (LPE, "Illegal header value b'value\\n'", 400), id="value-lf"
    ),
    pytest.param(
        ("X-Name", "val\r\nue"), (LPE, "Illegal header value b'val\\r\\nue'", 400), id="value-crlf"
    ),
    pytest.param(
        ("X-Name", "value\x00"), (LPE, "Illegal header value b'value\\x00'", 400), id="value-nul"
    ),
    pytest.param(
        ("X-Name", "val\x0bue"), (LPE, "Illegal header value b'val\\x0bue'", 400), id="value-vt"
    ),
    pytest.param(
        ("X-Name", "val\x0cue"), (LPE, "Illegal header value b'val\\x0cue'", 400), id="value-ff"
    ),
    pytest.param(
        (b"X-Name", b"value\r\n"),
        (LPE, "Illegal header value b'value\\r\\n'", 400),
        id="bytes-crlf",
    ),
    pytest.param(
        ("X-Nam\u00e9", "value"),
        (UnicodeEncodeError, unicode_error("X-Nam\u00e9"), None),
        id="name-non-ascii",
    ),
    pytest.param(
        ("X-Name", "valu\u00e9"),
        (UnicodeEncodeError, unicode_error("valu\u00e9"), None),
        id="value-non-ascii",
    ),
    pytest.param((5, "value"), INT_ERROR, id="name-int"),
    pytest.param(("X-Name", 5), INT_ERROR, id="value-int"),
    pytest.param(("X-Name", True), INT_ERROR, id="value-bool"),
    pytest.param(
        (bytearray(b"X-Name "), "value"),
        (LPE, "Illegal header name b'X-Name '", 400),
        id="bytearray-name",
    ),
    pytest.param(
        ("X-Name", bytearray(b"value ")),
        (LPE, "Illegal header value b'value '", 400),
        id="bytearray-value",
    ),
    pytest.param(
        (memoryview(b"X Name"), "value"), (LPE, "Illegal header name b'X Name'", 400), id="view"
    ),
]


@pytest.mark.parametrize("kind", ["request", "response", "informational", "trailers"])
@pytest.mark.parametrize(("pair", "expected"), BAD_USER_HEADERS)
def test_cached_header_names_and_values_do_not_admit_invalid_ones(
    header_cache: str, pair: tuple[Any, Any], expected: tuple[type, str, int | None], kind: str
) -> None:
    assert failure(kind, [pair]) == expected
    # The same pair after a valid, cached one, and before one.
    assert failure(kind, [("X-Name", "value"), pair]) == expected
    assert failure(kind, [pair, (b"X-Name", b"value")]) == expected


@pytest.mark.parametrize(
    "pair",
    [
        ("X-Name", "value"),
        (b"X-Name", b"value"),
        ("X-Name", b"value"),
        (b"X-Name", "value"),
        (bytearray(b"X-Name"), bytearray(b"value")),
        (memoryview(b"X-Name"), memoryview(b"value")),
    ],
    ids=["str", "bytes", "str-bytes", "bytes-str", "bytearray", "memoryview"],
)
def test_str_and_bytes_of_the_same_text_give_the_same_header(
    header_cache: str, pair: tuple[Any, Any]
) -> None:
    for _ in range(2):  # the second time, whatever could be cached is
        event = h11.Response(status_code=200, headers=[pair])
        assert event.headers.raw_items() == [(b"X-Name", b"value")]
        assert list(event.headers) == [(b"x-name", b"value")]
        raw_name, value = event.headers.raw_items()[0]
        assert (type(raw_name), type(value)) == (bytes, bytes)


@pytest.mark.parametrize("special_first", [True, False], ids=["special-first", "plain-first"])
@pytest.mark.parametrize(
    ("special", "value", "stored"),
    [
        ("Transfer-Encoding", "Chunked", b"chunked"),
        ("Transfer-Encoding", b"CHUNKED", b"chunked"),
        ("Content-Length", "5, 5", b"5"),
        ("Content-Length", b"5,5", b"5"),
        ("Content-Length", "007", b"007"),
        ("Connection", "Close", b"Close"),
    ],
)
def test_normalised_special_values_do_not_leak_into_other_headers(
    header_cache: str, special: str, value: Any, stored: bytes, special_first: bool
) -> None:
    def special_event() -> Any:
        return h11.Response(status_code=200, headers=[(special, value)])

    def plain_event() -> Any:
        return h11.Response(status_code=200, headers=[("X-Other", value)])

    order = [special_event, plain_event] if special_first else [plain_event, special_event]
    for _ in range(2):
        for make in order:
            event = make()
            if make is special_event:
                assert list(event.headers) == [(special.lower().encode(), stored)]
            else:
                given = value.encode() if isinstance(value, str) else value
                assert list(event.headers) == [(b"x-other", given)]


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        (
            [("Content-Length", "1"), ("Content-Length", "2"), ("X",)],
            (LPE, "conflicting Content-Length headers", 400),
        ),
        (
            [("Content-Length", "1"), ("Content-Length", "2"), None],
            (LPE, "conflicting Content-Length headers", 400),
        ),
        (
            [("Transfer-Encoding", "chunked"), ("Transfer-Encoding", "chunked"), ("X", "y", "z")],
            (LPE, "multiple Transfer-Encoding headers", 501),
        ),
        (
            [("Content-Length", "1"), ("Content-Length", "2"), ("X", "\x00")],
            (LPE, "conflicting Content-Length headers", 400),
        ),
        (
            [("Content-Length", "1"), ("X", "\x00"), ("Content-Length", "2")],
            (LPE, "Illegal header value b'\\x00'", 400),
        ),
        (
            [("Content-Length", "x"), (5, "v")],
            (LPE, "bad Content-Length", 400),
        ),
    ],
    ids=[
        "cl-then-short-pair",
        "cl-then-none",
        "te-then-long-pair",
        "cl-then-nul",
        "nul-then-cl",
        "bad-cl-then-int",
    ],
)
def test_header_pairs_are_checked_in_order(
    header_cache: str, pairs: list[Any], expected: tuple[type, str, int]
) -> None:
    # design-errors: pair by pair, each through every rule (RFC 9110 §5.5, §5.6.2, including
    # the Content-Length / Transfer-Encoding ones of RFC 9112 §6.1); the first failure wins.
    assert failure("response", pairs) == expected


def test_header_pairs_from_a_generator_are_checked_before_it_fails(header_cache: str) -> None:
    def pairs() -> Iterator[tuple[str, str]]:
        yield ("Content-Length", "1")
        yield ("Content-Length", "2")
        raise KeyError("the generator gave up")

    with pytest.raises(LPE, match=r"^conflicting Content-Length headers$"):
        h11.Response(status_code=200, headers=pairs())


def check_header_caches_hold_only_valid_entries() -> None:
    for given, (name, lowered) in _headers._STR_NAMES.items():
        assert type(given) is str
        assert name == given.encode("ascii")
        assert lowered == name.lower()
        assert TOKEN.fullmatch(name), given
    for given, (name, lowered) in _headers._BYTES_NAMES.items():
        assert type(given) is bytes
        assert (name, lowered) == (given, given.lower())
        assert TOKEN.fullmatch(name), given
    for given, value in _headers._STR_VALUES.items():
        assert type(given) is str
        assert value == given.encode("ascii")
        assert FIELD_VALUE.fullmatch(value), given
    for given, value in _headers._BYTES_VALUES.items():
        assert type(given) is bytes
        assert value == given
        assert FIELD_VALUE.fullmatch(value), given
    for cache, kind in [(_headers._STR_PAIRS, str), (_headers._BYTES_PAIRS, bytes)]:
        assert len(cache) <= _headers._PAIRS_MAX_ENTRIES
        for given, item in cache.items():
            assert type(given) is tuple
            assert [type(part) for part in given] == [kind, kind]
            name, value = (p.encode("ascii") if kind is str else p for p in given)
            assert item == (name, name.lower(), value), given
            assert TOKEN.fullmatch(name), given
            assert FIELD_VALUE.fullmatch(value), given
            assert name.lower() not in CREDENTIAL_NAMES, given
    assert len(_headers._BYTES_LISTS) <= _headers._LISTS_MAX_ENTRIES
    for given_list, headers in _headers._BYTES_LISTS.items():
        assert type(given_list) is tuple
        assert type(headers._full_items) is tuple
        assert len(given_list) == len(headers._full_items) <= _headers._LISTS_MAX_PAIRS
        for (name, value), item in zip(given_list, headers._full_items, strict=True):
            assert [type(name), type(value)] == [bytes, bytes]
            assert item[:2] == (name, name.lower())
            assert TOKEN.fullmatch(name), given_list
            assert FIELD_VALUE.fullmatch(item[2]), given_list
            assert name.lower() not in CREDENTIAL_NAMES, given_list


@ours_only
@pytest.mark.usefixtures("saved_caches")
def test_header_caches_never_hold_a_rejected_name_or_value() -> None:
    prime_header_caches()
    for param in BAD_USER_HEADERS:
        pair, _ = param.values
        for pairs in ([pair], [("X-Ok", "ok"), pair], [pair, ("X-Ok", "ok")]):
            with pytest.raises((LPE, TypeError, UnicodeEncodeError)):
                h11.Response(status_code=200, headers=pairs)
    check_header_caches_hold_only_valid_entries()
    assert "X-Name" in _headers._STR_NAMES
    assert b"value" in _headers._BYTES_VALUES
    assert ("X-Name", "value") in _headers._STR_PAIRS
    assert (b"X-Name", b"value") in _headers._BYTES_PAIRS


@ours_only
@pytest.mark.usefixtures("saved_caches")
def test_pair_caches_take_only_tuples_of_one_kind_and_no_credentials() -> None:
    pairs: list[Any] = [
        ("X-Str", "v"),
        (b"X-Bytes", b"v"),
        ("X-Mixed", b"v"),
        (b"X-Mixed2", "v"),
        ["X-List", "v"],
        (bytearray(b"X-Array"), b"v"),
        ("Authorization", "Bearer secret"),
        (b"Cookie", b"id=secret"),
        ("Set-Cookie", "id=secret"),
        (b"Proxy-Authorization", b"Basic secret"),
        ("X-Long", "v" * (_headers._CACHE_MAX_LENGTH + 1)),
    ]
    for _ in range(2):
        event = h11.Response(status_code=200, headers=pairs)
        assert event.headers.raw_items() == [
            (
                bytes(name, "ascii") if type(name) is str else bytes(name),
                bytes(value, "ascii") if type(value) is str else bytes(value),
            )
            for name, value in pairs
        ]
    assert set(_headers._STR_PAIRS) == {("X-Str", "v")}
    assert set(_headers._BYTES_PAIRS) == {(b"X-Bytes", b"v")}
    assert "Bearer secret" not in _headers._STR_VALUES
    assert b"id=secret" not in _headers._BYTES_VALUES
    check_header_caches_hold_only_valid_entries()


@ours_only
@pytest.mark.usefixtures("saved_caches")
def test_header_caches_stay_bounded_and_correct_past_their_limit() -> None:
    limit = _headers._CACHE_MAX_ENTRIES
    for i in range(limit + 50):
        pairs = [(f"X-Fill-{i}", f"v{i}"), (b"X-Bytes-%d" % i, b"w%d" % i)]
        event = h11.Response(status_code=200, headers=pairs)
        assert list(event.headers) == [
            (f"x-fill-{i}".encode(), f"v{i}".encode()),
            (b"x-bytes-%d" % i, b"w%d" % i),
        ]
    for cache in (_headers._STR_NAMES, _headers._BYTES_NAMES):
        assert len(cache) <= limit
    for cache in (_headers._STR_VALUES, _headers._BYTES_VALUES):
        assert len(cache) <= limit
    # The pair caches were emptied when full and hold the latest pairs.
    for cache in (_headers._STR_PAIRS, _headers._BYTES_PAIRS):
        assert 0 < len(cache) <= _headers._PAIRS_MAX_ENTRIES
    assert (f"X-Fill-{limit + 49}", f"v{limit + 49}") in _headers._STR_PAIRS
    # Full caches: new names and values are still checked, long ones still work.
    long_name, long_value = "X-" + "n" * 300, "v" * 300
    event = h11.Response(status_code=200, headers=[(long_name, long_value)])
    assert event.headers.raw_items() == [(long_name.encode(), long_value.encode())]
    assert long_name not in _headers._STR_NAMES
    assert long_value not in _headers._STR_VALUES
    for param in BAD_USER_HEADERS:
        pair, expected = param.values
        assert failure("response", [pair]) == expected
    check_header_caches_hold_only_valid_entries()


def test_str_and_bytes_names_never_compare_with_each_other() -> None:
    # Under ``python -b`` comparing str with bytes warns; an ASCII str and its bytes hash
    # alike, so one dict holding both would compare them.
    code = (
        "import h11\n"
        "for pairs in ([('X-A', 'v')], [(b'X-A', b'v')], [('X-A', b'v')], [(b'X-A', 'v')]) * 2:\n"
        "    h11.Response(status_code=200, headers=pairs)\n"
    )
    result = subprocess.run(
        [sys.executable, "-b", "-W", "error::BytesWarning", "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr


# --------------------------------------------------------------------------------------------
# 5. Connection._clean_up_response_headers_for_sending: a fixed-length response on a kept-alive
#    connection is sent as is; a final "Transfer-Encoding: chunked" stays


REQUESTS = {
    "1.1": b"GET / HTTP/1.1\r\nHost: a\r\n\r\n",
    "1.1-close": b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
    "1.0": b"GET / HTTP/1.0\r\n\r\n",
    "1.0-keep-alive": b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
    "head-1.1": b"HEAD / HTTP/1.1\r\nHost: a\r\n\r\n",
    "head-1.0": b"HEAD / HTTP/1.0\r\n\r\n",
    "none": b"",
}

CL5 = ("Content-Length", "5")
TE = ("Transfer-Encoding", "chunked")
CLOSE = ("Connection", "close")

# (request, status, headers, head written, keep-alive afterwards); docs/design.rst,
# design-response-fixes.
RESPONSE_FIXUPS = [
    ("1.1", 200, [CL5], b"Content-Length: 5\r\n", True),
    ("1.1", 200, [("content-length", "5")], b"content-length: 5\r\n", True),
    ("1.1-close", 200, [CL5], b"Content-Length: 5\r\nConnection: close\r\n", False),
    ("1.0", 200, [CL5], b"Content-Length: 5\r\nConnection: close\r\n", False),
    ("1.0-keep-alive", 200, [CL5], b"Content-Length: 5\r\nConnection: close\r\n", False),
    ("1.1", 200, [TE], b"Transfer-Encoding: chunked\r\n", True),
    ("1.1", 200, [], b"Transfer-Encoding: chunked\r\n", True),
    ("1.1", 200, [TE, ("X", "y")], b"X: y\r\nTransfer-Encoding: chunked\r\n", True),
    ("1.1", 200, [("transfer-encoding", "chunked")], b"Transfer-Encoding: chunked\r\n", True),
    ("1.1", 200, [("Transfer-Encoding", "Chunked")], b"Transfer-Encoding: chunked\r\n", True),
    ("1.1", 200, [("TRANSFER-ENCODING", "CHUNKED")], b"Transfer-Encoding: chunked\r\n", True),
    ("1.1", 200, [CL5, TE], b"Transfer-Encoding: chunked\r\n", True),
    ("1.1", 200, [TE, CL5], b"Transfer-Encoding: chunked\r\n", True),
    ("1.1", 200, [("X", "y"), TE, CL5], b"X: y\r\nTransfer-Encoding: chunked\r\n", True),
    ("1.1-close", 200, [TE], b"Transfer-Encoding: chunked\r\nConnection: close\r\n", False),
    ("1.1-close", 200, [TE, CLOSE], b"Transfer-Encoding: chunked\r\nConnection: close\r\n", False),
    ("1.1-close", 200, [CLOSE, TE], b"Transfer-Encoding: chunked\r\nConnection: close\r\n", False),
    (
        "1.1-close",
        200,
        [CL5, TE, CLOSE],
        b"Transfer-Encoding: chunked\r\nConnection: close\r\n",
        False,
    ),
    ("1.0", 200, [], b"Connection: close\r\n", False),
    ("1.0", 200, [TE], b"Connection: close\r\n", False),
    ("1.0", 200, [TE, ("X", "y")], b"X: y\r\nConnection: close\r\n", False),
    ("1.0", 200, [CL5, TE, CLOSE], b"Connection: close\r\n", False),
    ("1.0", 200, [CLOSE], b"Connection: close\r\n", False),
    ("1.0", 200, [("Connection", "Close")], b"Connection: close\r\n", False),
    ("head-1.1", 200, [CL5], b"Content-Length: 5\r\n", True),
    ("head-1.1", 200, [], b"Transfer-Encoding: chunked\r\n", True),
    ("head-1.1", 200, [TE, CL5], b"Transfer-Encoding: chunked\r\n", True),
    ("head-1.1", 200, [TE], b"Transfer-Encoding: chunked\r\n", True),
    ("head-1.0", 200, [], b"Connection: close\r\n", False),
    ("head-1.0", 200, [TE], b"Connection: close\r\n", False),
    ("head-1.0", 200, [CL5], b"Content-Length: 5\r\nConnection: close\r\n", False),
    ("1.1", 204, [TE], b"Transfer-Encoding: chunked\r\n", True),
    ("1.1", 204, [], b"", True),
    ("1.1", 304, [CL5], b"Content-Length: 5\r\n", True),
    ("1.1", 304, [CL5, TE], b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", True),
    ("1.1-close", 204, [], b"Connection: close\r\n", False),
    ("1.1-close", 304, [TE], b"Transfer-Encoding: chunked\r\nConnection: close\r\n", False),
    ("1.1", 200, [CLOSE, CL5], b"Connection: close\r\nContent-Length: 5\r\n", False),
    ("1.1-close", 200, [CL5, CLOSE], b"Content-Length: 5\r\nConnection: close\r\n", False),
    ("1.1-close", 200, [CLOSE, CL5], b"Content-Length: 5\r\nConnection: close\r\n", False),
    (
        "1.1-close",
        200,
        [CL5, ("connection", "close")],
        b"Content-Length: 5\r\nConnection: close\r\n",
        False,
    ),
    (
        "1.1-close",
        200,
        [CL5, ("Connection", "Close")],
        b"Content-Length: 5\r\nConnection: close\r\n",
        False,
    ),
    ("1.1-close", 200, [CLOSE, CL5, CLOSE], b"Content-Length: 5\r\nConnection: close\r\n", False),
    (
        "1.1-close",
        200,
        [CL5, ("Connection", "Keep-Alive, Upgrade")],
        b"Content-Length: 5\r\nConnection: close\r\nConnection: upgrade\r\n",
        False,
    ),
    (
        "1.1-close",
        200,
        [("Connection", "upgrade"), CL5, CLOSE],
        b"Content-Length: 5\r\nConnection: close\r\nConnection: upgrade\r\n",
        False,
    ),
    ("none", 408, [], b"Connection: close\r\n", False),
    ("none", 408, [("Content-Length", "0")], b"Content-Length: 0\r\n", True),
    ("none", 400, [CLOSE], b"Connection: close\r\n", False),
    ("none", 400, [TE], b"Connection: close\r\n", False),
]


@pytest.mark.parametrize(
    ("request_name", "status", "headers", "written", "keep_alive"),
    RESPONSE_FIXUPS,
    ids=[
        f"{r}-{s}-{'+'.join(n.lower() for n, _ in h) or 'none'}"
        for r, s, h, _, _ in RESPONSE_FIXUPS
    ],
)
def test_response_framing_headers_are_fixed_exactly_as_specified(
    request_name: str,
    status: int,
    headers: list[tuple[str, str]],
    written: bytes,
    keep_alive: bool,
) -> None:
    conn = h11.Connection(h11.SERVER)
    if REQUESTS[request_name]:
        conn.receive_data(REQUESTS[request_name])
        assert type(conn.next_event()) is h11.Request
    sent = conn.send(h11.Response(status_code=status, headers=headers))
    assert sent == b"HTTP/1.1 %d \r\n" % status + written + b"\r\n"
    assert conn._cstate.keep_alive is keep_alive


# --------------------------------------------------------------------------------------------
# 6. Chunk-size lines: hex digits and CRLF take the fast path; the rest goes to the grammar


CHUNKED_HEAD = b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
WARM_CHUNK = b"5\r\nhello\r\n"

BAD_CHUNK_SIZES = [
    pytest.param(b"0x3", id="0x-prefix"),
    pytest.param(b"0X3", id="0X-prefix"),
    pytest.param(b"+3", id="plus"),
    pytest.param(b"-3", id="minus"),
    pytest.param(b"3_0", id="underscore"),
    pytest.param(b" 3", id="leading-sp"),
    pytest.param(b"3 ", id="trailing-sp"),
    pytest.param(b"\t3", id="leading-tab"),
    pytest.param(b"3\t", id="trailing-tab"),
    pytest.param(b"0" * 20 + b"3", id="21-digits-leading-zeros"),
    pytest.param(b"f" * 21, id="21-digits"),
    pytest.param(b"", id="empty"),
    pytest.param(b";a=b", id="extension-without-size"),
    pytest.param(b"3;", id="lone-semicolon"),
    pytest.param(b"3 ;", id="sp-lone-semicolon"),
    pytest.param(b"3;a=", id="empty-extension-value"),
    pytest.param(b"3;=b", id="empty-extension-name"),
    pytest.param(b"3;a=b;", id="trailing-semicolon"),
    pytest.param(b'3;a="b', id="unterminated-quote"),
    pytest.param(b"3;a\rb", id="cr-in-extension"),
    pytest.param(b"3;a\x00", id="nul-in-extension"),
    pytest.param(b"3\x00", id="nul-after-size"),
    pytest.param(b"3\r", id="cr-before-crlf"),
    pytest.param(b"3\nabc", id="bare-lf"),
    pytest.param(b"g", id="not-hex"),
    pytest.param(b"3g", id="hex-then-letter"),
    pytest.param(b"3 4", id="two-numbers"),
    pytest.param(b"\xb3", id="obs-text"),
    pytest.param("\u0663".encode(), id="arabic-indic-digit-utf8"),
]


@SPLITS
@pytest.mark.parametrize("warm", [False, True], ids=["first-chunk", "after-a-chunk"])
@pytest.mark.parametrize("size", BAD_CHUNK_SIZES)
def test_chunk_size_lines_outside_the_grammar_are_rejected(
    size: bytes, warm: bool, split: str
) -> None:
    # H1: RPE(400) "illegal chunk header: ...", the line through its first impossible byte.
    line = size + b"\r\n"
    data = CHUNKED_HEAD + (WARM_CHUNK if warm else b"") + line + b"abc\r\n0\r\n\r\n"
    outcome = run(h11.Connection(h11.SERVER), pieces(data, split))
    assert outcome.events[1:] == ([h11.Data(data=b"hello")] if warm else [])
    shown = through_first_impossible_byte(line)
    assert outcome.error == rpe(f"illegal chunk header: {bytearray(shown)!r}")
    assert outcome.states == {h11.CLIENT: h11.ERROR, h11.SERVER: h11.SEND_RESPONSE}


@pytest.mark.parametrize("size", BAD_CHUNK_SIZES)
def test_chunked_reader_rejects_bad_chunk_size_lines(size: bytes) -> None:
    # The mitmproxy interface (design-private-imports): the reader raises LocalProtocolError.
    line = size + b"\r\n"
    reader, buf = ChunkedReader(), ReceiveBuffer()
    buf += WARM_CHUNK
    assert reader(buf) == h11.Data(data=b"hello", chunk_start=True, chunk_end=True)
    buf += line + b"abc\r\n"
    with pytest.raises(LPE) as excinfo:
        read_until_none(reader, buf)
    shown = through_first_impossible_byte(line)
    assert str(excinfo.value) == f"illegal chunk header: {bytearray(shown)!r}"


def read_until_none(reader: ChunkedReader, buf: ReceiveBuffer) -> None:
    while reader(buf) is not None:
        pass


GOOD_CHUNK_SIZES = [
    (b"3", 3),
    (b"03", 3),
    (b"0" * 19 + b"3", 3),
    (b"a", 10),
    (b"A", 10),
    (b"aB", 171),
    (b"Ab", 171),
    (b"3;a", 3),
    (b"3;a=b", 3),
    (b"3 ;a=b", 3),
    (b"3\t;\ta\t=\tb", 3),
    (b'3;a="q\\"x"', 3),
    (b"0" * 19 + b"a;x=y", 10),
]


@SPLITS
@pytest.mark.parametrize(("size", "length"), GOOD_CHUNK_SIZES)
def test_chunk_size_lines_in_the_grammar_give_the_fast_path_events(
    size: bytes, length: int, split: str
) -> None:
    body = bytes(range(65, 65 + length))
    chunk = b"%x\r\n" % length + body + b"\r\n"  # the plain form: fast path
    reference = run(h11.Connection(h11.SERVER), [CHUNKED_HEAD + chunk + b"0\r\n\r\n"], merge=False)
    assert reference.events[1:] == [
        h11.Data(data=body, chunk_start=True, chunk_end=True),
        h11.EndOfMessage(),
    ]
    data = CHUNKED_HEAD + size + b"\r\n" + body + b"\r\n0\r\n\r\n"
    assert run(h11.Connection(h11.SERVER), pieces(data, split)) == run(
        h11.Connection(h11.SERVER), pieces(CHUNKED_HEAD + chunk + b"0\r\n\r\n", split)
    )
    if split == "whole":
        assert run(h11.Connection(h11.SERVER), [data], merge=False) == reference


@pytest.mark.parametrize("size", [b"f" * 20, b"F" * 20, b"0" * 20, b"1" + b"0" * 19])
def test_twenty_hex_digits_are_accepted(size: bytes) -> None:
    conn = h11.Connection(h11.SERVER)
    outcome = run(conn, [CHUNKED_HEAD + size + b"\r\nxyz"], merge=False)
    assert outcome.error is None
    if int(size, 16):
        assert outcome.events[1:] == [h11.Data(data=b"xyz", chunk_start=True, chunk_end=False)]
    else:
        # A last chunk: "xyz" begins the trailer section.
        assert outcome.events[1:] == []


# --------------------------------------------------------------------------------------------
# 7. _headers.build_headers: Content-Length digits, Connection compare, Transfer-Encoding


CONTENT_LENGTHS = [
    ("0" * 19 + "1", b"0" * 19 + b"1", None),
    ("9" * 20, b"9" * 20, None),
    ("0" * 21, None, "bad Content-Length"),
    ("1" * 21, None, "bad Content-Length"),
    ("1" * 20 + ", " + "1" * 20, b"1" * 20, None),
    ("1" * 21 + ", " + "1" * 21, None, "bad Content-Length"),
    ("007", b"007", None),
    ("0", b"0", None),
    ("5, 5", b"5", None),
    ("5,5", b"5", None),
    ("5 ,5", b"5", None),
    ("5 , \t5", b"5", None),
    ("5, 6", None, "conflicting Content-Length headers"),
    ("5, 05", None, "conflicting Content-Length headers"),
    ("5,", None, "conflicting Content-Length headers"),
    (",5", None, "conflicting Content-Length headers"),
    ("", None, "bad Content-Length"),
    ("+5", None, "bad Content-Length"),
    ("-5", None, "bad Content-Length"),
    ("0x5", None, "bad Content-Length"),
    ("5_0", None, "bad Content-Length"),
    ("5 5", None, "bad Content-Length"),
    (b"\xb2", None, "bad Content-Length"),  # superscript two in Latin-1: not an ASCII digit
    ("\u0665".encode(), None, "bad Content-Length"),  # Arabic-Indic five, UTF-8
]


@pytest.mark.parametrize(("value", "stored", "error"), CONTENT_LENGTHS, ids=repr)
def test_content_length_of_user_headers(
    header_cache: str, value: Any, stored: bytes | None, error: str | None
) -> None:
    for _ in range(2):  # cold, then with whatever the first attempt cached
        if error is None:
            event = h11.Response(status_code=200, headers=[("Content-Length", value)])
            assert event.headers.raw_items() == [(b"Content-Length", stored)]
        else:
            assert failure("response", [("Content-Length", value)]) == (LPE, error, 400)


@SPLITS
@pytest.mark.parametrize(("value", "stored", "error"), CONTENT_LENGTHS, ids=repr)
def test_content_length_of_received_heads(
    value: Any, stored: bytes | None, error: str | None, split: str
) -> None:
    raw = value.encode() if isinstance(value, str) else value
    data = b"HTTP/1.1 200 OK\r\nContent-Length:  " + raw + b" \r\n\r\n"
    outcome = run(client_waiting_for_response(), pieces(data, split))
    if error is None:
        assert outcome.events[0].headers.raw_items() == [(b"Content-Length", stored)]
        assert outcome.error is None
    else:
        assert outcome == Outcome([], rpe(error), their_error_states(h11.CLIENT))


@pytest.mark.parametrize(
    ("values", "stored", "error"),
    [
        (["5", "5"], b"5", None),
        (["5", "5, 5"], b"5", None),
        (["5,5", "5"], b"5", None),
        (["5", "05"], None, "conflicting Content-Length headers"),
        (["5", "6"], None, "conflicting Content-Length headers"),
        (["5", "x"], None, "bad Content-Length"),
    ],
)
def test_repeated_content_length_headers_merge_or_conflict(
    header_cache: str, values: list[str], stored: bytes | None, error: str | None
) -> None:
    pairs = [("Content-Length", value) for value in values]
    if error is None:
        assert list(h11.Response(status_code=200, headers=pairs).headers) == [
            (b"content-length", stored)
        ]
    else:
        assert failure("response", pairs) == (LPE, error, 400)
    data = b"HTTP/1.1 200 OK\r\n" + b"".join(
        b"Content-Length: %s\r\n" % v.encode() for v in values
    )
    outcome = run(client_waiting_for_response(), [data + b"\r\n"])
    if error is None:
        assert list(outcome.events[0].headers) == [(b"content-length", stored)]
    else:
        assert outcome.error == rpe(error)


CONNECTION_VALUES = [
    ("close", False),
    ("Close", False),
    ("CLOSE", False),
    ("keep-alive, close", False),
    ("close, keep-alive", False),
    ("keep-alive,close", False),
    ("close,", False),
    (",close", False),
    ("upgrade, CLOSE", False),
    ("keep-alive", True),
    ("Keep-Alive", True),
    ("upgrade", True),
    ("closed", True),
    ("xclose", True),
    ("close-ish", True),
    ("close\tx", True),
    ("keep-alive, upgrade", True),
]


@pytest.mark.parametrize(("value", "keep_alive"), CONNECTION_VALUES)
@SPLITS
def test_connection_header_received_decides_keep_alive(
    value: str, keep_alive: bool, split: str
) -> None:
    data = b"GET / HTTP/1.1\r\nHost: a\r\nConnection: " + value.encode() + b"\r\n\r\n"
    conn = h11.Connection(h11.SERVER)
    assert len(run(conn, pieces(data, split)).events) == 2
    sent = conn.send(h11.Response(status_code=200, headers=[("Content-Length", "0")]))
    conn.send(h11.EndOfMessage())
    assert (b"Connection: close" in (sent or b"")) is not keep_alive
    assert conn.our_state is (h11.DONE if keep_alive else h11.MUST_CLOSE)


@pytest.mark.parametrize(("value", "keep_alive"), CONNECTION_VALUES)
def test_connection_header_sent_decides_keep_alive(
    header_cache: str, value: str, keep_alive: bool
) -> None:
    for _ in range(2):
        conn = h11.Connection(h11.CLIENT)
        conn.send(
            h11.Request(method="GET", target="/", headers=[("Host", "a"), ("Connection", value)])
        )
        conn.send(h11.EndOfMessage())
        assert conn.our_state is (h11.DONE if keep_alive else h11.MUST_CLOSE)


TRANSFER_ENCODINGS = [
    ("chunked", None),
    ("Chunked", None),
    ("CHUNKED", None),
    ("cHuNkEd", None),
    ("chunked, chunked", "Only Transfer-Encoding: chunked is supported"),
    ("chunked,chunked", "Only Transfer-Encoding: chunked is supported"),
    ("gzip", "Only Transfer-Encoding: chunked is supported"),
    ("gzip, chunked", "Only Transfer-Encoding: chunked is supported"),
    ("identity", "Only Transfer-Encoding: chunked is supported"),
    ("chunked ,", "Only Transfer-Encoding: chunked is supported"),
    ("chunkedx", "Only Transfer-Encoding: chunked is supported"),
    ("", "Only Transfer-Encoding: chunked is supported"),
]


@pytest.mark.parametrize(("value", "error"), TRANSFER_ENCODINGS)
def test_transfer_encoding_of_user_headers(
    header_cache: str, value: str, error: str | None
) -> None:
    for _ in range(2):
        if error is None:
            event = h11.Response(status_code=200, headers=[("Transfer-Encoding", value)])
            assert event.headers.raw_items() == [(b"Transfer-Encoding", b"chunked")]
            assert list(event.headers) == [(b"transfer-encoding", b"chunked")]
        else:
            assert failure("response", [("Transfer-Encoding", value)]) == (LPE, error, 501)


@SPLITS
@pytest.mark.parametrize(("value", "error"), TRANSFER_ENCODINGS)
def test_transfer_encoding_of_received_heads(value: str, error: str | None, split: str) -> None:
    data = CHUNKED_HEAD.replace(b"chunked", value.encode()) + b"3\r\nabc\r\n0\r\n\r\n"
    outcome = run(h11.Connection(h11.SERVER), pieces(data, split))
    if error is None:
        assert outcome.events[0].headers.raw_items() == [
            (b"Host", b"a"),
            (b"Transfer-Encoding", b"chunked"),
        ]
        assert outcome.events[1:] == [h11.Data(data=b"abc"), h11.EndOfMessage()]
    else:
        assert outcome == Outcome([], rpe(error, 501), their_error_states(h11.SERVER))


def test_two_transfer_encoding_headers_are_refused(header_cache: str) -> None:
    pairs = [("Transfer-Encoding", "chunked"), ("Transfer-Encoding", "chunked")]
    expected = (LPE, "multiple Transfer-Encoding headers", 501)
    assert failure("response", pairs) == expected
    assert failure("response", pairs) == expected


# --------------------------------------------------------------------------------------------
# 8. ReceiveBuffer keeps a bytes object by reference; anything mutable must be copied


REQUEST_WITH_BODY = b"POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"


def expected_request_events() -> list[Any]:
    return [
        h11.Request(method="POST", target="/x", headers=[("Host", "a"), ("Content-Length", "5")]),
        h11.Data(data=b"hello"),
        h11.EndOfMessage(),
    ]


@pytest.mark.parametrize(
    "cut", [0, 10, len(REQUEST_WITH_BODY) - 3], ids=["alone", "second", "body"]
)
@pytest.mark.parametrize("view", [False, True], ids=["bytearray", "memoryview"])
def test_mutating_the_callers_buffer_after_receive_data_changes_nothing(
    cut: int, view: bool
) -> None:
    conn = h11.Connection(h11.SERVER)
    if cut:
        conn.receive_data(REQUEST_WITH_BODY[:cut])  # the buffer is not empty when ours arrives
    mutable = bytearray(REQUEST_WITH_BODY[cut:])
    conn.receive_data(memoryview(mutable) if view else mutable)
    mutable[:] = b"X" * len(mutable)
    assert conn.trailing_data == (REQUEST_WITH_BODY, False)
    mutable[:] = b"Y" * len(mutable)
    events = run(conn, []).events
    mutable[:] = b"Z" * len(mutable)
    assert events == expected_request_events()
    assert all(type(e.data) is bytes for e in events if type(e) is h11.Data)  # Q6


@pytest.mark.parametrize("view", [False, True], ids=["bytearray", "memoryview"])
def test_body_piece_from_a_mutable_buffer_is_copied(view: bool) -> None:
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(REQUEST_WITH_BODY[:-5])
    assert type(conn.next_event()) is h11.Request
    mutable = bytearray(b"hello")
    conn.receive_data(memoryview(mutable) if view else mutable)
    data = conn.next_event()
    mutable[:] = b"XXXXX"
    assert type(data) is h11.Data
    assert data.data == b"hello"
    assert type(data.data) is bytes


def test_receive_data_keeps_no_export_of_a_callers_bytearray() -> None:
    # A kept memoryview would make resizing the caller's bytearray raise BufferError.
    conn = h11.Connection(h11.SERVER)
    first = bytearray(REQUEST_WITH_BODY[:20])
    conn.receive_data(first)
    first.extend(b"more")
    second = bytearray(REQUEST_WITH_BODY[20:])
    conn.receive_data(second)
    second.clear()
    events = run(conn, []).events
    first.clear()
    assert events == expected_request_events()


@pytest.mark.parametrize("view", [False, True], ids=["bytearray", "memoryview"])
def test_receive_buffer_copies_mutable_input(view: bool) -> None:
    buf = ReceiveBuffer()
    mutable = bytearray(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
    buf += memoryview(mutable) if view else mutable
    mutable[:] = b"X" * len(mutable)
    assert bytes(buf) == b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"
    assert buf.maybe_extract_lines() == [bytearray(b"GET / HTTP/1.1"), bytearray(b"Host: a")]


@pytest.mark.parametrize("framing", ["content-length", "chunked", "until-close"])
def test_body_consumed_whole_from_one_bytes_object_equals_it(framing: str) -> None:
    body = b"0123456789" * 100
    conn = client_waiting_for_response()
    if framing == "content-length":
        conn.receive_data(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")
    elif framing == "chunked":
        conn.receive_data(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3e8\r\n")
    else:
        conn.receive_data(b"HTTP/1.1 200 OK\r\n\r\n")
    assert type(conn.next_event()) is h11.Response
    assert conn.next_event() is h11.NEED_DATA
    conn.receive_data(body)
    data = conn.next_event()
    assert type(data) is h11.Data
    assert data.data == body
    assert type(data.data) is bytes


# --------------------------------------------------------------------------------------------
# 9. ChunkedReader: the CRLF after chunk data and the next size line in one buffer call


def chunk_events(*chunks: bytes) -> Outcome:
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(CHUNKED_HEAD)
    assert type(conn.next_event()) is h11.Request
    return run(conn, list(chunks), merge=False)


def D(data: bytes, start: bool, end: bool) -> h11.Data:
    return h11.Data(data=data, chunk_start=start, chunk_end=end)


@pytest.mark.parametrize("cut", [None, 3, 6, 8], ids=["whole", "in-data", "in-crlf", "in-line"])
def test_size_line_after_chunk_crlf_is_bounded_like_any_size_line(cut: int | None) -> None:
    # The size line that follows a chunk's CRLF counts against max_incomplete_event_size
    # as a first size line does: a line of exactly the limit passes, one byte more is 431.
    limit = len(CHUNKED_HEAD) + 20

    def outcome(extension_length: int) -> Outcome:
        line = b"3;x=" + b"v" * extension_length + b"\r\n"
        body = b"5\r\nhello\r\n" + line + b"abc\r\n0\r\n\r\n"
        conn = h11.Connection(h11.SERVER, max_incomplete_event_size=limit)
        conn.receive_data(CHUNKED_HEAD)
        assert type(conn.next_event()) is h11.Request
        reads = [body] if cut is None else [body[:cut], body[cut:]]
        return run(conn, reads, merge=False)

    fits = outcome(limit - 6)  # "3;x=" + value + CRLF: exactly the limit
    assert fits.error is None
    assert b"".join(e.data for e in fits.events if type(e) is h11.Data) == b"helloabc"
    too_long = outcome(limit - 5)
    assert too_long.error == rpe("Receive buffer too long", 431)
    assert b"".join(e.data for e in too_long.events if type(e) is h11.Data) == b"hello"


@pytest.mark.parametrize(
    ("chunks", "events"),
    [
        ([b"5\r\nhello\r\n0\r\n\r\n"], [D(b"hello", True, True)]),
        ([b"5\r\nhello", b"\r", b"\n", b"0\r\n\r\n"], [D(b"hello", True, True)]),
        ([b"5\r\nhello\r", b"\n0\r\n\r\n"], [D(b"hello", True, True)]),
        ([b"5\r\nhello", b"\r\n0\r\n\r\n"], [D(b"hello", True, True)]),
        (
            [b"5\r\nhello", b"\r\n3\r\nabc\r\n0\r\n\r\n"],
            [D(b"hello", True, True), D(b"abc", True, True)],
        ),
        (
            [b"5\r\nhe", b"llo\r\n3\r", b"\na", b"bc\r", b"\n0\r\n\r\n"],
            [
                D(b"he", True, False),
                D(b"llo", False, True),
                D(b"a", True, False),
                D(b"bc", False, True),
            ],
        ),
        (
            [b"5\r\n", b"hello\r\n", b"3\r\n", b"abc", b"\r\n0\r\n", b"\r\n"],
            [D(b"hello", True, True), D(b"abc", True, True)],
        ),
        (
            [b"5\r\nhello\r\n3;x=y\r\nabc\r\n0\r\n\r\n"],
            [D(b"hello", True, True), D(b"abc", True, True)],
        ),
    ],
    ids=[
        "one-read",
        "cr-and-lf-apart",
        "cr-with-data",
        "crlf-after-data",
        "footer-with-next-chunk",
        "ragged",
        "size-lines-alone",
        "extension-next",
    ],
)
def test_chunk_footers_in_any_split_give_flagged_data(
    chunks: list[bytes], events: list[h11.Data]
) -> None:
    # Q2: the first Data of every chunk has chunk_start, the last one chunk_end.
    outcome = chunk_events(*chunks)
    assert outcome.events == [*events, h11.EndOfMessage()]
    assert outcome.error is None


def footer_error(got: bytes, expected: bytes) -> Error:
    return rpe(f"malformed chunk footer: {bytearray(got)!r} (expected {expected!r})")


@pytest.mark.parametrize(
    ("chunks", "error"),
    [
        ([b"3\r\nabc\r_0\r\n\r\n"], footer_error(b"\r_", b"\r\n")),
        ([b"3\r\nabc__0\r\n\r\n"], footer_error(b"__", b"\r\n")),
        ([b"3\r\nabc\n\r0\r\n\r\n"], footer_error(b"\n\r", b"\r\n")),
        ([b"3\r\nabc\n"], footer_error(b"\n", b"\r\n")),
        ([b"3\r\nabc_"], footer_error(b"_", b"\r\n")),
        ([b"3\r\nabc", b"\r", b"_"], footer_error(b"_", b"\n")),
        ([b"3\r\nabc", b"\r", b"\r\n"], footer_error(b"\r", b"\n")),
        ([b"3\r\nabc\r", b"\r\n"], footer_error(b"\r", b"\n")),
        ([b"3\r\nabc", b"0\r\n\r\n"], footer_error(b"0\r", b"\r\n")),
        ([b"3\r\nabc", b"\r\n", b"\r\n"], rpe("illegal chunk header: bytearray(b'\\r')")),
        ([b"3\r\nabcd\r\n"], footer_error(b"d\r", b"\r\n")),
    ],
    ids=[
        "cr-underscore",
        "underscores",
        "lf-cr",
        "lone-lf",
        "lone-underscore",
        "cr-then-underscore",
        "cr-then-crlf",
        "cr-with-data-then-crlf",
        "next-size-line-without-footer",
        "footer-then-blank-line",
        "one-byte-too-many",
    ],
)
def test_wrong_bytes_after_chunk_data_are_a_malformed_footer(
    chunks: list[bytes], error: Error
) -> None:
    outcome = chunk_events(*chunks)
    assert outcome.events == [D(b"abc", True, True)]
    assert outcome.error == error
    assert outcome.states == {h11.CLIENT: h11.ERROR, h11.SERVER: h11.SEND_RESPONSE}


@pytest.mark.parametrize("pending", [b"", b"\r"], ids=["no-footer", "half-footer"])
def test_eof_before_the_chunk_footer_is_an_incomplete_chunked_read(pending: bytes) -> None:
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(CHUNKED_HEAD)
    assert type(conn.next_event()) is h11.Request
    outcome = run(conn, [b"3\r\nabc", pending], eof=True, merge=False)
    assert outcome.events == [D(b"abc", True, True)]
    assert outcome.error == rpe(
        "peer closed connection without sending complete message body (incomplete chunked read)"
    )


@pytest.mark.parametrize(
    ("chunks", "message"),
    [
        ([b"3\r\nabc\r_"], "malformed chunk footer: bytearray(b'\\r_') (expected b'\\r\\n')"),
        ([b"3\r\nabc\r", b"_"], "malformed chunk footer: bytearray(b'_') (expected b'\\n')"),
    ],
)
def test_chunked_reader_checks_the_footer_for_mitmproxy(chunks: list[bytes], message: str) -> None:
    reader, buf = ChunkedReader(), ReceiveBuffer()
    buf += chunks[0]
    assert reader(buf) == D(b"abc", True, True)
    for chunk in chunks[1:]:
        assert reader(buf) is None
        buf += chunk
    with pytest.raises(LPE) as excinfo:
        reader(buf)
    assert str(excinfo.value) == message


# --------------------------------------------------------------------------------------------
# 10. ReceiveBuffer.extract_nonempty_head: no LF since the last search means no terminator


PIPELINED = b"GET /2 HTTP/1.1\r\nHost: b\r\n\r\n"

HEADS = {
    h11.SERVER: [
        b"GET / HTTP/1.1\r\nHost: a\r\n\r\n",
        b"GET / HTTP/1.1\nHost: a\n\n",
        b"GET / HTTP/1.1\r\nHost: a\n\r\n",
        b"GET / HTTP/1.1\nHost: a\r\n\n",
        b"\r\n\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
    ],
    h11.CLIENT: [
        b"HTTP/1.1 204 No Content\r\nX: y\r\n\r\n",
        b"HTTP/1.1 204 \nX: y\n\n",
        b"HTTP/1.1 204 \r\nX: y\n\r\n",
        b"HTTP/1.1 204\nX: y\r\n\n",
    ],
}


@pytest.mark.parametrize(
    ("role", "data"),
    [(role, data) for role, heads in HEADS.items() for data in heads],
    ids=[f"{role}-{data!r}" for role, heads in HEADS.items() for data in heads],
)
def test_head_split_anywhere_in_two_or_three_reads_gives_the_same_events(
    role: Any, data: bytes
) -> None:
    if role is h11.SERVER:
        data += PIPELINED
    reference = run(receiver(role), [data])
    assert reference.error is None
    assert reference.events[-1] == (h11.PAUSED if role is h11.SERVER else h11.EndOfMessage())
    for i in range(len(data) + 1):
        assert run(receiver(role), [data[:i], data[i:]]) == reference, i
        for j in range(i, len(data) + 1, 3):
            assert run(receiver(role), [data[:i], data[i:j], data[j:]]) == reference, (i, j)


@ROLES
@pytest.mark.parametrize(
    ("last_line_end", "tail"),
    [
        (b"\r\n", [b"\r\n"]),
        (b"\r\n", [b"\n"]),
        (b"\r\n", [b"\r", b"\n"]),
        (b"\r", [b"\n", b"\r\n"]),
        (b"\r", [b"\n\r", b"\n"]),
        (b"", [b"\n", b"\r\n"]),
        (b"", [b"\n", b"\n"]),
        (b"", [b"\n\r", b"\n"]),
        (b"", [b"\r\n", b"\r", b"\n"]),
    ],
    ids=repr,
)
def test_head_completed_by_the_last_byte_of_a_read_is_found(
    role: Any, last_line_end: bytes, tail: list[bytes]
) -> None:
    first = START_LINE[role] + b"\r\nHost: a\r\nContent-Length: 0" + last_line_end
    conn = receiver(role)
    assert run(conn, [first]).events == []
    outcome = run(conn, tail)
    assert outcome.error is None
    assert [type(event) for event in outcome.events] == [
        h11.Request if role is h11.SERVER else h11.Response,
        h11.EndOfMessage,
    ]


@pytest.mark.parametrize(
    "chunks",
    [
        [b"GET / HTTP/1.1\r\nHost: a\r\n\r", b"\n" + PIPELINED],
        [b"GET / HTTP/1.1\r\nHost: a\n", b"\n" + PIPELINED],
        [b"GET / HTTP/1.1\r\nHost: a\r\n\r\n" + PIPELINED[:5], PIPELINED[5:]],
        [b"GET / HTTP/1.1\r\nHost: a\r\n", b"\r\n" + PIPELINED[:-1], PIPELINED[-1:]],
    ],
    ids=["cr-then-lf", "lf-then-lf", "pipelined-split", "pipelined-last-byte"],
)
def test_pipelined_request_behind_a_head_is_parsed_after_the_next_cycle(
    chunks: list[bytes],
) -> None:
    conn = h11.Connection(h11.SERVER)
    first = run(conn, chunks)
    assert [type(e) for e in first.events] == [h11.Request, h11.EndOfMessage, type(h11.PAUSED)]
    conn.send(h11.Response(status_code=200, headers=[("Content-Length", "0")]))
    conn.send(h11.EndOfMessage())
    conn.start_next_cycle()
    second = run(conn, [])
    assert second.events == [
        h11.Request(method="GET", target="/2", headers=[("Host", "b")]),
        h11.EndOfMessage(),
    ]
    assert conn.trailing_data == (b"", False)


@pytest.mark.parametrize(
    "chunks",
    [
        [b"X: a\r\n", b"\r\n"],
        [b"X: a\r\n\r", b"\n"],
        [b"X: a\n", b"\n"],
        [b"X: a", b"\n", b"\n"],
        [b"X: a\r", b"\n", b"\r", b"\n"],
    ],
    ids=["crlf+crlf", "crlfcr+lf", "lf+lf", "a+lf+lf", "cr+lf+cr+lf"],
)
def test_trailer_block_completed_in_a_later_read_is_found(chunks: list[bytes]) -> None:
    outcome = chunk_events(b"3\r\nabc\r\n0\r\n", *chunks)
    assert outcome.events == [D(b"abc", True, True), h11.EndOfMessage(headers=[("X", "a")])]


@pytest.mark.parametrize(
    "data",
    [
        b"GET / HTTP/1.1\r\nHost: a\r\n\r\nrest",
        b"GET / HTTP/1.1\nHost: a\n\nrest",
        b"GET / HTTP/1.1\r\nHost: a\n\r\nrest",
    ],
)
def test_receive_buffer_extracts_lines_split_anywhere(data: bytes) -> None:
    whole = ReceiveBuffer()
    whole += data
    reference = whole.maybe_extract_lines()
    assert reference == [bytearray(b"GET / HTTP/1.1"), bytearray(b"Host: a")]
    for i in range(len(data) + 1):
        buf = ReceiveBuffer()
        buf += data[:i]
        lines = buf.maybe_extract_lines()
        buf += data[i:]
        if lines is None:
            lines = buf.maybe_extract_lines()
        assert (lines, bytes(buf)) == (reference, b"rest"), i


# --- Regression: the buffer emptied by the CRLF after chunk data -------------------------------


def test_chunked_body_split_right_after_each_chunks_crlf_reads_the_same() -> None:
    # A read that ends exactly after the CRLF closing a chunk leaves the buffer empty; the
    # positions its searches remember must start again from zero with the next read (a
    # stale position once made the next size line swallow the chunk after it).
    chunks = [b"first piece ", b"x" * 1000, b" last piece", b"y" * 5]
    head = b"POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
    wire = head + b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in chunks) + b"0\r\n\r\n"
    ends = [i + 2 for i in range(len(head), len(wire)) if wire.startswith(b"\r\n", i)]
    for cut in ends:
        for second_cut in [cut + 1, cut + 2, cut + 3]:
            conn = h11.Connection(h11.SERVER)
            events = []
            for piece in (wire[:cut], wire[cut:second_cut], wire[second_cut:]):
                if piece:
                    conn.receive_data(piece)
                while True:
                    event = conn.next_event()
                    if event is h11.NEED_DATA:
                        break
                    events.append(event)
            body = b"".join(bytes(e.data) for e in events if type(e) is h11.Data)
            assert body == b"".join(chunks), (cut, second_cut)
            assert type(events[-1]) is h11.EndOfMessage


# --------------------------------------------------------------------------------------------
# 11. _readers._LINE_CACHE: whole field lines of clean blocks, parsed once

OWS_FIELD_LINE = re.compile(rb"(?P<name>[^:]*):[ \t]*(?P<value>.*?)[ \t]*")
CREDENTIAL_NAMES = {b"authorization", b"proxy-authorization", b"cookie", b"set-cookie"}


def assert_line_cache_holds_only_parses_of_its_keys() -> None:
    for cache in (_readers._LINE_CACHE, _readers._SPECIAL_LINE_CACHE):
        assert len(cache) <= _readers._LINE_CACHE_MAX_ENTRIES
        for line, item in cache.items():
            match = OWS_FIELD_LINE.fullmatch(line)
            assert match is not None, line
            name, value = match.group("name", "value")
            assert TOKEN.fullmatch(name), line
            assert FIELD_VALUE.fullmatch(value), line
            assert item == (name, name.lower(), value), line
            special = cache is _readers._SPECIAL_LINE_CACHE
            assert (item[1] in _headers.SPECIAL_HEADERS) is special, line
            assert item[1] not in CREDENTIAL_NAMES, line
            assert item[1] != b"transfer-encoding", line
            assert len(line) <= _readers._LINE_CACHE_MAX_LINE


WARM_LINES = [
    b"X-Custom: v",
    b"User-Agent: curl/8.0",
    b"Accept:*/*",
    b"X-Padded:  spaced value \t",
    b"X-Obs: caf\xe9",
    b"X-Empty:",
]


@ours_only
@pytest.mark.usefixtures("saved_caches")
@ROLES
def test_line_cache_holds_only_what_parsing_its_lines_gives(role: Any) -> None:
    run(receiver(role), [head(role, b"Host: a", *WARM_LINES)])
    assert set(WARM_LINES) <= set(_readers._LINE_CACHE)
    for param in BAD_NAME_LINES:
        (line,) = param.values
        run(receiver(role), [head(role, b"Host: a", line)])
    run(receiver(role), [head(role, b"Host: a", b"X-Nul: a\x00b", b"X-Other: v")])
    run(receiver(role), [head(role, b"Host: a", b"X-Vt: a\x0bb", b"X-Other2: v")])
    assert b"X-Other" not in b"".join(_readers._LINE_CACHE)  # unclean blocks: careful path
    assert_line_cache_holds_only_parses_of_its_keys()


@ours_only
@pytest.mark.usefixtures("saved_caches")
@ROLES
def test_special_long_and_credential_lines_are_never_cached(role: Any) -> None:
    lines = [
        b"Host: a",
        b"Connection: keep-alive",
        b"Content-Length: 0",
        b"Upgrade: websocket",
        b"Authorization: Basic dXNlcjpwYXNz",
        b"proxy-authorization: Bearer t",
        b"Cookie: session=secret",
        b"Set-Cookie: id=secret",
        b"X-Long: " + b"v" * _readers._LINE_CACHE_MAX_LINE,
    ]
    if role is h11.SERVER:
        lines.append(b"Expect: 100-continue")
    for _ in range(2):
        outcome = run(receiver(role), [head(role, *lines)])
        assert outcome.error is None
        assert outcome.events[0].headers.raw_items() == [
            tuple(part.strip() for part in line.split(b":", 1)) for line in lines
        ]
    assert not set(lines) & set(_readers._LINE_CACHE)
    # Lines of fields with a built-in meaning keep only their splitting, apart.
    assert set(_readers._SPECIAL_LINE_CACHE) == set(lines[:4] + lines[9:])
    assert_line_cache_holds_only_parses_of_its_keys()


@ours_only
@pytest.mark.usefixtures("saved_caches")
@SPLITS
@ROLES
@pytest.mark.parametrize(
    ("lines", "end", "expected"),
    [
        ([b"X-Custom: v", b" folded"], b"\r\n", [(b"x-custom", b"v folded")]),
        ([b"X-Custom: v", b"\tfolded"], b"\r\n", [(b"x-custom", b"v folded")]),
        ([b"X-Custom: v", b"Accept:*/*"], b"\n", [(b"x-custom", b"v"), (b"accept", b"*/*")]),
        ([b"X-Custom: v\r"], b"\r\n", None),
        ([b"X-Custom: v", b"X-Custom : v"], b"\r\n", None),
    ],
    ids=["fold-sp", "fold-tab", "bare-lf", "stray-cr", "bad-line-after"],
)
def test_cached_lines_in_other_heads_give_what_a_cold_parse_gives(
    lines: list[bytes],
    end: bytes,
    expected: list[tuple[bytes, bytes]] | None,
    role: Any,
    split: str,
) -> None:
    data = head(role, b"Host: a", *lines, end=end)
    cold = run(receiver(role), pieces(data, split))
    run(receiver(role), [head(role, b"Host: a", *WARM_LINES)])  # warm: the lines are cached
    assert b"X-Custom: v" in _readers._LINE_CACHE
    warm = run(receiver(role), pieces(data, split))
    assert warm == cold
    if expected is None:
        assert cold.error is not None
        assert cold.events == []
    else:
        assert cold.error is None
        assert list(cold.events[0].headers) == [(b"host", b"a"), *expected]


@ours_only
@pytest.mark.usefixtures("saved_caches")
def test_line_cache_stays_bounded_and_keeps_working_when_emptied() -> None:
    limit = _readers._LINE_CACHE_MAX_ENTRIES
    lines = [b"X-Fill: %d" % i for i in range(limit + 100)]
    conn = h11.Connection(h11.SERVER, max_incomplete_event_size=10**7)
    outcome = run(conn, [head(h11.SERVER, b"Host: a", *lines)])
    assert outcome.error is None
    assert list(outcome.events[0].headers) == [(b"host", b"a")] + [
        (b"x-fill", line[8:]) for line in lines
    ]
    assert 0 < len(_readers._LINE_CACHE) <= limit
    assert_line_cache_holds_only_parses_of_its_keys()
    for _ in range(2):
        outcome = run(h11.Connection(h11.SERVER), [head(h11.SERVER, b"Host: a", *lines[:3])])
        assert list(outcome.events[0].headers)[1:] == [(b"x-fill", b"%d" % i) for i in range(3)]
    assert set(lines[:3]) <= set(_readers._LINE_CACHE)


# --------------------------------------------------------------------------------------------
# 12. _events._CHECKED_REASONS: the standard reason phrases skip the reason grammar

REASON_PHRASE = re.compile(rb"[\t \x21-\x7e\x80-\xff]*")  # RFC 9112 §4, written out here


@ours_only
def test_reasons_that_skip_the_check_all_pass_it() -> None:
    from h11 import _events

    assert _events._CHECKED_REASONS
    for reason in _events._CHECKED_REASONS:
        assert REASON_PHRASE.fullmatch(reason), reason
        assert h11.Response(status_code=200, reason=reason, headers=[]).reason == reason


@pytest.mark.skipif(not OURS, reason="h11 0.16 sends any reason phrase (see the README)")
@pytest.mark.parametrize("reason", [b"OK\r\n", b"OK\x00", b"Not\nFound", b"\x7fOK", "OK\r\nX: y"])
@pytest.mark.parametrize("cls", [h11.Response, h11.InformationalResponse])
def test_reasons_near_the_standard_ones_are_still_checked(reason: Any, cls: Any) -> None:
    status = 200 if cls is h11.Response else 100
    with pytest.raises(LPE, match=r"^Illegal reason phrase"):
        cls(status_code=status, reason=reason, headers=[])
    assert cls(status_code=status, reason=b"OK", headers=[]).reason == b"OK"
    assert cls(status_code=status, reason="", headers=[]).reason == b""


@pytest.mark.parametrize(
    ("triples", "framing"),
    [
        ([(b"Content-Length", b"content-length", b"2")], b"Content-Length: 2\r\n"),
        ([(b"X-A", b"x-a", b"1")], b"Transfer-Encoding: chunked\r\n"),
    ],
    ids=["content-length", "no-length"],
)
def test_response_with_raw_headers_object_is_framed_from_its_fields(
    triples: list[tuple[bytes, bytes, bytes]], framing: bytes
) -> None:
    # A Headers built by the caller from raw triples carries no facts yet (h11._headers is a
    # private path real code uses); sending derives them as for a header list.
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
    assert type(conn.next_event()) is h11.Request
    response = h11.Response(status_code=200, headers=_headers.Headers(triples))
    head = conn.send(response)
    assert framing in head
    if b"chunked" in framing:
        assert conn.send(h11.Data(data=b"ok")) == b"2\r\nok\r\n"
    else:
        assert conn.send(h11.Data(data=b"ok")) == b"ok"


@ours_only
@pytest.mark.usefixtures("saved_caches")
def test_transfer_encoding_lines_are_never_cached_and_always_checked() -> None:
    good = b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
    bad = b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\t\r\n\r\n"
    for _ in range(2):
        outcome = run(h11.Connection(h11.SERVER), [good])
        assert outcome.error is None
        assert outcome.events[0].headers.raw_items()[1] == (b"Transfer-Encoding", b"chunked")
        outcome = run(h11.Connection(h11.SERVER), [bad])
        assert outcome.error == rpe("Transfer-Encoding value followed by a tab is ambiguous")
    assert b"Host: a" in _readers._SPECIAL_LINE_CACHE
    cached = set(_readers._LINE_CACHE) | set(_readers._SPECIAL_LINE_CACHE)
    assert not any(line.lower().startswith(b"transfer-encoding") for line in cached)
    assert_line_cache_holds_only_parses_of_its_keys()


@ours_only
@pytest.mark.usefixtures("saved_caches")
def test_special_line_cache_stays_bounded() -> None:
    limit = _readers._LINE_CACHE_MAX_ENTRIES
    for length in range(limit + 50):
        data = b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: %d\r\n\r\n" % length
        data += b"x" * length
        outcome = run(h11.Connection(h11.SERVER), [data])
        assert outcome.error is None
        assert outcome.events[0].headers.get("content-length") == b"%d" % length
        assert 0 < len(_readers._SPECIAL_LINE_CACHE) <= limit
    assert b"Content-Length: %d" % (limit + 49) in _readers._SPECIAL_LINE_CACHE
    assert_line_cache_holds_only_parses_of_its_keys()


# --------------------------------------------------------------------------------------------
# 12. _headers._BYTES_LISTS: whole lists of (bytes, bytes) header tuples, checked once; and
#     the field lines written once per Headers (_writers.field_lines)


@ours_only
@pytest.mark.usefixtures("saved_caches")
def test_a_bytes_header_list_sent_again_gives_the_same_checked_headers() -> None:
    pairs = [(b"Content-Type", b"text/plain"), (b"Content-Length", b"12")]
    first = h11.Response(status_code=200, headers=pairs)
    again = h11.Response(status_code=200, headers=list(pairs))
    assert again.headers is first.headers
    assert first.headers._content_length == 12
    assert list(first.headers) == [(b"content-type", b"text/plain"), (b"content-length", b"12")]
    assert set(_headers._BYTES_LISTS) == {tuple(pairs)}
    # Changing the list given afterwards changes nothing cached.
    pairs.append((b"X-More", b"1"))
    assert len(first.headers) == 2
    assert len(h11.Response(status_code=200, headers=pairs).headers) == 3
    check_header_caches_hold_only_valid_entries()


class NamedPair(NamedTuple):
    name: bytes
    value: bytes


@ours_only
@pytest.mark.usefixtures("saved_caches")
@pytest.mark.parametrize(
    "pairs",
    [
        [("Content-Type", "text/plain")],  # str
        [(b"Content-Type", "text/plain")],  # mixed
        [[b"Content-Type", b"text/plain"]],  # not a tuple
        [(b"Authorization", b"Bearer secret")],  # a credential
        [(b"X-Ok", b"1"), (b"aUthoriZation", b"Bearer secret")],  # an odd spelling of one
        [(b"Cookie", b"id=secret")],
        [(memoryview(b"X-View"), b"v")],  # bytes-like, not bytes
        [(b"X-Ok", bytearray(b"v"))],
        [NamedPair(b"X-Named", b"v")],  # a tuple subclass
        [(b"X-Ok", b"1"), (b"Set-Cookie", b"id=secret")],
        [(b"X-Long", b"v" * 200)],  # too long to keep
        [(b"X-N%d" % i, b"v") for i in range(17)],  # too many pairs
    ],
)
def test_header_lists_that_are_not_kept(pairs: list[Any]) -> None:
    event = h11.Response(status_code=200, headers=pairs)
    assert len(event.headers) == len(pairs)
    assert not _headers._BYTES_LISTS


@ours_only
@pytest.mark.usefixtures("saved_caches")
def test_a_headers_object_is_taken_as_is_and_written_in_order() -> None:
    from h11._headers import Headers, normalize_and_validate
    from h11._writers import field_lines

    built = normalize_and_validate([(b"X-A", b"1"), (b"Host", b"h")])
    assert normalize_and_validate(built) is built
    # A Headers made from raw triples works out its facts when first written: Host first.
    raw = Headers([(b"X-A", b"x-a", b"1"), (b"Host", b"host", b"h")])
    assert field_lines(raw) == b"Host: h\r\nX-A: 1\r\n\r\n"
    assert field_lines(raw) is raw._lines


@ours_only
@pytest.mark.usefixtures("saved_caches")
def test_a_rejected_header_list_is_rejected_every_time() -> None:
    for pairs in (
        [(b"X-Ok", b"1"), (b"Bad Name", b"v")],
        [(b"Content-Length", b"1"), (b"Content-Length", b"2")],
        [(b"X-Ok", b"a\r\nInjected: 1")],
    ):
        for _ in range(2):
            with pytest.raises(h11.LocalProtocolError):
                h11.Response(status_code=200, headers=pairs)
    assert not _headers._BYTES_LISTS


@ours_only
@pytest.mark.usefixtures("saved_caches")
def test_header_list_cache_is_bounded_and_emptied_when_full() -> None:
    limit = _headers._LISTS_MAX_ENTRIES
    for i in range(limit + 5):
        h11.Response(status_code=200, headers=[(b"X-Count", b"%d" % i)])
        assert 0 < len(_headers._BYTES_LISTS) <= limit
    assert len(_headers._BYTES_LISTS) == 5
    check_header_caches_hold_only_valid_entries()


@ours_only
@pytest.mark.usefixtures("saved_caches")
def test_field_lines_are_written_once_per_headers_and_sent_alike() -> None:
    pairs = [(b"Content-Length", b"2"), (b"Host", b"a")]
    expected = b"HTTP/1.1 200 \r\nHost: a\r\nContent-Length: 2\r\n\r\n"
    for _ in range(3):
        server = h11.Connection(h11.SERVER)
        server.receive_data(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        server.next_event()
        response = h11.Response(status_code=200, headers=pairs)
        assert server.send(response) == expected
        assert response.headers._lines == expected.split(b"\r\n", 1)[1]


# --------------------------------------------------------------------------------------------
# Body data skips Connection._process_event where it would do nothing, and the receive
# buffer's two per-chunk consumptions reset its positions inline: both must agree with the
# plain versions.


@pytest.mark.parametrize("our_role", [h11.SERVER, h11.CLIENT])
def test_process_event_does_nothing_for_body_data_that_skips_it(our_role: Any) -> None:
    # The state next_event and send skip the call in: SEND_BODY, nobody waiting for 100.
    conn = h11.Connection(our_role)
    head = b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n"
    if our_role is h11.SERVER:
        conn.receive_data(head)
        assert type(conn.next_event()) is h11.Request
        role = h11.CLIENT
    else:
        conn.send(
            h11.Request(
                method="POST", target="/", headers=[("Host", "a"), ("Content-Length", "10")]
            )
        )
        role = h11.CLIENT
    assert conn.states[role] is h11.SEND_BODY
    assert not conn.client_is_waiting_for_100_continue
    before = (conn.states, conn.client_is_waiting_for_100_continue, conn._cstate.keep_alive)
    conn._process_event(role, h11.Data(data=b"abc"))
    assert (
        conn.states,
        conn.client_is_waiting_for_100_continue,
        conn._cstate.keep_alive,
    ) == before


def test_body_data_still_ends_the_wait_for_100_continue() -> None:
    # With a client waiting, body data takes the full path, which clears the flag.
    server = h11.Connection(h11.SERVER)
    server.receive_data(
        b"POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n"
    )
    assert type(server.next_event()) is h11.Request
    assert server.they_are_waiting_for_100_continue
    server.receive_data(b"a")
    assert type(server.next_event()) is h11.Data
    assert not server.they_are_waiting_for_100_continue
    client = h11.Connection(h11.CLIENT)
    client.send(
        h11.Request(
            method="POST",
            target="/",
            headers=[("Host", "a"), ("Expect", "100-continue"), ("Content-Length", "3")],
        )
    )
    assert client.client_is_waiting_for_100_continue
    assert client.send(h11.Data(data=b"a")) == b"a"
    assert not client.client_is_waiting_for_100_continue


def buffer_positions(buf: ReceiveBuffer) -> tuple[Any, ...]:
    return (
        buf._start,
        buf._head_search,
        buf._line_search,
        buf._blank_prefix,
        buf._blank_prefix_done,
    )


def after_consume_to(buf: ReceiveBuffer, consumed: int) -> tuple[Any, ...]:
    """The positions _consume_to leaves after ``consumed`` more bytes, on a twin buffer."""
    twin = ReceiveBuffer()
    twin._data = buf._data
    twin._start = buf._start
    twin._consume_to(buf._start + consumed)
    return (*buffer_positions(twin), twin._data)


@hypothesis.given(
    reads=st.lists(st.binary(min_size=1, max_size=12), min_size=1, max_size=12),
    ops=st.lists(st.sampled_from(["take", "line", "head"]), min_size=1, max_size=20),
    counts=st.lists(st.integers(1, 10), min_size=20, max_size=20),
)
def test_inlined_consumptions_leave_the_buffer_as_consume_to_does(
    reads: list[bytes], ops: list[str], counts: list[int]
) -> None:
    buf = ReceiveBuffer()
    for index, op in enumerate(ops):
        if index < len(reads):
            buf.append(reads[index])
        if not buf:
            continue
        before = len(buf)
        if op == "take":
            expected = after_consume_to(buf, min(counts[index], before))
            buf.take(counts[index])
            assert (*buffer_positions(buf), buf._data) == expected
        elif op == "line":
            try:
                line = buf.extract_line(None)
            except h11.LocalProtocolError:
                continue
            if line is not None:
                assert before - len(buf) == len(line)
                # As _consume_to leaves it: every position at the start, nothing skipped.
                assert buf._head_search == buf._line_search == buf._blank_prefix == buf._start
                assert not buf._blank_prefix_done
                assert (buf._start == 0) or buf._start < len(buf._data)
        else:
            try:
                head = buf.extract_head()  # (a failed search leaves positions for later)
            except h11.LocalProtocolError:
                continue
            if head is not None:
                assert buf._head_search == buf._line_search == buf._blank_prefix == buf._start
                assert not buf._blank_prefix_done
                assert (buf._start == 0) or buf._start < len(buf._data)


# Connection._process_event skips two calls where their answer is known; every
# combination where it skips them must give that answer.


@pytest.mark.parametrize("version", [b"0.9", b"1.0", b"1.1", b"1.2", b"2.0"])
@pytest.mark.parametrize("received", [False, True])
@pytest.mark.parametrize("http10", [False, True])
@pytest.mark.parametrize("content_length", [None, 0, 5])
def test_keep_alive_shortcut_agrees_with_the_rule(
    version: bytes, received: bool, http10: bool, content_length: int | None
) -> None:
    from h11._framing import KEEP_ALIVE_FLAGS, keeps_alive
    from h11._headers import FLAG_CHUNKED, FLAG_CLOSE, FLAG_NOT_REUSABLE, FLAG_UPGRADE

    headers = h11.Request(method="GET", target="/", headers=[("Host", "a")]).headers
    bits = [FLAG_CHUNKED, FLAG_CLOSE, FLAG_NOT_REUSABLE, FLAG_UPGRADE]
    for mask in range(1 << len(bits)):
        flags = sum(bit for index, bit in enumerate(bits) if mask >> index & 1)
        if not (flags & KEEP_ALIVE_FLAGS or version != b"1.1"):
            assert keeps_alive(version, flags, content_length, received, http10, headers, 0)


@pytest.mark.parametrize("method", [None, b"GET", b"HEAD", b"CONNECT", b"POST"])
def test_body_length_shortcut_agrees_with_the_rule(method: bytes | None) -> None:
    from h11._framing import body_length
    from h11._headers import FLAG_CHUNKED, FLAG_CLOSE, FLAG_UPGRADE

    for flags in (0, FLAG_CLOSE, FLAG_UPGRADE, FLAG_CHUNKED, FLAG_CHUNKED | FLAG_CLOSE):
        for content_length in (None, 0, 7):
            # The shortcut: a request (status None) without chunked or a positive length.
            if not (flags & FLAG_CHUNKED or content_length):
                assert body_length(method, None, flags, content_length) == 0


def test_done_with_bytes_is_paused_and_without_is_need_data() -> None:
    server = h11.Connection(h11.SERVER, max_incomplete_event_size=40)
    server.receive_data(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
    assert type(server.next_event()) is h11.Request
    assert type(server.next_event()) is h11.EndOfMessage
    assert server.next_event() is h11.NEED_DATA
    server.receive_data(b"GET /a-longer-next-request HTTP/1.1\r\nHost: a\r\n\r\n")  # > 40: paused
    assert server.next_event() is h11.PAUSED
    server.receive_data(b"")
    assert server.next_event() is h11.PAUSED


@pytest.mark.parametrize("their_role", [h11.CLIENT, h11.SERVER])
def test_end_of_message_shortcut_agrees_with_process_event(their_role: Any) -> None:
    # next_event runs only the transition for a received EndOfMessage when nobody waits
    # for 100 Continue; the full path must leave the same states and flag.
    wire = (
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nab"
        if their_role is h11.CLIENT
        else b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nab"
    )

    def until_body_read() -> h11.Connection:
        if their_role is h11.CLIENT:
            conn = h11.Connection(h11.SERVER)
        else:
            conn = client_waiting_for_response()
        conn.receive_data(wire)
        assert type(conn.next_event()) in (h11.Request, h11.Response)
        assert type(conn.next_event()) is h11.Data
        return conn

    fast = until_body_read()
    assert type(fast.next_event()) is h11.EndOfMessage
    full = until_body_read()
    full._process_event(their_role, h11.EndOfMessage())
    assert (fast.states, fast.client_is_waiting_for_100_continue) == (
        full.states,
        full.client_is_waiting_for_100_continue,
    )


# send() writes body events itself when our side is in SEND_BODY and nobody waits for 100
# Continue; the general path (Connection._send) must give the same bytes, states and errors.


def _sending_body(our_role: Any, framing: tuple[str, str]) -> h11.Connection:
    conn = h11.Connection(our_role)
    if our_role is h11.SERVER:
        conn.receive_data(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        assert type(conn.next_event()) is h11.Request
        conn.send(h11.Response(status_code=200, headers=[framing]))
    else:
        conn.send(h11.Request(method="POST", target="/", headers=[("Host", "a"), framing]))
    assert conn.our_state is h11.SEND_BODY
    return conn


@pytest.mark.parametrize("our_role", [h11.SERVER, h11.CLIENT])
@pytest.mark.parametrize(
    "framing", [("Content-Length", "5"), ("Transfer-Encoding", "chunked")], ids=["cl", "chunked"]
)
@pytest.mark.parametrize(
    "events",
    [
        [h11.Data(data=b"ab"), h11.Data(data=b"cde"), h11.EndOfMessage()],
        [h11.Data(data=b"abcdef")],  # too much for Content-Length: 5
        [h11.Data(data=b"ab"), h11.EndOfMessage()],  # too little for it
        [h11.EndOfMessage(headers=[("X-Trailer", "1")])],
        [h11.Data(data=b"abcde"), h11.EndOfMessage(), h11.Data(data=b"x")],  # after DONE
    ],
    ids=["whole", "too-much", "too-little", "trailers", "after-end"],
)
def test_body_events_sent_directly_agree_with_the_general_path(
    our_role: Any, framing: tuple[str, str], events: list[Any]
) -> None:
    def outcomes(send: Any) -> list[Any]:
        conn = _sending_body(our_role, framing)
        log: list[Any] = []
        for event in events:
            try:
                log.append(send(conn, event))
            except h11.LocalProtocolError as exc:
                log.append((type(exc), str(exc)))
            log.append((conn.states, conn.client_is_waiting_for_100_continue))
        return log

    direct = outcomes(lambda conn, event: conn.send(event))
    general = outcomes(lambda conn, event: conn._send(event, True))
    assert direct == general


# ReceiveBuffer.append decides the usual case of a bytewise feed first (bytes trickling into
# an appendable remainder); whatever the kinds and sizes of the pieces, the buffer must hold
# exactly what arrived less what was taken.


@hypothesis.given(
    pieces=st.lists(
        st.tuples(st.binary(min_size=1, max_size=9), st.sampled_from(["bytes", "ba", "mv"])),
        min_size=1,
        max_size=30,
    ),
    takes=st.lists(st.integers(0, 6), min_size=30, max_size=30),
)
def test_appends_of_any_kind_and_size_keep_exactly_what_arrived(
    pieces: list[tuple[bytes, str]], takes: list[int]
) -> None:
    buf = ReceiveBuffer()
    model = b""
    for (piece, kind), count in zip(pieces, takes, strict=False):
        buf.append({"bytes": piece, "ba": bytearray(piece), "mv": memoryview(piece)}[kind])
        model += piece
        assert bytes(buf) == model
        if count:
            assert buf.take(count) == model[:count]
            model = model[count:]
        assert bytes(buf) == model
        assert len(buf) == len(model)
