"""Differential testing of our h11 against llhttp (httptools) and upstream h11 0.16.0.

All three parsers are black boxes fed the same bytes: the wire corpus (``tests/corpus``) plus
generated and mutated message streams (seeded, reproducible). For every input each parser
yields the messages it completed (start line, body bytes) and how it ended (complete,
incomplete, error with a reason, or protocol switch). Where parsers disagree, the first
difference is put in a class, e.g. "we accept, llhttp rejects: Expected CRLF after version".

The rule checked (docs/differential-testing.md): wherever we accept a message, no strict peer
that also accepts it sees different message boundaries or body bytes. Violations are the
classes starting with "BOUNDARY" or "BODY"; the script exits with status 1 if any violation is
found.

Usage (from the repository root, with a Python where ``import h11`` is ours)::

    .venv/bin/python scripts/differential.py                  # corpus + 100,000 messages
    .venv/bin/python scripts/differential.py --quick          # corpus + 3,000 (CI)
    .venv/bin/python scripts/differential.py --markdown docs/security-differential.md

llhttp and upstream run in a worker process of a separate virtual environment that has
``httptools`` and ``h11==0.16.0`` (default ``.venvs/diff``; make it with
``python3 -m venv .venvs/diff && .venvs/diff/bin/pip install httptools h11==0.16.0``).
"""

from __future__ import annotations

import argparse
import collections
import importlib
import marshal
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PEER_PYTHON = ROOT / ".venvs" / "diff" / "bin" / "python"

# One parser's reading of one input: (messages, end). A message is
# ("request", method, target, version, body) or ("response", status, version, body); an
# informational response is ("response", status, version, b"") as llhttp reports it.
# end is "complete", "incomplete", "upgrade" or "error: <reason>".
Message = tuple[Any, ...]
Outcome = tuple[list[Message], str]
Input = tuple[str, bytes]  # (our role: "server" reads requests, "client" reads responses)


# --------------------------------------------------------------------------------------------
# Drivers (the h11 one is used for ours in this process and for upstream in the worker)


def error_reason(message: str) -> str:
    """An error message without the bytes it quotes, so equal causes group together."""
    message = re.split(r": (?:b'|b\"|bytearray\()", message, maxsplit=1)[0]
    return re.sub(r"\d+", "N", message) if "status_code" in message else message


def run_h11(h11: Any, role: str, wire: bytes) -> Outcome:
    """Feed ``wire`` whole to a Connection of ``role``; finish each cycle like a plain server
    (answer 200, or 404 to deny a protocol switch) or client (send GET again)."""
    conn = h11.Connection(h11.SERVER if role == "server" else h11.CLIENT)

    def send_request() -> None:
        conn.send(h11.Request(method="GET", target="/", headers=[("Host", "a")]))
        conn.send(h11.EndOfMessage())

    if role == "client":
        send_request()
    messages: list[Message] = []
    head: Any = None
    body: list[bytes] = []
    try:
        conn.receive_data(wire)
        while True:
            event = conn.next_event()
            kind = type(event).__name__
            if event is h11.NEED_DATA:
                pending = conn.trailing_data[0] or conn.their_state is h11.SEND_BODY
                return messages, "incomplete" if pending else "complete"
            if event is h11.PAUSED:
                if conn.their_state is h11.SWITCHED_PROTOCOL:
                    return messages, "upgrade"
                if role == "server" and conn.our_state is h11.SEND_RESPONSE:
                    deny = conn.their_state is h11.MIGHT_SWITCH_PROTOCOL
                    status = 404 if deny else 200
                    conn.send(h11.Response(status_code=status, headers=[("Content-Length", "0")]))
                    conn.send(h11.EndOfMessage())
                elif conn.states != {h11.CLIENT: h11.DONE, h11.SERVER: h11.DONE}:
                    return messages, "upgrade"  # (not reached: nothing else pauses)
                if conn.states == {h11.CLIENT: h11.DONE, h11.SERVER: h11.DONE}:
                    conn.start_next_cycle()
                    if role == "client":
                        send_request()
                # Otherwise (e.g. MUST_CLOSE after a denial) next_event says what follows.
                continue
            if kind == "Request":
                head = (
                    "request",
                    bytes(event.method),
                    bytes(event.target),
                    event.http_version.decode(),
                )
                body = []
            elif kind == "Response":
                head = ("response", event.status_code, event.http_version.decode())
                body = []
            elif kind == "InformationalResponse":
                messages.append(("response", event.status_code, event.http_version.decode(), b""))
                if event.status_code == 101:
                    return messages, "upgrade"
            elif kind == "Data":
                body.append(bytes(event.data))
            elif kind == "EndOfMessage":
                messages.append((*head, b"".join(body)))
                if role == "client" and conn.their_state is h11.SWITCHED_PROTOCOL:
                    return messages, "upgrade"
            elif kind == "ConnectionClosed":
                return messages, "complete"
    except h11.RemoteProtocolError as exc:
        return messages, "error: " + error_reason(str(exc))


