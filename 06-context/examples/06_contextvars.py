"""Which calls carry the request id into a worker thread, and which lose it."""

from __future__ import annotations

import asyncio
import logging
import sys
from concurrent.futures import ThreadPoolExecutor

from deadlines import RequestIdFilter, bound_request_id, run_in_executor_with_context

log = logging.getLogger("example")


def lookup(user: str) -> None:
    log.info("looking up %s", user)  # runs in a worker thread


async def main() -> None:
    loop = asyncio.get_running_loop()
    with bound_request_id("req-42"), ThreadPoolExecutor(max_workers=2) as pool:
        log.info("handling the request")
        await loop.run_in_executor(pool, lookup, "via loop.run_in_executor")
        await asyncio.to_thread(lookup, "via asyncio.to_thread")
        await run_in_executor_with_context(pool, lookup, "via run_in_executor_with_context")


if __name__ == "__main__":
    handler = logging.StreamHandler(sys.stdout)
    handler.addFilter(RequestIdFilter())  # on the handler, so every record gets it
    handler.setFormatter(logging.Formatter("[%(request_id)s] %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler])
    asyncio.run(main())
