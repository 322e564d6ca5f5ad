"""Break it 4: a consumer that reads slowly (labs/04-unbounded-read-ahead).

HTTP/2 flow control stops the sender when the receiver's window is full: the server's next
send waits, so the queue between the store and the network fills and the reader waits too. An
unbounded queue breaks that chain: the reader copies the whole catalogue into memory for a
client that has read one item.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace

import pytest

from inventory import InventoryService, Store, sample, start
from inventory.pb import inventory_pb2 as pb
from tests.support import TOKENS, client, drained, eventually, inventory

pytestmark = pytest.mark.anyio
TOTAL = 50_000  # items of about 1 KB: 50 MB if it were all read ahead


def catalogue() -> Store:
    return Store([replace(stock, description="x" * 1000) for stock in sample(TOTAL)])


async def settled(count: Callable[[], int], rounds: int = 5) -> int:
    """Wait until `count()` has not moved for `rounds` polls in a row; return it."""
    last, same = -1, 0
    async with asyncio.timeout(10):
        while same < rounds:
            await asyncio.sleep(0.05)
            same = same + 1 if count() == last else 0
            last = count()
    return last


async def test_broken_an_unbounded_read_ahead_holds_the_whole_export() -> None:
    service = InventoryService(catalogue(), export_buffer=0)  # maxsize 0: no bound at all
    running = await start(service, TOKENS)
    try:
        async with client(running.port, default_timeout=60) as channel:
            call = inventory(channel).ListItems(pb.ListItemsRequest())
            await call.read()
            await eventually(lambda: service.stats.exported == TOTAL, what="read everything")
            call.cancel()
    finally:
        await drained(running.stop(None))


async def test_fixed_flow_control_stops_the_reader_of_a_slow_stream() -> None:
    service = InventoryService(catalogue(), export_buffer=64)
    running = await start(service, TOKENS)
    try:
        async with client(running.port, default_timeout=60) as channel:
            call = inventory(channel).ListItems(pb.ListItemsRequest())
            await call.read()  # one item, then the client stops reading
            read_ahead = await settled(lambda: service.stats.exported)
            call.cancel()
    finally:
        await drained(running.stop(None))
    # Bounded by the HTTP/2 windows and socket buffers (a few MB) plus our 64, not by TOTAL.
    assert read_ahead < TOTAL // 2
