"""Write seed inputs for the fuzz targets: ``python fuzz/make_seeds.py DIR``.

``DIR/receive`` gets every wire-corpus case (``tests/corpus``) in three splits (whole,
bytewise, 7-byte pieces) with its role, limit, EOF flag and client request; ``DIR/send`` a
few hundred pseudo-random inputs (seeded).
"""

from __future__ import annotations

import hashlib
import importlib
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

import harness  # noqa: E402

ALL_CASES = importlib.import_module("corpus").ALL_CASES

REQUEST_INDEX = {(b"GET", ()): 0, (b"HEAD", ()): 1, (b"CONNECT", ()): 2}


def write(directory: Path, data: bytes) -> None:
    (directory / hashlib.sha1(data).hexdigest()).write_bytes(data)


def main() -> None:
    out = Path(sys.argv[1])
    (out / "receive").mkdir(parents=True, exist_ok=True)
    (out / "send").mkdir(parents=True, exist_ok=True)
    for case in ALL_CASES:
        limit = case.max_size if case.max_size is not None else 16384
        limit_index = harness.LIMITS.index(limit) if limit in harness.LIMITS else 0
        request_index = 3 if case.request_headers else REQUEST_INDEX.get((case.method, ()), 0)
        for sizes in ((), (1,), (7,)):
            write(
                out / "receive",
                harness.encode_receive(
                    case.role,
                    case.wire,
                    limit_index=limit_index,
                    eof=case.eof,
                    request_index=request_index,
                    sizes=sizes,
                ),
            )
    rng = random.Random(7)
    for _ in range(300):
        write(out / "send", bytes(rng.randrange(256) for _ in range(rng.randrange(8, 200))))


if __name__ == "__main__":
    main()
