"""One request deadline shared by every retry: each attempt gets min(its cap, what is left).

The dependency is a port that accepts connections and never answers, so every attempt runs
out its budget. Watch the third attempt get less than its cap, and the fourth never start.
"""

from __future__ import annotations

import asyncio
import logging
import sys

from deadlines import Deadline, DeadlineExceeded, get_quote
from deadlines.blackhole import blackhole


async def main() -> None:
    with blackhole() as (host, port):
        deadline = Deadline.after(1.0)  # what the HTTP handler allows this whole request
        print("request budget 1.0 s; each attempt capped at 0.4 s; up to 5 attempts")
        try:
            await get_quote(host, port, deadline, attempt_timeout=0.4, attempts=5)
        except DeadlineExceeded as exc:
            print(f"gave up: {type(exc).__name__}: {exc}")


if __name__ == "__main__":
    logging.basicConfig(
        stream=sys.stdout, format="%(message)s: attempt %(attempt)s had %(budget).2f s"
    )
    logging.getLogger("deadlines.client").setLevel(logging.INFO)
    asyncio.run(main())
