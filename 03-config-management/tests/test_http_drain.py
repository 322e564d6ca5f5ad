"""Shutdown drains: a request in flight when the signal arrives still gets its answer."""

from __future__ import annotations

import threading
import urllib.request
from http import HTTPStatus
from http.server import ThreadingHTTPServer
from typing import Any, ClassVar

import pytest

from settings_demo._http import DrainingHTTPServer, JsonHandler, Route
from tests.procs import DEADLINE


def close_order(server_class: type[ThreadingHTTPServer], wait_for_close: float) -> list[str]:
    """Start a request, close the server while it is in flight, then let the request finish.

    Waits up to `wait_for_close` for server_close() before releasing the handler, and returns
    the order of "answered" (the handler returned) and "closed" (server_close() returned).
    A server that drains cannot report "closed" first, however long we wait.
    """
    entered, release = threading.Event(), threading.Event()
    order: list[str] = []

    def slow(_: dict[str, list[str]]) -> tuple[HTTPStatus, dict[str, Any]]:
        entered.set()
        assert release.wait(DEADLINE)
        order.append("answered")
        return HTTPStatus.OK, {}

    class Handler(JsonHandler):
        routes: ClassVar[dict[str, Route]] = {"/slow": slow}

        def log_message(self, format: str, *args: Any) -> None:  # stdlib signature
            pass

    server = server_class(("127.0.0.1", 0), Handler)
    serving = threading.Thread(target=server.serve_forever)
    serving.start()
    port = server.server_address[1]

    def request() -> None:
        url = f"http://127.0.0.1:{port}/slow"
        with urllib.request.urlopen(url, timeout=DEADLINE) as response:
            response.read()

    def close() -> None:
        server.shutdown()
        server.server_close()
        order.append("closed")

    client = threading.Thread(target=request)
    client.start()
    assert entered.wait(DEADLINE)
    closer = threading.Thread(target=close)
    closer.start()
    # A bounded wait, not a timing assertion: the non-draining server closes well within the
    # generous deadline; a draining one stays blocked whatever the wait, so 1 s is enough.
    closer.join(timeout=wait_for_close)
    release.set()
    for thread in (closer, client, serving):
        thread.join(DEADLINE)
    return order


@pytest.mark.parametrize(
    ("server_class", "wait_for_close", "expected"),
    [
        pytest.param(
            ThreadingHTTPServer, DEADLINE, ["closed", "answered"], id="broken-stdlib-daemon"
        ),
        pytest.param(DrainingHTTPServer, 1.0, ["answered", "closed"], id="fixed-draining"),
    ],
)
def test_server_close_waits_for_requests_in_flight(
    server_class: type[ThreadingHTTPServer], wait_for_close: float, expected: list[str]
) -> None:
    assert close_order(server_class, wait_for_close) == expected
