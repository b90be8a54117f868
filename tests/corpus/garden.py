"""Known attack payloads (``garden-payloads.json``) and what our server must make of each.

The JSON file is a copy of the project's shared hostile-input corpus (HTTP Garden findings:
ids 1-48 broke servers, 100+ broke proxies; all are run against our server role). Each payload
must be rejected, or accepted with exactly one safe reading: the message boundaries and bodies
a strict RFC 9112 parser sees. ``EXPECTED`` gives, per id, either the error (``reject``) or the
full event log (``accept``), with the reason in a short comment.

Where a payload breaks several rules, the first one in the documented order wins
(docs/design.rst, design-errors: header-line grammar while parsing, then CL/TE, then Host);
``one_of`` is used only where that order is open (H7 target check vs. the Host check).
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

from .model import (
    NEED_DATA,
    NEXT_CYCLE,
    REQUEST_FIELD_LINE,
    REQUEST_LINE,
    Case,
    Entry,
    Err,
    OneOf,
    data,
    eom,
    err,
    err_prefix,
    line_through_first_impossible_byte,
    one_of,
    req,
    through_first_impossible_byte,
)

PAYLOADS_FILE = Path(__file__).with_name("garden-payloads.json")

MISSING_HOST = err("Missing mandatory Host: header")
BAD_CL = err("bad Content-Length")
CONFLICTING_CL = err("conflicting Content-Length headers")
ONLY_CHUNKED = err("Only Transfer-Encoding: chunked is supported", hint=501)
MULTIPLE_TE = err("multiple Transfer-Encoding headers", hint=501)


def header_line(line: bytes) -> Err:
    # (Through the line's first impossible byte, as for chunk-size lines: H10.)
    shown = line_through_first_impossible_byte(line, REQUEST_FIELD_LINE)
    return err("illegal header line: {!r}", shown)


def request_line(line: bytes) -> Err:
    return err(
        "illegal request line: {!r}", line_through_first_impossible_byte(line, REQUEST_LINE)
    )


def chunk_header(line: bytes) -> Err:
    # (Through the line's first impossible byte: docs/differences.rst.)
    return err("illegal chunk header: {!r}", through_first_impossible_byte(line))


CHUNKED_GET_A = req(b"GET", b"/", b"Host: a", b"Transfer-Encoding: chunked")


def reject(error: Err | OneOf, *events: Entry) -> dict[str, Any]:
    return {"events": events, "error": error}


def accept(*events: Entry, **options: Any) -> dict[str, Any]:
    return {"events": events, **options}


EXPECTED: dict[int, dict[str, Any]] = {
    # 1, 22: "0_2e" is not 1*HEXDIG (H1, H5): never read as 0 (which would expose the GET).
    1: reject(chunk_header(b"0_2e\r\n"), CHUNKED_GET_A),
    22: reject(chunk_header(b"0_2e\r\n"), CHUNKED_GET_A),
    # 2: NUL and bare CR are not field-value bytes (§4.2 step 3).
    2: reject(header_line(b"Header: v\x00\ralue")),
    # 3: no whitespace between field name and colon (RFC 9112 §5.1).
    3: reject(header_line(b"Content-Length : 34")),
    # 4: a folded line cannot start the header block.
    4: reject(err("continuation line at start of headers")),
    # 5: HTTP-version is exactly one digit "." one digit.
    5: reject(request_line(b"GET /test HTTP/1.32")),
    # 6: the method must be a token.
    6: reject(request_line(b'G=":<>(e),[T];?" /get HTTP/1.1')),
    # 7: "!" is no request-target form (H7); Host is missing as well (order not fixed).
    7: reject(one_of(err("illegal request target: b'!'"), MISSING_HOST)),
    # 8: 0xef is not a token character.
    8: reject(header_line(b"\xefoo: bar")),
    # 9: LF ends the request line, which then has no version.
    9: reject(request_line(b"GET /")),
    # 10: Content-Length is 1*DIGIT; int() would take "+1_0" (H5).
    10: reject(BAD_CL),
    # 11, 125: a second Transfer-Encoding header is refused (501) before Host is checked.
    11: reject(MULTIPLE_TE),
    125: reject(MULTIPLE_TE),
    # 12, 46: 0xa0 / 0xff are value bytes, so the coding is not "chunked" (501).
    12: reject(ONLY_CHUNKED),
    46: reject(ONLY_CHUNKED),
    # 13: a bare CR stays in the line and is not a field-value byte.
    13: reject(header_line(b"Visible: :/\rSmuggled: :)")),
    # 14: controls and separators cannot form a field name.
    14: reject(
        header_line(
            b"\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16"
            b'\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "(),/;<=>?@[/]{}: whatever'
        )
    ),
    # 15: bare CRs inside the version.
    15: reject(request_line(b"GET / HTTP/\r\r1.1")),
    # 16, 38, 105: an empty Content-Length is not a number.
    16: reject(BAD_CL),
    38: reject(BAD_CL),
    105: reject(BAD_CL),
    # 17: an empty chunk-size line (H1).
    17: reject(
        chunk_header(b"\r\n"), req(b"GET", b"/", b"Host: whatever", b"Transfer-Encoding: chunked")
    ),
    # 18, 27: a field line needs a non-empty name.
    18: reject(header_line(b": ignored")),
    27: reject(header_line(b":")),
    # 19: accepted, one reading: bare LF ends "Useless:" and LF LF ends the head (RFC 9112
    # §2.2); the GET behind it is a second request, which lacks Host.
    19: accept(
        req(b"GET", b"/", b"Host: a", b"Useless:"),
        eom(),
        NEXT_CYCLE,
        error=MISSING_HOST,
        cycle=True,
    ),
    # 20, 106: 0x85 is not a token character.
    20: reject(header_line(b"Content-Length\x85: 10")),
    106: reject(header_line(b"Header\x85: value")),
    # 21, 109, 115, 118: ",chunked" is not exactly "chunked" (501), whatever follows.
    21: reject(ONLY_CHUNKED),
    109: reject(ONLY_CHUNKED),
    115: reject(ONLY_CHUNKED),
    118: reject(ONLY_CHUNKED),
    # 23, 33, 122: two different Content-Length values.
    23: reject(CONFLICTING_CL),
    33: reject(CONFLICTING_CL),
    122: reject(CONFLICTING_CL),
    # 24: one digit per version part.
    24: reject(request_line(b"GET / HTTP/4294967295.255")),
    # 25, 39, 107, 113, 119, 121: HTTP/1.1 without Host, refused before any body is read
    # (so 107's garbage chunk size and 119's "-0x0" are never reached).
    25: reject(MISSING_HOST),
    107: reject(MISSING_HOST),
    119: reject(MISSING_HOST),
    39: reject(MISSING_HOST),
    113: reject(MISSING_HOST),
    121: reject(MISSING_HOST),
    # 26: a sign is not a digit.
    26: reject(BAD_CL),
    # 28: a field line without a colon.
    28: reject(header_line(b"Content-Length 10")),
    # 29: "1Z" is not 1*DIGIT (checked before Host).
    29: reject(BAD_CL),
    # 30: "\r" then "Z" is no blank line: "\rZGET /evil: HTTP/1.1" is a (bad) field line.
    30: reject(header_line(b"\rZGET /evil: HTTP/1.1")),
    # 31, 103: a bare CR in a chunk-size line (H1).
    31: reject(chunk_header(b"5\r\r;ABCD\r\n"), CHUNKED_GET_A),
    103: reject(
        chunk_header(b"2\r\r;a\r\n"),
        req(b"POST", b"/", b"Host: server.my-domain.cool", b"Transfer-Encoding: chunked"),
    ),
    # 32: accepted, one reading: leading zeros are digits, so 010 is ten (8 bytes so far).
    32: accept(
        req(b"GET", b"/", b"Host: whatever", b"Content-Length: 010"), data(b"01234567"), NEED_DATA
    ),
    # 34, 110: bare CR inside a field value.
    34: reject(header_line(b"Header: va\rlue")),
    110: reject(header_line(b"Invalid-Header: this\rvalue\ris\rinvalid")),
    # 35, 43, 112: NUL inside a field value.
    35: reject(header_line(b"Test: test\x00THESE BYTES GET DROPPED")),
    43: reject(header_line(b"Evil: evil\x00")),
    112: reject(header_line(b"Host: google.com\x00.kallus.org")),
    # 36: bare CR in the chunk-size line (H1): the line runs to the first CRLF.
    36: reject(
        chunk_header(b"41;a=b\r\r" + b"X" * 65 + b"\r\n"),
        req(b"POST", b"/abc", b"Transfer-Encoding: chunked", b"Host: h2o.http-garden.us"),
    ),
    # 37: "Transfer-" alone is a field line without a colon.
    37: reject(header_line(b"Transfer-")),
    # 40: NUL where the method starts; bytewise it is refused at the first byte (§9.1).
    40: reject(err_prefix("illegal request line")),
    # 41: accepted, one reading: obs-text is allowed in field values and kept opaque.
    41: accept(req(b"GET", b"/login", b"Host: a", b"User: \x85admin\xa0"), eom(), NEED_DATA),
    # 42, 111: the empty Content-Length fails before the second one or Host is looked at.
    42: reject(BAD_CL),
    111: reject(BAD_CL),
    # 44: unknown transfer coding (501).
    44: reject(ONLY_CHUNKED),
    # 45: no Host; the garbage behind it is never parsed.
    45: reject(MISSING_HOST),
    # 47, 102, 124: chunk sizes that are not 1*HEXDIG (H1, H5).
    47: reject(
        chunk_header(b"INVALID!!!\r\n"),
        req(b"POST", b"/", b"Host: whatever", b"Transfer-Encoding: chunked"),
    ),
    102: reject(
        chunk_header(b"Z\r\n"),
        req(b"POST", b"/", b"Host: akamai.my-domain.cool", b"Transfer-Encoding: chunked"),
    ),
    124: reject(
        chunk_header(b"           0\r\n"),
        req(b"POST", b"/", b"Host: a", b"Transfer-Encoding: chunked"),
    ),
    # 48: accepted, one reading: Content-Length 34 covers the "GET ... id: 2" bytes exactly,
    # so they are the second request's body, not a third request.
    48: accept(
        req(b"POST", b"/", b"Content-Length: 0", b"Connection: keep-alive", b"Host: a", b"id: 0"),
        eom(),
        NEXT_CYCLE,
        req(b"POST", b"/", b"Host: a", b"id: 1", b"Content-Length: 34"),
        data(b"GET / HTTP/1.1\r\nHost: a\r\nid: 2\r\n\r\n"),
        eom(),
        NEED_DATA,
        cycle=True,
    ),
    # 101: "0x10" is not 1*DIGIT (int(x, 0) would read 16).
    101: reject(BAD_CL),
    # 104: two spaces between target and version.
    104: reject(request_line(b"POST /  HTTP/1.1")),
    # 114: LF ends the line "Te", which has no colon.
    114: reject(header_line(b"Te")),
    # 116: accepted, one reading: bare LF line endings (RFC 9112 §2.2); close after it.
    116: accept(
        req(b"GET", b"/", b"Host: whatever", b"Connection: close"),
        eom(),
        NEED_DATA,
        states=("MUST_CLOSE", "SEND_RESPONSE"),
    ),
    # 117: the 0x17 bytes "0\r\n\r\nGET / HTTP/1.1\r\n\r\n" are chunk data; the CRLF after
    # the footer is then an empty chunk-size line (H1).
    117: reject(
        chunk_header(b"\r\n"),
        req(b"POST", b"/", b"Host: a", b"Transfer-Encoding: chunked"),
        data(b"0\r\n\r\nGET / HTTP/1.1\r\n\r\n"),
    ),
    # 120: "c" NUL is a field line without a colon.
    120: reject(header_line(b"c\x00")),
    # 123: accepted, one reading (H2): chunked wins over Content-Length, and the connection
    # is not reused, so nothing after this body can be read as a request.
    123: accept(
        req(b"POST", b"/", b"Host: a", b"Content-Length: 5", b"Transfer-Encoding: chunked"),
        eom(),
        NEED_DATA,
        states=("MUST_CLOSE", "SEND_RESPONSE"),
    ),
}


def garden_payloads() -> list[dict[str, Any]]:
    with PAYLOADS_FILE.open(encoding="utf-8") as f:
        entries: list[dict[str, Any]] = json.load(f)
    return entries


def build_cases() -> list[Case]:
    cases = []
    for entry in garden_payloads():
        expected = dict(EXPECTED[entry["id"]])
        events = expected.pop("events")
        cases.append(
            Case(
                id=f"garden-{entry['id']}",
                role="server",
                wire=base64.b64decode(entry["payload_b64"]),
                events=tuple(events),
                note=entry["title"],
                **expected,
            )
        )
    return cases


GARDEN_CASES = build_cases()
