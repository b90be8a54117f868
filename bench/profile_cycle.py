"""Where the small keep-alive cycle (workload j) spends its time, in CPU instructions.

Usage::

    python3 bench/profile_cycle.py              # this checkout's src/, table on stdout
    python3 bench/profile_cycle.py --src DIR    # another tree's src/ (e.g. an older commit)
    python3 bench/profile_cycle.py --json PATH  # also save the figures

Needs valgrind. Each piece of the cycle is run alone, in a loop of N
iterations after a warm-up, in one process under ``valgrind --tool=callgrind`` with
``PYTHONHASHSEED=0``; valgrind dumps its counters at a marker call (``os.getppid()``) before
and after each loop, so start-up and every setup (imports, building the inputs, the warm-up)
stay out of the figures. The cost of an empty loop is subtracted. Instruction counts barely
move when the machine is busy, unlike timings.

The pieces, as the cycle of workload j runs them on the server's side:

- ``cycle``: the whole of workload j's operation on one long-lived ``Connection`` (receive the
  small GET, ``next_event()`` three times, send ``Response``, ``Data``, ``EndOfMessage``,
  ``start_next_cycle()``);
- ``buffer``: ``ReceiveBuffer.append`` of the request and the extraction of its head;
- ``parse``: ``parse_request_head`` on that head, less the event construction below;
- ``events (received)``: building the received ``Request`` (``make_request``; the
  ``EndOfMessage`` of a body-less request is a shared instance);
- ``events (sent)``: ``Response(...)``, ``Data(...)``, ``EndOfMessage()`` as the application
  builds them, less the header validation below;
- ``header validation``: ``normalize_and_validate`` of the response's two header pairs;
- ``state machine``: the six ``ConnectionState`` calls of the cycle;
- ``writers``: the status line and header block, the body piece and the end of the body;
- ``connection glue``: what ``Connection`` adds: the cycle less all of the above.

Lower-level loops (``construct ...``) give the cost of building one event of each kind.

Two more loops measure what the cycle costs without this package, as a reference (not a strict
bound: a different design could do some of the work for less):

- ``reference: sketch``: the pure-Python sketch of ``bench/workloads.py`` (``sketch_serve``):
  the same parsing and checks of the GET and the same response bytes, with no events and no
  state machine;
- ``reference: API shape``: the calls an application makes in the cycle (``receive_data``,
  three ``next_event``, three ``send``, ``start_next_cycle``) on an object whose methods do
  nothing, and the three events it builds, as plain slotted classes with the same keyword
  arguments and no checks.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
N = 2000
WARMUP = 500

SMALL_GET = b"GET / HTTP/1.1\r\nHost: example.com\r\n\r\n"
RESPONSE_HEADERS = [(b"Content-Type", b"text/plain"), (b"Content-Length", b"12")]
BODY = b"Hello world!"
WIRE = b"HTTP/1.1 200 \r\nContent-Type: text/plain\r\nContent-Length: 12\r\n\r\nHello world!"


def loops(h11: Any) -> dict[str, Any]:
    """One zero-argument function per measured loop body (inputs built beforehand)."""
    from h11 import _events, _headers, _readers, _receivebuffer, _state, _writers

    Connection, SERVER, CLIENT = h11.Connection, h11.SERVER, h11.CLIENT
    Request, Response, Data, EndOfMessage = h11.Request, h11.Response, h11.Data, h11.EndOfMessage
    NEED_DATA = h11.NEED_DATA
    conn = Connection(SERVER)

    def cycle() -> None:
        conn.receive_data(SMALL_GET)
        assert type(conn.next_event()) is Request
        assert type(conn.next_event()) is EndOfMessage
        assert conn.next_event() is NEED_DATA
        out = conn.send(Response(status_code=200, headers=RESPONSE_HEADERS))
        out += conn.send(Data(data=BODY))
        out += conn.send(EndOfMessage())
        assert out == WIRE
        conn.start_next_cycle()

    buf = _receivebuffer.ReceiveBuffer()

    def buffer() -> None:
        buf.append(SMALL_GET)
        assert buf.extract_request_head(None) is not None

    head = SMALL_GET[:-4]
    parse_request_head = _readers.parse_request_head

    def parse_with_event() -> None:
        parse_request_head(head)

    request = parse_request_head(head)
    make_request = _events.make_request
    req_fields = (request.method, request.headers, request.target, request.http_version)

    def received_events() -> None:
        make_request(*req_fields)

    def sent_events() -> None:
        Response(status_code=200, headers=RESPONSE_HEADERS)
        Data(data=BODY)
        EndOfMessage()

    normalize_and_validate = _headers.normalize_and_validate

    def validation() -> None:
        normalize_and_validate(RESPONSE_HEADERS)

    ConnectionState = _state.ConnectionState
    cstate = ConnectionState()

    def state_machine() -> None:
        cstate.process_event(CLIENT, Request)
        cstate.process_event(CLIENT, EndOfMessage)
        cstate.process_event(SERVER, Response)
        cstate.process_event(SERVER, Data)
        cstate.process_event(SERVER, EndOfMessage)
        cstate.start_next_cycle()

    response = Response(status_code=200, headers=RESPONSE_HEADERS)
    writer = _writers.ContentLengthWriter(12)
    no_trailers = EndOfMessage().headers
    response_head = _writers.response_head

    def writers() -> None:
        response_head(response)
        writer._remaining = 12
        writer.data(BODY)
        writer.end(no_trailers)

    response_fields = (response.headers, b"1.1", b"", 200)
    make_response = _events.make_response
    make_data = _events.make_data

    def construct_parsed_response() -> None:
        make_response(Response, *response_fields)

    def construct_parsed_data() -> None:
        make_data(BODY, False, False)

    checked = response.headers

    def construct_response_checked_headers() -> None:
        Response(status_code=200, headers=checked)

    def construct_request() -> None:
        Request(method=b"GET", target=b"/", headers=request.headers)

    sys.path.insert(0, str(BENCH_DIR))
    from workloads import sketch_serve

    sketch_buffer = bytearray()

    def reference_sketch() -> None:
        sketch_buffer.extend(SMALL_GET)
        target, fields, reply = sketch_serve(sketch_buffer, 200, RESPONSE_HEADERS, BODY)
        assert target == b"/"
        assert len(fields) == 1
        assert reply == WIRE

    shape = _Shape()

    def reference_api_shape() -> None:
        shape.receive_data(SMALL_GET)
        shape.next_event()
        shape.next_event()
        shape.next_event()
        shape.send(_BareResponse(status_code=200, headers=RESPONSE_HEADERS))
        shape.send(_BareData(data=BODY))
        shape.send(_BareEndOfMessage())
        shape.start_next_cycle()

    def nothing() -> None:
        pass

    return {
        "cycle": cycle,
        "buffer": buffer,
        "parse+event": parse_with_event,
        "events (received)": received_events,
        "events (sent)+validation": sent_events,
        "header validation": validation,
        "state machine": state_machine,
        "writers": writers,
        "construct make_request": received_events,
        "construct make_response": construct_parsed_response,
        "construct make_data": construct_parsed_data,
        "construct Response(Headers)": construct_response_checked_headers,
        "construct Request(Headers)": construct_request,
        "reference: sketch": reference_sketch,
        "reference: API shape": reference_api_shape,
        "empty loop": nothing,
    }


class _Shape:
    """The methods an application calls in the cycle, doing nothing."""

    def receive_data(self, data: bytes) -> None:
        pass

    def next_event(self) -> None:
        return None

    def send(self, event: object) -> bytes:
        return b""

    def start_next_cycle(self) -> None:
        pass


class _BareResponse:
    __slots__ = ("headers", "http_version", "reason", "status_code")

    def __init__(
        self, *, headers: Any, status_code: int, http_version: bytes = b"1.1", reason: bytes = b""
    ) -> None:
        self.headers = headers
        self.status_code = status_code
        self.http_version = http_version
        self.reason = reason


class _BareData:
    __slots__ = ("chunk_end", "chunk_start", "data")

    def __init__(self, data: bytes, chunk_start: bool = False, chunk_end: bool = False) -> None:
        self.data = data
        self.chunk_start = chunk_start
        self.chunk_end = chunk_end


class _BareEndOfMessage:
    __slots__ = ("headers",)

    def __init__(self, *, headers: Any = None) -> None:
        self.headers = headers


def inner(src: str, names: list[str], count: int) -> None:
    """Run the loops (inside valgrind): each built, warmed up, then timed between markers.

    ``os.getppid()`` is the marker: valgrind is told to dump its counters before each call,
    so the instructions of the ``count`` iterations of a loop make one dump of their own.
    """
    sys.path.insert(0, src)
    import h11

    marker = os.getppid
    table = loops(h11)
    for name in names:
        body = table[name]
        for _ in range(WARMUP):
            body()
        marker()
        for _ in range(count):
            body()
        marker()


def measure(src: str, names: list[str], count: int) -> dict[str, float]:
    """Instructions per iteration of each loop (one valgrind run for all of them)."""
    out_dir = Path(tempfile.mkdtemp())
    env = dict(os.environ, PYTHONHASHSEED="0")
    try:
        done = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                "--dump-before=os_getppid",
                f"--callgrind-out-file={out_dir / 'out'}",
                sys.executable,
                "-s",  # (not -I: it would ignore PYTHONHASHSEED)
                str(Path(__file__).resolve()),
                "--inner",
                ",".join(names),
                "--count",
                str(count),
                "--src",
                src,
            ],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        if done.returncode != 0:
            raise SystemExit(f"valgrind failed:\n{done.stderr[-3000:]}")
        parts: dict[int, int] = {}
        for path in out_dir.glob("out.*"):
            text = path.read_text()
            part = re.search(r"^part: (\d+)$", text, re.MULTILINE)
            total = re.search(r"^summary: (\d+)$", text, re.MULTILINE)
            if part and total:
                parts[int(part[1])] = int(total[1])
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)
    # Part 1 is start-up; then, per loop, its iterations (even parts) and the next loop's
    # set-up and warm-up (odd parts).
    return {name: parts[2 * (i + 1)] / count for i, name in enumerate(names)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", default=str(REPO / "src"), help="the src/ to import h11 from")
    parser.add_argument("--json", type=Path, help="save the figures as JSON")
    parser.add_argument("--inner", help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, default=N, help=argparse.SUPPRESS)
    parser.add_argument("--only", help="comma-separated loop names")
    args = parser.parse_args()
    if args.inner:
        inner(args.src, args.inner.split(","), args.count)
        return 0
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed")
    sys.path.insert(0, args.src)
    import h11

    names = [n for n in loops(h11) if n != "empty loop"]
    if args.only:
        names = [n for n in names if n in args.only.split(",")]
    counts = measure(args.src, ["empty loop", *names], args.count)
    raw = {name: counts[name] - counts["empty loop"] for name in names}
    figures = dict(raw)
    if all(k in raw for k in ("cycle", "parse+event", "events (sent)+validation")):
        figures["parse"] = raw["parse+event"] - raw["events (received)"]
        figures["events (sent)"] = raw["events (sent)+validation"] - raw["header validation"]
        pieces = [
            "buffer",
            "parse",
            "events (received)",
            "events (sent)",
            "header validation",
            "state machine",
            "writers",
        ]
        figures["connection glue"] = raw["cycle"] - sum(figures[p] for p in pieces)
        print(f"h11 from {args.src}; CPython {sys.version.split()[0]}; instructions per cycle")
        for piece in ["cycle", *pieces, "connection glue"]:
            share = figures[piece] / raw["cycle"]
            print(f"  {piece:<22} {figures[piece]:>9,.0f}  {share:6.1%}")
    for name in names:
        if name.startswith("construct"):
            print(f"  {name:<34} {raw[name]:>7,.0f}")
    if all(k in raw for k in ("cycle", "reference: sketch", "reference: API shape")):
        reference = raw["reference: sketch"] + raw["reference: API shape"]
        figures["reference"] = reference
        print("reference (no events, no state machine; see the docstring):")
        for name in ["reference: sketch", "reference: API shape"]:
            print(f"  {name[len('reference: ') :]:<22} {raw[name]:>9,.0f}")
        times = raw["cycle"] / reference
        print(f"  {'together':<22} {reference:>9,.0f}  (the cycle takes {times:.2f}x that)")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
