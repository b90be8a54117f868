"""Hypothesis properties of receiving and sending (CONTRIBUTING.md, "Tests").

(a) Splitting: a generated valid byte stream (pipelined requests, or responses across cycles,
    with random headers, Content-Length / chunked / read-until-close framing, chunk extensions,
    trailers, obs-fold, bare-LF line endings) yields exactly the events it was built from, however
    it is split into ``receive_data`` calls (Data merged).
(b) Round trip: events sent by one ``Connection`` and received by another come back equal, up to
    the documented header placement (§11.2, Host first) and automatic fixes (§11.3).
(c) Robustness: arbitrary bytes, and mutations of valid streams, fed in arbitrary splits give
    only events, NEED_DATA/PAUSED or ``RemoteProtocolError`` for both roles, and never more body
    bytes than the framing declared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import h11

# ---------------------------------------------------------------------------------------------
# Byte-level building blocks (RFC 9110 §5.5, RFC 9112 §2-§5, §7.1)

TOKEN_CHARS = b"!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Field-value bytes other than SP/HTAB (§4.2 step 3): anything but NUL and ASCII whitespace.
FIELD_CHARS = bytes(b for b in range(1, 256) if b not in b"\t\n\x0b\x0c\r ")
# The same in requests: VCHAR and obs-text only (RFC 9110 §5.5; docs/differences.rst,
# control bytes in request field values).
REQUEST_FIELD_CHARS = bytes(range(0x21, 0x7F)) + bytes(range(0x80, 0x100))
# Reason phrase bytes we may send (Q3) and that every parser keeps: HTAB, SP, VCHAR, obs-text.
REASON_CHARS = b"\t " + bytes(range(0x21, 0x7F)) + bytes(range(0x80, 0x100))
# Chunk-extension quoted-string text (RFC 9110 §5.6.4 qdtext) without DQUOTE and backslash.
QDTEXT = b"\t !" + bytes(range(0x23, 0x5C)) + bytes(range(0x5D, 0x7F)) + bytes(range(0x80, 0x100))
PATH_CHARS = b"abcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@%/?"
SPECIAL_HEADERS = {
    b"host",
    b"content-length",
    b"transfer-encoding",
    b"connection",
    b"upgrade",
    b"expect",
}

tokens = st.binary(min_size=1, max_size=8).map(
    lambda b: bytes(TOKEN_CHARS[x % len(TOKEN_CHARS)] for x in b)
)
header_names = tokens.filter(lambda n: n.lower() not in SPECIAL_HEADERS)
field_words = st.binary(min_size=1, max_size=6).map(
    lambda b: bytes(FIELD_CHARS[x % len(FIELD_CHARS)] for x in b)
)
whitespace_runs = st.sampled_from([b" ", b"\t", b"  ", b" \t "])


request_field_words = st.binary(min_size=1, max_size=6).map(
    lambda b: bytes(REQUEST_FIELD_CHARS[x % len(REQUEST_FIELD_CHARS)] for x in b)
)


@st.composite
def header_values(draw: Any, request: bool = False) -> bytes:
    words = draw(st.lists(request_field_words if request else field_words, max_size=3))
    value = b""
    for i, word in enumerate(words):
        value += (draw(whitespace_runs) if i else b"") + word
    return value


@st.composite
def host_values(draw: Any) -> bytes:
    """Valid Host values (RFC 9112 §3.2): a reg-name, IPv4 or IPv6 literal, maybe a port."""
    host = draw(
        st.one_of(
            st.binary(max_size=12).map(
                lambda b: bytes(HOST_CHARS[x % len(HOST_CHARS)] for x in b)
            ),
            st.sampled_from([b"127.0.0.1", b"[::1]", b"[2001:db8::7]", b"xn--bcher-kva.example"]),
        )
    )
    if host and draw(st.booleans()):
        host += b":%d" % draw(st.integers(0, 65535))
    return host


HOST_CHARS = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;="


reason_phrases = st.binary(max_size=12).map(
    lambda b: bytes(REASON_CHARS[x % len(REASON_CHARS)] for x in b)
)
targets = st.binary(max_size=12).map(
    lambda b: b"/" + bytes(PATH_CHARS[x % len(PATH_CHARS)] for x in b)
)
methods = st.one_of(st.sampled_from([b"GET", b"POST", b"PUT", b"DELETE", b"PATCH"]), tokens)
bodies = st.binary(max_size=40)
header_lists = st.lists(st.tuples(header_names, header_values()), max_size=4)
request_header_lists = st.lists(st.tuples(header_names, header_values(request=True)), max_size=4)


@dataclass
class Wire:
    """Serialisation choices that must not change what is parsed."""

    eol: bytes = b"\r\n"  # line ending of this head
    ows: bytes = b" "  # whitespace after the colon
    trailing_ows: bytes = b""
    fold: bool = False  # write single interior spaces as obs-fold continuation lines


@st.composite
def wires(draw: Any) -> Wire:
    return Wire(
        draw(st.sampled_from([b"\r\n", b"\r\n", b"\n"])),
        draw(st.sampled_from([b"", b" ", b"\t", b" \t "])),
        draw(st.sampled_from([b"", b"", b" ", b"\t "])),
        draw(st.booleans()),
    )


def write_header_block(pairs: list[tuple[bytes, bytes]], wire: Wire) -> bytes:
    out = b""
    for name, value in pairs:
        written = value
        if wire.fold and b" " in value:
            first, _, rest = value.partition(b" ")
            if first and rest and rest[:1] not in b" \t":
                written = first + wire.eol + b" \t" + rest  # unfolds to first + SP + rest
        trailing_ows = wire.trailing_ows
        if name.lower() == b"transfer-encoding":
            # A tab after a Transfer-Encoding value is refused (llhttp reads it otherwise).
            trailing_ows = trailing_ows.replace(b"\t", b" ")
        out += name + b":" + (wire.ows + written + trailing_ows if value else wire.ows)
        out += wire.eol
    return out + wire.eol


@st.composite
def chunk_extensions(draw: Any) -> bytes:
    out = b""
    for _ in range(draw(st.integers(0, 2))):
        bws = draw(st.sampled_from([b"", b"", b" ", b"\t "]))
        out += bws + b";" + bws + draw(tokens)
        kind = draw(st.sampled_from(["none", "token", "quoted"]))
        if kind == "token":
            out += bws + b"=" + bws + draw(tokens)
        elif kind == "quoted":
            text = bytes(QDTEXT[x % len(QDTEXT)] for x in draw(st.binary(max_size=6)))
            out += b'="' + text + draw(st.sampled_from([b"", b'\\"', b"\\\\"])) + b'"'
    return out


@st.composite
def chunked_bodies(
    draw: Any, request: bool = True
) -> tuple[bytes, list[bytes], list[tuple[bytes, bytes]]]:
    """(wire bytes after the head, the chunks, the trailers)."""
    chunks = draw(st.lists(st.binary(min_size=1, max_size=20), max_size=4))
    out = b""
    for chunk in chunks:
        digits = b"%x" % len(chunk)
        if draw(st.booleans()):
            digits = digits.upper()
        digits = b"0" * draw(st.integers(0, 20 - len(digits))) + digits
        out += digits + draw(chunk_extensions()) + b"\r\n" + chunk + b"\r\n"
    out += b"0" * draw(st.integers(1, 3)) + draw(chunk_extensions()) + b"\r\n"
    trailers = draw(request_header_lists if request else header_lists)
    out += write_header_block(trailers, draw(wires()))
    return out, chunks, trailers


# Expected events are written as comparable tuples.
def request_entry(
    method: bytes, target: bytes, pairs: list[tuple[bytes, bytes]], version: bytes = b"1.1"
) -> tuple[Any, ...]:
    return ("Request", method, target, version, tuple(pairs))


def describe(event: Any) -> Any:
    kind = type(event)
    if kind is h11.Data:
        return ("Data", bytes(event.data))
    if kind is h11.EndOfMessage:
        return ("EndOfMessage", tuple(event.headers.raw_items()))
    if kind is h11.Request:
        return (
            "Request",
            event.method,
            event.target,
            event.http_version,
            tuple(event.headers.raw_items()),
        )
    if kind in (h11.Response, h11.InformationalResponse):
        return (
            kind.__name__,
            event.status_code,
            event.reason,
            event.http_version,
            tuple(event.headers.raw_items()),
        )
    assert kind is h11.ConnectionClosed, event
    return ("ConnectionClosed",)


def merge(entries: list[Any]) -> list[Any]:
    out: list[Any] = []
    for entry in entries:
        if entry[0] == "Data" and out and out[-1][0] == "Data":
            out[-1] = ("Data", out[-1][1] + entry[1])
        elif entry[0] != "Data" or entry[1]:
            out.append(entry)
    return out


# ---------------------------------------------------------------------------------------------
# Generated valid streams


@dataclass
class Stream:
    wire: bytes = b""
    expected: list[Any] = field(default_factory=list)
    methods: list[bytes] = field(default_factory=list)  # client role: the request per cycle
    eof: bool = False


@st.composite
def request_streams(draw: Any) -> Stream:
    """One to three pipelined HTTP/1.1 requests; the last may say Connection: close."""
    stream = Stream()
    count = draw(st.integers(1, 3))
    for i in range(count):
        method, target, wire = draw(methods), draw(targets), draw(wires())
        pairs = [(draw(st.sampled_from([b"Host", b"host", b"HOST"])), draw(host_values()))]
        pairs += draw(request_header_lists)
        draw(st.randoms()).shuffle(pairs)
        if i == count - 1 and draw(st.booleans()):
            pairs.append((b"Connection", b"close"))
        framing = draw(st.sampled_from(["none", "length", "chunked"]))
        body, trailers, tail = b"", [], b""
        if framing == "length":
            body = draw(bodies)
            pairs.append((b"Content-Length", b"%d" % len(body)))
            tail = body
        elif framing == "chunked":
            pairs.append((b"Transfer-Encoding", b"chunked"))
            tail, chunks, trailers = draw(chunked_bodies())
            body = b"".join(chunks)
        stream.wire += method + b" " + target + b" HTTP/1.1" + wire.eol
        stream.wire += write_header_block(pairs, wire) + tail
        stream.expected.append(request_entry(method, target, pairs))
        stream.expected += [("Data", body), ("EndOfMessage", tuple(trailers))]
    return stream


@st.composite
def response_streams(draw: Any) -> Stream:
    """One to three responses (each after its request), maybe with 1xx before them; the last
    may be HTTP/1.0, say Connection: close, or be read until EOF."""
    stream = Stream()
    count = draw(st.integers(1, 3))
    for i in range(count):
        last = i == count - 1
        method = draw(st.sampled_from([b"GET", b"GET", b"POST", b"HEAD"]))
        stream.methods.append(method)
        for _ in range(draw(st.integers(0, 2))):
            status, reason, wire = draw(st.sampled_from([100, 102, 103, 199])), b"", draw(wires())
            pairs = draw(header_lists)
            stream.wire += b"HTTP/1.1 %d %s" % (status, reason) + wire.eol
            stream.wire += write_header_block(pairs, wire)
            stream.expected.append(("InformationalResponse", status, reason, b"1.1", tuple(pairs)))
        status = draw(st.sampled_from([200, 201, 204, 304, 404, 500, 999]))
        reason, wire = draw(reason_phrases), draw(wires())
        version = b"1.0" if last and draw(st.booleans()) else b"1.1"
        pairs = draw(header_lists)
        choices = ["length", "chunked"] + (["eof"] if last else [])
        framing = draw(st.sampled_from(choices))
        if version == b"1.0" and framing == "chunked":
            framing = "length"  # H3: no Transfer-Encoding in HTTP/1.0
        if last and version == b"1.1" and draw(st.booleans()):
            pairs.append((b"Connection", b"close"))
        no_body = status in (204, 304) or method == b"HEAD"
        body, trailers, tail = b"", [], b""
        if framing == "length":
            body = draw(bodies)
            pairs.append((b"Content-Length", b"%d" % len(body)))
            tail = body
        elif framing == "chunked":
            pairs.append((b"Transfer-Encoding", b"chunked"))
            tail, chunks, trailers = draw(chunked_bodies(request=False))
            body = b"".join(chunks)
        else:
            body = tail = draw(bodies)
            stream.eof = not no_body
        if no_body:
            body, trailers, tail = b"", [], b""
        # §9.3: "HTTP/1.1 200" and "HTTP/1.1 200 " both have an empty reason.
        reason_part = b" " + reason if reason else draw(st.sampled_from([b"", b" "]))
        stream.wire += b"HTTP/" + version + b" %d" % status + reason_part + wire.eol
        stream.wire += write_header_block(pairs, wire) + tail
        stream.expected.append(("Response", status, reason, version, tuple(pairs)))
        stream.expected += [("Data", body), ("EndOfMessage", tuple(trailers))]
        if stream.eof:
            stream.expected.append(("ConnectionClosed",))
    return stream


def split(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c for c in cuts if 0 < c < len(data)})
    return [data[a:b] for a, b in zip([0, *points], [*points, len(data)], strict=True)]


@st.composite
def splittings(draw: Any, data: bytes) -> list[bytes]:
    if draw(st.integers(0, 4)) == 0:
        return [data[i : i + 1] for i in range(len(data))]
    return split(data, draw(st.lists(st.integers(0, len(data)), max_size=12)))


def send_request(conn: h11.Connection, method: bytes, extra: list[tuple[bytes, bytes]]) -> None:
    target = b"example.com:443" if method == b"CONNECT" else b"/"
    conn.send(h11.Request(method=method, target=target, headers=[(b"Host", b"a"), *extra]))
    conn.send(h11.EndOfMessage())


class Driver:
    """Feeds pieces to one Connection, finishing cycles when it is PAUSED between messages."""

    def __init__(
        self,
        role: Any,
        methods: list[bytes],
        max_size: int | None = None,
        extra: list[tuple[bytes, bytes]] | None = None,
    ) -> None:
        options = {} if max_size is None else {"max_incomplete_event_size": max_size}
        self.conn = h11.Connection(role, **options)
        self.methods = list(methods)
        self.extra = extra or []
        self.events: list[Any] = []
        if role is h11.CLIENT:
            send_request(self.conn, self.methods.pop(0), self.extra)

    def finish_cycle(self) -> bool:
        conn = self.conn
        if conn.our_role is h11.SERVER and conn.our_state is h11.SEND_RESPONSE:
            conn.send(h11.Response(status_code=404, headers=[(b"Content-Length", b"0")]))
            conn.send(h11.EndOfMessage())
        if conn.states != {h11.CLIENT: h11.DONE, h11.SERVER: h11.DONE}:
            return False
        conn.start_next_cycle()
        if conn.our_role is h11.CLIENT:
            send_request(conn, self.methods.pop(0) if self.methods else b"GET", self.extra)
        return True

    def pump(self) -> Any:
        while True:
            event = self.conn.next_event()
            if event is h11.NEED_DATA:
                return event
            if event is h11.PAUSED:
                if self.finish_cycle():
                    continue
                return event
            self.events.append(event)
            if type(event) is h11.ConnectionClosed:
                return event

    def feed(self, pieces: list[bytes], eof: bool) -> None:
        for piece in pieces:
            self.conn.receive_data(piece)
            self.pump()
        if eof:
            self.conn.receive_data(b"")
            self.pump()


# ---------------------------------------------------------------------------------------------
# (a) any split gives the same events


@given(stream=request_streams(), data=st.data())
def test_request_stream_parses_the_same_however_split(stream: Stream, data: Any) -> None:
    driver = Driver(h11.SERVER, [])
    driver.feed(data.draw(splittings(stream.wire)), stream.eof)
    assert merge([describe(e) for e in driver.events]) == merge(stream.expected)


@given(stream=response_streams(), data=st.data())
def test_response_stream_parses_the_same_however_split(stream: Stream, data: Any) -> None:
    driver = Driver(h11.CLIENT, stream.methods)
    driver.feed(data.draw(splittings(stream.wire)), stream.eof)
    assert merge([describe(e) for e in driver.events]) == merge(stream.expected)


@given(chunked=chunked_bodies(), data=st.data())
def test_chunk_boundaries_are_flagged_however_split(chunked: Any, data: Any) -> None:
    # Q2: the first Data of every chunk has chunk_start=True and the last chunk_end=True.
    tail, chunks, trailers = chunked
    wire = b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" + tail
    driver = Driver(h11.SERVER, [])
    driver.feed(data.draw(splittings(wire)), eof=False)
    seen: list[bytes] = []
    open_chunk = False
    for event in driver.events:
        if type(event) is not h11.Data:
            continue
        assert event.chunk_start is not open_chunk, "chunk_start must mark exactly new chunks"
        if event.chunk_start:
            seen.append(b"")
        seen[-1] += bytes(event.data)
        open_chunk = not event.chunk_end
    assert not open_chunk
    assert seen == chunks
    assert describe(driver.events[-1]) == ("EndOfMessage", tuple(trailers))


# ---------------------------------------------------------------------------------------------
# (b) send, then receive


def host_first(pairs: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """§11.2: every Host header is written first, the rest keep their order."""
    return [p for p in pairs if p[0].lower() == b"host"] + [
        p for p in pairs if p[0].lower() != b"host"
    ]


def fixed_response_headers(
    status: int, pairs: list[tuple[bytes, bytes]], request_says_close: bool
) -> list[tuple[bytes, bytes]]:
    """§11.3 for an HTTP/1.1 peer: what the client receives for ``Response(headers=pairs)``.

    (HEAD needs no case of its own: its response is framed as a GET's would be. No CONNECT
    is generated.)"""
    names = [n.lower() for n, _ in pairs]
    fixed_length = status in (204, 304) or (
        b"transfer-encoding" not in names and b"content-length" in names
    )
    out = list(pairs)
    if not fixed_length:
        out = [p for p in out if p[0].lower() not in (b"content-length", b"transfer-encoding")]
        out.append((b"Transfer-Encoding", b"chunked"))
    if request_says_close:
        connection_tokens = {
            t.strip().lower()
            for n, v in out
            if n.lower() == b"connection"
            for t in v.split(b",")
            if t.strip()
        }
        connection_tokens.discard(b"keep-alive")
        connection_tokens.add(b"close")
        out = [p for p in out if p[0].lower() != b"connection"]
        out += [(b"Connection", t) for t in sorted(connection_tokens)]
    return out


@dataclass
class Exchange:
    request: h11.Request
    request_body: list[bytes]
    request_trailers: list[tuple[bytes, bytes]]
    informational: list[h11.InformationalResponse]
    response: h11.Response
    response_body: list[bytes]
    response_trailers: list[tuple[bytes, bytes]]
    request_says_close: bool


@st.composite
def exchanges(draw: Any) -> Exchange:
    method = draw(st.sampled_from([b"GET", b"POST", b"HEAD", b"PUT"]))
    pairs = [*draw(request_header_lists), (b"Host", b"example.com")]
    draw(st.randoms()).shuffle(pairs)
    request_says_close = draw(st.integers(0, 4)) == 0
    if request_says_close:
        pairs.append((b"Connection", draw(st.sampled_from([b"close", b"Keep-Alive, close"]))))
    pieces = draw(st.lists(st.binary(max_size=10), max_size=3))
    request_trailers: list[tuple[bytes, bytes]] = []
    framing = draw(st.sampled_from(["none", "length", "chunked"]))
    if framing == "none":
        pieces = []
    elif framing == "length":
        pairs.append((b"Content-Length", b"%d" % sum(map(len, pieces))))
    else:
        pairs.append((b"Transfer-Encoding", b"chunked"))
        request_trailers = draw(request_header_lists)
    request = h11.Request(method=method, target=draw(targets), headers=pairs)

    informational = [
        h11.InformationalResponse(
            status_code=draw(st.sampled_from([100, 102, 103])),
            headers=draw(header_lists),
            reason=draw(reason_phrases),
        )
        for _ in range(draw(st.integers(0, 1)))
    ]
    status = draw(st.sampled_from([200, 204, 304, 404, 503]))
    response_pairs = draw(header_lists)
    if draw(st.booleans()):
        response_pairs.append(
            (b"Connection", draw(st.sampled_from([b"keep-alive", b"Upgrade, Foo", b"foo"])))
        )
    body = draw(st.lists(st.binary(max_size=10), max_size=3))
    no_body = status in (204, 304) or method == b"HEAD"
    # (Both CL and TE only where §11.3 rewrites them: a 204/304 keeps them as given, and what
    # H2 then means for a bodiless response is not this property's business.)
    response_framing = draw(
        st.sampled_from(["none", "length", "chunked"] + ([] if status in (204, 304) else ["both"]))
    )
    response_trailers: list[tuple[bytes, bytes]] = []
    if no_body:
        body = []
    if response_framing in ("length", "both"):
        response_pairs.append((b"Content-Length", b"%d" % sum(map(len, body))))
    if response_framing in ("chunked", "both"):
        response_pairs.append((b"Transfer-Encoding", b"chunked"))
    if not no_body and response_framing != "length" and draw(st.booleans()):
        response_trailers = draw(header_lists)
    response = h11.Response(
        status_code=status, headers=response_pairs, reason=draw(reason_phrases)
    )
    return Exchange(
        request,
        pieces,
        request_trailers,
        informational,
        response,
        body,
        response_trailers,
        request_says_close,
    )


def transfer(sender: h11.Connection, receiver: h11.Connection, events: list[Any]) -> list[Any]:
    wire = b"".join(sender.send(event) or b"" for event in events)
    receiver.receive_data(wire)
    got = []
    while True:
        event = receiver.next_event()
        if event is h11.NEED_DATA or event is h11.PAUSED:
            return merge([describe(e) for e in got])
        got.append(event)


@given(st.lists(exchanges(), min_size=1, max_size=3))
def test_sent_events_are_received_equal(cycles: list[Exchange]) -> None:
    client, server = h11.Connection(h11.CLIENT), h11.Connection(h11.SERVER)
    for exchange in cycles:
        request = exchange.request
        sent = [
            request,
            *(h11.Data(data=p) for p in exchange.request_body),
            h11.EndOfMessage(headers=exchange.request_trailers),
        ]
        assert transfer(client, server, sent) == merge(
            [
                (
                    "Request",
                    request.method,
                    request.target,
                    b"1.1",
                    tuple(host_first(request.headers.raw_items())),
                ),
                ("Data", b"".join(exchange.request_body)),
                ("EndOfMessage", tuple(exchange.request_trailers)),
            ]
        )

        response = exchange.response
        sent = [
            *exchange.informational,
            response,
            *(h11.Data(data=p) for p in exchange.response_body),
            h11.EndOfMessage(headers=exchange.response_trailers),
        ]
        expected = [
            (
                "InformationalResponse",
                i.status_code,
                i.reason,
                b"1.1",
                tuple(i.headers.raw_items()),
            )
            for i in exchange.informational
        ]
        expected += [
            (
                "Response",
                response.status_code,
                response.reason,
                b"1.1",
                tuple(
                    fixed_response_headers(
                        response.status_code,
                        response.headers.raw_items(),
                        exchange.request_says_close,
                    )
                ),
            ),
            ("Data", b"".join(exchange.response_body)),
            ("EndOfMessage", tuple(exchange.response_trailers)),
        ]
        assert transfer(server, client, sent) == merge(expected)

        if exchange.request_says_close or any(
            n.lower() == b"connection" and b"close" in v.lower()
            for n, v in response.headers.raw_items()
        ):
            assert client.states == {h11.CLIENT: h11.MUST_CLOSE, h11.SERVER: h11.MUST_CLOSE}
            assert server.states == client.states
            return
        assert client.states == {h11.CLIENT: h11.DONE, h11.SERVER: h11.DONE}
        assert server.states == client.states
        client.start_next_cycle()
        server.start_next_cycle()


# ---------------------------------------------------------------------------------------------
# (c) hostile input: only events, NEED_DATA/PAUSED or RemoteProtocolError

HTTP_PIECES = [
    b"GET ",
    b"POST ",
    b"HEAD ",
    b"CONNECT ",
    b"/ ",
    b"* ",
    b"a:1 ",
    b"HTTP/1.1",
    b"HTTP/1.0",
    b"HTTP/1.1 200 OK",
    b"HTTP/1.1 101 ",
    b"HTTP/1.1 100 ",
    b"HTTP/1.1 204 ",
    b"\r\n",
    b"\n",
    b"\r",
    b" ",
    b"\t",
    b":",
    b"Host: a",
    b"Content-Length: ",
    b"Transfer-Encoding: chunked",
    b"Connection: close",
    b"Upgrade: x",
    b"Expect: 100-continue",
    b"0",
    b"3",
    b"a",
    b"ff",
    b"20",
    b";",
    b"=",
    b'"',
    b"\\",
    b"\x00",
    b"\x7f",
    b"\xff",
    b"abc",
    b"\r\n\r\n",
    b"-",
    b",",
]
http_soup = st.lists(st.sampled_from(HTTP_PIECES), max_size=40).map(b"".join)


@st.composite
def mutated(draw: Any, streams: Any) -> tuple[bytes, list[bytes]]:
    stream = draw(streams)
    data = bytearray(stream.wire)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "duplicate"]))
        pos = draw(st.integers(0, len(data)))
        if op == "flip" and pos < len(data):
            data[pos] = draw(
                st.sampled_from(
                    [0, 9, 10, 13, 32, 0x3B, 0x3A, 0x22, 0x80, data[pos] ^ 0xFF, data[pos] ^ 0x20]
                )
            )
        elif op == "insert":
            data[pos:pos] = draw(
                st.sampled_from(
                    [
                        b"\r",
                        b"\n",
                        b" ",
                        b"\r\n",
                        b"0",
                        b";",
                        b"\x00",
                        b"Transfer-Encoding: chunked\r\n",
                    ]
                )
            )
        elif op == "delete":
            del data[pos : pos + draw(st.integers(1, 3))]
        elif op == "truncate":
            del data[pos:]
        else:
            data[pos:pos] = data[pos : pos + draw(st.integers(1, 8))]
    return bytes(data), stream.methods


class BodyLimits:
    """Tracks body bytes per message against the framing its head declared (§10.1)."""

    def __init__(self, role: Any, methods: list[bytes]) -> None:
        self.role, self.methods = role, list(methods)
        self.method = self.methods.pop(0) if self.methods else b"GET"
        self.limit: int | None = None  # None: unknown length (chunked / until close)
        self.exact = False
        self.received = 0

    def observe(self, event: Any) -> None:
        kind = type(event)
        if kind is h11.Request:
            self.start(event.headers, bodiless=False)
        elif kind is h11.Response:
            connect_ok = self.method == b"CONNECT" and 200 <= event.status_code < 300
            self.start(
                event.headers,
                bodiless=(event.status_code in (204, 304) or self.method == b"HEAD" or connect_ok),
            )
        elif kind is h11.Data:
            assert len(event.data) > 0, "Data events are never empty"
            self.received += len(event.data)
            if self.limit is not None:
                assert self.received <= self.limit, (self.received, self.limit)
        elif kind is h11.EndOfMessage:
            if self.exact:
                assert self.received == self.limit
            if self.role is h11.CLIENT:
                self.method = self.methods.pop(0) if self.methods else b"GET"

    def start(self, headers: Any, bodiless: bool) -> None:
        names = {name for name, _ in headers}
        self.received = 0
        if bodiless:
            self.limit, self.exact = 0, True
        elif b"transfer-encoding" in names:
            self.limit, self.exact = None, False
        elif b"content-length" in names:
            self.limit = int(next(v for n, v in headers if n == b"content-length"))
            self.exact = True
        elif self.role is h11.SERVER:
            self.limit, self.exact = 0, True  # a request without framing has no body
        else:
            self.limit, self.exact = None, False  # read until close


def feed_hostile(
    role: Any,
    pieces: list[bytes],
    *,
    eof: bool,
    methods: list[bytes],
    max_size: int | None,
    extra: list[tuple[bytes, bytes]],
) -> None:
    limits = BodyLimits(role, methods)
    driver = Driver(role, methods, max_size, extra)
    fed = sum(map(len, pieces))
    error: h11.RemoteProtocolError | None = None
    try:
        driver.feed(pieces, eof)
    except h11.RemoteProtocolError as exc:  # anything else fails the test
        error = exc
    if error is not None:
        assert type(error) is h11.RemoteProtocolError
        assert error.error_status_hint in (400, 431, 501)
        assert driver.conn.their_state is h11.ERROR
        with pytest.raises(h11.RemoteProtocolError) as again:
            driver.conn.next_event()
        assert str(again.value) == "Can't receive data when peer state is ERROR"
    body_total = 0
    for event in driver.events:
        assert type(event) in (
            h11.Request,
            h11.InformationalResponse,
            h11.Response,
            h11.Data,
            h11.EndOfMessage,
            h11.ConnectionClosed,
        ), event
        limits.observe(event)
        if type(event) is h11.Data:
            body_total += len(event.data)
    assert body_total <= fed


roles = st.sampled_from([h11.SERVER, h11.CLIENT])
client_requests = st.tuples(
    st.lists(st.sampled_from([b"GET", b"HEAD", b"POST", b"CONNECT"]), min_size=1, max_size=3),
    st.sampled_from([[], [(b"Upgrade", b"websocket")], [(b"Connection", b"close")]]),
)
max_sizes = st.one_of(st.none(), st.integers(0, 80))


@given(
    role=roles,
    raw=st.one_of(st.binary(max_size=200), http_soup),
    eof=st.booleans(),
    request=client_requests,
    max_size=max_sizes,
    data=st.data(),
)
def test_arbitrary_bytes_give_events_or_remote_protocol_error(
    *, role: Any, raw: bytes, eof: bool, request: Any, max_size: int | None, data: Any
) -> None:
    methods, extra = request
    feed_hostile(
        role, data.draw(splittings(raw)), eof=eof, methods=methods, max_size=max_size, extra=extra
    )


@given(role=roles, eof=st.booleans(), max_size=max_sizes, data=st.data())
def test_mutated_messages_give_events_or_remote_protocol_error(
    role: Any, eof: bool, max_size: int | None, data: Any
) -> None:
    streams = request_streams() if role is h11.SERVER else response_streams()
    raw, methods = data.draw(mutated(streams))
    feed_hostile(
        role,
        data.draw(splittings(raw)),
        eof=eof,
        methods=methods or [b"GET"],
        max_size=max_size,
        extra=[],
    )
