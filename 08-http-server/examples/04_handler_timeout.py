"""The handler timeout: a request stuck on a slow dependency gets a 503, and the work stops.

uvicorn in a thread on port 0, `handler_timeout=1`, and the lab route that waits on a gate
file nobody opens. What the client gets, what the handler saw, and what the log says.
"""

from __future__ import annotations

import logging
import tempfile
import threading
from pathlib import Path

import httpx2 as httpx
import uvicorn

from httpserver import Settings, create_app


class Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def main() -> None:
    recorder = Recorder()
    logging.getLogger("httpserver").addHandler(recorder)
    with tempfile.TemporaryDirectory() as tmp:
        gates = Path(tmp)
        app = create_app(Settings(handler_timeout=1, gate_dir=gates))
        # log_config=None: leave logging alone; the Recorder sees the app's records.
        server = uvicorn.Server(uvicorn.Config(app, port=0, log_config=None))
        thread = threading.Thread(target=server.run)
        thread.start()
        while not server.started:
            if not thread.is_alive():
                raise SystemExit("uvicorn failed to start")
            threading.Event().wait(0.01)
        port = server.servers[0].sockets[0].getsockname()[1]

        response = httpx.post(f"http://127.0.0.1:{port}/lab/slow/report", timeout=10)
        print("POST /lab/slow/report ->", response.status_code, response.text)
        print("the handler was cancelled:", (gates / "report.cancelled").exists())
        [record] = [r for r in recorder.records if r.levelno >= logging.ERROR]
        print("logged:", record.getMessage().split(" request_id=")[0])
        kind = record.exc_info[0] if record.exc_info else None
        print("with the exception:", kind.__name__ if kind else None)
        print("and the X-Request-ID:", response.headers["x-request-id"] in record.getMessage())

        server.should_exit = True
        thread.join()


if __name__ == "__main__":
    main()
