"""A dependency that never answers: the client without a deadline waits forever.

Both clients call the same silent port at the same time. The fixed one gives up after its
budget; at that moment the broken one is still waiting, and only an outside cancel ends it.
"""

from __future__ import annotations

import asyncio

from deadlines import Deadline, DependencyTimeout, fetch_line
from deadlines.blackhole import blackhole
from deadlines.broken import fetch_line_no_timeout


async def main() -> None:
    with blackhole() as (host, port):
        broken = asyncio.create_task(fetch_line_no_timeout(host, port, b"QUOTE\n"))
        try:
            await fetch_line(host, port, b"QUOTE\n", deadline=Deadline.after(0.2))
        except DependencyTimeout as exc:
            print(f"fixed client:  {type(exc).__name__} after its {exc.budget:.1f} s budget")
        print(f"broken client: still waiting? {not broken.done()}")
        broken.cancel()
        try:
            await broken
        except asyncio.CancelledError:
            print("broken client: ended only because we cancelled it from outside")


if __name__ == "__main__":
    asyncio.run(main())
