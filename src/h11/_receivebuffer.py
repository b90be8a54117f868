"""The receive buffer: bytes the peer sent that no event has consumed yet.

Owns: storage of unconsumed bytes and the searches for message boundaries
(end of a head, end of a CRLF line, blank lines before a request line).

Never knows: grammar, states, events.

Invariants:
- every search remembers how far it got, so bytes arriving a few at a time are
  never searched twice: total search work is linear in the bytes received;
- consuming from the front is O(1) amortised (``bytearray`` deletes from the front
  by moving its start pointer), so pipelined messages do not cost quadratic copies;
- the remembered positions are reset whenever bytes are consumed.

The ``maybe_extract_*`` methods are the interface third-party code (mitmproxy)
uses; they return ``bytearray`` as h11 0.16 did. The connection itself uses the
``extract_*`` / ``take`` methods, which return ``bytes``.
"""

from __future__ import annotations

from typing import SupportsIndex

from ._abnf import FIRST_BYTE_MIN
from ._util import LocalProtocolError

__all__ = ["ReceiveBuffer"]

_LF = 0x0A
_CR = 0x0D


def _too_long() -> LocalProtocolError:
    # RFC 9110 §15.5.20 / RFC 6585 §5: 431 Request Header Fields Too Large.
    return LocalProtocolError("Receive buffer too long", error_status_hint=431)


class ReceiveBuffer:
    """A growable byte buffer with resumable searches for line and head ends."""

    __slots__ = ("_blank_prefix", "_blank_prefix_done", "_data", "_head_search", "_line_search")

    def __init__(self) -> None:
        self._data = bytearray()
        # Where the next search for the end of a head / of a CRLF line starts.
        self._head_search = 0
        self._line_search = 0
        # Request heads only: length of the empty lines (RFC 9112 §2.2) seen so far
        # before the request line, and whether the request line itself has begun.
        self._blank_prefix = 0
        self._blank_prefix_done = False

    def __iadd__(self, byteslike: bytes | bytearray | memoryview) -> ReceiveBuffer:
        self._data += byteslike
        return self

    def __bool__(self) -> bool:
        return bool(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __bytes__(self) -> bytes:
        return bytes(self._data)

    def _consume(self, count: int) -> None:
        del self._data[:count]
        self._head_search = 0
        self._line_search = 0
        self._blank_prefix = 0
        self._blank_prefix_done = False

    # ---------------------------------------------------------------- used by readers

    def take(self, count: int) -> bytes:
        """Remove and return up to ``count`` bytes (the buffer must be non-empty)."""
        data = self._data
        if count >= len(data):
            out = bytes(data)
            data.clear()
        else:
            out = bytes(data[:count])
            del data[:count]
        self._head_search = 0
        self._line_search = 0
        self._blank_prefix = 0
        self._blank_prefix_done = False
        return out

    def skip_blank_lines(self) -> int | None:
        """Find where a request line starts, past any empty lines (RFC 9112 §2.2).

        Returns its offset, or ``None`` while the bytes seen so far are all empty
        lines (or end in a CR that may start one). Resumes where it stopped.
        """
        if self._blank_prefix_done:
            return self._blank_prefix
        data = self._data
        pos = self._blank_prefix
        end = len(data)
        while pos < end:
            byte = data[pos]
            if byte == _LF:
                pos += 1
            elif byte == _CR:
                if pos + 1 == end:
                    break  # a CR alone: wait to see if an LF follows
                if data[pos + 1] != _LF:
                    self._blank_prefix_done = True
                    break
                pos += 2
            else:
                self._blank_prefix_done = True
                break
        self._blank_prefix = pos
        return pos if self._blank_prefix_done else None

    def first_byte_is_invalid(self, offset: int) -> bool:
        """True if the byte at ``offset`` cannot begin a start line (it is < 0x21)."""
        data = self._data
        return len(data) > offset and data[offset] < FIRST_BYTE_MIN

    def extract_head(self, start: int = 0, max_size: int | None = None) -> bytes | None:
        """Remove a complete head that begins at ``start`` and return it.

        A head ends at the first LF followed by LF or CR LF (RFC 9112 §2.2 lets us
        accept bare LF as a line end). The bytes returned run from ``start`` to the
        end of the last line, without that line's terminator; bytes before ``start``
        (skipped empty lines) are consumed too. Returns ``None`` if the head is not
        complete yet. Returns ``b""`` if the bytes at ``start`` are an empty line.
        A complete head of more than ``max_size`` bytes (counting ``start`` and the
        terminator) is refused with the 431 error, however its bytes arrived.
        """
        data = self._data
        if data.startswith(b"\n", start):
            self._consume(start + 1)
            return b""
        if data.startswith(b"\r\n", start):
            self._consume(start + 2)
            return b""
        search = max(start, self._head_search)
        end = data.find(b"\n\r\n", search)
        end_lf = data.find(b"\n\n", search, end + 2 if end >= 0 else len(data))
        if end_lf >= 0 and (end < 0 or end_lf < end):
            consumed = end_lf + 2
            end = end_lf
        elif end >= 0:
            consumed = end + 3
        else:
            # Keep the last two bytes in the next search: they may begin a terminator.
            self._head_search = max(start, len(data) - 2)
            return None
        if max_size is not None and consumed > max_size:
            raise _too_long()
        if data[end - 1] == _CR:
            end -= 1
        head = bytes(data[start:end])
        self._consume(consumed)
        return head

    def extract_line(self, max_size: int | None = None) -> bytes | None:
        """Remove and return everything through the first CRLF, or ``None`` if none yet.

        A line of more than ``max_size`` bytes (CRLF included) is refused with the
        431 error.
        """
        data = self._data
        end = data.find(b"\r\n", self._line_search)
        if end < 0:
            self._line_search = max(0, len(data) - 1)
            return None
        if max_size is not None and end + 2 > max_size:
            raise _too_long()
        line = bytes(data[: end + 2])
        self._consume(end + 2)
        return line

    # ------------------------------------------------- h11 0.16 interface (mitmproxy)

    def maybe_extract_at_most(self, count: SupportsIndex) -> bytearray | None:
        """Remove and return up to ``count`` bytes, or ``None`` if the buffer is empty."""
        data = self._data
        if not data:
            return None
        out = data[:count]
        self._consume(len(out))
        return out

    def maybe_extract_next_line(self) -> bytearray | None:
        """Remove and return the bytes through the first CRLF (inclusive), or ``None``."""
        line = self.extract_line()
        return None if line is None else bytearray(line)

    def maybe_extract_lines(self) -> list[bytearray] | None:
        """Remove a head and return its lines (terminators removed), or ``None``.

        Returns ``[]`` if the buffer begins with an empty line (which is consumed).
        """
        head = self.extract_head()
        if head is None:
            return None
        if not head:
            return []
        lines = head.split(b"\n")
        return [bytearray(line[:-1] if line.endswith(b"\r") else line) for line in lines]

    def is_next_line_obviously_invalid_request_line(self) -> bool:
        """True if the buffer is non-empty and its first byte is below 0x21."""
        return self.first_byte_is_invalid(0)
