"""Resume by event id, and what "away longer than the buffer" looks like.

Needs Redis (COURSE_REDIS_URL). Streams live under `t:<hex>:example` and are deleted.
"""

from __future__ import annotations

import asyncio

from _common import demo_settings, tidy

from roomchat import open_hub


async def main() -> None:
    settings = demo_settings(replay_len=5)
    async with open_hub(settings) as hub:
        ids = [await hub.publish("lobby", "ada", f"m{i}") for i in range(4)]
        short = await hub.backlog("lobby", ids[1])
        print("away for 2 events:", [e.text for e in short.events], "gap:", short.gap)
        for i in range(4, 12):
            await hub.publish("lobby", "ada", f"m{i}")
        long = await hub.backlog("lobby", ids[1])
        print("away for 10 events:", [e.text for e in long.events], "gap:", long.gap)
    await tidy(settings)


if __name__ == "__main__":
    asyncio.run(main())