class LlhttpRecorder:
    """httptools callbacks: collects completed messages."""

    def __init__(self, parser_box: list[Any]) -> None:
        self.parser_box = parser_box
        self.messages: list[Message] = []
        self.in_message = False
        self.url: list[bytes] = []
        self.body: list[bytes] = []

    def on_message_begin(self) -> None:
        self.in_message = True
        self.url = []
        self.body = []

    def on_url(self, url: bytes) -> None:
        self.url.append(url)

    def on_body(self, body: bytes) -> None:
        self.body.append(body)

    def on_message_complete(self) -> None:
        parser = self.parser_box[0]
        version = parser.get_http_version()
        if hasattr(parser, "get_method"):
            head: Message = ("request", parser.get_method(), b"".join(self.url), version)
        else:
            head = ("response", parser.get_status_code(), version)
        self.messages.append((*head, b"".join(self.body)))
        self.in_message = False


def run_llhttp(httptools: Any, role: str, wire: bytes) -> Outcome:
    box: list[Any] = []
    recorder = LlhttpRecorder(box)
    parser_class = (
        httptools.HttpRequestParser if role == "server" else httptools.HttpResponseParser
    )
    parser = parser_class(recorder)
    box.append(parser)
    try:
        parser.feed_data(wire)
    except httptools.HttpParserUpgrade:
        return recorder.messages, "upgrade"
    except httptools.HttpParserError as exc:
        reason = str(exc.args[0]) if exc.args else type(exc).__name__
        if reason == "Pause on CONNECT/Upgrade":
            return recorder.messages, "upgrade"
        return recorder.messages, "error: " + reason
    return recorder.messages, "incomplete" if recorder.in_message else "complete"


def worker(inputs_path: str, outputs_path: str) -> None:
    """Run in the peer venv: llhttp and upstream h11 over every input."""
    httptools = importlib.import_module("httptools")
    upstream = importlib.import_module("h11")
    assert upstream.__version__ == "0.16.0", upstream.__version__
    inputs: list[Input] = marshal.loads(Path(inputs_path).read_bytes())
    llhttp_out = [run_llhttp(httptools, role, wire) for role, wire in inputs]
    upstream_out = [run_h11(upstream, role, wire) for role, wire in inputs]
    Path(outputs_path).write_bytes(marshal.dumps({"llhttp": llhttp_out, "h11 0.16": upstream_out}))


# --------------------------------------------------------------------------------------------
# Inputs: the corpus, generated streams, mutations


def corpus_inputs() -> list[Input]:
    sys.path.insert(0, str(ROOT / "tests"))
    corpus = importlib.import_module("corpus")
    out = []
    for case in corpus.ALL_CASES:
        # Client cases are compared only where our client sent a plain GET (llhttp's response
        # parser does not know the request method).
        if case.role == "client" and (case.method != b"GET" or case.request_headers):
            continue
        if case.max_size is not None:
            continue
        out.append((case.role, case.wire))
    return out


