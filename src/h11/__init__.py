"""A pure-Python, bring-your-own-I/O implementation of HTTP/1.1.

Bytes in, events out; events in, bytes out. ``h11`` never touches a socket: you
read and write the bytes, it tells you what they mean and keeps both sides of the
conversation within the rules of RFC 9110 and RFC 9112.

This module only re-exports the public names.
"""

from ._connection import NEED_DATA, PAUSED, Connection
from ._events import (
    ConnectionClosed,
    Data,
    EndOfMessage,
    Event,
    InformationalResponse,
    Request,
    Response,
)
from ._state import (
    CLIENT,
    CLOSED,
    DONE,
    ERROR,
    IDLE,
    MUST_CLOSE,
    SEND_BODY,
    SEND_RESPONSE,
    SERVER,
    SWITCHED_PROTOCOL,
)
from ._state import (
    MIGHT_SWITCH_PROTOCOL as MIGHT_SWITCH_PROTOCOL,
)
from ._util import LocalProtocolError, ProtocolError, RemoteProtocolError
from ._version import __version__ as __version__

#: ``"python-h11/<version>"``, for User-Agent or Server headers; never added automatically.
PRODUCT_ID = "python-h11/" + __version__

__all__ = (  # noqa: RUF022 (h11 0.16's order: docs/design.rst, design-surface)
    "Connection",
    "NEED_DATA",
    "PAUSED",
    "ConnectionClosed",
    "Data",
    "EndOfMessage",
    "Event",
    "InformationalResponse",
    "Request",
    "Response",
    "CLIENT",
    "CLOSED",
    "DONE",
    "ERROR",
    "IDLE",
    "MUST_CLOSE",
    "SEND_BODY",
    "SEND_RESPONSE",
    "SERVER",
    "SWITCHED_PROTOCOL",
    "ProtocolError",
    "LocalProtocolError",
    "RemoteProtocolError",
)
