"""The process-wide caches: one registry, bounded, safe to share between threads.

Every cache is a ``BoundedCache`` registered in ``h11._caches.CACHES``; the docs' table
and the ``saved_caches`` fixture come from that registry. These tests check that nothing
else in the package grows with traffic, that no cache outgrows its bound (the readers
cache included, which is keyed by per-connection settings), and that connections on 8
threads sharing the caches get exactly what a cold, single-threaded parse gives.
"""

from __future__ import annotations

import gc
import importlib
import pkgutil
import random
import threading
import tracemalloc
from typing import Any

import pytest

import h11
from h11 import _connection
from h11._caches import CACHES, BoundedCache

MODULES = [
    importlib.import_module(f"h11.{info.name}") for info in pkgutil.iter_modules(h11.__path__)
]


def module_dicts() -> dict[str, Any]:
    """Every dict (or set) held by a module-level name of the package."""
    found = {}
    for module in MODULES:
        for name, value in vars(module).items():
            if isinstance(value, (dict, set)) and not name.startswith("__"):
                found[f"{module.__name__}.{name}"] = value
    return found


def drive_varied_traffic(count: int) -> None:
    """Connections with distinct settings, lines, names and pairs, sent and received."""
    for index in range(count):
        server = h11.Connection(
            h11.SERVER,
            max_incomplete_event_size=10_000 + index,
            max_header_count=50 + index % 7,
        )
        server.receive_data(
            b"GET /%d HTTP/1.1\r\nHost: h%d\r\nX-Id-%d: v%d\r\nAccept: */*\r\n\r\n"
            % (index, index, index, index)
        )
        request = server.next_event()
        assert type(request) is h11.Request
        assert request.headers.get("accept") == b"*/*"
        assert request.headers.get(f"x-id-{index}") == b"v%d" % index
        server.next_event()
        server.send(
            h11.Response(status_code=200, headers=[(f"X-R{index}", f"v{index}"), ("A", "b")])
        )
        server.send(h11.EndOfMessage())


def test_registry_lists_every_cache_once() -> None:
    registered = {cache.name for cache in CACHES}
    assert len(registered) == len(CACHES)
    bounded = {
        name: value for name, value in module_dicts().items() if isinstance(value, BoundedCache)
    }
    assert set(bounded) == registered
    for cache in CACHES:
        assert cache.max_entries > 0
        assert cache.when_full in ("keep", "empty")


def test_nothing_but_registered_caches_grows_with_traffic() -> None:
    drive_varied_traffic(10)  # warm: lazily made tables exist
    before = {name: len(value) for name, value in module_dicts().items()}
    drive_varied_traffic(300)
    after = {name: len(value) for name, value in module_dicts().items()}
    grown = {
        name
        for name in after
        if after[name] != before.get(name) and not isinstance(module_dicts()[name], BoundedCache)
    }
    assert grown == set()


@pytest.mark.usefixtures("saved_caches")
def test_every_cache_stays_within_its_bound() -> None:
    drive_varied_traffic(1500)
    for cache in CACHES:
        assert len(cache) <= cache.max_entries, cache


@pytest.mark.usefixtures("saved_caches")
def test_connections_with_distinct_limits_leave_nothing_behind() -> None:
    # An application computing limits per connection: 20,000 distinct settings. The
    # readers cache stays bounded, and the memory retained after the connections are
    # gone is small (it grew by about 1 KB per distinct setting before it was bounded).
    gc.collect()
    tracemalloc.start()
    try:
        for index in range(20_000):
            conn = h11.Connection(
                h11.CLIENT,
                max_incomplete_event_size=20_000 + index,
                max_header_count=None if index % 2 else index,
            )
            del conn
        gc.collect()
        retained, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(_connection._READERS) <= _connection._READERS.max_entries
    assert retained < 1_000_000


