"""Shared pytest configuration: hypothesis profiles, the process-wide caches, and tests
that need peer packages.

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
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

from h11._caches import CACHES

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


@pytest.fixture
def saved_caches() -> Iterator[None]:
    """Empty every process-wide cache (the registry in h11._caches) for the test.

    Their contents are restored afterwards, so tests can observe what a cold process
    stores without disturbing the others.
    """
    saved = [dict(cache) for cache in CACHES]
    for cache in CACHES:
        cache.clear()
    yield
    for cache, contents in zip(CACHES, saved, strict=True):
        cache.clear()
        cache.update(contents)
