"""The naive servicer the Break it tests run against: it ignores the client's cancellation.

`Recount` hands the blocking count to a thread and awaits it. When the client cancels (or its
deadline passes), grpc.aio cancels this coroutine, but nobody tells the thread: it counts every
shelf for a caller who is gone. Compare `InventoryService.Recount`, which sets `stop`.
"""

from __future__ import annotations

import asyncio
import threading

from inventory.pb import inventory_pb2 as pb
from inventory.service import Context, InventoryService


class IgnoresCancellation(InventoryService):
    async def Recount(self, request: pb.RecountRequest, context: Context) -> pb.RecountResult:
        never_set = threading.Event()
        counted = await asyncio.to_thread(self._count_shelves, request.shelves, never_set, None)
        return pb.RecountResult(sku=request.sku, shelves_counted=counted)