METHODS = [b"GET", b"POST", b"PUT", b"HEAD", b"DELETE", b"OPTIONS", b"PATCH", b"get", b"M-X"]
TARGETS = [b"/", b"/a?b=c", b"http://a/x", b"*", b"/%00", b"//x", b"a:1", b"!"]
VERSIONS = [b"1.1"] * 20 + [b"1.0", b"1.0", b"0.9", b"2.0", b"1.2"]
LINE_ENDS = [b"\r\n"] * 4 + [b"\n", b"\n", b"\r", b"\r\r\n", b"\n\r"]
CL_VALUES = [
    b"0", b"3", b"5", b"10", b"0", b"3", b"5", b"10", b"0", b"3", b"5", b"10",
    b"5, 5", b"5,6", b"+5", b"-0", b"1_0", b"05", b" 5 ", b"",
    b"0x5", b"99999999999999999999", b"999999999999999999999", b"5 5", b"\t3", b"3,",
]  # fmt: skip
TE_VALUES = [
    b"chunked", b"chunked", b"chunked", b"chunked", b"chunked", b"chunked", b"chunked",
    b"chunked\t", b"\tchunked", b"CHUNKED", b" chunked", b"chunked ", b"gzip, chunked",
    b"chunked, gzip",
    b"xchunked", b"identity", b"chunked, chunked", b'"chunked"', b"", b"chunked;q=1",
    b"identity, chunked", b"Chunked",
]  # fmt: skip
OTHER_HEADERS = [
    b"Connection: close", b"Connection: keep-alive", b"Expect: 100-continue", b"X: y",
    b"Upgrade: foo", b"Connection: upgrade", b"X:", b"X :y", b"X\t: y", b": v", b"X y",
    b"X: a\x00b", b"X: a\x01b", b"X: \xff", b"Accept: */*", b"X-Long: " + b"v" * 40,
]  # fmt: skip
CHUNK_EXTS = [b"", b"", b"", b";a", b";a=b", b';a="q"', b" ;a", b";", b"; a = b", b"\t", b" "]
INTERESTING = [
    b"\r", b"\n", b"\r\n", b" ", b"\t", b"\x00", b":", b";", b",", b'"', b"0", b"\r\n\r\n",
    b"chunked", b"Content-Length: ", b"Transfer-Encoding: ", b"0\r\n\r\n", b"\x0b", b"\xff",
    b"HTTP/1.1", b"Host: a\r\n", b"-", b"+", b"_", b"x",
]  # fmt: skip


def chunked_body(rng: random.Random, eol: bytes) -> bytes:
    parts = []
    for _ in range(rng.randrange(0, 3)):
        payload = rng.choice([b"abc", b"hello world", b"0\r\n\r\n", b"x" * 17])
        size = b"%x" % len(payload)
        if rng.random() < 0.1:
            size = rng.choice([b"%X" % len(payload), b"0" + size, b"0x" + size, size + b" "])
        parts.append(size + rng.choice(CHUNK_EXTS) + b"\r\n" + payload + b"\r\n")
    parts.append(b"0" + rng.choice(CHUNK_EXTS) + b"\r\n")
    if rng.random() < 0.3:
        trailer = rng.choice([b"X: y", b"Content-Length: 5", b"Transfer-Encoding: chunked"])
        parts.append(trailer + eol)
    parts.append(eol)
    return b"".join(parts)


def generate_message(rng: random.Random, role: str) -> bytes:
    eol = rng.choice(LINE_ENDS) if rng.random() < 0.15 else b"\r\n"
    version = rng.choice(VERSIONS)
    if role == "server":
        method = rng.choice(METHODS)
        target = rng.choice(TARGETS) if rng.random() < 0.2 else b"/"
        start = method + b" " + target + b" HTTP/" + version
    else:
        status = rng.choice([b"200 OK", b"204 No Content", b"304 NM", b"404 X", b"100 Continue"])
        start = b"HTTP/" + version + b" " + status
    lines = [start]
    if role == "server" and rng.random() < 0.97:
        lines.append(b"Host: a")
    framing = rng.choice(["none", "none", "cl", "cl", "cl", "te", "te", "te", "cl+te", "cl+cl"])
    body = b""
    if framing in ("cl", "cl+te", "cl+cl"):
        lines.append(b"Content-Length: " + rng.choice(CL_VALUES))
    if framing == "cl+cl":
        lines.append(b"Content-Length: " + rng.choice(CL_VALUES))
    if framing in ("te", "cl+te"):
        te = b"Transfer-Encoding: " + rng.choice(TE_VALUES)
        lines.insert(rng.randrange(1, len(lines) + 1), te)
        body = chunked_body(rng, eol)
    elif framing != "none":
        body = rng.choice([b"", b"abc", b"hello", b"0123456789", b"0\r\n\r\n"])
    for _ in range(rng.choice([0, 0, 0, 1, 2])):
        lines.insert(rng.randrange(1, len(lines) + 1), rng.choice(OTHER_HEADERS))
    if rng.random() < 0.05:
        # obs-fold somewhere after the first header line
        position = rng.randrange(1, len(lines) + 1)
        lines.insert(position, rng.choice([b" folded", b"\tchunked", b" 5"]))
    return eol.join(lines) + eol + eol + body


