"""A blocking call in a coroutine freezes the event loop; asyncio's debug mode reports it.

Debug mode (asyncio.run(debug=True), PYTHONASYNCIODEBUG=1 or `python -X dev`) logs every
callback slower than loop.slow_callback_duration (0.1 s by default) on the "asyncio" logger.
"""

from __future__ import annotations

import asyncio
import logging
import sys

from deadlines import fetch_line_blocking
from deadlines.blackhole import blackhole
from deadlines.broken import quote_blocking_the_loop


async def quote_in_a_thread(host: str, port: int, *, socket_timeout: float) -> bytes:
    return await asyncio.to_thread(
        fetch_line_blocking, host, port, b"QUOTE\n", timeout=socket_timeout
    )


async def main() -> None:
    with blackhole() as (host, port):
        for handler in (quote_blocking_the_loop, quote_in_a_thread):
            print(f"--- {handler.__name__}")
            try:
                await asyncio.create_task(handler(host, port, socket_timeout=0.5))
            except TimeoutError:
                print("the silent dependency timed out, as expected")


if __name__ == "__main__":
    logging.basicConfig(stream=sys.stdout, format="%(levelname)s %(name)s: %(message)s")
    asyncio.run(main(), debug=True)
