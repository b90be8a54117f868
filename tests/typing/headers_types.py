"""What a type checker must conclude about ``Headers`` lookups (checked by mypy in CI).

See ``connection_types.py`` for how these files are checked and run.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import h11

if sys.version_info >= (3, 11):
    from typing import assert_type
elif TYPE_CHECKING:  # the stubs ship with every type checker; nothing is imported at run time
    from typing_extensions import assert_type
else:

    def assert_type(value: object, _type: object) -> object:
        return value


def lookups(event: h11.Request) -> list[bytes]:
    headers = event.headers
    assert_type(headers.get("host"), bytes | None)
    assert_type(headers.get(b"host"), bytes | None)
    assert_type(headers.get("host", b""), bytes)
    assert_type(headers.get("host", "none"), bytes | str)
    assert_type(headers.get_list("accept"), list[bytes])
    # mypy's strict equality (part of --strict) sees a Sequence of (name, value) pairs and
    # reports a str in it as a "non-overlapping container check", though Headers answers it:
    # hence the ignore (docs/api.rst says so, and suggests headers.get(name) is not None).
    found = "host" in headers  # type: ignore[comparison-overlap]
    assert_type(found, bool)
    assert_type(headers.get("host") is not None, bool)
    assert_type((b"host", b"a") in headers, bool)
    # The sequence is unchanged: items are (lowercased name, value) pairs.
    for name, value in headers:
        assert_type(name, bytes)
        assert_type(value, bytes)
    if TYPE_CHECKING:
        headers.get(5)  # type: ignore[call-overload]
        headers.get_list(None)  # type: ignore[arg-type]
    host = headers.get("Host")
    return [host] if host is not None else headers.get_list("x-forwarded-host")
