"""Request smuggling and malformed messages: every way a peer can try to make two parsers
disagree about where a message ends, and what we make of each.

Each case is accepted with exactly one reading (the boundaries and body bytes a
strict RFC 9112 parser sees) or rejected; the runner also feeds every case one byte at a time
and with a valid message behind it. Cases that already exist elsewhere in the corpus (named in
the section comments) are not repeated here.

Sections: CL.TE / TE.CL (H2); Transfer-Encoding obfuscations (§4.3, H3); Content-Length
values (§4.3, H5); chunk-size lines and chunk data (H1, §10.2); trailers with framing headers;
bare CR; NUL and other controls; header lines without a colon or name; request-line oddities
and HTTP/0.9 (§9.2, H7, Q8); Host (§5.3); 100-continue and Upgrade / CONNECT (§7.3, §7.6);
pipelined messages after bodies of each framing kind (§8.3).
"""

from __future__ import annotations

import re

from .model import (
    CLOSED,
    NEED_DATA,
    NEXT_CYCLE,
    PAUSED,
    REQUEST_FIELD_LINE,
    REQUEST_LINE,
    RESPONSE_FIELD_LINE,
    STATUS_LINE,
    Case,
    Entry,
    client,
    data,
    eom,
    err,
    err_prefix,
    info,
    line_through_first_impossible_byte,
    one_of,
    req,
    resp,
    server,
    through_first_impossible_byte,
)

BAD_CL = err("bad Content-Length")
CONFLICTING_CL = err("conflicting Content-Length headers")
ONLY_CHUNKED = err("Only Transfer-Encoding: chunked is supported", hint=501)
MULTIPLE_TE = err("multiple Transfer-Encoding headers", hint=501)
TE_IN_10 = err("Transfer-Encoding is not allowed in HTTP/1.0 messages")
MISSING_HOST = err("Missing mandatory Host: header")
MULTIPLE_HOST = err("Found multiple Host: headers")
EXPECTING_EOF = err("Got data when expecting EOF")
FOOTER = err_prefix("malformed chunk footer: ")
CONNECT_BODY = err("CONNECT request must not have a body")
AT_START = err("continuation line at start of headers")
# docs/differences.rst, "folded framing fields": h11 0.16 unfolded and honoured them.
FOLDED_TE = err("folded Transfer-Encoding header")
FOLDED_CL = err("folded Content-Length header")


# Head lines too are shown through their first impossible byte (docs/differences.rst, H10).
def header_line(line: bytes, rule: re.Pattern[bytes] = REQUEST_FIELD_LINE) -> dict[str, object]:
    shown = line_through_first_impossible_byte(line, rule)
    return {"error": err("illegal header line: {!r}", shown)}


def response_header_line(line: bytes) -> dict[str, object]:
    return header_line(line, RESPONSE_FIELD_LINE)


def request_line(line: bytes) -> dict[str, object]:
    shown = line_through_first_impossible_byte(line, REQUEST_LINE)
    return {"error": err("illegal request line: {!r}", shown)}


def status_line(line: bytes) -> dict[str, object]:
    shown = line_through_first_impossible_byte(line, STATUS_LINE)
    return {"error": err("illegal status line: {!r}", shown)}


def chunk_header(line: bytes) -> dict[str, object]:
    # (Through the line's first impossible byte: docs/differences.rst.)
    return {"error": err("illegal chunk header: {!r}", through_first_impossible_byte(line))}


def target(value: bytes) -> dict[str, object]:
    return {"error": err(f"illegal request target: {value!r}")}


def post(*lines: bytes, version: bytes = b"1.1") -> bytes:
    """A POST head with ``Host: a`` first (none for other versions) and ``lines`` after it."""
    host = (b"Host: a",) if version == b"1.1" else ()
    return b"\r\n".join((b"POST / HTTP/" + version, *host, *lines)) + b"\r\n\r\n"


def post_req(*lines: bytes, version: bytes = b"1.1") -> Entry:
    host = (b"Host: a",) if version == b"1.1" else ()
    return req(b"POST", b"/", *host, *lines, version=version)


def response(*lines: bytes, status: bytes = b"200 OK") -> bytes:
    return b"\r\n".join((b"HTTP/1.1 " + status, *lines)) + b"\r\n\r\n"


def ok(*lines: bytes) -> Entry:
    return resp(200, b"OK", *lines)


TE = b"Transfer-Encoding: chunked"
CHUNKED_ABC = b"3\r\nabc\r\n0\r\n\r\n"
CH = post(TE)
CH_REQ = post_req(TE)
CH_RESP_HEAD = response(TE)
CH_RESP = ok(TE)
GET_B = b"GET /b HTTP/1.1\r\nHost: a\r\n\r\n"
GET_B_REQ = req(b"GET", b"/b", b"Host: a")
SMUGGLED = b"GET /admin HTTP/1.1\r\nHost: a\r\n\r\n"  # 32 bytes, hex 20
assert len(SMUGGLED) == 0x20
BOTH_CLOSE = ("MUST_CLOSE", "MUST_CLOSE")


# --------------------------------------------------------------------------------------------
# CL.TE and TE.CL (H2: chunked wins, the connection is not reused). Existing:
# content-length-and-chunked-framed-as-chunked, chunked-and-content-length-then-pipelined-
# request, response-content-length-and-chunked, garden-123.

