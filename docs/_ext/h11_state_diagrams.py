"""Draw h11's two state machines as graphviz DOT, from the transition tables in ``h11._state``.

The docs build runs this as a Sphinx extension: on every build it writes
``docs/_generated/state-client.dot`` and ``state-server.dot`` (only when their text changed),
and ``docs/state-machine.rst`` renders them with ``sphinx.ext.graphviz``. Nothing here is
drawn by hand: every solid edge is an entry of ``EVENT_TRIGGERED_TRANSITIONS`` and every
dashed edge between two states of one role is a rule of ``STATE_TRIGGERED_TRANSITIONS`` or
one of the three rules ``ConnectionState`` applies in code (``CODE_RULES`` below, checked
against the real machine by ``tests/test_docs_diagrams.py``). Change the tables and the
pictures change with them.

Run it alone to print the DOT text: ``python docs/_ext/h11_state_diagrams.py client``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from h11 import _state

ROLES = {"client": _state.CLIENT, "server": _state.SERVER}

# The three state-triggered rules that live in ConnectionState's code rather than in
# STATE_TRIGGERED_TRANSITIONS (docs/design.rst, design-settle, rules 1-3):
# (role name, from, to, condition).
CODE_RULES: tuple[tuple[str, str, str, str], ...] = (
    ("client", "DONE", "MIGHT_SWITCH_PROTOCOL", "switch proposed"),
    ("client", "MIGHT_SWITCH_PROTOCOL", "DONE", "switch denied"),
    ("client", "DONE", "MUST_CLOSE", "keep-alive off"),
    ("server", "DONE", "MUST_CLOSE", "keep-alive off"),
)

# How the second member of a tuple key in EVENT_TRIGGERED_TRANSITIONS reads on an edge.
_KEY_QUALIFIERS = {
    "CLIENT": "client's {event}",
    "_SWITCH_UPGRADE": "{event} 101\\n(accepts Upgrade)",
    "_SWITCH_CONNECT": "{event} 2xx\\n(accepts CONNECT)",
    "_FINAL_RESPONSE_RECEIVED": "{event}\\n(after the final\\nresponse began)",
}

# Layout hints only (which states share a row); any state not listed is placed freely.
_SAME_RANK = (("MUST_CLOSE", "MIGHT_SWITCH_PROTOCOL"),)

_STATE_COLOURS = {
    "IDLE": "#e8f0fe",
    "DONE": "#e6f4ea",
    "MUST_CLOSE": "#fef7e0",
    "CLOSED": "#f1f3f4",
    "MIGHT_SWITCH_PROTOCOL": "#f3e8fd",
    "SWITCHED_PROTOCOL": "#f3e8fd",
    "ERROR": "#fce8e6",
}


@dataclass(frozen=True)
class Edge:
    """One arrow: ``kind`` is ``"event"`` (solid) or ``"state"`` (dashed, automatic)."""

    source: str
    target: str
    label: str
    kind: str


def _name(obj: Any) -> str:
    return str(getattr(obj, "__name__", obj))


def event_label(key: Any) -> str:
    """Text for an event key: a class, or ``(class, qualifier)`` for special cases."""
    if isinstance(key, tuple) and len(key) == 2:
        event, qualifier = (_name(part) for part in key)
        template = _KEY_QUALIFIERS.get(qualifier, "{event} ({qualifier})")
        return template.format(event=event, qualifier=qualifier)
    return _name(key)


def event_edges(role: str) -> list[Edge]:
    """Every entry of ``EVENT_TRIGGERED_TRANSITIONS[role]``, as edges (table order)."""
    table = _state.EVENT_TRIGGERED_TRANSITIONS[ROLES[role]]
    return [
        Edge(_name(state), _name(new_state), event_label(key), "event")
        for state, transitions in table.items()
        for key, new_state in transitions.items()
    ]


def state_edges(role: str) -> list[Edge]:
    """The automatic moves of ``role``: joint rules from the table, then ``CODE_RULES``."""
    other = "server" if role == "client" else "client"
    me = ROLES[role]
    edges = []
    for (client_state, server_state), moves in _state.STATE_TRIGGERED_TRANSITIONS.items():
        if me not in moves:
            continue
        mine, theirs = (
            (client_state, server_state) if role == "client" else (server_state, client_state)
        )
        edges.append(Edge(_name(mine), _name(moves[me]), f"{other} {_name(theirs)}", "state"))
    edges.extend(
        Edge(source, target, condition, "state")
        for rule_role, source, target, condition in CODE_RULES
        if rule_role == role
    )
    return edges


def states(role: str) -> list[str]:
    """The role's states, in the table's order."""
    return [_name(state) for state in _state.EVENT_TRIGGERED_TRANSITIONS[ROLES[role]]]


def _merge(edges: Iterable[Edge]) -> list[Edge]:
    """One arrow per (source, target, kind), labels joined: several rules, one arrow."""
    merged: dict[tuple[str, str, str], list[str]] = {}
    for edge in edges:
        labels = merged.setdefault((edge.source, edge.target, edge.kind), [])
        if edge.label not in labels:
            labels.append(edge.label)
    return [Edge(s, t, "\\n".join(labels), k) for (s, t, k), labels in merged.items()]


def _quote(text: str) -> str:
    return '"' + text.replace('"', '\\"') + '"'


def dot_source(role: str) -> str:
    """The DOT text of ``role``'s machine."""
    lines = [
        f"digraph h11_{role} {{",
        f"  // Generated from h11._state by {Path(__file__).name}; do not edit.",
        '  graph [rankdir=TB, nodesep=0.5, ranksep=0.45, fontname="Helvetica",'
        ' bgcolor="transparent"];',
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11,'
        ' penwidth=1.2, fillcolor="#ffffff"];',
        '  edge [fontname="Helvetica", fontsize=9, arrowsize=0.7];',
    ]
    names = states(role)
    for name in names:
        colour = _STATE_COLOURS.get(name, "#ffffff")
        lines.append(f"  {name} [fillcolor={_quote(colour)}];")
    for edge in event_edges(role):
        lines.append(f"  {edge.source} -> {edge.target} [label={_quote(edge.label)}];")
    for edge in _merge(state_edges(role)):
        lines.append(
            f"  {edge.source} -> {edge.target} [label={_quote(edge.label)}, style=dashed,"
            ' color="#1a73e8", fontcolor="#1a73e8"];'
        )
    if "ERROR" in names:
        # Every state can fail; one arrow from a note instead of one from each state.
        lines.append('  any [shape=plaintext, style="", label="any state"];')
        lines.append(
            '  any -> ERROR [label="protocol error,\\nsend_failed()", style=dotted,'
            ' color="#c5221f", fontcolor="#c5221f"];'
        )
    for group in _SAME_RANK:
        present = [name for name in group if name in names]
        if len(present) > 1:
            lines.append("  { rank=same; " + "; ".join(present) + "; }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def write_diagrams(directory: Path) -> list[Path]:
    """Write ``state-<role>.dot`` for both roles; rewrite a file only if its text changed."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for role in ROLES:
        path = directory / f"state-{role}.dot"
        text = dot_source(role)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def _on_builder_inited(app: Any) -> None:
    write_diagrams(Path(app.srcdir) / "_generated")


def setup(app: Any) -> dict[str, Any]:
    """Sphinx entry point: regenerate the DOT files at the start of every build."""
    app.connect("builder-inited", _on_builder_inited)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in ROLES:
        sys.exit("usage: python docs/_ext/h11_state_diagrams.py client|server")
    sys.stdout.write(dot_source(sys.argv[1]))
