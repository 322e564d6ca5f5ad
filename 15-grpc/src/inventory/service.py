"""The Inventory servicer: parse the message, call the store, map domain errors to codes."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, NoReturn

import grpc
from grpc import aio

from inventory.errors import InventoryError, status_for
from inventory.pb import inventory_pb2 as pb
from inventory.pb import inventory_pb2_grpc as pb_grpc
from inventory.store import Stock, Store

Context = aio.ServicerContext[Any, Any]
DOWNSTREAM_CAP = 5.0  # seconds: the most this server ever gives a downstream call


@dataclass(slots=True)
class Stats:
    """What the servicer did, for tests and the README: work is counted, never timed."""

    shelves_counted: int = 0
    scans_finished: int = 0
    exported: int = 0  # items read from the store by ListItems, sent or not


def to_message(stock: Stock) -> pb.Item:
    return pb.Item(
        sku=stock.sku,
        name=stock.name,
        quantity=stock.quantity,
        price_cents=stock.price_cents,
        description=stock.description,
    )


def to_stock(item: pb.Item) -> Stock:
    return Stock(item.sku, item.name, item.quantity, item.price_cents, item.description)


async def abort(context: Context, exc: InventoryError) -> NoReturn:
    """Send a domain error as its status code; `context.abort` raises, so this never returns."""
    await context.abort(status_for(exc), str(exc))
    raise AssertionError("context.abort returned")  # pragma: no cover


class InventoryService(pb_grpc.InventoryServicer):
    def __init__(
        self,
        store: Store,
        *,
        shelf_seconds: float = 0.01,
        export_buffer: int = 64,
        upstream: pb_grpc.InventoryAsyncStub | None = None,
    ) -> None:
        self.store = store
        self.shelf_seconds = shelf_seconds
        self.export_buffer = export_buffer
        self.upstream = upstream  # where to ask for an item this server does not hold
        self.stats = Stats()
        self._closing = threading.Event()  # set by close(): every scan thread ends

    def close(self) -> None:
        self._closing.set()

    async def GetItem(self, request: pb.GetItemRequest, context: Context) -> pb.Item:
        try:
            return to_message(self.store.get(request.sku))
        except InventoryError as exc:
            if self.upstream is None:
                await abort(context, exc)
        # Ask the upstream with what is left of *our caller's* deadline, capped by our own
        # budget: when the caller gives up, the downstream call is cancelled with it.
        remaining = context.time_remaining()
        budget = DOWNSTREAM_CAP if remaining is None else min(remaining, DOWNSTREAM_CAP)
        try:
            return await self.upstream.GetItem(request, timeout=budget)
        except aio.AioRpcError as exc:
            await context.abort(exc.code(), exc.details() or "")
            raise  # pragma: no cover

    async def Reserve(self, request: pb.ReserveRequest, context: Context) -> pb.Reservation:
        try:
            left = self.store.reserve(request.sku, request.quantity)
        except InventoryError as exc:
            await abort(context, exc)
        return pb.Reservation(sku=left.sku, quantity=request.quantity, remaining=left.quantity)

    async def ListItems(
        self, request: pb.ListItemsRequest, context: Context
    ) -> AsyncIterator[pb.Item]:
        # Read ahead of the network by at most `export_buffer` items. When the client reads
        # slowly, HTTP/2 flow control makes each send wait, the queue fills, and the reader
        # waits too: memory stays bounded by the buffer, not by the catalogue.
        queue: asyncio.Queue[pb.Item | None] = asyncio.Queue(maxsize=self.export_buffer)

        async def read_store() -> None:
            for stock in self.store.all():
                await queue.put(to_message(stock))
                self.stats.exported += 1
            await queue.put(None)

        reader = asyncio.create_task(read_store())
        try:
            while (item := await queue.get()) is not None:
                yield item
        finally:
            reader.cancel()

    async def ImportItems(
        self, request_iterator: AsyncIterator[pb.Item], context: Context
    ) -> pb.ImportSummary:
        created = updated = 0
        async for item in request_iterator:
            if self.store.upsert(to_stock(item)):
                created += 1
            else:
                updated += 1
        return pb.ImportSummary(created=created, updated=updated)

    async def Adjust(
        self, request_iterator: AsyncIterator[pb.Adjustment], context: Context
    ) -> AsyncIterator[pb.StockLevel]:
        async for adjustment in request_iterator:
            try:
                level = self.store.adjust(adjustment.sku, adjustment.delta)
            except InventoryError as exc:
                await abort(context, exc)
            yield pb.StockLevel(sku=level.sku, quantity=level.quantity)

    async def Recount(self, request: pb.RecountRequest, context: Context) -> pb.RecountResult:
        try:
            self.store.get(request.sku)
        except InventoryError as exc:
            await abort(context, exc)
        remaining = context.time_remaining()
        deadline = None if remaining is None else time.monotonic() + remaining
        stop = threading.Event()
        try:
            # The count is blocking work (think: a sync driver), so it runs in a thread. A
            # cancelled await does not stop a thread: it must be told, and it must look.
            counted = await asyncio.to_thread(self._count_shelves, request.shelves, stop, deadline)
        finally:
            stop.set()  # the client cancelled, the deadline passed, or we are done
        if deadline is not None and time.monotonic() >= deadline:
            await context.abort(grpc.StatusCode.DEADLINE_EXCEEDED, "recount ran out of time")
        return pb.RecountResult(sku=request.sku, shelves_counted=counted)

    def _count_shelves(self, shelves: int, stop: threading.Event, deadline: float | None) -> int:
        counted = 0
        try:
            for _ in range(shelves):
                if stop.is_set() or self._closing.is_set():
                    break
                if deadline is not None and time.monotonic() >= deadline:
                    break  # nobody is waiting for the answer any more
                self._closing.wait(self.shelf_seconds)  # counting one shelf
                counted += 1
                self.stats.shelves_counted += 1
            return counted
        finally:
            self.stats.scans_finished += 1
