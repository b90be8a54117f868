"""``Connection``'s options: defined once (``h11._options``), and everywhere they must be.

Adding an option means adding its field to ``ConnectionOptions``, its keyword and
docstring entry to ``Connection``, and its documentation; these tests fail until all
of those agree, and check the one conversion from keywords to an options object.
"""

from __future__ import annotations

import inspect
from dataclasses import fields
from pathlib import Path

import pytest

import h11
from h11._options import OPTION_NAMES, REQUEST_OPTIONS, ConnectionOptions

DOCS = Path(__file__).resolve().parent.parent / "docs"
PARAMETERS = inspect.signature(h11.Connection.__init__).parameters
KEYWORD_ONLY = {
    name: parameter
    for name, parameter in PARAMETERS.items()
    if parameter.kind is inspect.Parameter.KEYWORD_ONLY
}
OPTION_FIELDS = {option.name: option for option in fields(ConnectionOptions) if option.init}


def test_keyword_only_parameters_are_exactly_the_options() -> None:
    assert list(KEYWORD_ONLY) == list(OPTION_NAMES)
    for name, parameter in KEYWORD_ONLY.items():
        assert parameter.default == OPTION_FIELDS[name].default, name


@pytest.mark.parametrize("name", OPTION_NAMES)
def test_every_option_is_documented(name: str) -> None:
    assert f"{name}:" in (h11.Connection.__doc__ or "")
    assert name in (DOCS / "api.rst").read_text(encoding="utf-8")
    # Limits and leniency on their page; extensions with the other additions.
    prefixes = ("max_", "allow_", "discard_", "refuse_")
    page = "leniency.rst" if name.startswith(prefixes) else "differences.rst"
    assert name in (DOCS / page).read_text(encoding="utf-8")


def options_of(conn: h11.Connection) -> ConnectionOptions | None:
    """The connection's options; None where they are all default.

    (A server's readers carry REQUEST_OPTIONS then: the request rules for trailers.)
    """
    options = conn._readers.options
    return None if options is REQUEST_OPTIONS else options


def test_all_defaults_make_no_options_object() -> None:
    defaults = {name: OPTION_FIELDS[name].default for name in OPTION_NAMES}
    for role in (h11.CLIENT, h11.SERVER):
        assert options_of(h11.Connection(role)) is None
        assert options_of(h11.Connection(role, **defaults)) is None
    # Response leniency given to a server, and request leniency given to a client,
    # change nothing.
    responses = [n for n in OPTION_NAMES if n.endswith("_responses") or n.startswith("discard_")]
    responses.append("allow_control_characters_in_reason_phrases")
    assert options_of(h11.Connection(h11.SERVER, **dict.fromkeys(responses, True))) is None
    requests = [name for name in OPTION_NAMES if "_in_request_" in name]
    assert requests
    assert options_of(h11.Connection(h11.CLIENT, **dict.fromkeys(requests, True))) is None
    strictness = [name for name in OPTION_NAMES if name.startswith("refuse_")]
    assert options_of(h11.Connection(h11.SERVER, **dict.fromkeys(strictness, True))) is None


@pytest.mark.parametrize("name", OPTION_NAMES)
def test_each_keyword_sets_its_own_option(name: str) -> None:
    value = 7 if name.startswith("max_") else True
    role = h11.SERVER if "_in_request" in name else h11.CLIENT
    options = options_of(h11.Connection(role, **{name: value}))
    strict = (role is h11.SERVER and not name.startswith("allow_")) or name.startswith("refuse_")
    assert options == ConnectionOptions(**{name: value}, strict_field_values=strict)


@pytest.mark.parametrize("name", [name for name in OPTION_NAMES if name.startswith("max_")])
@pytest.mark.parametrize("value", [-1, 1.5, "3", True])
def test_limits_must_be_none_or_non_negative_ints(name: str, value: object) -> None:
    with pytest.raises(ValueError, match=f"{name} must be None or an int >= 0"):
        h11.Connection(h11.SERVER, **{name: value})  # type: ignore[arg-type]
