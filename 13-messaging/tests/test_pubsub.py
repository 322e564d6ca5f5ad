"""Redis pub/sub is fire-and-forget; a durable queue keeps messages for a consumer that is down."""

from __future__ import annotations

import uuid

import pytest
import redis.asyncio

from orderbus import Bus
from tests.services import require
from tests.support import order

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="session")
def redis_url() -> str:
    return require("redis")


async def test_redis_pub_sub_loses_what_is_published_while_nobody_listens(redis_url: str) -> None:
    channel = f"t:{uuid.uuid4().hex}:orders"
    client = redis.asyncio.Redis.from_url(redis_url)
    try:
        receivers = await client.publish(channel, order().model_dump_json())
        assert receivers == 0  # nobody subscribed: Redis drops it on the floor

        async with client.pubsub() as pubsub:  # the subscriber comes up now
            await pubsub.subscribe(channel)
            assert (await pubsub.get_message(timeout=1))["type"] == "subscribe"
            assert await pubsub.get_message(ignore_subscribe_messages=True, timeout=0.5) is None
    finally:
        await client.aclose()


async def test_a_durable_queue_keeps_it_until_a_consumer_comes(bus: Bus) -> None:
    message_id = await bus.publisher.publish(order())  # no consumer is running

    message = await bus.declared.payments.get(timeout=5)  # the consumer comes up now
    await message.ack()
    assert message.message_id == message_id
