"""The benchmark workloads (bench/README.md), written once against the h11 API.

``h11_workloads(module)`` builds every workload for a module that has h11's API: this
checkout's ``h11``, upstream ``h11`` 0.16.0 or ``h11_mypyc``. The worker imports the module
under test by name and hands it in, so the very same code runs against each implementation.
``httptools_workloads(module)`` builds parse-only equivalents of a, c, d, e, f, h, k and l for
httptools, the native reference. ``sketch_workloads()`` builds j for the reference sketch: the
same work as j written straight from bytes to bytes, a floor to compare with, not a parser.

A workload is ``setup`` (untimed, once per operation: a fresh ``Connection`` or parser) and
``op`` (timed). Every ``op`` checks what it got (event types, method, target, number of
headers, status, body length, final ``EndOfMessage``, states, or the exact bytes sent) and
raises ``CheckFailed`` otherwise, so a broken build cannot score. ``verify`` (untimed, run by the
worker before every timing) goes further: it compares the whole event log, body bytes included,
with the expected one.

Checks never look at ``Data.chunk_start``/``chunk_end`` or at ``bytes`` versus ``bytearray``:
those are deliberate differences between this package and 0.16 (Q2, Q6 in the README).

This module owns the messages and the checks; it knows nothing of timing, processes or venvs.
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

KIB = 1024
MIB = 1024 * KIB


class CheckFailed(Exception):
    """An implementation produced something other than what the workload expects."""


def expect(condition: bool, what: str) -> None:
    """Raise ``CheckFailed(what)`` unless ``condition`` holds (unaffected by ``python -O``)."""
    if not condition:
        raise CheckFailed(what)


@dataclass(frozen=True)
class Workload:
    """One benchmark: ``op(setup())`` is one operation worth ``units_per_op`` ``unit``s."""

    key: str
    title: str
    unit: str  # "req/s" or "MB/s" (10**6 bytes of body per second)
    units_per_op: float
    setup: Callable[[], Any]
    op: Callable[[Any], None]
    verify: Callable[[], None]


# --- Messages --------------------------------------------------------------------------------

TARGET = b"/wiki/Hypertext_Transfer_Protocol?action=view&section=2"


def make_cookie(length: int) -> bytes:
    """A deterministic ``name=value; ...`` Cookie value of exactly ``length`` bytes."""
    pairs: list[bytes] = []
    i = 0
    while sum(len(p) + 2 for p in pairs) < length:
        pairs.append(b"c%02d=%s" % (i, (b"%08x" % (i * 2654435761 % 2**32)) * 3))
        i += 1
    return b"; ".join(pairs)[:length].rstrip(b"; =").ljust(length, b"x")


def realistic_get_headers(cookie_length: int = 200) -> list[tuple[bytes, bytes]]:
    """The headers of the realistic GET (browser-like, ~200-byte Cookie, keep-alive)."""
    return [
        (b"Host", b"en.wikipedia.org"),
        (b"User-Agent", b"Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"),
        (b"Accept", b"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
        (b"Accept-Language", b"en-US,en;q=0.5"),
        (b"Accept-Encoding", b"gzip, deflate, br, zstd"),
        (b"DNT", b"1"),
        (b"Cookie", make_cookie(cookie_length)),
        (b"Connection", b"keep-alive"),
    ]


def request_head(method: bytes, target: bytes, headers: list[tuple[bytes, bytes]]) -> bytes:
    """Serialise a request head by hand (independently of any implementation)."""
    lines = [b"%s %s HTTP/1.1\r\n" % (method, target)]
    lines += [b"%s: %s\r\n" % pair for pair in headers]
    return b"".join(lines) + b"\r\n"


GET_HEADERS = realistic_get_headers()
REALISTIC_GET = request_head(b"GET", TARGET, GET_HEADERS)


def padded_get_headers(factor: int) -> list[tuple[bytes, bytes]]:
    """The realistic GET's headers with the Cookie grown so the head is ``factor`` times longer."""
    extra = (factor - 1) * len(REALISTIC_GET)
    headers = realistic_get_headers(200 + extra)
    expect(len(request_head(b"GET", TARGET, headers)) == factor * len(REALISTIC_GET), "padding")
    return headers


GET_4X_HEADERS = padded_get_headers(4)
REALISTIC_GET_4X = request_head(b"GET", TARGET, GET_4X_HEADERS)

# b: the response of h11's classic server cycle (9 headers, 1000-byte body).
BODY_1000 = bytes(i % 251 for i in range(1000))
CYCLE_RESPONSE_HEADERS = [
    (b"Content-Type", b"text/html; charset=utf-8"),
    (b"Content-Length", b"1000"),
    (b"Date", b"Tue, 25 Nov 2025 16:00:00 GMT"),
    (b"Server", b"bench/1.0"),
    (b"Cache-Control", b"private, max-age=0"),
    (b"Vary", b"Accept-Encoding"),
    (b"ETag", b'"33a64df551425fcc55e4d42a148795d9f25f89d4"'),
    (b"Last-Modified", b"Mon, 24 Nov 2025 10:00:00 GMT"),
    (b"X-Content-Type-Options", b"nosniff"),
]


def response_bytes(status_line: bytes, headers: list[tuple[bytes, bytes]], body: bytes) -> bytes:
    """Serialise a response by hand (independently of any implementation)."""
    return status_line + b"".join(b"%s: %s\r\n" % pair for pair in headers) + b"\r\n" + body


CYCLE_RESPONSE_WIRE = response_bytes(b"HTTP/1.1 200 OK\r\n", CYCLE_RESPONSE_HEADERS, BODY_1000)