def generate(rng: random.Random) -> Input:
    role = "server" if rng.random() < 0.75 else "client"
    count = rng.choice([1, 1, 2, 2, 3])
    return role, b"".join(generate_message(rng, role) for _ in range(count))


def mutate(rng: random.Random, wire: bytes) -> bytes:
    data = bytearray(wire)
    for _ in range(rng.randrange(1, 4)):
        where = rng.randrange(len(data) + 1)
        op = rng.randrange(7)
        if op == 0 and data:
            data[min(where, len(data) - 1)] = rng.randrange(256)
        elif op == 1:
            data[where:where] = rng.choice(INTERESTING)
        elif op == 2:
            del data[where : where + rng.randrange(1, 4)]
        elif op == 3:
            end = min(len(data), where + rng.randrange(1, 16))
            data[where:where] = data[where:end]
        elif op == 4:
            data[:] = data.replace(b"\r\n", rng.choice([b"\n", b"\r", b"\r\r\n"]), 1)
        elif op == 5:
            data[where : where + 8] = data[where : where + 8].swapcase()
        else:
            data[where:where] = rng.choice([b" ", b"\t"])
    return bytes(data)


def make_inputs(count: int, seed: int, corpus: list[Input]) -> Iterator[Input]:
    """``count`` inputs: half fresh streams, half mutations of corpus or generated ones."""
    rng = random.Random(seed)
    for _ in range(count):
        if rng.random() < 0.5:
            yield generate(rng)
        else:
            role, wire = rng.choice(corpus) if rng.random() < 0.5 else generate(rng)
            yield role, mutate(rng, wire)


# --------------------------------------------------------------------------------------------
# Comparison


def split_end(end: str) -> tuple[str, str]:
    kind, _, reason = end.partition(": ")
    return kind, reason


H2_PREFACE = ("request", b"PRI", b"*", "2.0", b"")


def explain_boundary(peer: str, wire: bytes, label: str, mine: Message | None) -> str:
    """Relabel a boundary difference that has a known, checked cause."""
    if mine == H2_PREFACE:
        return f"both see the HTTP/2 preface; {peer} waits for all of it"
    return label


def classify(peer: str, item: Input, ours: Outcome, theirs: Outcome) -> str | None:
    """The class of the first disagreement between our reading and ``peer``'s, or None."""
    label = first_difference(peer, ours, theirs)
    if label is None or not is_violation(label):
        return label
    our_messages, their_messages = ours[0], theirs[0]
    index = next(
        (i for i, (a, b) in enumerate(zip(our_messages, their_messages, strict=False)) if a != b),
        min(len(our_messages), len(their_messages)),
    )
    mine = our_messages[index] if index < len(our_messages) else None
    other = their_messages[index] if index < len(their_messages) else None
    # llhttp ends a request with Upgrade + Connection: upgrade at its head: the body (if any)
    # is left to the application with the new protocol's bytes.
    if (
        theirs[1] == "upgrade"
        and other is not None
        and index == len(their_messages) - 1
        and other[-1] == b""
        and (mine is None or mine[:-1] == other[:-1])
    ):
        return f"{peer} stops at the head of an Upgrade request, we read its body"
    return explain_boundary(peer, item[1], label, mine)


