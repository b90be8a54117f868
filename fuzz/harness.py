"""Fuzz targets for h11, independent of the fuzzing engine.

Two targets, each a function of one ``bytes`` input that raises ``AssertionError`` (or any
unexpected exception) when it finds a bug:

- ``check_receive(data)``: the input picks a role, a ``max_incomplete_event_size``, a way to
  split the wire bytes, whether EOF follows, and (client role) the request that was sent; the
  rest is the peer's bytes. Asserts that only events, ``NEED_DATA``/``PAUSED`` or
  ``RemoteProtocolError`` come out; that the body bytes of every message never exceed its
  framing (and equal what a strict reference decoder reads from the same wire bytes once the
  message is complete); that the receive buffer never holds more than
  ``max_incomplete_event_size`` when more data is asked for (so at most that plus one read);
  and that the split does not change the events or whether (and with which status hint) the
  peer is rejected.
- ``check_send(data)``: the input describes well-typed events (every field ``bytes`` or
  ``int`` as docs/api.rst asks) that one side constructs and ``send()``s. Construction and
  ``send()`` may only raise ``LocalProtocolError`` (and afterwards our state is ``ERROR``);
  whatever was sent is fed to a peer ``Connection``, which must parse it (for a request
  target in origin-form) into the same messages (a peer server accepts control bytes in
  request field values, as what is sent follows h11 0.16's rule).

The input encoding is this module's own (``Reader``), so a crashing input replays with plain
Python: ``python fuzz/replay.py receive crash-file``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import h11

LIMITS = (16384, 0, 1, 8, 32, 64, 100, 256)
CLIENT_REQUESTS: tuple[tuple[bytes, tuple[tuple[bytes, bytes], ...]], ...] = (
    (b"GET", ()),
    (b"HEAD", ()),
    (b"CONNECT", ()),
    (b"GET", ((b"Upgrade", b"websocket"), (b"Connection", b"Upgrade"))),
)
HEX_SIZE = re.compile(rb"[0-9A-Fa-f]{1,20}")


class Reader:
    """Takes bytes, integers and choices off the front of a fuzz input (zeros once empty)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def byte(self) -> int:
        if self.pos >= len(self.data):
            return 0
        self.pos += 1
        return self.data[self.pos - 1]

    def take(self, count: int) -> bytes:
        out = self.data[self.pos : self.pos + count]
        self.pos += len(out)
        return out

    def rest(self) -> bytes:
        return self.take(len(self.data))

    def choice(self, options: tuple[Any, ...]) -> Any:
        return options[self.byte() % len(options)]

    def small_bytes(self) -> bytes:
        return self.take(self.byte() % 24)


# --------------------------------------------------------------------------------------------
# Receiving


@dataclass
class ReceivePlan:
    role: Any
    limit: int
    eof: bool
    method: bytes
    request_headers: tuple[tuple[bytes, bytes], ...]
    sizes: tuple[int, ...]  # piece sizes, cycled; () means one piece
    wire: bytes


def encode_receive(
    role: str,
    wire: bytes,
    *,
    limit_index: int = 0,
    eof: bool = False,
    request_index: int = 0,
    sizes: tuple[int, ...] = (),
) -> bytes:
    """Build a ``check_receive`` input (used to turn corpus cases into seeds)."""
    flags = (role == "client") | (limit_index << 1) | (eof << 4) | (request_index << 5)
    assert len(sizes) < 16
    return bytes([flags, len(sizes), *(s - 1 for s in sizes)]) + wire


def decode_receive(data: bytes) -> ReceivePlan:
    reader = Reader(data)
    flags = reader.byte()
    count = reader.byte() % 16
    sizes = tuple(reader.byte() + 1 for _ in range(count))
    method, request_headers = CLIENT_REQUESTS[(flags >> 5) & 3]
    return ReceivePlan(
        role=h11.CLIENT if flags & 1 else h11.SERVER,
        limit=LIMITS[(flags >> 1) & 7],
        eof=bool(flags & 16),
        method=method,
        request_headers=request_headers,
        sizes=sizes,
        wire=reader.rest(),
    )


def split(wire: bytes, sizes: tuple[int, ...]) -> list[bytes]:
    if not sizes:
        return [wire] if wire else []
    pieces = []
    pos = i = 0
    while pos < len(wire):
        size = sizes[i % len(sizes)]
        pieces.append(wire[pos : pos + size])
        pos += size
        i += 1
    return pieces


