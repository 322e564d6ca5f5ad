"""What the examples share: settings with a throwaway prefix, and deleting it afterwards."""

from __future__ import annotations

import os
import uuid

import redis.asyncio as redis

from roomchat import Settings


def demo_settings(**overrides: object) -> Settings:
    fields: dict[str, object] = {
        "redis_url": os.environ.get("COURSE_REDIS_URL", "redis://127.0.0.1:6379/0"),
        "key_prefix": f"t:{uuid.uuid4().hex}:example",
        "secret": "example-secret-0123456789",
        "port": 0,
        **overrides,
    }
    return Settings.model_validate(fields)


async def tidy(settings: Settings) -> None:
    async with redis.Redis.from_url(settings.redis_url) as client:
        keys = [key async for key in client.scan_iter(match=f"{settings.key_prefix}:*")]
        if keys:
            await client.delete(*keys)