def first_difference(peer: str, ours: Outcome, theirs: Outcome) -> str | None:
    our_messages, our_end = ours
    their_messages, their_end = theirs
    for index in range(max(len(our_messages), len(their_messages))):
        mine = our_messages[index] if index < len(our_messages) else None
        other = their_messages[index] if index < len(their_messages) else None
        if mine is not None and other is not None:
            if mine[:-1] != other[:-1]:
                return f"BOUNDARY: both accept, different start lines ({peer})"
            if mine[-1] != other[-1]:
                return f"BODY: both accept, different body bytes ({peer})"
            continue
        if mine is not None:
            kind, reason = split_end(their_end)
            if kind == "error":
                return f"we accept, {peer} rejects: {reason}"
            if kind == "upgrade":
                return f"we go on, {peer} stops for a protocol switch"
            return f"BOUNDARY: we complete a message {peer} is still reading"
        assert other is not None
        kind, reason = split_end(our_end)
        if kind == "error":
            return f"we reject, {peer} accepts: {reason}"
        if kind == "upgrade":
            return f"we stop for a protocol switch, {peer} goes on"
        return f"BOUNDARY: {peer} completes a message we are still reading"
    our_kind, our_reason = split_end(our_end)
    their_kind, their_reason = split_end(their_end)
    if our_kind == their_kind or {our_kind, their_kind} <= {"complete", "incomplete"}:
        return None
    if our_kind == "error":
        return f"we reject, {peer} waits for more: {our_reason}"
    if their_kind == "error":
        return f"we wait for more, {peer} rejects: {their_reason}"
    return f"we end {our_kind}, {peer} ends {their_kind}"


def is_violation(label: str) -> bool:
    """A class that breaks the rule (known exceptions are listed but do not fail the run)."""
    return label.startswith(("BOUNDARY", "BODY"))


def run_peers(inputs: list[Input], peer_python: Path) -> dict[str, list[Outcome]]:
    with tempfile.TemporaryDirectory() as tmp:
        in_path = os.path.join(tmp, "inputs")
        out_path = os.path.join(tmp, "outputs")
        Path(in_path).write_bytes(marshal.dumps(inputs))
        subprocess.run(
            [str(peer_python), __file__, "--worker", in_path, out_path],
            check=True,
            cwd=tmp,  # so the worker's `import h11` cannot find this checkout
        )
        result: dict[str, list[Outcome]] = marshal.loads(Path(out_path).read_bytes())
    return result


Table = dict[str, dict[str, Any]]


def compare(
    inputs: list[Input], ours: list[Outcome], peers: dict[str, list[Outcome]]
) -> dict[str, Table]:
    tables: dict[str, Table] = {}
    for peer, outcomes in peers.items():
        table: Table = {}
        for item, mine, theirs in zip(inputs, ours, outcomes, strict=True):
            label = classify(peer, item, mine, theirs)
            if label is None:
                continue
            entry = table.setdefault(label, {"count": 0, "example": item})
            entry["count"] += 1
            if len(item[1]) < len(entry["example"][1]):
                entry["example"] = item
        tables[peer] = table
    return tables


def summarise(inputs: list[Input], ours: list[Outcome]) -> collections.Counter[str]:
    counts: collections.Counter[str] = collections.Counter()
    for (role, _), (messages, end) in zip(inputs, ours, strict=True):
        counts[f"{role} {split_end(end)[0]}"] += 1
        counts["messages"] += len(messages)
    return counts


def shorten(wire: bytes, limit: int = 120) -> str:
    text = repr(wire)
    return text if len(text) <= limit else text[: limit - 3] + "..."


ROW_KINDS = (
    "BOUNDARY",
    "BODY",
    "we accept",
    "we go on",
    "we end",
    "llhttp stops",
    "we reject",
)


def row_order(label: str, entry: dict[str, Any]) -> tuple[int, int, str]:
    """Violations and exceptions first, then where we are looser, stricter, not yet judged."""
    kind = next((i for i, p in enumerate(ROW_KINDS) if label.startswith(p)), len(ROW_KINDS))
    return kind, -entry["count"], label


