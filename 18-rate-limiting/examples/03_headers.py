"""What a client sees: four searches against a limit of 3 a minute, with the headers.

The app runs in this process (httpx's ASGI transport) on a scratch Redis prefix, deleted at
the end. THROTTLE_TOKEN_SECRET must be set, as for the real server.
"""

from __future__ import annotations

import asyncio
import uuid

import httpx2 as httpx
from redis.asyncio import Redis

from throttle import Rate, Settings, create_app


async def main() -> None:
    prefix = f"t:{uuid.uuid4().hex}:example"
    settings = Settings(key_prefix=prefix, anonymous_rate=Rate.parse("3/min"))
    app = create_app(settings)
    try:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app, client=("198.51.100.9", 50000))
            async with httpx.AsyncClient(transport=transport, base_url="http://app") as client:
                for _ in range(4):
                    response = await client.get("/search", params={"q": "kettle"})
                    print(response.status_code, response.headers["RateLimit"])
                print("RateLimit-Policy:", response.headers["RateLimit-Policy"])
                print("Retry-After:", response.headers["Retry-After"])
    finally:
        redis = Redis.from_url(settings.redis_url)
        keys = [key async for key in redis.scan_iter(match=f"{prefix}:*")]
        if keys:
            await redis.delete(*keys)
        await redis.aclose()


if __name__ == "__main__":
    asyncio.run(main())
