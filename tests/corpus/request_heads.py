"""Server role: request heads, valid and invalid.

RFC 9112 §2.2, §3, §5, §6.1 and §3.2 (Host); Q4 (blank lines skipped), H3, H5, H6, H7.
"""

from __future__ import annotations

from .model import NEED_DATA, PAUSED, data, eom, err, err_prefix, req, server

CASES = [
    # --- valid heads -------------------------------------------------------------------------
    server(
        "get-minimal-crlf",
        b"GET / HTTP/1.1\r\nHost: a\r\n\r\n",
        req(b"GET", b"/", b"Host: a"),
        eom(),
        NEED_DATA,
        states=("DONE", "SEND_RESPONSE"),
    ),
    server(
        "bare-lf-line-endings",
        b"GET / HTTP/1.1\nHost: a\nX: y\n\n",
        req(b"GET", b"/", b"Host: a", b"X: y"),
        eom(),
        NEED_DATA,
    ),
    server(
        "mixed-line-endings",
        b"GET / HTTP/1.1\r\nHost: a\nX: y\r\n\n",
        req(b"GET", b"/", b"Host: a", b"X: y"),
        eom(),
        NEED_DATA,
    ),
    server(
        "blank-line-ended-by-lf-after-crlf-lines",
        b"GET / HTTP/1.1\r\nHost: a\r\n\n",
        req(b"GET", b"/", b"Host: a"),
        eom(),
        NEED_DATA,
    ),
    # Q4: empty lines before a request line are skipped (RFC 9112 §2.2).
    server(
        "leading-crlf-skipped",
        b"\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
        req(b"GET", b"/", b"Host: a"),
        eom(),
        NEED_DATA,
    ),
    server(
        "several-leading-empty-lines-skipped",
        b"\r\n\n\r\n\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
        req(b"GET", b"/", b"Host: a"),
        eom(),
        NEED_DATA,
    ),
    server(
        "lowercase-method-kept",
        b"get / HTTP/1.1\r\nHost: a\r\n\r\n",
        req(b"get", b"/", b"Host: a"),
        eom(),
        NEED_DATA,
    ),
    server(
        "extension-method-token",
        b"M-SEARCH!#$%&'*+.^_`|~ / HTTP/1.1\r\nHost: a\r\n\r\n",
        req(b"M-SEARCH!#$%&'*+.^_`|~", b"/", b"Host: a"),
        eom(),
        NEED_DATA,
    ),
    server(
        "http10-without-host",
        b"GET / HTTP/1.0\r\n\r\n",
        req(b"GET", b"/", version=b"1.0"),
        eom(),
        NEED_DATA,
        states=("MUST_CLOSE", "SEND_RESPONSE"),
    ),
    server(
        "http12-without-host",
        b"GET / HTTP/1.2\r\n\r\n",
        req(b"GET", b"/", version=b"1.2"),
        eom(),
        NEED_DATA,
        states=("DONE", "SEND_RESPONSE"),
    ),
    server(
        "http11-empty-host",
        b"GET / HTTP/1.1\r\nHost:\r\n\r\n",
        req(b"GET", b"/", b"Host:"),
        eom(),
        NEED_DATA,
    ),
    server(
        "h2-prior-knowledge-preface",
        b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
        req(b"PRI", b"*", version=b"2.0"),
        eom(),
        PAUSED,
        states=("DONE", "SEND_RESPONSE"),
    ),
    server(
        "options-asterisk",
        b"OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
        req(b"OPTIONS", b"*", b"Host: a"),
        eom(),
        NEED_DATA,
    ),
    server(
        "absolute-form-target",
        b"GET http://example.com:8080/p?q=1#f HTTP/1.1\r\nHost: example.com\r\n\r\n",
        req(b"GET", b"http://example.com:8080/p?q=1#f", b"Host: example.com"),
        eom(),
        NEED_DATA,
    ),
    server(
        "absolute-form-scheme-with-plus-dot-dash",
        b"GET svn+ssh.x-y://h/r HTTP/1.1\r\nHost: h\r\n\r\n",
        req(b"GET", b"svn+ssh.x-y://h/r", b"Host: h"),
        eom(),
        NEED_DATA,
    ),
    server(
        "origin-form-with-query-and-escapes",
        b"GET /a%20b/c;p?x=1&y=%2F~!$'()*+,=:@ HTTP/1.1\r\nHost: a\r\n\r\n",
        req(b"GET", b"/a%20b/c;p?x=1&y=%2F~!$'()*+,=:@", b"Host: a"),
        eom(),
        NEED_DATA,
    ),
    server(
        "connect-authority-form",
        b"CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
        req(b"CONNECT", b"example.com:443", b"Host: example.com:443"),
        eom(),
        PAUSED,
        states=("MIGHT_SWITCH_PROTOCOL", "SEND_RESPONSE"),
    ),
    server(
        "connect-with-content-length-zero",
        b"CONNECT a:1 HTTP/1.1\r\nHost: a:1\r\nContent-Length: 0\r\n\r\n",
        req(b"CONNECT", b"a:1", b"Host: a:1", b"Content-Length: 0"),
        eom(),
        PAUSED,
    ),
    server(
        "header-ows-stripped-interior-kept",
        b"GET / HTTP/1.1\r\nHost: a\r\nX: \t a \t b  \t\r\n\r\n",
        req(b"GET", b"/", b"Host: a", b"X: a \t b"),
        eom(),
        NEED_DATA,
    ),
    server(
        "header-no-space-after-colon",
        b"GET / HTTP/1.1\r\nHost:a\r\nX:y\r\n\r\n",
        req(b"GET", b"/", b"Host: a", b"X: y"),
        eom(),
        NEED_DATA,
    ),
    server(
        "header-empty-value",
        b"GET / HTTP/1.1\r\nHost: a\r\nX-Empty:\r\nY: \t \r\n\r\n",
        req(b"GET", b"/", b"Host: a", b"X-Empty:", b"Y:"),
        eom(),
        NEED_DATA,
    ),
    server(
        "header-obs-text-kept",
        b"GET / HTTP/1.1\r\nHost: a\r\nX: \xff\x80 z\r\n\r\n",
        req(b"GET", b"/", b"Host: a", b"X: \xff\x80 z"),
        eom(),
        NEED_DATA,
    ),
    server(
        "header-controls-refused",
        b"GET / HTTP/1.1\r\nHost: a\r\nX: \x01\x7f\xff\x80 z\r\n\r\n",
        error=err("illegal header line: {!r}", b"X: \x01"),
        note="RFC 9110 §5.5; h11 0.16 kept them (docs/differences.rst, control bytes)",
    ),
    server(
        "header-name-casing-kept",
        b"GET / HTTP/1.1\r\nhOsT: a\r\nX-MiXeD: v\r\n\r\n",
        req(b"GET", b"/", b"hOsT: a", b"X-MiXeD: v"),
        eom(),
        NEED_DATA,
    ),
    server(
        "duplicate-headers-kept-in-order",
        b"GET / HTTP/1.1\r\nX: 1\r\nHost: a\r\nx: 2\r\nX: 3\r\n\r\n",
        req(b"GET", b"/", b"X: 1", b"Host: a", b"x: 2", b"X: 3"),
        eom(),
        NEED_DATA,
    ),
    server(
        "obs-fold-joined-with-one-space",
        b"GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n  \t b\r\n\tc\r\n\r\n",
        req(b"GET", b"/", b"Host: a", b"X: a b c"),
        eom(),
        NEED_DATA,
    ),
    server(
        "obs-fold-whitespace-on-both-sides-becomes-one-space",
        b"GET / HTTP/1.1\r\nHost: a\r\nX: a  \r\n \t b\r\n\r\n",
        req(b"GET", b"/", b"Host: a", b"X: a b"),
        eom(),
        NEED_DATA,
        note="RFC 9112 §5.2 obs-fold = OWS CRLF RWS; docs/differences.rst, one SP per obs-fold",
    ),
    server(
        "obs-fold-line-of-whitespace-adds-nothing",
        b"GET / HTTP/1.1\r\nHost: a\r\nX: a \r\n \t\r\n b \r\n\r\n",
        req(b"GET", b"/", b"Host: a", b"X: a b"),
        eom(),
        NEED_DATA,
    ),
    server(
        "expect-100-continue-head",
        b"POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n",
        req(b"POST", b"/", b"Host: a", b"Expect: 100-continue", b"Content-Length: 2"),
        NEED_DATA,
        states=("SEND_BODY", "SEND_RESPONSE"),
    ),
    server(
        "connection-close-request",
        b"GET / HTTP/1.1\r\nHost: a\r\nConnection: Keep-Alive, CLOSE\r\n\r\n",
        req(b"GET", b"/", b"Host: a", b"Connection: Keep-Alive, CLOSE"),
        eom(),
        NEED_DATA,
        states=("MUST_CLOSE", "SEND_RESPONSE"),
    ),
    server(
        "upgrade-request-pauses",
        b"GET /chat HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
        req(b"GET", b"/chat", b"Host: a", b"Upgrade: websocket", b"Connection: Upgrade"),
        eom(),
        PAUSED,
        states=("MIGHT_SWITCH_PROTOCOL", "SEND_RESPONSE"),
    ),
    server(
        "empty-upgrade-is-no-proposal",
        b"GET / HTTP/1.1\r\nHost: a\r\nUpgrade: ,\r\n\r\n",
        req(b"GET", b"/", b"Host: a", b"Upgrade: ,"),
        eom(),
        NEED_DATA,
        states=("DONE", "SEND_RESPONSE"),
    ),
    server(
        "lowercase-connect-is-no-proposal",
        b"connect /x HTTP/1.1\r\nHost: a\r\n\r\n",
        req(b"connect", b"/x", b"Host: a"),
        eom(),
        NEED_DATA,
        states=("DONE", "SEND_RESPONSE"),
    ),
    server(
        "head-of-16k-headers",
        b"GET / HTTP/1.1\r\nHost: a\r\n" + b"X-Filler: " + b"f" * 16000 + b"\r\n\r\n",
        req(b"GET", b"/", b"Host: a", b"X-Filler: " + b"f" * 16000),
        eom(),
        NEED_DATA,
    ),
    # --- invalid request lines (§9.2) --------------------------------------------------------
    server(
        "double-space-after-method",
        b"GET  / HTTP/1.1\r\nHost: a\r\n\r\n",
        error=err("illegal request line: {!r}", b"GET  "),
    ),
    server(
        "trailing-space-after-version",
        b"GET / HTTP/1.1 \r\nHost: a\r\n\r\n",
        error=err("illegal request line: {!r}", b"GET / HTTP/1.1 "),
    ),
    server(
        "lowercase-http-version",
        b"GET / http/1.1\r\nHost: a\r\n\r\n",
        error=err("illegal request line: {!r}", b"GET / h"),
    ),
    server(
        "missing-version",
        b"GET /\r\nHost: a\r\n\r\n",
        error=err("illegal request line: {!r}", b"GET /"),
    ),
    server(
        "version-two-digit-major",
        b"GET / HTTP/11.1\r\nHost: a\r\n\r\n",
        error=err("illegal request line: {!r}", b"GET / HTTP/11"),
    ),
    server(
        "version-without-minor",
        b"GET / HTTP/1\r\nHost: a\r\n\r\n",
        error=err("illegal request line: {!r}", b"GET / HTTP/1"),
    ),
    server(
        "tab-as-separator",
        b"GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n",
        error=err("illegal request line: {!r}", b"GET\t"),
    ),
    server(
        "del-byte-in-target",
        b"GET /a\x7fb HTTP/1.1\r\nHost: a\r\n\r\n",
        error=err("illegal request line: {!r}", b"GET /a\x7f"),
    ),
    server(
        "obs-text-in-target",
        b"GET /\xc3\xa9 HTTP/1.1\r\nHost: a\r\n\r\n",
        error=err("illegal request line: {!r}", b"GET /\xc3"),
    ),
    server(
        "bare-cr-before-crlf-ending-request-line",
        b"GET / HTTP/1.1\r\r\nHost: a\r\n\r\n",
        error=err("illegal request line: {!r}", b"GET / HTTP/1.1\r\r"),
    ),
    server(
        "separator-in-method",
        b"GE(T / HTTP/1.1\r\nHost: a\r\n\r\n",
        error=err("illegal request line: {!r}", b"GE("),
    ),
    # §9.1 early rejection: the first byte (after skipped empty lines) is below 0x21.
    # (No trailing run: a complete head behind them gets the full-line message instead.)
    server(
        "tls-client-hello-rejected-early",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
        error=err("illegal request line"),
        trailing=False,
    ),
    server(
        "leading-space-rejected-early",
        b" GET / HTTP/1.1",
        error=err("illegal request line"),
        trailing=False,
    ),
    server(
        "nul-first-byte-rejected-early", b"\x00", error=err("illegal request line"), trailing=False
    ),
    server(
        "space-after-skipped-blank-line-rejected-early",
        b"\r\n GET",
        error=err("illegal request line"),
        trailing=False,
    ),
    server(
        "leading-space-complete-head",
        b" GET / HTTP/1.1\r\nHost: a\r\n\r\n",
        error=err_prefix("illegal request line"),
        note="whole: the line's grammar fails; bytewise: the first byte is rejected early",
    ),
    # H7: the request-target must have one of the forms of RFC 9112 §3.2.
    server(
        "target-bang",
        b"GET ! HTTP/1.1\r\nHost: a\r\n\r\n",
        error=err("illegal request target: b'!'"),
    ),
    server(
        "target-authority-form-without-connect",
        b"GET example.com:80 HTTP/1.1\r\nHost: a\r\n\r\n",
        error=err("illegal request target: b'example.com:80'"),
    ),
    server(
        "target-asterisk-with-get",
        b"GET * HTTP/1.1\r\nHost: a\r\n\r\n",
        error=err("illegal request target: b'*'"),
    ),
    server(
        "target-asterisk-pri-http11",
        b"PRI * HTTP/1.1\r\nHost: a\r\n\r\n",
        error=err("illegal request target: b'*'"),
    ),
    server(
        "target-origin-form-with-connect",
        b"CONNECT /tunnel HTTP/1.1\r\nHost: a\r\n\r\n",
        error=err("illegal request target: b'/tunnel'"),
    ),
    server(
        "target-scheme-starting-with-digit",
        b"GET 1http://a/ HTTP/1.1\r\nHost: a\r\n\r\n",
        error=err("illegal request target: b'1http://a/'"),
    ),
    server(
        "target-relative-path",
        b"GET index.html HTTP/1.1\r\nHost: a\r\n\r\n",
        error=err("illegal request target: b'index.html'"),
    ),
    # --- invalid header blocks (§9.4, §5.3) --------------------------------------------------
    server(
        "missing-host-http11",
        b"GET / HTTP/1.1\r\nX: y\r\n\r\n",
        error=err("Missing mandatory Host: header"),
    ),
    server(
        "duplicate-host",
        b"GET / HTTP/1.1\r\nHost: a\r\nhost: a\r\n\r\n",
        error=err("Found multiple Host: headers"),
    ),
    server(
        "duplicate-host-http10",
        b"GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n",
        error=err("Found multiple Host: headers"),
    ),
    server(
        "space-before-colon",
        b"GET / HTTP/1.1\r\nHost : a\r\n\r\n",
        error=err("illegal header line: {!r}", b"Host "),
    ),
    server(
        "header-without-colon",
        b"GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n",
        error=err("illegal header line: {!r}", b"NoColon"),
    ),
    server(
        "header-empty-name",
        b"GET / HTTP/1.1\r\nHost: a\r\n: v\r\n\r\n",
        error=err("illegal header line: {!r}", b":"),
    ),
    server(
        "nul-in-header-value",
        b"GET / HTTP/1.1\r\nHost: a\r\nX: a\x00b\r\n\r\n",
        error=err("illegal header line: {!r}", b"X: a\x00"),
    ),
    server(
        "bare-cr-in-header-value",
        b"GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n",
        error=err("illegal header line: {!r}", b"X: a\rb"),
    ),
    server(
        "vertical-tab-in-header-value",
        b"GET / HTTP/1.1\r\nHost: a\r\nX: a\x0bb\r\n\r\n",
        error=err("illegal header line: {!r}", b"X: a\x0b"),
    ),
    server(
        "form-feed-in-header-value",
        b"GET / HTTP/1.1\r\nHost: a\r\nX: a\x0cb\r\n\r\n",
        error=err("illegal header line: {!r}", b"X: a\x0c"),
    ),
    server(
        "obs-text-in-header-name",
        b"GET / HTTP/1.1\r\nHost: a\r\nX\xe9: v\r\n\r\n",
        error=err("illegal header line: {!r}", b"X\xe9"),
    ),
    server(
        "continuation-as-first-header-line",
        b"GET / HTTP/1.1\r\n Host: a\r\n\r\n",
        error=err("continuation line at start of headers"),
    ),
    server(
        "tab-continuation-as-first-header-line",
        b"GET / HTTP/1.1\r\n\tX: y\r\nHost: a\r\n\r\n",
        error=err("continuation line at start of headers"),
    ),
    # --- Content-Length / Transfer-Encoding validation (§4.3; H3, H5, H6) --------------------
    server(
        "content-length-list-of-equal-values-merged",
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 3\r\ncontent-length:3\r\n\r\nabc",
        req(b"POST", b"/", b"Host: a", b"Content-Length: 3"),
        data(b"abc"),
        eom(),
        NEED_DATA,
    ),
    server(
        "content-length-20-digits-leading-zeros-kept",
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 00000000000000000003\r\n\r\nabc",
        req(b"POST", b"/", b"Host: a", b"Content-Length: 00000000000000000003"),
        data(b"abc"),
        eom(),
        NEED_DATA,
    ),
    server(
        "content-length-conflicting-headers",
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
        error=err("conflicting Content-Length headers"),
    ),
    server(
        "content-length-conflicting-list",
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1, 2\r\n\r\nab",
        error=err("conflicting Content-Length headers"),
    ),
    server(
        "content-length-trailing-comma",
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5,\r\n\r\nabcde",
        error=err("conflicting Content-Length headers"),
    ),
    server(
        "content-length-3-vs-03",
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 03\r\n\r\nabc",
        error=err("conflicting Content-Length headers"),
    ),
    server(
        "content-length-negative",
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -3\r\n\r\n",
        error=err("bad Content-Length"),
    ),
    server(
        "content-length-plus-sign",
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +3\r\n\r\nabc",
        error=err("bad Content-Length"),
    ),
    server(
        "content-length-underscore",
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1_0\r\n\r\n0123456789",
        error=err("bad Content-Length"),
    ),
    server(
        "content-length-hex",
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x3\r\n\r\nabc",
        error=err("bad Content-Length"),
    ),
    server(
        "content-length-empty",
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n",
        error=err("bad Content-Length"),
    ),
    server(
        "content-length-inner-space",
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1 0\r\n\r\n0123456789",
        error=err("bad Content-Length"),
    ),
    server(
        "content-length-21-digits",
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 000000000000000000003\r\n\r\nabc",
        error=err("bad Content-Length"),
    ),
    server(
        "content-length-non-ascii-digit",
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: \xd9\xa3\r\n\r\nabc",
        error=err("bad Content-Length"),
        note="ARABIC-INDIC DIGIT THREE in UTF-8: int() of the str would accept it",
    ),
    server(
        "transfer-encoding-gzip",
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n",
        error=err("Only Transfer-Encoding: chunked is supported", hint=501),
    ),
    server(
        "transfer-encoding-gzip-chunked",
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
        error=err("Only Transfer-Encoding: chunked is supported", hint=501),
    ),
    server(
        "transfer-encoding-chunked-twice-in-list",
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n",
        error=err("Only Transfer-Encoding: chunked is supported", hint=501),
    ),
    server(
        "transfer-encoding-identity",
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: identity\r\n\r\n",
        error=err("Only Transfer-Encoding: chunked is supported", hint=501),
    ),
    server(
        "transfer-encoding-two-headers",
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        error=err("multiple Transfer-Encoding headers", hint=501),
    ),
    server(
        "transfer-encoding-in-http10",
        b"POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        error=err("Transfer-Encoding is not allowed in HTTP/1.0 messages"),
    ),
    server(
        "transfer-encoding-in-http09",
        b"POST / HTTP/0.9\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        error=err("Transfer-Encoding is not allowed in HTTP/1.0 messages"),
    ),
    server(
        "connect-with-content-length",
        b"CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\nContent-Length: 5\r\n\r\nhello",
        error=err("CONNECT request must not have a body"),
    ),
    server(
        "connect-with-transfer-encoding",
        b"CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        error=err("CONNECT request must not have a body"),
    ),
    # docs/differences.rst, H10: refused at the first impossible byte, before any line end;
    # the message shows the line through that byte, whole or split.
    server(
        "impossible-byte-in-method-before-line-end",
        b"G@T / HTTP/1.1",
        error=err("illegal request line: {!r}", b"G@"),
    ),
    server(
        "impossible-byte-in-target-before-line-end",
        b"GET /\x00",
        error=err("illegal request line: {!r}", b"GET /\x00"),
    ),
    server(
        "impossible-byte-in-version-before-line-end",
        b"GET / HTTP/1.1x",
        error=err("illegal request line: {!r}", b"GET / HTTP/1.1x"),
    ),
    server(
        "impossible-byte-after-blank-lines",
        b"\r\n\r\nGET /a b",
        error=err("illegal request line: {!r}", b"GET /a b"),
    ),
    server(
        "impossible-byte-in-header-name-before-line-end",
        b"GET / HTTP/1.1\r\nHo(st",
        error=err("illegal header line: {!r}", b"Ho("),
    ),
    server(
        "impossible-byte-in-header-value-before-line-end",
        b"GET / HTTP/1.1\r\nHost: a\r\nX: \x7f",
        error=err("illegal header line: {!r}", b"X: \x7f"),
    ),
    server(
        "impossible-byte-after-bare-cr-before-line-end",
        b"GET / HTTP/1.1\nHost: a\rb",
        error=err("illegal header line: {!r}", b"Host: a\rb"),
    ),
    server(
        "line-ending-too-early-is-judged-whole",
        b"GET /\r\nHost: a\r\nB@d: 1\r\n\r\n",
        error=err("illegal request line: {!r}", b"GET /"),
    ),
    server(
        "impossible-byte-after-obs-fold-is-judged-whole",
        b"GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\x00c\r\n\r\n",
        error=err("illegal header line: {!r}", b"X: a b\x00c"),
    ),
]