def markdown(
    tables: dict[str, Table], totals: dict[str, int], justify: Callable[[str], str]
) -> str:
    lines = [
        "<!-- generated by scripts/differential.py --markdown; edit the script, not this -->",
        "",
        "## Differential testing against llhttp and h11 0.16",
        "",
        "Our parser, llhttp (through `httptools`, strict by default) and upstream h11 0.16.0 "
        "are fed the same bytes as black boxes: the wire corpus (`tests/corpus/`) and "
        "generated and mutated message streams (seeded, reproducible). For each input each "
        "parser reports the messages it completed (start line and body bytes) and how it "
        "ended. Where two parsers disagree, the first difference is put in a class below.",
        "",
        "**Rule:** wherever we accept a message, no strict peer that also accepts it sees "
        "different message boundaries or body bytes. Where we accept what llhttp rejects, "
        "the *Why* column gives the RFC clause that allows it and why it cannot split a "
        "message differently. Classes where we are stricter need no such argument.",
        "",
        "Reproduce: `python3 -m venv .venvs/diff && .venvs/diff/bin/pip install httptools "
        "h11==0.16.0`, then `.venv/bin/python scripts/differential.py --markdown "
        "docs/security-differential.md` (about a minute; `--quick` runs 3,000 inputs in CI).",
        "",
        "Drivers: a server answers each request with `200` (or `404`, denying a protocol "
        "switch) and starts the next cycle; a client sends `GET /` and reads responses; "
        "llhttp parses the stream continuously. No EOF is sent.",
        "",
        f"Inputs: {totals['inputs']:,} ({totals['corpus']:,} wire-corpus cases, "
        f"{totals['generated']:,} generated or mutated with seed {totals['seed']}); "
        f"messages we completed: {totals['messages']:,}. "
        f"Rule violations (a strict peer that also accepts sees other boundaries or body "
        f"bytes): **{totals['violations']}**.",
        "",
    ]
    for peer, table in tables.items():
        lines += [
            f"### Against {peer}",
            "",
            "| Class of first disagreement | Inputs | Shortest example (role, bytes) | Why |",
            "|---|---:|---|---|",
        ]
        for label, entry in sorted(table.items(), key=lambda kv: row_order(*kv)):
            role, wire = entry["example"]
            example = shorten(wire).replace("|", "\\|")
            why = justify(label).replace("|", "\\|")
            label_text = label.replace("|", "\\|")
            lines.append(f"| {label_text} | {entry['count']:,} | {role}: `{example}` | {why} |")
        lines.append("")
    return "\n".join(lines)


