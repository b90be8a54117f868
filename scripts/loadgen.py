"""A bounded loopback load generator, and the runs behind ``scripts/load``.

The generator (``run_load``) opens N keep-alive connections to 127.0.0.1 and sends
``GET /`` requests on each, one after the other, until a request count or a time limit is
reached, whichever comes first. It checks every response (status 200, the declared body length
read exactly, keep-alive honoured) and counts anything else as an error. Its response reader
is deliberately tiny (no HTTP library), so the server is what is measured.

``main`` starts each server under test as a subprocess, samples its resident memory
(``/proc/<pid>/status``) while the load runs, reads the CPU time the server used for the
measured requests (``/proc/<pid>/stat``: server CPU per request is the figure that does not
depend on how fast the generator itself is), and prints one line per server:

- ``asyncio-example``: ``examples/asyncio_server.py`` on this library;
- ``uvicorn-ours`` / ``uvicorn-upstream``: uvicorn (``--http h11``) serving ``app`` below from
  the virtual environments ``scripts/load`` makes (this library / h11 0.16.0).

Loopback only; every loop is bounded in count and time; the servers are stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
BODY = b"hello, load\n"


# --------------------------------------------------------------------------------------------
# The ASGI app uvicorn serves (same response as the example's GET /: a small fixed body).


async def app(
    scope: dict[str, Any],
    receive: Callable[[], Awaitable[dict[str, Any]]],
    send: Callable[[dict[str, Any]], Awaitable[None]],
) -> None:
    if scope["type"] != "http":
        return
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"text/plain"), (b"content-length", b"%d" % len(BODY))],
        }
    )
    await send({"type": "http.response.body", "body": BODY})


# --------------------------------------------------------------------------------------------
# The load generator


@dataclass
class LoadResult:
    requests: int = 0
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    connections_opened: int = 0

    def error(self, kind: str) -> None:
        self.errors += 1
        self.error_kinds[kind] = self.error_kinds.get(kind, 0) + 1


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Read one response; return (status, keep-alive). Raises ValueError if it is malformed."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head[:-4].split(b"\r\n")
    version, status, *_ = lines[0].split(b" ", 2)
    if not version.startswith(b"HTTP/1."):
        raise ValueError(f"bad status line {lines[0]!r}")
    length = None
    keep_alive = version == b"HTTP/1.1"
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value.strip())
        elif name == b"connection" and b"close" in value.lower():
            keep_alive = False
        elif name == b"transfer-encoding":
            raise ValueError("unexpected chunked response")
    if length is None:
        raise ValueError("response without Content-Length")
    await reader.readexactly(length)
    return int(status), keep_alive


async def client(
    port: int, target: str, budget: list[int], deadline: float, result: LoadResult
) -> None:
    """One connection: send requests until the shared budget or the deadline runs out."""
    request = f"GET {target} HTTP/1.1\r\nHost: {HOST}:{port}\r\n\r\n".encode()
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    try:
        while budget[0] > 0 and time.monotonic() < deadline:
            if writer is None:
                reader, writer = await asyncio.open_connection(HOST, port)
                result.connections_opened += 1
            assert reader is not None
            budget[0] -= 1
            try:
                writer.write(request)
                status, keep_alive = await asyncio.wait_for(read_response(reader), 10)
            except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError) as exc:
                result.error(type(exc).__name__)
                writer.close()
                writer = None
                continue
            except ValueError as exc:
                result.error(str(exc))
                writer.close()
                writer = None
                continue
            result.requests += 1
            if status != 200:
                result.error(f"status {status}")
            if not keep_alive:
                result.error("server closed a keep-alive connection")
                writer.close()
                writer = None
    finally:
        if writer is not None:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()


async def run_load(
    port: int, *, requests: int, connections: int, seconds: float, target: str = "/"
) -> LoadResult:
    result = LoadResult()
    budget = [requests]
    started = time.monotonic()
    deadline = started + seconds
    await asyncio.gather(
        *(client(port, target, budget, deadline, result) for _ in range(connections))
    )
    result.seconds = time.monotonic() - started
    return result


# --------------------------------------------------------------------------------------------
# Servers under test


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        with socket.socket() as sock:
            if sock.connect_ex((HOST, port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError("server did not start listening")


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def server_command(name: str, port: int) -> list[str]:
    if name == "asyncio-example":
        python = os.environ.get("LOAD_PYTHON", sys.executable)
        return [python, str(ROOT / "examples" / "asyncio_server.py"), "--port", str(port)]
    venv = Path(os.environ.get("LOAD_VENVS", ROOT / ".venvs")) / name
    return [
        str(venv / "bin" / "python"),
        "-m",
        "uvicorn",
        "loadgen:app",
        "--app-dir",
        str(ROOT / "scripts"),
        "--http",
        "h11",
        "--loop",
        "asyncio",
        "--host",
        HOST,
        "--port",
        str(port),
        "--no-access-log",
        "--log-level",
        "warning",
    ]


def h11_of(name: str) -> str:
    """Which h11 the server's interpreter imports (a check that the venv is what it says)."""
    python = server_command(name, 0)[0]
    code = "import h11, os; print(h11.__version__, os.path.dirname(h11.__file__))"
    return subprocess.run([python, "-c", code], capture_output=True, text=True, check=True).stdout


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of process ``pid`` so far (``/proc/<pid>/stat``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    # After the command name: state is field 3, utime and stime are fields 14 and 15.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class ServerRun:
    name: str
    result: LoadResult
    rss_start_kib: int
    rss_peak_kib: int
    rss_end_kib: int
    rss_after_warmup_kib: int
    cpu_seconds: float  # the server's CPU time during the measured run


def measure(name: str, requests: int, connections: int, seconds: float) -> ServerRun:
    port = free_port()
    process = subprocess.Popen(server_command(name, port), cwd=ROOT)
    try:
        wait_for_port(port, process)
        rss_start = rss_kib(process.pid)
        # A short warm-up (imports, first allocations), then the measured run.
        asyncio.run(run_load(port, requests=2000, connections=connections, seconds=10))
        rss_warm = rss_kib(process.pid)
        samples: list[int] = []
        done = False

        async def sample() -> None:
            while not done:
                samples.append(rss_kib(process.pid))
                await asyncio.sleep(0.25)

        async def measured() -> LoadResult:
            nonlocal done
            sampler = asyncio.ensure_future(sample())
            try:
                return await run_load(
                    port, requests=requests, connections=connections, seconds=seconds
                )
            finally:
                done = True
                await sampler

        cpu_start = cpu_seconds(process.pid)
        result = asyncio.run(measured())
        cpu = cpu_seconds(process.pid) - cpu_start
        rss_end = rss_kib(process.pid)
        return ServerRun(name, result, rss_start, max([*samples, rss_end]), rss_end, rss_warm, cpu)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200_000)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=300, help="time limit per server")
    parser.add_argument(
        "--servers",
        default="asyncio-example,uvicorn-ours,uvicorn-upstream",
        help="comma-separated: asyncio-example, uvicorn-ours, uvicorn-upstream",
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--max-rss-growth-kib",
        type=int,
        default=20_000,
        help="fail if RSS grows more than this after the warm-up",
    )
    args = parser.parse_args()
    failed = False
    runs = []
    for name in args.servers.split(","):
        if name != "asyncio-example":
            print(f"{name}: h11 {h11_of(name).strip()}")
        run = measure(name, args.requests, args.connections, args.seconds)
        r = run.result
        growth = run.rss_end_kib - run.rss_after_warmup_kib
        print(
            f"{name}: {r.requests:,} requests over {args.connections} connections in "
            f"{r.seconds:.1f}s = {r.requests / r.seconds:,.0f} req/s; server CPU "
            f"{run.cpu_seconds / max(r.requests, 1) * 1e6:.0f} us/request; errors {r.errors} "
            f"{r.error_kinds or ''}; connections opened {r.connections_opened}; RSS KiB "
            f"start {run.rss_start_kib:,}, after warm-up {run.rss_after_warmup_kib:,}, "
            f"peak {run.rss_peak_kib:,}, end {run.rss_end_kib:,} (growth {growth:+,})",
            flush=True,
        )
        runs.append(run)
        if r.errors or r.connections_opened != args.connections:
            failed = True
        if growth > args.max_rss_growth_kib:
            failed = True
    if args.json:
        args.json.write_text(
            json.dumps(
                [
                    {
                        "server": run.name,
                        "requests": run.result.requests,
                        "seconds": round(run.result.seconds, 2),
                        "requests_per_second": round(run.result.requests / run.result.seconds),
                        "server_cpu_us_per_request": round(
                            run.cpu_seconds / max(run.result.requests, 1) * 1e6, 1
                        ),
                        "errors": run.result.errors,
                        "rss_kib": {
                            "start": run.rss_start_kib,
                            "after_warmup": run.rss_after_warmup_kib,
                            "peak": run.rss_peak_kib,
                            "end": run.rss_end_kib,
                        },
                    }
                    for run in runs
                ],
                indent=2,
            )
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
