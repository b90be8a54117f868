"""Shared pytest configuration: hypothesis profiles, and tests that need peer packages.

``HYPOTHESIS_PROFILE=ci`` (set by ``.ci/run``) keeps property tests bounded and
reproducible on shared machines; ``fast`` (``.ci/run fast``) runs 10 examples per property,
for the quick loop; ``dev`` is the default for local runs.

Tests marked ``peers`` compare with llhttp (httptools) and h11 0.16.0, which live in another
virtual environment whose Python ``$H11_DIFF_PEER_PYTHON`` names. Without that variable they
are deselected (never skipped): a plain ``python -m pytest`` runs everything it collects.
``.ci/run hostile`` makes that venv and runs them with ``-m peers``; there a missing peer
fails the test.
"""

import os

import pytest
from hypothesis import HealthCheck, settings

PEER_PYTHON_VARIABLE = "H11_DIFF_PEER_PYTHON"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get(PEER_PYTHON_VARIABLE):
        return
    deselected = [item for item in items if item.get_closest_marker("peers") is not None]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if item.get_closest_marker("peers") is None]


settings.register_profile(
    "dev",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "fast",
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