# Why we differ from a peer, keyed by a substring of the class label (first match wins).
# Where we accept what llhttp rejects, the RFC clause that allows it and why it cannot make
# two parsers that both accept see different messages.
LF_LINE_ENDS = (
    "Bare LF line ends in a head: RFC 9112 §2.2 lets a recipient recognise a single LF as a "
    "line terminator (MAY). LF can never be part of a start line or field value, and a bare "
    "CR is never a line end for us, so every parser that accepts the head splits it into "
    "the same lines. Chunk-size lines and the CRLF after chunk data still need CRLF."
)
JUSTIFICATIONS: dict[str, str] = {
    "llhttp stops at the head of an Upgrade request": (
        "llhttp hands everything after the head of an `Upgrade` + `Connection: upgrade` "
        "request to the application; we read the declared body first (RFC 9110 §7.8: the "
        "switch happens after the request message; RFC 7540 §3.2). Not a second reading of "
        "the same bytes as HTTP."
    ),
    "both see the HTTP/2 preface": (
        "`PRI * HTTP/2.0` starts the HTTP/2 preface; we pause after it (RFC 9112 §3, Q8), "
        "llhttp waits for the whole preface. Neither parses the rest as HTTP/1.1."
    ),
    "Invalid method encountered": (
        "llhttp knows a fixed list of methods; RFC 9110 §9.1 makes any token a method "
        "(extension methods, case-sensitive, so `get` is not GET). The method does not "
        "change request framing (only exact `CONNECT`, which we refuse with a body, H6)."
    ),
    "Expected space after method": (
        "Same: token characters in the method (`M-SEARCH`, `GETGET`), RFC 9110 §9.1."
    ),
    "Expected CRLF after version": LF_LINE_ENDS,
    "Missing expected CR after response line": LF_LINE_ENDS,
    "Missing expected CR after header value": LF_LINE_ENDS,
    "Invalid header field char": LF_LINE_ENDS,
    "Invalid HTTP version": (
        "Any `digit.digit` version is parsed with HTTP/1.1 syntax (Q8, kept for "
        "hypercorn's `PRI` detection; RFC 9112 §2.3 lets a server answer 505 instead). The "
        "version only decides keep-alive (< 1.1 closes) and H3, never the body length."
    ),
    "Data after `Connection: close`": (
        "llhttp treats an HTTP/2.0 response as the end of the connection; we keep it alive "
        "(only < 1.1 or `Connection: close` ends keep-alive, §7.5). The next response is "
        "framed the same way by every parser that reads it."
    ),
    "Invalid header value char": (
        "CTLs other than NUL/CR/LF (and obs-text) in field values: RFC 9110 §5.5 lets a "
        "recipient retain them (MAY). They never end a line or a field, so they cannot move "
        "a boundary; NUL, CR and LF are always rejected."
    ),
    "Unexpected whitespace after header value": (
        "obs-fold: RFC 9112 §5.2 lets a server replace each obs-fold by SP (or reject). A "
        "folded line is part of the previous field, never a field of its own (so a folded "
        "`Transfer-Encoding`/`Content-Length` line is not a framing header)."
    ),
    "Content-Length can't be present with Transfer-Encoding": (
        "Either the head has both (see the next row) or a trailer carries Content-Length: "
        "trailers never frame anything (RFC 9110 §6.5.1), so we keep it as a trailer field."
    ),
    "Transfer-Encoding can't be present with Content-Length": (
        "RFC 9112 §6.1: a server MAY process a request with both by Transfer-Encoding alone, "
        "and MUST close the connection afterwards. We do exactly that (H2, also for "
        "responses): the body is chunked for everyone who accepts, and no later message is "
        "read from this connection."
    ),
    "Invalid `Transfer-Encoding` header value": (
        "A `Transfer-Encoding` trailer field: trailers never frame anything (RFC 9110 "
        "§6.5.1); it is validated like any header (§4.3) and otherwise ignored."
    ),
    "Request has invalid `Transfer-Encoding`": (
        "`chunked` followed by HTAB: OWS is not part of the value (RFC 9110 §5.5), so it "
        "is `chunked`; llhttp rejects the request, so no second reading exists."
    ),
    "Invalid character in chunk": (
        "RFC 9112 §7.1.1 allows BWS around `;` and `=` in chunk extensions and "
        "quoted-string values (H1). The line must still end in CRLF and every "
        "byte of it is checked, so its end is the same for every parser that accepts it."
    ),
    "Invalid character in Content-Length": (
        "A list of identical values (`5, 5`): RFC 9110 §8.6 lets a recipient replace it by "
        "that single value. Every parser that accepts it reads the same length."
    ),
    "Duplicate Content-Length": (
        "Identical Content-Length fields: RFC 9110 §8.6 (as for the list). Different values "
        "are always rejected."
    ),
    "Content-Length overflow": (
        "Up to 20 digits (H5, as h11 0.16): values above 2^64-1 are exact Python "
        "integers, never wrapped, so the body is as long as declared (no one can send it)."
    ),
    "url": (
        "Request-targets llhttp's URL parser refuses but RFC 9112 §3.2 allows (absolute-form "
        "with any RFC 3986 scheme such as `svn+ssh.x-y:`; H7). Targets do not affect framing."
    ),
    "HTTP/2 Connection Preface": (
        "`PRI * HTTP/2.0` preface: we parse the HTTP/1.1-shaped part and pause (Q8); llhttp "
        "checks the rest of the h2 preface. Neither reads further HTTP/1.1 messages."
    ),
    "Pause on PRI/Upgrade": "Same: the h2 preface (Q8).",
    "ends upgrade": (
        "llhttp stops at a CONNECT (tunnel) or Upgrade; our driver answers as a plain "
        "server that denies the switch and goes on, which is how h11 is used then."
    ),
    "stops for a protocol switch": (
        "Same as the previous row: llhttp stops at an Upgrade, our driver denies it."
    ),
    "we end upgrade": (
        "A pending Upgrade on a connection that is closing: we stop (MIGHT_SWITCH_PROTOCOL, "
        "§7.4), the peer reads on. Stricter."
    ),
    "waits for more": "Stricter: we reject bytes the peer still waits on.",
    "h11 0.16 accepts: illegal chunk header": "Stricter: H1 (RFC 9112 §7.1.1 grammar).",
    "h11 0.16 rejects: illegal chunk header": (
        "H1: BWS around `;`/`=` and quoted-strings in chunk extensions are RFC 9112 §7.1.1 "
        "grammar; 0.16 rejected some BWS forms. Every byte of the line is still checked."
    ),
    "illegal request target": "Stricter: H7 (RFC 9112 §3.2 request-target forms).",
    "Transfer-Encoding is not allowed in HTTP/1.0": "Stricter: H3 (RFC 9112 §6.1).",
    "CONNECT request must not have a body": "Stricter: H6 (RFC 9110 §9.3.6).",
    "Receive buffer too long": "Stricter: H8 (a complete head over the limit, h11 #182).",
    "Got data when expecting EOF": (
        "Stricter: nothing is read after a message that ends the connection (H2 CL+TE, "
        "`Connection: close`, HTTP/1.0; §8.2)."
    ),
    "no request line received": (
        "Q4: empty lines before a request line are skipped (RFC 9112 §2.2 SHOULD ignore "
        "at least one); they count against max_incomplete_event_size."
    ),
    "Only Transfer-Encoding: chunked": (
        "Stricter: any coding but exactly `chunked` is a 501 (§4.3); llhttp reads e.g. "
        "`gzip, chunked` as chunked."
    ),
    "multiple Transfer-Encoding headers": "Stricter: 501 (§4.3).",
    "Missing mandatory Host": "Stricter: RFC 9112 §3.2 (MUST respond 400).",
    "multiple Host": "Stricter: RFC 9112 §3.2 (MUST respond 400).",
    "we reject": "Stricter (see docs/differences.rst and RFC 9112 §2-§7 for the rule).",
}


