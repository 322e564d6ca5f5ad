"""The four kinds of call, each doing its job against a real server on port 0."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from grpc import aio

from inventory import Running
from inventory.pb import inventory_pb2 as pb
from tests.support import READER, client, inventory

pytestmark = pytest.mark.anyio


async def test_unary_get_item_returns_the_stored_item(served: Running) -> None:
    async with client(served.port, READER) as channel:
        item = await inventory(channel).GetItem(pb.GetItemRequest(sku="sku-0002"))
    assert (item.sku, item.quantity, item.price_cents) == ("sku-0002", 102, 252)


async def test_unary_reserve_takes_stock_and_says_what_is_left(served: Running) -> None:
    async with client(served.port) as channel:
        reservation = await inventory(channel).Reserve(
            pb.ReserveRequest(sku="sku-0001", quantity=3)
        )
    assert reservation.remaining == 98
    assert served.service.store.get("sku-0001").quantity == 98


async def test_server_streaming_exports_every_item_in_order(served: Running) -> None:
    async with client(served.port, READER) as channel:
        skus = [item.sku async for item in inventory(channel).ListItems(pb.ListItemsRequest())]
    assert skus == [f"sku-{n:04d}" for n in range(5)]


async def test_client_streaming_imports_a_batch_and_answers_once(served: Running) -> None:
    async def batch() -> AsyncIterator[pb.Item]:
        yield pb.Item(sku="new-1", name="New", quantity=1, price_cents=10)
        yield pb.Item(sku="sku-0000", name="Renamed", quantity=7, price_cents=99)
        yield pb.Item(sku="new-2", name="New", quantity=2, price_cents=20)

    async with client(served.port) as channel:
        summary = await inventory(channel).ImportItems(batch())

    assert (summary.created, summary.updated) == (2, 1)
    assert served.service.store.get("sku-0000").name == "Renamed"


async def test_bidirectional_answers_each_adjustment_as_it_arrives(served: Running) -> None:
    async with client(served.port) as channel:
        session = inventory(channel).Adjust()
        levels = []
        for delta in (5, -10, 1):  # one answer per message, before the next is sent
            await session.write(pb.Adjustment(sku="sku-0003", delta=delta))
            level = await session.read()
            assert isinstance(level, pb.StockLevel)
            levels.append(level.quantity)
        await session.done_writing()
        assert await session.read() is aio.EOF
    assert levels == [108, 98, 99]
