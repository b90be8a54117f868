"""Draw bench/ratios.png from the JSON that ``run.py --json`` writes.

Usage: ``python bench/plot.py RESULTS.json OUT.png``; ``run.py --write-results`` runs it in
``bench/.venvs/<python>/tools``, which has the project's ``bench`` extra (matplotlib).

One group of bars per workload: ours/upstream (with the project's target as a tick) and
ours/h11-mypyc, both as medians over rounds, on a log scale with a line at 1x.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # after use(): the backend must be chosen first
import matplotlib.ticker

SHORT_NAMES = {
    "a": "parse GET",
    "b": "server cycle",
    "c": "client parse",
    "d": "chunked 1 MiB",
    "e": "CL 16 MiB",
    "f": "GET bytewise",
    "g": "100 pipelined",
    "h": "100 headers",
    "i": "send POST",
    "j": "keep-alive cycle",
    "k": "distinct GETs",
    "l": "unique GETs",
}
PYTHON_NAMES = {"cpython": "CPython", "pypy": "PyPy"}
TICKS = [0.1, 0.2, 0.3, 0.5, 1, 2, 3, 4, 5, 10, 20, 30, 50, 100]


def plot(results: dict[str, Any], out: Path) -> None:
    workloads: dict[str, Any] = results["workloads"]
    keys = [key for key in workloads if key != "f4"]
    ours = results["implementations"]["ours"]
    series = [
        ("ours / h11 0.16.0", "ours/upstream", "#1f77b4"),
        ("ours / h11-mypyc (compiled)", "ours/mypyc", "#ff7f0e"),
    ]
    width = 0.38
    fig, ax = plt.subplots(figsize=(10, 4.8), dpi=110)
    for i, (label, field, color) in enumerate(series):
        ratios: list[float | None] = [workloads[key][field] for key in keys]
        if all(r is None for r in ratios):
            continue  # e.g. h11-mypyc could not be installed
        xs = [k + (i - 0.5) * width for k in range(len(keys))]
        values = [float("nan") if r is None else r for r in ratios]
        bars = ax.bar(xs, values, width, label=label, color=color)
        texts = ["n/a" if r is None else f"{r:.1f}x" for r in ratios]
        ax.bar_label(bars, labels=texts, fontsize=7, padding=1)
    for k, key in enumerate(keys):
        target = workloads[key]["target"]
        if target:
            x = k - 0.5 * width
            ax.hlines(target, x - width / 2, x + width / 2, colors="black", linewidth=2)
    ax.plot([], [], color="black", linewidth=2, label="target (ours / 0.16.0)")
    ax.axhline(1.0, color="grey", linewidth=1, linestyle="--")
    ax.set_yscale("log")
    ax.set_xticks(range(len(keys)))
    ax.set_xticklabels([f"{key}\n{SHORT_NAMES.get(key, '')}" for key in keys], fontsize=8)
    ax.set_xlabel("workload (bench/README.md describes each)")
    ax.set_ylabel("speed ratio (higher is faster)")
    ax.set_title(
        f"h11 (this checkout) vs h11 0.16.0 and h11-mypyc, "
        f"{PYTHON_NAMES.get(ours['implementation'], ours['implementation'])} {ours['python']}, "
        f"{results['machine']['date']}"
    )
    ax.yaxis.set_major_locator(matplotlib.ticker.FixedLocator(TICKS))
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:g}x"))
    ax.yaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(out)
    plt.close(fig)


def main() -> int:
    source, out = Path(sys.argv[1]), Path(sys.argv[2])
    plot(json.loads(source.read_text()), out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
