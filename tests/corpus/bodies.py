"""Message bodies: Content-Length, chunked (H1 grammar), trailers, CL+TE (H2), pipelining.

RFC 9112 §6.3 (framing decision, docs/design.rst design-framing), §7.1 (chunked), pipelining
(docs/state-machine.rst), H1/H2 (docs/differences.rst).
"""

from __future__ import annotations

from .model import (
    NEED_DATA,
    NEXT_CYCLE,
    PAUSED,
    client,
    data,
    eom,
    err,
    err_prefix,
    req,
    resp,
    server,
    through_first_impossible_byte,
)

# A chunked POST head and the Request it parses to.
CH = b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
CH_REQ = req(b"POST", b"/", b"Host: a", b"Transfer-Encoding: chunked")
# The same for a chunked response.
CH_RESP_HEAD = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
CH_RESP = resp(200, b"OK", b"Transfer-Encoding: chunked")


def chunk_error(line: bytes) -> dict[str, object]:
    """Options for a case whose chunk-size line ``line`` (CRLF included) breaks H1.

    The error shows the line through its first impossible byte (differences.rst).
    """
    return {"error": err("illegal chunk header: {!r}", through_first_impossible_byte(line))}


CASES = [
    # --- Content-Length bodies (server) ------------------------------------------------------
    server(
        "content-length-body",
        b"POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world",
        req(b"POST", b"/p", b"Host: a", b"Content-Length: 11"),
        data(b"hello world"),
        eom(),
        NEED_DATA,
        states=("DONE", "SEND_RESPONSE"),
    ),
    server(
        "content-length-body-binary",
        b"PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: 8\r\n\r\n\x00\r\n\xff\r\r\n\n",
        req(b"PUT", b"/", b"Host: a", b"Content-Length: 8"),
        data(b"\x00\r\n\xff\r\r\n\n"),
        eom(),
        NEED_DATA,
    ),
    server(
        "content-length-zero",
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n",
        req(b"POST", b"/", b"Host: a", b"Content-Length: 0"),
        eom(),
        NEED_DATA,
    ),
    server(
        "content-length-body-incomplete",
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabcd",
        req(b"POST", b"/", b"Host: a", b"Content-Length: 10"),
        data(b"abcd"),
        NEED_DATA,
        states=("SEND_BODY", "SEND_RESPONSE"),
    ),
    server(
        "content-length-body-looks-like-a-request",
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 28\r\n\r\n"
        b"GET /x HTTP/1.1\r\nHost: a\r\n\r\n",
        req(b"POST", b"/", b"Host: a", b"Content-Length: 28"),
        data(b"GET /x HTTP/1.1\r\nHost: a\r\n\r\n"),
        eom(),
        NEED_DATA,
    ),
    server(
        "request-without-framing-has-no-body",
        b"DELETE /x HTTP/1.1\r\nHost: a\r\n\r\nGARBAGE",
        req(b"DELETE", b"/x", b"Host: a"),
        eom(),
        PAUSED,
    ),
    server(
        "head-request-content-length-body",
        b"HEAD / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi",
        req(b"HEAD", b"/", b"Host: a", b"Content-Length: 2"),
        data(b"hi"),
        eom(),
        NEED_DATA,
        note="HEAD only changes the framing of the response, not of the request",
    ),
    # --- chunked bodies: valid (server) ------------------------------------------------------
    server(
        "chunked-simple",
        CH + b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
        CH_REQ,
        data(b"hello world"),
        eom(),
        NEED_DATA,
        states=("DONE", "SEND_RESPONSE"),
    ),
    server(
        "chunked-uppercase-and-lowercase-hex",
        CH + b"A\r\n0123456789\r\nb\r\nabcdefghijk\r\n0\r\n\r\n",
        CH_REQ,
        data(b"0123456789abcdefghijk"),
        eom(),
        NEED_DATA,
    ),
    server(
        "chunked-size-with-leading-zeros",
        CH + b"0003\r\nabc\r\n000\r\n\r\n",
        CH_REQ,
        data(b"abc"),
        eom(),
        NEED_DATA,
    ),
    server(
        "chunked-size-20-hex-digits",
        CH + b"00000000000000000003\r\nabc\r\n0\r\n\r\n",
        CH_REQ,
        data(b"abc"),
        eom(),
        NEED_DATA,
    ),
    server(
        "chunked-huge-size-streams",
        CH + b"ffffffffffffffffffff\r\nsome bytes",
        CH_REQ,
        data(b"some bytes"),
        NEED_DATA,
        note="20 hex digits is the largest size accepted; data streams as it comes",
    ),
    server(
        "chunked-binary-data-with-crlf-inside",
        CH + b"4\r\n\r\n\r\n\r\n0\r\n\r\n",
        CH_REQ,
        data(b"\r\n\r\n"),
        eom(),
        NEED_DATA,
    ),
    server(
        "chunked-many-one-byte-chunks",
        CH + b"".join(b"1\r\n%c\r\n" % c for c in b"abcdefgh") + b"0\r\n\r\n",
        CH_REQ,
        data(b"abcdefgh"),
        eom(),
        NEED_DATA,
    ),
    server(
        "chunked-incomplete-chunk",
        CH + b"a\r\n01234",
        CH_REQ,
        data(b"01234"),
        NEED_DATA,
        states=("SEND_BODY", "SEND_RESPONSE"),
    ),
    server("chunked-only-last-chunk", CH + b"0\r\n\r\n", CH_REQ, eom(), NEED_DATA),
    server(
        "chunked-extension-name-only",
        CH + b"3;foo\r\nabc\r\n0\r\n\r\n",
        CH_REQ,
        data(b"abc"),
        eom(),
        NEED_DATA,
    ),
    server(
        "chunked-extension-token-value",
        CH + b"3;a=b\r\nabc\r\n0;last=yes\r\n\r\n",
        CH_REQ,
        data(b"abc"),
        eom(),
        NEED_DATA,
    ),
    server(
        "chunked-several-extensions",
        CH + b"3;a=1;b;c=!#$%&'*+-.^_`|~\r\nabc\r\n0\r\n\r\n",
        CH_REQ,
        data(b"abc"),
        eom(),
        NEED_DATA,
    ),
    server(
        "chunked-extension-bws-everywhere",
        CH + b"3 \t; a \t= \tb ;c\r\nabc\r\n0\r\n\r\n",
        CH_REQ,
        data(b"abc"),
        eom(),
        NEED_DATA,
    ),
    server(
        "chunked-extension-space-before-semicolon",
        CH + b"3 ;a=b\r\nabc\r\n0\r\n\r\n",
        CH_REQ,
        data(b"abc"),
        eom(),
        NEED_DATA,
    ),
    server(
        "chunked-extension-quoted-string",
        CH + b'3;a="q \\"x\\" ;=\t"\r\nabc\r\n0\r\n\r\n',
        CH_REQ,
        data(b"abc"),
        eom(),
        NEED_DATA,
    ),
    server(
        "chunked-extension-quoted-empty-and-obs-text",
        CH + b'3;a="";b="\x80\xff"\r\nabc\r\n0\r\n\r\n',
        CH_REQ,
        data(b"abc"),
        eom(),
        NEED_DATA,
        note="qdtext includes obs-text (RFC 9110 §5.6.4)",
    ),
    server(
        "chunked-extension-on-last-chunk-only",
        CH + b'0;ext="done"\r\n\r\n',
        CH_REQ,
        eom(),
        NEED_DATA,
    ),
    # --- chunked bodies: chunk-size line violations (H1, H5) ---------------------------------
    server(
        "chunk-size-trailing-space",
        CH + b"3 \r\nabc\r\n0\r\n\r\n",
        CH_REQ,
        **chunk_error(b"3 \r\n"),
    ),
    server(
        "chunk-size-trailing-tab",
        CH + b"3\t\r\nabc\r\n0\r\n\r\n",
        CH_REQ,
        **chunk_error(b"3\t\r\n"),
    ),
    server(
        "chunk-size-leading-space",
        CH + b" 3\r\nabc\r\n0\r\n\r\n",
        CH_REQ,
        **chunk_error(b" 3\r\n"),
    ),
    server("chunk-size-empty", CH + b"\r\nabc\r\n0\r\n\r\n", CH_REQ, **chunk_error(b"\r\n")),
    server(
        "chunk-size-0x-prefix", CH + b"0x3\r\nabc\r\n0\r\n\r\n", CH_REQ, **chunk_error(b"0x3\r\n")
    ),
    server(
        "chunk-size-plus-sign", CH + b"+3\r\nabc\r\n0\r\n\r\n", CH_REQ, **chunk_error(b"+3\r\n")
    ),
    server(
        "chunk-size-minus-sign", CH + b"-3\r\nabc\r\n0\r\n\r\n", CH_REQ, **chunk_error(b"-3\r\n")
    ),
    server(
        "chunk-size-underscore",
        CH + b"1_0\r\n0123456789abcdef\r\n0\r\n\r\n",
        CH_REQ,
        **chunk_error(b"1_0\r\n"),
    ),
    server(
        "chunk-size-21-hex-digits",
        CH + b"000000000000000000003\r\nabc\r\n0\r\n\r\n",
        CH_REQ,
        **chunk_error(b"000000000000000000003\r\n"),
    ),
    server("chunk-size-non-hex", CH + b"g\r\nabc\r\n0\r\n\r\n", CH_REQ, **chunk_error(b"g\r\n")),
    server(
        "chunk-size-fullwidth-digit",
        CH + b"\xef\xbc\x93\r\nabc\r\n0\r\n\r\n",
        CH_REQ,
        **chunk_error(b"\xef\xbc\x93\r\n"),
    ),
    server(
        "chunk-size-bare-lf-is-not-a-line-end",
        CH + b"3\nabc\r\n0\r\n\r\n",
        CH_REQ,
        **chunk_error(b"3\nabc\r\n"),
    ),
    server(
        "chunk-extension-lone-semicolon",
        CH + b"3;\r\nabc\r\n0\r\n\r\n",
        CH_REQ,
        **chunk_error(b"3;\r\n"),
    ),
    server(
        "chunk-extension-trailing-semicolon",
        CH + b"3;a=b;\r\nabc\r\n0\r\n\r\n",
        CH_REQ,
        **chunk_error(b"3;a=b;\r\n"),
    ),
    server(
        "chunk-extension-empty-value",
        CH + b"3;a=\r\nabc\r\n0\r\n\r\n",
        CH_REQ,
        **chunk_error(b"3;a=\r\n"),
    ),
    server(
        "chunk-extension-space-inside-name",
        CH + b"3;a b=c\r\nabc\r\n0\r\n\r\n",
        CH_REQ,
        **chunk_error(b"3;a b=c\r\n"),
    ),
    server(
        "chunk-extension-space-inside-value",
        CH + b"3;a=b c\r\nabc\r\n0\r\n\r\n",
        CH_REQ,
        **chunk_error(b"3;a=b c\r\n"),
    ),
    server(
        "chunk-extension-separator-in-name",
        CH + b"3;a/b=c\r\nabc\r\n0\r\n\r\n",
        CH_REQ,
        **chunk_error(b"3;a/b=c\r\n"),
    ),
    server(
        "chunk-extension-bare-cr",
        CH + b"3;a\rb\r\nabc\r\n0\r\n\r\n",
        CH_REQ,
        **chunk_error(b"3;a\rb\r\n"),
    ),
    server(
        "chunk-extension-nul",
        CH + b"3;a=\x00\r\nabc\r\n0\r\n\r\n",
        CH_REQ,
        **chunk_error(b"3;a=\x00\r\n"),
    ),
    server(
        "chunk-extension-bare-lf",
        CH + b"3;a=b\nc\r\nabc\r\n0\r\n\r\n",
        CH_REQ,
        **chunk_error(b"3;a=b\nc\r\n"),
    ),
    server(
        "chunk-extension-unterminated-quote",
        CH + b'3;a="abc\r\nabc\r\n0\r\n\r\n',
        CH_REQ,
        **chunk_error(b'3;a="abc\r\n'),
    ),
    server(
        "chunk-extension-quoted-escape-at-end",
        CH + b'3;a="abc\\"\r\nabc\r\n0\r\n\r\n',
        CH_REQ,
        **chunk_error(b'3;a="abc\\"\r\n'),
    ),
    server(
        "chunk-extension-text-after-quote",
        CH + b'3;a="x"y\r\nabc\r\n0\r\n\r\n',
        CH_REQ,
        **chunk_error(b'3;a="x"y\r\n'),
    ),
    server(
        "chunk-extension-ctl-inside-quotes",
        CH + b'3;a="\x7f"\r\nabc\r\n0\r\n\r\n',
        CH_REQ,
        **chunk_error(b'3;a="\x7f"\r\n'),
    ),
    server(
        "chunk-extension-bare-cr-inside-quotes",
        CH + b'3;a="\r"\r\nabc\r\n0\r\n\r\n',
        CH_REQ,
        **chunk_error(b'3;a="\r"\r\n'),
    ),
    server(
        "second-chunk-size-line-bad",
        CH + b"3\r\nabc\r\n2 \r\nde\r\n0\r\n\r\n",
        CH_REQ,
        data(b"abc"),
        **chunk_error(b"2 \r\n"),
    ),
    server(
        "last-chunk-size-line-bad",
        CH + b"3\r\nabc\r\n0 \r\n\r\n",
        CH_REQ,
        data(b"abc"),
        **chunk_error(b"0 \r\n"),
    ),
    # --- chunked bodies: the CRLF after chunk data -------------------------------------------
    # Prefix only: the message shows the bytes examined, which depends on the split.
    server(
        "chunk-data-followed-by-garbage",
        CH + b"3\r\nabcXY0\r\n\r\n",
        CH_REQ,
        data(b"abc"),
        error=err_prefix("malformed chunk footer: "),
    ),
    server(
        "chunk-data-whole-footer-message",
        CH + b"3\r\nabc__",
        CH_REQ,
        data(b"abc"),
        error=err_prefix("malformed chunk footer: "),
        note="whole: got b'__' (expected b'\\r\\n'); bytewise: got b'_'",
    ),
    server(
        "chunk-data-cr-then-garbage",
        CH + b"3\r\nabc\r_0\r\n\r\n",
        CH_REQ,
        data(b"abc"),
        error=err_prefix("malformed chunk footer: "),
    ),
    server(
        "chunk-data-followed-by-bare-lf",
        CH + b"3\r\nabc\n0\r\n\r\n",
        CH_REQ,
        data(b"abc"),
        error=err_prefix("malformed chunk footer: "),
    ),
    server(
        "chunk-data-longer-than-size",
        CH + b"2\r\nabc\r\n0\r\n\r\n",
        CH_REQ,
        data(b"ab"),
        error=err_prefix("malformed chunk footer: "),
    ),
    # --- trailers ----------------------------------------------------------------------------
    server(
        "trailers",
        CH + b"3\r\nabc\r\n0\r\nX-Sum: 1234\r\nX-Other: a b\r\n\r\n",
        CH_REQ,
        data(b"abc"),
        eom(b"X-Sum: 1234", b"X-Other: a b"),
        NEED_DATA,
    ),
    server(
        "last-chunk-size-line-bare-lf", CH + b"0\nabc\r\n", CH_REQ, **chunk_error(b"0\nabc\r\n")
    ),
    server(
        "trailers-with-bare-lf-line-endings",
        CH + b"0\r\nX: y\nZ: w\n\n",
        CH_REQ,
        eom(b"X: y", b"Z: w"),
        NEED_DATA,
    ),
    server(
        "trailers-obs-fold", CH + b"0\r\nX: a\r\n\t b\r\n\r\n", CH_REQ, eom(b"X: a b"), NEED_DATA
    ),
    server(
        "trailers-content-length-ignored",
        CH + b"1\r\nz\r\n0\r\nContent-Length: 99\r\n\r\n",
        CH_REQ,
        data(b"z"),
        eom(b"Content-Length: 99"),
        NEED_DATA,
    ),
    server(
        "trailers-transfer-encoding-gzip",
        CH + b"0\r\nTransfer-Encoding: gzip\r\n\r\n",
        CH_REQ,
        error=err("Only Transfer-Encoding: chunked is supported", hint=501),
    ),
    server(
        "trailers-bad-content-length",
        CH + b"0\r\nContent-Length: x\r\n\r\n",
        CH_REQ,
        error=err("bad Content-Length"),
    ),
    server(
        "trailers-illegal-line",
        CH + b"0\r\nX : y\r\n\r\n",
        CH_REQ,
        error=err("illegal header line: {!r}", b"X "),
    ),
    server(
        "trailers-nul-in-value",
        CH + b"0\r\nX: a\x00\r\n\r\n",
        CH_REQ,
        error=err("illegal header line: {!r}", b"X: a\x00"),
    ),
    server(
        "trailers-start-with-continuation",
        CH + b"0\r\n X: y\r\n\r\n",
        CH_REQ,
        error=err("continuation line at start of headers"),
    ),
    server(
        "trailers-incomplete",
        CH + b"0\r\nX: y\r\n",
        CH_REQ,
        NEED_DATA,
        states=("SEND_BODY", "SEND_RESPONSE"),
    ),
    # --- Content-Length together with Transfer-Encoding (H2) ---------------------------------
    server(
        "content-length-and-chunked-framed-as-chunked",
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\nTransfer-Encoding: chunked"
        b"\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
        req(b"POST", b"/", b"Host: a", b"Content-Length: 100", b"Transfer-Encoding: chunked"),
        data(b"abc"),
        eom(),
        NEED_DATA,
        states=("MUST_CLOSE", "SEND_RESPONSE"),
    ),
    server(
        "chunked-and-content-length-then-pipelined-request",
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3"
        b"\r\n\r\n0\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
        req(b"POST", b"/", b"Host: a", b"Transfer-Encoding: chunked", b"Content-Length: 3"),
        eom(),
        error=err("Got data when expecting EOF"),
        note="H2: the connection is not reused, so nothing may follow the message",
    ),
    client(
        "response-content-length-and-chunked",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"
        b"1\r\na\r\n0\r\n\r\n",
        resp(200, b"OK", b"Transfer-Encoding: chunked", b"Content-Length: 3"),
        data(b"a"),
        eom(),
        NEED_DATA,
        states=("MUST_CLOSE", "MUST_CLOSE"),
    ),
    # --- pipelining (server) -----------------------------------------------------------------
    server(
        "pipelined-requests-pause",
        b"GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n",
        req(b"GET", b"/1", b"Host: a"),
        eom(),
        PAUSED,
        states=("DONE", "SEND_RESPONSE"),
    ),
    server(
        "pipelined-requests-in-cycles",
        b"GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"
        b"POST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
        b"POST /3 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nde\r\n0\r\n\r\n"
        b"\r\nGET /4 HTTP/1.1\r\nHost: a\r\n\r\n",
        req(b"GET", b"/1", b"Host: a"),
        eom(),
        NEXT_CYCLE,
        req(b"POST", b"/2", b"Host: a", b"Content-Length: 3"),
        data(b"abc"),
        eom(),
        NEXT_CYCLE,
        req(b"POST", b"/3", b"Host: a", b"Transfer-Encoding: chunked"),
        data(b"de"),
        eom(),
        NEXT_CYCLE,
        req(b"GET", b"/4", b"Host: a"),
        eom(),
        NEED_DATA,
        cycle=True,
        states=("DONE", "SEND_RESPONSE"),
        note="the empty line before /4 is skipped (Q4)",
    ),
    server(
        "pipelined-after-connection-close",
        b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
        req(b"GET", b"/", b"Host: a", b"Connection: close"),
        eom(),
        error=err("Got data when expecting EOF"),
    ),
    server(
        "pipelined-after-http10",
        b"GET / HTTP/1.0\r\n\r\nGET / HTTP/1.0\r\n\r\n",
        req(b"GET", b"/", version=b"1.0"),
        eom(),
        error=err("Got data when expecting EOF"),
    ),
    server(
        "pipelined-second-request-bad",
        b"GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\n\r\n",
        req(b"GET", b"/1", b"Host: a"),
        eom(),
        NEXT_CYCLE,
        error=err("Missing mandatory Host: header"),
        cycle=True,
    ),
    # --- pipelining / cycles (client) --------------------------------------------------------
    client(
        "responses-in-cycles",
        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi"
        b"HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n"
        b"HTTP/1.1 204 No Content\r\n\r\n",
        resp(200, b"OK", b"Content-Length: 2"),
        data(b"hi"),
        eom(),
        NEXT_CYCLE,
        resp(404, b"Not Found", b"Transfer-Encoding: chunked"),
        data(b"x"),
        eom(),
        NEXT_CYCLE,
        resp(204, b"No Content"),
        eom(),
        NEED_DATA,
        cycle=True,
        states=("DONE", "DONE"),
    ),
    # --- chunked responses (client) ----------------------------------------------------------
    client(
        "chunked-response-with-trailers",
        CH_RESP_HEAD + b"4;x=y\r\nWiki\r\n5\r\npedia\r\n0\r\nExpires: never\r\n\r\n",
        CH_RESP,
        data(b"Wikipedia"),
        eom(b"Expires: never"),
        NEED_DATA,
        states=("DONE", "DONE"),
    ),
    client(
        "chunked-response-bad-size",
        CH_RESP_HEAD + b"4 \r\nWiki\r\n0\r\n\r\n",
        CH_RESP,
        **chunk_error(b"4 \r\n"),
    ),
    client(
        "chunked-response-bad-footer",
        CH_RESP_HEAD + b"4\r\nWikiXX",
        CH_RESP,
        data(b"Wiki"),
        error=err_prefix("malformed chunk footer: "),
    ),
    client(
        "chunked-response-unknown-coding",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: br\r\n\r\n",
        error=err("Only Transfer-Encoding: chunked is supported", hint=501),
    ),
    # docs/differences.rst, H10: trailer lines too, before any line end.
    server(
        "impossible-byte-in-trailer-before-line-end",
        CH + b"0\r\nA: 1\r\nB@d",
        CH_REQ,
        error=err("illegal header line: {!r}", b"B@"),
    ),
    client(
        "impossible-byte-in-response-trailer-before-line-end",
        CH_RESP_HEAD + b"0\r\nX\x00",
        CH_RESP,
        error=err("illegal header line: {!r}", b"X\x00"),
    ),
]
