"""Turning received bytes into events: head parsers and body readers.

Owns: parsing a request or response head in one pass (start line, header lines,
and the framing facts, RFC 9112 §2-§6), the request-target forms of RFC 9112 §3.2,
and the three body readers (fixed length, chunked with trailers, until close),
RFC 9112 §6-§7.

Never knows: states or roles. The connection picks a reader when the peer's
state changes and calls it with the receive buffer.

Reader protocol: ``reader(buf)`` returns an event, ``PAUSED``-like sentinel
(only the connection's own readers do), or ``None`` when it needs more bytes. It
consumes bytes only when it returns an event, except body readers, which
consume what they return. Body readers also have ``read_eof()``, called when the
stream has ended and the buffer is empty. Every problem is raised as a
``LocalProtocolError``; the connection turns it into a ``RemoteProtocolError``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import _events
from ._abnf import (
    ABSOLUTE_FORM_PREFIX_RE,
    AUTHORITY_FORM_RE,
    CHUNK_HEADER_RE,
    HEADER_FIELD_RE,
    REQUEST_LINE_RE,
    STATUS_LINE_RE,
    TOKEN_RE,
)
from ._events import (
    Data,
    EndOfMessage,
    InformationalResponse,
    Request,
    Response,
    make_data,
    make_end_of_message,
    make_request,
    make_response,
)
from ._headers import (
    EMPTY_HEADERS,
    FLAG_CHUNKED,
    FLAG_HOST,
    FLAG_MULTIPLE_HOST,
    SPECIAL_HEADERS,
    Headers,
    build_headers,
    framing_facts,
    normalize_and_validate,
)
from ._receivebuffer import ReceiveBuffer
from ._util import LocalProtocolError, RemoteProtocolError

__all__ = [
    "READERS",
    "ChunkedReader",
    "ContentLengthReader",
    "Http10Reader",
    "expect_nothing",
    "maybe_read_from_IDLE_client",
    "maybe_read_from_SEND_RESPONSE_server",
]

# --------------------------------------------------------------------------- heads

# Raw header name -> lowercased name, for names already checked to be tokens. Real
# traffic repeats a few dozen names; bounded so hostile peers cannot grow them.
_NAME_CACHE: dict[bytes, bytes] = {}  # names without a built-in meaning
_SPECIAL_NAME_CACHE: dict[bytes, bytes] = {}  # spellings of SPECIAL_HEADERS
_NAME_CACHE_MAX_ENTRIES = 1024
_NAME_CACHE_MAX_NAME = 64

# Bytes that may appear in a head only as part of a CRLF line end (CR, LF) or never
# (NUL, VT, FF: RFC 9110 §5.5 forbids them in field values; h11 0.16 did too).
_LINE_END_AND_FORBIDDEN = b"\r\n\x00\x0b\x0c"

HeaderItems = list[tuple[bytes, bytes, bytes]]


def _illegal_header_line(line: bytes) -> LocalProtocolError:
    return LocalProtocolError(f"illegal header line: {bytearray(line)!r}")


def _check_name(name: bytes, sep: bytes) -> bytes | None:
    """Return a header name not in the main cache lowercased, or None if it is not one.

    ``sep`` is the colon that must follow the name.
    """
    lname = _SPECIAL_NAME_CACHE.get(name)
    if lname is not None and sep:
        return lname
    if not sep or TOKEN_RE.fullmatch(name) is None:
        return None
    lname = name.lower()
    cache = _SPECIAL_NAME_CACHE if lname in SPECIAL_HEADERS else _NAME_CACHE
    if len(name) <= _NAME_CACHE_MAX_NAME and len(cache) < _NAME_CACHE_MAX_ENTRIES:
        cache[name] = lname
    return lname


def split_lines(block: bytes) -> tuple[list[bytes], bool]:
    """Split a head or trailer block into lines; say whether the fast path may take them.

    RFC 9112 §2.2: lines end with CRLF, and a recipient MAY accept a bare LF. The
    common case, CRLF everywhere and none of NUL/VT/FF, is recognised with one
    ``split`` and one ``translate``: the block is "clean" when the only CR and LF
    bytes are those of the CRLFs we split on. Otherwise lines are split on LF with
    one CR removed from each line end (the last line's was removed when the head
    was found); a CR left anywhere fails the grammar of its line.
    """
    lines = block.split(b"\r\n")
    if len(block.translate(None, _LINE_END_AND_FORBIDDEN)) == len(block) - 2 * len(lines) + 2:
        return lines, True
    *lines, last = block.split(b"\n")
    lines = [line[:-1] if line.endswith(b"\r") else line for line in lines]
    lines.append(last)
    return lines, False


def parse_header_lines(lines: list[bytes], clean: bool) -> tuple[HeaderItems, list[int]]:
    """Parse field lines (RFC 9112 §5) into triples, noting the special ones.

    One pass: each line is split at its first colon, the name found in the cache
    of known-good names (or checked and cached), the value stripped of OWS. For a
    clean block (see ``split_lines``) that is all the field-value grammar needs.
    Returns the triples and the indexes of the headers ``build_headers`` must
    interpret.
    """
    if not clean:
        return _parse_header_lines_carefully(lines)
    items: HeaderItems = []
    specials: list[int] = []
    cache_get = _NAME_CACHE.get
    for line in lines:
        name, sep, value = line.partition(b":")
        lname = cache_get(name)
        if lname is None or not sep:
            lname = _check_name(name, sep)
            if lname is None:
                # Not a field line as it stands: obsolete line folding, or an error
                # the careful path will describe exactly.
                return _parse_header_lines_carefully(lines)
            if lname in SPECIAL_HEADERS:
                specials.append(len(items))
        items.append((name, lname, value.strip(b" \t")))
    if specials:
        _check_transfer_encoding_lines(lines, items, specials)
    return items, specials


def _check_transfer_encoding_lines(
    lines: list[bytes], items: HeaderItems, specials: list[int]
) -> None:
    # RFC 9110 §5.5 makes trailing SP and HTAB alike OWS, so "chunked<HTAB>" is "chunked".
    # llhttp strips a trailing SP but keeps an HTAB, and then reads such a response until
    # the connection closes: two readings of one message. We refuse the ambiguity.
    for index in specials:
        if items[index][1] == b"transfer-encoding" and lines[index].rstrip(b" ").endswith(b"\t"):
            raise LocalProtocolError("Transfer-Encoding value followed by a tab is ambiguous")


def _parse_header_lines_carefully(lines: list[bytes]) -> tuple[HeaderItems, list[int]]:
    # RFC 9112 §5.2: a line starting with SP/HTAB continues the previous one (obsolete
    # line folding); replace the fold and its leading whitespace by one SP. Then check
    # each line against the full field-line grammar.
    unfolded: list[bytes] = []
    for line in lines:
        if line.startswith((b" ", b"\t")):
            if not unfolded:
                raise LocalProtocolError("continuation line at start of headers")
            unfolded[-1] += b" " + line.lstrip(b" \t")
        else:
            unfolded.append(line)
    items: HeaderItems = []
    specials: list[int] = []
    for line in unfolded:
        match = HEADER_FIELD_RE.fullmatch(line)
        if match is None:
            raise _illegal_header_line(line)
        name, value = match.group("field_name", "field_value")
        lname = name.lower()
        if lname in SPECIAL_HEADERS:
            specials.append(len(items))
        items.append((name, lname, value))
    if specials:
        _check_transfer_encoding_lines(unfolded, items, specials)
    return items, specials


def _headers_from_lines(lines: list[bytes], clean: bool) -> Headers:
    if not lines:
        if _is_patched():
            return _events.normalize_and_validate([], _parsed=True)
        return EMPTY_HEADERS
    items, specials = parse_header_lines(lines, clean)
    if _is_patched():
        # h11._events.normalize_and_validate was replaced: give the replacement the
        # (name, value) pairs and let it apply the Content-Length/Transfer-Encoding
        # rules (or not), as h11 0.16 did.
        return _events.normalize_and_validate(
            [(name, value) for name, _, value in items], _parsed=True
        )
    return build_headers(items, specials)


def _is_patched() -> bool:
    return _events.normalize_and_validate is not normalize_and_validate


def parse_request_head(head: bytes) -> Request:
    """Build a ``Request`` from a complete head (start line through the last header)."""
    lines, clean = split_lines(head)
    request_line = lines[0]
    match = REQUEST_LINE_RE.fullmatch(request_line)
    if match is None:
        raise LocalProtocolError(f"illegal request line: {bytearray(request_line)!r}")
    method, target, http_version = match.groups()
    del lines[0]
    if lines and _events.normalize_and_validate is normalize_and_validate:
        headers = build_headers(*parse_header_lines(lines, clean))
    else:
        headers = _headers_from_lines(lines, clean)
    flags = headers._flags
    if flags < 0:
        flags = framing_facts(headers)[0]
    # The checks Request() makes (RFC 9112 §3.2 Host rules); method and target
    # characters were checked by the request-line grammar.
    if flags & FLAG_MULTIPLE_HOST:
        raise LocalProtocolError("Found multiple Host: headers")
    if not flags & FLAG_HOST and http_version == b"1.1":
        raise LocalProtocolError("Missing mandatory Host: header")
    if target[0] != 0x2F or method == b"CONNECT":  # anything but origin-form ("/...")
        _check_request_target(method, target, http_version)
        if method == b"CONNECT" and (flags & FLAG_CHUNKED or headers._content_length):
            # RFC 9110 §9.3.6: the bytes after a CONNECT head belong to the tunnel;
            # reading some of them as a body would frame the stream unlike other servers.
            raise LocalProtocolError("CONNECT request must not have a body")
    if flags & FLAG_CHUNKED:
        _check_received_framing(http_version, flags)
    return make_request(method, headers, target, http_version)


def _check_request_target(method: bytes, target: bytes, http_version: bytes) -> None:
    """Refuse request-targets of none of the forms of RFC 9112 §3.2 for ``method``.

    origin-form ("/..."); absolute-form ("scheme:..."); authority-form
    ("host:port", CONNECT only, and CONNECT only uses it); asterisk-form ("*",
    OPTIONS only, plus the HTTP/2 connection preface "PRI * HTTP/2.0").
    """
    if method == b"CONNECT":
        if AUTHORITY_FORM_RE.fullmatch(target) is None:
            raise LocalProtocolError(f"illegal request target: {target!r}")
    elif target[0] != 0x2F:  # "/": origin-form, by far the most common
        if target == b"*":
            if method == b"OPTIONS" or (method == b"PRI" and http_version == b"2.0"):
                return
        elif (
            ABSOLUTE_FORM_PREFIX_RE.match(target) is not None
            # "host:port" also parses as scheme ":" path; it is the authority-form,
            # which only CONNECT may use.
            and AUTHORITY_FORM_RE.fullmatch(target) is None
        ):
            return
        raise LocalProtocolError(f"illegal request target: {target!r}")


def _check_received_framing(http_version: bytes, flags: int) -> None:
    # RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 message means faulty framing
    # (a 1.0 recipient would ignore it and read the body differently).
    if flags & FLAG_CHUNKED and http_version < b"1.1":
        raise LocalProtocolError("Transfer-Encoding is not allowed in HTTP/1.0 messages")


def parse_response_head(head: bytes) -> InformationalResponse | Response:
    """Build an ``InformationalResponse`` or ``Response`` from a complete head."""
    lines, clean = split_lines(head)
    status_line = lines[0]
    match = STATUS_LINE_RE.fullmatch(status_line)
    if match is None:
        raise LocalProtocolError(f"illegal status line: {bytearray(status_line)!r}")
    http_version, status, reason = match.groups()
    status_code = int(status)
    if status_code < 100:
        raise LocalProtocolError(
            f"InformationalResponse status_code should be in range [100, 200), not {status_code}"
        )
    del lines[0]
    headers = _headers_from_lines(lines, clean)
    _check_received_framing(http_version, framing_facts(headers)[0])
    if status_code < 200:
        return make_response(
            InformationalResponse, headers, http_version, reason or b"", status_code
        )
    return make_response(Response, headers, http_version, reason or b"", status_code)


def parse_trailers(block: bytes) -> EndOfMessage:
    """Build the ``EndOfMessage`` carrying the trailer section (RFC 9112 §7.1.2)."""
    lines, clean = split_lines(block)
    return make_end_of_message(_headers_from_lines(lines, clean))


def request_head_reader(max_size: int | None) -> Callable[[ReceiveBuffer], Request | None]:
    """Make the reader of request heads; empty lines before a request line are skipped.

    ``max_size`` bounds a head (None: no bound).
    """

    def read_request_head(buf: ReceiveBuffer) -> Request | None:
        head = buf.extract_request_head(max_size)
        if head is None:
            # RFC 9112 §3: a request line starts with a method, i.e. a tchar. Fail early
            # on anything below 0x21 (TLS handshakes, stray whitespace, NULs).
            if buf.request_line_started_badly:
                raise LocalProtocolError("illegal request line")
            return None
        return parse_request_head(head)

    return read_request_head


def response_head_reader(
    max_size: int | None,
) -> Callable[[ReceiveBuffer], InformationalResponse | Response | None]:
    """Make the reader of status lines and headers; a leading empty line is an error.

    ``max_size`` bounds a head (None: no bound).
    """

    def read_response_head(buf: ReceiveBuffer) -> InformationalResponse | Response | None:
        head = buf.extract_head(0, max_size)
        if head is None:
            if buf.first_byte_is_invalid(0):
                raise LocalProtocolError("illegal request line")
            return None
        if not head:
            raise LocalProtocolError("no response line received")
        return parse_response_head(head)

    return read_response_head


_read_request_head_unbounded = request_head_reader(None)
_read_response_head_unbounded = response_head_reader(None)


def maybe_read_from_IDLE_client(buf: ReceiveBuffer) -> Request | None:
    """Read a request head from ``buf`` (no size limit), or return ``None``."""
    return _read_request_head_unbounded(buf)


def maybe_read_from_SEND_RESPONSE_server(
    buf: ReceiveBuffer,
) -> InformationalResponse | Response | None:
    """Read a response head from ``buf`` (no size limit), or return ``None``."""
    return _read_response_head_unbounded(buf)


def expect_nothing(buf: ReceiveBuffer) -> None:
    """Reader for a peer that must not send anything more (MUST_CLOSE, CLOSED)."""
    if buf:
        raise LocalProtocolError("Got data when expecting EOF")


# ---------------------------------------------------------------------------- bodies


class ContentLengthReader:
    """A body of exactly ``length`` bytes (RFC 9112 §6.2)."""

    __slots__ = ("_length", "_remaining")

    def __init__(self, length: int) -> None:
        self._length = length
        self._remaining = length

    def __call__(self, buf: ReceiveBuffer) -> Data | EndOfMessage | None:
        remaining = self._remaining
        if not remaining:
            return make_end_of_message()
        if not buf:
            return None
        data = buf.take(remaining)
        self._remaining = remaining - len(data)
        return make_data(data, False, False)

    def read_eof(self) -> Data | EndOfMessage:
        raise RemoteProtocolError(
            "peer closed connection without sending complete message body "
            f"(received {self._length - self._remaining} bytes, expected {self._length})"
        )


_HEXDIGITS = b"0123456789abcdefABCDEF"


def _chunk_size(line: bytes) -> int:
    """The size of a chunk-size line (RFC 9112 §7.1, with extensions per §7.1.1)."""
    digits = line[:-2]
    # The usual line: hex digits and CRLF. They are checked before int() sees them: int()
    # would also take "0x", "_", signs and whitespace.
    if digits and len(digits) <= 20 and not digits.translate(None, _HEXDIGITS):
        return int(digits, 16)
    match = CHUNK_HEADER_RE.fullmatch(line)
    if match is None:
        raise LocalProtocolError(f"illegal chunk header: {bytearray(line)!r}")
    return int(match.group("chunk_size"), 16)


class ChunkedReader:
    """A chunked body (RFC 9112 §7.1): chunks, the last chunk, then trailers.

    ``max_size`` bounds a chunk-size line and the trailer section (None: no bound).
    """

    __slots__ = ("_bytes_in_chunk", "_chunk_start", "_footer", "_in_trailers", "max_size")

    def __init__(self, max_size: int | None = None) -> None:
        self.max_size = max_size
        self._bytes_in_chunk = 0  # data bytes of the current chunk not yet delivered
        self._chunk_start = False  # the next Data begins a chunk
        self._footer = b""  # part of the CRLF after chunk data still expected
        self._in_trailers = False

    def __call__(self, buf: ReceiveBuffer) -> Data | EndOfMessage | None:
        if not self._bytes_in_chunk:
            if self._footer and not (self._footer == b"\r\n" and buf.consume_prefix(b"\r\n")):
                # RFC 9112 §7.1: chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF.
                # Check the CRLF byte by byte as it arrives: anything else means the
                # sender and we disagree about where the chunk ended (smuggling).
                expected = self._footer
                got = buf.take(len(expected)) if buf else b""
                if not expected.startswith(got):
                    raise LocalProtocolError(
                        f"malformed chunk footer: {bytearray(got)!r} (expected {expected!r})"
                    )
                self._footer = expected[len(got) :]
                if self._footer:
                    return None
            self._footer = b""
            if self._in_trailers:
                return self._read_trailers(buf)
            line = buf.extract_line(self.max_size)
            if line is None:
                return None
            size = _chunk_size(line)
            if not size:
                self._in_trailers = True
                return self._read_trailers(buf)
            self._bytes_in_chunk = size
            self._chunk_start = True
        if not buf:
            return None
        data = buf.take(self._bytes_in_chunk)
        remaining = self._bytes_in_chunk - len(data)
        self._bytes_in_chunk = remaining
        chunk_start = self._chunk_start
        self._chunk_start = False
        if remaining:
            return make_data(data, chunk_start, False)
        self._footer = b"\r\n"
        return make_data(data, chunk_start, True)

    def _read_trailers(self, buf: ReceiveBuffer) -> EndOfMessage | None:
        block = buf.extract_head(0, self.max_size)
        if block is None:
            return None
        if not block:
            return make_end_of_message()
        return parse_trailers(block)

    def read_eof(self) -> Data | EndOfMessage:
        raise RemoteProtocolError(
            "peer closed connection without sending complete message body "
            "(incomplete chunked read)"
        )


class Http10Reader:
    """A body delimited by the peer closing the connection (RFC 9112 §6.3 rule 8)."""

    __slots__ = ()

    def __call__(self, buf: ReceiveBuffer) -> Data | None:
        if not buf:
            return None
        return make_data(buf.take(len(buf)), False, False)

    def read_eof(self) -> EndOfMessage:
        return make_end_of_message()


# h11 0.16's table of readers by (role, state); the connection does not use it.
READERS: dict[Any, Any] = {}


def _fill_readers() -> None:
    from ._state import CLIENT, CLOSED, DONE, IDLE, MUST_CLOSE, SEND_BODY, SEND_RESPONSE, SERVER

    READERS.update(
        {
            (CLIENT, IDLE): maybe_read_from_IDLE_client,
            (SERVER, IDLE): maybe_read_from_SEND_RESPONSE_server,
            (SERVER, SEND_RESPONSE): maybe_read_from_SEND_RESPONSE_server,
            (CLIENT, DONE): expect_nothing,
            (CLIENT, MUST_CLOSE): expect_nothing,
            (CLIENT, CLOSED): expect_nothing,
            (SERVER, DONE): expect_nothing,
            (SERVER, MUST_CLOSE): expect_nothing,
            (SERVER, CLOSED): expect_nothing,
            SEND_BODY: {
                "chunked": ChunkedReader,
                "content-length": ContentLengthReader,
                "http/1.0": Http10Reader,
            },
        }
    )


_fill_readers()
