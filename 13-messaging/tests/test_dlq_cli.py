"""`orderbus-dlq` against the real broker: list, replay, and its exit codes."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import aio_pika
import pytest

from orderbus import ATTEMPTS, Bus, Settings
from tests.support import environment, ready_count

pytestmark = pytest.mark.anyio
DLQ = str(Path(sys.executable).parent / "orderbus-dlq")


async def dlq(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    return await asyncio.to_thread(
        subprocess.run,
        [DLQ, *args],
        env=environment(settings),
        capture_output=True,
        text=True,
        timeout=60,
    )


async def park_dead_letters(bus: Bus, *ids: str) -> None:
    """Put messages in the dead-letter queue as the consumer does (headers included)."""
    for message_id in ids:
        dead = aio_pika.Message(
            b'{"order_id": "o-1", "customer": "ada", "amount_cents": 2999}',
            message_id=message_id,
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            headers={ATTEMPTS: 3, "x-error": "CheckViolation: too much"},
        )
        await bus.channel.default_exchange.publish(dead, bus.topology.dead, mandatory=True)


async def test_list_shows_each_dead_letter_and_leaves_it_there(
    bus: Bus, settings: Settings
) -> None:
    await park_dead_letters(bus, "m-1", "m-2")

    done = await dlq(settings, "list")

    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "m-1  attempts=3  CheckViolation: too much",
        "m-2  attempts=3  CheckViolation: too much",
    ]
    assert await ready_count(bus.connection, bus.topology.dead) == 2


async def test_replay_moves_one_back_with_its_attempts_reset(bus: Bus, settings: Settings) -> None:
    await park_dead_letters(bus, "m-1", "m-2")

    done = await dlq(settings, "replay", "m-2")

    assert done.returncode == 0, done.stderr
    assert await ready_count(bus.connection, bus.topology.dead) == 1
    replayed = await bus.declared.payments.get(timeout=5)
    await replayed.ack()
    assert replayed.message_id == "m-2"
    assert (replayed.headers or {})[ATTEMPTS] == 0


async def test_replay_of_an_unknown_id_exits_1_and_replays_nothing(
    bus: Bus, settings: Settings
) -> None:
    await park_dead_letters(bus, "m-1")

    done = await dlq(settings, "replay", "m-1", "nope")

    assert done.returncode == 1
    assert "nope" in done.stderr
    assert await ready_count(bus.connection, bus.topology.dead) == 1
    assert await ready_count(bus.connection, bus.topology.payments) == 0


@pytest.mark.parametrize("args", [("replay",), ("replay", "m-1", "--all"), ("nonsense",)])
async def test_a_usage_error_exits_2(bus: Bus, settings: Settings, args: tuple[str, ...]) -> None:
    done = await dlq(settings, *args)

    assert done.returncode == 2
    assert "Traceback" not in done.stderr
