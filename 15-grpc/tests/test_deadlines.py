"""Deadlines and cancellation: a stuck server, a client that gives up, a downstream call.

Break it 1: a call without a deadline waits forever on a stuck server (labs/01-no-deadline).
Break it 2: a server that ignores cancellation keeps working (labs/02-ignore-cancellation).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import grpc
import pytest
from grpc import aio

from inventory import InventoryService, Store, sample, start
from inventory.broken import IgnoresCancellation
from inventory.pb import inventory_pb2 as pb
from tests.support import TOKENS, WRITER, Stuck, client, drained, eventually, inventory, target

pytestmark = pytest.mark.anyio
REQUEST = pb.GetItemRequest(sku="sku-0000")


async def test_broken_a_call_without_a_deadline_waits_forever_on_a_stuck_server() -> None:
    stuck = Stuck()
    running = await start(stuck, TOKENS)
    try:
        async with aio.insecure_channel(target(running.port)) as channel:  # no defaults at all
            call = inventory(channel).GetItem(
                REQUEST, metadata=(("authorization", "Bearer w-token"),)
            )
            await stuck.entered.wait()
            with pytest.raises(TimeoutError):  # our test's bound, not the call's: it has none
                async with asyncio.timeout(1):
                    await asyncio.shield(call)
            assert not call.done()
            call.cancel()
    finally:
        await drained(running.stop(None))
    assert stuck.remaining == [None]  # the server was never told when to give up


async def test_fixed_the_client_puts_a_deadline_on_every_call() -> None:
    stuck = Stuck()
    running = await start(stuck, TOKENS)
    try:
        async with client(running.port, WRITER, default_timeout=0.5) as channel:
            with pytest.raises(aio.AioRpcError) as caught:
                async with asyncio.timeout(3):  # a bound on a hang; the call's deadline is 0.5
                    await inventory(channel).GetItem(REQUEST)
        await asyncio.wait_for(stuck.cancelled.wait(), 10)  # the server stopped waiting too
    finally:
        await drained(running.stop(None))
    assert caught.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
    (remaining,) = stuck.remaining
    assert remaining is not None
    # About 0.5 s: the grpc-timeout header rounds up, so allow a little over.
    assert 0 < remaining < 1.0


@asynccontextmanager
async def recount_cancelled_midway(service: InventoryService) -> AsyncIterator[int]:
    """Start a recount of a million shelves (an hour's deadline), cancel it once counting has
    begun, and yield the count at the cancel. Afterwards close() ends any thread still going."""
    running = await start(service, TOKENS)
    try:
        async with client(running.port) as channel:
            call = inventory(channel).Recount(
                pb.RecountRequest(sku="sku-0000", shelves=1_000_000), timeout=3600
            )
            await eventually(lambda: service.stats.shelves_counted >= 5, what="counting started")
            call.cancel()
            yield service.stats.shelves_counted
    finally:
        service.close()
        await drained(running.stop(None))


async def test_broken_a_server_that_ignores_cancellation_keeps_counting() -> None:
    service = IgnoresCancellation(Store(sample(1)), shelf_seconds=0.002)
    async with recount_cancelled_midway(service) as at_cancel:
        # Nobody is waiting for the answer, and the thread counts on.
        await eventually(lambda: service.stats.shelves_counted >= at_cancel + 100)
        assert service.stats.scans_finished == 0


async def test_fixed_a_cancelled_recount_stops_counting() -> None:
    service = InventoryService(Store(sample(1)), shelf_seconds=0.002)
    async with recount_cancelled_midway(service):
        # The thread sees `stop` and ends, before close(): only the cancel told it.
        # 5 s is a bound on a hang: the thread looks at `stop` every 2 ms.
        await eventually(lambda: service.stats.scans_finished == 1, 5, "the count stopped")
    assert service.stats.shelves_counted < 1_000_000


async def test_the_server_stops_counting_when_the_deadline_passes() -> None:
    service = InventoryService(Store(sample(1)), shelf_seconds=0.002)
    running = await start(service, TOKENS)
    try:
        async with client(running.port) as channel:
            with pytest.raises(aio.AioRpcError) as caught:
                await inventory(channel).Recount(
                    pb.RecountRequest(sku="sku-0000", shelves=1_000_000), timeout=0.3
                )
            await eventually(lambda: service.stats.scans_finished == 1, what="the count stopped")
    finally:
        service.close()
        await drained(running.stop(None))
    assert caught.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
    assert service.stats.shelves_counted < 1_000_000


async def test_the_deadline_propagates_to_the_downstream_call() -> None:
    """A regional server asks the warehouse for an item it lacks, within the caller's deadline;
    when the caller's deadline passes, the warehouse's handler is cancelled too."""
    warehouse = Stuck()
    behind = await start(warehouse, TOKENS)
    upstream_channel = client(behind.port, WRITER, default_timeout=30)
    regional = InventoryService(Store([]), upstream=inventory(upstream_channel))
    front = await start(regional, TOKENS)
    try:
        async with client(front.port, WRITER) as channel:
            with pytest.raises(aio.AioRpcError) as caught:
                await inventory(channel).GetItem(REQUEST, timeout=1.0)
        await asyncio.wait_for(warehouse.cancelled.wait(), 10)
    finally:
        await drained(front.stop(None))
        await upstream_channel.close()
        await drained(behind.stop(None))
    assert caught.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
    (remaining,) = warehouse.remaining
    assert remaining is not None
    # The caller's budget of 1 s (the header rounds up a little), not the server's own cap of 5 s.
    assert remaining < 2.0
