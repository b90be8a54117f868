"""End to end: hypercorn serving HTTP/1.1 (its h11 protocol), clients on h11 (httpx, h11, wsproto).

hypercorn runs on both of its workers, asyncio and trio; the checks are
``e2e_support.ServerContract``'s.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from e2e_support import Server, ServerContract, serve_with_hypercorn


@pytest.fixture(scope="module", params=["asyncio", "trio"])
def server(request: pytest.FixtureRequest) -> Iterator[Server]:
    with serve_with_hypercorn(request.param) as running:
        yield running


class TestHypercorn(ServerContract):
    server_header_prefix = b"hypercorn-h11"
