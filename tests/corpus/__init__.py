"""The wire corpus: raw bytes paired with the event log or error they must produce.

``model`` defines the case format (read its docstring first); the other modules hold the cases,
grouped by topic; ``garden`` turns ``garden-payloads.json`` (known attack payloads, a copy of
the project's shared hostile-input corpus) into cases with their expected outcomes.
``tests/test_wire_corpus.py`` runs them all.
"""

from __future__ import annotations

from . import bodies, connection_cases, request_heads, response_heads, smuggling
from .garden import GARDEN_CASES
from .model import Case

ALL_CASES: list[Case] = [
    *request_heads.CASES,
    *response_heads.CASES,
    *bodies.CASES,
    *connection_cases.CASES,
    *smuggling.CASES,
    *GARDEN_CASES,
]
