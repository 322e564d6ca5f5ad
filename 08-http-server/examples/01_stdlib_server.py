"""The standard library's server: it answers, and it shows what it will not do for you."""

from __future__ import annotations

import socket
import threading
import time
import urllib.error
import urllib.request

from httpserver.stdlib_server import make_server


def call(url: str, data: bytes | None = None) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=10) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def handler_threads() -> int:
    """The server's per-connection threads (it runs in this process)."""
    return sum("process_request_thread" in t.name for t in threading.enumerate())


def wait_for(count: int) -> None:
    deadline = time.monotonic() + 20
    while handler_threads() != count:
        if time.monotonic() > deadline:
            raise SystemExit(f"expected {count} handler threads, have {handler_threads()}")
        time.sleep(0.01)


def main() -> None:
    server = make_server(port=0)
    port = server.server_address[1]
    url = f"http://127.0.0.1:{port}"
    loop = threading.Thread(target=server.serve_forever)
    loop.start()

    print("POST /echo good json ->", *call(f"{url}/echo", b'{"a": 1}'))
    print("POST /echo bad json  ->", *call(f"{url}/echo", b"{oops"))

    wait_for(0)  # the threads of the two requests above have finished
    idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(10)]
    for sock in idle:
        sock.sendall(b"GET / HT")  # half a request line, then silence
    wait_for(10)  # each connection gets its handler thread as it is accepted
    print(f"10 idle half-open connections cost {handler_threads()} OS threads")

    for sock in idle:
        sock.close()
    server.shutdown()  # from another thread than serve_forever's, or it deadlocks
    server.server_close()
    loop.join()
    print("shut down: no signal handling, no drain, no limits unless you write them")


if __name__ == "__main__":
    main()
