"""Run an ASGI app on a real uvicorn server in a background thread, on a free port.

For examples and tests that want real HTTP without a separate process. In a thread uvicorn
installs no signal handlers; leaving the `with` block sets `should_exit` and joins.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from starlette.types import ASGIApp

STARTUP_DEADLINE = 20.0


@contextmanager
def running(app: ASGIApp) -> Iterator[str]:
    """Serve `app` on 127.0.0.1:<free port>; yield its base URL."""
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_config=None, access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    try:
        end = time.monotonic() + STARTUP_DEADLINE
        while not server.started:
            if not thread.is_alive() or time.monotonic() > end:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.01)
        port = server.servers[0].sockets[0].getsockname()[1]
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(STARTUP_DEADLINE)
