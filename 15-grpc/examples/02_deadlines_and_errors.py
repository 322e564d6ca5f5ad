"""Status codes a client sees: a domain error, a refused token, a deadline that ran out."""

from __future__ import annotations

import asyncio

from grpc import aio

from inventory import InventoryService, Store, connect, sample, start, stub
from inventory.errors import is_retryable
from inventory.pb import inventory_pb2 as pb

TOKENS = {"demo-writer": "writer", "demo-reader": "reader"}


async def attempt(name: str, call: object) -> None:
    try:
        await call  # type: ignore[misc]  # an aio call object is awaitable
    except aio.AioRpcError as exc:
        retry = "retryable" if is_retryable(exc.code()) else "not retryable"
        print(f"{name:<34} {exc.code().name} ({retry})")


async def main() -> None:
    service = InventoryService(Store(sample(2)), shelf_seconds=0.01)
    running = await start(service, TOKENS)
    target = f"127.0.0.1:{running.port}"
    async with connect(target, "demo-writer") as writer, connect(target, "demo-reader") as reader:
        await attempt(
            "Reserve 1000 of 101",
            stub(writer).Reserve(pb.ReserveRequest(sku="sku-0001", quantity=1000)),
        )
        await attempt(
            "Reserve an unknown sku",
            stub(writer).Reserve(pb.ReserveRequest(sku="nope", quantity=1)),
        )
        await attempt(
            "Reserve 0", stub(writer).Reserve(pb.ReserveRequest(sku="sku-0001", quantity=0))
        )
        await attempt(
            "Reserve as a reader",
            stub(reader).Reserve(pb.ReserveRequest(sku="sku-0001", quantity=1)),
        )
        async with connect(target, "wrong") as stranger:
            await attempt(
                "GetItem with a wrong token",
                stub(stranger).GetItem(pb.GetItemRequest(sku="sku-0001")),
            )
        recount = pb.RecountRequest(sku="sku-0001", shelves=100_000)
        await attempt("Recount 100000 shelves, 0.2 s", stub(writer).Recount(recount, timeout=0.2))
    # The server's thread saw the deadline and stopped (a counter set by a thread: poll it).
    while service.stats.scans_finished == 0:  # noqa: ASYNC110
        await asyncio.sleep(0.01)
    print(
        "shelves counted before the server gave up: fewer than 100000:",
        service.stats.shelves_counted < 100_000,
    )
    await running.stop(grace=1)


if __name__ == "__main__":
    asyncio.run(main())
