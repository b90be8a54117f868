"""The wire-corpus data format: what a case is and how its expected outcome is written.

A case is raw bytes received by one role plus the outcome they must produce. Everything here is
plain data (no ``h11`` import), so the corpus reads as a table and the runner
(``tests/test_wire_corpus.py``) owns all the driving logic.

Writing a case::

    server("get-minimal",
           b"GET / HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n",
           req(b"GET", b"/", b"Host: a"), eom(), NEED_DATA)

- ``server(...)``: a server ``Connection`` receives the bytes (a request stream).
  ``client(...)``: a client ``Connection`` first sends ``<method> / HTTP/1.1`` (``CONNECT`` uses
  target ``example.com:443``) with ``Host: example.com`` plus ``request_headers`` and its
  ``EndOfMessage``, then receives the bytes (a response stream). ``method=None`` sends nothing.
- The expected events, in order: ``req``/``info``/``resp``/``data``/``eom``/``CLOSED``. Header
  lines are written ``b"Name: value"`` and compared with ``Headers.raw_items()`` (received
  spelling of the name, value after the parser's normalisation). Adjacent ``Data`` events are
  merged before comparing, so ``data(...)`` holds a body's exact bytes however they arrived.
- A log without ``error=`` ends with what the last ``next_event()`` returned: ``NEED_DATA``,
  ``PAUSED`` or ``CLOSED``. With ``error=err(...)`` the log holds the events delivered before
  ``next_event()`` raised that ``RemoteProtocolError``.
- ``eof=True`` feeds EOF (``receive_data(b"")``) after the bytes.
- ``cycle=True``: whenever ``PAUSED`` is returned and the runner can finish the cycle (a server
  answers ``200`` with ``Content-Length: 0``; a client has nothing to do), both sides reach
  ``DONE``, ``start_next_cycle()`` is called (a client then sends its request again) and the
  log records ``NEXT_CYCLE``.
- ``states=("CLIENT_STATE", "SERVER_STATE")``: both machines afterwards (whole and bytewise runs).
- ``bytewise_error=`` replaces ``error`` for the one-byte-at-a-time run, where the message may
  depend on the split (the early first-byte rejection: docs/design.rst, design-errors).
- ``trailing=False`` opts out of the "valid message appended" run; say why in ``note``.

Errors: ``err("illegal request line: {!r}", b"GET  / HTTP/1.1")`` formats each argument with
``repr`` of ``bytes`` *or* ``bytearray`` (0.16 shows bytearray reprs; callers may ignore that
detail: docs/design.rst, design-error-messages). ``err_prefix("malformed chunk footer")``
matches by prefix, for messages that legitimately depend on how the bytes were split.
``one_of(err(...), err(...))`` is for a payload with several violations whose check order
docs/design.rst (design-errors) leaves open.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

# What next_event() returned last (NEED_DATA / PAUSED), and the runner's cycle marker.
NEED_DATA = "NEED_DATA"
PAUSED = "PAUSED"
NEXT_CYCLE = "NEXT_CYCLE"
CLOSED = ("ConnectionClosed",)

Entry = tuple[object, ...] | str
HeaderPairs = tuple[tuple[bytes, bytes], ...]


def headers(lines: tuple[bytes, ...]) -> HeaderPairs:
    """``b"Name: value"`` lines -> ``(raw name, value)`` pairs (one SP after the colon dropped)."""
    out = []
    for line in lines:
        name, sep, value = line.partition(b":")
        assert sep, f"header line without a colon in the corpus: {line!r}"
        out.append((name, value.removeprefix(b" ")))
    return tuple(out)


def req(method: bytes, target: bytes, *lines: bytes, version: bytes = b"1.1") -> Entry:
    return ("Request", method, target, version, headers(lines))


def info(status: int, reason: bytes, *lines: bytes, version: bytes = b"1.1") -> Entry:
    return ("InformationalResponse", status, reason, version, headers(lines))


def resp(status: int, reason: bytes, *lines: bytes, version: bytes = b"1.1") -> Entry:
    return ("Response", status, reason, version, headers(lines))


def data(body: bytes) -> Entry:
    return ("Data", body)


def eom(*trailer_lines: bytes) -> Entry:
    return ("EndOfMessage", headers(trailer_lines))


@dataclass(frozen=True)
class Err:
    """An expected ``RemoteProtocolError``: message template (or prefix) and status hint."""

    template: str
    args: tuple[bytes, ...] = ()
    hint: int = 400
    prefix: bool = False

    def messages(self) -> list[str]:
        if not self.args:
            return [self.template]
        forms = [(repr(bytes(a)), repr(bytearray(a))) for a in self.args]
        template = self.template.replace("{!r}", "{}")
        return [template.format(*combo) for combo in itertools.product(*forms)]

    def matches(self, message: str, hint: int) -> bool:
        if hint != self.hint:
            return False
        if self.prefix:
            return any(message.startswith(m) for m in self.messages())
        return message in self.messages()

    def __str__(self) -> str:
        kind = "prefix" if self.prefix else "message"
        return f"RPE({self.hint}) {kind} {self.messages()[0]!r}"


@dataclass(frozen=True)
class OneOf:
    """Any of several errors (a payload breaks rules whose order is not fixed: design-errors)."""

    options: tuple[Err, ...]

    def matches(self, message: str, hint: int) -> bool:
        return any(option.matches(message, hint) for option in self.options)

    def __str__(self) -> str:
        return " or ".join(str(option) for option in self.options)


def err(template: str, *args: bytes, hint: int = 400) -> Err:
    return Err(template, args, hint)


def err_prefix(prefix: str, hint: int = 400) -> Err:
    return Err(prefix, (), hint, prefix=True)


def one_of(*options: Err) -> OneOf:
    return OneOf(options)


@dataclass(frozen=True)
class Case:
    id: str
    role: str  # "server" receives requests, "client" receives responses
    wire: bytes
    events: tuple[Entry, ...]
    error: Err | OneOf | None = None
    bytewise_error: Err | OneOf | None = None  # if one-byte feeding must fail differently
    eof: bool = False
    method: bytes | None = b"GET"  # client role: the request it sent (None: nothing sent)
    request_headers: tuple[bytes, ...] = ()  # client role: extra header lines it sent
    max_size: int | None = None  # max_incomplete_event_size (None: the default)
    states: tuple[str, str] | None = None  # (client state, server state) afterwards
    cycle: bool = False
    trailing: bool = True
    note: str = ""

    def __post_init__(self) -> None:
        if self.error is None:
            last = self.events[-1] if self.events else None
            assert last in (NEED_DATA, PAUSED, CLOSED), f"{self.id}: log must end in a sentinel"
        else:
            assert NEED_DATA not in self.events, self.id
            assert PAUSED not in self.events, self.id


def server(case_id: str, wire: bytes, *events: Entry, **options: object) -> Case:
    return Case(case_id, "server", wire, events, **options)  # type: ignore[arg-type]


def client(case_id: str, wire: bytes, *events: Entry, **options: object) -> Case:
    return Case(case_id, "client", wire, events, **options)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# The first impossible byte of a chunk-size line (docs/differences.rst): the error shows the
# line through the first byte after which no continuation matches RFC 9112 §7.1 (with §7.1.1
# extensions), so it is the same however the line is split. Found here independently of the
# parser: a prefix is viable if one of a few completions (one per place in the rule) makes it
# a whole line for the reference regular expression.

_TOKEN = rb"[-!#$%&'*+.^_`|~0-9a-zA-Z]+"
_CHUNK_LINE = re.compile(
    rb"[0-9A-Fa-f]{1,20}(?:[ \t]*;[ \t]*"
    + _TOKEN
    + rb"(?:[ \t]*=[ \t]*(?:"
    + _TOKEN
    + rb'|"(?:[\t !#-\[\]-~\x80-\xff]|\\[\t \x21-\x7e\x80-\xff])*"))?)*\r\n'
)
_COMPLETIONS = (b"\r\n", b"\n", b"0\r\n", b"a\r\n", b";a\r\n", b'"\r\n', b'a"\r\n')


def through_first_impossible_byte(line: bytes) -> bytes:
    """``line`` cut after its first byte that no continuation could make valid."""
    for end in range(1, len(line) + 1):
        if not any(_CHUNK_LINE.fullmatch(line[:end] + tail) for tail in _COMPLETIONS):
            return line[:end]
    return line


# The same for head lines (docs/differences.rst, H10): a request line, status line or field
# line is shown through its first byte after which no continuation matches its rule. CR and
# LF end a line: a line that ends early is judged whole, as before; a byte after a bare CR is
# impossible. ``line`` is the line as the error reports it, its CRLF removed: a CR left at
# its end was followed by the CR of that CRLF, which is then the impossible byte.
REQUEST_LINE = re.compile(_TOKEN + rb" [\x21-\x7e]+ HTTP/[0-9]\.[0-9]")
STATUS_LINE = re.compile(rb"HTTP/[0-9]\.[0-9] [0-9]{3}(?: [^\x00\n\r\x0b\x0c]*)?")
REQUEST_FIELD_LINE = re.compile(_TOKEN + rb":[\t \x21-\x7e\x80-\xff]*")  # RFC 9110 §5.5
RESPONSE_FIELD_LINE = re.compile(_TOKEN + rb":[^\x00\n\r\x0b\x0c]*")  # h11's wider values
_HEAD_TAILS = tuple(
    {line[i:] for line in (b"A / HTTP/1.1", b"HTTP/1.1 200 OK", b"a: b") for i in range(13)}
)


def line_through_first_impossible_byte(line: bytes, rule: re.Pattern[bytes]) -> bytes:
    """``line`` (a head line, without its CRLF) cut after its first impossible byte."""
    for end in range(1, len(line) + 1):
        if end >= 2 and line[end - 2] == 0x0D:
            return line[:end]  # after a bare CR
        if line[end - 1] == 0x0D:
            if end == len(line):
                return line + b"\r"
            continue  # (perhaps a line end: judged by the next byte)
        if not any(rule.fullmatch(line[:end] + tail) for tail in _HEAD_TAILS):
            return line[:end]
    return line