def reference_chunked(raw: bytes) -> bytes:
    """Decode a complete chunked body (RFC 9112 §7.1) strictly; assert it is well formed."""
    out: list[bytes] = []
    pos = 0
    while True:
        end = raw.index(b"\r\n", pos)
        line = raw[pos:end]
        size_text = re.match(rb"[0-9A-Fa-f]+", line)
        assert size_text is not None, line
        assert HEX_SIZE.fullmatch(size_text.group()), line
        size = int(size_text.group(), 16)
        pos = end + 2
        if size == 0:
            trailers = raw[pos:]
            assert trailers in (b"\r\n", b"\n") or trailers.endswith((b"\n\n", b"\n\r\n")), raw
            return b"".join(out)
        out.append(raw[pos : pos + size])
        assert raw[pos + size : pos + size + 2] == b"\r\n", raw
        pos += size + 2


@dataclass
class Message:
    """What the harness knows about the message being received."""

    head_end: int  # offset into the wire where its body starts
    framing: str  # "length", "chunked", "close"
    length: int = 0
    body: list[bytes] = field(default_factory=list)


def framing_of(event: Any, sent_method: bytes | None) -> tuple[str, int]:
    """§10.1, recomputed from the event the peer's head parsed to."""
    names = [name for name, _ in event.headers]
    if type(event) is h11.Response:
        status = event.status_code
        if status in (204, 304) or sent_method == b"HEAD":
            return "length", 0
        if sent_method == b"CONNECT" and 200 <= status < 300:
            return "length", 0
    if b"transfer-encoding" in names:
        return "chunked", 0
    if b"content-length" in names:
        return "length", int(dict(event.headers)[b"content-length"])
    if type(event) is h11.Request:
        return "length", 0
    return "close", 0


@dataclass
class ReceiveOutcome:
    log: list[Any]
    error: h11.RemoteProtocolError | None


def send_client_request(conn: h11.Connection, plan: ReceivePlan) -> None:
    target = b"a:443" if plan.method == b"CONNECT" else b"/"
    headers = [(b"Host", b"a"), *plan.request_headers]
    conn.send(h11.Request(method=plan.method, target=target, headers=headers))
    conn.send(h11.EndOfMessage())


def finish_cycle(conn: h11.Connection, plan: ReceivePlan) -> bool:
    """On PAUSED: answer (denying any protocol switch) and start the next cycle if we can."""
    if conn.our_role is h11.SERVER and conn.our_state is h11.SEND_RESPONSE:
        status = 404 if conn.their_state is h11.MIGHT_SWITCH_PROTOCOL else 200
        conn.send(h11.Response(status_code=status, headers=[(b"Content-Length", b"0")]))
        conn.send(h11.EndOfMessage())
    if conn.states != {h11.CLIENT: h11.DONE, h11.SERVER: h11.DONE}:
        return False
    conn.start_next_cycle()
    if conn.our_role is h11.CLIENT:
        send_client_request(conn, plan)
    return True


EVENT_TYPES = (
    h11.Request,
    h11.InformationalResponse,
    h11.Response,
    h11.Data,
    h11.EndOfMessage,
    h11.ConnectionClosed,
)


def receive(plan: ReceivePlan, pieces: list[bytes]) -> ReceiveOutcome:
    conn = h11.Connection(plan.role, max_incomplete_event_size=plan.limit)
    sent_method: bytes | None = None
    if plan.role is h11.CLIENT:
        send_client_request(conn, plan)
        sent_method = plan.method
    log: list[Any] = []
    fed = 0
    message: Message | None = None
    wire = b"".join(pieces)
    buffer = conn._receive_buffer

    def consumed() -> int:
        return fed - len(buffer)

    def pump() -> bool:
        """Drain events; False when no more bytes should be fed (switch or close)."""
        nonlocal message, sent_method
        while True:
            event: Any = conn.next_event()
            if event is h11.NEED_DATA:
                # The buffer never exceeds the limit while waiting for more bytes, so it holds
                # at most the limit plus one read.
                assert len(buffer) <= plan.limit, (len(buffer), plan.limit)
                return True
            if event is h11.PAUSED:
                if not finish_cycle(conn, plan):
                    return False
                log.append("NEXT_CYCLE")
                if conn.our_role is h11.CLIENT:
                    sent_method = plan.method
                continue
            assert type(event) in EVENT_TYPES, event
            kind = type(event)
            if kind is h11.Data:
                assert message is not None
                assert len(event.data) > 0
                assert type(event.data) is bytes
                message.body.append(event.data)
                received = sum(map(len, message.body))
                available = consumed() - message.head_end
                assert received <= available, (received, available)
                if message.framing == "length":
                    assert received <= message.length, (received, message.length)
                if log and type(log[-1]) is tuple and log[-1][0] == "Data":
                    log[-1] = ("Data", log[-1][1] + event.data)
                else:
                    log.append(("Data", event.data))
                continue
            if kind in (h11.Request, h11.Response):
                framing, length = framing_of(event, sent_method)
                message = Message(consumed(), framing, length)
            elif kind is h11.EndOfMessage:
                assert message is not None
                raw = wire[message.head_end : consumed()]
                body = b"".join(message.body)
                if message.framing == "chunked":
                    assert reference_chunked(raw) == body, (raw, body)
                else:
                    assert body == raw, (raw, body)
                    if message.framing == "length":
                        assert len(body) == message.length
                message = None
            log.append(event)
            if kind is h11.ConnectionClosed:
                return False

    error: h11.RemoteProtocolError | None = None
    try:
        for piece in pieces:
            conn.receive_data(piece)
            fed += len(piece)
            if not pump():
                return ReceiveOutcome(log, None)
        if plan.eof:
            conn.receive_data(b"")
            pump()
    except h11.RemoteProtocolError as exc:
        error = exc
    if error is not None:
        assert type(error) is h11.RemoteProtocolError
        assert error.error_status_hint in (400, 431, 501), error.error_status_hint
        assert conn.their_state is h11.ERROR
    return ReceiveOutcome(log, error)


