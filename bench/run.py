"""Run the benchmark suite: this checkout against h11 0.16.0, h11-mypyc and httptools.

Usage (see bench/README.md)::

    python3 bench/run.py                    # full run, table on stdout
    python3 bench/run.py --quick            # a couple of short rounds (CI: it must not rot)
    python3 bench/run.py --write-results    # full run, rewrite bench/README.md's table + plot

It makes (once, then reuses) one virtual environment per implementation under
``bench/.venvs/<implementation>-<version>/`` (e.g. ``cpython-3.11.7``), all from the same base
interpreter (CPython 3.11 unless ``--python`` says otherwise): ``ours`` (empty; the worker
imports ``h11`` from this checkout's ``src/``), ``upstream`` (``h11==0.16.0``), ``mypyc``
(``h11-mypyc``), ``httptools``, and, only for ``--write-results``, ``tools`` (the project's
``bench`` extra: matplotlib, for the plot).

Each implementation runs in its own worker process (``worker.py``). For every round and every
workload the runner has each worker verify and warm up, then asks them in turn for a slice of
timed operations (ours, upstream, mypyc, httptools, ours, upstream, ...), so what disturbs the
machine hits everyone alike; a rate is the median over rounds, and a ratio is the median over
rounds of that round's ratio.

This script uses only the standard library and runs on any CPython >= 3.10; POSIX only.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
VENVS_DIR = BENCH_DIR / ".venvs"
README = BENCH_DIR / "README.md"
PLOT = BENCH_DIR / "ratios.png"
RESULTS_BEGIN = "<!-- bench-results:begin -->"
RESULTS_END = "<!-- bench-results:end -->"

UPSTREAM_REQUIREMENT = "h11==0.16.0"
MYPYC_REQUIREMENT = "h11-mypyc==0.17.0"
HTTPTOOLS_REQUIREMENT = "httptools==0.9.0"

# The speed targets (bench/README.md): medians of ours/upstream on CPython 3.11; ours ahead
# of h11-mypyc on some.
TARGETS = {
    "a": 4.0,
    "b": 4.0,
    "c": 4.0,
    "d": 3.0,
    "e": 1.5,
    "f": 2.0,
    "g": 3.0,
    "h": 4.0,
    "i": 2.0,
    "j": 6.0,
    "k": 4.0,
    "l": 4.0,
}
MUST_BEAT_MYPYC = {"a": 1.0, "b": 1.0, "c": 1.0, "g": 1.0, "h": 1.0, "j": 2.0}
LINEARITY_LIMIT = 4.5  # time(f4) / time(f) for ours
WORKLOAD_ORDER = ("a", "b", "c", "d", "e", "f", "f4", "g", "h", "i", "j", "k", "l")
# The reference sketch of workload j (workloads.py): not an implementation, never in a ratio
# column; the results state how much longer ours takes than it.
SKETCH = "sketch"


@dataclass(frozen=True)
class Impl:
    """An implementation under test and how its virtual environment is made."""

    name: str
    requirements: tuple[str, ...]
    required: bool  # if it cannot be installed: fail (True) or skip with a message (False)


IMPLS = (
    Impl("ours", (), True),
    Impl("upstream", (UPSTREAM_REQUIREMENT,), True),
    Impl("mypyc", (MYPYC_REQUIREMENT,), False),
    Impl("httptools", (HTTPTOOLS_REQUIREMENT,), False),
    Impl(SKETCH, (), False),  # runs in ours' venv (empty) and imports no HTTP module
)
IMPL_NAMES = tuple(impl.name for impl in IMPLS)


@dataclass(frozen=True)
class Mode:
    rounds: int
    budget: float  # seconds of timed operations per (round, workload, implementation)
    slices: int  # the budget is cut into this many timings, interleaved A B C A B C ...
    memory_count: int  # connections per memory measurement
    memory_repeats: int


# Many short rounds, each cut into slices interleaved across the implementations, rather than a
# few long timings: this machine's speed wanders by tens of percent within a second (shared
# host), and the implementations compared in one round are timed within ~0.1 s of each other.
FULL = Mode(rounds=21, budget=0.15, slices=3, memory_count=1000, memory_repeats=3)
QUICK = Mode(rounds=2, budget=0.02, slices=2, memory_count=200, memory_repeats=1)


class BenchError(Exception):
    """Something went wrong that makes the run meaningless (reported, exit status 1)."""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- Interpreter and virtual environments ------------------------------------------------------


def find_python(spec: str) -> Path:
    """The interpreter for ``--python``: a path, or X.Y (pyenv's newest X.Y.*, then pythonX.Y)."""
    if os.sep in spec:
        path = Path(spec)
        if not path.exists():
            raise BenchError(f"--python {spec}: no such file")
        return path
    if not re.fullmatch(r"\d+\.\d+", spec):
        raise BenchError(f"--python {spec!r}: give X.Y (e.g. 3.11) or a path to an interpreter")
    candidates: list[Path] = []
    pyenv = shutil.which("pyenv")
    if pyenv:
        root = subprocess.run([pyenv, "root"], capture_output=True, text=True, check=False)
        versions = Path(root.stdout.strip()) / "versions"
        if root.returncode == 0 and versions.is_dir():
            found = [
                v for v in versions.glob(f"{spec}.*") if re.fullmatch(r"\d+\.\d+\.\d+", v.name)
            ]
            found.sort(key=lambda v: tuple(int(x) for x in v.name.split(".")), reverse=True)
            candidates += [v / "bin" / f"python{spec}" for v in found]
    on_path = shutil.which(f"python{spec}")
    if on_path:
        candidates.append(Path(on_path))
    for candidate in candidates:
        info = probe_python(candidate)
        if info and info["version"].startswith(f"{spec}."):
            return candidate
    raise BenchError(f"CPython {spec} not found (looked in $(pyenv root)/versions and on PATH)")


def probe_python(python: Path) -> dict[str, str] | None:
    """Implementation name and version of ``python``, or None if it does not run."""
    code = "import sys, platform; print(sys.implementation.name, platform.python_version())"
    try:
        out = subprocess.run(
            [str(python), "-I", "-c", code],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except OSError:
        return None
    if out.returncode != 0:
        return None
    name, version = out.stdout.split()
    return {"implementation": name, "version": version}


def pip_can_target(python: Path) -> bool:
    """Whether ``python -m pip`` exists and knows ``--python`` (pip >= 22.3)."""
    done = subprocess.run(
        [str(python), "-m", "pip", "--version"], capture_output=True, text=True, check=False
    )
    found = re.match(r"pip (\d+)\.(\d+)", done.stdout)
    return done.returncode == 0 and found is not None and (int(found[1]), int(found[2])) >= (22, 3)


def venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def ensure_venv(base: Path, venv: Path, requirements: Sequence[str]) -> Path:
    """Create ``venv`` from ``base`` with ``requirements`` unless an identical one exists.

    A venv is reused when its marker file records the same base interpreter and
    requirements; otherwise it is deleted and made again. Raises ``BenchError`` with pip's
    output if the installation fails.
    """
    marker = venv / "bench-venv.json"
    wanted = {"base": str(base), "requirements": list(requirements)}
    python = venv_python(venv)
    if marker.exists() and python.exists():
        try:
            if json.loads(marker.read_text()) == wanted:
                return python
        except ValueError:
            pass
    if venv.exists():
        shutil.rmtree(venv)
    what = " ".join(requirements) or "(nothing: imports h11 from src/)"
    log(f"[venv] {venv.relative_to(REPO)}: {what}")
    started = time.perf_counter()
    # Seeding every venv with its own pip (ensurepip) is the slow part; when the base
    # interpreter's pip can install into another environment (--python, pip >= 22.3), use it.
    remote_pip = bool(requirements) and pip_can_target(base)
    make = [str(base), "-m", "venv"]
    if remote_pip or not requirements:
        make.append("--without-pip")
    commands = [[*make, str(venv)]]
    if requirements:
        pip = (
            [str(base), "-m", "pip", "--python", str(python)]
            if remote_pip
            else [str(python), "-m", "pip"]
        )
        commands.append([*pip, "install", "-q", "--disable-pip-version-check", *requirements])
    for command in commands:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            shutil.rmtree(venv, ignore_errors=True)
            output = (done.stdout + done.stderr).strip()
            raise BenchError(f"`{' '.join(command)}` failed:\n{output}")
    marker.write_text(json.dumps(wanted))
    log(f"[venv] ready in {time.perf_counter() - started:.1f} s")
    return python


# --- Workers ------------------------------------------------------------------------------------


class Worker:
    """A worker process for one implementation, spoken to in JSON lines."""

    def __init__(self, impl: Impl, python: Path) -> None:
        self.impl = impl
        self.process = subprocess.Popen(
            [str(python), "-I", str(BENCH_DIR / "worker.py"), impl.name, str(REPO)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        self.hello: dict[str, Any] = self._reply(timeout=120)

    def _reply(self, timeout: float) -> dict[str, Any]:
        stdout = self.process.stdout
        assert stdout is not None
        ready, _, _ = select.select([stdout], [], [], timeout)
        if not ready:
            self.close()
            raise BenchError(f"{self.impl.name}: worker gave no answer within {timeout:.0f} s")
        line = stdout.readline()
        if not line:
            code = self.process.wait()
            raise BenchError(f"{self.impl.name}: worker exited (status {code}); see stderr")
        reply: dict[str, Any] = json.loads(line)
        if "error" in reply:
            raise BenchError(f"{self.impl.name}: {reply['error']}")
        return reply

    def request(self, timeout: float, **command: Any) -> dict[str, Any]:
        stdin = self.process.stdin
        assert stdin is not None
        stdin.write(json.dumps(command) + "\n")
        stdin.flush()
        return self._reply(timeout)

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                assert self.process.stdin is not None
                self.process.stdin.write(json.dumps({"cmd": "quit"}) + "\n")
                self.process.stdin.close()
                self.process.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait()


def check_identity(worker: Worker, python_version: str) -> None:
    """Make sure each worker runs what it claims, on the chosen Python."""
    hello = worker.hello
    name = worker.impl.name
    if hello["python"] != python_version:
        raise BenchError(f"{name}: runs Python {hello['python']}, expected {python_version}")
    if name == "ours" and not Path(hello["file"]).is_relative_to(REPO / "src"):
        raise BenchError(f"ours: imported h11 from {hello['file']}, not from {REPO / 'src'}")
    if name == "upstream" and hello["version"] != "0.16.0":
        raise BenchError(f"upstream: h11 {hello['version']} imported, expected 0.16.0")
    if name == "mypyc" and not hello["compiled"]:
        log("warning: h11_mypyc is not compiled (no extension module found); it is still run")


# --- Measurements -------------------------------------------------------------------------------


@dataclass
class Results:
    """Everything measured; ``to_json`` gives what ``--json`` saves and plot.py reads."""

    mode: str
    rounds: int
    budget: float
    slices: int
    workloads: list[str]
    titles: dict[str, str] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    # rates[workload][impl] = one rate per round
    rates: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    memory: dict[str, dict[str, float]] = field(default_factory=dict)
    impls: dict[str, dict[str, Any]] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    machine: dict[str, Any] = field(default_factory=dict)
    cpu_shares: list[float] = field(default_factory=list)  # one per timed slice
    seconds: float = 0.0

    def median_rate(self, workload: str, impl: str) -> float | None:
        values = self.rates[workload].get(impl)
        return statistics.median(values) if values else None

    def ratios(self, workload: str, impl: str, other: str) -> list[float]:
        """Per-round ratios rate(impl) / rate(other)."""
        mine = self.rates[workload].get(impl) or []
        theirs = self.rates[workload].get(other) or []
        return [a / b for a, b in zip(mine, theirs, strict=False)]

    def ratio(self, workload: str, impl: str, other: str) -> float | None:
        values = self.ratios(workload, impl, other)
        return statistics.median(values) if values else None

    def linearity(self, impl: str) -> float | None:
        """Median over rounds of time(f4) / time(f) = rate(f) / rate(f4)."""
        one = self.rates.get("f", {}).get(impl) or []
        four = self.rates.get("f4", {}).get(impl) or []
        values = [a / b for a, b in zip(one, four, strict=False)]
        return statistics.median(values) if values else None

    def to_json(self) -> dict[str, Any]:
        workloads: dict[str, Any] = {}
        for key in self.workloads:
            entry: dict[str, Any] = {
                "title": self.titles[key],
                "unit": self.units[key],
                "rates": self.rates[key],
                "median": {impl: self.median_rate(key, impl) for impl in self.rates[key]},
                "ours/upstream": self.ratio(key, "ours", "upstream"),
                "ours/mypyc": self.ratio(key, "ours", "mypyc"),
                "target": TARGETS.get(key),
                "must_beat_mypyc": MUST_BEAT_MYPYC.get(key),
            }
            workloads[key] = entry
        linearity = {
            impl: self.linearity(impl)
            for impl in ("ours", "upstream", "mypyc")
            if impl in self.impls
        }
        return {
            "mode": self.mode,
            "rounds": self.rounds,
            "budget_seconds": self.budget,
            "slices": self.slices,
            "seconds": self.seconds,
            "machine": self.machine,
            "implementations": self.impls,
            "skipped": self.skipped,
            "workloads": workloads,
            "memory": self.memory,
            "linearity": linearity,
            "linearity_limit": LINEARITY_LIMIT,
            "cpu_share": self.cpu_share_summary(),
        }

    def cpu_share_summary(self) -> dict[str, float]:
        """How much of the timed wall time the workers were on a CPU (1.0: never preempted)."""
        shares = sorted(self.cpu_shares) or [float("nan")]
        return {
            "median": statistics.median(shares),
            "p10": shares[len(shares) // 10],
            "slices_below_0.9": sum(s < 0.9 for s in shares) / len(shares),
        }


def machine_info() -> dict[str, Any]:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "system": f"{platform.system()} {platform.release()} {platform.machine()}",
        "load_at_start": os.getloadavg()[0],
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "source": source_state(),
    }


def source_state() -> str:
    """Which code "ours" is: the commit, and whether src/ differs from it (read-only git)."""

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", "-C", str(REPO), *args], capture_output=True, text=True, check=False
        )
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD")
    if not commit:
        return "not a git checkout"
    dirty = git("status", "--porcelain", "--", "src")
    return f"commit {commit}" + (" + uncommitted changes in src/" if dirty else "")


def measure(workers: dict[str, Worker], mode: Mode, only: list[str], quick: bool) -> Results:
    """The interleaved rounds, then memory."""
    kind = "quick" if quick else "full"
    results = Results(kind, mode.rounds, mode.budget, mode.slices, only)
    results.machine = machine_info()
    hello = workers["ours"].hello
    results.titles = {key: hello["titles"][key] for key in only}
    results.units = {key: hello["units"][key] for key in only}
    timeout = mode.budget * 50 + 120
    for key in only:
        results.rates[key] = {}
    slice_budget = mode.budget / mode.slices
    warmup = mode.budget / 10
    # One untimed pass first: verifies every workload everywhere and warms the workers up.
    for key in only:
        for worker in workers.values():
            if key in worker.hello["workloads"]:
                worker.request(timeout, cmd="prepare", workload=key, budget=0, warmup=warmup)
    for round_number in range(1, mode.rounds + 1):
        started = time.perf_counter()
        for key in only:
            running = {n: w for n, w in workers.items() if key in w.hello["workloads"]}
            counts = {
                name: worker.request(
                    timeout, cmd="prepare", workload=key, budget=slice_budget, warmup=warmup
                )["count"]
                for name, worker in running.items()
            }
            units = dict.fromkeys(running, 0.0)  # requests or MB processed
            seconds = dict.fromkeys(running, 0.0)
            for _ in range(mode.slices):
                for name, worker in running.items():
                    reply = worker.request(timeout, cmd="time", workload=key, count=counts[name])
                    units[name] += reply["rate"] * reply["seconds"]
                    seconds[name] += reply["seconds"]
                    results.cpu_shares.append(reply["cpu_share"])
            for name in running:
                results.rates[key].setdefault(name, []).append(units[name] / seconds[name])
        log(f"round {round_number}/{mode.rounds} done in {time.perf_counter() - started:.1f} s")
    for name, worker in workers.items():
        if name in ("httptools", SKETCH):
            continue
        samples = [
            worker.request(timeout, cmd="memory", count=mode.memory_count)
            for _ in range(mode.memory_repeats)
        ]
        results.memory[name] = {
            label: statistics.median(sample[label] for sample in samples) for label in samples[0]
        }
    return results


# --- Reporting ----------------------------------------------------------------------------------


def fmt_rate(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    return f"{value:,.0f}" if unit != "MB/s" or value >= 100 else f"{value:,.1f}"


def fmt_ratio(values: list[float]) -> str:
    if not values:
        return "n/a"
    return f"{statistics.median(values):.2f}"


def fmt_range(values: list[float]) -> str:
    return f"{min(values):.2f}-{max(values):.2f}" if values else ""


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("yes" if ok else "NO")


def rate_table(results: Results) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the rates/ratios table (text and markdown share it)."""
    header = [
        "",
        "unit",
        "ours",
        "upstream",
        "mypyc",
        "httptools",
        "sketch",
        "ours/up",
        "(range)",
        "target",
        "met",
        "ours/mypyc",
        "(range)",
        "vs mypyc",
        "met",
    ]
    rows = []
    for key in results.workloads:
        unit = results.units[key]
        up = results.ratios(key, "ours", "upstream")
        my = results.ratios(key, "ours", "mypyc")
        target = TARGETS.get(key)
        met = None if target is None or not up else statistics.median(up) >= target
        beat: bool | None = None
        factor = MUST_BEAT_MYPYC.get(key)
        if factor is not None and my:
            beat = (
                statistics.median(my) > factor
                if factor == 1.0
                else statistics.median(my) >= factor
            )
        rows.append(
            [
                key,
                unit,
                *(fmt_rate(results.median_rate(key, impl), unit) for impl in IMPL_NAMES),
                fmt_ratio(up),
                fmt_range(up),
                f">= {target:g}x" if target is not None else "-",
                verdict(met) if target is not None else "-",
                fmt_ratio(my),
                fmt_range(my),
                mypyc_target(factor),
                verdict(beat) if factor is not None else "-",
            ]
        )
    return header, rows


def mypyc_target(factor: float | None) -> str:
    if factor is None:
        return "-"
    return "> 1x" if factor == 1.0 else f">= {factor:g}x"


def sketch_note(results: Results) -> str | None:
    """The closing note on workload j against the reference sketch, if both ran."""
    sketch = results.median_rate("j", SKETCH) if "j" in results.rates else None
    ours = results.median_rate("j", "ours") if sketch else None
    if not sketch or not ours:
        return None
    slower = results.ratio("j", SKETCH, "ours")
    return (
        f"Reference for j: the sketch in workloads.py (the same parsing, checks and response "
        f"bytes written straight from bytes to bytes, without events or a state machine; not a "
        f"parser, in no ratio above) runs {sketch:,.0f} cycles/s ({1e6 / sketch:.1f} us each); "
        f"ours runs {ours:,.0f} ({1e6 / ours:.1f} us), {slower:.2f} times as long per cycle "
        f"(median of the per-round ratios)."
    )


def memory_table(results: Results) -> tuple[list[str], list[list[str]]]:
    header = ["bytes per Connection", "ours", "upstream", "mypyc", "ours/up", "target", "met"]
    rows = []
    labels = {"idle": "idle", "head_16k": "holding a 16 KiB incomplete head"}
    for label, text in labels.items():
        values = {impl: results.memory.get(impl, {}).get(label) for impl in IMPL_NAMES[:3]}
        ours, up = values["ours"], values["upstream"]
        ratio = ours / up if ours is not None and up else None
        rows.append(
            [
                text,
                *(f"{v:,.0f}" if v is not None else "n/a" for v in values.values()),
                f"{ratio:.3f}" if ratio is not None else "n/a",
                "<= 1",
                verdict(None if ratio is None else ratio <= 1.0),
            ]
        )
    return header, rows


def linearity_table(results: Results) -> tuple[list[str], list[list[str]]]:
    header = [
        "time(4x head) / time(1x head), bytewise",
        "ours",
        "upstream",
        "mypyc",
        "target",
        "met",
    ]
    values = [results.linearity(impl) for impl in IMPL_NAMES[:3]]
    ours = values[0]
    return header, [
        [
            "f4 / f",
            *(f"{v:.2f}" if v is not None else "n/a" for v in values),
            f"<= {LINEARITY_LIMIT}",
            verdict(None if ours is None else ours <= LINEARITY_LIMIT),
        ]
    ]


def render_text(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def render_markdown(header: list[str], rows: list[list[str]], left: int = 1) -> str:
    """A markdown table; the first ``left`` columns are left-aligned, the rest right-aligned."""

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    align = ["---"] * left + ["---:"] * (len(header) - left)
    return "\n".join([line(header), "|" + "|".join(align) + "|", *(line(r) for r in rows)])


def python_name(implementation: str) -> str:
    """``sys.implementation.name`` as people write it."""
    return {"cpython": "CPython", "pypy": "PyPy"}.get(implementation, implementation)


def describe(results: Results) -> list[str]:
    """Sentences on what was measured where (shared by stdout and the README)."""
    machine = results.machine
    cpu = results.cpu_share_summary()
    impls = results.impls
    ours = impls.get("ours", {})
    names = []
    for name in IMPL_NAMES:
        info = impls.get(name)
        if info and name == SKETCH:
            names.append(f"{name} = the reference sketch of workload j (workloads.py)")
        elif info:
            extra = ", compiled" if info["compiled"] else ""
            where = f"src/ at {machine['source']}" if name == "ours" else "PyPI"
            names.append(f"{name} = {info['module']} {info['version']} ({where}{extra})")
    lines = [
        f"{machine['date']}; {machine['cpu']}, {machine['cores']} cores, {machine['system']}; "
        f"load average {machine['load_at_start']:.2f} at start, "
        f"{machine['load_at_end']:.2f} at end; the workers were on a CPU for "
        f"{cpu['median']:.1%} of the timed wall time (median over timings; "
        f"{cpu['slices_below_0.9']:.0%} of timings below 90%).",
        f"{python_name(ours.get('implementation', '?'))} {ours.get('python', '?')} for every "
        f"implementation (each in its own process); {results.rounds} rounds; in each, per "
        f"workload, {results.budget:g} s of timed operations per implementation in "
        f"{results.slices} slices interleaved across implementations (A B C A B C ...); rates "
        "are medians over rounds, ratios medians of the per-round ratios (range: min-max over "
        f"rounds); run took {results.seconds:.0f} s.",
        "; ".join(names) + ".",
    ]
    lines += [f"{name} skipped: {why}" for name, why in results.skipped.items()]
    return lines


def report_text(results: Results) -> str:
    parts = [
        *describe(results),
        "",
        render_text(*rate_table(results)),
        "",
        *(f"  {key}: {results.titles[key]}" for key in results.workloads),
    ]
    note = sketch_note(results)
    if note:
        parts += ["", note]
    if results.memory:
        parts += ["", render_text(*memory_table(results))]
    if "f" in results.rates and "f4" in results.rates:
        parts += ["", render_text(*linearity_table(results))]
    return "\n".join(parts)


def report_markdown(results: Results) -> str:
    header, rows = rate_table(results)
    header = ["", "workload", *header[1:]]
    rows = [[row[0], results.titles[row[0]], *row[1:]] for row in rows]
    parts = [
        RESULTS_BEGIN,
        "",
        "_Written by `python3 bench/run.py --write-results`; do not edit by hand._",
        "",
        *(f"- {line}" for line in describe(results)),
        "",
        render_markdown(header, rows, left=2),
        "",
        *([sketch_note(results) or "", ""] if sketch_note(results) else []),
        "Memory: peak tracemalloc bytes per connection "
        f"({results.machine['memory_count']} server connections, median of "
        f"{results.machine['memory_repeats']}):",
        "",
        render_markdown(*memory_table(results)),
        "",
        "Linearity of f (the realistic GET fed one byte at a time, head padded to 4x):",
        "",
        render_markdown(*linearity_table(results)),
        "",
        RESULTS_END,
    ]
    return "\n".join(parts)


def write_results(results: Results, base: Path, venv_root: Path) -> None:
    """Rewrite bench/README.md's results section and draw bench/ratios.png."""
    text = README.read_text()
    pattern = re.compile(re.escape(RESULTS_BEGIN) + ".*?" + re.escape(RESULTS_END), re.DOTALL)
    if not pattern.search(text):
        raise BenchError(f"{README}: markers {RESULTS_BEGIN} ... {RESULTS_END} not found")
    tools = ensure_venv(base, venv_root / "tools", ["-e", f"{REPO}[bench]"])
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "results.json"
        data.write_text(json.dumps(results.to_json()))
        subprocess.run(
            [str(tools), "-I", str(BENCH_DIR / "plot.py"), str(data), str(PLOT)], check=True
        )
    README.write_text(pattern.sub(lambda _: report_markdown(results), text, count=1))
    log(f"wrote {README.relative_to(REPO)} and {PLOT.relative_to(REPO)}")


# --- Main ---------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="few short rounds (for CI)")
    parser.add_argument("--python", default="3.11", help="X.Y or a path (default: 3.11)")
    parser.add_argument(
        "--rounds", type=int, help=f"rounds (default: {FULL.rounds}; quick: {QUICK.rounds})"
    )
    parser.add_argument(
        "--budget", type=float, help=f"seconds per timing (default: {FULL.budget})"
    )
    parser.add_argument(
        "--only", help=f"comma-separated workloads (default: all of {','.join(WORKLOAD_ORDER)})"
    )
    parser.add_argument(
        "--impls", help=f"comma-separated implementations (default: {','.join(IMPL_NAMES)})"
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="save the results as JSON")
    parser.add_argument(
        "--write-results",
        action="store_true",
        help="rewrite bench/README.md's results section and bench/ratios.png",
    )
    args = parser.parse_args(argv)
    if args.write_results and (args.quick or args.only or args.impls):
        parser.error("--write-results needs a full run: no --quick, --only or --impls")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    base_mode = QUICK if args.quick else FULL
    mode = Mode(
        rounds=args.rounds or base_mode.rounds,
        budget=args.budget or base_mode.budget,
        slices=base_mode.slices,
        memory_count=base_mode.memory_count,
        memory_repeats=base_mode.memory_repeats,
    )
    only = args.only.split(",") if args.only else list(WORKLOAD_ORDER)
    unknown = sorted(set(only) - set(WORKLOAD_ORDER))
    wanted = args.impls.split(",") if args.impls else list(IMPL_NAMES)
    unknown += sorted(set(wanted) - set(IMPL_NAMES))
    if unknown:
        raise BenchError(f"unknown workload or implementation: {', '.join(unknown)}")
    if "f" in only and "f4" not in only:
        only.append("f4")  # the linearity check needs both

    base = find_python(args.python)
    info = probe_python(base)
    if info is None:
        raise BenchError(f"{base} does not run")
    venv_root = VENVS_DIR / f"{info['implementation']}-{info['version']}"
    log(f"Python: {base} ({info['implementation']} {info['version']}); venvs in {venv_root}")

    workers: dict[str, Worker] = {}
    skipped: dict[str, str] = {}
    try:
        for impl in IMPLS:
            if impl.name not in wanted:
                continue
            try:
                venv = venv_root / ("ours" if impl.name == SKETCH else impl.name)
                python = ensure_venv(base, venv, impl.requirements)
            except BenchError as exc:
                if impl.required:
                    raise
                reason = f"cannot install {' '.join(impl.requirements)}: {exc}"
                log(f"SKIPPING {impl.name}: {reason}")
                skipped[impl.name] = f"cannot install {' '.join(impl.requirements)}"
                continue
            worker = Worker(impl, python)
            workers[impl.name] = worker
            check_identity(worker, info["version"])
        if "ours" not in workers:
            raise BenchError("--impls must include ours")
        results = measure(workers, mode, only, args.quick)
    finally:
        for worker in workers.values():
            worker.close()

    results.skipped = skipped
    results.impls = {name: worker.hello for name, worker in workers.items()}
    results.machine["load_at_end"] = os.getloadavg()[0]
    results.machine["memory_count"] = mode.memory_count
    results.machine["memory_repeats"] = mode.memory_repeats
    results.seconds = time.perf_counter() - started
    print(report_text(results))
    if args.json:
        args.json.write_text(json.dumps(results.to_json(), indent=2) + "\n")
        log(f"saved {args.json}")
    if args.write_results:
        write_results(results, base, venv_root)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        print(f"\nBENCH FAILED: {error}", file=sys.stderr)
        sys.exit(1)
