"""One call of each kind against a real server on a free port, in this process."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from grpc import aio

from inventory import InventoryService, Store, connect, sample, start, stub
from inventory.pb import inventory_pb2 as pb

TOKENS = {"demo-writer": "writer"}


async def main() -> None:
    running = await start(InventoryService(Store(sample(3))), TOKENS)
    async with connect(f"127.0.0.1:{running.port}", "demo-writer") as channel:
        inventory = stub(channel)

        item = await inventory.GetItem(pb.GetItemRequest(sku="sku-0001"))
        print(f"unary          GetItem -> {item.sku} x{item.quantity}, {item.ByteSize()} bytes")

        skus = [item.sku async for item in inventory.ListItems(pb.ListItemsRequest())]
        print(f"server stream  ListItems -> {skus}")

        async def batch() -> AsyncIterator[pb.Item]:
            for n in range(3):
                yield pb.Item(sku=f"new-{n}", name="New", quantity=n, price_cents=100)

        summary = await inventory.ImportItems(batch())
        print(f"client stream  ImportItems -> created={summary.created} updated={summary.updated}")

        session = inventory.Adjust()
        for delta in (5, -3):
            await session.write(pb.Adjustment(sku="sku-0001", delta=delta))
            level = await session.read()
            assert isinstance(level, pb.StockLevel)
            print(f"bidi           Adjust {delta:+d} -> {level.quantity}")
        await session.done_writing()
        # Read to the end before the channel closes: closing it with the call open cancels
        # the server's handler mid-stream, and grpc logs that as a CancelledError traceback.
        assert await session.read() is aio.EOF
    await running.stop(grace=1)


if __name__ == "__main__":
    asyncio.run(main())
