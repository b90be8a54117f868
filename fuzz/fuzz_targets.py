"""atheris (libFuzzer) entry point: ``python fuzz/fuzz_targets.py receive|send [libFuzzer args]``.

Coverage-guided: h11 is imported under ``atheris.instrument_imports()``. The first argument
names the target (``harness.check_receive`` or ``harness.check_send``); everything after it
goes to libFuzzer (``-runs=N``, ``-max_total_time=S``, a corpus directory, ``-seed=N``...).
Any exception other than the ones a target allows is a finding: libFuzzer writes the input
to ``crash-<sha1>`` (replay it with ``python fuzz/replay.py <target> <file>``).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

atheris = importlib.import_module("atheris")

sys.path.insert(0, str(Path(__file__).resolve().parent))

with atheris.instrument_imports(include=["h11"]):
    import h11  # noqa: F401

import harness  # noqa: E402

TARGETS = {"receive": harness.check_receive, "send": harness.check_send}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: {sys.argv[0]} receive|send [libFuzzer options] [corpus dirs]")
    target = TARGETS[sys.argv[1]]
    atheris.Setup([sys.argv[0], *sys.argv[2:]], target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