# c: a response with 10 headers and a 1000-byte Content-Length body, as a client receives it.
CLIENT_RESPONSE_HEADERS = [
    (b"Date", b"Tue, 25 Nov 2025 16:00:00 GMT"),
    (b"Content-Type", b"application/json"),
    (b"Content-Length", b"1000"),
    (b"Connection", b"keep-alive"),
    (b"Server", b"nginx/1.27.2"),
    (b"Cache-Control", b"no-cache, no-store, must-revalidate"),
    (b"Vary", b"Accept-Encoding, Origin"),
    (b"Strict-Transport-Security", b"max-age=63072000; includeSubDomains; preload"),
    (b"X-Request-Id", b"6f1c2a9e-3b7d-4e58-9c41-0d2f8a7b6e13"),
    (b"Access-Control-Allow-Origin", b"*"),
]
CLIENT_RESPONSE_WIRE = response_bytes(b"HTTP/1.1 200 OK\r\n", CLIENT_RESPONSE_HEADERS, BODY_1000)

# d: 1 MiB chunked request body in 4 KiB chunks, fed in 64 KiB reads.
UPLOAD_TARGET = b"/upload"
UPLOAD_CHUNK = bytes(i % 253 for i in range(4 * KIB))
CHUNKED_BODY = UPLOAD_CHUNK * 256
CHUNKED_UPLOAD_HEADERS = [
    (b"Host", b"upload.example.com"),
    (b"Content-Type", b"application/octet-stream"),
    (b"Transfer-Encoding", b"chunked"),
]
CHUNKED_UPLOAD_WIRE = (
    request_head(b"POST", UPLOAD_TARGET, CHUNKED_UPLOAD_HEADERS)
    + b"".join(b"%x\r\n%s\r\n" % (len(UPLOAD_CHUNK), UPLOAD_CHUNK) for _ in range(256))
    + b"0\r\n\r\n"
)

# e: 16 MiB Content-Length request body, fed in 64 KiB reads.
BIG_BODY = bytes(range(256)) * (16 * MIB // 256)
BIG_UPLOAD_HEADERS = [
    (b"Host", b"upload.example.com"),
    (b"Content-Type", b"application/octet-stream"),
    (b"Content-Length", b"%d" % len(BIG_BODY)),
]
BIG_UPLOAD_HEAD = request_head(b"PUT", UPLOAD_TARGET, BIG_UPLOAD_HEADERS)

# g: 100 pipelined keep-alive GETs, each answered with a small response.
PIPELINE_DEPTH = 100
PIPELINED_GETS = REALISTIC_GET * PIPELINE_DEPTH
PIPELINE_RESPONSE_HEADERS = [(b"Content-Type", b"text/plain"), (b"Content-Length", b"2")]
PIPELINE_RESPONSE_WIRE = response_bytes(b"HTTP/1.1 200 \r\n", PIPELINE_RESPONSE_HEADERS, b"ok")

# h: a request with 100 headers.
HUNDRED_HEADERS = [(b"Host", b"api.example.com")] + [
    (b"X-Custom-Header-%02d" % i, b"value-%02d-%s" % (i, b"abcdefgh" * (1 + i % 3)))
    for i in range(1, 100)
]
HUNDRED_TARGET = b"/api/v1/items?page=2"
HUNDRED_HEADERS_GET = request_head(b"GET", HUNDRED_TARGET, HUNDRED_HEADERS)

# i: a client POST with 10 headers and a 64 KiB chunked body sent in 16 Data events.
POST_CHUNKS = [bytes((i + j) % 256 for j in range(4 * KIB)) for i in range(16)]
POST_HEADERS = [
    (b"Host", b"api.example.com"),
    (b"User-Agent", b"bench-client/1.0"),
    (b"Accept", b"application/json"),
    (b"Accept-Encoding", b"gzip, deflate"),
    (b"Content-Type", b"application/octet-stream"),
    (b"Transfer-Encoding", b"chunked"),
    (b"Authorization", b"Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJiZW5jaCJ9.c2lnbmF0dXJl"),
    (b"X-Request-Id", b"0b7c4f2e-5a61-4c8d-9e3f-71a2b6d4c590"),
    (b"Cache-Control", b"no-cache"),
    (b"Connection", b"keep-alive"),
]
POST_WIRE = (
    request_head(b"POST", UPLOAD_TARGET, POST_HEADERS)
    + b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for chunk in POST_CHUNKS)
    + b"0\r\n\r\n"
)

# j: the small keep-alive cycle a server runs for every request, on one long-lived connection.
SMALL_GET = b"GET / HTTP/1.1\r\nHost: example.com\r\n\r\n"
KEEPALIVE_BODY = b"Hello world!"
KEEPALIVE_RESPONSE_HEADERS = [(b"Content-Type", b"text/plain"), (b"Content-Length", b"12")]
KEEPALIVE_RESPONSE_WIRE = response_bytes(
    b"HTTP/1.1 200 \r\n", KEEPALIVE_RESPONSE_HEADERS, KEEPALIVE_BODY
)

# k, l: GETs that do not repeat. DISTINCT_GETS requests, built from a seeded generator (the
# same bytes on every run), parsed one per operation in turn: far more distinct lines than the
# package's caches hold (see docs/performance.md), so most lines miss them, as for a server
# whose clients send cookies, request ids and referers that are new on every request.
DISTINCT_GETS = 4096
USER_AGENT_POOL = 40


