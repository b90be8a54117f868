"""The receive buffer: bytes the peer sent that no event has consumed yet.

Owns: storage of unconsumed bytes and the searches for message boundaries
(end of a head, end of a CRLF line, empty lines before a request line).

Never knows: grammar, states, events.

Representation: ``_data[_start:]`` are the unconsumed bytes. A ``bytes`` object
handed to ``receive_data`` into an empty buffer is kept as it is (no copy), so a
head or body that arrives in one read is sliced straight out of it, and a body
read that is consumed whole is passed on without any copy. Appending to a
non-empty buffer makes one new ``bytes`` object when what remains is no longer
than what arrives (a read ending inside a chunk or a head: copying at most twice
the new bytes), and otherwise switches to a ``bytearray`` (amortised O(1) appends,
for bytes trickling into a large remainder).

Invariants:
- every search remembers how far it got (``_head_search``, ``_line_search``,
  ``_blank_prefix``, as absolute offsets into ``_data``), so bytes arriving a few
  at a time are never searched twice: total search work is linear in the bytes
  received;
- consuming only moves ``_start``; the consumed prefix is dropped at the next
  append, so pipelined messages never cost quadratic copying;
- the remembered positions are reset whenever bytes are consumed;
- a reader's mark on an incomplete head (``set_scan_mark``) holds only while the bytes
  it is about stay where they are: it names the ``_data`` object and ``_start`` it was
  made with, so any consumption forgets it without costing the consuming paths anything,
  and dropping a consumed prefix (``append``) carries it over. A forgotten mark is
  dropped when it is next read or set, or a consumed prefix is dropped; until then it
  keeps the one object it names alive (a head's bytes, bounded like the buffer).

The ``maybe_extract_*`` methods are the interface third-party code (mitmproxy)
uses; they return ``bytearray`` as h11 0.16 did. The connection uses ``take``,
``extract_head`` and ``extract_line``, which return ``bytes``.
"""

from __future__ import annotations

from typing import Any, SupportsIndex

from ._abnf import FIRST_BYTE_MIN
from ._util import Buffer, LocalProtocolError

__all__ = ["ReceiveBuffer"]

_LF = 0x0A
_CR = 0x0D
_CR_LF = (_CR, _LF)


def _too_long() -> LocalProtocolError:
    # RFC 6585 §5: 431 Request Header Fields Too Large.
    return LocalProtocolError("Receive buffer too long", error_status_hint=431)


