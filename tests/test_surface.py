"""Pins the package surface and the sentinel quirks (docs/design.rst, design-surface).

Downstream code reaches into ``h11`` by name: ``from h11 import *``, private imports listed in
docs/design.rst, design-private-imports (uvicorn, wsproto, mitmproxy, urllib3-future,
PyInstaller hidden imports) and
``isinstance(event, h11.PAUSED)`` dispatch (httpcore). Everything here is observable.
"""

from __future__ import annotations

import copy
import importlib
import importlib.resources
import itertools
import pickle
from typing import Any

import pytest

import h11
from h11 import _connection, _events, _headers, _state, _util, _version

EXPECTED_ALL = (
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

PRIVATE_MODULES = (
    "h11._abnf",
    "h11._connection",
    "h11._events",
    "h11._headers",
    "h11._readers",
    "h11._receivebuffer",
    "h11._state",
    "h11._util",
    "h11._version",
    "h11._writers",
)

EVENT_NAMES = (
    "Event",
    "Request",
    "InformationalResponse",
    "Response",
    "Data",
    "EndOfMessage",
    "ConnectionClosed",
)

ROLE_AND_STATE_NAMES = (
    "CLIENT",
    "SERVER",
    "IDLE",
    "SEND_RESPONSE",
    "SEND_BODY",
    "DONE",
    "MUST_CLOSE",
    "CLOSED",
    "MIGHT_SWITCH_PROTOCOL",
    "SWITCHED_PROTOCOL",
    "ERROR",
)

# (name, sentinel, module it must claim as __module__)
SENTINELS: list[tuple[str, Any, str]] = [
    *((name, getattr(h11, name), "h11._state") for name in ROLE_AND_STATE_NAMES),
    ("NEED_DATA", h11.NEED_DATA, "h11._connection"),
    ("PAUSED", h11.PAUSED, "h11._connection"),
    ("_SWITCH_UPGRADE", _state._SWITCH_UPGRADE, "h11._state"),
    ("_SWITCH_CONNECT", _state._SWITCH_CONNECT, "h11._state"),
]
SENTINEL_IDS = [name for name, _, _ in SENTINELS]


# --- §1.1 top-level names -------------------------------------------------------------------


def test_all_is_exactly_the_016_tuple_in_order() -> None:
    assert type(h11.__all__) is tuple
    assert h11.__all__ == EXPECTED_ALL


@pytest.mark.parametrize("name", EXPECTED_ALL)
def test_every_name_in_all_is_an_attribute(name: str) -> None:
    assert hasattr(h11, name)


def test_star_import_brings_exactly_the_names_in_all() -> None:
    namespace: dict[str, Any] = {}
    exec("from h11 import *", namespace)
    del namespace["__builtins__"]
    assert set(namespace) == set(EXPECTED_ALL)
    assert namespace["Connection"] is h11.Connection


@pytest.mark.parametrize("name", ["MIGHT_SWITCH_PROTOCOL", "PRODUCT_ID", "__version__"])
def test_name_is_importable_but_not_in_all(name: str) -> None:
    assert hasattr(h11, name)
    assert name not in h11.__all__


def test_headers_is_not_a_top_level_name() -> None:
    assert not hasattr(h11, "Headers")


def test_version_is_0_17_0_and_comes_from_the_version_module() -> None:
    assert h11.__version__ == "0.17.0"
    assert _version.__version__ == h11.__version__


def test_product_id_is_python_h11_slash_version() -> None:
    product_id = h11.PRODUCT_ID
    assert type(product_id) is str
    assert product_id == "python-h11/" + h11.__version__


def test_package_ships_py_typed_marker() -> None:
    assert importlib.resources.files("h11").joinpath("py.typed").is_file()


# --- §1.2 private modules and import paths -----------------------------------------------------


@pytest.mark.parametrize("module_name", PRIVATE_MODULES)
def test_private_module_is_importable(module_name: str) -> None:
    module = importlib.import_module(module_name)
    assert module.__name__ == module_name


def test_default_max_incomplete_event_size_is_int_16384() -> None:
    value = _connection.DEFAULT_MAX_INCOMPLETE_EVENT_SIZE
    assert type(value) is int
    assert value == 16384


def test_connection_module_holds_connection_need_data_and_paused() -> None:
    assert _connection.Connection is h11.Connection
    assert _connection.NEED_DATA is h11.NEED_DATA
    assert _connection.PAUSED is h11.PAUSED


def test_headers_class_is_importable_and_is_the_type_of_event_headers() -> None:
    from h11._headers import Headers

    request = h11.Request(method="GET", target="/", headers=[("Host", "a")])
    assert type(request.headers) is Headers


@pytest.mark.parametrize("name", ["ProtocolError", "LocalProtocolError", "RemoteProtocolError"])
def test_util_exceptions_are_the_top_level_classes_with_module_h11_util(name: str) -> None:
    cls = getattr(_util, name)
    assert cls is getattr(h11, name)
    assert cls.__module__ == "h11._util"


@pytest.mark.parametrize("name", EVENT_NAMES)
def test_events_module_holds_the_event_classes(name: str) -> None:
    assert getattr(_events, name) is getattr(h11, name)


@pytest.mark.parametrize("name", ROLE_AND_STATE_NAMES)
def test_state_module_holds_the_role_and_state_sentinels(name: str) -> None:
    assert getattr(_state, name) is getattr(h11, name)


def test_state_module_exposes_connection_state_and_switch_sentinels() -> None:
    assert isinstance(_state.ConnectionState, type)
    assert isinstance(h11.Connection(h11.CLIENT)._cstate, _state.ConnectionState)
    assert _state._SWITCH_UPGRADE is not _state._SWITCH_CONNECT


def test_receivebuffer_and_body_reader_classes_exist() -> None:
    receivebuffer = importlib.import_module("h11._receivebuffer")
    readers = importlib.import_module("h11._readers")
    assert isinstance(receivebuffer.ReceiveBuffer, type)
    for name in ("ChunkedReader", "ContentLengthReader", "Http10Reader"):
        assert isinstance(getattr(readers, name), type)


def test_headers_helpers_exist_and_events_module_binds_the_same_normalizer() -> None:
    for name in (
        "normalize_and_validate",
        "get_comma_header",
        "set_comma_header",
        "has_expect_100_continue",
    ):
        assert callable(getattr(_headers, name))
    assert _events.normalize_and_validate is _headers.normalize_and_validate


def test_util_helpers_exist() -> None:
    assert callable(_util.bytesify)
    assert callable(_util.validate)
    assert isinstance(_util.Sentinel, type)


# --- §2 sentinels ---------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "sentinel", "module"), SENTINELS, ids=SENTINEL_IDS)
def test_sentinel_is_a_class_that_is_an_instance_of_itself(
    name: str, sentinel: Any, module: str
) -> None:
    assert isinstance(sentinel, type)
    assert type(sentinel) is sentinel
    assert sentinel.__class__ is sentinel
    assert isinstance(sentinel, sentinel)


@pytest.mark.parametrize(("name", "sentinel", "module"), SENTINELS, ids=SENTINEL_IDS)
def test_sentinel_metaclass_is_util_sentinel(name: str, sentinel: Any, module: str) -> None:
    assert issubclass(sentinel, _util.Sentinel)
    assert isinstance(sentinel, _util.Sentinel)


@pytest.mark.parametrize(("name", "sentinel", "module"), SENTINELS, ids=SENTINEL_IDS)
def test_sentinel_repr_str_and_names_are_its_name(name: str, sentinel: Any, module: str) -> None:
    assert repr(sentinel) == name
    assert str(sentinel) == name
    assert sentinel.__name__ == name
    assert type(sentinel).__name__ == name


@pytest.mark.parametrize(("name", "sentinel", "module"), SENTINELS, ids=SENTINEL_IDS)
def test_sentinel_module(name: str, sentinel: Any, module: str) -> None:
    assert sentinel.__module__ == module


@pytest.mark.parametrize(("name", "sentinel", "module"), SENTINELS, ids=SENTINEL_IDS)
def test_sentinel_survives_copy_deepcopy_and_pickle_as_the_same_object(
    name: str, sentinel: Any, module: str
) -> None:
    assert copy.copy(sentinel) is sentinel
    assert copy.deepcopy(sentinel) is sentinel
    assert copy.deepcopy({sentinel: [sentinel]}) == {sentinel: [sentinel]}
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        assert pickle.loads(pickle.dumps(sentinel, protocol=protocol)) is sentinel


@pytest.mark.parametrize(("name", "sentinel", "module"), SENTINELS, ids=SENTINEL_IDS)
def test_calling_a_sentinel_raises_type_error(name: str, sentinel: Any, module: str) -> None:
    with pytest.raises(TypeError):
        sentinel()


def test_sentinels_are_distinct_and_usable_as_dict_keys_and_set_members() -> None:
    sentinels = [sentinel for _, sentinel, _ in SENTINELS]
    assert len(set(sentinels)) == len(sentinels) == 15
    table = {sentinel: name for name, sentinel, _ in SENTINELS}
    for name, sentinel, _ in SENTINELS:
        assert table[sentinel] == name
        assert sentinel == sentinel  # noqa: PLR0124
        assert hash(sentinel) == hash(sentinel)


def test_distinct_sentinels_are_unrelated() -> None:
    sentinels = [sentinel for _, sentinel, _ in SENTINELS]
    for a, b in itertools.permutations(sentinels, 2):
        assert a != b
        assert not isinstance(a, b)
        assert not issubclass(a, b)


def test_isinstance_dispatch_on_end_of_message_or_paused_works() -> None:
    # httpcore: isinstance(event, (h11.EndOfMessage, h11.PAUSED))
    wanted = (h11.EndOfMessage, h11.PAUSED)
    assert isinstance(h11.PAUSED, wanted)
    assert isinstance(h11.EndOfMessage(), wanted)
    assert not isinstance(h11.NEED_DATA, wanted)
    assert not isinstance(h11.Data(data=b""), wanted)


def test_type_name_dispatch_covers_sentinels_and_events() -> None:
    server = h11.Connection(h11.SERVER)
    results = [server.next_event()]
    server.receive_data(b"GET / HTTP/1.1\r\nHost: a\r\n\r\nGET")
    results += [server.next_event(), server.next_event(), server.next_event()]
    assert [type(result).__name__ for result in results] == [
        "NEED_DATA",
        "Request",
        "EndOfMessage",
        "PAUSED",
    ]
    assert results[0] is h11.NEED_DATA
    assert results[-1] is h11.PAUSED
