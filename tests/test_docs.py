"""The documentation stays true to the code: diagrams drawn from the tables, every name documented.

The docs build itself (``scripts/docs``, run in CI) executes every example on the site; these
tests cover what a doctest cannot: that the state diagrams show every transition of
``h11._state`` and nothing else, that the rules the diagram generator states by hand are the
ones ``ConnectionState`` applies, and that the API reference documents every public name.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import h11
from h11 import _state
from h11._headers import Headers
from h11._state import (
    _SWITCH_UPGRADE,
    CLIENT,
    DONE,
    MIGHT_SWITCH_PROTOCOL,
    MUST_CLOSE,
    SEND_RESPONSE,
    SERVER,
    ConnectionState,
)
from helpers import load_source

DOCS = Path(__file__).resolve().parent.parent / "docs"


# The docs' Sphinx extensions (not a package), imported under private module names.
diagrams = load_source(DOCS / "_ext" / "h11_state_diagrams.py", "h11_docs_ext_state_diagrams")
bench_results = load_source(DOCS / "_ext" / "h11_bench_results.py", "h11_docs_ext_bench_results")
ROLES = {"client": CLIENT, "server": SERVER}


@pytest.mark.parametrize("role", ["client", "server"])
def test_diagram_has_one_solid_edge_per_event_transition(role: str) -> None:
    table = _state.EVENT_TRIGGERED_TRANSITIONS[ROLES[role]]
    expected = {
        (state.__name__, new_state.__name__)
        for state, transitions in table.items()
        for new_state in transitions.values()
    }
    edges = diagrams.event_edges(role)
    assert {(edge.source, edge.target) for edge in edges} == expected
    assert len(edges) == sum(len(transitions) for transitions in table.values())


@pytest.mark.parametrize("role", ["client", "server"])
def test_diagram_shows_every_joint_rule_of_the_role(role: str) -> None:
    me = ROLES[role]
    expected = set()
    for (client_state, server_state), moves in _state.STATE_TRIGGERED_TRANSITIONS.items():
        if me in moves:
            source = client_state if me is CLIENT else server_state
            expected.add((source.__name__, moves[me].__name__))
    table_edges = {
        (edge.source, edge.target)
        for edge in diagrams.state_edges(role)
        if not edge.label.startswith(("switch", "keep-alive"))
    }
    assert table_edges == expected


@pytest.mark.parametrize("role", ["client", "server"])
def test_dot_source_names_every_state_and_every_edge(role: str) -> None:
    dot = diagrams.dot_source(role)
    for state in _state.EVENT_TRIGGERED_TRANSITIONS[ROLES[role]]:
        assert re.search(rf"^  {state.__name__} \[", dot, re.MULTILINE)
    for edge in diagrams.event_edges(role):
        assert f"{edge.source} -> {edge.target} [label={diagrams._quote(edge.label)}" in dot
    assert dot.startswith(f"digraph h11_{role} {{")
    assert dot.endswith("}\n")


def test_edge_labels_name_the_switch_acceptances() -> None:
    labels = {edge.label for edge in diagrams.event_edges("server")}
    assert "client's Request" in labels
    assert "InformationalResponse 101\\n(accepts Upgrade)" in labels
    assert "Response 2xx\\n(accepts CONNECT)" in labels


def test_edge_label_names_the_abandoned_request_body() -> None:
    edges = [e for e in diagrams.event_edges("client") if e.source == "SEND_BODY"]
    assert (
        diagrams.Edge(
            "SEND_BODY", "CLOSED", "ConnectionClosed\\n(after the final\\nresponse began)", "event"
        )
        in edges
    )


def test_code_rules_match_what_connection_state_does() -> None:
    # Each hand-written rule of the generator, checked against the real machine.
    rules = set(diagrams.CODE_RULES)

    proposed = ConnectionState()
    proposed.states = {CLIENT: DONE, SERVER: SEND_RESPONSE}
    proposed.process_client_switch_proposal(_SWITCH_UPGRADE)
    assert proposed.states[CLIENT] is MIGHT_SWITCH_PROTOCOL
    assert ("client", "DONE", "MIGHT_SWITCH_PROTOCOL", "switch proposed") in rules

    proposed.process_event(SERVER, h11.Response)  # a final response denies the proposal
    assert proposed.states[CLIENT] is DONE
    assert ("client", "MIGHT_SWITCH_PROTOCOL", "DONE", "switch denied") in rules

    closing = ConnectionState()
    closing.states = {CLIENT: DONE, SERVER: DONE}
    closing.process_keep_alive_disabled()
    assert closing.states == {CLIENT: MUST_CLOSE, SERVER: MUST_CLOSE}
    assert ("client", "DONE", "MUST_CLOSE", "keep-alive off") in rules
    assert ("server", "DONE", "MUST_CLOSE", "keep-alive off") in rules
    assert len(rules) == 4


def test_write_diagrams_rewrites_only_changed_files(tmp_path: Path) -> None:
    paths = diagrams.write_diagrams(tmp_path)
    assert [path.name for path in paths] == ["state-client.dot", "state-server.dot"]
    before = [path.stat().st_mtime_ns for path in paths]
    paths[0].write_text("stale", encoding="utf-8")
    diagrams.write_diagrams(tmp_path)
    assert paths[0].read_text(encoding="utf-8") == diagrams.dot_source("client")
    assert paths[1].stat().st_mtime_ns == before[1]


def test_bench_page_says_results_are_missing_without_bench(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    assert "No benchmark results" in bench_results.bench_markdown(docs)


def test_bench_page_includes_the_marked_results_table_and_the_plot(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    bench = tmp_path / "bench"
    docs.mkdir()
    bench.mkdir()
    (bench / "ratios.png").write_bytes(b"")
    readme = bench / "README.md"
    readme.write_text(
        f"# Benchmarks\n\n{bench_results.BEGIN}\n| a | b |\n|---|---|\n{bench_results.END}\n",
        encoding="utf-8",
    )
    text = bench_results.write_bench_markdown(docs).read_text(encoding="utf-8")
    assert "```{include} ../bench/README.md\n" in text
    assert f":start-after: {bench_results.BEGIN}\n:end-before: {bench_results.END}\n" in text
    assert "```{figure} ../bench/ratios.png" in text
    # A README without the markers gets a visible warning instead of a broken include.
    readme.write_text("# Benchmarks\n", encoding="utf-8")
    text = bench_results.bench_markdown(docs)
    assert "{include}" not in text
    assert "{warning}" in text


def test_bench_readme_marks_its_results_table_if_present() -> None:
    readme = DOCS.parent / "bench" / "README.md"
    if not readme.exists():
        pytest.skip("no bench/README.md in this checkout")
    text = readme.read_text(encoding="utf-8")
    assert bench_results.BEGIN in text
    assert bench_results.END in text.split(bench_results.BEGIN, 1)[1]


def test_api_reference_documents_every_public_name() -> None:
    api = (DOCS / "api.rst").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\.\. (?:auto)?(?:class|exception|data):: +(\w+)", api, re.M))
    documented |= set(re.findall(r"^ {10}(\w+)$", api, re.M))  # continuation of ".. data::"
    public = {*h11.__all__, "MIGHT_SWITCH_PROTOCOL", "PRODUCT_ID", "__version__"}
    assert public <= documented
    for method in (
        "receive_data",
        "next_event",
        "send",
        "send_with_data_passthrough",
        "send_failed",
        "start_next_cycle",
    ):
        assert f".. automethod:: {method}\n" in api
    for attribute in ("states", "our_state", "their_state", "trailing_data"):
        assert f".. autoproperty:: {attribute}\n" in api


# Public objects that had no docstring of their own when the docs were written (suggested
# texts are in the docs' report). Remove a name once its docstring lands; the test only
# fails for a public object missing a docstring that is *not* listed here.
NOT_YET_DOCUMENTED: set[str] = set()
CONNECTION_MEMBERS = (
    "receive_data",
    "next_event",
    "send",
    "send_with_data_passthrough",
    "send_failed",
    "start_next_cycle",
    "states",
    "our_state",
    "their_state",
    "they_are_waiting_for_100_continue",
    "trailing_data",
)


def own_docstring(obj: object) -> str | None:
    """The docstring written for ``obj`` itself (a class's is not inherited)."""
    if isinstance(obj, property):
        obj = obj.fget
    if isinstance(obj, type):
        doc = obj.__dict__.get("__doc__")
        return doc if isinstance(doc, str) else None
    return getattr(obj, "__doc__", None)


def test_public_api_has_docstrings() -> None:
    objects: dict[str, object] = {
        name: getattr(h11, name) for name in (*h11.__all__, "MIGHT_SWITCH_PROTOCOL")
    }
    objects["Headers"] = Headers
    objects["Headers.raw_items"] = Headers.raw_items
    for member in CONNECTION_MEMBERS:
        objects[f"Connection.{member}"] = h11.Connection.__dict__[member]
    missing = {name for name, obj in objects.items() if not (own_docstring(obj) or "").strip()}
    assert sorted(missing - NOT_YET_DOCUMENTED) == []
