"""The whole stack over real HTTP: what each layer adds, and the log line for every request.

The rate limiter's clock is frozen (`ManualClock`), so the numbers are the same on every run:
3 tokens, refilled at one per 10 s, and time never passes.
"""

from __future__ import annotations

import logging

import httpx2 as httpx

from routing import ManualClock, Settings, build_app
from routing.running import running

KEY = "demo-key-alice"
ORIGIN = "http://localhost:5173"


class Collect(logging.Handler):
    """Keep the access-log lines; print them after the requests, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def main() -> None:
    collect = Collect()
    access = logging.getLogger("routing.access")
    access.addHandler(collect)
    access.setLevel(logging.INFO)
    settings = Settings(api_keys={KEY: "alice"}, rate_capacity=3, rate_per_second=0.1)
    alice = {"Authorization": f"Bearer {KEY}"}
    preflight = {
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization",
    }
    requests = [
        ("OPTIONS", {**preflight, "X-Request-ID": "demo-1"}),
        ("GET", {"X-Request-ID": "demo-2"}),
        ("GET", {**alice, "X-Request-ID": "demo-3"}),
        ("GET", {**alice, "X-Request-ID": "not valid!"}),
        ("GET", {**alice, "X-Request-ID": "demo-5"}),
    ]
    app = build_app(settings, clock=ManualClock())
    with running(app) as url, httpx.Client(base_url=url, timeout=10) as http:
        for method, headers in requests:
            response = http.request(method, "/v1/items/1", headers={"Origin": ORIGIN, **headers})
            shown = {
                name: response.headers[name]
                for name in ("x-request-id", "access-control-allow-origin", "retry-after")
                if name in response.headers
            }
            print(f"{method:7} -> {response.status_code}  {shown}")
    print("access log:")
    for line in collect.lines:
        print(" ", line)


if __name__ == "__main__":
    main()