class ReceiveBuffer:
    """A byte buffer with resumable searches for line and head ends."""

    __slots__ = (
        "_blank_prefix",
        "_blank_prefix_done",
        "_data",
        "_head_search",
        "_line_search",
        "_scan",
        "_start",
    )

    def __init__(self) -> None:
        self._data: bytes | bytearray = b""
        self._start = 0
        # Where the next search for the end of a head / of a CRLF line starts.
        self._head_search = 0
        self._line_search = 0
        # Request heads only: end of the empty lines (RFC 9112 §2.2) seen so far before
        # the request line, and whether the request line itself has begun.
        self._blank_prefix = 0
        self._blank_prefix_done = False
        # A reader's mark (see set_scan_mark): (data, start, checked, note), valid while
        # _data is data and _start is start; checked is absolute, like the search positions.
        self._scan: tuple[bytes | bytearray, int, int, Any] | None = None

    def __iadd__(self, byteslike: Buffer) -> ReceiveBuffer:
        self.append(byteslike)
        return self

    def size(self) -> int:
        """The number of unconsumed bytes (``len(buf)``, without the dunder dispatch)."""
        return len(self._data) - self._start

    def append(self, byteslike: Buffer) -> None:
        """Add bytes at the end (``buf += byteslike``)."""
        data = self._data
        start = self._start
        if start == len(data):
            # Empty: keep an immutable bytes object as it is.
            # (memoryview() refuses what is not bytes-like, e.g. str or int.)
            # (An empty buffer's search positions are all 0 already: see _consume_to.)
            self._data = byteslike if type(byteslike) is bytes else bytes(memoryview(byteslike))
            return
        if not start and type(data) is bytearray and len(byteslike) < len(data):
            # Bytes trickling into an appendable remainder (a bytewise feed): what the
            # rules below come to, decided first.
            data += byteslike
            return
        # A short remainder and a longer read (a body read that ends inside a chunk or
        # head) become one new bytes object, which later slices cut without a
        # memoryview; copying at most twice what arrives keeps appends linear.
        joined = type(byteslike) is bytes and len(data) - start <= len(byteslike)
        if joined or start or type(data) is bytes:
            # Drop the consumed prefix (once per consumption, not per append).
            self._head_search -= start
            self._line_search -= start
            self._blank_prefix -= start
            self._start = 0
            old = data
            if joined:
                data = b"".join((memoryview(old)[start:], byteslike))
            else:
                # Otherwise make the rest appendable.
                data = bytearray(memoryview(old)[start:])
                data += byteslike
            self._data = data
            mark = self._scan
            if mark is not None:
                # The mark moves with the bytes it is about; a stale one is dropped here
                # (keeping no old bytes alive), for free.
                valid = mark[0] is old and mark[1] == start
                self._scan = (data, 0, mark[2] - start, mark[3]) if valid else None
            return
        data += byteslike

    def __bool__(self) -> bool:
        return len(self._data) > self._start

    def __len__(self) -> int:
        return len(self._data) - self._start

    def __bytes__(self) -> bytes:
        data = self._data
        if type(data) is bytes and not self._start:
            return data
        return bytes(memoryview(data)[self._start :])

    def _consume_to(self, end: int) -> None:
        """Mark everything before offset ``end`` of ``_data`` consumed.

        The one place the remembered search positions are reset: what they
        remembered was about bytes now consumed. An empty buffer keeps them all at 0
        (searches of an empty buffer leave them there), which ``append`` relies on.
        """
        if end >= len(self._data):
            self._data = b""
            end = 0
        self._start = self._head_search = self._line_search = self._blank_prefix = end
        self._blank_prefix_done = False

    # ---------------------------------------------------------------- used by readers

    def peek(self, begin: int, end: int) -> bytes:
        """A copy of the unconsumed bytes from offset ``begin`` to ``end`` (nothing consumed)."""
        start = self._start
        return bytes(memoryview(self._data)[start + begin : start + end])

    def scan_mark(self) -> tuple[bytes | bytearray, int, int, Any]:
        """A reader's mark on the unconsumed bytes, for scanning them in place.

        Returns ``(data, start, checked, note)``: the unconsumed bytes are
        ``data[start:]`` (read them, do not keep them), the reader noted ``note`` about
        those before offset ``checked`` of ``data`` (``start`` and ``None`` if there is
        no mark). A mark is forgotten once any byte is consumed: a reader checking an
        incomplete head uses it to check each byte once, however the head arrives.
        """
        data = self._data
        start = self._start
        mark = self._scan
        if mark is not None:
            if mark[0] is data and mark[1] == start:
                return data, start, mark[2], mark[3]
            self._scan = None  # (keep no old bytes alive)
        return data, start, start, None

    def set_scan_mark(self, checked: int, note: Any) -> None:
        """Note ``note`` about the bytes before offset ``checked`` of ``scan_mark``'s data."""
        self._scan = (self._data, self._start, checked, note)

    def take(self, count: int) -> bytes:
        """Remove and return up to ``count`` bytes (``b""`` if the buffer is empty)."""
        data = self._data
        start = self._start
        end = start + count
        if end >= len(data):
            if start or type(data) is not bytes:
                data = data[start:] if type(data) is bytes else bytes(memoryview(data)[start:])
            # else: the whole of a bytes object the caller gave us: no copy at all.
            out = data
        else:
            out = data[start:end] if type(data) is bytes else bytes(memoryview(data)[start:end])
        # (_consume_to(end), inlined: this runs once per body read; tests/test_receivebuffer.py
        # checks that it leaves the buffer exactly as _consume_to does.)
        if end >= len(data):
            self._data = b""
            end = 0
        self._start = self._head_search = self._line_search = self._blank_prefix = end
        self._blank_prefix_done = False
        return out

    def skip_blank_lines(self) -> int | None:
        """Find where a request line starts, past any empty lines (RFC 9112 §2.2).

        Returns its offset in the buffer, or ``None`` while the bytes seen so far are
        all empty lines (or end in a CR that may start one). Resumes where it stopped.
        """
        start = self._start
        if self._blank_prefix_done:
            return self._blank_prefix - start
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
        return pos - start if self._blank_prefix_done else None

    def extract_request_head(self, max_size: int | None) -> bytes | None:
        """Skip empty lines, then remove and return a complete request head, or ``None``.

        ``skip_blank_lines`` and ``extract_nonempty_head`` in one call, for the
        connection's request reader. When ``None`` is returned because the head is
        incomplete, ``request_line_started_badly`` tells whether its first byte could
        not begin a request line.
        """
        if self._blank_prefix_done:
            offset = self._blank_prefix - self._start
        else:
            start = self._start
            data = self._data
            if start < len(data) and data[start] not in _CR_LF:
                # No empty line to skip (the usual case).
                self._blank_prefix = start
                self._blank_prefix_done = True
                offset = 0
            else:
                skipped = self.skip_blank_lines()
                if skipped is None:
                    return None
                offset = skipped
        return self.extract_nonempty_head(offset, max_size)

    @property
    def request_line_offset_known(self) -> bool:
        """True once the empty lines before a request line have all been seen."""
        return self._blank_prefix_done

    @property
    def request_line_started_badly(self) -> bool:
        """True if the first byte after the skipped empty lines is below 0x21."""
        if not self._blank_prefix_done:
            return False
        return self._data[self._blank_prefix] < FIRST_BYTE_MIN

    def first_byte_is_invalid(self, offset: int) -> bool:
        """True if the byte at ``offset`` cannot begin a start line (it is < 0x21)."""
        pos = self._start + offset
        data = self._data
        return len(data) > pos and data[pos] < FIRST_BYTE_MIN

    def extract_head(self, offset: int = 0, max_size: int | None = None) -> bytes | None:
        """Remove a complete head that begins at ``offset`` and return it.

        A head ends at the first LF followed by LF or CR LF (RFC 9112 §2.2 lets us
        accept bare LF as a line end). The bytes returned run from ``offset`` to the
        end of the last line, without that line's terminator; bytes before ``offset``
        (skipped empty lines) are consumed too. Returns ``None`` if the head is not
        complete yet, and ``b""`` if the bytes at ``offset`` are an empty line.
        A complete head of more than ``max_size`` bytes (counting ``offset`` and the
        terminator) is refused with the 431 error, however its bytes arrived.
        """
        data = self._data
        begin = self._start + offset
        if data.startswith(b"\n", begin):
            self._consume_to(begin + 1)
            return b""
        if data.startswith(b"\r\n", begin):
            self._consume_to(begin + 2)
            return b""
        return self.extract_nonempty_head(offset, max_size)

    def extract_nonempty_head(self, offset: int, max_size: int | None) -> bytes | None:
        """``extract_head`` when the bytes at ``offset`` are known not to be an empty line."""
        data = self._data
        start = self._start
        begin = start + offset
        search = self._head_search
        if search <= begin:
            search = begin  # the first search for this head
        elif data.find(b"\n", search) < 0:
            # Every terminator starts with an LF; none arrived since the last search.
            self._head_search = max(begin, len(data) - 2)
            return None
        end = data.find(b"\n\r\n", search)
        if end >= 0:
            # An earlier LF LF ends the head first (bare LF line ends).
            end_lf = data.find(b"\n\n", search, end + 2)
            if end_lf >= 0:
                consumed = end_lf + 2
                end = end_lf
            else:
                consumed = end + 3
        else:
            end = data.find(b"\n\n", search)
            if end < 0:
                # The last two bytes may begin a terminator: search them again next time.
                self._head_search = max(begin, len(data) - 2)
                return None
            consumed = end + 2
        if max_size is not None and consumed - start > max_size:
            raise _too_long()
        if data[end - 1] == _CR:
            end -= 1
        head = data[begin:end] if type(data) is bytes else bytes(memoryview(data)[begin:end])
        # Consumed through the terminator. (_consume_to(consumed), inlined: this runs once
        # per head; checked against it like take's.)
        if consumed >= len(data):
            self._data = b""
            consumed = 0
        self._start = self._head_search = self._line_search = self._blank_prefix = consumed
        self._blank_prefix_done = False
        return head

    def extract_line(self, max_size: int | None = None, after_crlf: bool = False) -> bytes | None:
        """Remove and return everything through the first CRLF, or ``None`` if none yet.

        A line of more than ``max_size`` bytes (CRLF included) is refused with the
        431 error. With ``after_crlf`` (the chunk-size line after chunk data), the
        buffer must begin with a CRLF, which is consumed first: ``None`` then means
        it does not (nothing is consumed), and ``b""`` that the CRLF was consumed but
        the line after it is not complete.
        """
        data = self._data
        start = self._start
        if after_crlf:
            if not data.startswith(b"\r\n", start):
                return None
            start += 2
            search = start
        else:
            search = self._line_search
        end = data.find(b"\r\n", search if search > start else start)
        if end < 0:
            if not after_crlf:
                self._line_search = max(start, len(data) - 1)
                return None
            self._consume_to(start)  # the CRLF
            self._line_search = max(self._start, len(self._data) - 1)
            return b""
        end += 2
        if max_size is not None and end - start > max_size:
            if after_crlf:
                self._consume_to(start)
            raise _too_long()
        line = data[start:end] if type(data) is bytes else bytes(memoryview(data)[start:end])
        # (_consume_to(end), inlined: this runs once per chunk of a chunked body; checked
        # against it like take's.)
        if end >= len(data):
            self._data = b""
            end = 0
        self._start = self._head_search = self._line_search = self._blank_prefix = end
        self._blank_prefix_done = False
        return line

    # ------------------------------------------------- h11 0.16 interface (mitmproxy)

    def maybe_extract_at_most(self, count: SupportsIndex) -> bytearray | None:
        """Remove and return up to ``count`` bytes, or ``None`` if the buffer is empty."""
        if not self:
            return None
        return bytearray(self.take(count.__index__()))

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
        # extract_head already removed the last line's CR; remove one from the others.
        *lines, last = head.split(b"\n")
        out = [bytearray(line[:-1] if line.endswith(b"\r") else line) for line in lines]
        out.append(bytearray(last))
        return out

    def is_next_line_obviously_invalid_request_line(self) -> bool:
        """True if the buffer is non-empty and its first byte is below 0x21."""
        return self.first_byte_is_invalid(0)
