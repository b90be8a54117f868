"""Shared pytest configuration: hypothesis profiles and the process-wide caches.

``HYPOTHESIS_PROFILE=ci`` (set by ``.ci/run``) keeps property tests bounded and
reproducible on shared machines; ``dev`` is the default for local runs.
"""

import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

from h11._caches import CACHES

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
