"""What a message's head says about its body, and about the connection after it.

Owns: the length of a message's body (RFC 9112 §6.3: one decision, for sending and
receiving, requests and responses), whether a message lets the connection be
reused (RFC 9112 §9.3), and the fixes to the framing headers of a response we send
(RFC 9112 §6.1-§6.3, §9.6).

Never knows: states, roles, bytes on the wire, readers and writers. The connection
asks here when a message begins and picks its body reader or writer from the
answer (``h11._readers.body_reader``, ``h11._writers.body_writer``).

A body length is an ``int``: ``N >= 0`` bytes, or one of the two named lengths
``CHUNKED`` and ``UNTIL_CLOSE``.
"""

from __future__ import annotations

from typing import Final, Literal

from ._events import Response
from ._headers import (
    FLAG_CHUNKED,
    FLAG_CLOSE,
    FLAG_NOT_REUSABLE,
    Headers,
    framing_facts,
    get_comma_header,
    normalize_and_validate,
)

__all__ = [
    "BODY_FRAMINGS",
    "CHUNKED",
    "KEEP_ALIVE_FLAGS",
    "UNTIL_CLOSE",
    "body_length",
    "framing_name",
    "keeps_alive",
    "response_for_sending",
]

#: The body is chunked (RFC 9112 §7.1).
CHUNKED: Final = -1
#: The body runs until the sender closes the connection (RFC 9112 §6.3 rule 8).
UNTIL_CLOSE: Final = -2

#: The framing names that key the body readers and writers in h11 0.16's ``READERS`` and
#: ``WRITERS`` tables (``h11._readers``, ``h11._writers``).
BODY_FRAMINGS = ("chunked", "content-length", "http/1.0")

FramingName = Literal["content-length", "chunked", "http/1.0"]
#: A framing as h11 0.16's private helpers name it: ``("content-length", (N,))`` etc.
BodyFraming = tuple[FramingName, tuple[int, ...]]


def body_length(
    request_method: bytes | None, status: int | None, flags: int, content_length: int | None
) -> int:
    """The length of the body a message begins (RFC 9112 §6.3).

    ``status`` is the response's status code (``None`` for a request); ``flags`` and
    ``content_length`` are its headers' framing facts (``framing_facts``);
    ``request_method`` is the method of the request this cycle answers (``None`` for
    a response sent before any request). In order: a 204 or 304 response, a response
    to HEAD, and a 2xx response to CONNECT have no body (§6.3 rules 1-2; a pending
    CONNECT switches protocols before a body could begin, but the rule holds for any
    caller); then Transfer-Encoding (chunked: the only coding accepted, and it wins
    over Content-Length, §6.3 rule 3); then Content-Length; then a request has no
    body and a response runs until the server closes.
    """
    if status is not None:
        if (
            status in (204, 304)
            or request_method == b"HEAD"
            or (request_method == b"CONNECT" and 200 <= status < 300)
        ):
            return 0
        if flags & FLAG_CHUNKED:
            return CHUNKED
        return UNTIL_CLOSE if content_length is None else content_length
    if flags & FLAG_CHUNKED:
        return CHUNKED
    return content_length or 0


def framing_name(length: int) -> BodyFraming:
    """``length`` as h11 0.16 named it: ``("content-length", (N,))``, ``("chunked", ())``..."""
    if length == CHUNKED:
        return ("chunked", ())
    if length == UNTIL_CLOSE:
        return ("http/1.0", ())
    return ("content-length", (length,))


#: Without one of these flags, an HTTP/1.1 message keeps the connection (``keeps_alive``
#: is true): a caller may skip the call then.
KEEP_ALIVE_FLAGS = FLAG_CLOSE | FLAG_CHUNKED


def keeps_alive(  # noqa: PLR0917 (positional: called once per message, keywords cost)
    http_version: bytes,
    flags: int,
    content_length: int | None,
    received: bool = False,
    http10_keep_alive: bool = False,
    headers: Headers | None = None,
    length: int = 0,
) -> bool:
    """Whether the connection may be reused after a message (RFC 9112 §9.3).

    ``flags`` and ``content_length`` are its headers' framing facts. No if the
    message says ``Connection: close``. For a message we ``received``, also no after
    framing that cannot be trusted for the next message: Transfer-Encoding together
    with Content-Length (RFC 9112 §6.1: possibly an attempt at request smuggling), or
    framing that only an opt-in leniency let through. An HTTP/1.0 message ends the
    connection, unless ``http10_keep_alive`` (the connection's option) is on and it
    is a received message that asks to keep it (RFC 9112 §9.3, Appendix C.2.2: the
    ``keep-alive`` connection option in its ``headers``) and whose body's end is
    known without closing (``length``, its body length, is not ``UNTIL_CLOSE``). For
    a request that is only a wish: the response we send decides
    (``response_for_sending``).
    """
    if flags & FLAG_CLOSE:
        return False
    if (
        received
        and flags & FLAG_CHUNKED
        and (content_length is not None or flags & FLAG_NOT_REUSABLE)
    ):
        return False
    if http_version < b"1.1":
        return (
            http10_keep_alive
            and received
            and headers is not None
            and length >= 0
            and not flags & (FLAG_CHUNKED | FLAG_NOT_REUSABLE)
            and b"keep-alive" in get_comma_header(headers, b"connection")
        )
    return True


