"""The opt-in ``standard_reason_phrases`` keyword (RFC 9110 §15).

Off (the default), a response sent with an empty reason has an empty phrase, byte for byte
h11 0.16's ``HTTP/1.1 404 \\r\\n``.
"""

from __future__ import annotations

from http import HTTPStatus

import pytest

import h11
from h11._writers import STANDARD_REASON_PHRASES, standard_reason_phrase
from helpers import receive_and_drain


def server(**options: bool) -> h11.Connection:
    conn = h11.Connection(h11.SERVER, **options)
    receive_and_drain(conn, b"GET / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n")
    return conn


def test_off_by_default() -> None:
    conn = server()
    assert conn.send(h11.InformationalResponse(status_code=100, headers=[])) == (
        b"HTTP/1.1 100 \r\n\r\n"
    )
    assert conn.send(h11.Response(status_code=404, headers=[("Content-Length", "0")])) == (
        b"HTTP/1.1 404 \r\nContent-Length: 0\r\n\r\n"
    )


def test_on_an_empty_reason_gets_the_registered_phrase() -> None:
    conn = server(standard_reason_phrases=True)
    assert conn.send(h11.InformationalResponse(status_code=100, headers=[])) == (
        b"HTTP/1.1 100 Continue\r\n\r\n"
    )
    response = h11.Response(status_code=404, headers=[("Content-Length", "0")])
    assert conn.send(response) == b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
    assert response.reason == b""  # the event is not changed


def test_on_a_given_reason_is_kept() -> None:
    conn = server(standard_reason_phrases=True)
    response = h11.Response(status_code=404, reason="Nope", headers=[("Content-Length", "0")])
    assert conn.send(response) == b"HTTP/1.1 404 Nope\r\nContent-Length: 0\r\n\r\n"


def test_on_an_unregistered_code_stays_empty() -> None:
    conn = server(standard_reason_phrases=True)
    response = h11.Response(status_code=299, headers=[("Content-Length", "0")])
    assert conn.send(response) == b"HTTP/1.1 299 \r\nContent-Length: 0\r\n\r\n"


def test_passthrough_sends_the_phrase_too() -> None:
    conn = server(standard_reason_phrases=True)
    response = h11.Response(status_code=413, headers=[("Content-Length", "0")])
    assert conn.send_with_data_passthrough(response) == [
        b"HTTP/1.1 413 Content Too Large\r\nContent-Length: 0\r\n\r\n"
    ]


def test_a_client_sees_the_phrase() -> None:
    conn = server(standard_reason_phrases=True)
    data = conn.send(h11.Response(status_code=503, headers=[("Content-Length", "0")]))
    client = h11.Connection(h11.CLIENT)
    client.send(h11.Request(method="GET", target="/", headers=[("Host", "a")]))
    client.send(h11.EndOfMessage())
    response = receive_and_drain(client, data)[0]
    assert response.reason == b"Service Unavailable"


@pytest.mark.parametrize(
    ("code", "phrase"),
    [
        (200, b"OK"),
        (301, b"Moved Permanently"),
        (413, b"Content Too Large"),  # RFC 9110's name (formerly "Payload Too Large")
        (422, b"Unprocessable Content"),
        (431, b"Request Header Fields Too Large"),
        (999, b""),
        (418, b""),  # reserved ("Unused") in the registry
    ],
)
def test_standard_reason_phrase(code: int, phrase: bytes) -> None:
    assert standard_reason_phrase(code) == phrase


def test_the_table_agrees_with_the_stdlib_where_both_follow_rfc_9110() -> None:
    # http.HTTPStatus predates RFC 9110's renames in older Pythons; compare the rest.
    renamed = {413, 414, 416, 422}
    for code, phrase in STANDARD_REASON_PHRASES.items():
        if code in renamed or code not in HTTPStatus._value2member_map_:
            continue
        assert phrase.decode() == HTTPStatus(code).phrase, code
    # Every phrase is a valid reason-phrase (RFC 9112 §4).
    for phrase in STANDARD_REASON_PHRASES.values():
        assert phrase
        assert all(0x20 <= b < 0x7F for b in phrase)
