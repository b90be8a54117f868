"""Fuzz without atheris: seeded random mutation of the seed inputs, bounded in time.

``python fuzz/fallback.py receive|send SEEDS_DIR --seconds 30 [--seed N]``. Not coverage-
guided (use ``fuzz/fuzz_targets.py`` where atheris installs); it runs the same targets so a
machine without atheris still exercises them. A failing input is written to
``crash-fallback-<target>`` in the current directory and the exception is re-raised.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness

TOKENS = [b"\r\n", b"\n", b"\r", b" ", b"\t", b"\x00", b":", b";", b"0", b"chunked", b"\r\n\r\n"]


def mutate(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randrange(1, 5)):
        where = rng.randrange(len(out) + 1)
        op = rng.randrange(4)
        if op == 0 and out:
            out[min(where, len(out) - 1)] = rng.randrange(256)
        elif op == 1:
            out[where:where] = rng.choice(TOKENS)
        elif op == 2:
            del out[where : where + rng.randrange(1, 8)]
        else:
            out[where:where] = out[where : where + rng.randrange(1, 32)]
    return bytes(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", choices=["receive", "send"])
    parser.add_argument("seeds", type=Path)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    target = {"receive": harness.check_receive, "send": harness.check_send}[args.target]
    seeds = [path.read_bytes() for path in sorted(args.seeds.iterdir())]
    rng = random.Random(args.seed)
    deadline = time.monotonic() + args.seconds
    runs = 0
    while time.monotonic() < deadline:
        data = mutate(rng, rng.choice(seeds)) if runs >= len(seeds) else seeds[runs]
        try:
            target(data)
        except BaseException:
            Path(f"crash-fallback-{args.target}").write_bytes(data)
            raise
        runs += 1
    print(f"fallback {args.target}: {runs:,} inputs in {args.seconds:.0f}s, no finding")
    return 0


if __name__ == "__main__":
    sys.exit(main())
