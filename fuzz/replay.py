"""Replay fuzz inputs without atheris: ``python fuzz/replay.py receive|send FILE...``.

Prints the decoded input and re-raises whatever the target raises.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness


def main() -> None:
    target = {"receive": harness.check_receive, "send": harness.check_send}[sys.argv[1]]
    for name in sys.argv[2:]:
        data = Path(name).read_bytes()
        if sys.argv[1] == "receive":
            print(name, harness.decode_receive(data))
        else:
            print(name, data)
        target(data)
        print("ok")


if __name__ == "__main__":
    main()
