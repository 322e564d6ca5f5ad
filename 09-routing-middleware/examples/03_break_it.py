"""The three "Break it" labs over real HTTP: each wrong order next to the right one.

    python examples/03_break_it.py                        # all three labs
    python examples/03_break_it.py rate-limit-after-auth  # one of them

The wrong orders are in src/routing/broken.py; the right one is MIDDLEWARE in app.py.
"""

from __future__ import annotations

import argparse
import logging
from collections import Counter
from collections.abc import Sequence

import httpx2 as httpx

from routing import MIDDLEWARE, KeyVerifier, Layer, ManualClock, Settings, build_app
from routing.broken import LABS
from routing.running import running

ORIGIN = "http://localhost:5173"
SETTINGS = Settings(api_keys={"demo-key-alice": "alice"}, rate_capacity=5, rate_per_second=0.1)


class Count(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.lines += 1


def logging_lab(order: Sequence[Layer]) -> str:
    count = Count()
    access = logging.getLogger("routing.access")
    access.addHandler(count)
    access.setLevel(logging.INFO)
    try:
        with running(build_app(SETTINGS, order=order, clock=ManualClock())) as url:
            response = httpx.get(f"{url}/v1/items/1", timeout=10)
    finally:
        access.removeHandler(count)
    has_id = "yes" if "x-request-id" in response.headers else "no"
    status = response.status_code
    return f"GET without key -> {status}, log lines: {count.lines}, X-Request-ID: {has_id}"


def flood_lab(order: Sequence[Layer]) -> str:
    app = build_app(SETTINGS, order=order, clock=ManualClock())
    wrong = {"Authorization": "Bearer guessed-key"}
    with running(app) as url, httpx.Client(base_url=url, timeout=10) as http:
        statuses = Counter(http.get("/v1/items/1", headers=wrong).status_code for _ in range(20))
    verifier: KeyVerifier = app.state.verifier
    shown = ", ".join(f"{status} x{n}" for status, n in sorted(statuses.items()))
    return f"20 wrong keys -> {shown}; key lookups: {verifier.calls}"


def preflight_lab(order: Sequence[Layer]) -> str:
    headers = {"Origin": ORIGIN, "Access-Control-Request-Method": "GET"}
    headers["Access-Control-Request-Headers"] = "authorization"
    with running(build_app(SETTINGS, order=order, clock=ManualClock())) as url:
        response = httpx.options(f"{url}/v1/items/1", headers=headers, timeout=10)
    allowed = response.headers.get("access-control-allow-origin", "-")
    return f"preflight -> {response.status_code}, Access-Control-Allow-Origin: {allowed}"


RUNS = {
    "logging-inside-auth": logging_lab,
    "rate-limit-after-auth": flood_lab,
    "auth-outside-cors": preflight_lab,
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("labs", nargs="*", metavar="LAB", help=", ".join(RUNS))
    chosen = parser.parse_args().labs or list(RUNS)
    if unknown := [name for name in chosen if name not in RUNS]:
        parser.error(f"unknown lab {unknown[0]!r}; choose from {', '.join(RUNS)}")
    for name in chosen:
        run = RUNS[name]
        print(f"{name}:")
        print(f"  broken {' > '.join(LABS[name])}")
        print(f"         {run(LABS[name])}")
        print(f"  fixed  {' > '.join(MIDDLEWARE)}")
        print(f"         {run(MIDDLEWARE)}")


if __name__ == "__main__":
    main()
