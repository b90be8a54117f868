"""Process-wide caches: one bounded dict type, and the registry of every instance.

Owns: ``BoundedCache`` (a ``dict`` with a bound on its entries and on the length of
what it keeps, and one of two policies for when it is full) and ``CACHES``, the list
of every cache the package makes. The performance page's table of caches and the
test fixture that empties them are both derived from ``CACHES``, so a new cache
cannot be forgotten by either.

Never knows: what is cached. The module that owns the data makes its caches here,
says what they hold, and decides what may be stored (only what passed the checks a
hit stands for; never credentials).

Invariants: a cache never holds more than ``max_entries`` entries (a race between
threads can add at most one entry per thread past it before the next insertion
empties or stops it); nothing is stored whose ``length`` exceeds ``max_length``.

Threads: lookups and insertions are single ``dict`` operations, each atomic in
CPython, and every entry is keyed by exactly the text (or settings) it was made
from, so a hit is always what a cold computation gives. Two threads racing on one
key store equal values; a thread emptying a cache only costs others a recomputation.
The caches may therefore be shared by connections on any number of threads.
"""

from __future__ import annotations

from typing import Any, Literal, TypeVar

__all__ = ["CACHES", "BoundedCache"]

_K = TypeVar("_K")
_V = TypeVar("_V")

#: What a full cache does with a new entry: ``"keep"`` keeps what it has and stores no
#: more (for small sets that real traffic fills once: names); ``"empty"`` empties itself
#: and starts again (for text that may change over time: lines, pairs, settings).
WhenFull = Literal["keep", "empty"]


class BoundedCache(dict[_K, _V]):
    """A ``dict`` that stays small: at most ``max_entries`` entries of bounded length.

    Lookups are plain ``dict`` lookups (``cache.get(key)``, ``key in cache``), as fast
    as a ``dict``'s. Insert with ``remember(key, value, length)``, never by
    assignment, so the bounds hold.
    """

    __slots__ = ("holds", "max_entries", "max_length", "name", "when_full")

    def __init__(
        self,
        name: str,
        holds: str,
        *,
        max_entries: int,
        when_full: WhenFull,
        max_length: int | None = None,
    ) -> None:
        super().__init__()
        #: Where the cache lives (``module.NAME``), for the docs and error messages.
        self.name = name
        #: What it maps to what, in a few words (the performance page's table).
        self.holds = holds
        self.max_entries = max_entries
        #: The longest ``length`` a ``remember`` may store (``None``: no limit).
        self.max_length = max_length
        self.when_full = when_full
        CACHES.append(self)

    def remember(self, key: _K, value: _V, length: int = 0) -> None:
        """Store ``key -> value`` unless ``length`` is too long or the cache is full.

        ``length`` is the size of what the entry was made from (a line, a name, a
        value); the caller decides what counts.
        """
        if self.max_length is not None and length > self.max_length:
            return
        if len(self) >= self.max_entries:
            if self.when_full == "keep":
                return
            self.clear()
        self[key] = value

    def describe_bound(self) -> str:
        """The bound and the policy in words, e.g. ``"512 entries of up to 256 bytes; ..."``."""
        size = f"{self.max_entries} entries"
        if self.max_length is not None:
            size += f" of up to {self.max_length} bytes"
        policy = "stores no more" if self.when_full == "keep" else "is emptied"
        return f"{size}; when full it {policy}"

    def __repr__(self) -> str:
        return f"<BoundedCache {self.name}: {len(self)}/{self.max_entries} entries>"


#: Every cache of the package, in the order the modules made them.
CACHES: list[BoundedCache[Any, Any]] = []
