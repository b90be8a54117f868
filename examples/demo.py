"""Demo: the example client talks to the example server over loopback, printing h11's events.

It starts ``server.py``'s server on 127.0.0.1 (a free port, in a thread), then on one client
connection:

1. sends a ``GET`` and prints every event h11 hands back (``Response``, ``Data``,
   ``EndOfMessage``), then the states before and after ``start_next_cycle()``;
2. sends a ``POST`` with a body on the *same* connection (keep-alive);
3. sends a last ``GET`` with ``Connection: close``: both sides end in ``MUST_CLOSE``, and the
   server's close arrives as ``ConnectionClosed``;

then fetches URLs with the ``http_get()`` helper (twice: the second call reuses the first
one's connection). Finally it shows the same protocol code on other I/O: the asyncio client
(``asyncio_client.py``) fetching two URLs concurrently from the asyncio server
(``asyncio_server.py``), and ``http_get()`` talking to the trio server (``trio_server.py``,
skipped if trio is not installed). Run it with ``python examples/demo.py``; it needs this package,
loopback networking, and trio for the last part (in the ``test`` extra).
"""

from __future__ import annotations

import asyncio
import importlib.util
import sys

import asyncio_client
import asyncio_server
from client import ConnectionPool, HttpClient, http_get
from server import serve_in_background

import h11


def show_states(client: HttpClient, when: str) -> None:
    conn = client.conn
    print(f"    states {when}: our_state={conn.our_state}, their_state={conn.their_state}")


def send_and_show(client: HttpClient, *events: h11.Event) -> None:
    """Send events, then print each event of the response as it arrives."""
    local_port = client.sock.getsockname()[1]
    print(f"--> client (local port {local_port}) sends:")
    for event in events:
        print(f"      {event!r}")
    client.send(*events)
    print("<-- client receives:")
    for event in client.events():
        print(f"      {event!r}")


def main() -> int:
    with serve_in_background(idle_timeout=5.0) as server:
        host_header = f"{server.host}:{server.port}"
        print(f"example server listening on http://{host_header}/\n")

        with HttpClient(server.host, server.port, timeout=5.0) as client:
            # 1. A GET. EndOfMessage is always sent explicitly, even with no body: h11 works
            #    out what it means on the wire (here: nothing at all).
            send_and_show(
                client,
                h11.Request(method="GET", target="/", headers=[("Host", host_header)]),
                h11.EndOfMessage(),
            )
            show_states(client, "before start_next_cycle()")
            client.conn.start_next_cycle()
            show_states(client, "after start_next_cycle() ")
            print()

            # 2. A POST with a body, on the same connection (same local port): keep-alive.
            body = b"hello, server"
            send_and_show(
                client,
                h11.Request(
                    method="POST",
                    target="/upload",
                    headers=[("Host", host_header), ("Content-Length", str(len(body)))],
                ),
                h11.Data(data=body),
                h11.EndOfMessage(),
            )
            show_states(client, "before start_next_cycle()")
            client.conn.start_next_cycle()
            show_states(client, "after start_next_cycle() ")
            print()

            # 3. A third request on that connection, asking the server to close afterwards.
            send_and_show(
                client,
                h11.Request(
                    method="GET",
                    target="/chunked",
                    headers=[("Host", host_header), ("Connection", "close")],
                ),
                h11.EndOfMessage(),
            )
            show_states(client, "after the response")
            print(f"      {client.next_event()!r}  (the server hung up)")
            show_states(client, "after the server closed")
            print()

        # 4. The http_get() helper: a pool keeps the connection alive for the next call.
        pool = ConnectionPool()
        for path in ("/hello", "/chunked"):
            url = f"http://{host_header}{path}"
            result = http_get(url, timeout=5.0, pool=pool)
            print(f"http_get({url!r}) -> {result.status_code} {result.body!r}", end="")
            print(f" (reused connection: {result.reused_connection})")
        pool.close()
    print("server stopped\n")

    # 5. asyncio: the asyncio client fetches two URLs at once from the asyncio server.
    with asyncio_server.serve_in_background(idle_timeout=5.0) as (host, port):
        urls = [f"http://{host}:{port}/", f"http://{host}:{port}/chunked"]
        results = asyncio.run(asyncio_client.fetch_all(urls))
        for url, fetched in zip(urls, results, strict=True):
            print(f"asyncio client {url!r} -> {fetched.status_code} {fetched.body!r}")

    # 6. trio: the blocking client talks to the trio server.
    if importlib.util.find_spec("trio") is None:
        print("trio is not installed: skipping the trio server")
    else:
        import trio_server

        with trio_server.serve_in_background(idle_timeout=5.0) as (host, port):
            result = http_get(f"http://{host}:{port}/", timeout=5.0, pool=pool)
            print(f"trio server -> {result.status_code} {result.body!r}")
            pool.close()
    print("\nservers stopped; done.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
