"""Exercises from README.md: delete an exercise's skip line once you have done it.

Reference solutions are in solutions/; try first.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from orderbus import Bus, Settings
from tests.support import order, ready_count
from tests.test_dlq_cli import dlq, park_dead_letters

pytestmark = pytest.mark.anyio


@pytest.mark.skip(reason="exercise 1: add Publisher.publish_many(events), one wait for all")
async def test_exercise_1_publish_many_confirms_every_message(bus: Bus) -> None:
    events = [order(f"o-{n}") for n in range(100)]
    publisher: Any = bus.publisher

    ids = await publisher.publish_many(events)

    assert len(ids) == len(set(ids)) == 100
    assert await ready_count(bus.connection, bus.topology.payments) == 100
    first = await bus.declared.payments.get(timeout=5)
    await first.ack()
    assert first.message_id == ids[0]  # in order, on one channel


@pytest.mark.skip(reason="exercise 2: add --json to `orderbus-dlq list`")
async def test_exercise_2_list_json_prints_one_object_per_dead_letter(
    bus: Bus, settings: Settings
) -> None:
    await park_dead_letters(bus, "m-1", "m-2")

    done = await dlq(settings, "list", "--json")

    assert done.returncode == 0, done.stderr
    assert [json.loads(line) for line in done.stdout.splitlines()] == [
        {"id": "m-1", "attempts": 3, "error": "CheckViolation: too much"},
        {"id": "m-2", "attempts": 3, "error": "CheckViolation: too much"},
    ]
