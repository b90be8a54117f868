"""The opt-in options of a ``Connection``: limits, leniency and extensions.

Owns: ``ConnectionOptions``, the one definition of every keyword-only option of
``Connection`` (its name, default, and which role it applies to), the checks of
their values, and what is derived from them once (the widened patterns the parser
uses). ``Connection.__init__`` hands its keyword arguments, in order, to
``ConnectionOptions.from_values`` and interprets none of them itself, so adding an
option touches its field here, its keyword (in the signature and that tuple) and
docstring entry on ``Connection``, its docs and its tests (``tests/test_options.py``
checks that those agree).

Never knows: states, bytes, events. Readers read the fields they apply.

Invariants: a connection with every option at its default has no options object at
all (``None``): every reader then takes h11 0.16's path, and nothing is checked per
message. Options that widen what a client accepts in responses are forced off for a
server, and the one that widens what a server accepts in requests is forced off for a
client.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from typing import Any

from ._abnf import (
    HEADER_FIELD_RE,
    STATUS_LINE_RE,
    STRICT_HEADER_FIELD_RE,
    header_field_pattern,
    status_line_pattern,
)

__all__ = [
    "DEFAULT_OPTIONS",
    "DEFAULT_VALUES",
    "OPTION_NAMES",
    "REQUEST_OPTIONS",
    "ConnectionOptions",
]


def _limit() -> Any:
    # A limit: None (none beyond max_incomplete_event_size) or an int >= 0.
    return field(default=None, metadata={"kind": "limit"})


def _client_leniency() -> Any:
    # A switch that widens what a client accepts in responses: forced off for a server.
    return field(default=False, metadata={"kind": "client-leniency"})


def _server_leniency() -> Any:
    # A switch that widens what a server accepts in requests: forced off for a client.
    return field(default=False, metadata={"kind": "server-leniency"})


@dataclass(frozen=True, slots=True)
class ConnectionOptions:
    """Every opt-in option of a ``Connection``, as given to its constructor.

    The field docs are on ``Connection`` (its docstring lists every keyword) and in
    docs/leniency.rst, with the risks of each switch and the equivalent switches of
    llhttp and httparse.
    """

    # Limits on what is received. Lengths exclude line endings.
    max_header_count: int | None = _limit()  # field lines per header or trailer section
    max_header_line_length: int | None = _limit()  # one header or trailer line
    max_start_line_length: int | None = _limit()  # the request or status line
    max_trailer_size: int | None = _limit()  # first to last byte of the trailer field lines
    max_chunk_extension_length: int | None = _limit()  # between chunk-size and CRLF
    # Leniency (responses only, so a client's only).
    allow_non_token_header_names_in_responses: bool = _client_leniency()
    allow_vertical_tab_and_form_feed_in_response_header_values: bool = _client_leniency()
    allow_control_characters_in_reason_phrases: bool = _client_leniency()
    allow_multiple_spaces_in_response_status_delimiters: bool = _client_leniency()
    allow_duplicate_transfer_encoding_chunked_in_responses: bool = _client_leniency()
    discard_body_of_204_and_304_responses: bool = _client_leniency()
    # Extensions (either role).
    http10_keep_alive: bool = False  # honour HTTP/1.0's Connection: keep-alive
    standard_reason_phrases: bool = False  # send the registered phrase for an empty reason
    # Leniency (requests only, so a server's only): C0 controls (but NUL, CR, LF, VT, FF)
    # and DEL in request field values, as h11 0.16 accepted them.
    allow_control_characters_in_request_field_values: bool = _server_leniency()
    # Strictness (responses only, so a client's only): field values of responses held to
    # RFC 9110 §5.5 as a server holds those of requests.
    refuse_control_characters_in_response_field_values: bool = field(
        default=False, metadata={"kind": "client-strictness"}
    )
    # Not a keyword: set on a server's options, whose request field values are then held
    # to RFC 9110 §5.5 (no control byte but HTAB) unless the switch above is on; and on a
    # client's with the strictness switch.
    strict_field_values: bool = field(default=False, metadata={"kind": "derived"})
    # Derived from the above once, read once per head.
    field_line_re: re.Pattern[bytes] = field(init=False, repr=False, compare=False)
    status_line_re: re.Pattern[bytes] = field(init=False, repr=False, compare=False)
    checks_lines: bool = field(init=False, repr=False, compare=False)
    widens_fields: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        wide_names = self.allow_non_token_header_names_in_responses
        wide_values = self.allow_vertical_tab_and_form_feed_in_response_header_values
        spaces = self.allow_multiple_spaces_in_response_status_delimiters
        controls = self.allow_control_characters_in_reason_phrases
        set_derived = object.__setattr__
        set_derived(
            self,
            "field_line_re",
            STRICT_HEADER_FIELD_RE
            if self.strict_field_values
            else header_field_pattern(wide_names, wide_values)
            if wide_names or wide_values
            else HEADER_FIELD_RE,
        )
        set_derived(self, "widens_fields", wide_names or wide_values)
        set_derived(
            self,
            "status_line_re",
            status_line_pattern(spaces, controls) if spaces or controls else STATUS_LINE_RE,
        )
        set_derived(
            self,
            "checks_lines",
            self.max_header_count is not None
            or self.max_header_line_length is not None
            or self.max_start_line_length is not None,
        )

    @classmethod
    def from_values(cls, client: bool, values: tuple[Any, ...]) -> ConnectionOptions | None:
        """The options of a connection from its keyword arguments (``None``: all default).

        ``values`` are the arguments in the order of ``OPTION_NAMES``; ``client`` says
        whether the connection is a client's. Raises ``ValueError`` for a limit that is
        neither ``None`` nor an int >= 0.
        """
        if values == DEFAULT_VALUES:
            return None  # the usual case: h11 0.16's rules
        given: dict[str, Any] = {}
        for (name, kind, default), value in zip(_OPTIONS, values, strict=True):
            if value is default:
                continue
            if kind == "limit":
                if not (type(value) is int and value >= 0):
                    raise ValueError(f"{name} must be None or an int >= 0, not {value!r}")
                given[name] = value
            elif value and not (
                (kind in ("client-leniency", "client-strictness") and not client)
                or (kind == "server-leniency" and client)
            ):
                given[name] = True
        if not given:
            return None
        if client:
            strict = bool(given.get("refuse_control_characters_in_response_field_values"))
        else:
            strict = not given.get("allow_control_characters_in_request_field_values")
        if strict:
            given["strict_field_values"] = True
        return cls(**given)


# (name, kind, default) of every option, in the order of the fields.
_OPTIONS = tuple(
    (option.name, option.metadata.get("kind", "switch"), option.default)
    for option in fields(ConnectionOptions)
    if option.init and option.metadata.get("kind") != "derived"
)

#: The names of the options: exactly the keyword-only parameters of ``Connection``.
OPTION_NAMES = tuple(name for name, _, _ in _OPTIONS)
#: Their defaults, in that order.
DEFAULT_VALUES = tuple(default for _, _, default in _OPTIONS)

#: h11 0.16's rules: no limit beyond max_incomplete_event_size, no leniency.
DEFAULT_OPTIONS = ConnectionOptions()
#: The rules for requests: DEFAULT_OPTIONS, with field values held to RFC 9110 §5.5.
REQUEST_OPTIONS = ConnectionOptions(strict_field_values=True)
