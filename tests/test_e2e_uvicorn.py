"""End to end: uvicorn serving over its h11 protocol, clients on h11 (httpx, h11, wsproto).

uvicorn is forced to ``http="h11"`` (``H11Protocol``, even when httptools is installed) and
``ws="wsproto"``; the checks are ``e2e_support.ServerContract``'s.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from e2e_support import Server, ServerContract, serve_with_uvicorn


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with serve_with_uvicorn() as running:
        yield running


class TestUvicorn(ServerContract):
    server_header_prefix = b"uvicorn"