def check_receive(data: bytes) -> None:
    plan = decode_receive(data)
    whole = receive(plan, split(plan.wire, ()))
    if not plan.sizes:
        return
    pieces = receive(plan, split(plan.wire, plan.sizes))
    # However the bytes are split: the same events, and the same verdict with the same hint
    # (docs/design.rst, design-errors, lets a few messages depend on the split: early
    # first-byte rejection, the bytes a chunk footer check examined).
    assert whole.log == pieces.log, (whole.log, pieces.log)
    assert (whole.error is None) == (pieces.error is None), (whole.error, pieces.error)
    if whole.error is not None and pieces.error is not None:
        hints = {whole.error.error_status_hint, pieces.error.error_status_hint}
        # A head that is both over the limit and malformed may be refused for either reason
        # first (e.g. its first byte is rejected early while it is still incomplete).
        assert len(hints) == 1 or 431 in hints, (whole.error, pieces.error)


# --------------------------------------------------------------------------------------------
# Sending

METHODS = (b"GET", b"POST", b"HEAD", b"CONNECT", b"PUT", b"get", b"OPTIONS")
TARGETS = (b"/", b"/x?y", b"*", b"a:443", b"http://a/")
NAMES = (
    b"Host",
    b"Content-Length",
    b"Transfer-Encoding",
    b"Connection",
    b"Upgrade",
    b"Expect",
    b"X",
    b"content-length",
)
VALUES = (b"a", b"0", b"3", b"10", b"chunked", b"close", b"keep-alive", b"100-continue", b"x")
VERSIONS = (b"1.1", b"1.1", b"1.1", b"1.0")
STATUSES = (100, 101, 103, 199, 200, 204, 304, 404, 999, 99, 1000)
REASONS = (b"", b"OK", b"Not Found")


def fuzz_bytes(reader: Reader, options: tuple[bytes, ...]) -> bytes:
    """Mostly a plausible value; sometimes bytes straight from the input."""
    if reader.byte() % 4 == 0:
        return reader.small_bytes()
    return bytes(reader.choice(options))


def fuzz_headers(reader: Reader) -> list[tuple[bytes, bytes]]:
    return [
        (fuzz_bytes(reader, NAMES), fuzz_bytes(reader, VALUES)) for _ in range(reader.byte() % 5)
    ]


def fuzz_event(reader: Reader, role: Any) -> h11.Event:
    """A well-typed event; its constructor may refuse it (LocalProtocolError only)."""
    kind = reader.byte() % 8
    if kind == 0 or (kind == 1 and role is h11.CLIENT):
        if role is h11.SERVER and kind == 0:
            return h11.Response(
                status_code=reader.choice(STATUSES),
                reason=fuzz_bytes(reader, REASONS),
                headers=fuzz_headers(reader),
            )
        headers = fuzz_headers(reader)
        if reader.byte() % 2:
            headers.insert(0, (b"Host", b"a"))
        return h11.Request(
            method=fuzz_bytes(reader, METHODS),
            target=fuzz_bytes(reader, TARGETS),
            headers=headers,
            http_version=reader.choice(VERSIONS),
        )
    if kind == 1:
        return h11.InformationalResponse(
            status_code=reader.choice(STATUSES),
            reason=fuzz_bytes(reader, REASONS),
            headers=fuzz_headers(reader),
        )
    if kind in (2, 3, 4):
        return h11.Data(data=reader.take(reader.byte() % 40))
    if kind in (5, 6):
        trailers = fuzz_headers(reader) if reader.byte() % 4 == 0 else []
        return h11.EndOfMessage(headers=trailers)
    return h11.ConnectionClosed()


