"""End of stream, buffer limits and protocol switches.

docs/state-machine.rst (closing, switching protocols) and docs/design.rst, design-receive (EOF),
H8 (``max_incomplete_event_size``), RFC 9110 §7.8 and §9.3.6 (Upgrade / CONNECT).
"""

from __future__ import annotations

from .model import (
    CLOSED,
    NEED_DATA,
    NEXT_CYCLE,
    PAUSED,
    client,
    data,
    eom,
    err,
    info,
    one_of,
    req,
    resp,
    server,
)

HEAD = b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"
HEAD_REQ = req(b"GET", b"/", b"Host: a")
CH = b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
CH_REQ = req(b"POST", b"/", b"Host: a", b"Transfer-Encoding: chunked")
TOO_LONG = err("Receive buffer too long", hint=431)
LIMIT = 64  # for the chunk-size-line and trailer-block limits; CH itself is shorter
assert len(CH) < LIMIT


def padded_chunk_line(total: int) -> bytes:
    """A valid chunk-size line for 3 bytes, ``total`` bytes long including its CRLF."""
    return b"3;x=" + b"p" * (total - 6) + b"\r\n"


def padded_trailer_block(total: int) -> bytes:
    """A trailer block (one field and the blank line) ``total`` bytes long."""
    return b"X: " + b"v" * (total - 7) + b"\r\n\r\n"


assert len(padded_chunk_line(LIMIT)) == LIMIT
assert len(padded_trailer_block(LIMIT)) == LIMIT
UPGRADE = (b"Upgrade: websocket", b"Connection: Upgrade")

