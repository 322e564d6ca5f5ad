"""The standard library's server: it answers, and it shows what it will not do for you."""

from __future__ import annotations

import json
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


def threads(url: str) -> int:
    return int(json.loads(call(f"{url}/healthz")[1])["threads"])


def main() -> None:
    server = make_server(port=0)
    port = server.server_address[1]
    url = f"http://127.0.0.1:{port}"
    loop = threading.Thread(target=server.serve_forever)
    loop.start()

    print("POST /echo good json ->", *call(f"{url}/echo", b'{"a": 1}'))
    print("POST /echo bad json  ->", *call(f"{url}/echo", b"{oops"))

    before = threads(url)
    idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(10)]
    for sock in idle:
        sock.sendall(b"GET / HT")  # half a request line, then silence
    after = before
    while after < before + 10:  # each connection gets its handler thread as it is accepted
        time.sleep(0.01)
        after = threads(url)
    print(f"10 idle half-open connections cost {after - before} OS threads")

    for sock in idle:
        sock.close()
    server.shutdown()  # from another thread than serve_forever's, or it deadlocks
    server.server_close()
    loop.join()
    print("shut down: no signal handling, no drain, no limits unless you write them")


if __name__ == "__main__":
    main()
