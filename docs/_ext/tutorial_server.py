"""The example server, for the doctests of "Getting started" (used by its ``testsetup``).

The tutorial tells the reader to run ``python examples/server.py --port 8080`` and connect to
``127.0.0.1:8080``. The docs build runs the very same server (``examples/server.py``'s
``ExampleServer``) in a thread, but on a port the OS picks, since 8080 may be taken on a build
machine; while the doctests run, ``socket.create_connection`` sends connections meant for
port 8080 of the loopback address there. The snippets themselves run unchanged.
"""

from __future__ import annotations

import contextlib
import importlib.util
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

TUTORIAL_PORT = 8080
_LOOPBACK = {"127.0.0.1", "localhost"}
_stack: contextlib.ExitStack | None = None


def _load_example_server(repo_root: Path) -> Any:
    path = repo_root / "examples" / "server.py"
    spec = importlib.util.spec_from_file_location("h11_docs_example_server", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@contextlib.contextmanager
def _redirect_tutorial_port(real_port: int) -> Iterator[None]:
    original = socket.create_connection

    def create_connection(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        host, port = address
        if host in _LOOPBACK and port == TUTORIAL_PORT:
            address = ("127.0.0.1", real_port)
        return original(address, *args, **kwargs)

    socket.create_connection = create_connection  # type: ignore[assignment]
    try:
        yield
    finally:
        socket.create_connection = original


def start(repo_root: str) -> None:
    """Start the example server and the port redirection (idempotent)."""
    global _stack  # noqa: PLW0603 (one server per doctest run)
    if _stack is not None:
        return
    server_module = _load_example_server(Path(repo_root))
    stack = contextlib.ExitStack()
    server = stack.enter_context(server_module.serve_in_background(idle_timeout=10.0))
    stack.enter_context(_redirect_tutorial_port(server.port))
    _stack = stack


def stop() -> None:
    """Undo ``start()``: restore ``socket.create_connection`` and stop the server."""
    global _stack  # noqa: PLW0603
    if _stack is not None:
        _stack.close()
        _stack = None