WAITING = (
    "Not judged yet: we refuse a byte of a head, chunk-size line or trailer line as soon as "
    "no continuation could make it valid (docs/differences.rst, H10); what is wrong only as "
    "a whole (a line that ends too early, a status below 100, a folded line) is judged once "
    "the head or trailer block is complete (bounded by max_incomplete_event_size). Nothing "
    "has been accepted."
)


def justify(label: str) -> str:
    if label.startswith("we wait for more"):
        return WAITING
    for key, text in JUSTIFICATIONS.items():
        if key in label:
            return text
    return ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100_000, help="generated/mutated inputs")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="3,000 inputs (for CI)")
    parser.add_argument("--peer-python", type=Path, default=DEFAULT_PEER_PYTHON)
    parser.add_argument("--markdown", type=Path, help="write the table of classes here")
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(*args.worker)
        return 0
    h11 = importlib.import_module("h11")
    assert h11.__version__ != "0.16.0", "run this with a Python where h11 is ours"
    count = 3_000 if args.quick else args.count
    started = time.monotonic()
    corpus = corpus_inputs()
    inputs = corpus + list(make_inputs(count, args.seed, corpus))
    ours = [run_h11(h11, role, wire) for role, wire in inputs]
    peers = run_peers(inputs, args.peer_python)
    tables = compare(inputs, ours, peers)
    violations = sum(
        entry["count"]
        for table in tables.values()
        for label, entry in table.items()
        if is_violation(label)
    )
    counts = summarise(inputs, ours)
    totals = {
        "inputs": len(inputs),
        "corpus": len(corpus),
        "generated": count,
        "seed": args.seed,
        "messages": counts.pop("messages"),
        "violations": violations,
    }
    print(
        f"{len(inputs):,} inputs in {time.monotonic() - started:.1f}s; our endings: {dict(counts)}"
    )
    for peer, table in tables.items():
        print(f"\n== {peer}: {sum(e['count'] for e in table.values()):,} disagreements")
        for label, entry in sorted(table.items(), key=lambda kv: -kv[1]["count"]):
            role, wire = entry["example"]
            print(f"{entry['count']:8,}  {label}\n          {role}: {shorten(wire, 160)}")
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(markdown(tables, totals, justify))
    print(f"\nrule violations: {violations}")
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main())
