"""Error classes, the sentinel metaclass and two tiny conversion helpers.

This module owns the exception hierarchy every other module raises
(``ProtocolError`` -> ``LocalProtocolError`` / ``RemoteProtocolError``), how an error
records where it happened (``at_line``/``at_field``, ``take_location``, ``locate``), and
the ``Sentinel`` metaclass used for roles, states and the ``NEED_DATA``/``PAUSED``
markers. It knows no HTTP rule: no grammar, state or framing.

Invariants:
- a sentinel is a class that is an instance of itself (``type(X) is X``), so it
  works with ``is``, ``isinstance`` and ``type(x).__name__`` dispatch alike;
- ``str(error)`` is exactly the message given; ``error_status_hint`` defaults to 400.
  Where a parse error happened (``line``, ``offset``) is extra detail kept in
  attributes and in ``__notes__``, never in ``str(error)``; the private record it is
  made from never stays on an error that reaches the user.
"""

from __future__ import annotations

import re
import sys
from typing import Any, NoReturn, TypeAlias

__all__ = ["LocalProtocolError", "ProtocolError", "RemoteProtocolError", "bytesify", "validate"]

if sys.version_info >= (3, 12):
    from collections.abc import Buffer as Buffer
else:
    #: What ``Connection.receive_data`` accepts: ``collections.abc.Buffer`` from Python
    #: 3.12; before that, the bytes-like types people pass.
    Buffer: TypeAlias = bytes | bytearray | memoryview


class ProtocolError(Exception):
    """Base class for HTTP protocol violations; never instantiated directly.

    ``error_status_hint`` is the HTTP status a server could answer with.
    """

    error_status_hint: int
    #: The line of the peer's bytes the error is about, without its line ending (for a
    #: folded header line: as unfolded), or ``None``; set on errors from parsing.
    line: bytes | None = None
    #: Where ``line`` starts: its distance in bytes from the first byte of the unit being
    #: parsed (a message head, from its start line; a trailer section; a chunk-size
    #: line, where it is 0), or ``None``. Not a position in the stream.
    offset: int | None = None

    def __init__(self, msg: str, error_status_hint: int = 400) -> None:
        if type(self) is ProtocolError:
            raise TypeError("tried to directly instantiate ProtocolError")
        Exception.__init__(self, msg)
        self.error_status_hint = error_status_hint


class LocalProtocolError(ProtocolError):
    """Raised when we tried to do something HTTP/1.1 forbids.

    From an event constructor or ``start_next_cycle()`` nothing changes; from ``send()``
    our side becomes ``ERROR`` for good.
    """

    def _reraise_as_remote_protocol_error(self) -> NoReturn:
        """Turn this very object into a ``RemoteProtocolError`` and raise it.

        Must be called from the ``except`` block handling this exception, so the
        traceback keeps the frames where the problem was found. Parsers build
        every error as a local one; ``Connection.next_event`` converts it here,
        at the single boundary where "local" means "the peer's bytes".
        """
        self.__class__ = RemoteProtocolError  # type: ignore[assignment]
        raise self


class RemoteProtocolError(ProtocolError):
    """Raised by ``next_event()`` when the peer broke HTTP/1.1.

    The peer's side becomes ``ERROR``; a server can still answer with
    ``error_status_hint`` and should then close the connection.
    """


if sys.version_info >= (3, 11):

    def add_note(exc: BaseException, note: str) -> None:
        """``exc.add_note(note)``."""
        exc.add_note(note)

else:

    def add_note(exc: BaseException, note: str) -> None:
        """What ``BaseException.add_note`` does from Python 3.11: append to ``__notes__``."""
        notes = getattr(exc, "__notes__", None)
        if notes is None:
            notes = []
            exc.__notes__ = notes  # type: ignore[attr-defined]
        notes.append(note)


def excerpt(data: bytes, limit: int = 80) -> str:
    """``repr`` of ``data`` (so control bytes are escaped), cut to ``limit`` bytes."""
    if len(data) <= limit:
        return repr(data)
    return f"{data[:limit]!r}..."


# Where a parse error happened, recorded on the exception by the code that raises it
# (``at_line``/``at_field``) and taken off again (``take_location``) by the code that holds
# the whole unit (``h11._readers``), which turns it into ``line`` and ``offset``
# (``locate``). "line" is an index into the header lines of the unit (-1: the start line),
# "field" an index into its parsed fields (which differ from lines where obsolete line
# folding joined some). Every path that can raise a recorded error to the user takes the
# record off first: these keys never stay in ``vars()`` of an error the user sees.
_LINE_KEY = "_h11_line"
_FIELD_KEY = "_h11_field"


def at_line(exc: LocalProtocolError, index: int) -> LocalProtocolError:
    """Record on ``exc`` that it is about header line ``index``; return ``exc``."""
    vars(exc)[_LINE_KEY] = index
    return exc


def at_field(exc: LocalProtocolError, index: int) -> LocalProtocolError:
    """Record on ``exc`` that it is about parsed field ``index``; return ``exc``."""
    vars(exc)[_FIELD_KEY] = index
    return exc


def take_location(exc: BaseException) -> tuple[int | None, int | None]:
    """Remove what ``at_line``/``at_field`` recorded on ``exc``; return ``(line, field)``."""
    recorded = vars(exc)
    return recorded.pop(_LINE_KEY, None), recorded.pop(_FIELD_KEY, None)


def locate(exc: ProtocolError, line: bytes, offset: int, where: str) -> None:
    """Record that ``exc`` is about ``line``, ``offset`` bytes into ``where``.

    Called on the error path only. ``str(exc)`` does not change: the detail goes to
    the ``line`` and ``offset`` attributes and to a note.
    """
    exc.line = line
    exc.offset = offset
    add_note(exc, f"at byte {offset} of {where}: {excerpt(line)}")


class Sentinel(type):
    """Metaclass of the sentinels: each sentinel class is an instance of itself.

    ``repr`` is the bare name; identity is equality; calling one is a
    ``TypeError`` (there is nothing to construct).
    """

    def __new__(
        cls: type[Sentinel],
        name: str,
        bases: tuple[type, ...],
        namespace: dict[str, Any],
        **kwds: Any,
    ) -> Sentinel:
        assert bases == (Sentinel,)
        made = super().__new__(cls, name, bases, namespace, **kwds)
        made.__class__ = made  # type: ignore[assignment]
        return made

    def __repr__(self) -> str:
        return self.__name__


def bytesify(s: bytes | bytearray | memoryview | int | str) -> bytes:
    """Convert ``s`` to ``bytes`` the way every event field is converted.

    ``bytes`` is kept as is, ``str`` must be ASCII, ``int`` is refused (``bytes(3)``
    would silently make three NUL bytes) and anything else goes through ``bytes()``.
    """
    if type(s) is bytes:
        return s
    if isinstance(s, str):
        return s.encode("ascii")
    if isinstance(s, int):
        raise TypeError("expected bytes-like object, not int")
    return bytes(s)


def validate(
    regex: re.Pattern[bytes], data: bytes, msg: str = "malformed data", *format_args: Any
) -> dict[str, bytes]:
    """Full-match ``data`` against ``regex`` and return its named groups.

    On mismatch raise ``LocalProtocolError(msg)``, formatted with ``format_args``
    when any are given.
    """
    match = regex.fullmatch(data)
    if not match:
        if format_args:
            msg = msg.format(*format_args)
        raise LocalProtocolError(msg)
    return match.groupdict()
