"""Benchmark worker: one process per implementation, driven by ``run.py`` over a pipe.

Started as ``python -I bench/worker.py IMPL REPO`` with the interpreter of IMPL's virtual
environment. IMPL is ``ours`` (this checkout's ``src/h11``, put first on ``sys.path``),
``upstream`` (``h11`` from PyPI), ``mypyc`` (``h11_mypyc``), ``httptools``, or ``sketch`` (the
reference sketch of ``workloads.py``: no module, workload j only). The worker imports
that module by name, builds the workloads of ``workloads.py`` against it, prints one JSON line
describing itself, then answers one JSON line per command read from stdin:

- ``{"cmd": "prepare", "workload": KEY, "budget": SECONDS, "warmup": SECONDS}``: ``verify``
  the workload (untimed), then warm up for ``warmup`` seconds (at least one operation), which
  also estimates the time of one operation. Answers ``{"count": N}``, the number of operations
  that fills ``budget``.
- ``{"cmd": "time", "workload": KEY, "count": N}``: time N operations. Answers ``{"ops": N,
  "seconds": T, "rate": N * units_per_op / T}``. The runner sends several of these per round,
  interleaved with the other workers'.
- ``{"cmd": "memory", "count": N}``: ``measure_memory`` (ignored by httptools).
- ``{"cmd": "quit"}``.

Any exception (a failed check included) is answered as ``{"error": traceback}``.

Timing: ``time.perf_counter`` around batches of up to 64 operations whose ``setup`` (a fresh
``Connection`` or parser) was done before the clock started. The garbage collector stays
enabled while timing, as in a real server, for every implementation alike; ``gc.collect()``
runs (untimed) before each timed run so each starts from a clean heap.
"""

from __future__ import annotations

import gc
import importlib
import importlib.machinery
import json
import os
import sys
import time
import traceback
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import workloads as wl  # noqa: E402  (needs BENCH_DIR on sys.path, which -I leaves out)

MODULES = {"ours": "h11", "upstream": "h11", "mypyc": "h11_mypyc", "httptools": "httptools"}
SKETCH = "sketch"  # not an implementation: the reference sketch of workload j
BATCH = 64


def load(impl: str, repo: Path) -> Any:
    """Import the module under test for ``impl``."""
    if impl == "ours":
        sys.path.insert(0, str(repo / "src"))
    return importlib.import_module(MODULES[impl])


def is_compiled(module: Any) -> bool:
    """Whether the implementation's core is an extension module (mypyc, Cython...)."""
    name = module.__name__
    candidates = [f"{name}._connection", f"{name}.parser.parser", f"{name}.parser"]
    for candidate in candidates:
        try:
            sub = importlib.import_module(candidate)
        except ImportError:
            continue
        path = getattr(sub, "__file__", None) or ""
        return path.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))
    return False


def time_ops(workload: wl.Workload, count: int) -> float:
    """Seconds spent in ``count`` operations (setup excluded), in batches of ``BATCH``."""
    setup = workload.setup
    op = workload.op
    total = 0.0
    done = 0
    clock = time.perf_counter
    while done < count:
        states = [setup() for _ in range(min(BATCH, count - done))]
        start = clock()
        for state in states:
            op(state)
        total += clock() - start
        done += len(states)
    return total


def prepare(workload: wl.Workload, budget: float, warmup: float) -> dict[str, Any]:
    """Verify and warm up ``workload``; how many operations take about ``budget`` seconds."""
    workload.verify()
    # At least one operation and `warmup` seconds; doubling, so the estimate gets steadier.
    warm_ops = 0
    warm_seconds = 0.0
    while warm_ops == 0 or warm_seconds < warmup:
        warm_seconds += time_ops(workload, max(1, warm_ops))
        warm_ops += max(1, warm_ops)
    return {"count": max(1, round(budget / (warm_seconds / warm_ops)))}


def time_run(workload: wl.Workload, count: int) -> dict[str, Any]:
    """Time ``count`` operations of ``workload`` (after an untimed ``gc.collect()``)."""
    gc.collect()
    cpu, wall = time.process_time(), time.perf_counter()
    seconds = time_ops(workload, count)
    # Share of the wall time this process was on a CPU (setup included): below 1 when the
    # machine was busy enough to preempt the worker.
    cpu_share = (time.process_time() - cpu) / (time.perf_counter() - wall)
    return {
        "ops": count,
        "seconds": seconds,
        "rate": count * workload.units_per_op / seconds,
        "cpu_share": cpu_share,
    }


def main() -> int:
    impl, repo = sys.argv[1], Path(sys.argv[2])
    if impl == SKETCH:
        module: Any = None
        table = wl.sketch_workloads()
        name, version, file, compiled = "reference sketch", "-", wl.__file__, False
    else:
        module = load(impl, repo)
        build = wl.httptools_workloads if impl == "httptools" else wl.h11_workloads
        table = build(module)
        name = module.__name__
        version = getattr(module, "__version__", "?")
        file, compiled = module.__file__, is_compiled(module)
    hello = {
        "impl": impl,
        "module": name,
        "version": version,
        "file": str(Path(file).resolve()),
        "compiled": compiled,
        "python": sys.version.split()[0],
        "python_full": sys.version,
        "implementation": sys.implementation.name,
        "executable": sys.executable,
        "pid": os.getpid(),
        "workloads": list(table),
        "titles": {key: w.title for key, w in table.items()},
        "units": {key: w.unit for key, w in table.items()},
    }
    print(json.dumps(hello), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        cmd = request["cmd"]
        try:
            if cmd == "quit":
                break
            if cmd == "prepare":
                workload = table[request["workload"]]
                reply = prepare(workload, float(request["budget"]), float(request["warmup"]))
            elif cmd == "time":
                reply = time_run(table[request["workload"]], int(request["count"]))
            elif cmd == "memory":
                reply = (
                    {}
                    if module is None or impl == "httptools"
                    else wl.measure_memory(module, request["count"])
                )
            else:
                reply = {"error": f"unknown command {cmd!r}"}
        except Exception:
            reply = {"error": traceback.format_exc()}
        print(json.dumps(reply), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