CL_TE = [
    server(
        "cl-te-classic-smuggled-prefix",
        post(b"Content-Length: 6", TE) + b"0\r\n\r\nG",
        post_req(b"Content-Length: 6", TE),
        eom(),
        error=EXPECTING_EOF,
        note="CL.TE: a CL-framed front end forwards 'G' as body; we end at the last chunk and "
        "refuse anything after it on this connection",
    ),
    server(
        "te-cl-classic-whole-chunked-body",
        post(TE, b"Content-Length: 4") + b"20\r\n" + SMUGGLED + b"\r\n0\r\n\r\n",
        post_req(TE, b"Content-Length: 4"),
        data(SMUGGLED),
        eom(),
        NEED_DATA,
        states=("MUST_CLOSE", "SEND_RESPONSE"),
        note="TE.CL: a CL-framed back end would see a request inside the chunk",
    ),
    server(
        "cl-te-content-length-zero-with-chunked-body",
        post(b"Content-Length: 0", TE) + b"20\r\n" + SMUGGLED + b"\r\n0\r\n\r\n",
        post_req(b"Content-Length: 0", TE),
        data(SMUGGLED),
        eom(),
        NEED_DATA,
        states=("MUST_CLOSE", "SEND_RESPONSE"),
    ),
    server(
        "cl-te-content-length-longer-than-chunked-body",
        post(b"Content-Length: 50", TE) + CHUNKED_ABC,
        post_req(b"Content-Length: 50", TE),
        data(b"abc"),
        eom(),
        NEED_DATA,
        states=("MUST_CLOSE", "SEND_RESPONSE"),
    ),
    server(
        "cl-te-uppercase-chunked",
        post(b"Content-Length: 3", b"Transfer-Encoding: CHUNKED") + CHUNKED_ABC,
        post_req(b"Content-Length: 3", TE),
        data(b"abc"),
        eom(),
        NEED_DATA,
        states=("MUST_CLOSE", "SEND_RESPONSE"),
        note="the TE value is stored lowercased (§4.3)",
    ),
    server(
        "cl-te-smuggled-request-after-last-chunk",
        post(b"Content-Length: 38", TE) + b"0\r\n\r\n" + SMUGGLED,
        post_req(b"Content-Length: 38", TE),
        eom(),
        error=EXPECTING_EOF,
        note="CL 38 covers the smuggled GET; chunked ends first, and nothing may follow",
    ),
    server(
        "cl-te-with-keep-alive-still-closes",
        post(b"Connection: keep-alive", b"Content-Length: 3", TE) + CHUNKED_ABC,
        post_req(b"Connection: keep-alive", b"Content-Length: 3", TE),
        data(b"abc"),
        eom(),
        NEED_DATA,
        states=("MUST_CLOSE", "SEND_RESPONSE"),
    ),
    server(
        "cl-te-bad-content-length-still-rejected",
        post(b"Content-Length: abc", TE) + CHUNKED_ABC,
        error=BAD_CL,
    ),
    server(
        "cl-te-conflicting-content-lengths-still-rejected",
        post(b"Content-Length: 3", TE, b"Content-Length: 4") + CHUNKED_ABC,
        error=CONFLICTING_CL,
    ),
    server(
        "cl-te-obfuscated-te-rejected",
        post(b"Content-Length: 3", b"Transfer-Encoding: xchunked") + b"abc",
        error=ONLY_CHUNKED,
        note="a CL-framed reading would be possible; we refuse instead of guessing",
    ),
    server(
        "cl-te-in-http10-rejected",
        post(b"Content-Length: 3", TE, version=b"1.0") + CHUNKED_ABC,
        error=TE_IN_10,
    ),
    server(
        "cl-te-eof-after-message",
        post(b"Content-Length: 3", TE) + CHUNKED_ABC,
        post_req(b"Content-Length: 3", TE),
        data(b"abc"),
        eom(),
        CLOSED,
        eof=True,
        states=("CLOSED", "SEND_RESPONSE"),
    ),
    server(
        "cl-te-chunked-with-trailers",
        post(TE, b"Content-Length: 9") + b"3\r\nabc\r\n0\r\nX: y\r\n\r\n",
        post_req(TE, b"Content-Length: 9"),
        data(b"abc"),
        eom(b"X: y"),
        NEED_DATA,
        states=("MUST_CLOSE", "SEND_RESPONSE"),
    ),
    client(
        "response-cl-te-then-second-response-refused",
        response(b"Content-Length: 0", TE) + b"1\r\na\r\n0\r\n\r\n"
        b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
        ok(b"Content-Length: 0", TE),
        data(b"a"),
        eom(),
        error=EXPECTING_EOF,
    ),
    client(
        "response-te-cl-chunked-wins",
        response(TE, b"Content-Length: 100") + b"5\r\nhello\r\n0\r\n\r\n",
        ok(TE, b"Content-Length: 100"),
        data(b"hello"),
        eom(),
        NEED_DATA,
        states=BOTH_CLOSE,
    ),
    client(
        "response-cl-te-smuggled-response-in-chunk",
        response(b"Content-Length: 5", TE)
        + b"26\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n\r\n0\r\n\r\n",
        ok(b"Content-Length: 5", TE),
        data(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
        eom(),
        NEED_DATA,
        states=BOTH_CLOSE,
    ),
    client(
        "response-cl-te-in-http10-rejected",
        b"HTTP/1.0 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
        + CHUNKED_ABC,
        error=TE_IN_10,
    ),
    client(
        "response-cl-te-to-head-has-no-body",
        response(b"Content-Length: 3", TE) + b"HTTP/1.1 200 OK\r\n",
        ok(b"Content-Length: 3", TE),
        eom(),
        error=EXPECTING_EOF,
        method=b"HEAD",
        note="no body for HEAD, but H2 still ends keep-alive",
    ),
]


# --------------------------------------------------------------------------------------------
# Transfer-Encoding obfuscations. Existing: gzip, "gzip, chunked", "chunked, chunked",
# identity, two TE headers, TE in HTTP/1.0 and 0.9, garden 11/12/21/44/46.

# Values that are not exactly "chunked" after lowercasing and OWS stripping: 501.
TE_REJECTED = {
    "xchunked": b"xchunked",
    "chunkedx": b"chunkedx",
    "chunked-identity-list": b"chunked, identity",
    "identity-chunked-list": b"identity, chunked",
    "chunked-trailing-comma": b"chunked,",
    "quoted-chunked": b'"chunked"',
    "single-quoted-chunked": b"'chunked'",
    "chunked-with-parameter": b"chunked;q=1",
    "chunked-inner-space": b"chun ked",
    "chunk": b"chunk",
    "empty": b"",
    "chunked-obs-text": b"chunked\xff",
    "obs-text-before-chunked": b"\xa0chunked",
    "x-chunked": b"x-chunked",
    "compress": b"compress",
    "deflate-chunked": b"deflate, chunked",
    "chunked-nbsp-utf8": b"chunked\xc2\xa0",
}

# Spellings that are exactly "chunked" after lowercasing and stripping OWS (§4.2): accepted.
TE_ACCEPTED = {
    "mixed-case": b"cHuNkEd",
    "title-case": b"Chunked",
    "leading-spaces": b"   chunked",
    "leading-tab": b"\tchunked",
    "trailing-spaces": b"chunked  ",
    "surrounding-ows": b" \t chunked  ",
}

# "chunked" then a tab (and maybe spaces): OWS by RFC 9110 §5.5, but llhttp keeps the tab
# and reads such a response until the connection closes. Two readings: refused (400).
TE_TAB_AFTER_VALUE = {
    "trailing-tab": b"chunked\t",
    "trailing-tab-then-space": b"chunked\t ",
    "surrounding-ows-with-tab": b" \t chunked \t ",
}
TE_TAB_ERROR = err("Transfer-Encoding value followed by a tab is ambiguous")


def te_obfuscations() -> list[Case]:
    cases = []
    for name, value in TE_REJECTED.items():
        line = b"Transfer-Encoding: " + value
        cases.append(server(f"te-{name}", post(line) + CHUNKED_ABC, error=ONLY_CHUNKED))
        cases.append(
            client(f"response-te-{name}", response(line) + CHUNKED_ABC, error=ONLY_CHUNKED)
        )
    # A control byte: the request's field-value rule refuses the line before its meaning
    # is considered (docs/differences.rst, control bytes); a response's keeps it.
    soh = b"Transfer-Encoding: chunked\x01"
    cases.append(server("te-chunked-soh", post(soh) + CHUNKED_ABC, **header_line(soh)))
    cases.append(
        client("response-te-chunked-soh", response(soh) + CHUNKED_ABC, error=ONLY_CHUNKED)
    )
    for name, value in TE_TAB_AFTER_VALUE.items():
        line = b"Transfer-Encoding: " + value
        cases.append(server(f"te-{name}", post(line) + CHUNKED_ABC, error=TE_TAB_ERROR))
        cases.append(
            client(f"response-te-{name}", response(line) + CHUNKED_ABC, error=TE_TAB_ERROR)
        )
    for name, value in TE_ACCEPTED.items():
        line = b"Transfer-Encoding: " + value
        cases.append(
            server(
                f"te-{name}-accepted",
                post(line) + CHUNKED_ABC,
                CH_REQ,
                data(b"abc"),
                eom(),
                NEED_DATA,
                states=("DONE", "SEND_RESPONSE"),
            )
        )
        cases.append(
            client(
                f"response-te-{name}-accepted",
                response(line) + CHUNKED_ABC,
                CH_RESP,
                data(b"abc"),
                eom(),
                NEED_DATA,
                states=("DONE", "DONE"),
            )
        )
    return cases


TE_OTHER = [
    server(
        "te-duplicate-different-case-names",
        post(b"transfer-encoding: chunked", b"TRANSFER-ENCODING: chunked") + CHUNKED_ABC,
        error=MULTIPLE_TE,
    ),
    server(
        "te-chunked-then-identity-headers",
        post(TE, b"Transfer-Encoding: identity") + CHUNKED_ABC,
        error=one_of(MULTIPLE_TE, ONLY_CHUNKED),
        note="two violations; §4.3 does not order them (both 501)",
    ),
    server(
        "te-separated-by-content-length",
        post(TE, b"Content-Length: 3", TE) + CHUNKED_ABC,
        error=MULTIPLE_TE,
    ),
    server(
        "te-space-before-colon",
        post(b"Transfer-Encoding : chunked") + CHUNKED_ABC,
        **header_line(b"Transfer-Encoding : chunked"),
    ),
    server(
        "te-tab-before-colon",
        post(b"Transfer-Encoding\t: chunked") + CHUNKED_ABC,
        **header_line(b"Transfer-Encoding\t: chunked"),
    ),
    server(
        "te-vertical-tab-before-value",
        post(b"Transfer-Encoding: \x0bchunked") + CHUNKED_ABC,
        **header_line(b"Transfer-Encoding: \x0bchunked"),
    ),
    server(
        "te-form-feed-after-value",
        post(b"Transfer-Encoding: chunked\x0c") + CHUNKED_ABC,
        **header_line(b"Transfer-Encoding: chunked\x0c"),
    ),
    server(
        "te-nul-in-name",
        post(b"Transfer-Encoding\x00: chunked") + CHUNKED_ABC,
        **header_line(b"Transfer-Encoding\x00: chunked"),
    ),
    server(
        "te-bare-cr-in-value",
        post(b"Transfer-Encoding: chunked\rX: y") + CHUNKED_ABC,
        **header_line(b"Transfer-Encoding: chunked\rX: y"),
    ),
    server(
        "te-obs-fold-value-on-next-line",
        post(b"Transfer-Encoding:", b" chunked") + CHUNKED_ABC,
        error=FOLDED_TE,
        note="llhttp refuses it too; a recipient that does not unfold sees no framing",
    ),
    server(
        "te-obs-fold-split-token",
        post(b"Transfer-Encoding: chun", b" ked") + CHUNKED_ABC,
        error=FOLDED_TE,
    ),
    server(
        "te-obs-fold-adds-identity",
        post(TE, b"\t, identity") + CHUNKED_ABC,
        error=FOLDED_TE,
    ),
    server(
        "te-folded-into-previous-header-is-not-te",
        post(b"Content-Length: 3", b"X: a", b" Transfer-Encoding: chunked") + b"abc",
        post_req(b"Content-Length: 3", b"X: a Transfer-Encoding: chunked"),
        data(b"abc"),
        eom(),
        NEED_DATA,
        states=("DONE", "SEND_RESPONSE"),
        note="a folded line is part of X's value, so only Content-Length frames the body",
    ),
    server(
        "te-as-first-header-folded",
        b"POST / HTTP/1.1\r\n Transfer-Encoding: chunked\r\nHost: a\r\n\r\n" + CHUNKED_ABC,
        error=AT_START,
    ),
    server(
        "te-underscore-name-is-another-header",
        post(b"Transfer_Encoding: chunked") + b"0\r\n\r\n",
        post_req(b"Transfer_Encoding: chunked"),
        eom(),
        NEXT_CYCLE,
        **request_line(b"0"),
        note="'_' is a token character, so this is an unknown header: no body; the chunked "
        "bytes are then the next request, which is not one",
        cycle=True,
    ),
    server(
        "te-name-with-trailing-letter-is-another-header",
        post(b"Transfer-Encodings: chunked", b"Content-Length: 3") + b"abc",
        post_req(b"Transfer-Encodings: chunked", b"Content-Length: 3"),
        data(b"abc"),
        eom(),
        NEED_DATA,
    ),
    server(
        "te-gzip-in-http10",
        post(b"Transfer-Encoding: gzip", version=b"1.0") + b"abc",
        error=one_of(TE_IN_10, ONLY_CHUNKED),
        note="H3 and RFC 9112 §6.1 both refuse it; design-errors does not order the two checks",
    ),
    server(
        "te-chunked-in-http10-with-content-length",
        post(TE, b"Content-Length: 3", version=b"1.0") + b"abc",
        error=TE_IN_10,
    ),
    server(
        "te-in-http10-lowercase-name",
        b"POST / HTTP/1.0\r\ntransfer-encoding: chunked\r\n\r\n" + CHUNKED_ABC,
        error=TE_IN_10,
    ),
    server(
        "te-with-get-method-framed-as-chunked",
        b"GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" + CHUNKED_ABC,
        req(b"GET", b"/", b"Host: a", TE),
        data(b"abc"),
        eom(),
        NEED_DATA,
    ),
    server(
        "te-with-head-method-framed-as-chunked",
        b"HEAD / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" + CHUNKED_ABC,
        req(b"HEAD", b"/", b"Host: a", TE),
        data(b"abc"),
        eom(),
        NEED_DATA,
    ),
    client(
        "response-te-space-before-colon",
        response(b"Transfer-Encoding : chunked") + CHUNKED_ABC,
        **header_line(b"Transfer-Encoding : chunked"),
    ),
    client(
        "response-te-two-headers",
        response(TE, TE) + CHUNKED_ABC,
        error=MULTIPLE_TE,
    ),
    client(
        "response-te-obs-fold-value",
        response(b"Transfer-Encoding:", b"\tchunked") + CHUNKED_ABC,
        error=FOLDED_TE,
    ),
    client(
        "response-te-on-204-ignored",
        response(TE, status=b"204 No Content") + b"HTTP/1.1 200 OK\r\n\r\n",
        resp(204, b"No Content", TE),
        eom(),
        PAUSED,
        note="§10.1 row 1: no body, so the bytes behind it are the next response",
    ),
]


# --------------------------------------------------------------------------------------------
# Content-Length values. Existing: "3, 3" + duplicate, 20 digits with leading zeros, "3"/"4",
# "1, 2", "5,", "3"/"03", -3, +3, 1_0, 0x3, empty, "1 0", 21 digits, Arabic-Indic digit,
# garden 10/16/23/26/29/32/101.

CL_REJECTED = {
    "plus-zero": (b"+0", BAD_CL),
    "minus-zero": (b"-0", BAD_CL),
    "leading-underscore": (b"_5", BAD_CL),
    "trailing-underscore": (b"5_", BAD_CL),
    "decimal-point": (b"5.0", BAD_CL),
    "exponent": (b"5e0", BAD_CL),
    "uppercase-hex-prefix": (b"0X5", BAD_CL),
    "octal-prefix": (b"0o5", BAD_CL),
    "binary-prefix": (b"0b101", BAD_CL),
    "fullwidth-digit": (b"\xef\xbc\x95", BAD_CL),
    "superscript-digit": (b"\xc2\xb9", BAD_CL),
    "only-comma": (b",", BAD_CL),
    "double-comma": (b"5,,5", CONFLICTING_CL),
    "leading-comma": (b",5", CONFLICTING_CL),
    "list-of-different-values": (b"5, 5, 6", CONFLICTING_CL),
    "list-5-05": (b"5, 05", CONFLICTING_CL),
    "unicode-minus": (b"\xe2\x88\x925", BAD_CL),
    "letter-suffix": (b"5a", BAD_CL),
    "overflow-25-digits": (b"1" * 25, BAD_CL),
    "overflow-21-digits-no-zeros": (b"100000000000000000000", BAD_CL),
    "quoted": (b'"5"', BAD_CL),
    "semicolon-parameter": (b"5;x", BAD_CL),
    "space-inside-list-piece": (b"5, 5 5", CONFLICTING_CL),
}

CL_ACCEPTED = {
    "list-of-three-equal-values": (b"5,5,5", b"5"),
    "list-with-ows": (b" 5 ,\t5 ", b"5"),
    "leading-tab": (b"\t5", b"5"),
    "trailing-spaces": (b"5   ", b"5"),
    "leading-zeros": (b"0005", b"0005"),
}


def content_length_cases() -> list[Case]:
    cases = []
    for name, (value, error) in CL_REJECTED.items():
        line = b"Content-Length: " + value
        cases.append(server(f"cl-{name}", post(line) + b"hello", error=error))
        cases.append(client(f"response-cl-{name}", response(line) + b"hello", error=error))
    for name, (value, stored) in CL_ACCEPTED.items():
        line = b"Content-Length: " + value
        cases.append(
            server(
                f"cl-{name}-accepted",
                post(line) + b"hello",
                post_req(b"Content-Length: " + stored),
                data(b"hello"),
                eom(),
                NEED_DATA,
            )
        )
        cases.append(
            client(
                f"response-cl-{name}-accepted",
                response(line) + b"hello",
                ok(b"Content-Length: " + stored),
                data(b"hello"),
                eom(),
                NEED_DATA,
            )
        )
    return cases


CL_OTHER = [
    server(
        "cl-equal-values-in-separate-headers-merged",
        post(b"Content-Length: 5", b"X: y", b"content-length: 5") + b"hello",
        post_req(b"Content-Length: 5", b"X: y"),
        data(b"hello"),
        eom(),
        NEED_DATA,
    ),
    server(
        "cl-zero-with-leading-zeros",
        post(b"Content-Length: 00") + GET_B,
        post_req(b"Content-Length: 00"),
        eom(),
        NEXT_CYCLE,
        GET_B_REQ,
        eom(),
        NEED_DATA,
        cycle=True,
    ),
    server(
        "cl-20-digits-2-to-the-64-streams",
        post(b"Content-Length: 18446744073709551616") + b"part",
        post_req(b"Content-Length: 18446744073709551616"),
        data(b"part"),
        NEED_DATA,
        note="no 64-bit wrap-around to 0: the body is as long as declared",
    ),
    server(
        "cl-20-nines-streams",
        post(b"Content-Length: 99999999999999999999") + b"part",
        post_req(b"Content-Length: 99999999999999999999"),
        data(b"part"),
        NEED_DATA,
    ),
    server(
        "cl-obs-fold-continues-value",
        post(b"Content-Length: 5", b" 5") + b"hello",
        error=FOLDED_CL,
    ),
    server(
        "cl-obs-fold-list-merged",
        post(b"Content-Length: 5", b"\t, 5") + b"hello",
        error=FOLDED_CL,
    ),
    server(
        "cl-vertical-tab-in-value",
        post(b"Content-Length: 5\x0b") + b"hello",
        **header_line(b"Content-Length: 5\x0b"),
    ),
    server(
        "cl-space-before-colon",
        post(b"Content-Length : 5") + b"hello",
        **header_line(b"Content-Length : 5"),
    ),
    server(
        "cl-underscore-name-is-another-header",
        post(b"Content_Length: 5") + b"hello",
        post_req(b"Content_Length: 5"),
        eom(),
        NEXT_CYCLE,
        NEED_DATA,
        cycle=True,
        note="no body: 'hello' is the start of the next request line",
    ),
    server(
        "cl-on-get-is-a-body",
        b"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
        req(b"GET", b"/", b"Host: a", b"Content-Length: 5"),
        data(b"hello"),
        eom(),
        NEED_DATA,
    ),
    server(
        "cl-body-shorter-than-declared-then-eof",
        post(b"Content-Length: 10") + b"short",
        post_req(b"Content-Length: 10"),
        data(b"short"),
        eof=True,
        error=err(
            "peer closed connection without sending complete message body "
            "(received 5 bytes, expected 10)"
        ),
    ),
    client(
        "response-cl-equal-headers-merged",
        response(b"Content-Length: 2", b"Content-Length: 2") + b"ok",
        ok(b"Content-Length: 2"),
        data(b"ok"),
        eom(),
        NEED_DATA,
    ),
    client(
        "response-cl-zero-then-next-response",
        response(b"Content-Length: 0") + response(b"Content-Length: 1") + b"x",
        ok(b"Content-Length: 0"),
        eom(),
        NEXT_CYCLE,
        ok(b"Content-Length: 1"),
        data(b"x"),
        eom(),
        NEED_DATA,
        cycle=True,
    ),
    client(
        "response-cl-empty",
        response(b"Content-Length:") + b"x",
        error=BAD_CL,
    ),
    client(
        "response-cl-negative",
        response(b"Content-Length: -1") + b"x",
        error=BAD_CL,
    ),
]


# --------------------------------------------------------------------------------------------
# Chunk-size lines and the CRLF after chunk data. Existing (bodies.py): trailing SP/HTAB,
# leading SP, empty, 0x, +, -, 1_0, 21 hex digits, non-hex, fullwidth digit, bare-LF line
# end, lone/trailing ';', empty ext value, spaces/separators in ext, bare CR / NUL / LF in
# ext, unterminated or badly escaped quotes, CTL or CR in quotes, bad second/last size
# line, garbage / CR_ / LF / longer data after a chunk; garden 1/17/22/31/36/47/102/117/124.

CHUNK_LINE_REJECTED = {
    "uppercase-0x-prefix": b"0X3\r\n",
    "leading-tab": b"\t3\r\n",
    "bare-cr-after-size": b"3\r\r\n",
    "bare-cr-before-size": b"\r3\r\n",
    "bare-cr-inside-size": b"1\r0\r\n",
    "nul-after-size": b"3\x00\r\n",
    "nul-before-size": b"\x003\r\n",
    "soh-after-size": b"3\x01\r\n",
    "del-after-size": b"3\x7f\r\n",
    "vertical-tab-after-size": b"3\x0b\r\n",
    "double-semicolon": b"3;;a\r\n",
    "comma-in-extension": b"3;a=b,c\r\n",
    "extension-name-missing": b"3;=b\r\n",
    "extension-equals-without-name-or-value": b"3;=\r\n",
    "extension-two-equals": b"3;a==b\r\n",
    "quoted-extension-name": b'3;"a"=b\r\n',
    "obs-text-in-extension-token": b"3;a=\xff\r\n",
    "space-between-digits": b"1 0\r\n",
    "underscore-then-zero": b"0_0\r\n",
    "plus-zero-last-chunk": b"+0\r\n",
    "overflow-23-hex-digits": b"10000000000000000000000\r\n",
    "semicolon-only-after-space": b"3 ;\r\n",
    "bare-cr-before-crlf-after-extension": b"3;a=b\r\r\n",
    "size-then-letters": b"3xyz\r\n",
    "decimal-point": b"3.0\r\n",
    "unicode-minus": b"\xe2\x88\x923\r\n",
    "http-like-line": b"GET / HTTP/1.1\r\n",
}


def chunk_line_cases() -> list[Case]:
    cases = []
    for name, line in CHUNK_LINE_REJECTED.items():
        rest = b"abc\r\n0\r\n\r\n"
        cases.append(server(f"chunk-size-{name}", CH + line + rest, CH_REQ, **chunk_header(line)))
    for name in ("bare-cr-after-size", "nul-after-size", "double-semicolon", "leading-tab"):
        line = CHUNK_LINE_REJECTED[name]
        cases.append(
            client(
                f"response-chunk-size-{name}",
                CH_RESP_HEAD + line + b"abc\r\n0\r\n\r\n",
                CH_RESP,
                **chunk_header(line),
            )
        )
    return cases


CHUNK_OTHER = [
    # H10: refused at the first impossible byte, without waiting for a line end.
    server(
        "chunk-size-cl-body-read-as-size",
        post(TE, b"Content-Length: 5") + b"hello",
        post_req(TE, b"Content-Length: 5"),
        error=err("illegal chunk header: {!r}", b"h"),
        note="0.16 waited for a CRLF that could not help; llhttp refuses at once",
    ),
    server(
        "chunk-size-non-hex-first-byte",
        CH + b"zzzz",
        CH_REQ,
        error=err("illegal chunk header: {!r}", b"z"),
    ),
    server(
        "chunk-size-pipelined-request-after-chunk",
        CH + b"3\r\nabc\r\nGET / HTTP/1.1\r\n",
        CH_REQ,
        data(b"abc"),
        error=err("illegal chunk header: {!r}", b"G"),
    ),
    server(
        "chunk-size-bad-byte-in-open-quote",
        CH + b'3;a="x\x00',
        CH_REQ,
        error=err("illegal chunk header: {!r}", b'3;a="x\x00'),
    ),
    server(
        "chunk-size-largest-zero-padded-last-chunk",
        CH + b"00000000000000000000\r\n\r\n",
        CH_REQ,
        eom(),
        NEED_DATA,
    ),
    server(
        "chunk-size-mixed-case-hex",
        CH + b"aB\r\n" + b"x" * 0xAB + b"\r\n0\r\n\r\n",
        CH_REQ,
        data(b"x" * 0xAB),
        eom(),
        NEED_DATA,
    ),
    server(
        "chunk-data-followed-by-cr-cr-lf",
        CH + b"3\r\nabc\r\r\n0\r\n\r\n",
        CH_REQ,
        data(b"abc"),
        error=FOOTER,
    ),
    server(
        "chunk-data-missing-crlf-before-next-size",
        CH + b"3\r\nabc3\r\ndef\r\n0\r\n\r\n",
        CH_REQ,
        data(b"abc"),
        error=FOOTER,
    ),
    server(
        "chunk-data-followed-by-lf-cr",
        CH + b"3\r\nabc\n\r0\r\n\r\n",
        CH_REQ,
        data(b"abc"),
        error=FOOTER,
    ),
    server(
        "chunk-size-shorter-than-data-smuggles-nothing",
        CH + b"5\r\nabc\r\n0\r\n\r\n" + SMUGGLED,
        CH_REQ,
        data(b"abc\r\n"),
        error=FOOTER,
        note="the size counts bytes, so the CRLF is data and '0\\r' is no footer",
    ),
    server(
        "chunk-data-is-crlf-only",
        CH + b"2\r\n\r\n\r\n0\r\n\r\n",
        CH_REQ,
        data(b"\r\n"),
        eom(),
        NEED_DATA,
    ),
    server(
        "chunk-data-with-nul-and-bare-cr",
        CH + b"4\r\n\x00\r\x00\n\r\n0\r\n\r\n",
        CH_REQ,
        data(b"\x00\r\x00\n"),
        eom(),
        NEED_DATA,
    ),
    server(
        "chunk-data-looks-like-last-chunk-and-request",
        CH + b"25\r\n0\r\n\r\nGET /admin HTTP/1.1\r\nHost: a\r\n\r\n\r\n0\r\n\r\n",
        CH_REQ,
        data(b"0\r\n\r\nGET /admin HTTP/1.1\r\nHost: a\r\n\r\n"),
        eom(),
        NEED_DATA,
    ),
    server(
        "chunk-huge-size-then-eof",
        CH + b"fffffffffffffff\r\nabc",
        CH_REQ,
        data(b"abc"),
        eof=True,
        error=err(
            "peer closed connection without sending complete message body "
            "(incomplete chunked read)"
        ),
    ),
    server(
        "chunk-extension-on-every-chunk-quoted-crlf-lookalike",
        CH + b'3;a="\\r\\n0"\r\nabc\r\n0;b="\\r\\n"\r\n\r\n',
        CH_REQ,
        data(b"abc"),
        eom(),
        NEED_DATA,
        note="backslash escapes of the letters r and n, not line ends",
    ),
    server(
        "chunk-extension-bws-before-equals-and-quoted",
        CH + b'3 ;\ta = "x"\r\nabc\r\n0\r\n\r\n',
        CH_REQ,
        data(b"abc"),
        eom(),
        NEED_DATA,
    ),
    client(
        "response-chunk-data-followed-by-bare-lf",
        CH_RESP_HEAD + b"3\r\nabc\n0\r\n\r\n",
        CH_RESP,
        data(b"abc"),
        error=FOOTER,
    ),
    client(
        "response-chunk-size-bare-lf",
        CH_RESP_HEAD + b"3\nabc\r\n0\r\n\r\n",
        CH_RESP,
        **chunk_header(b"3\nabc\r\n"),
    ),
]


# --------------------------------------------------------------------------------------------
# Trailers carrying framing headers: parsed and validated like a header block (§10.2), never
# used for framing. Existing: trailer Content-Length 99 ignored, trailer TE gzip (501), bad
# trailer Content-Length, illegal / NUL / folded-first trailer lines.

TRAILERS = [
    server(
        "trailer-transfer-encoding-chunked-ignored",
        CH + b"3\r\nabc\r\n0\r\nTransfer-Encoding: chunked\r\n\r\n" + GET_B,
        CH_REQ,
        data(b"abc"),
        eom(TE),
        NEXT_CYCLE,
        GET_B_REQ,
        eom(),
        NEED_DATA,
        cycle=True,
    ),
    server(
        "trailer-content-length-does-not-frame-next-request",
        CH + b"0\r\nContent-Length: 5\r\n\r\n" + GET_B,
        CH_REQ,
        eom(b"Content-Length: 5"),
        NEXT_CYCLE,
        GET_B_REQ,
        eom(),
        NEED_DATA,
        cycle=True,
    ),
    server(
        "trailer-conflicting-content-lengths",
        CH + b"0\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
        CH_REQ,
        error=CONFLICTING_CL,
    ),
    server(
        "trailer-two-transfer-encodings",
        CH + b"0\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
        CH_REQ,
        error=MULTIPLE_TE,
    ),
    server(
        "trailer-content-length-and-transfer-encoding",
        CH + b"0\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n" + GET_B,
        CH_REQ,
        eom(b"Content-Length: 5", TE),
        NEXT_CYCLE,
        GET_B_REQ,
        eom(),
        NEED_DATA,
        cycle=True,
        note="CL+TE in trailers is not H2: only the head's framing headers count",
    ),
    server(
        "trailer-connection-close-does-not-end-keep-alive",
        CH + b"0\r\nConnection: close\r\n\r\n",
        CH_REQ,
        eom(b"Connection: close"),
        NEED_DATA,
        states=("DONE", "SEND_RESPONSE"),
        note="§7.5: only a Request or Response head switches keep-alive off",
    ),
    server(
        "trailer-duplicate-host-not-checked",
        CH + b"0\r\nHost: x\r\nHost: y\r\n\r\n",
        CH_REQ,
        eom(b"Host: x", b"Host: y"),
        NEED_DATA,
    ),
    server(
        "trailer-without-colon",
        CH + b"0\r\nContent-Length 5\r\n\r\n",
        CH_REQ,
        **header_line(b"Content-Length 5"),
    ),
    server(
        "trailer-bare-cr-line-end",
        CH + b"0\r\nX: a\rContent-Length: 5\r\n\r\n",
        CH_REQ,
        **header_line(b"X: a\rContent-Length: 5"),
    ),
    server(
        "trailer-empty-name",
        CH + b"0\r\n: x\r\n\r\n",
        CH_REQ,
        **header_line(b": x"),
    ),
    server(
        "trailer-space-before-colon",
        CH + b"0\r\nTransfer-Encoding : chunked\r\n\r\n",
        CH_REQ,
        **header_line(b"Transfer-Encoding : chunked"),
    ),
    server(
        "trailer-looks-like-request-line",
        CH + b"0\r\nGET /admin HTTP/1.1\r\nHost: a\r\n\r\n",
        CH_REQ,
        **header_line(b"GET /admin HTTP/1.1"),
    ),
    server(
        "trailer-content-length-signed",
        CH + b"0\r\nContent-Length: +5\r\n\r\n",
        CH_REQ,
        error=BAD_CL,
    ),
    client(
        "response-trailer-content-length-ignored",
        CH_RESP_HEAD + b"2\r\nok\r\n0\r\nContent-Length: 100\r\n\r\n" + response(),
        CH_RESP,
        data(b"ok"),
        eom(b"Content-Length: 100"),
        PAUSED,
    ),
    client(
        "response-trailer-transfer-encoding-gzip",
        CH_RESP_HEAD + b"0\r\nTransfer-Encoding: gzip\r\n\r\n",
        CH_RESP,
        error=ONLY_CHUNKED,
    ),
]


# --------------------------------------------------------------------------------------------
# Bare CR as a line end: never a line end (RFC 9112 §2.2); it stays in the line and fails its
# grammar. Existing: bare CR before CRLF of a request line, in a header value, in a reason,
# in chunk extensions, garden 13/15/30/34/110.

BARE_CR = [
    server(
        "bare-cr-ends-request-line",
        b"GET / HTTP/1.1\rHost: a\r\n\r\n",
        **request_line(b"GET / HTTP/1.1\rHost: a"),
    ),
    server(
        "bare-cr-ends-header-line",
        b"GET / HTTP/1.1\r\nHost: a\rX: b\r\n\r\n",
        **header_line(b"Host: a\rX: b"),
    ),
    server(
        "bare-cr-cr-lf-header-line",
        b"GET / HTTP/1.1\r\nHost: a\r\nX: b\r\r\n\r\n",
        **header_line(b"X: b\r"),
    ),
    server(
        "bare-cr-as-blank-line",
        b"GET / HTTP/1.1\r\nHost: a\r\n\r\r\n\r\n",
        **header_line(b"\r"),
    ),
    server(
        "bare-cr-hides-content-length",
        post(b"X: y\rContent-Length: 5") + b"hello",
        **header_line(b"X: y\rContent-Length: 5"),
    ),
    server(
        "bare-cr-hides-transfer-encoding",
        post(b"X: y\rTransfer-Encoding: chunked") + CHUNKED_ABC,
        **header_line(b"X: y\rTransfer-Encoding: chunked"),
    ),
    server(
        "bare-cr-in-header-name",
        b"GET / HTTP/1.1\r\nHost: a\r\nX\rY: b\r\n\r\n",
        **header_line(b"X\rY: b"),
    ),
    server(
        "bare-cr-before-colon",
        b"GET / HTTP/1.1\r\nHost: a\r\nX\r: b\r\n\r\n",
        **header_line(b"X\r: b"),
    ),
    server(
        "bare-cr-blank-line-before-request-line",
        b"\r\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
        error=err_prefix("illegal request line"),
        note="CR CR is no empty line (Q4 skips only CRLF and LF); whole and bytewise both "
        "refuse the CR (early or with the line)",
    ),
    server(
        "bare-cr-in-method",
        b"G\rET / HTTP/1.1\r\nHost: a\r\n\r\n",
        **request_line(b"G\rET / HTTP/1.1"),
    ),
    server(
        "bare-cr-in-target",
        b"GET /\r/ HTTP/1.1\r\nHost: a\r\n\r\n",
        **request_line(b"GET /\r/ HTTP/1.1"),
    ),
    server(
        "bare-cr-in-obs-fold",
        b"GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n \rb\r\n\r\n",
        **header_line(b"X: a \rb"),
    ),
    client(
        "response-bare-cr-ends-status-line",
        b"HTTP/1.1 200 OK\rContent-Length: 0\r\n\r\n",
        **status_line(b"HTTP/1.1 200 OK\rContent-Length: 0"),
    ),
    client(
        "response-bare-cr-ends-header-line",
        b"HTTP/1.1 200 OK\r\nX: a\rContent-Length: 5\r\n\r\nhello",
        **header_line(b"X: a\rContent-Length: 5"),
    ),
    client(
        "response-bare-cr-as-blank-line",
        b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\r\n\r\n",
        **header_line(b"\r"),
    ),
]


# --------------------------------------------------------------------------------------------
# NUL and other controls. Existing: NUL / VT / FF / bare CR in a value, 0x01/0x7f/0xff kept,
# obs-text in a name, DEL / obs-text in a target, NUL first byte, NUL / 0x01 in a reason,
# garden 2/14/35/43/112/120.

CONTROLS = [
    *[
        server(
            f"name-with-control-{byte:02x}",
            b"GET / HTTP/1.1\r\nHost: a\r\nX%cY: z\r\n\r\n" % byte,
            **header_line(b"X%cY: z" % byte),
        )
        for byte in (0x00, 0x01, 0x08, 0x09, 0x0B, 0x0C, 0x1B, 0x1F, 0x20, 0x7F)
    ],
    server(
        "value-with-escape-refused",
        b"GET / HTTP/1.1\r\nHost: a\r\nX: \x1b[31mred\r\n\r\n",
        **header_line(b"X: \x1b[31mred"),
        note="RFC 9110 §5.5; h11 0.16 kept it (docs/differences.rst, control bytes)",
    ),
    *[
        server(
            f"value-with-control-{byte:02x}-refused",
            b"GET / HTTP/1.1\r\nHost: a\r\nX: a%cb\r\n\r\n" % byte,
            **header_line(b"X: a%cb" % byte),
        )
        for byte in (0x01, 0x08, 0x0E, 0x1F, 0x7F)
    ],
    *[
        client(
            f"response-value-with-control-{byte:02x}-kept",
            b"HTTP/1.1 200 OK\r\nX: a%cb\r\nContent-Length: 0\r\n\r\n" % byte,
            resp(200, b"OK", b"X: a%cb" % byte, b"Content-Length: 0"),
            eom(),
            NEED_DATA,
        )
        for byte in (0x01, 0x08, 0x0E, 0x1F, 0x7F)
    ],
    server(
        "trailer-value-with-control-refused",
        post(TE) + b"0\r\nX: a\x01\r\n\r\n",
        CH_REQ,
        error=err("illegal header line: {!r}", b"X: a\x01"),
    ),
    server(
        "value-with-tab-and-obs-text-kept",
        b"GET / HTTP/1.1\r\nHost: a\r\nX: a\tb\x80\xff\r\n\r\n",
        req(b"GET", b"/", b"Host: a", b"X: a\tb\x80\xff"),
        eom(),
        NEED_DATA,
    ),
    server(
        "value-with-nul-at-start",
        b"GET / HTTP/1.1\r\nHost: a\r\nX: \x00a\r\n\r\n",
        **header_line(b"X: \x00a"),
    ),
    server(
        "value-with-nul-at-end",
        b"GET / HTTP/1.1\r\nHost: a\r\nX: a\x00\r\n\r\n",
        **header_line(b"X: a\x00"),
    ),
    server(
        "host-with-nul",
        b"GET / HTTP/1.1\r\nHost: a\x00b\r\n\r\n",
        **header_line(b"Host: a\x00b"),
    ),
    server(
        "nul-in-method",
        b"GE\x00T / HTTP/1.1\r\nHost: a\r\n\r\n",
        **request_line(b"GE\x00T / HTTP/1.1"),
    ),
    server(
        "nul-in-target",
        b"GET /a\x00b HTTP/1.1\r\nHost: a\r\n\r\n",
        **request_line(b"GET /a\x00b HTTP/1.1"),
    ),
    server(
        "nul-in-version",
        b"GET / HTTP/1.\x001\r\nHost: a\r\n\r\n",
        **request_line(b"GET / HTTP/1.\x001"),
    ),
    server(
        "nul-after-version",
        b"GET / HTTP/1.1\x00\r\nHost: a\r\n\r\n",
        **request_line(b"GET / HTTP/1.1\x00"),
    ),
    server(
        "escape-in-target",
        b"GET /\x1b HTTP/1.1\r\nHost: a\r\n\r\n",
        **request_line(b"GET /\x1b HTTP/1.1"),
    ),
    server(
        "nul-between-headers",
        b"GET / HTTP/1.1\r\nHost: a\r\n\x00\r\nX: y\r\n\r\n",
        **header_line(b"\x00"),
    ),
    server(
        "nul-in-body-is-data",
        post(b"Content-Length: 3") + b"\x00\x00\x00",
        post_req(b"Content-Length: 3"),
        data(b"\x00\x00\x00"),
        eom(),
        NEED_DATA,
    ),
    client(
        "response-name-with-nul",
        response(b"Content\x00-Length: 0"),
        **header_line(b"Content\x00-Length: 0"),
    ),
    client(
        "response-value-with-nul",
        response(b"Content-Length: 0", b"X: \x00"),
        **header_line(b"X: \x00"),
    ),
    client(
        "response-reason-with-vertical-tab",
        b"HTTP/1.1 200 O\x0bK\r\nContent-Length: 0\r\n\r\n",
        **status_line(b"HTTP/1.1 200 O\x0bK"),
    ),
    client(
        "response-reason-with-form-feed",
        b"HTTP/1.1 200 O\x0cK\r\nContent-Length: 0\r\n\r\n",
        **status_line(b"HTTP/1.1 200 O\x0cK"),
    ),
    client(
        "response-reason-with-escape-kept",
        b"HTTP/1.1 200 \x1b[0mOK\r\nContent-Length: 0\r\n\r\n",
        resp(200, b"\x1b[0mOK", b"Content-Length: 0"),
        eom(),
        NEED_DATA,
    ),
    client(
        "response-nul-in-status-code",
        b"HTTP/1.1 2\x000 OK\r\nContent-Length: 0\r\n\r\n",
        **status_line(b"HTTP/1.1 2\x000 OK"),
    ),
]


# --------------------------------------------------------------------------------------------
# Header lines without a colon, and empty names. Existing: "NoColon", ": v", garden 18/27/28/
# 37/114, response "Broken header".

NO_COLON = [
    server(
        "no-colon-space-separated",
        b"GET / HTTP/1.1\r\nHost a\r\n\r\n",
        **header_line(b"Host a"),
    ),
    server(
        "no-colon-name-only-last-line",
        b"GET / HTTP/1.1\r\nHost: a\r\nX\r\n\r\n",
        **header_line(b"X"),
    ),
    server(
        "no-colon-semicolon-instead",
        b"GET / HTTP/1.1\r\nHost: a\r\nX; y\r\n\r\n",
        **header_line(b"X; y"),
    ),
    server(
        "no-colon-equals-instead",
        b"GET / HTTP/1.1\r\nHost: a\r\nContent-Length=5\r\n\r\nhello",
        **header_line(b"Content-Length=5"),
    ),
    server(
        "empty-name-colon-only",
        b"GET / HTTP/1.1\r\nHost: a\r\n:\r\n\r\n",
        **header_line(b":"),
    ),
    server(
        "empty-name-double-colon",
        b"GET / HTTP/1.1\r\nHost: a\r\n::\r\n\r\n",
        **header_line(b"::"),
    ),
    server(
        "double-colon-value-starts-with-colon",
        b"GET / HTTP/1.1\r\nHost: a\r\nX:: y\r\n\r\n",
        req(b"GET", b"/", b"Host: a", b"X: : y"),
        eom(),
        NEED_DATA,
    ),
    server(
        "whitespace-only-continuation-line",
        b"GET / HTTP/1.1\r\nHost: a\r\n   \r\n\r\n",
        req(b"GET", b"/", b"Host: a"),
        eom(),
        NEED_DATA,
        note="obs-fold of nothing: 'a' + ' ' stripped again",
    ),
    server(
        "empty-name-after-space-is-continuation",
        b"GET / HTTP/1.1\r\nHost: a\r\nX: b\r\n : v\r\n\r\n",
        req(b"GET", b"/", b"Host: a", b"X: b : v"),
        eom(),
        NEED_DATA,
    ),
    server(
        "empty-name-after-tab-first-line",
        b"GET / HTTP/1.1\r\n\t: v\r\nHost: a\r\n\r\n",
        error=AT_START,
    ),
    client(
        "response-empty-name",
        response(b"Content-Length: 0", b": x"),
        **header_line(b": x"),
    ),
    client(
        "response-no-colon-last-line",
        response(b"Content-Length: 0", b"Transfer-Encoding"),
        **header_line(b"Transfer-Encoding"),
    ),
]


# --------------------------------------------------------------------------------------------
# Request-line oddities, HTTP/0.9 and odd versions (§9.2, H7, Q8). Existing: double SP after
# the method, trailing SP, lowercase http, missing version, HTTP/11.1, HTTP/1, tab after
# method, DEL / obs-text in target, bare CR before CRLF, "(" in method, early rejections,
# "!" / authority without CONNECT / "*" with GET / PRI * HTTP/1.1 / origin with CONNECT /
# digit scheme / relative path targets, garden 5/6/9/24/104.

REQUEST_LINES = [
    server(
        "two-spaces-before-version",
        b"GET /  HTTP/1.1\r\nHost: a\r\n\r\n",
        **request_line(b"GET /  HTTP/1.1"),
    ),
    server(
        "space-inside-target",
        b"GET /a b HTTP/1.1\r\nHost: a\r\n\r\n",
        **request_line(b"GET /a b HTTP/1.1"),
    ),
    server(
        "tab-before-version",
        b"GET /\tHTTP/1.1\r\nHost: a\r\n\r\n",
        **request_line(b"GET /\tHTTP/1.1"),
    ),
    server(
        "extra-word-after-version",
        b"GET / HTTP/1.1 extra\r\nHost: a\r\n\r\n",
        **request_line(b"GET / HTTP/1.1 extra"),
    ),
    server(
        "vertical-tab-separator",
        b"GET\x0b/ HTTP/1.1\r\nHost: a\r\n\r\n",
        **request_line(b"GET\x0b/ HTTP/1.1"),
    ),
    server(
        "version-three-parts",
        b"GET / HTTP/1.1.1\r\nHost: a\r\n\r\n",
        **request_line(b"GET / HTTP/1.1.1"),
    ),
    server(
        "version-leading-zero",
        b"GET / HTTP/01.1\r\nHost: a\r\n\r\n",
        **request_line(b"GET / HTTP/01.1"),
    ),
    server(
        "version-two-digit-minor",
        b"GET / HTTP/1.10\r\nHost: a\r\n\r\n",
        **request_line(b"GET / HTTP/1.10"),
    ),
    server(
        "version-space-after-slash",
        b"GET / HTTP/ 1.1\r\nHost: a\r\n\r\n",
        **request_line(b"GET / HTTP/ 1.1"),
    ),
    server(
        "version-https",
        b"GET / HTTPS/1.1\r\nHost: a\r\n\r\n",
        **request_line(b"GET / HTTPS/1.1"),
    ),
    server(
        "version-mixed-case",
        b"GET / Http/1.1\r\nHost: a\r\n\r\n",
        **request_line(b"GET / Http/1.1"),
    ),
    server(
        "version-comma",
        b"GET / HTTP/1,1\r\nHost: a\r\n\r\n",
        **request_line(b"GET / HTTP/1,1"),
    ),
    server("only-method", b"GET\r\nHost: a\r\n\r\n", **request_line(b"GET")),
    server(
        "http09-simple-request",
        b"GET /\r\n\r\n",
        **request_line(b"GET /"),
        note="HTTP/0.9 simple requests (no version) are not supported",
    ),
    server(
        "http09-version-accepted-without-keep-alive",
        b"GET / HTTP/0.9\r\n\r\n" + GET_B,
        req(b"GET", b"/", version=b"0.9"),
        eom(),
        error=EXPECTING_EOF,
        note="Q8: any digit.digit version parses; below 1.1 means close",
    ),
    server(
        "http09-with-body-by-content-length",
        b"POST / HTTP/0.9\r\nContent-Length: 2\r\n\r\nhi",
        req(b"POST", b"/", b"Content-Length: 2", version=b"0.9"),
        data(b"hi"),
        eom(),
        NEED_DATA,
        states=("MUST_CLOSE", "SEND_RESPONSE"),
    ),
    server(
        "http20-version-non-preface-accepted",
        b"GET / HTTP/2.0\r\n\r\n",
        req(b"GET", b"/", version=b"2.0"),
        eom(),
        NEED_DATA,
        note="Q8: versions other than exactly 1.1 need no Host",
    ),
    server(
        "http30-version-accepted",
        b"GET / HTTP/3.0\r\nHost: a\r\n\r\n",
        req(b"GET", b"/", b"Host: a", version=b"3.0"),
        eom(),
        NEED_DATA,
    ),
    server(
        "http10-keep-alive-ignored-then-pipelined",
        b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n" + GET_B,
        req(b"GET", b"/", b"Connection: keep-alive", version=b"1.0"),
        eom(),
        error=EXPECTING_EOF,
    ),
    server(
        "target-double-slash-is-origin-form",
        b"GET //evil.example/ HTTP/1.1\r\nHost: a\r\n\r\n",
        req(b"GET", b"//evil.example/", b"Host: a"),
        eom(),
        NEED_DATA,
    ),
    server(
        "target-query-only",
        b"GET ?x=1 HTTP/1.1\r\nHost: a\r\n\r\n",
        **target(b"?x=1"),
    ),
    server(
        "target-asterisk-suffix",
        b"OPTIONS *x HTTP/1.1\r\nHost: a\r\n\r\n",
        **target(b"*x"),
    ),
    server(
        "target-scheme-only-absolute-form",
        b"GET http: HTTP/1.1\r\nHost: a\r\n\r\n",
        req(b"GET", b"http:", b"Host: a"),
        eom(),
        NEED_DATA,
        note="scheme ':' with an empty hier-part is absolute-form",
    ),
    server(
        "target-colon-first",
        b"GET :80 HTTP/1.1\r\nHost: a\r\n\r\n",
        **target(b":80"),
    ),
    server(
        "target-absolute-form-with-connect",
        b"CONNECT http://a:443/ HTTP/1.1\r\nHost: a:443\r\n\r\n",
        **target(b"http://a:443/"),
    ),
    server(
        "target-connect-without-port",
        b"CONNECT a HTTP/1.1\r\nHost: a\r\n\r\n",
        **target(b"a"),
    ),
    server(
        "target-connect-ipv6-literal",
        b"CONNECT [::1]:443 HTTP/1.1\r\nHost: [::1]:443\r\n\r\n",
        req(b"CONNECT", b"[::1]:443", b"Host: [::1]:443"),
        eom(),
        PAUSED,
    ),
    server(
        "target-options-asterisk-http10",
        b"OPTIONS * HTTP/1.0\r\n\r\n",
        req(b"OPTIONS", b"*", version=b"1.0"),
        eom(),
        NEED_DATA,
    ),
    server(
        "target-percent-encoded-crlf-kept",
        b"GET /%0d%0aX:%20y HTTP/1.1\r\nHost: a\r\n\r\n",
        req(b"GET", b"/%0d%0aX:%20y", b"Host: a"),
        eom(),
        NEED_DATA,
    ),
    server(
        "request-line-bare-lf-then-headers",
        b"GET / HTTP/1.1\nHost: a\r\n\r\n",
        req(b"GET", b"/", b"Host: a"),
        eom(),
        NEED_DATA,
    ),
]


# --------------------------------------------------------------------------------------------
# Host (§5.3). Existing: missing on 1.1, duplicate on 1.1 and 1.0, empty, "Host : a",
# garden 7/25/39/45/107/113/119/121.

HOSTS = [
    server(
        "host-duplicate-same-value",
        b"GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n",
        error=MULTIPLE_HOST,
    ),
    server(
        "host-duplicate-http12",
        b"GET / HTTP/1.2\r\nHost: a\r\nHOST: b\r\n\r\n",
        error=MULTIPLE_HOST,
    ),
    server(
        "host-duplicate-empty-and-value",
        b"GET / HTTP/1.1\r\nHost:\r\nHost: a\r\n\r\n",
        error=MULTIPLE_HOST,
    ),
    server(
        "host-comma-list-is-one-header",
        b"GET / HTTP/1.1\r\nHost: a, b\r\n\r\n",
        error=err("invalid Host header value: b'a, b'"),
        note="RFC 9112 §3.2: a space is in no uri-host (docs/differences.rst, Host values)",
    ),
    server(
        "host-missing-with-absolute-form",
        b"GET http://a/ HTTP/1.1\r\n\r\n",
        error=MISSING_HOST,
    ),
    server(
        "host-only-in-folded-line-is-missing",
        b"GET / HTTP/1.1\r\nX: y\r\n Host: a\r\n\r\n",
        error=MISSING_HOST,
    ),
    server(
        "host-obs-fold-value",
        b"GET / HTTP/1.1\r\nHost: a\r\n b\r\n\r\n",
        error=err("invalid Host header value: b'a b'"),
        note="unfolded to 'a b', which is no uri-host",
    ),
    server(
        "host-missing-in-second-pipelined-request",
        GET_B + b"GET /c HTTP/1.1\r\nX: y\r\n\r\n",
        GET_B_REQ,
        eom(),
        NEXT_CYCLE,
        error=MISSING_HOST,
        cycle=True,
    ),
    server(
        "host-underscore-name-is-not-host",
        b"GET / HTTP/1.1\r\nHost_: a\r\n\r\n",
        error=MISSING_HOST,
    ),
    server(
        "host-in-http10-single",
        b"GET / HTTP/1.0\r\nHost: a\r\n\r\n",
        req(b"GET", b"/", b"Host: a", version=b"1.0"),
        eom(),
        NEED_DATA,
    ),
    # H11: the value is uri-host [ ":" port ] (RFC 9112 §3.2, RFC 3986 §3.2.2-§3.2.3).
    *[
        server(
            f"host-value-{name}-accepted",
            b"GET / HTTP/1.1\r\nHost: " + value + b"\r\n\r\n",
            req(b"GET", b"/", b"Host: " + value),
            eom(),
            NEED_DATA,
        )
        for name, value in {
            "port": b"a.example:8080",
            "max-port": b"a:65535",
            "ipv4": b"192.0.2.1:80",
            "ipv6": b"[2001:db8::1]:443",
            "ipvfuture": b"[v1.x]",
            "pct-encoded": b"a%2Db",
            "sub-delims": b"a!$&'()*+,;=b",
            "empty-port": b"a:",
        }.items()
    ],
    *[
        server(
            f"host-value-{name}-refused",
            b"GET / HTTP/1.1\r\nHost: " + value + b"\r\nContent-Length: 0\r\n\r\n",
            error=err(f"invalid Host header value: {value!r}"),
        )
        for name, value in {
            "userinfo": b"user@a",
            "path": b"a/b",
            "space": b"a b",
            "port-too-large": b"a:65536",
            "port-overflow": b"a:99999999",
            "port-not-digits": b"a:8o",
            "port-without-host": b":80",
            "two-ports": b"a:1:2",
            "unclosed-bracket": b"[::1",
            "bad-ipv6": b"[::g]",
            "ipv6-zone": b"[fe80::1%25en0]",
            "bad-pct": b"a%zz",
            "query": b"a?b",
            "fragment": b"a#b",
            "utf8": b"\xc3\xa9.example",
            "tab": b"a\tb",
        }.items()
    ],
]


# --------------------------------------------------------------------------------------------
# 100-continue, Upgrade and CONNECT (§7.3, §7.6). Existing: Expect head, Upgrade pauses,
# empty Upgrade, lowercase connect, new-protocol bytes buffered, Upgrade with body, CONNECT
# tunnel bytes, 1.0 CONNECT, CONNECT with CL / TE (H6), client 101 / 100+101 / denials /
# CONNECT accept and deny.

SWITCHING = [
    server(
        "expect-100-continue-body-sent-anyway",
        post(b"Expect: 100-continue", b"Content-Length: 5") + b"hello" + GET_B,
        post_req(b"Expect: 100-continue", b"Content-Length: 5"),
        data(b"hello"),
        eom(),
        NEXT_CYCLE,
        GET_B_REQ,
        eom(),
        NEED_DATA,
        cycle=True,
    ),
    server(
        "expect-100-continue-uppercase-in-list-chunked",
        post(b"Expect: foo, 100-CONTINUE", TE) + CHUNKED_ABC,
        post_req(b"Expect: foo, 100-CONTINUE", TE),
        data(b"abc"),
        eom(),
        NEED_DATA,
    ),
    server(
        "expect-100-continue-http10",
        post(b"Expect: 100-continue", b"Content-Length: 2", version=b"1.0") + b"hi",
        post_req(b"Expect: 100-continue", b"Content-Length: 2", version=b"1.0"),
        data(b"hi"),
        eom(),
        NEED_DATA,
        states=("MUST_CLOSE", "SEND_RESPONSE"),
    ),
    server(
        "expect-unknown-expectation-ignored",
        post(b"Expect: 100-continuex", b"Content-Length: 0") + GET_B,
        post_req(b"Expect: 100-continuex", b"Content-Length: 0"),
        eom(),
        NEXT_CYCLE,
        GET_B_REQ,
        eom(),
        NEED_DATA,
        cycle=True,
    ),
    server(
        "upgrade-without-connection-upgrade-still-pauses",
        b"GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n\r\n" + GET_B,
        req(b"GET", b"/", b"Host: a", b"Upgrade: websocket"),
        eom(),
        PAUSED,
        states=("MIGHT_SWITCH_PROTOCOL", "SEND_RESPONSE"),
        note="§7.3: any non-empty Upgrade token is a proposal; the rest waits for our answer",
    ),
    server(
        "upgrade-denied-then-pipelined-request-parsed",
        b"GET / HTTP/1.1\r\nHost: a\r\nUpgrade: h2c\r\n\r\n" + GET_B,
        req(b"GET", b"/", b"Host: a", b"Upgrade: h2c"),
        eom(),
        NEXT_CYCLE,
        GET_B_REQ,
        eom(),
        NEED_DATA,
        cycle=True,
        note="the runner answers 200, which denies the upgrade (§7.3)",
    ),
    server(
        "upgrade-http10-might-switch",
        b"GET / HTTP/1.0\r\nUpgrade: foo\r\n\r\nnew protocol",
        req(b"GET", b"/", b"Upgrade: foo", version=b"1.0"),
        eom(),
        PAUSED,
        states=("MIGHT_SWITCH_PROTOCOL", "SEND_RESPONSE"),
    ),
    server(
        "upgrade-with-chunked-body-then-protocol-bytes",
        post(b"Upgrade: foo", TE) + CHUNKED_ABC + b"\x00\x01new",
        post_req(b"Upgrade: foo", TE),
        data(b"abc"),
        eom(),
        PAUSED,
        states=("MIGHT_SWITCH_PROTOCOL", "SEND_RESPONSE"),
    ),
    server(
        "upgrade-with-connection-close",
        b"GET / HTTP/1.1\r\nHost: a\r\nUpgrade: foo\r\nConnection: close\r\n\r\n",
        req(b"GET", b"/", b"Host: a", b"Upgrade: foo", b"Connection: close"),
        eom(),
        PAUSED,
        states=("MIGHT_SWITCH_PROTOCOL", "SEND_RESPONSE"),
        note="§7.4: a pending proposal beats keep-alive-off until it is denied",
    ),
    server(
        "upgrade-whitespace-only-is-no-proposal",
        b"GET / HTTP/1.1\r\nHost: a\r\nUpgrade: \t \r\n\r\n",
        req(b"GET", b"/", b"Host: a", b"Upgrade:"),
        eom(),
        NEED_DATA,
        states=("DONE", "SEND_RESPONSE"),
    ),
    server(
        "connect-with-content-length-zero-list",
        b"CONNECT a:1 HTTP/1.1\r\nHost: a:1\r\nContent-Length: 0, 0\r\n\r\n",
        req(b"CONNECT", b"a:1", b"Host: a:1", b"Content-Length: 0"),
        eom(),
        PAUSED,
    ),
    server(
        "connect-with-content-length-and-te",
        b"CONNECT a:1 HTTP/1.1\r\nHost: a:1\r\nContent-Length: 0\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        error=CONNECT_BODY,
    ),
    server(
        "connect-http10-with-body",
        b"CONNECT a:1 HTTP/1.0\r\nContent-Length: 3\r\n\r\nabc",
        error=CONNECT_BODY,
    ),
    client(
        "response-100-with-body-headers-then-final",
        b"HTTP/1.1 100 Continue\r\nTransfer-Encoding: chunked\r\n\r\n"
        + response(b"Content-Length: 2")
        + b"ok",
        info(100, b"Continue", TE),
        ok(b"Content-Length: 2"),
        data(b"ok"),
        eom(),
        NEED_DATA,
        note="1xx never has a body (§10.1), whatever its headers say",
    ),
    client(
        "response-101-content-length-ignored",
        b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nContent-Length: 5\r\n\r\n"
        b"\x81\x00",
        info(101, b"Switching Protocols", b"Upgrade: websocket", b"Content-Length: 5"),
        PAUSED,
        request_headers=(b"Upgrade: websocket", b"Connection: Upgrade"),
        states=("SWITCHED_PROTOCOL", "SWITCHED_PROTOCOL"),
    ),
    client(
        "response-101-to-connect-is-not-a-proposal",
        b"HTTP/1.1 101 Switching Protocols\r\n\r\n",
        error=err("Received server _SWITCH_UPGRADE event without a pending proposal"),
        method=b"CONNECT",
    ),
    client(
        "response-connect-200-with-chunked-ignored",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\x16\x03\x01",
        ok(TE),
        PAUSED,
        method=b"CONNECT",
        states=("SWITCHED_PROTOCOL", "SWITCHED_PROTOCOL"),
    ),
    client(
        "response-connect-407-chunked-body",
        b"HTTP/1.1 407 Proxy Auth\r\nTransfer-Encoding: chunked\r\n\r\n" + CHUNKED_ABC,
        resp(407, b"Proxy Auth", TE),
        data(b"abc"),
        eom(),
        NEED_DATA,
        method=b"CONNECT",
        states=("DONE", "DONE"),
    ),
    client(
        "response-upgrade-denied-by-200-chunked",
        CH_RESP_HEAD + CHUNKED_ABC,
        CH_RESP,
        data(b"abc"),
        eom(),
        NEED_DATA,
        request_headers=(b"Upgrade: websocket", b"Connection: Upgrade"),
        states=("DONE", "DONE"),
    ),
]


# --------------------------------------------------------------------------------------------
# Pipelined messages after a body of each framing kind (§8.3). Existing: pipelined-requests-
# pause / -in-cycles (no body, CL, chunked), after close / 1.0 / H2, second request bad,
# client responses-in-cycles, garden 19/48.

PIPELINED = [
    server(
        "pipelined-after-content-length-body-that-looks-like-a-request",
        post(b"Content-Length: 32") + SMUGGLED + GET_B,
        post_req(b"Content-Length: 32"),
        data(SMUGGLED),
        eom(),
        NEXT_CYCLE,
        GET_B_REQ,
        eom(),
        NEED_DATA,
        cycle=True,
    ),
    server(
        "pipelined-after-chunked-body-with-trailers",
        CH + b"3\r\nabc\r\n0\r\nX: y\r\n\r\n" + GET_B,
        CH_REQ,
        data(b"abc"),
        eom(b"X: y"),
        NEXT_CYCLE,
        GET_B_REQ,
        eom(),
        NEED_DATA,
        cycle=True,
    ),
    server(
        "pipelined-after-chunked-body-with-extensions",
        CH + b"3;a=b\r\nabc\r\n0;c=d\r\n\r\n" + GET_B,
        CH_REQ,
        data(b"abc"),
        eom(),
        NEXT_CYCLE,
        GET_B_REQ,
        eom(),
        NEED_DATA,
        cycle=True,
    ),
    server(
        "pipelined-after-chunked-body-with-bare-lf-trailers",
        CH + b"0\r\nX: y\n\n" + GET_B,
        CH_REQ,
        eom(b"X: y"),
        NEXT_CYCLE,
        GET_B_REQ,
        eom(),
        NEED_DATA,
        cycle=True,
    ),
    server(
        "pipelined-after-content-length-zero",
        post(b"Content-Length: 0") + GET_B,
        post_req(b"Content-Length: 0"),
        eom(),
        NEXT_CYCLE,
        GET_B_REQ,
        eom(),
        NEED_DATA,
        cycle=True,
    ),
    server(
        "pipelined-after-body-less-post",
        post() + GET_B,
        post_req(),
        eom(),
        NEXT_CYCLE,
        GET_B_REQ,
        eom(),
        NEED_DATA,
        cycle=True,
    ),
    server(
        "pipelined-after-bare-lf-head",
        b"GET /a HTTP/1.1\nHost: a\n\n" + GET_B,
        req(b"GET", b"/a", b"Host: a"),
        eom(),
        NEXT_CYCLE,
        GET_B_REQ,
        eom(),
        NEED_DATA,
        cycle=True,
    ),
    server(
        "pipelined-after-head-request-with-body",
        b"HEAD / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi" + GET_B,
        req(b"HEAD", b"/", b"Host: a", b"Content-Length: 2"),
        data(b"hi"),
        eom(),
        NEXT_CYCLE,
        GET_B_REQ,
        eom(),
        NEED_DATA,
        cycle=True,
    ),
    server(
        "pipelined-three-framings-back-to-back",
        post(b"Content-Length: 1")
        + b"x"
        + CH
        + b"1\r\ny\r\n0\r\n\r\n"
        + post(b"Content-Length: 1", b"Connection: close")
        + b"z",
        post_req(b"Content-Length: 1"),
        data(b"x"),
        eom(),
        NEXT_CYCLE,
        CH_REQ,
        data(b"y"),
        eom(),
        NEXT_CYCLE,
        post_req(b"Content-Length: 1", b"Connection: close"),
        data(b"z"),
        eom(),
        NEED_DATA,
        cycle=True,
        states=("MUST_CLOSE", "SEND_RESPONSE"),
    ),
    server(
        "pipelined-after-chunked-then-garbage",
        CH + b"0\r\n\r\nxyz\r\n\r\n",
        CH_REQ,
        eom(),
        NEXT_CYCLE,
        **request_line(b"xyz"),
        cycle=True,
    ),
    server(
        "pipelined-after-content-length-too-short-body",
        post(b"Content-Length: 3") + b"abcdefGET /b HTTP/1.1\r\nHost: a\r\n\r\n",
        post_req(b"Content-Length: 3"),
        data(b"abc"),
        eom(),
        NEXT_CYCLE,
        req(b"defGET", b"/b", b"Host: a"),
        eom(),
        NEED_DATA,
        cycle=True,
        note="the 3 extra body bytes start the next request line: 'defGET' is a token",
    ),
    client(
        "pipelined-responses-after-chunked-with-trailers",
        CH_RESP_HEAD + b"1\r\na\r\n0\r\nX: y\r\n\r\n" + response(b"Content-Length: 1") + b"b",
        CH_RESP,
        data(b"a"),
        eom(b"X: y"),
        NEXT_CYCLE,
        ok(b"Content-Length: 1"),
        data(b"b"),
        eom(),
        NEED_DATA,
        cycle=True,
    ),
    client(
        "pipelined-responses-after-100-continue",
        b"HTTP/1.1 100 Continue\r\n\r\n"
        + response(b"Content-Length: 1")
        + b"a"
        + response(b"Content-Length: 0"),
        info(100, b"Continue"),
        ok(b"Content-Length: 1"),
        data(b"a"),
        eom(),
        NEXT_CYCLE,
        ok(b"Content-Length: 0"),
        eom(),
        NEED_DATA,
        cycle=True,
    ),
    client(
        "pipelined-response-after-204-with-content-length",
        response(b"Content-Length: 3", status=b"204 No Content") + response(b"Content-Length: 0"),
        resp(204, b"No Content", b"Content-Length: 3"),
        eom(),
        NEXT_CYCLE,
        ok(b"Content-Length: 0"),
        eom(),
        NEED_DATA,
        cycle=True,
    ),
    client(
        "pipelined-response-after-304-with-chunked",
        response(TE, status=b"304 Not Modified") + response(b"Content-Length: 0"),
        resp(304, b"Not Modified", TE),
        eom(),
        NEXT_CYCLE,
        ok(b"Content-Length: 0"),
        eom(),
        NEED_DATA,
        cycle=True,
    ),
    client(
        "pipelined-response-after-head-response",
        response(b"Content-Length: 5") + response(b"Content-Length: 0"),
        ok(b"Content-Length: 5"),
        eom(),
        NEXT_CYCLE,
        ok(b"Content-Length: 0"),
        eom(),
        NEED_DATA,
        cycle=True,
        method=b"HEAD",
    ),
]


# --------------------------------------------------------------------------------------------
# Found by fuzzing (fuzz/harness.py check_receive): a head that is both over the limit and
# malformed is refused either way, for the reason the split reveals first.

FUZZ_FINDINGS = [
    server(
        "head-over-limit-with-bad-first-byte",
        b"\x00\r\n\r\n",
        error=err("Receive buffer too long", hint=431),
        bytewise_error=err("illegal request line"),
        max_size=1,
        note="whole: the complete head is too long (H8); bytewise: the first byte is refused "
        "early (§9.1) while the head is still within the limit",
    ),
]


CASES: list[Case] = [
    *CL_TE,
    *te_obfuscations(),
    *TE_OTHER,
    *content_length_cases(),
    *CL_OTHER,
    *chunk_line_cases(),
    *CHUNK_OTHER,
    *TRAILERS,
    *BARE_CR,
    *CONTROLS,
    *NO_COLON,
    *REQUEST_LINES,
    *HOSTS,
    *SWITCHING,
    *PIPELINED,
    *FUZZ_FINDINGS,
]