def peer_request(reader: Reader) -> bytes:
    """The request a fuzzed server answers (bytes a client of ours would send, or 1.0)."""
    method = reader.choice((b"GET", b"HEAD", b"POST", b"CONNECT", b"OPTIONS"))
    target = {b"CONNECT": b"a:443", b"OPTIONS": b"*"}.get(method, b"/")
    version = reader.choice((b"1.1", b"1.1", b"1.0"))
    lines = [b"%s %s HTTP/%s" % (method, target, version), b"Host: a"]
    extra = reader.byte()
    if extra & 1:
        lines.append(b"Connection: close")
    if extra & 2:
        lines.append(b"Expect: 100-continue")
    if extra & 4:
        lines.append(b"Upgrade: foo")
    body = b""
    if method == b"POST":
        body = b"abc"
        lines.append(b"Content-Length: 3")
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def describe_sent(events: list[Any]) -> list[Any]:
    """Sent events as the peer should see them (Data merged; 1xx and heads by key fields)."""
    out: list[Any] = []
    for event in events:
        kind = type(event)
        if kind is h11.Data:
            if not event.data:
                continue
            if out and out[-1][0] == "Data":
                out[-1] = ("Data", out[-1][1] + bytes(event.data))
            else:
                out.append(("Data", bytes(event.data)))
        elif kind is h11.Request:
            out.append(("Request", event.method, event.target))
        elif kind in (h11.Response, h11.InformationalResponse):
            out.append((kind.__name__, event.status_code))
        elif kind is h11.EndOfMessage:
            # (§10.3: trailers are written Host first, like any header block.)
            out.append(("EndOfMessage", sorted(event.headers)))
    return out


def check_send(data: bytes) -> None:
    reader = Reader(data)
    role = h11.CLIENT if reader.byte() % 2 else h11.SERVER
    conn = h11.Connection(role)
    # What is sent follows h11 0.16's field-value rule, which allows control bytes a server
    # refuses in requests by default (docs/differences.rst, H13): the peer server takes
    # them, as 0.16 did, so that what was sent can be compared.
    if role is h11.CLIENT:
        peer = h11.Connection(h11.SERVER, allow_control_characters_in_request_field_values=True)
    else:
        peer = h11.Connection(h11.CLIENT)
    if role is h11.SERVER:
        request = peer_request(reader)
        head, body = request.split(b"\r\n\r\n", 1)
        request_line, *lines = head.split(b"\r\n")
        method, target, _ = request_line.split(b" ")
        headers = [tuple(line.split(b": ", 1)) for line in lines]
        # (Our peer only sends HTTP/1.1; an HTTP/1.0 request changes how the server answers,
        # not how the answer is framed for its method.)
        peer.send(h11.Request(method=method, target=target, headers=headers))
        if body:
            peer.send(h11.Data(data=body))
        peer.send(h11.EndOfMessage())
        conn.receive_data(request)
        while conn.next_event() not in (h11.NEED_DATA, h11.PAUSED):
            pass
    sent: list[Any] = []
    wire = []
    for _ in range(reader.byte() % 12):
        try:
            event = fuzz_event(reader, role)
        except h11.LocalProtocolError as exc:
            refused: Exception = exc
            assert type(refused) is h11.LocalProtocolError
            continue
        try:
            out = conn.send(event)
        except h11.LocalProtocolError as exc:
            refused = exc
            assert type(refused) is h11.LocalProtocolError
            assert conn.our_state is h11.ERROR
            break
        if out is not None:
            wire.append(out)
        sent.append(event)
        if type(event) is h11.ConnectionClosed:
            break
    # The peer parses what was sent into the same messages.
    stream = b"".join(wire)
    if not stream:
        return
    peer.receive_data(stream)
    received: list[Any] = []
    try:
        while True:
            got_event: Any = peer.next_event()
            if got_event is h11.NEED_DATA or got_event is h11.PAUSED:
                break
            received.append(got_event)
            if type(got_event) is h11.ConnectionClosed:
                break
    except h11.RemoteProtocolError as exc:
        first = next((e for e in sent if type(e) is h11.Request), None)
        # H7: a client may send any 0x21-0x7e target, a server accepts only RFC 9112 §3.2
        # forms; only origin-form requests must round-trip.
        if first is not None and not (
            first.target.startswith(b"/") and first.method != b"CONNECT"
        ):
            return
        raise AssertionError(f"peer rejected what we sent: {exc!r} {stream!r}") from exc
    expected = describe_sent(sent)
    got = describe_sent(received)
    # The peer may still wait for the rest of a message, or have seen the end of a body-less
    # message we did not end yet: compare the common part.
    common = min(len(got), len(expected))
    assert got[:common] == expected[:common], (expected, got, stream)