CASES = [
    # --- EOF, server role --------------------------------------------------------------------
    server("eof-when-idle", b"", CLOSED, eof=True, states=("CLOSED", "MUST_CLOSE")),
    server(
        "eof-after-complete-request",
        HEAD,
        HEAD_REQ,
        eom(),
        CLOSED,
        eof=True,
        states=("CLOSED", "SEND_RESPONSE"),
    ),
    server(
        "eof-mid-request-line",
        b"GET / HT",
        error=err("peer unexpectedly closed connection"),
        eof=True,
    ),
    server(
        "eof-mid-headers",
        b"GET / HTTP/1.1\r\nHost: a\r\n",
        error=err("peer unexpectedly closed connection"),
        eof=True,
    ),
    server(
        "eof-before-body",
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n",
        req(b"POST", b"/", b"Host: a", b"Content-Length: 5"),
        eof=True,
        error=err(
            "peer closed connection without sending complete message body "
            "(received 0 bytes, expected 5)"
        ),
    ),
    server(
        "eof-mid-content-length-body",
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nhello",
        req(b"POST", b"/", b"Host: a", b"Content-Length: 100"),
        data(b"hello"),
        eof=True,
        error=err(
            "peer closed connection without sending complete message body "
            "(received 5 bytes, expected 100)"
        ),
    ),
    server(
        "eof-at-chunk-boundary",
        CH + b"3\r\nabc\r\n",
        CH_REQ,
        data(b"abc"),
        eof=True,
        error=err(
            "peer closed connection without sending complete message body "
            "(incomplete chunked read)"
        ),
    ),
    server(
        "eof-mid-chunk-data",
        CH + b"5\r\nab",
        CH_REQ,
        data(b"ab"),
        eof=True,
        error=err(
            "peer closed connection without sending complete message body "
            "(incomplete chunked read)"
        ),
    ),
    server(
        "eof-mid-chunk-footer",
        CH + b"3\r\nabc\r",
        CH_REQ,
        data(b"abc"),
        eof=True,
        error=one_of(
            err(
                "peer closed connection without sending complete message body "
                "(incomplete chunked read)"
            ),
            err("peer unexpectedly closed connection"),
        ),
        note="design-errors does not say whether a checked CR of a footer is still buffered",
    ),
    server(
        "eof-mid-chunk-size-line",
        CH + b"3;a=",
        CH_REQ,
        eof=True,
        error=err("peer unexpectedly closed connection"),
    ),
    server(
        "eof-mid-trailers",
        CH + b"0\r\nX: y\r\n",
        CH_REQ,
        eof=True,
        error=err("peer unexpectedly closed connection"),
    ),
    server(
        "eof-after-http10-request",
        b"GET / HTTP/1.0\r\n\r\n",
        req(b"GET", b"/", version=b"1.0"),
        eom(),
        CLOSED,
        eof=True,
        states=("CLOSED", "SEND_RESPONSE"),
    ),
    server(
        "eof-hidden-while-paused-then-delivered",
        HEAD + b"GET /2 HTTP/1.1\r\nHost: a\r\n\r\n",
        HEAD_REQ,
        eom(),
        NEXT_CYCLE,
        req(b"GET", b"/2", b"Host: a"),
        eom(),
        CLOSED,
        eof=True,
        cycle=True,
        states=("CLOSED", "SEND_RESPONSE"),
    ),
    server(
        "eof-while-paused-is-hidden",
        HEAD + b"GET /2 HTTP/1.1\r\nHost: a\r\n\r\n",
        HEAD_REQ,
        eom(),
        PAUSED,
        eof=True,
        states=("DONE", "SEND_RESPONSE"),
    ),
    # --- EOF, client role --------------------------------------------------------------------
    client(
        "eof-before-response",
        b"",
        eof=True,
        error=err(
            "can't handle event type ConnectionClosed when role=SERVER and state=SEND_RESPONSE"
        ),
    ),
    client(
        "eof-with-nothing-sent",
        b"",
        CLOSED,
        eof=True,
        method=None,
        states=("MUST_CLOSE", "CLOSED"),
    ),
    client(
        "eof-mid-status-line",
        b"HTTP/1.1 20",
        eof=True,
        error=err("peer unexpectedly closed connection"),
    ),
    client(
        "eof-after-keep-alive-response",
        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
        resp(200, b"OK", b"Content-Length: 2"),
        data(b"ok"),
        eom(),
        CLOSED,
        eof=True,
        states=("MUST_CLOSE", "CLOSED"),
    ),
    client(
        "eof-mid-content-length-response",
        b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc",
        resp(200, b"OK", b"Content-Length: 10"),
        data(b"abc"),
        eof=True,
        error=err(
            "peer closed connection without sending complete message body "
            "(received 3 bytes, expected 10)"
        ),
    ),
    client(
        "eof-mid-chunked-response",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n",
        resp(200, b"OK", b"Transfer-Encoding: chunked"),
        data(b"ok"),
        eof=True,
        error=err(
            "peer closed connection without sending complete message body "
            "(incomplete chunked read)"
        ),
    ),
    # --- max_incomplete_event_size (§8.4, H8) ------------------------------------------------
    server("head-exactly-at-limit", HEAD, HEAD_REQ, eom(), NEED_DATA, max_size=len(HEAD)),
    server("head-one-byte-over-limit", HEAD, error=TOO_LONG, max_size=len(HEAD) - 1),
    server(
        "large-head-over-default-limit",
        b"GET / HTTP/1.1\r\nHost: a\r\nX-Filler: " + b"f" * 16384 + b"\r\n\r\n",
        error=TOO_LONG,
    ),
    server(
        "incomplete-head-over-limit",
        HEAD[:-2],
        error=TOO_LONG,
        max_size=len(HEAD) - 3,
        trailing=False,
        note="no trailing run: the completed head is both too long and malformed",
    ),
    server("incomplete-head-at-limit", HEAD[:-2], NEED_DATA, max_size=len(HEAD) - 2),
    server("limit-zero-rejects-any-head", HEAD, error=TOO_LONG, max_size=0),
    server(
        "skipped-blank-lines-count-toward-limit",
        b"\r\n\n" + HEAD,
        error=TOO_LONG,
        max_size=len(HEAD) + 2,
    ),
    server(
        "skipped-blank-lines-at-limit",
        b"\r\n\n" + HEAD,
        HEAD_REQ,
        eom(),
        NEED_DATA,
        max_size=len(HEAD) + 3,
    ),
    server(
        "body-bytes-do-not-count-toward-limit",
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 200\r\n\r\n" + b"b" * 200,
        req(b"POST", b"/", b"Host: a", b"Content-Length: 200"),
        data(b"b" * 200),
        eom(),
        NEED_DATA,
        max_size=LIMIT,
    ),
    server(
        "chunk-size-line-at-limit",
        CH + padded_chunk_line(LIMIT) + b"abc\r\n0\r\n\r\n",
        CH_REQ,
        data(b"abc"),
        eom(),
        NEED_DATA,
        max_size=LIMIT,
    ),
    server(
        "chunk-size-line-over-limit",
        CH + padded_chunk_line(LIMIT + 1) + b"abc\r\n0\r\n\r\n",
        CH_REQ,
        error=TOO_LONG,
        max_size=LIMIT,
    ),
    server(
        "trailer-block-at-limit",
        CH + b"0\r\n" + padded_trailer_block(LIMIT),
        CH_REQ,
        eom(b"X: " + b"v" * (LIMIT - 7)),
        NEED_DATA,
        max_size=LIMIT,
    ),
    server(
        "trailer-block-over-limit",
        CH + b"0\r\n" + padded_trailer_block(LIMIT + 1),
        CH_REQ,
        error=TOO_LONG,
        max_size=LIMIT,
    ),
    server(
        "pipelined-bytes-beyond-limit-while-paused",
        HEAD + HEAD + HEAD,
        HEAD_REQ,
        eom(),
        PAUSED,
        max_size=len(HEAD),
    ),
    server(
        "next-request-still-too-long-after-cycle",
        HEAD + b"GET /2 HTTP/1.1\r\nHost: " + b"a" * 40,
        HEAD_REQ,
        eom(),
        NEXT_CYCLE,
        error=TOO_LONG,
        max_size=len(HEAD),
        cycle=True,
        trailing=False,
        note="trailing run skipped: completing that head could fail on its grammar first",
    ),
    client(
        "response-head-over-limit",
        b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX: " + b"x" * 40 + b"\r\n\r\n",
        error=TOO_LONG,
        max_size=LIMIT,
    ),
    client(
        "response-head-at-limit",
        b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX: " + b"x" * 21 + b"\r\n\r\n",
        resp(200, b"OK", b"Content-Length: 0", b"X: " + b"x" * 21),
        eom(),
        NEED_DATA,
        max_size=LIMIT,
    ),
    # --- protocol switches, server role (§7.3, §8.3) -----------------------------------------
    server(
        "upgrade-request-new-protocol-bytes-stay-buffered",
        b"GET / HTTP/1.1\r\nHost: a\r\nUpgrade: h2c\r\n\r\nPRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
        req(b"GET", b"/", b"Host: a", b"Upgrade: h2c"),
        eom(),
        PAUSED,
        states=("MIGHT_SWITCH_PROTOCOL", "SEND_RESPONSE"),
    ),
    server(
        "upgrade-request-with-body",
        b"POST / HTTP/1.1\r\nHost: a\r\nUpgrade: foo\r\nContent-Length: 3\r\n\r\nabc\x00\x01",
        req(b"POST", b"/", b"Host: a", b"Upgrade: foo", b"Content-Length: 3"),
        data(b"abc"),
        eom(),
        PAUSED,
    ),
    server(
        "connect-tunnel-bytes-stay-buffered",
        b"CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n\x16\x03\x01\x00\x01",
        req(b"CONNECT", b"a:443", b"Host: a:443"),
        eom(),
        PAUSED,
    ),
    server(
        "http10-connect-might-switch",
        b"CONNECT a:443 HTTP/1.0\r\n\r\n",
        req(b"CONNECT", b"a:443", version=b"1.0"),
        eom(),
        PAUSED,
        states=("MIGHT_SWITCH_PROTOCOL", "SEND_RESPONSE"),
    ),
    server(
        "eof-hidden-while-switch-pending",
        b"GET / HTTP/1.1\r\nHost: a\r\nUpgrade: foo\r\n\r\n",
        req(b"GET", b"/", b"Host: a", b"Upgrade: foo"),
        eom(),
        PAUSED,
        eof=True,
        states=("MIGHT_SWITCH_PROTOCOL", "SEND_RESPONSE"),
    ),
    # --- protocol switches, client role ------------------------------------------------------
    client(
        "switching-protocols-101",
        b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        b"\r\n\x81\x05hello",
        info(101, b"Switching Protocols", *UPGRADE),
        PAUSED,
        request_headers=UPGRADE,
        states=("SWITCHED_PROTOCOL", "SWITCHED_PROTOCOL"),
    ),
    client(
        "continue-then-switching-protocols",
        b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 101 Switching Protocols\r\n\r\n",
        info(100, b"Continue"),
        info(101, b"Switching Protocols"),
        PAUSED,
        request_headers=UPGRADE,
        states=("SWITCHED_PROTOCOL", "SWITCHED_PROTOCOL"),
    ),
    client(
        "switching-protocols-eof-hidden",
        b"HTTP/1.1 101 Switching Protocols\r\n\r\n",
        info(101, b"Switching Protocols"),
        PAUSED,
        request_headers=UPGRADE,
        eof=True,
    ),
    client(
        "switching-protocols-without-proposal",
        b"HTTP/1.1 101 Switching Protocols\r\n\r\n",
        error=err("Received server _SWITCH_UPGRADE event without a pending proposal"),
    ),
    client(
        "upgrade-denied",
        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nno",
        resp(200, b"OK", b"Content-Length: 2"),
        data(b"no"),
        eom(),
        NEED_DATA,
        request_headers=UPGRADE,
        states=("DONE", "DONE"),
    ),
    client(
        "connect-accepted",
        b"HTTP/1.1 200 Connection established\r\n\r\n\x16\x03\x03",
        resp(200, b"Connection established"),
        PAUSED,
        method=b"CONNECT",
        states=("SWITCHED_PROTOCOL", "SWITCHED_PROTOCOL"),
    ),
    client(
        "connect-accepted-content-length-ignored",
        b"HTTP/1.1 204 \r\nContent-Length: 5\r\n\r\nabcde",
        resp(204, b"", b"Content-Length: 5"),
        PAUSED,
        method=b"CONNECT",
        states=("SWITCHED_PROTOCOL", "SWITCHED_PROTOCOL"),
    ),
    client(
        "connect-continue-then-accepted",
        b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n\r\n",
        info(100, b"Continue"),
        resp(200, b"OK"),
        PAUSED,
        method=b"CONNECT",
    ),
    client(
        "connect-denied",
        b"HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 3\r\n\r\nnop",
        resp(407, b"Proxy Authentication Required", b"Content-Length: 3"),
        data(b"nop"),
        eom(),
        NEED_DATA,
        method=b"CONNECT",
        states=("DONE", "DONE"),
    ),
    client(
        "lowercase-connect-is-not-connect",
        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
        resp(200, b"OK", b"Content-Length: 2"),
        data(b"ok"),
        eom(),
        NEED_DATA,
        method=b"connect",
        states=("DONE", "DONE"),
    ),
]
