"""Byte classes and grammar of HTTP/1.1 messages, defined once.

Every character set and pattern the parser and the validators use lives here,
next to the ABNF rule (RFC 9110 / RFC 9112) it encodes. The public names are
``str`` regular-expression sources (third-party code compiles some of them as
bytes patterns); the ``*_RE`` names are the same rules precompiled as bytes.

This module knows grammar only: no events, no state, no framing decisions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

# RFC 9110 §5.6.3: OWS = *( SP / HTAB )
OWS = r"[ \t]*"

# RFC 9110 §5.6.2: token = 1*tchar
#   tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_"
#           / "`" / "|" / "~" / DIGIT / ALPHA
token = r"[-!#$%&'*+.^_`|~0-9a-zA-Z]+"

# RFC 9110 §5.1: field-name = token
field_name = token

# RFC 5234 B.1: VCHAR = %x21-7E;  RFC 9110 §5.5: obs-text = %x80-FF
vchar = r"[\x21-\x7e]"
vchar_or_obs_text = r"[\x21-\x7e\x80-\xff]"

# RFC 9110 §5.5 field-vchar, widened as h11 always has: every byte except NUL and
# ASCII whitespace (so other control bytes pass; CR, LF, VT, FF and NUL never do).
field_vchar = r"[^\x00\s]"

# RFC 9110 §5.5: field-content = field-vchar [ 1*( SP / HTAB / field-vchar ) field-vchar ]
field_content = field_vchar + r"+(?:[ \t]+" + field_vchar + r"+)*"

# RFC 9110 §5.5: field-value = *field-content
field_value = r"(?:" + field_content + r")?"

# The same rules with field-vchar as RFC 9110 §5.5 has it (VCHAR / obs-text): no control
# byte but HTAB. What a server accepts in request field values (docs/differences.rst,
# "control bytes in request field values").
strict_field_content = vchar_or_obs_text + r"+(?:[ \t]+" + vchar_or_obs_text + r"+)*"
strict_field_value = r"(?:" + strict_field_content + r")?"

# RFC 9112 §5: field-line = field-name ":" OWS field-value OWS
header_field = (
    r"(?P<field_name>" + field_name + r")"
    r":" + OWS + r"(?P<field_value>" + field_value + r")" + OWS
)

# RFC 9112 §3: request-line = method SP request-target SP HTTP-version
method = token
request_target = vchar + r"+"
# RFC 9112 §2.3: HTTP-version = HTTP-name "/" DIGIT "." DIGIT (HTTP-name is case-sensitive)
http_version = r"HTTP/(?P<http_version>[0-9]\.[0-9])"
request_line = (
    r"(?P<method>" + method + r")"
    r" (?P<target>" + request_target + r")"
    r" " + http_version
)

# RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ]
# The SP and reason may both be missing, as real servers send "HTTP/1.1 200".
status_code = r"[0-9]{3}"
# Received reasons are kept verbatim: any byte but NUL, CR, LF, VT, FF. (That is
# *( HTAB / SP / field-vchar ), written as one class: a regular expression matches a class
# many times faster than an alternation.)
reason_phrase = r"[^\x00\n\r\x0b\x0c]*"
status_line = (
    http_version + r" (?P<status_code>" + status_code + r")"
    r"(?: (?P<reason>" + reason_phrase + r"))?"
)

# RFC 9112 §7.1: chunk-size = 1*HEXDIG (bounded to 20 digits before int() sees it)
HEXDIG = r"[0-9A-Fa-f]"
chunk_size = HEXDIG + r"{1,20}"

# RFC 9112 §7.1.1:
#   chunk-ext      = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
#   chunk-ext-name = token
#   chunk-ext-val  = token / quoted-string
# RFC 9110 §5.6.4:
#   quoted-string  = DQUOTE *( qdtext / quoted-pair ) DQUOTE
#   qdtext         = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text
#   quoted-pair    = "\" ( HTAB / SP / VCHAR / obs-text )
quoted_string = r'"(?:[\t !#-\[\]-~\x80-\xff]|\\[\t \x21-\x7e\x80-\xff])*"'
chunk_ext = (
    r"(?:"
    + OWS
    + r";"
    + OWS
    + token
    + r"(?:"
    + OWS
    + r"="
    + OWS
    + r"(?:"
    + token
    + r"|"
    + quoted_string
    + r"))?)*"
)
chunk_header = r"(?P<chunk_size>" + chunk_size + r")(?P<chunk_ext>" + chunk_ext + r")\r\n"

# The same rule as an automaton over bytes, to find the first byte of a chunk-size line
# that no continuation could make valid (docs/differences.rst, "first impossible byte"):
# used on incomplete lines and on the error path only. A state is an int: the low four bits
# say where in the rule we are, the rest count the size digits (at most 20).
_C_HEX, _C_TCHAR, _C_WS, _C_SEMI, _C_EQ, _C_DQ, _C_BS, _C_CR, _C_LF, _C_VCHAR, _C_OBS, _C_CTL = (
    range(12)
)


def _byte_classes() -> bytes:
    classes = bytearray([_C_CTL]) * 256
    for byte in range(0x21, 0x7F):
        classes[byte] = _C_VCHAR
    for byte in b"!#$%&'*+-.^_`|~ghijklmnopqrstuvwxyzGHIJKLMNOPQRSTUVWXYZ":
        classes[byte] = _C_TCHAR
    for byte in b"0123456789abcdefABCDEF":
        classes[byte] = _C_HEX
    for byte in range(0x80, 0x100):
        classes[byte] = _C_OBS
    for byte, kind in ((0x20, _C_WS), (0x09, _C_WS), (0x3B, _C_SEMI), (0x3D, _C_EQ)):
        classes[byte] = kind
    for byte, kind in ((0x22, _C_DQ), (0x5C, _C_BS), (0x0D, _C_CR), (0x0A, _C_LF)):
        classes[byte] = kind
    return bytes(classes)


_CHUNK_CLASSES = _byte_classes()
# States: 0 before the size, 1 in the size, 2 BWS before ";", 3 BWS before a name, 4 in a
# name, 5 BWS after a name, 6 BWS before a value, 7 in a token value, 8 in a quoted string,
# 9 after CR, 10 after a backslash in a quoted string, 11 after a closing quote, 12 after LF.
_QDTEXT = {_C_WS: 8, _C_HEX: 8, _C_TCHAR: 8, _C_SEMI: 8, _C_EQ: 8, _C_VCHAR: 8, _C_OBS: 8}
_CHUNK_MOVES: tuple[dict[int, int], ...] = (
    {_C_HEX: 1},
    {_C_HEX: 1, _C_WS: 2, _C_SEMI: 3, _C_CR: 9},
    {_C_WS: 2, _C_SEMI: 3},
    {_C_WS: 3, _C_HEX: 4, _C_TCHAR: 4},
    {_C_HEX: 4, _C_TCHAR: 4, _C_WS: 5, _C_EQ: 6, _C_SEMI: 3, _C_CR: 9},
    {_C_WS: 5, _C_EQ: 6, _C_SEMI: 3},
    {_C_WS: 6, _C_HEX: 7, _C_TCHAR: 7, _C_DQ: 8},
    {_C_HEX: 7, _C_TCHAR: 7, _C_WS: 2, _C_SEMI: 3, _C_CR: 9},
    {**_QDTEXT, _C_BS: 10, _C_DQ: 11},
    {_C_LF: 12},
    {**_QDTEXT, _C_DQ: 8, _C_BS: 8},
    {_C_WS: 2, _C_SEMI: 3, _C_CR: 9},
    {},
)
CHUNK_LINE_START = 0


def scan_chunk_line(data: bytes, state: int = CHUNK_LINE_START) -> tuple[int, int]:
    """Run the chunk-size line rule (``chunk_header``) over ``data``, from ``state``.

    Returns the state reached and -1, or the state before the first byte that no
    continuation could make valid and that byte's index in ``data``.
    """
    classes = _CHUNK_CLASSES
    moves = _CHUNK_MOVES
    for index, byte in enumerate(data):
        where = state & 15
        following = moves[where].get(classes[byte], -1)
        if following == 1:
            if where != 1:
                state = 1 | 16  # the first size digit
            elif state >> 4 < 20:
                state += 16
            else:
                return state, index  # a 21st size digit
        elif following < 0:
            return state, index
        else:
            state = following
    return state, -1


# Heads as an automaton over bytes, to find the first byte of a request line, status line,
# header or trailer line that no continuation could make valid (docs/differences.rst,
# "first impossible byte"): used on incomplete heads and on the error path only. It is
# exactly as permissive as the line rules above (with the connection's leniency), and
# gives no verdict where the complete-head parse would say something else first: a line
# that ends before it is complete (judged as a whole, as before), obsolete line folding,
# a status code below 100, a first byte below 0x21, VT or FF where a switch allows them
# (the fields with a built-in meaning refuse them). From there on (``HEAD_GIVE_UP``) no
# byte is impossible. CR and LF end a line (RFC 9112 §2.2: a bare LF too); a CR followed
# by anything but LF is a bare CR, which no line rule admits.
HEAD_GIVE_UP = 0
_H_OK_CR, _H_BAD_CR, _H_START, _H_NAME, _H_VALUE, _H_END_CR = range(1, 7)
_R_METHOD0, _R_METHOD, _R_TARGET0, _R_TARGET = range(7, 11)
_R_VERSION = 11  # 11-18: the 8 bytes of "HTTP/" DIGIT "." DIGIT
_R_END = 19
_S_VERSION = 20  # 20-27
_S_SP, _S_CODE0, _S_CODE1, _S_CODE2, _S_CODE3, _S_REASON = range(28, 34)
_HEAD_STATES = 34
IMPOSSIBLE = 255
_ACCEPTING = frozenset([_H_VALUE, _R_END, _S_CODE3, _S_REASON])
_TCHARS = b"!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_DIGITS = b"0123456789"


class HeadGrammar:
    """The automaton for one kind of head (request, response, trailers) and leniency.

    Besides the moves, each state has ``stops``, a search for the bytes that leave the
    state (the bound ``search`` method of a byte class pattern, run in C over a whole run
    of bytes; ``None`` where every byte does), for the scan; and ``watches``, a table of
    the bytes that may leave what a run of bytes from the state can safely be, for a
    connection waiting on an incomplete head (see ``watch_table`` and ``watched``).
    """

    __slots__ = ("moves", "notes", "start", "stops", "watches")

    def __init__(
        self,
        start: int,
        moves: tuple[bytes, ...],
        stops: tuple[Any, ...],
        watches: tuple[bytes, ...],
    ) -> None:
        self.start = start  # the state before the first byte
        self.moves = moves  # per state: next state by byte (IMPOSSIBLE: refused)
        self.stops = stops
        self.watches = watches
        # Per state: (state, the grammar), what a reader notes with its mark in the
        # receive buffer (made once, not per mark).
        self.notes = tuple((state, self) for state in range(len(moves)))


_HEAD_GRAMMARS: dict[tuple[str, bool, str, bool, bool], HeadGrammar] = {}


def head_grammar(
    kind: str, wide_names: bool, values: str, multiple_spaces: bool, control_reasons: bool
) -> HeadGrammar:
    """The head automaton: ``kind`` is "request", "status" or "trailers".

    ``values`` is "strict" (``strict_field_value``), "default" (``field_value``) or
    "wide" (``lenient_field_value``); the other flags are ``header_field_pattern``'s and
    ``status_line_pattern``'s.
    """
    key = (kind, wide_names, values, multiple_spaces, control_reasons)
    grammar = _HEAD_GRAMMARS.get(key)
    if grammar is None:
        grammar = _HEAD_GRAMMARS[key] = _build_head_grammar(*key)
    return grammar


def _build_head_grammar(
    kind: str, wide_names: bool, values: str, multiple_spaces: bool, control_reasons: bool
) -> HeadGrammar:
    table = [bytearray([IMPOSSIBLE]) * 256 for _ in range(_HEAD_STATES)]

    def allow(state: int, chars: bytes | range, following: int) -> None:
        for byte in chars:
            table[state][byte] = following

    table[HEAD_GIVE_UP] = bytearray([HEAD_GIVE_UP]) * 256
    # A line end: complete lines go on to the next line; others are judged whole.
    for state in range(_H_NAME, _HEAD_STATES):
        if state != _H_END_CR:
            ok = state in _ACCEPTING
            table[state][13] = _H_OK_CR if ok else _H_BAD_CR
            table[state][10] = _H_START if ok else HEAD_GIVE_UP
    table[_H_OK_CR][10] = _H_START
    table[_H_BAD_CR][10] = HEAD_GIVE_UP
    table[_H_END_CR][10] = HEAD_GIVE_UP  # the end of the head
    # Field lines (RFC 9112 §5), each at the start of a line.
    table[_H_START][13] = _H_END_CR
    table[_H_START][10] = HEAD_GIVE_UP
    allow(_H_START, b" \t", HEAD_GIVE_UP)  # obs-fold: judged with the whole head
    names = bytes(b for b in range(0x21, 0x100) if b not in b":\x7f") if wide_names else _TCHARS
    allow(_H_START, names, _H_NAME)
    allow(_H_NAME, names, _H_NAME)
    table[_H_NAME][0x3A] = _H_VALUE
    # (Field values and reasons, by default: any byte but NUL, CR, LF, VT, FF.)
    default_bytes = bytes(b for b in range(256) if b not in b"\x00\n\r\x0b\x0c")
    if values == "strict":
        value_bytes = bytes([0x09, 0x20, *range(0x21, 0x7F), *range(0x80, 0x100)])
    else:
        value_bytes = default_bytes
    allow(_H_VALUE, value_bytes, _H_VALUE)
    if values == "wide":
        allow(_H_VALUE, b"\x0b\x0c", HEAD_GIVE_UP)
    # Request line (RFC 9112 §3): method SP request-target SP HTTP-version.
    allow(_R_METHOD0, range(0x21), HEAD_GIVE_UP)  # (the first-byte rule's own error)
    allow(_R_METHOD0, _TCHARS, _R_METHOD)
    allow(_R_METHOD, _TCHARS, _R_METHOD)
    table[_R_METHOD][0x20] = _R_TARGET0
    allow(_R_TARGET0, range(0x21, 0x7F), _R_TARGET)
    allow(_R_TARGET, range(0x21, 0x7F), _R_TARGET)
    table[_R_TARGET][0x20] = _R_VERSION
    # Status line (RFC 9112 §4): HTTP-version SP status-code [ SP reason-phrase ].
    allow(_S_VERSION, range(0x21), HEAD_GIVE_UP)  # (the first-byte rule's own error)
    for first in (_R_VERSION, _S_VERSION):
        for index, chars in enumerate((b"H", b"T", b"T", b"P", b"/", _DIGITS, b".", _DIGITS)):
            last = _R_END if first == _R_VERSION else _S_SP
            allow(first + index, chars, first + index + 1 if index < 7 else last)
    table[_S_SP][0x20] = _S_CODE0
    if multiple_spaces:
        table[_S_CODE0][0x20] = _S_CODE0
    table[_S_CODE0][0x30] = HEAD_GIVE_UP  # below 100: a range error, not a grammar one
    allow(_S_CODE0, b"123456789", _S_CODE1)
    allow(_S_CODE1, _DIGITS, _S_CODE2)
    allow(_S_CODE2, _DIGITS, _S_CODE3)
    table[_S_CODE3][0x20] = _S_REASON
    if control_reasons:
        reason_bytes = bytes(b for b in range(256) if b not in b"\n\r")
    else:
        reason_bytes = default_bytes
    allow(_S_REASON, reason_bytes, _S_REASON)
    moves = tuple(bytes(row) for row in table)
    stops = tuple(
        _byte_class_search(set(range(256)) - _staying(moves, state, state))
        if state and _staying(moves, state, state)
        else None
        for state in range(_HEAD_STATES)
    )
    watches = tuple(watch_table(moves, state) for state in range(_HEAD_STATES))
    start = {"request": _R_METHOD0, "status": _S_VERSION, "trailers": _H_START}[kind]
    return HeadGrammar(start, moves, stops, watches)


def _staying(moves: tuple[bytes, ...], state: int, target: int) -> set[int]:
    """The bytes that lead from ``state`` to ``target`` and then keep it there."""
    return {b for b in range(256) if moves[state][b] == target and moves[target][b] == target}


def _byte_class_search(chars: set[int]) -> Any:
    return re.compile(b"[%s]" % b"".join(b"\\x%02x" % b for b in sorted(chars))).search


def byte_table(chars: Iterable[int]) -> bytes:
    """A table for ``bytes.translate``: 1 for the bytes of ``chars``, 0 for the others.

    ``1 in data.translate(table)`` tells whether ``data`` holds one of them: a translate
    and a memchr, both in C (much cheaper than a regular expression for short data, and
    than ``translate(None, chars)``, which builds its table on every call).
    """
    chars = set(chars)
    return bytes(1 if byte in chars else 0 for byte in range(256))


def watched(watch: bytes, data: bytes | bytearray | memoryview) -> bool:
    """Whether ``data`` holds a byte that the table ``watch`` (of ``watch_table``) marks.

    One ``translate`` and one ``memchr``, both in C: for a single byte (a bytewise feed)
    and for a large read alike, several times cheaper than a regular expression search.
    """
    return 1 in bytes(data).translate(watch)


def watch_table(moves: tuple[bytes, ...], state: int) -> bytes:
    """The bytes that a connection waiting in ``state`` must look at, as a table.

    Any run of the other bytes is valid from ``state`` and leaves it in one state that
    keeps them valid: the state's own run, or the one its first byte starts (a field
    name's first byte starts the name). So while none of the watched bytes arrives,
    nothing is impossible yet and the head cannot be complete; once one does, the bytes
    from the last checked one are scanned. After ``HEAD_GIVE_UP``, only line ends matter
    (the head may be complete).
    """
    if state == HEAD_GIVE_UP:
        return byte_table({10, 13})
    best: set[int] = set()
    for target in set(moves[state]) - {HEAD_GIVE_UP, IMPOSSIBLE}:
        staying = _staying(moves, state, target)
        if len(staying) > len(best):
            best = staying
    return byte_table(set(range(256)) - best)


def scan_head(
    data: bytes | bytearray, pos: int, end: int, state: int, grammar: HeadGrammar
) -> tuple[int, int]:
    """Run ``grammar`` over ``data[pos:end]`` (a head's bytes, or the next ones), from ``state``.

    Returns the state reached and -1, or the state before the first byte that no
    continuation could make valid and that byte's index in ``data``. Runs of bytes that
    keep the state are skipped by one search each: the Python loop runs once per change
    of state (a few times per line), not per byte.
    """
    moves = grammar.moves
    stops = grammar.stops
    while pos < end and state:
        stop = stops[state]
        if stop is not None:
            found = stop(data, pos, end)
            if found is None:
                break
            pos = found.start()
        following = moves[state][data[pos]]
        if following == IMPOSSIBLE:
            return state, pos
        state = following
        pos += 1
    return state, -1


# Reason phrase we agree to *send* (RFC 9112 §4): *( HTAB / SP / VCHAR / obs-text ).
outgoing_reason_phrase = r"[\t \x21-\x7e\x80-\xff]*"

# RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), then ":" for the
# absolute-form of RFC 9112 §3.2.2.
absolute_form_prefix = r"[A-Za-z][A-Za-z0-9+.\-]*:"

# RFC 3986 §3.2.2: the bytes of a reg-name besides its pct-encoded triplets (unreserved /
# sub-delims), as the body of a character class.
_reg_name_bytes = r"A-Za-z0-9\-._~!$&'()*+,;="
pct_encoded = r"%[0-9A-Fa-f]{2}"
#   reg-name = *( unreserved / pct-encoded / sub-delims ), written as runs of the plain
#   bytes between triplets: a regular expression repeats a class many times faster than
#   an alternation.
reg_name = r"[" + _reg_name_bytes + r"]*(?:" + pct_encoded + r"[" + _reg_name_bytes + r"]*)*"

# RFC 9112 §3.2.3: authority-form = uri-host ":" port  (CONNECT only)
#   uri-host = IP-literal / IPv4address / reg-name;  port = *DIGIT (we require one or more)
# (The reg-name may not be empty here: the port's colon cannot come first.)
authority_form = r"(?:\[[0-9A-Fa-f:.]+\]|(?!:)" + reg_name + r"):[0-9]+"

# RFC 9112 §3.2: Host = uri-host [ ":" port ]  (RFC 3986 §3.2.2, §3.2.3)
#   uri-host    = IP-literal / IPv4address / reg-name
#   IP-literal  = "[" ( IPv6address / IPvFuture ) "]"
#   IPvFuture   = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
#   reg-name    = *( unreserved / pct-encoded / sub-delims )  (an IPv4address is one too)
#   port        = *DIGIT
# The IPv6address inside the brackets and the port's range are checked by the code that
# uses this rule (h11._headers.host_is_valid).
host_value = (
    r"(?:\[(?:(?P<ipv6>[0-9A-Fa-f:.]+)|v[0-9A-Fa-f]+\.[" + _reg_name_bytes + r":]+)\]"
    r"|(?P<reg_name>" + reg_name + r"))"
    r"(?::(?P<port>[0-9]*))?"
)
# Every byte but those plain reg-name bytes, as a ``byte_table``: a Host value holding none
# of them is a reg-name with no port, which ``host_value`` accepts; anything else (a port,
# "%", brackets, a bad byte) needs the rule itself.
NON_REG_NAME_TABLE = byte_table(
    byte
    for byte in range(256)
    if not re.fullmatch(b"[" + _reg_name_bytes.encode() + b"]", bytes([byte]))
)

# ------------------------------------------------------------------ opt-in leniency
# Wider rules that a client may choose to accept in the responses it receives
# (``Connection(allow_...)``). None of them can change where a message ends.

# A header name of any bytes but CTLs (%x00-1F), SP, ":" and DEL: tchar plus the other
# VCHAR delimiters ("(),/;<=>?@[\]{} and DQUOTE) and obs-text. Whitespace stays out, so
# "Name : value" is still refused.
lenient_field_name = r"[^\x00-\x20:\x7f]+"

# WHATWG Fetch's header value: any byte but NUL, CR and LF, without leading or trailing
# HTAB/SP. Compared with field_vchar, it adds VT and FF.
lenient_field_vchar = r"[^\x00\t\n\r ]"
lenient_field_value = r"(?:" + lenient_field_vchar + r"+(?:[ \t]+" + lenient_field_vchar + r"+)*)?"

# A reason phrase with any control byte but CR and LF (NUL, VT and FF are what
# reason_phrase refuses beyond those).
lenient_reason_phrase = r"[^\r\n]*"


def header_field_pattern(
    non_token_names: bool, vt_ff_values: bool, no_controls: bool = False
) -> re.Pattern[bytes]:
    """The field-line rule, widened as asked (the strict one when both are false).

    ``no_controls``: the value rule of RFC 9110 §5.5 as written (``strict_field_value``,
    for requests; ignored when ``vt_ff_values`` widens it).
    """
    if vt_ff_values:
        value = lenient_field_value
    else:
        value = strict_field_value if no_controls else field_value
    return _compile(
        r"(?P<field_name>" + (lenient_field_name if non_token_names else field_name) + r")"
        r":" + OWS + r"(?P<field_value>" + value + r")" + OWS
    )


def status_line_pattern(multiple_spaces: bool, control_characters: bool) -> re.Pattern[bytes]:
    """The status-line rule, widened as asked (the strict one when both are false).

    ``multiple_spaces``: a run of SP between the version and the status code (a
    run before the reason phrase is always accepted: the extra spaces are kept in
    the reason). ``control_characters``: any byte but CR and LF in the reason.
    """
    return _compile(
        http_version
        + (r" +" if multiple_spaces else r" ")
        + r"(?P<status_code>"
        + status_code
        + r")(?: (?P<reason>"
        + (lenient_reason_phrase if control_characters else reason_phrase)
        + r"))?"
    )


def _compile(source: str) -> re.Pattern[bytes]:
    return re.compile(source.encode("ascii"))


TOKEN_RE = _compile(token)
FIELD_VALUE_RE = _compile(field_value)
HEADER_FIELD_RE = _compile(header_field)
STRICT_HEADER_FIELD_RE = header_field_pattern(False, False, True)
REQUEST_LINE_RE = _compile(request_line)
STATUS_LINE_RE = _compile(status_line)
CHUNK_HEADER_RE = _compile(chunk_header)
OUTGOING_REASON_RE = _compile(outgoing_reason_phrase)
TARGET_CHARS_RE = _compile(request_target)
ABSOLUTE_FORM_PREFIX_RE = _compile(absolute_form_prefix)
AUTHORITY_FORM_RE = _compile(authority_form)
HOST_VALUE_RE = _compile(host_value)
CONTENT_LENGTH_RE = _compile(r"[0-9]{1,20}")

# A header block may be taken by the fast path only if it holds none of these: NUL, VT, FF
# (never legal in a field line) and CR not followed by LF (a bare CR is not a line end, RFC
# 9112 §2.2). Blocks that hold one go to the line-by-line path, which finds the exact line
# to report.
SUSPICIOUS_IN_HEAD_RE = _compile(r"[\x00\x0b\x0c]|\r(?!\n)")

# The bytes refused in received request heads beyond the field-line grammar's own (RFC
# 9110 §5.5: field values are VCHAR, obs-text, SP and HTAB): every C0 control but HTAB,
# and DEL.
REQUEST_HEAD_CONTROLS = bytes(range(0x09)) + bytes(range(0x0A, 0x20)) + b"\x7f"
# The same as a ``byte_table``: ``1 in line.translate(REQUEST_HEAD_CONTROL_TABLE)`` finds
# one.
REQUEST_HEAD_CONTROL_TABLE = byte_table(REQUEST_HEAD_CONTROLS)

# Bytes that may start a request or status line: any byte < 0x21 cannot (RFC 9112 §3, §4),
# which lets us reject e.g. a TLS handshake (0x16) before its first newline arrives.
FIRST_BYTE_MIN = 0x21