def test_bounded_cache_policies() -> None:
    keep: BoundedCache[str, int] = BoundedCache(
        "test.keep", "a test", max_entries=2, max_length=3, when_full="keep"
    )
    empty: BoundedCache[str, int] = BoundedCache(
        "test.empty", "a test", max_entries=2, when_full="empty"
    )
    try:
        for cache in (keep, empty):
            cache.remember("a", 1, 1)
            cache.remember("b", 2, 1)
            cache.remember("c", 3, 1)
        assert keep == {"a": 1, "b": 2}
        assert empty == {"c": 3}
        keep.clear()
        keep.remember("long", 4, 4)
        assert keep == {}
        assert keep.describe_bound() == "2 entries of up to 3 bytes; when full it stores no more"
        assert empty.describe_bound() == "2 entries; when full it is emptied"
    finally:
        CACHES.remove(keep)
        CACHES.remove(empty)


# ------------------------------------------------------------------------------ threads

THREADS = 8


def make_messages(seed: int, count: int) -> list[bytes]:
    """Requests mixing repeated lines (cache hits) with fresh ones (misses, evictions)."""
    rng = random.Random(seed)
    agents = [b"agent-%d/1.0" % n for n in range(40)]
    messages = []
    for index in range(count):
        lines = [
            b"GET /item/%d HTTP/1.1" % rng.randrange(1000),
            b"Host: example-%d.test" % rng.randrange(5),
            b"User-Agent: " + rng.choice(agents),
            b"Accept: */*",
            b"X-Request-Id: %d-%d" % (seed, index),
            b"Cookie: session=%d" % rng.randrange(10**6),
        ]
        if index % 3 == 0:
            lines.append(b"Connection: keep-alive")
        if index % 5 == 0:
            lines.append(b"Content-Length: 3")
        rng.shuffle(lines[1:])
        body = b"abc" if index % 5 == 0 else b""
        messages.append(b"\r\n".join(lines) + b"\r\n\r\n" + body)
    return messages


def response_pairs(seed: int, index: int) -> list[tuple[str, str]]:
    return [
        ("Content-Type", "text/plain"),
        ("X-Served-By", f"worker-{seed % 3}"),
        ("X-Trace", f"{seed}-{index}"),
        ("Content-Length", "2"),
    ]


def serve(message: bytes, seed: int, index: int) -> tuple[list[Any], bytes]:
    """What a server connection makes of ``message``, and the bytes of its response."""
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(message)
    log: list[Any] = []
    while True:
        event = conn.next_event()
        if event is h11.NEED_DATA:
            break
        log.append(describe(event))
        if type(event) is h11.EndOfMessage:
            break
    sent = conn.send(h11.Response(status_code=200, headers=response_pairs(seed, index)))
    sent += conn.send(h11.Data(data=b"ok"))
    sent += conn.send(h11.EndOfMessage())
    return log, sent


def describe(event: Any) -> tuple[Any, ...]:
    if type(event) is h11.Request:
        return (
            "Request",
            event.method,
            event.target,
            event.http_version,
            event.headers.raw_items(),
            list(event.headers),
        )
    if type(event) is h11.Data:
        return ("Data", bytes(event.data))
    return (type(event).__name__, list(getattr(event, "headers", [])))


def test_threads_sharing_the_caches_see_what_a_cold_parse_sees(saved_caches: None) -> None:
    per_thread = 300
    work = {seed: make_messages(seed, per_thread) for seed in range(THREADS)}
    # The expected results: each message parsed and answered alone, from empty caches.
    expected = {}
    for seed, messages in work.items():
        for index, message in enumerate(messages):
            for cache in CACHES:
                cache.clear()
            expected[seed, index] = serve(message, seed, index)
    for cache in CACHES:
        cache.clear()

    failures: list[str] = []
    start = threading.Barrier(THREADS)

    def run(seed: int) -> None:
        try:
            start.wait()
            for _ in range(3):  # later rounds hit what other threads stored
                for index, message in enumerate(work[seed]):
                    got = serve(message, seed, index)
                    if got != expected[seed, index]:
                        failures.append(f"thread {seed}, message {index}: {got!r}")
                        return
        except Exception as exc:  # reported below, not lost in the thread
            failures.append(f"thread {seed}: {exc!r}")

    threads = [threading.Thread(target=run, args=(seed,)) for seed in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    assert failures == []
    assert any(len(cache) for cache in CACHES)  # the caches were really shared and used