# The field a chunked response we send ends with; already there, nothing is rewritten.
_TE_CHUNKED_ITEM = (b"Transfer-Encoding", b"transfer-encoding", b"chunked")
_CLOSE_ITEM = (b"Connection", b"connection", b"close")


def response_for_sending(
    response: Response,
    request_method: bytes | None,
    their_http_version: bytes | None,
    keep_alive: bool,
    http10_keep_alive: bool = False,
) -> Response:
    """``response`` with framing headers that match what will be done (or itself).

    RFC 9112 §6.1-§6.3: a body we cannot size up front is sent chunked to an HTTP/1.1
    client, and delimited by closing to anyone else; RFC 9112 §9.6: a server that
    will close says ``Connection: close``. A response to HEAD gets the headers a GET
    would have. ``keep_alive`` is whether the connection may still be reused. With
    ``http10_keep_alive`` (the connection's option), an HTTP/1.0 client whose
    keep-alive request was honoured so far keeps the connection if the response's
    end is known without closing, and is told so with ``Connection: keep-alive``
    (RFC 9112 Appendix C.2.2); otherwise the connection closes as without it.
    """
    headers = response.headers
    flags, content_length = framing_facts(headers)
    keep_http10 = (
        http10_keep_alive
        and keep_alive
        and their_http_version is not None
        and their_http_version < b"1.1"
    )
    if content_length is not None and not flags & FLAG_CHUNKED and keep_alive and not keep_http10:
        return response  # fixed length, connection kept: nothing to fix (the usual case)
    method = b"GET" if request_method == b"HEAD" else request_method
    length = body_length(method, response.status_code, flags, content_length)
    must_close = keep_http10 and length < 0
    drop: set[bytes] = set()
    add: list[tuple[bytes, bytes]] = []
    if length < 0:  # CHUNKED or UNTIL_CLOSE
        if content_length is not None:
            drop.add(b"content-length")
        if their_http_version is None or their_http_version < b"1.1":
            if flags & FLAG_CHUNKED:
                drop.add(b"transfer-encoding")
            if request_method != b"HEAD":
                must_close = True
        elif (
            content_length is not None
            or not flags & FLAG_CHUNKED
            or headers._full_items[-1] != _TE_CHUNKED_ITEM
        ):
            drop.add(b"transfer-encoding")
            add.append((b"Transfer-Encoding", b"chunked"))
    if (must_close or not keep_alive) and not (
        flags & FLAG_CLOSE and not add and _ends_with_connection_close(headers)
    ):
        tokens = set(get_comma_header(headers, b"connection"))
        tokens.discard(b"keep-alive")
        tokens.add(b"close")
        drop.add(b"connection")
        add.extend((b"Connection", token) for token in sorted(tokens))
    elif (
        keep_http10
        and not flags & FLAG_CLOSE
        and b"keep-alive" not in get_comma_header(headers, b"connection")
    ):
        # RFC 9112 Appendix C.2.2: tell the HTTP/1.0 client the connection persists.
        add.append((b"Connection", b"keep-alive"))
    if not drop and not add:
        return response
    pairs = [(raw, value) for raw, lname, value in headers._full_items if lname not in drop]
    pairs.extend(add)
    return Response(
        headers=normalize_and_validate(pairs, _parsed=True),
        status_code=response.status_code,
        http_version=response.http_version,
        reason=response.reason,
        _parsed=True,
    )


def _ends_with_connection_close(headers: Headers) -> bool:
    """True if the only Connection field is a final ``Connection: close``.

    Rewriting such a list for closing would produce the very same list.
    """
    items = headers._full_items
    if items[-1] != _CLOSE_ITEM:
        return False
    return all(lname != b"connection" for _, lname, _ in items[:-1])
