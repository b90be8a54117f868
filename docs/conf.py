"""Sphinx configuration for the h11 documentation.

Build (see the README): ``scripts/docs``, or by hand, with ``dot`` (graphviz) on PATH::

    .venv-docs/bin/sphinx-build -W --keep-going -b doctest docs docs/_build/doctest
    .venv-docs/bin/sphinx-build -W --keep-going -b html docs docs/_build/html

The package is imported from ``src/`` of this checkout, so the reference always describes the
code next to it. ``_ext/`` holds the local extensions: the state diagrams drawn from
``h11._state``'s tables, the benchmark results pulled in from ``bench/``, and the example
server the "Getting started" doctests talk to.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path[:0] = [str(ROOT / "src"), str(DOCS / "_ext")]

from h11._version import __version__  # noqa: E402 (after the path set-up above)

if shutil.which("dot") is None:
    raise RuntimeError(
        "the docs need graphviz's `dot` program to draw the state diagrams: install graphviz "
        "(Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz)"
    )

project = "h11"
author = "the h11 clean-room contributors"
copyright = "the h11 clean-room contributors, MIT licence"
release = __version__
version = ".".join(release.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.graphviz",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "myst_parser",
    "h11_state_diagrams",
    "h11_bench_results",
    "h11_cache_table",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
# Files that pages include are not pages themselves: _generated/ (written by _ext/ at build
# time) and security-differential.md (written by scripts/differential.py, shown by
# differential-testing.md).
exclude_patterns = [
    "_build",
    "_generated",
    "_missing-docstrings.md",
    "security-differential.md",
    "Thumbs.db",
    ".DS_Store",
]
templates_path: list[str] = []

# Every cross-reference must resolve (with -W a broken one fails the build). Annotations
# that name implementation types h11 does not document are the exceptions.
nitpicky = True
nitpick_ignore_regex = [
    ("py:class", r"h11\._util\.Sentinel|Sentinel"),
    ("py:class", r"(h11\._headers\.)?HeaderTypes"),
    ("py:class", r"(h11\._connection\.)?NextEventResult"),
    # The type variable of Headers.get's default (the result is bytes or the default's type).
    ("py:class", r"h11\._headers\._D"),
    # next_event()'s annotation names the sentinels' defining module; they are documented
    # as h11.NEED_DATA and h11.PAUSED.
    ("py:class", r"h11\._connection\.(NEED_DATA|PAUSED)"),
    ("py:class", r"re\.Pattern|collections\.abc\..*|typing\..*"),
    ("py:class", r"bytes|bytearray|memoryview|int|str|bool|type|None|Any|object|dict|list|tuple"),
]

# -- autodoc ---------------------------------------------------------------------------------
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_preserve_defaults = True
autodoc_default_options = {"exclude-members": "__init__, __new__"}
add_module_names = False
# Docstrings may use Google-style sections (Args:, Returns:, Raises:). "Attributes:" become
# fields of the class rather than separate entries, so they cannot clash with the attributes
# api.rst documents itself.
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_ivar = True
python_use_unqualified_type_names = True

# -- doctest ---------------------------------------------------------------------------------
# The "Getting started" page starts examples/server.py itself (see _ext/tutorial_server.py).
doctest_global_setup = f"H11_REPO_ROOT = {str(ROOT)!r}"
trim_doctest_flags = True

# -- graphviz --------------------------------------------------------------------------------
graphviz_output_format = "svg"

# -- MyST (Markdown: the changelog and bench/README.md) --------------------------------------
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3

# -- HTML ------------------------------------------------------------------------------------
html_theme = "furo"
html_title = f"h11 {release}"
html_static_path: list[str] = []
html_theme_options = {"navigation_with_keys": True}


# -- optional generated report ---------------------------------------------------------------
_DIFFERENTIAL_MISSING = """\
```{note}
The differential-testing report (`docs/security-differential.md`, written by
`scripts/differential.py --markdown docs/security-differential.md`) is not in this checkout.
```
"""


def _write_differential_include(app: Any) -> None:
    """Point differential-testing.md at the report if it exists, else at a note."""
    text = (
        "```{include} security-differential.md\n```\n"
        if (DOCS / "security-differential.md").is_file()
        else _DIFFERENTIAL_MISSING
    )
    target = DOCS / "_generated" / "differential.md"
    target.parent.mkdir(exist_ok=True)
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


def setup(app: Any) -> None:
    """Local hooks: see ``_write_differential_include``."""
    app.connect("builder-inited", _write_differential_include)