def user_agent_pool(rng: random.Random) -> list[bytes]:
    """``USER_AGENT_POOL`` browser-like User-Agent values."""
    systems = [
        b"Windows NT 10.0; Win64; x64",
        b"X11; Linux x86_64",
        b"Macintosh; Intel Mac OS X 14_5",
        b"iPhone; CPU iPhone OS 17_5 like Mac OS X",
        b"Linux; Android 14; Pixel 8",
    ]
    agents = []
    for i in range(USER_AGENT_POOL):
        system = systems[i % len(systems)]
        version = 100 + rng.randrange(30)
        if i % 2:
            agents.append(
                b"Mozilla/5.0 (%s; rv:%d.0) Gecko/20100101 Firefox/%d.0"
                % (system, version, version)
            )
        else:
            agents.append(
                b"Mozilla/5.0 (%s) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.%d.%d "
                b"Safari/537.36" % (system, version, rng.randrange(7000), rng.randrange(200))
            )
    return agents


def hex_token(rng: random.Random, length: int) -> bytes:
    """``length`` lowercase hex digits from ``rng``."""
    return b"%0*x" % (length, rng.getrandbits(4 * length))


def mixed_gets(seed: int = 1) -> list[tuple[bytes, bytes, list[tuple[bytes, bytes]]]]:
    """Browser-like GETs whose target, Cookie, X-Request-Id and Referer are new on each one.

    Host, Accept, Accept-Encoding and Connection repeat; the User-Agent comes from a pool of
    ``USER_AGENT_POOL`` and the Accept-Language from a few. Returns (wire, target, headers).
    """
    rng = random.Random(seed)
    agents = user_agent_pool(rng)
    languages = [b"en-US,en;q=0.5", b"de-DE,de;q=0.9,en;q=0.6", b"fr-FR,fr;q=0.8", b"ja,en;q=0.7"]
    out = []
    for _ in range(DISTINCT_GETS):
        target = b"/articles/%d?ref=%s" % (rng.randrange(10**6), hex_token(rng, 8))
        headers = [
            (b"Host", b"shop.example.com"),
            (b"User-Agent", rng.choice(agents)),
            (b"Accept", b"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
            (b"Accept-Language", rng.choice(languages)),
            (b"Accept-Encoding", b"gzip, deflate, br, zstd"),
            (b"Referer", b"https://shop.example.com/search?q=%s" % hex_token(rng, 12)),
            (
                b"Cookie",
                b"session=%s; cart=%s; seen=%d"
                % (hex_token(rng, 32), hex_token(rng, 16), rng.randrange(10**9)),
            ),
            (b"X-Request-Id", hex_token(rng, 32)),
            (b"Connection", b"keep-alive"),
        ]
        out.append((request_head(b"GET", target, headers), target, headers))
    return out


def unique_gets(seed: int = 2) -> list[tuple[bytes, bytes, list[tuple[bytes, bytes]]]]:
    """GETs in which every line, request line included, is different from every other's."""
    rng = random.Random(seed)
    out = []
    for i in range(DISTINCT_GETS):
        token = b"%d-%s" % (i, hex_token(rng, 8))
        target = b"/items/%s?page=%d" % (token, rng.randrange(100))
        headers = [
            (b"Host", b"n%s.example.net" % token),
            (b"User-Agent", b"client/%s (build %d)" % (token, rng.randrange(10**6))),
            (b"Accept", b"application/json;v=%s" % token),
            (b"Accept-Language", b"en-US;q=0.%d, x-%s" % (rng.randrange(1, 10), token)),
            (b"Accept-Encoding", b"gzip;x=%s, identity" % token),
            (b"Referer", b"https://example.org/%s" % token),
            (b"X-Request-Id", b"%s-%s" % (token, hex_token(rng, 16))),
            (b"X-Trace", b"%s;%s" % (hex_token(rng, 16), token)),
        ]
        out.append((request_head(b"GET", target, headers), target, headers))
    return out


MIXED_GETS = mixed_gets()
UNIQUE_GETS = unique_gets()

# Memory: a 16 KiB head (request line and header lines, no blank line yet), in 4 KiB reads.
INCOMPLETE_HEAD_SIZE = 16 * KIB


def make_incomplete_head(size: int) -> bytes:
    """A request head of exactly ``size`` bytes that lacks its terminating blank line."""
    head = b"GET /incomplete HTTP/1.1\r\nHost: example.com\r\n"
    i = 0
    while len(head) < size:
        head += b"X-Filler-%04d: %s\r\n" % (i, b"f" * 80)
        i += 1
    # End inside a header value: still incomplete, exactly `size` bytes.
    return head[:size]


INCOMPLETE_HEAD = make_incomplete_head(INCOMPLETE_HEAD_SIZE)


def split(data: bytes, size: int) -> list[bytes]:
    """``data`` cut into reads of ``size`` bytes (the last may be shorter)."""
    return [data[i : i + size] for i in range(0, len(data), size)]


def lower_pairs(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """Header pairs as h11 reports them: names lowercased, values as sent."""
    return [(name.lower(), value) for name, value in headers]


# --- h11-API workloads -----------------------------------------------------------------------


def event_log(h11: ModuleType, conn: Any, reads: list[bytes]) -> list[tuple[Any, ...]]:
    """Feed ``reads`` one by one, draining after each; return a normalised event log.

    Adjacent ``Data`` events are merged (how bytes split into ``Data`` is not contractual) and
    ``NEED_DATA`` is dropped, so the log can be compared with one written by hand.
    """
    log: list[tuple[Any, ...]] = []
    data: list[bytes] = []  # Data received since the last other event
    for piece in reads:
        conn.receive_data(piece)
        while True:
            event = conn.next_event()
            if event is h11.NEED_DATA or event is h11.PAUSED:
                break
            kind = type(event)
            if kind is h11.Data:
                data.append(bytes(event.data))
                continue
            if data:
                log.append(("Data", b"".join(data)))
                data.clear()
            if kind is h11.Request:
                log.append(
                    (
                        "Request",
                        event.method,
                        event.target,
                        event.http_version,
                        list(event.headers),
                    )
                )
            elif kind is h11.Response:
                log.append(("Response", event.status_code, event.reason, list(event.headers)))
            elif kind is h11.EndOfMessage:
                log.append(("EndOfMessage", list(event.headers)))
            else:
                raise CheckFailed(f"unexpected event {event!r}")
    if data:
        log.append(("Data", b"".join(data)))
    return log


def h11_workloads(h11: ModuleType) -> dict[str, Workload]:
    """Every workload (a to l, plus f4 for the linearity check) for ``h11``."""
    Connection = h11.Connection
    CLIENT = h11.CLIENT
    SERVER = h11.SERVER
    Request = h11.Request
    Response = h11.Response
    Data = h11.Data
    EndOfMessage = h11.EndOfMessage
    NEED_DATA = h11.NEED_DATA
    PAUSED = h11.PAUSED
    DONE = h11.DONE

    def new_server() -> Any:
        return Connection(SERVER)

    def new_client() -> Any:
        return Connection(CLIENT)

    def client_waiting_for_response() -> Any:
        conn = Connection(CLIENT)
        conn.send(Request(method=b"GET", target=b"/api/items", headers=[(b"Host", b"a.example")]))
        conn.send(EndOfMessage())
        return conn

    def expect_get_log(log: list[tuple[Any, ...]], target: bytes, headers: Any) -> None:
        expected = [
            ("Request", b"GET", target, b"1.1", lower_pairs(headers)),
            ("EndOfMessage", []),
        ]
        expect(log == expected, f"event log {log!r:.300}")

    # a. server parses a realistic GET until NEED_DATA ------------------------------------
    n_get_headers = len(GET_HEADERS)

    def parse_get(conn: Any) -> None:
        conn.receive_data(REALISTIC_GET)
        event = conn.next_event()
        expect(type(event) is Request, "a: expected a Request")
        expect(event.method == b"GET" and event.target == TARGET, "a: method/target")
        expect(len(event.headers) == n_get_headers, "a: header count")
        expect(type(conn.next_event()) is EndOfMessage, "a: expected EndOfMessage")
        expect(conn.next_event() is NEED_DATA, "a: expected NEED_DATA")

    def verify_parse_get() -> None:
        conn = new_server()
        expect_get_log(event_log(h11, conn, [REALISTIC_GET]), TARGET, GET_HEADERS)
        expect(conn.their_state is DONE and conn.next_event() is NEED_DATA, "a: final state")

    # b. the classic server cycle --------------------------------------------------------
    def server_cycle(_: None) -> None:
        conn = Connection(SERVER)
        conn.receive_data(REALISTIC_GET)
        event = conn.next_event()
        expect(type(event) is Request, "b: expected a Request")
        expect(event.method == b"GET" and event.target == TARGET, "b: method/target")
        expect(len(event.headers) == n_get_headers, "b: header count")
        expect(type(conn.next_event()) is EndOfMessage, "b: expected EndOfMessage")
        head = conn.send(Response(status_code=200, headers=CYCLE_RESPONSE_HEADERS, reason=b"OK"))
        body = conn.send(Data(data=BODY_1000))
        end = conn.send(EndOfMessage())
        expect(head + body + end == CYCLE_RESPONSE_WIRE, "b: bytes sent")
        expect(conn.our_state is DONE and conn.their_state is DONE, "b: states")

    def verify_server_cycle() -> None:
        server_cycle(None)
        conn = new_server()
        expect_get_log(event_log(h11, conn, [REALISTIC_GET]), TARGET, GET_HEADERS)

    # c. client parses a response ---------------------------------------------------------
    n_response_headers = len(CLIENT_RESPONSE_HEADERS)

    def parse_response(conn: Any) -> None:
        conn.receive_data(CLIENT_RESPONSE_WIRE)
        event = conn.next_event()
        expect(type(event) is Response, "c: expected a Response")
        expect(event.status_code == 200, "c: status")
        expect(len(event.headers) == n_response_headers, "c: header count")
        received = 0
        event = conn.next_event()
        while type(event) is Data:
            received += len(event.data)
            event = conn.next_event()
        expect(type(event) is EndOfMessage, "c: expected EndOfMessage")
        expect(received == 1000, "c: body length")
        expect(conn.our_state is DONE and conn.their_state is DONE, "c: states")

    def verify_parse_response() -> None:
        conn = client_waiting_for_response()
        log = event_log(h11, conn, [CLIENT_RESPONSE_WIRE])
        expected = [
            ("Response", 200, b"OK", lower_pairs(CLIENT_RESPONSE_HEADERS)),
            ("Data", BODY_1000),
            ("EndOfMessage", []),
        ]
        expect(log == expected, f"c: event log {log!r:.300}")

    # d, e. bodies fed in 64 KiB reads ----------------------------------------------------
    def make_upload(
        key: str, reads: list[bytes], method: bytes, headers: Any, body: bytes
    ) -> tuple[Callable[[Any], None], Callable[[], None]]:
        body_length = len(body)
        # (Messages made once: the timed operation formats nothing unless a check fails.)
        counts_wrong = f"{key}: Request/EndOfMessage count"
        state_wrong = f"{key}: their_state"

        def upload(conn: Any) -> None:
            requests = ends = received = 0
            for piece in reads:
                conn.receive_data(piece)
                event = conn.next_event()
                while event is not NEED_DATA:
                    kind = type(event)
                    if kind is Data:
                        received += len(event.data)
                    elif kind is Request:
                        requests += 1
                    elif kind is EndOfMessage:
                        ends += 1
                    else:
                        raise CheckFailed(f"{key}: unexpected event {event!r}")
                    event = conn.next_event()
            expect(requests == 1 and ends == 1, counts_wrong)
            if received != body_length:
                raise CheckFailed(f"{key}: body length {received}")
            expect(conn.their_state is DONE, state_wrong)

        def verify_upload() -> None:
            log = event_log(h11, new_server(), reads)
            expected = [
                ("Request", method, UPLOAD_TARGET, b"1.1", lower_pairs(headers)),
                ("Data", body),
                ("EndOfMessage", []),
            ]
            expect(log == expected, f"{key}: event log {log!r:.300}")

        return upload, verify_upload

    chunked_upload, verify_chunked_upload = make_upload(
        "d", split(CHUNKED_UPLOAD_WIRE, 64 * KIB), b"POST", CHUNKED_UPLOAD_HEADERS, CHUNKED_BODY
    )
    big_upload, verify_big_upload = make_upload(
        "e", split(BIG_UPLOAD_HEAD + BIG_BODY, 64 * KIB), b"PUT", BIG_UPLOAD_HEADERS, BIG_BODY
    )

    # f. the realistic GET fed one byte at a time (and its 4x padded version) -------------
    def make_bytewise(
        key: str, wire: bytes, headers: Any
    ) -> tuple[Callable[[Any], None], Callable[[], None]]:
        reads = split(wire, 1)
        n_headers = len(headers)
        # (Messages made once: the timed operation formats nothing unless a check fails.)
        target_wrong, count_wrong = f"{key}: target", f"{key}: header count"
        counts_wrong, state_wrong = f"{key}: Request/EndOfMessage count", f"{key}: their_state"

        def bytewise(conn: Any) -> None:
            requests = ends = 0
            for piece in reads:
                conn.receive_data(piece)
                event = conn.next_event()
                while event is not NEED_DATA:
                    kind = type(event)
                    if kind is Request:
                        expect(event.target == TARGET, target_wrong)
                        expect(len(event.headers) == n_headers, count_wrong)
                        requests += 1
                    elif kind is EndOfMessage:
                        ends += 1
                    else:
                        raise CheckFailed(f"{key}: unexpected event {event!r}")
                    event = conn.next_event()
            expect(requests == 1 and ends == 1, counts_wrong)
            expect(conn.their_state is DONE, state_wrong)

        def verify_bytewise() -> None:
            expect_get_log(event_log(h11, new_server(), reads), TARGET, headers)

        return bytewise, verify_bytewise

    get_bytewise, verify_get_bytewise = make_bytewise("f", REALISTIC_GET, GET_HEADERS)
    get4_bytewise, verify_get4_bytewise = make_bytewise("f4", REALISTIC_GET_4X, GET_4X_HEADERS)

    # g. 100 pipelined keep-alive requests, each answered ---------------------------------
    answer_length = len(PIPELINE_RESPONSE_WIRE)

    def pipelined(conn: Any) -> None:
        conn.receive_data(PIPELINED_GETS)
        sent = 0
        for i in range(PIPELINE_DEPTH):
            event = conn.next_event()
            expect(type(event) is Request, "g: expected a Request")
            expect(event.target == TARGET, "g: target")
            expect(type(conn.next_event()) is EndOfMessage, "g: expected EndOfMessage")
            expect(
                conn.next_event() is (PAUSED if i < PIPELINE_DEPTH - 1 else NEED_DATA),
                "g: expected PAUSED (NEED_DATA after the last request)",
            )
            sent += len(conn.send(Response(status_code=200, headers=PIPELINE_RESPONSE_HEADERS)))
            sent += len(conn.send(Data(data=b"ok")))
            sent += len(conn.send(EndOfMessage()))
            conn.start_next_cycle()
        expect(sent == PIPELINE_DEPTH * answer_length, "g: bytes sent")

    def verify_pipelined() -> None:
        conn = new_server()
        conn.receive_data(PIPELINED_GETS)
        for _ in range(PIPELINE_DEPTH):
            log = []
            while True:
                event = conn.next_event()
                if event is PAUSED or event is NEED_DATA:
                    break
                log.append(event)
            expect(
                len(log) == 2 and type(log[0]) is Request and type(log[1]) is EndOfMessage,
                "g: events per request",
            )
            expect(list(log[0].headers) == lower_pairs(GET_HEADERS), "g: headers")
            out = conn.send(Response(status_code=200, headers=PIPELINE_RESPONSE_HEADERS))
            out += conn.send(Data(data=b"ok")) + conn.send(EndOfMessage())
            expect(out == PIPELINE_RESPONSE_WIRE, f"g: bytes sent {out!r}")
            conn.start_next_cycle()
        expect(conn.trailing_data == (b"", False), "g: nothing left over")

    # h. a request with 100 headers --------------------------------------------------------
    def parse_hundred(conn: Any) -> None:
        conn.receive_data(HUNDRED_HEADERS_GET)
        event = conn.next_event()
        expect(type(event) is Request, "h: expected a Request")
        expect(event.method == b"GET" and event.target == HUNDRED_TARGET, "h: method/target")
        expect(len(event.headers) == 100, "h: header count")
        expect(type(conn.next_event()) is EndOfMessage, "h: expected EndOfMessage")
        expect(conn.next_event() is NEED_DATA, "h: expected NEED_DATA")

    def verify_parse_hundred() -> None:
        log = event_log(h11, new_server(), [HUNDRED_HEADERS_GET])
        expect_get_log(log, HUNDRED_TARGET, HUNDRED_HEADERS)

    # i. a client sends a chunked POST ------------------------------------------------------
    def send_post(conn: Any) -> None:
        out = [conn.send(Request(method=b"POST", target=UPLOAD_TARGET, headers=POST_HEADERS))]
        for chunk in POST_CHUNKS:
            out.append(conn.send(Data(data=chunk)))
        out.append(conn.send(EndOfMessage()))
        expect(b"".join(out) == POST_WIRE, "i: bytes sent")
        expect(conn.our_state is DONE, "i: our_state")

    def verify_send_post() -> None:
        send_post(new_client())

    # j. the small keep-alive cycle, on one long-lived connection -------------------------
    keepalive_conn = new_server()

    def long_lived_server() -> Any:
        return keepalive_conn

    def keepalive_cycle(conn: Any) -> None:
        conn.receive_data(SMALL_GET)
        event = conn.next_event()
        expect(type(event) is Request, "j: expected a Request")
        expect(event.target == b"/" and len(event.headers) == 1, "j: target/headers")
        expect(type(conn.next_event()) is EndOfMessage, "j: expected EndOfMessage")
        expect(conn.next_event() is NEED_DATA, "j: expected NEED_DATA")
        out = conn.send(Response(status_code=200, headers=KEEPALIVE_RESPONSE_HEADERS))
        out += conn.send(Data(data=KEEPALIVE_BODY))
        out += conn.send(EndOfMessage())
        expect(out == KEEPALIVE_RESPONSE_WIRE, "j: bytes sent")
        conn.start_next_cycle()

    def verify_keepalive_cycle() -> None:
        conn = new_server()
        for _ in range(3):
            log = event_log(h11, conn, [SMALL_GET])
            expect_get_log(log, b"/", [(b"Host", b"example.com")])
            out = conn.send(Response(status_code=200, headers=KEEPALIVE_RESPONSE_HEADERS))
            out += conn.send(Data(data=KEEPALIVE_BODY)) + conn.send(EndOfMessage())
            expect(out == KEEPALIVE_RESPONSE_WIRE, f"j: bytes sent {out!r}")
            expect(conn.our_state is DONE and conn.their_state is DONE, "j: states")
            conn.start_next_cycle()
        keepalive_cycle(keepalive_conn)

    # k, l. GETs that do not repeat, one per operation in turn ------------------------------
    def make_distinct(
        key: str, requests: list[tuple[bytes, bytes, list[tuple[bytes, bytes]]]]
    ) -> tuple[Callable[[], Any], Callable[[Any], None], Callable[[], None]]:
        items = itertools.cycle(
            [(wire, target, len(headers)) for wire, target, headers in requests]
        )

        # (Messages made once: the timed operation formats nothing unless a check fails.)
        no_request, wrong_request = f"{key}: expected a Request", f"{key}: method/target"
        wrong_count, no_end = f"{key}: header count", f"{key}: expected EndOfMessage"
        no_need_data = f"{key}: expected NEED_DATA"

        def setup() -> Any:
            return new_server(), next(items)

        def parse(state: Any) -> None:
            conn, (wire, target, n_headers) = state
            conn.receive_data(wire)
            event = conn.next_event()
            expect(type(event) is Request, no_request)
            expect(event.method == b"GET" and event.target == target, wrong_request)
            expect(len(event.headers) == n_headers, wrong_count)
            expect(type(conn.next_event()) is EndOfMessage, no_end)
            expect(conn.next_event() is NEED_DATA, no_need_data)

        def verify() -> None:
            for wire, target, headers in requests[:: len(requests) // 64]:
                expect_get_log(event_log(h11, new_server(), [wire]), target, headers)

        return setup, parse, verify

    mixed_setup, mixed_parse, verify_mixed = make_distinct("k", MIXED_GETS)
    unique_setup, unique_parse, verify_unique = make_distinct("l", UNIQUE_GETS)

    def no_setup() -> None:
        return None

    get_size = len(REALISTIC_GET)
    return {
        w.key: w
        for w in [
            Workload(
                "a",
                f"server parses a realistic GET ({n_get_headers} headers, {get_size} B)",
                "req/s",
                1,
                new_server,
                parse_get,
                verify_parse_get,
            ),
            Workload(
                "b",
                "server cycle: that GET, Response (9 headers) + 1000 B Data + EndOfMessage",
                "req/s",
                1,
                no_setup,
                server_cycle,
                verify_server_cycle,
            ),
            Workload(
                "c",
                "client parses a response (10 headers, 1000 B Content-Length body)",
                "req/s",
                1,
                client_waiting_for_response,
                parse_response,
                verify_parse_response,
            ),
            Workload(
                "d",
                "1 MiB chunked request body, 4 KiB chunks, 64 KiB reads",
                "MB/s",
                len(CHUNKED_BODY) / 1e6,
                new_server,
                chunked_upload,
                verify_chunked_upload,
            ),
            Workload(
                "e",
                "16 MiB Content-Length request body, 64 KiB reads",
                "MB/s",
                len(BIG_BODY) / 1e6,
                new_server,
                big_upload,
                verify_big_upload,
            ),
            Workload(
                "f",
                f"the realistic GET ({get_size} B) fed one byte at a time",
                "req/s",
                1,
                new_server,
                get_bytewise,
                verify_get_bytewise,
            ),
            Workload(
                "f4",
                f"f padded to 4x ({4 * get_size} B, longer Cookie), one byte at a time",
                "req/s",
                1,
                new_server,
                get4_bytewise,
                verify_get4_bytewise,
            ),
            Workload(
                "g",
                f"{PIPELINE_DEPTH} pipelined keep-alive GETs in one buffer, each answered",
                "req/s",
                PIPELINE_DEPTH,
                new_server,
                pipelined,
                verify_pipelined,
            ),
            Workload(
                "h",
                f"server parses a request with 100 headers ({len(HUNDRED_HEADERS_GET)} B)",
                "req/s",
                1,
                new_server,
                parse_hundred,
                verify_parse_hundred,
            ),
            Workload(
                "i",
                "client sends a POST, 10 headers, 64 KiB chunked body in 16 Data",
                "req/s",
                1,
                new_client,
                send_post,
                verify_send_post,
            ),
            Workload(
                "j",
                "small keep-alive cycle on one connection: GET (Host only), Response (2 headers)"
                " + 12 B Data + EndOfMessage, start_next_cycle()",
                "req/s",
                1,
                long_lived_server,
                keepalive_cycle,
                verify_keepalive_cycle,
            ),
            Workload(
                "k",
                f"server parses {DISTINCT_GETS} distinct browser-like GETs in turn (new cookie,"
                f" request id, referer, target; {USER_AGENT_POOL} user agents)",
                "req/s",
                1,
                mixed_setup,
                mixed_parse,
                verify_mixed,
            ),
            Workload(
                "l",
                f"server parses {DISTINCT_GETS} GETs in turn, every line of each unique",
                "req/s",
                1,
                unique_setup,
                unique_parse,
                verify_unique,
            ),
        ]
    }


# --- Memory ----------------------------------------------------------------------------------


def measure_memory(h11: ModuleType, count: int) -> dict[str, float]:
    """Peak traced bytes per ``Connection``: idle, and holding a 16 KiB incomplete head.

    ``count`` server connections are created (and, for the second figure, each fed
    ``INCOMPLETE_HEAD`` in 4 KiB reads with ``next_event()`` after each, which must give
    ``NEED_DATA``) while tracemalloc traces; the peak above the starting point, divided by
    ``count``, is the figure. The fed ``bytes`` objects exist before tracing starts, so only
    what the connections allocate (and keep, or allocate transiently) is counted.
    """
    import gc
    import tracemalloc

    Connection = h11.Connection
    SERVER = h11.SERVER
    NEED_DATA = h11.NEED_DATA
    reads = split(INCOMPLETE_HEAD, 4 * KIB)
    result: dict[str, float] = {}
    for label, feed in (("idle", False), ("head_16k", True)):
        gc.collect()
        tracemalloc.start()
        try:
            start = tracemalloc.get_traced_memory()[0]
            tracemalloc.reset_peak()
            conns = [Connection(SERVER) for _ in range(count)]
            if feed:
                for conn in conns:
                    for piece in reads:
                        conn.receive_data(piece)
                        expect(conn.next_event() is NEED_DATA, "memory: expected NEED_DATA")
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        if feed:
            expect(
                all(len(conn.trailing_data[0]) == INCOMPLETE_HEAD_SIZE for conn in conns),
                "memory: every connection holds the 16 KiB head",
            )
        del conns
        result[label] = (peak - start) / count
    return result


# --- httptools (native reference, parse only) -------------------------------------------------


class _Recorder:
    """httptools callbacks that count what the parser reports."""

    __slots__ = ("body", "complete", "header_names", "headers", "url")

    def __init__(self) -> None:
        self.url = b""
        self.headers = 0
        self.header_names = 0
        self.body = 0
        self.complete = 0

    def on_url(self, url: bytes) -> None:
        self.url += url

    def on_header(self, name: bytes, value: bytes) -> None:
        self.headers += 1

    def on_body(self, body: bytes) -> None:
        self.body += len(body)

    def on_message_complete(self) -> None:
        self.complete += 1


def httptools_workloads(httptools: ModuleType) -> dict[str, Workload]:
    """Parse-only equivalents of a, c, d, e, f, h, k and l for httptools, with the same checks."""
    HttpRequestParser = httptools.HttpRequestParser
    HttpResponseParser = httptools.HttpResponseParser

    def new_request_parser() -> tuple[Any, _Recorder]:
        recorder = _Recorder()
        return HttpRequestParser(recorder), recorder

    def new_response_parser() -> tuple[Any, _Recorder]:
        recorder = _Recorder()
        return HttpResponseParser(recorder), recorder

    def request_workload(
        key: str, reads: list[bytes], *, method: bytes, target: bytes, headers: Any, body: bytes
    ) -> Workload:
        n_headers = len(headers)
        body_length = len(body)

        def parse(state: tuple[Any, _Recorder]) -> None:
            parser, recorder = state
            for piece in reads:
                parser.feed_data(piece)
            expect(recorder.complete == 1, f"{key}: message complete")
            expect(parser.get_method() == method and recorder.url == target, f"{key}: method")
            expect(recorder.headers == n_headers, f"{key}: header count {recorder.headers}")
            expect(recorder.body == body_length, f"{key}: body length")

        def verify() -> None:
            parse(new_request_parser())

        unit, units = ("MB/s", body_length / 1e6) if body else ("req/s", 1.0)
        return Workload(key, "", unit, units, new_request_parser, parse, verify)

    def distinct_workload(
        key: str, requests: list[tuple[bytes, bytes, list[tuple[bytes, bytes]]]]
    ) -> Workload:
        items = itertools.cycle(
            [(wire, target, len(headers)) for wire, target, headers in requests]
        )

        def setup() -> Any:
            return new_request_parser(), next(items)

        def parse(state: Any) -> None:
            (parser, recorder), (wire, target, n_headers) = state
            parser.feed_data(wire)
            expect(recorder.complete == 1, f"{key}: message complete")
            expect(parser.get_method() == b"GET" and recorder.url == target, f"{key}: method")
            expect(recorder.headers == n_headers, f"{key}: header count {recorder.headers}")

        def verify() -> None:
            for _ in range(64):
                parse(setup())

        return Workload(key, "", "req/s", 1, setup, parse, verify)

    def parse_response(state: tuple[Any, _Recorder]) -> None:
        parser, recorder = state
        parser.feed_data(CLIENT_RESPONSE_WIRE)
        expect(recorder.complete == 1, "c: message complete")
        expect(parser.get_status_code() == 200, "c: status")
        expect(recorder.headers == len(CLIENT_RESPONSE_HEADERS), "c: header count")
        expect(recorder.body == 1000, "c: body length")

    def verify_response() -> None:
        parse_response(new_response_parser())

    workloads = [
        request_workload(
            "a", [REALISTIC_GET], method=b"GET", target=TARGET, headers=GET_HEADERS, body=b""
        ),
        Workload("c", "", "req/s", 1, new_response_parser, parse_response, verify_response),
        request_workload(
            "d",
            split(CHUNKED_UPLOAD_WIRE, 64 * KIB),
            method=b"POST",
            target=UPLOAD_TARGET,
            headers=CHUNKED_UPLOAD_HEADERS,
            body=CHUNKED_BODY,
        ),
        request_workload(
            "e",
            split(BIG_UPLOAD_HEAD + BIG_BODY, 64 * KIB),
            method=b"PUT",
            target=UPLOAD_TARGET,
            headers=BIG_UPLOAD_HEADERS,
            body=BIG_BODY,
        ),
        request_workload(
            "f",
            split(REALISTIC_GET, 1),
            method=b"GET",
            target=TARGET,
            headers=GET_HEADERS,
            body=b"",
        ),
        request_workload(
            "h",
            [HUNDRED_HEADERS_GET],
            method=b"GET",
            target=HUNDRED_TARGET,
            headers=HUNDRED_HEADERS,
            body=b"",
        ),
        distinct_workload("k", MIXED_GETS),
        distinct_workload("l", UNIQUE_GETS),
    ]
    return {w.key: w for w in workloads}


# --- The reference sketch (NOT a parser; no implementation is measured against it) ----------
#
# What workload j costs without events or a state machine: the same parsing and checks of the
# small GET (request line, token method, target characters, version, each field line split
# and its name and value checked, names lowercased, exactly one Host, no body framing) and
# the same response bytes (names and values checked), written straight from bytes to bytes.
# It handles only what j sends; it is the floor the per-event machinery is compared with in
# the results, never counted in the ratios.

_SKETCH_TOKEN = re.compile(rb"[-!#$%&'*+.^_`|~0-9A-Za-z]+")
_SKETCH_TARGET = re.compile(rb"[\x21-\x7e]+")
_SKETCH_VALUE = re.compile(
    rb"(?:[\x21-\x7e\x80-\xff](?:[\t\x20-\x7e\x80-\xff]*[\x21-\x7e\x80-\xff])?)?"
)


def sketch_serve(
    buffer: bytearray, status: int, headers: list[tuple[bytes, bytes]], body: bytes
) -> tuple[bytes, list[tuple[bytes, bytes, bytes]], bytes]:
    """Parse one body-less request off ``buffer``; return (target, fields, reply bytes).

    Raises ``CheckFailed`` for anything it does not accept (checks inline, as a hand-written
    server would have them, rather than through ``expect()`` calls).
    """
    end = buffer.find(b"\r\n\r\n")
    if end < 0:
        raise CheckFailed("sketch: incomplete head")
    lines = bytes(buffer[:end]).split(b"\r\n")
    del buffer[: end + 4]
    parts = lines[0].split(b" ")
    if len(parts) != 3 or parts[2] != b"HTTP/1.1":
        raise CheckFailed("sketch: request line")
    method, target, _ = parts
    token = _SKETCH_TOKEN.fullmatch
    field_value = _SKETCH_VALUE.fullmatch
    if token(method) is None or _SKETCH_TARGET.fullmatch(target) is None:
        raise CheckFailed("sketch: method or target")
    fields = []
    hosts = 0
    for line in lines[1:]:
        name, colon, value = line.partition(b":")
        value = value.strip(b" \t")
        if not colon or token(name) is None or field_value(value) is None:
            raise CheckFailed("sketch: field line")
        lname = name.lower()
        if lname == b"host":
            hosts += 1
        elif lname in (b"content-length", b"transfer-encoding"):
            raise CheckFailed("sketch: has a body")
        fields.append((name, lname, value))
    if hosts != 1:
        raise CheckFailed("sketch: Host")
    out = [b"HTTP/1.1 %d \r\n" % status]
    for name, value in headers:
        if token(name) is None or field_value(value) is None:
            raise CheckFailed("sketch: response header")
        out.append(b"%s: %s\r\n" % (name, value))
    out.append(b"\r\n")
    out.append(body)
    return target, fields, b"".join(out)


def sketch_workloads() -> dict[str, Workload]:
    """Workload j done by ``sketch_serve``: the reference, not an implementation."""
    buffer = bytearray()

    def cycle(buffer: bytearray) -> None:
        buffer += SMALL_GET
        target, fields, reply = sketch_serve(
            buffer, 200, KEEPALIVE_RESPONSE_HEADERS, KEEPALIVE_BODY
        )
        expect(target == b"/" and len(fields) == 1, "j: target/headers")
        expect(reply == KEEPALIVE_RESPONSE_WIRE and not buffer, "j: bytes sent")

    def verify() -> None:
        cycle(bytearray())

    return {"j": Workload("j", "", "req/s", 1, lambda: buffer, cycle, verify)}
