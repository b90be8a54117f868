"""Demo: the example client talks to the example server over loopback, printing h11's events.

It starts ``server.py``'s server on 127.0.0.1 (a free port, in a thread), then on one client
connection:

1. sends a ``GET`` and prints every event h11 hands back (``Response``, ``Data``,
   ``EndOfMessage``), then the states before and after ``start_next_cycle()``;
2. sends a ``POST`` with a body on the *same* connection (keep-alive);
3. sends a last ``GET`` with ``Connection: close``: both sides end in ``MUST_CLOSE``, and the
   server's close arrives as ``ConnectionClosed``;

and finally fetches a URL with the one-shot ``http_get()`` helper. Run it with
``python examples/demo.py``; it needs nothing but this package and loopback networking.
"""

from __future__ import annotations

import sys

from client import HttpClient, http_get
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

        # 4. The one-shot helper: new connection, Connection: close, body collected.
        url = f"http://{host_header}/hello"
        result = http_get(url, timeout=5.0)
        print(f"http_get({url!r}) -> {result.status_code} {result.body!r}")
    print("\nserver stopped; done.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
