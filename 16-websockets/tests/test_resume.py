"""Disconnects: a client that comes back resumes after the last event it saw."""

from __future__ import annotations

import asyncio
import random

import pytest

from roomchat import Hub, Received, Settings, backoff_delays, follow, port_of, running
from tests.conftest import token
from tests.support import until


def test_backoff_grows_exponentially_to_the_cap_with_full_jitter() -> None:
    delays = backoff_delays(0.5, 8.0, random.Random(7))
    got = [next(delays) for _ in range(8)]
    ceilings = [0.5, 1, 2, 4, 8, 8, 8, 8]
    assert all(0 <= d <= c for d, c in zip(got, ceilings, strict=True))
    assert len({round(d, 6) for d in got}) == len(got)  # jittered: no two clients in step


@pytest.mark.anyio
async def test_a_resume_gets_exactly_what_was_missed(hub: Hub) -> None:
    ids = [await hub.publish("lobby", "ada", f"m{i}") for i in range(5)]
    backlog = await hub.backlog("lobby", ids[1])
    assert [e.text for e in backlog.events] == ["m2", "m3", "m4"]
    assert not backlog.gap


@pytest.mark.anyio
async def test_away_longer_than_the_buffer_reports_a_gap(hub: Hub, settings: Settings) -> None:
    first = await hub.publish("lobby", "ada", "m0")
    for i in range(1, settings.replay_len + 10):
        await hub.publish("lobby", "ada", f"m{i}")
    backlog = await hub.backlog("lobby", first)
    assert backlog.gap  # m1..m9 are gone: the client must reload its state over REST
    assert len(backlog.events) == settings.replay_len


@pytest.mark.anyio
async def test_the_client_reconnects_after_a_deploy_and_loses_nothing(
    settings: Settings, hub: Hub
) -> None:
    async with running(settings, hub) as server:
        port = port_of(server)
        url = f"ws://127.0.0.1:{port}/ws/lobby"
        events = follow(url, token(), base=0.05, cap=0.2)
        await hub.publish("lobby", "ada", "before")
        # Subscribed only now: "before" is not replayed to a new client, "one" is live.
        first = asyncio.ensure_future(anext(events))
        await until(lambda: hub.count("lobby") == 1)
        await hub.publish("lobby", "ada", "one")
        got: list[Received] = [await first]
    # The old server is gone (its clients got 1001); this is published while nobody listens.
    await hub.publish("lobby", "ada", "while away")
    restarted = settings.model_copy(update={"port": port})
    async with running(restarted, hub):
        got.append(await anext(events))
        await hub.publish("lobby", "ada", "after")
        got.append(await anext(events))
    await events.aclose()
    assert [r.fields["text"] for r in got] == ["one", "while away", "after"]
