"""Turning received bytes into events: head parsers and body readers.

Owns: parsing a request or response head in one pass (start line, header lines,
and the framing facts, RFC 9112 §2-§6), the request-target forms of RFC 9112 §3.2,
the three body readers (fixed length, chunked with trailers, until close),
RFC 9112 §6-§7, each applying the limits and leniency of a ``ConnectionOptions``
(``h11._options``) when the connection has one.

Never knows: states or roles. The connection picks a reader when the peer's
state changes and calls it with the receive buffer.

Reader protocol: ``reader(buf)`` returns an event, ``PAUSED``-like sentinel
(only the connection's own readers do), or ``None`` when it needs more bytes. It
consumes bytes only when it returns an event, except body readers, which
consume what they return. Body readers also have ``read_eof()``, called when the
stream has ended and the buffer is empty. Every problem is raised as a
``LocalProtocolError``; the connection turns it into a ``RemoteProtocolError``.

Invariants: with the default options every head takes exactly the path it took
before options existed (limits and leniency cost one check per head, never per
byte). Limits are checked on complete units only (a whole head, trailer section
or chunk-size line), after ``max_incomplete_event_size``, so their outcome never
depends on how the peer's bytes were split. While a head, chunk-size line or
trailer section waits for more bytes, the new bytes are checked for a first
impossible byte (docs/differences.rst, H10), each byte once (for heads, the
connection asks, by ``check_incomplete_head`` and ``recheck_incomplete_head``); a
complete unit is checked so only on its error path, where that error comes before
the others, so that it does not depend on the split either. Leniency only widens
the grammar of lines whose meaning cannot move a message boundary. Errors from
parsing record the line they are about (``line``/``offset`` and a note), on the
error path only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import _events
from ._abnf import (
    ABSOLUTE_FORM_PREFIX_RE,
    AUTHORITY_FORM_RE,
    CHUNK_HEADER_RE,
    IMPOSSIBLE,
    REQUEST_HEAD_CONTROL_TABLE,
    REQUEST_LINE_RE,
    TOKEN_RE,
    HeadGrammar,
    byte_table,
    head_grammar,
    scan_chunk_line,
    scan_head,
)
from ._caches import BoundedCache
from ._events import (
    NO_TRAILERS,
    ConnectionClosed,
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
from ._framing import BODY_FRAMINGS, CHUNKED
from ._headers import (
    CREDENTIAL_FIELDS,
    EMPTY_HEADERS,
    FLAG_BAD_HOST,
    FLAG_CHUNKED,
    FLAG_HOST,
    FLAG_MULTIPLE_HOST,
    SPECIAL_HEADERS,
    Headers,
    bad_host_error,
    build_headers,
    framing_facts,
    mark_lenient,
    mark_not_reusable,
    normalize_and_validate,
)
from ._options import DEFAULT_OPTIONS, REQUEST_OPTIONS, ConnectionOptions
from ._receivebuffer import ReceiveBuffer
from ._util import (
    LocalProtocolError,
    RemoteProtocolError,
    at_field,
    at_line,
    excerpt,
    locate,
    take_location,
)

__all__ = [
    "EMPTY_BODY",
    "READERS",
    "ChunkedReader",
    "ContentLengthReader",
    "Http10Reader",
    "body_reader",
    "expect_nothing",
    "maybe_read_from_IDLE_client",
    "maybe_read_from_SEND_RESPONSE_server",
]

# --------------------------------------------------------------------------- heads

# Raw header name -> lowercased name, for names already checked to be tokens. Real
# traffic repeats a few dozen names; bounded so hostile peers cannot grow them.
_NAME_CACHE_MAX_ENTRIES = 1024
_NAME_CACHE_MAX_NAME = 64
_NAME_CACHE: BoundedCache[bytes, bytes] = BoundedCache(
    "h11._readers._NAME_CACHE",
    "a received header name without a built-in meaning -> its lowercased form",
    max_entries=_NAME_CACHE_MAX_ENTRIES,
    max_length=_NAME_CACHE_MAX_NAME,
    when_full="keep",
)
_SPECIAL_NAME_CACHE: BoundedCache[bytes, bytes] = BoundedCache(
    "h11._readers._SPECIAL_NAME_CACHE",
    "a received spelling of a name with a built-in meaning (Host, Content-Length, ...) "
    "-> its lowercased form",
    max_entries=_NAME_CACHE_MAX_ENTRIES,
    max_length=_NAME_CACHE_MAX_NAME,
    when_full="keep",
)

# Whole field lines -> their parsed (name, lowercased name, value), for lines of a
# clean block (see split_lines) whose name has no built-in meaning: what clients send
# again and again (User-Agent, Accept, ...) is parsed once. The key is the line's exact
# bytes, so a hit gives what parsing that line gives. Bounded in entries (emptied when
# full, so one-off lines cannot freeze it) and line length. Credentials (CREDENTIAL_FIELDS)
# are never kept: holding them after their connection ends would keep secrets in memory
# for no reason.
_LINE_CACHE_MAX_ENTRIES = 512
_LINE_CACHE_MAX_LINE = 256
_LINE_CACHE: BoundedCache[bytes, tuple[bytes, bytes, bytes]] = BoundedCache(
    "h11._readers._LINE_CACHE",
    "a received field line of a clean head, for a name without a built-in meaning and "
    "never a credential -> its parsed (name, lowercased name, value)",
    max_entries=_LINE_CACHE_MAX_ENTRIES,
    max_length=_LINE_CACHE_MAX_LINE,
    when_full="empty",
)
# The same for lines of the fields with a built-in meaning (Host, Connection,
# Content-Length, Upgrade, Expect): only their splitting is remembered; build_headers
# interprets them every time. Transfer-Encoding lines are never kept (their raw line is
# checked again for a trailing tab).
_SPECIAL_LINE_CACHE: BoundedCache[bytes, tuple[bytes, bytes, bytes]] = BoundedCache(
    "h11._readers._SPECIAL_LINE_CACHE",
    "a received field line of a clean head with a built-in meaning, never "
    "Transfer-Encoding -> its split (name, lowercased name, value); its meaning is "
    "read every time",
    max_entries=_LINE_CACHE_MAX_ENTRIES,
    max_length=_LINE_CACHE_MAX_LINE,
    when_full="empty",
)

HeaderItems = list[tuple[bytes, bytes, bytes]]

# What the notes call the units.
_REQUEST = "the request head"
_RESPONSE = "the response head"
_TRAILERS = "the trailer section"


def _locate(exc: LocalProtocolError, block: bytes, first: int, where: str) -> None:
    """Turn what ``at_line``/``at_field`` recorded on ``exc`` into its ``line`` and ``offset``.

    ``block`` is the head (``first=1``: its start line comes before the header
    lines) or trailer section (``first=0``) the error was found in. Error path only.
    """
    recorded_line, recorded_field = take_location(exc)
    if exc.line is not None:
        return
    lines = block.split(b"\n")
    if recorded_line is not None:
        index = first + recorded_line
    elif recorded_field is not None:
        index = _field_start(lines, first, recorded_field)
    else:
        return
    line = lines[index]
    locate(
        exc,
        line[:-1] if line.endswith(b"\r") else line,
        sum(len(before) + 1 for before in lines[:index]),
        f"{where} (line {index + 1})",
    )


def _field_start(lines: list[bytes], first: int, field: int) -> int:
    """The index of the line where the ``field``-th field (from 0) of a section begins."""
    starts = [i for i in range(first, len(lines)) if not lines[i].startswith((b" ", b"\t"))]
    return starts[field] if field < len(starts) else first


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
    (_SPECIAL_NAME_CACHE if lname in SPECIAL_HEADERS else _NAME_CACHE).remember(
        name, lname, len(name)
    )
    return lname


def split_lines(block: bytes) -> tuple[list[bytes], bool]:
    """Split a head or trailer block into lines; say whether the fast path may take them.

    RFC 9112 §2.2: lines end with CRLF, and a recipient MAY accept a bare LF. The
    common case, CRLF everywhere and none of NUL/VT/FF, is recognised with one
    ``split``, one ``join`` and five ``memchr`` scans: the block is "clean" when the
    only CR and LF bytes are those of the CRLFs we split on, i.e. when the lines
    joined back without them hold no CR, LF, NUL, VT or FF. Otherwise lines are split
    on LF with one CR removed from each line end (the last line's was removed when the
    head was found); a CR left anywhere fails the grammar of its line.
    """
    lines = block.split(b"\r\n")
    # CR and LF may appear in a head only as CRLF line ends; NUL, VT and FF never (RFC
    # 9110 §5.5 forbids them in field values; h11 0.16 did too). (`int in bytes` is a
    # memchr; a one-byte bytes operand would cost far more.)
    joined = b"".join(lines)
    if not (13 in joined or 10 in joined or 0 in joined or 11 in joined or 12 in joined):
        return lines, True
    *lines, last = block.split(b"\n")
    lines = [line[:-1] if line.endswith(b"\r") else line for line in lines]
    lines.append(last)
    return lines, False


def _check_line_limits(
    lines: list[bytes], first: int, options: ConnectionOptions, kind: str
) -> None:
    """Apply the start-line and header limits to the lines of a complete head or section.

    ``first`` is 1 for a head (``lines[0]`` is its start line, ``kind`` says which)
    and 0 for a trailer section. Lines are checked in order, so the first line past
    a limit is the one reported.
    """
    if first:
        limit = options.max_start_line_length
        line = lines[0]
        if limit is not None and len(line) > limit:
            # RFC 9112 §3: a request-target longer than a server wishes to parse gets
            # 414 (URI Too Long); the target is what makes a request line long.
            raise at_line(
                LocalProtocolError(
                    f"{kind} line longer than {limit} bytes ({len(line)} bytes): {excerpt(line)}",
                    error_status_hint=414 if kind == "request" else 400,
                ),
                -1,
            )
    max_length = options.max_header_line_length
    max_count = options.max_header_count
    noun = "trailer" if not first else "header"
    count = 0
    for index in range(first, len(lines)):
        line = lines[index]
        # RFC 6585 §5: 431 Request Header Fields Too Large.
        if max_length is not None and len(line) > max_length:
            raise at_line(
                LocalProtocolError(
                    f"{noun} line longer than {max_length} bytes ({len(line)} bytes): "
                    f"{excerpt(line)}",
                    error_status_hint=431,
                ),
                index - first,
            )
        if not line.startswith((b" ", b"\t")):  # an obs-fold line continues a field
            count += 1
            if max_count is not None and count > max_count:
                raise at_line(
                    LocalProtocolError(
                        f"more than {max_count} {noun} fields, at: {excerpt(line)}",
                        error_status_hint=431,
                    ),
                    index - first,
                )


def parse_header_lines(
    lines: list[bytes], clean: bool, options: ConnectionOptions = DEFAULT_OPTIONS
) -> tuple[HeaderItems, list[int]]:
    """Parse field lines (RFC 9112 §5) into triples, noting the special ones.

    One pass: each line is split at its first colon, the name found in the cache
    of known-good names (or checked and cached), the value stripped of OWS. For a
    clean block (see ``split_lines``) that is all the field-value grammar needs.
    Returns the triples and the indexes of the headers ``build_headers`` must
    interpret. Anything else (folding, bare LF, a wider grammar from ``options``)
    is the careful path's. With ``options.strict_field_values`` (requests), a line
    holding a control byte (``REQUEST_HEAD_CONTROLS``) goes there too: lines found in
    the caches never hold one (nothing is cached that does), so only lines parsed
    anew are scanned.
    """
    if not clean:
        return _parse_header_lines_carefully(lines, options)
    items: HeaderItems = []
    specials: list[int] = []
    line_get = _LINE_CACHE.get
    special_line_get = _SPECIAL_LINE_CACHE.get
    cache_get = _NAME_CACHE.get
    special_get = _SPECIAL_NAME_CACHE.get
    transfer_encoding = False
    strict = options.strict_field_values
    # (A line that fits the cache while it has room is stored directly, as
    # BoundedCache.remember would store it; remember() decides the rest. Traffic that
    # does not repeat stores every line it parses, so the call is worth sparing.)
    line_cache = _LINE_CACHE
    line_cache_max = line_cache.max_entries
    for line in lines:
        item = line_get(line)
        if item is None:
            item = special_line_get(line)
            if item is not None:
                specials.append(len(items))
                items.append(item)
                continue
            # (_has_controls, inlined: once per line not found in the caches.)
            if strict and 1 in line.translate(REQUEST_HEAD_CONTROL_TABLE):
                return _parse_header_lines_carefully(lines, options)
            name, sep, value = line.partition(b":")
            lname = cache_get(name)
            if lname is None or not sep:
                # A header with a built-in meaning, a name not seen yet, or no field line.
                lname = special_get(name) if sep else None
                if lname is None:
                    lname = _check_name(name, sep)
                    if lname is None:
                        # Not a field line as it stands: obsolete line folding, or an
                        # error the careful path will describe exactly.
                        return _parse_header_lines_carefully(lines, options)
                if lname in SPECIAL_HEADERS:
                    specials.append(len(items))
                    item = (name, lname, value.strip(b" \t"))
                    items.append(item)
                    if lname == b"transfer-encoding":
                        transfer_encoding = True  # (never cached: see _SPECIAL_LINE_CACHE)
                    elif strict or not _has_controls(line):
                        _SPECIAL_LINE_CACHE.remember(line, item, len(line))
                    continue
            item = (name, lname, value.strip(b" \t"))
            if lname not in CREDENTIAL_FIELDS and (strict or not _has_controls(line)):
                if len(line) <= _LINE_CACHE_MAX_LINE and len(line_cache) < line_cache_max:
                    line_cache[line] = item
                else:
                    line_cache.remember(line, item, len(line))
        items.append(item)
    if transfer_encoding:
        # (After the grammar of every line, as the careful path does.)
        _check_transfer_encoding_lines(lines, items, specials)
    return items, specials


def _has_controls(line: bytes) -> bool:
    """True if ``line`` holds a byte of ``REQUEST_HEAD_CONTROLS`` (one C-level pass)."""
    return 1 in line.translate(REQUEST_HEAD_CONTROL_TABLE)


def _check_transfer_encoding_lines(
    lines: list[bytes], items: HeaderItems, specials: list[int]
) -> None:
    # RFC 9110 §5.5 makes trailing SP and HTAB alike OWS, so "chunked<HTAB>" is "chunked".
    # llhttp strips a trailing SP but keeps an HTAB, and then reads such a response until
    # the connection closes: two readings of one message. We refuse the ambiguity.
    for index in specials:
        if items[index][1] == b"transfer-encoding" and lines[index].rstrip(b" ").endswith(b"\t"):
            raise at_field(
                LocalProtocolError("Transfer-Encoding value followed by a tab is ambiguous"),
                index,
            )


def _parse_header_lines_carefully(
    lines: list[bytes], options: ConnectionOptions = DEFAULT_OPTIONS
) -> tuple[HeaderItems, list[int]]:
    # RFC 9112 §5.2: a line starting with SP/HTAB continues the previous one (obsolete
    # line folding, obs-fold = OWS CRLF RWS); each fold, with the whitespace on both
    # sides of its line break, becomes one SP (docs/differences.rst, "one SP per
    # obs-fold"). The pieces of a field are joined once, so the work stays linear in
    # the length of a folded field. Then each line is checked against the full
    # field-line grammar (as widened by the options).
    unfolded: list[bytes] = []
    folded: set[int] = set()  # indexes (into unfolded) of the fields that were folded
    pieces: list[bytes] | None = None  # the pieces of the field being unfolded
    for line in lines:
        if line.startswith((b" ", b"\t")):
            if not unfolded:
                raise at_line(LocalProtocolError("continuation line at start of headers"), 0)
            if pieces is None:
                pieces = [unfolded[-1].rstrip(b" \t")]
                folded.add(len(unfolded) - 1)
            else:
                pieces[-1] = pieces[-1].rstrip(b" \t")
            piece = line.lstrip(b" \t")
            if piece:  # (a line of whitespace only adds no second SP)
                pieces.append(piece)
        else:
            if pieces is not None:
                unfolded[-1] = b" ".join(pieces)
                pieces = None
            unfolded.append(line)
    if pieces is not None:
        unfolded[-1] = b" ".join(pieces)
    items: HeaderItems = []
    specials: list[int] = []
    fullmatch = options.field_line_re.fullmatch
    for line in unfolded:
        match = fullmatch(line)
        if match is None:
            raise at_field(_illegal_header_line(line), len(items))
        name, value = match.group("field_name", "field_value")
        lname = name.lower()
        if lname in SPECIAL_HEADERS:
            if options.allow_vertical_tab_and_form_feed_in_response_header_values and (
                b"\x0b" in value or b"\x0c" in value
            ):
                # The wider value rule is for fields h11 does not interpret: never for
                # the ones that decide framing or the connection's fate.
                raise at_field(_illegal_header_line(line), len(items))
            if len(items) in folded and lname in _FRAMING_FIELDS:
                # A folded Transfer-Encoding or Content-Length has no legitimate sender
                # and is a known request-smuggling shape: recipients that do not unfold
                # read another framing (docs/differences.rst, "folded framing fields").
                raise at_field(
                    LocalProtocolError(f"folded {lname.title().decode()} header"), len(items)
                )
            specials.append(len(items))
        items.append((name, lname, value))
    if specials:
        _check_transfer_encoding_lines(unfolded, items, specials)
    return items, specials


# The fields that decide where a message body ends (RFC 9112 §6).
_FRAMING_FIELDS = frozenset([b"transfer-encoding", b"content-length"])


def _headers_from_lines(
    lines: list[bytes], clean: bool, options: ConnectionOptions = DEFAULT_OPTIONS
) -> Headers:
    if not lines:
        if _is_patched():
            return _events.normalize_and_validate([], _parsed=True)
        return EMPTY_HEADERS
    items, specials = parse_header_lines(lines, clean, options)
    if _is_patched():
        # h11._events.normalize_and_validate was replaced: give the replacement the
        # (name, value) pairs and let it apply the Content-Length/Transfer-Encoding
        # rules (or not), as h11 0.16 did.
        return _events.normalize_and_validate(
            [(name, value) for name, _, value in items], _parsed=True
        )
    headers = build_headers(items, specials)
    if options.widens_fields:
        _flag_if_widened(headers)
    return headers


def _flag_if_widened(headers: Headers) -> None:
    """Mark headers holding what only a leniency switch admits (``FLAG_LENIENT``).

    Such headers are checked again if they are sent (``checked_for_sending``): the
    switches widen what a client accepts, never what anyone sends.
    """
    for raw_name, _, value in headers._full_items:
        if TOKEN_RE.fullmatch(raw_name) is None or b"\x0b" in value or b"\x0c" in value:
            mark_lenient(headers)
            return


def _is_patched() -> bool:
    return _events.normalize_and_validate is not normalize_and_validate


def _headers_merging_chunked(
    lines: list[bytes], clean: bool, options: ConnectionOptions
) -> Headers:
    """``_headers_from_lines`` for ``allow_duplicate_transfer_encoding_chunked_in_responses``.

    Several Transfer-Encoding fields whose every element is ``chunked`` (httpx
    #1862: servers that send ``Transfer-Encoding: chunked`` twice) become one
    ``Transfer-Encoding: chunked``, and the headers are marked not reusable: the
    body is still read as chunked (the outermost coding decides where the message
    ends, so the boundary is the same as for any reader of chunked framing), but
    the connection is closed after it. Anything else about Transfer-Encoding is
    left to the usual rules.
    """
    if not lines:
        return _headers_from_lines(lines, clean, options)
    items, specials = parse_header_lines(lines, clean, options)
    codings = [index for index in specials if items[index][1] == b"transfer-encoding"]
    merged = False
    if len(codings) > 1 or (codings and b"," in items[codings[0]][2]):
        merged = all(
            piece.strip(b" \t").lower() == b"chunked"
            for index in codings
            for piece in items[index][2].split(b",")
        )
    if merged:
        raw_name, lname, _ = items[codings[0]]
        items[codings[0]] = (raw_name, lname, b"chunked")
        dropped = set(codings[1:])
        items = [item for index, item in enumerate(items) if index not in dropped]
        specials = [index for index, item in enumerate(items) if item[1] in SPECIAL_HEADERS]
    if _is_patched():
        headers = _events.normalize_and_validate(
            [(name, value) for name, _, value in items], _parsed=True
        )
    else:
        headers = build_headers(items, specials)
        if options.widens_fields:
            _flag_if_widened(headers)
    if merged:
        mark_not_reusable(headers)
    return headers


def check_request_head_limits(head: bytes, options: ConnectionOptions) -> None:
    """Apply the line limits of ``options`` to a complete request head.

    Separate from ``parse_request_head`` so that a connection without limits never
    pays for them.
    """
    try:
        _check_line_limits(split_lines(head)[0], 1, options, "request")
    except LocalProtocolError as exc:
        _explain(exc, head, options, "request")
        raise


def parse_request_head(head: bytes, options: ConnectionOptions = REQUEST_OPTIONS) -> Request:
    """Build a ``Request`` from a complete head (start line through the last header).

    ``options`` says whether field values may hold control bytes (limits are
    ``check_request_head_limits``'s).
    """
    lines, clean = split_lines(head)
    try:
        request_line = lines[0]
        match = REQUEST_LINE_RE.fullmatch(request_line)
        if match is None:
            raise at_line(
                LocalProtocolError(f"illegal request line: {bytearray(request_line)!r}"), -1
            )
        method, target, http_version = match.groups()
        del lines[0]
        if lines and _events.normalize_and_validate is normalize_and_validate:
            headers = build_headers(*parse_header_lines(lines, clean, options))
        else:
            headers = _headers_from_lines(lines, clean, options)
        flags, content_length = framing_facts(headers)
        # The checks Request() makes (RFC 9112 §3.2 Host rules); method and target
        # characters were checked by the request-line grammar.
        if flags & FLAG_MULTIPLE_HOST:
            raise LocalProtocolError("Found multiple Host: headers")
        if not flags & FLAG_HOST and http_version == b"1.1":
            raise LocalProtocolError("Missing mandatory Host: header")
        if flags & FLAG_BAD_HOST:
            # RFC 9112 §3.2: "A server MUST respond with a 400 (Bad Request) status code
            # to any HTTP/1.1 request message that ... contains ... a Host header field
            # with an invalid field value" (docs/differences.rst, "Host values").
            raise bad_host_error(headers)
        if target[0] != 0x2F or method == b"CONNECT":  # anything but origin-form ("/...")
            _check_request_target(method, target, http_version)
            if method == b"CONNECT" and (flags & FLAG_CHUNKED or content_length):
                # RFC 9110 §9.3.6: the bytes after a CONNECT head belong to the tunnel;
                # reading some of them as a body would frame the stream unlike other
                # servers.
                raise LocalProtocolError("CONNECT request must not have a body")
        if flags & FLAG_CHUNKED:
            _check_received_framing(http_version, flags)
        return make_request(method, headers, target, http_version)
    except LocalProtocolError as exc:
        _explain(exc, head, options, "request")
        raise


def _check_request_target(method: bytes, target: bytes, http_version: bytes) -> None:
    """Refuse request-targets of none of the forms of RFC 9112 §3.2 for ``method``.

    origin-form ("/..."); absolute-form ("scheme:..."); authority-form
    ("host:port", CONNECT only, and CONNECT only uses it); asterisk-form ("*",
    OPTIONS only, plus the HTTP/2 connection preface "PRI * HTTP/2.0").
    """
    if method == b"CONNECT":
        if AUTHORITY_FORM_RE.fullmatch(target) is None:
            raise at_line(LocalProtocolError(f"illegal request target: {target!r}"), -1)
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
        raise at_line(LocalProtocolError(f"illegal request target: {target!r}"), -1)


def _check_received_framing(http_version: bytes, flags: int) -> None:
    # RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 message means faulty framing
    # (a 1.0 recipient would ignore it and read the body differently).
    if flags & FLAG_CHUNKED and http_version < b"1.1":
        raise LocalProtocolError("Transfer-Encoding is not allowed in HTTP/1.0 messages")


def parse_response_head(
    head: bytes, options: ConnectionOptions = DEFAULT_OPTIONS
) -> InformationalResponse | Response:
    """Build an ``InformationalResponse`` or ``Response`` from a complete head.

    ``options`` may add limits and widen the grammar (see ``ConnectionOptions``).
    """
    lines, clean = split_lines(head)
    try:
        if options.checks_lines:
            _check_line_limits(lines, 1, options, "status")
        status_line = lines[0]
        match = options.status_line_re.fullmatch(status_line)
        if match is None:
            raise at_line(
                LocalProtocolError(f"illegal status line: {bytearray(status_line)!r}"), -1
            )
        http_version, status, reason = match.groups()
        status_code = int(status)
        if status_code < 100:
            raise at_line(
                LocalProtocolError(
                    "InformationalResponse status_code should be in range [100, 200), "
                    f"not {status_code}"
                ),
                -1,
            )
        del lines[0]
        if options.allow_duplicate_transfer_encoding_chunked_in_responses:
            headers = _headers_merging_chunked(lines, clean, options)
        elif (
            lines
            and not options.widens_fields
            and _events.normalize_and_validate is normalize_and_validate
        ):
            # (What _headers_from_lines does in this case, without the detour.)
            headers = build_headers(*parse_header_lines(lines, clean, options))
        else:
            headers = _headers_from_lines(lines, clean, options)
        flags = framing_facts(headers)[0]
        if flags & FLAG_CHUNKED:
            _check_received_framing(http_version, flags)
        if status_code < 200:
            return make_response(
                InformationalResponse, headers, http_version, reason or b"", status_code
            )
        return make_response(Response, headers, http_version, reason or b"", status_code)
    except LocalProtocolError as exc:
        _explain(exc, head, options, "status")
        raise


def parse_trailers(block: bytes, options: ConnectionOptions | None = None) -> EndOfMessage:
    """Build the ``EndOfMessage`` carrying the trailer section (RFC 9112 §7.1.2).

    ``options`` may add limits and widen the grammar (see ``ConnectionOptions``).
    """
    lines, clean = split_lines(block)
    try:
        if options is None:
            return make_end_of_message(_headers_from_lines(lines, clean))
        limit = options.max_trailer_size
        if limit is not None and len(block) > limit:
            raise LocalProtocolError(
                f"trailer section longer than {limit} bytes ({len(block)} bytes)",
                error_status_hint=431,
            )
        if options.checks_lines:
            _check_line_limits(lines, 0, options, "trailer")
        return make_end_of_message(_headers_from_lines(lines, clean, options))
    except LocalProtocolError as exc:
        _explain(exc, block, options, "trailers")
        raise


# A response whose first byte cannot begin a status line gets h11 0.16's message,
# "illegal request line", word for word (applications match on it), though it is about
# a status line; the error's location says which unit it is about.
_BAD_FIRST_BYTE = "illegal request line"


def _no_response_line() -> LocalProtocolError:
    exc = LocalProtocolError("no response line received")
    locate(exc, b"", 0, _RESPONSE)
    return exc


def _grammar(options: ConnectionOptions, kind: str) -> HeadGrammar:
    """The head automaton for ``kind`` with the grammar ``options`` give (see ``_options``)."""
    strict = options.strict_field_values
    wide_values = options.allow_vertical_tab_and_form_feed_in_response_header_values
    return head_grammar(
        kind,
        not strict and options.allow_non_token_header_names_in_responses,
        "strict" if strict else "wide" if wide_values else "default",
        options.allow_multiple_spaces_in_response_status_delimiters,
        options.allow_control_characters_in_reason_phrases,
    )


def _impossible(unit: bytes, kind: str, where: str) -> LocalProtocolError:
    """The error for a head or trailer section whose last byte no continuation could allow.

    ``unit`` runs from the first byte of the start line (or trailer section) through that
    byte; the message shows its line through it, so the error is the same however the
    bytes were split (docs/differences.rst, "first impossible byte").
    """
    bad = len(unit) - 1
    start = unit.rfind(b"\n", 0, bad) + 1
    index = unit.count(b"\n", 0, bad)
    line = unit[start:]
    if index or kind == "trailers":
        message = f"illegal header line: {bytearray(line)!r}"
    else:
        message = f"illegal {kind} line: {bytearray(line)!r}"
    exc = LocalProtocolError(message)
    locate(exc, line, start, f"{where} (line {index + 1})")
    return exc


def _explain(
    exc: LocalProtocolError, block: bytes, options: ConnectionOptions | None, kind: str
) -> None:
    """Finish ``exc``, raised for a complete head or trailer section (``kind``).

    The error of the block's first impossible byte, if it has one, is raised instead, so
    that the error is the one the same bytes give when they arrive a few at a time;
    otherwise ``exc`` gets its line and offset (``_locate``). Error path only. (``options``
    is None only for a trailer section read without options.)
    """
    grammar = _grammar(DEFAULT_OPTIONS if options is None else options, kind)
    # (The block's last line end was removed, with one CR before it: a CR left at its end
    # was followed by another, which the scan must see, as it does on the incremental path.)
    scanned = block + b"\r\n"
    bad = scan_head(scanned, 0, len(scanned), grammar.start, grammar)[1]
    if bad >= 0:
        raise _impossible(scanned[: bad + 1], kind, _WHERE[kind]) from None
    _locate(exc, block, 0 if kind == "trailers" else 1, _WHERE[kind])


def _scan_incomplete(
    buf: ReceiveBuffer, offset: int, grammar: HeadGrammar, max_size: int | None, kind: str
) -> int:
    """Refuse the incomplete unit at ``offset`` in ``buf`` at its first impossible byte.

    Scans from where the buffer's mark says the last scan stopped (each byte once,
    however the unit arrives) through the first ``max_size + 1`` bytes of the buffer: a
    unit that grows past that is refused as too long, however its bytes arrive (H8).
    Returns the state reached.
    """
    data, start, checked, note = buf.scan_mark()
    begin = start + offset
    if note is None or checked <= begin:
        checked, state = begin, grammar.start
    else:
        state = note[0]
    end = len(data) if max_size is None else min(len(data), start + max_size + 1)
    if checked < end and state:
        state, bad = scan_head(data, checked, end, state, grammar)
        if bad >= 0:
            unit = bytes(memoryview(data)[begin : bad + 1])
            raise _impossible(unit, kind, _WHERE[kind])
        buf.set_scan_mark(end, grammar.notes[state])
    return state


_WHERE = {"request": _REQUEST, "status": _RESPONSE, "trailers": _TRAILERS}


def check_incomplete_head(
    buf: ReceiveBuffer, request: bool, options: ConnectionOptions | None, max_size: int | None
) -> bytes:
    """Refuse an incomplete request or response head at its first impossible byte (H10).

    For a connection that has just found the head in ``buf`` incomplete; returns the
    table of the bytes it must pass to ``recheck_incomplete_head`` while it waits for
    more (``HeadGrammar.watches``; see ``h11._abnf.watched``).
    """
    if request:
        offset = buf.skip_blank_lines()
        grammar = _grammar(REQUEST_OPTIONS if options is None else options, "request")
    else:
        offset = 0
        grammar = _grammar(DEFAULT_OPTIONS if options is None else options, "status")
    if offset is None:
        return grammar.watches[grammar.start]
    state = _scan_incomplete(buf, offset, grammar, max_size, "request" if request else "status")
    return grammar.watches[state]


def recheck_incomplete_head(buf: ReceiveBuffer, max_size: int) -> bytes | None:
    """After ``check_incomplete_head``'s table found a byte in newly received ones.

    Scans the bytes from the mark; returns the table for the next ones, or ``None`` if
    the head must be read again: it may be complete, or a byte is impossible (whose error
    the reader's ``check_incomplete_head`` raises), or it has grown past ``max_size``.
    Raises nothing: it runs in ``receive_data()``, which parses nothing.
    """
    data, start, checked, note = buf.scan_mark()
    end = len(data)
    if note is None or end - start > max_size:
        return None
    state, grammar = note
    if checked + 1 == end:
        # One byte (a bytewise feed): one move.
        state = grammar.moves[state][data[checked]]
        if state == IMPOSSIBLE:
            return None
    else:  # (the watch found a byte: there are new bytes)
        state, bad = scan_head(data, checked, end, state, grammar)
        if bad >= 0:
            return None
    if not state:
        return None
    buf.set_scan_mark(end, grammar.notes[state])
    watch: bytes = grammar.watches[state]
    return watch


def _bad_start(buf: ReceiveBuffer, offset: int, message: str, where: str) -> LocalProtocolError:
    """The error for a head whose start line (at ``offset`` in ``buf``) cannot be one."""
    exc = LocalProtocolError(message)
    start = bytes(buf)[offset:]
    end = start.find(b"\n")
    locate(exc, start if end < 0 else start[:end].removesuffix(b"\r"), 0, where)
    return exc


def request_head_reader(
    max_size: int | None, options: ConnectionOptions | None = None
) -> Callable[[ReceiveBuffer], Request | None]:
    """Make the reader of request heads; empty lines before a request line are skipped.

    ``max_size`` bounds a head (None: no bound); ``options`` may add limits.
    """
    if options is not None and (options.checks_lines or not options.strict_field_values):

        def read_request_head_with_limits(buf: ReceiveBuffer) -> Request | None:
            try:
                head = buf.extract_request_head(max_size)
            except LocalProtocolError:
                check_incomplete_head(buf, True, options, max_size)  # (H10 before H8)
                raise
            if head is None:
                if buf.request_line_started_badly:
                    raise _bad_start(
                        buf, buf.skip_blank_lines() or 0, "illegal request line", _REQUEST
                    )
                return None
            if options.checks_lines:
                check_request_head_limits(head, options)
            return parse_request_head(head, options)

        return read_request_head_with_limits

    def read_request_head(buf: ReceiveBuffer) -> Request | None:
        try:
            head = buf.extract_request_head(max_size)
        except LocalProtocolError:
            check_incomplete_head(buf, True, None, max_size)  # (H10 before H8)
            raise
        if head is None:
            # RFC 9112 §3: a request line starts with a method, i.e. a tchar. Fail early
            # on anything below 0x21 (TLS handshakes, stray whitespace, NULs).
            if buf.request_line_started_badly:
                raise _bad_start(
                    buf, buf.skip_blank_lines() or 0, "illegal request line", _REQUEST
                )
            return None
        return parse_request_head(head)

    return read_request_head


def response_head_reader(
    max_size: int | None, options: ConnectionOptions | None = None
) -> Callable[[ReceiveBuffer], InformationalResponse | Response | None]:
    """Make the reader of status lines and headers; a leading empty line is an error.

    ``max_size`` bounds a head (None: no bound); ``options`` may add limits and
    leniency.
    """
    if options is not None:

        def read_response_head_with_options(
            buf: ReceiveBuffer,
        ) -> InformationalResponse | Response | None:
            try:
                head = buf.extract_head(0, max_size)
            except LocalProtocolError:
                check_incomplete_head(buf, False, options, max_size)  # (H10 before H8)
                raise
            if head is None:
                if buf.first_byte_is_invalid(0):
                    raise _bad_start(buf, 0, _BAD_FIRST_BYTE, _RESPONSE)
                return None
            if not head:
                raise _no_response_line()
            return parse_response_head(head, options)

        return read_response_head_with_options

    def read_response_head(buf: ReceiveBuffer) -> InformationalResponse | Response | None:
        try:
            head = buf.extract_head(0, max_size)
        except LocalProtocolError:
            check_incomplete_head(buf, False, None, max_size)  # (H10 before H8)
            raise
        if head is None:
            if buf.first_byte_is_invalid(0):
                raise _bad_start(buf, 0, _BAD_FIRST_BYTE, _RESPONSE)
            return None
        if not head:
            raise _no_response_line()
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


def discard_until_close(buf: ReceiveBuffer) -> None:
    """Reader that drops whatever arrives (``discard_body_of_204_and_304_responses``).

    Only used for a server in MUST_CLOSE: the connection is not reused, so nothing
    after the message it sent can be read as HTTP anyway.
    """
    if buf:
        buf.take(len(buf))


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
        data = buf.take(remaining)
        if not data:
            return None
        self._remaining = remaining - len(data)
        return make_data(data, False, False)

    def read_eof(self) -> Data | EndOfMessage:
        raise RemoteProtocolError(
            "peer closed connection without sending complete message body "
            f"(received {self._length - self._remaining} bytes, expected {self._length})"
        )


_HEXDIGITS = b"0123456789abcdefABCDEF"
_NOT_HEX = byte_table(set(range(256)) - set(_HEXDIGITS))
_EVERYTHING = 1 << 62  # a count that takes whatever is buffered


def _chunk_size(line: bytes, options: ConnectionOptions | None = None) -> int:
    """The size of a chunk-size line (RFC 9112 §7.1, with extensions per §7.1.1).

    ``ChunkedReader`` takes the usual line, hex digits and CRLF, itself; this is for the
    rest. The size is checked (1-20 hex digits) before ``int()`` sees it: ``int()`` would
    also take "0x", "_", signs and whitespace.
    """
    match = CHUNK_HEADER_RE.fullmatch(line)
    if match is None:
        bad = scan_chunk_line(line)[1]
        raise _illegal_chunk_header(line if bad < 0 else line[: bad + 1])
    if options is not None:
        limit = options.max_chunk_extension_length
        extension = match.group("chunk_ext")
        if limit is not None and len(extension) > limit:
            exc = LocalProtocolError(
                f"chunk extension longer than {limit} bytes ({len(extension)} bytes): "
                f"{excerpt(line[:-2])}"
            )
            locate(exc, line[:-2], 0, "a chunk-size line")
            raise exc
    return int(match.group("chunk_size"), 16)


def _illegal_chunk_header(line: bytes) -> LocalProtocolError:
    """The error for a chunk-size line that cannot be one.

    ``line`` runs through the first byte that no continuation could make valid, so the
    error is the same whether that byte came with the rest of the line or alone, before
    it (docs/differences.rst, "first impossible byte").
    """
    exc = LocalProtocolError(f"illegal chunk header: {bytearray(line)!r}")
    locate(exc, line, 0, "a chunk-size line")
    return exc


class ChunkedReader:
    """A chunked body (RFC 9112 §7.1): chunks, the last chunk, then trailers.

    ``max_size`` bounds a chunk-size line and the trailer section (None: no bound);
    ``options`` may add limits (trailer size and fields, chunk extensions) and
    widen the trailer grammar (see ``ConnectionOptions``).
    """

    __slots__ = (
        "_bytes_in_chunk",
        "_chunk_start",
        "_footer",
        "_in_trailers",
        "_options",
        "_scan_state",
        "_scanned",
        "max_size",
    )

    def __init__(
        self, max_size: int | None = None, options: ConnectionOptions | None = None
    ) -> None:
        self.max_size = max_size
        self._options = options
        self._bytes_in_chunk = 0  # data bytes of the current chunk not yet delivered
        self._chunk_start = False  # the next Data begins a chunk
        self._footer = b""  # part of the CRLF after chunk data still expected
        self._in_trailers = False
        # How much of an incomplete chunk-size line was checked, and the rule's state there.
        self._scanned = 0
        self._scan_state = 0

    def _check_incomplete_line(self, buf: ReceiveBuffer) -> None:
        """Refuse a chunk-size line (at the start of ``buf``) at its first impossible byte.

        Only bytes not checked before are scanned, so feeding a line byte by byte costs
        linear work; and only the first ``max_size + 1``: a line that grows past that is
        refused as too long, however its bytes arrive.
        """
        end = buf.size() if self.max_size is None else min(buf.size(), self.max_size + 1)
        if end > self._scanned:
            state, bad = scan_chunk_line(buf.peek(self._scanned, end), self._scan_state)
            if bad >= 0:
                raise _illegal_chunk_header(buf.peek(0, self._scanned + bad + 1))
            self._scan_state = state
            self._scanned = end

    def __call__(self, buf: ReceiveBuffer) -> Data | EndOfMessage | None:
        if not self._bytes_in_chunk:
            line = None
            if self._footer:
                # RFC 9112 §7.1: chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF.
                # The usual case: the whole CRLF, then (perhaps) the next size line.
                if self._footer == b"\r\n":
                    try:
                        line = buf.extract_line(self.max_size, True)  # after_crlf
                    except LocalProtocolError:
                        self._check_incomplete_line(buf)  # (a bad byte within the limit first)
                        raise
                if line is None:
                    # Check the CRLF byte by byte as it arrives: anything else means
                    # the sender and we disagree about where the chunk ended.
                    expected = self._footer
                    got = buf.take(len(expected))
                    if not expected.startswith(got):
                        raise LocalProtocolError(
                            f"malformed chunk footer: {bytearray(got)!r} (expected {expected!r})"
                        )
                    self._footer = expected[len(got) :]
                    if self._footer:
                        return None
                else:
                    self._footer = b""
                    if not line:
                        # The CRLF came, the size line is not complete: is it impossible?
                        if buf.size():
                            self._check_incomplete_line(buf)
                        return None
            if self._in_trailers:
                return self._read_trailers(buf)
            if line is None:
                try:
                    line = buf.extract_line(self.max_size)
                except LocalProtocolError:
                    self._check_incomplete_line(buf)  # (a bad byte within the limit first)
                    raise
                if line is None:
                    if buf.size():
                        self._check_incomplete_line(buf)  # (docs/differences.rst, H10)
                    return None
            if self._scanned:
                self._scanned = self._scan_state = 0
            digits = line[:-2]
            # The usual line: 1-20 hex digits and CRLF, checked before int() sees them
            # (int() would also take "0x", "_", signs and whitespace).
            if digits and len(digits) <= 20 and 1 not in digits.translate(_NOT_HEX):
                size = int(digits, 16)
            else:
                size = _chunk_size(line, self._options)
            if not size:
                self._in_trailers = True
                return self._read_trailers(buf)
            self._bytes_in_chunk = size
            self._chunk_start = True
        data = buf.take(self._bytes_in_chunk)
        if not data:
            return None
        remaining = self._bytes_in_chunk - len(data)
        self._bytes_in_chunk = remaining
        chunk_start = self._chunk_start
        self._chunk_start = False
        if remaining:
            return make_data(data, chunk_start, False)
        self._footer = b"\r\n"
        return make_data(data, chunk_start, True)

    def _check_incomplete_trailers(self, buf: ReceiveBuffer) -> None:
        """Refuse a trailer section at its first impossible byte (as ``check_incomplete_head``)."""
        options = DEFAULT_OPTIONS if self._options is None else self._options
        _scan_incomplete(buf, 0, _grammar(options, "trailers"), self.max_size, "trailers")

    def _read_trailers(self, buf: ReceiveBuffer) -> EndOfMessage | None:
        try:
            block = buf.extract_head(0, self.max_size)
        except LocalProtocolError:
            self._check_incomplete_trailers(buf)  # (H10 before H8)
            raise
        if block is None:
            if buf.size():
                self._check_incomplete_trailers(buf)  # (docs/differences.rst, H10)
            return None
        if not block:
            return make_end_of_message()
        return parse_trailers(block, self._options)

    def read_eof(self) -> Data | EndOfMessage:
        raise RemoteProtocolError(
            "peer closed connection without sending complete message body "
            "(incomplete chunked read)"
        )


class Http10Reader:
    """A body delimited by the peer closing the connection (RFC 9112 §6.3 rule 8)."""

    __slots__ = ()

    def __call__(self, buf: ReceiveBuffer) -> Data | None:
        data = buf.take(_EVERYTHING)
        if not data:
            return None
        return make_data(data, False, False)

    def read_eof(self) -> EndOfMessage:
        return make_end_of_message()


def _read_empty_body(buf: ReceiveBuffer) -> EndOfMessage:
    # A body of length 0 (RFC 9112 §6.3): the message ends with its head.
    return NO_TRAILERS


#: The reader of an empty body and its EOF rule (``body_reader(0, ...)``).
EMPTY_BODY = (_read_empty_body, ConnectionClosed)


def body_reader(
    length: int, max_size: int | None, options: ConnectionOptions | None
) -> tuple[Callable[[ReceiveBuffer], Data | EndOfMessage | None], Callable[[], Any]]:
    """The reader of a body of ``length`` (see ``h11._framing``), and its EOF rule.

    The second callable is what the peer closing the connection means once the
    buffer is empty: the reader's ``read_eof``, or a ``ConnectionClosed`` for an
    empty body (which ends before it could be called).
    """
    if not length:
        return EMPTY_BODY
    reader: ContentLengthReader | ChunkedReader | Http10Reader
    if length > 0:
        reader = ContentLengthReader(length)
    elif length == CHUNKED:
        reader = ChunkedReader(max_size, options)
    else:
        reader = Http10Reader()
    # (Bound __call__ methods: cheaper to call than the objects themselves.)
    return reader.__call__, reader.read_eof


# h11 0.16's table of readers by (role, state); the connection does not use it.
READERS: dict[Any, Any] = {}


def _fill_readers() -> None:
    from ._state import CLIENT, CLOSED, DONE, IDLE, MUST_CLOSE, SEND_BODY, SEND_RESPONSE, SERVER

    # Keys as h11 0.16 had them: (role whose bytes are read, its state), and SEND_BODY ->
    # body reader class by framing name.
    READERS[CLIENT, IDLE] = maybe_read_from_IDLE_client
    for head_state in (IDLE, SEND_RESPONSE):
        READERS[SERVER, head_state] = maybe_read_from_SEND_RESPONSE_server
    for role in (CLIENT, SERVER):
        for final_state in (DONE, MUST_CLOSE, CLOSED):
            READERS[role, final_state] = expect_nothing
    READERS[SEND_BODY] = dict(
        zip(BODY_FRAMINGS, (ChunkedReader, ContentLengthReader, Http10Reader), strict=True)
    )


_fill_readers()
