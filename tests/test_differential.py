"""A small, fast run of ``scripts/differential.py`` (docs/differential-testing.md).

Compares our parser with llhttp (httptools) and upstream h11 0.16.0 over the wire corpus and
2,000 generated/mutated inputs, and checks the rule: wherever we accept a message, no strict
peer that also accepts it sees different boundaries or body bytes. The peers run in another
virtual environment whose Python ``$H11_DIFF_PEER_PYTHON`` names. The tests are marked
``peers``: without that variable they are deselected (see ``conftest.py``); ``.ci/run
hostile`` makes the venv and runs them (``-m peers``), and there a missing venv fails them.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

import pytest

import h11

ROOT = Path(__file__).resolve().parent.parent
# (Only collected when the variable is set: see conftest.py.)
PEER_PYTHON = Path(os.environ.get("H11_DIFF_PEER_PYTHON", "H11_DIFF_PEER_PYTHON is not set"))

pytestmark = pytest.mark.peers


@pytest.fixture(autouse=True)
def _peer_python_exists() -> None:
    assert PEER_PYTHON.exists(), f"no httptools/h11 0.16 venv at {PEER_PYTHON}"


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "differential", ROOT / "scripts" / "differential.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_peer_that_also_accepts_reads_other_boundaries_or_bodies() -> None:
    differential = load_script()
    corpus = differential.corpus_inputs()
    inputs = corpus + list(differential.make_inputs(2_000, 11, corpus))
    ours = [differential.run_h11(h11, role, wire) for role, wire in inputs]
    peers = differential.run_peers(inputs, PEER_PYTHON)
    assert set(peers) == {"llhttp", "h11 0.16"}
    tables = differential.compare(inputs, ours, peers)
    violations = {
        label: entry["example"]
        for table in tables.values()
        for label, entry in table.items()
        if differential.is_violation(label)
    }
    assert violations == {}
    # Every class where we are looser than llhttp has its justification.
    unexplained = [
        label
        for label in tables["llhttp"]
        if label.startswith("we accept") and not differential.justify(label)
    ]
    assert unexplained == []


def test_te_with_a_tab_after_the_value_is_refused_as_llhttp_reads_it_otherwise() -> None:
    # llhttp keeps a trailing HTAB in Transfer-Encoding and reads such a response until the
    # connection closes, where RFC 9110 §5.5 makes it "chunked": two readings of one
    # message, so we refuse it. If llhttp changes, the refusal may be reconsidered.
    differential = load_script()
    wire = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\t\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
    ours = differential.run_h11(h11, "client", wire)
    assert ours[0] == []
    assert ours[1].startswith("error")
    peers = differential.run_peers([("client", wire)], PEER_PYTHON)
    assert peers["llhttp"] == [([], "incomplete")]
