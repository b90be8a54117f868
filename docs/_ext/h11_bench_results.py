"""Bring ``bench/``'s results table and plot into the docs, or say they are missing.

On every build this Sphinx extension writes ``docs/_generated/bench.md``, which
``docs/performance.md`` includes. Depending on what the checkout has:

* ``bench/README.md`` with its results table between the markers ``<!-- bench-results:begin
  -->`` and ``<!-- bench-results:end -->``: the generated file is a MyST ``include`` of that
  part of the README, so the page shows the table exactly as it stands at build time (Sphinx
  also records the README as a dependency of the page, so an incremental build notices a new
  table);
* ``bench/ratios.png``: it follows as a figure;
* neither: a short note says how to produce them. The build never fails for lack of them.

Only the marked table is included, not the whole README: its links to files in ``bench/``
would be broken links on the docs site, and its image paths would point elsewhere.
The generated file is rewritten only when its text changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

BEGIN = "<!-- bench-results:begin -->"
END = "<!-- bench-results:end -->"

_MISSING = """\
```{note}
No benchmark results are in this checkout yet: the table and the plot are written by
`bench/run.py` into `bench/README.md` and `bench/ratios.png`. Run it, then rebuild the docs.
```
"""


def bench_markdown(docs_dir: Path) -> str:
    """The MyST text showing the results table of ``bench/README.md`` and ``ratios.png``."""
    bench = docs_dir.parent / "bench"
    readme = bench / "README.md"
    plot = bench / "ratios.png"
    parts = []
    if readme.is_file():
        text = readme.read_text(encoding="utf-8")
        if BEGIN in text and END in text.split(BEGIN, 1)[1]:
            # Paths in an included file are relative to the page that includes it: docs/.
            parts.append(
                f"```{{include}} ../bench/README.md\n:start-after: {BEGIN}\n"
                f":end-before: {END}\n```\n"
            )
        else:
            parts.append(
                "```{warning}\n`bench/README.md` has no results table between the markers "
                f"`{BEGIN}` and `{END}`.\n```\n"
            )
    if plot.is_file():
        parts.append(
            "```{figure} ../bench/ratios.png\n:alt: speed ratios per workload\n\n"
            "Speed ratios per workload (`bench/ratios.png`).\n```\n"
        )
    return "\n".join(parts) if parts else _MISSING


def write_bench_markdown(docs_dir: Path) -> Path:
    """Write ``_generated/bench.md`` under ``docs_dir`` (only if its text changed)."""
    target = docs_dir / "_generated" / "bench.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    text = bench_markdown(docs_dir)
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    return target


def _on_builder_inited(app: Any) -> None:
    write_bench_markdown(Path(app.srcdir))


def setup(app: Any) -> dict[str, Any]:
    """Sphinx entry point: regenerate ``_generated/bench.md`` at the start of every build."""
    app.connect("builder-inited", _on_builder_inited)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
