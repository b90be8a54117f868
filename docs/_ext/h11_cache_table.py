"""Write the table of the package's process-wide caches from their registry.

On every build this Sphinx extension writes ``docs/_generated/caches.md``, which
``docs/performance.md`` includes: one row per cache in ``h11._caches.CACHES`` (its
name, what it holds, its bound and what it does when full), so the page lists
every cache the code makes and no other. The generated file is rewritten only when
its text changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def cache_table_markdown() -> str:
    """The Markdown table of every registered cache, in registry order."""
    import h11  # noqa: F401  (importing the package makes every cache)
    from h11._caches import CACHES

    rows = ["| cache | holds | bound |", "|---|---|---|"]
    for cache in CACHES:
        holds = cache.holds.replace("|", "\\|")
        rows.append(f"| `{cache.name}` | {holds} | {cache.describe_bound()} |")
    return "\n".join(rows) + "\n"


def write_cache_table(docs_dir: Path) -> Path:
    """Write ``_generated/caches.md`` under ``docs_dir`` (only if its text changed)."""
    target = docs_dir / "_generated" / "caches.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    text = cache_table_markdown()
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    return target


def _on_builder_inited(app: Any) -> None:
    write_cache_table(Path(app.srcdir))


def setup(app: Any) -> dict[str, Any]:
    """Sphinx entry point: regenerate ``_generated/caches.md`` at the start of every build."""
    app.connect("builder-inited", _on_builder_inited)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
