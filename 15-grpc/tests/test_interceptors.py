"""Interceptors on both sides: auth from metadata, a request id end to end, an access log."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable

import grpc
import pytest
from grpc import aio

from inventory import Running
from inventory.pb import inventory_pb2 as pb
from tests.support import READER, client, eventually, inventory

pytestmark = pytest.mark.anyio


async def test_no_token_is_unauthenticated_on_every_kind_of_call(served: Running) -> None:
    async def one() -> AsyncIterator[pb.Item]:
        yield pb.Item(sku="x")

    async with client(served.port, token="stolen") as channel:
        stub = inventory(channel)
        calls: dict[str, Callable[[], Awaitable[object]]] = {
            "unary": lambda: stub.GetItem(pb.GetItemRequest(sku="sku-0000")),
            "server streaming": lambda: stub.ListItems(pb.ListItemsRequest()).read(),
            "client streaming": lambda: stub.ImportItems(one()),
            "bidirectional": lambda: stub.Adjust().read(),
        }
        codes = {}
        for kind, call in calls.items():
            with pytest.raises(aio.AioRpcError) as caught:
                await call()
            codes[kind] = caught.value.code()
    assert set(codes.values()) == {grpc.StatusCode.UNAUTHENTICATED}
    assert "x" not in {item.sku for item in served.service.store.all()}


async def test_a_reader_may_read_but_not_write(served: Running) -> None:
    async with client(served.port, READER) as channel:
        stub = inventory(channel)
        assert (await stub.GetItem(pb.GetItemRequest(sku="sku-0000"))).sku == "sku-0000"
        with pytest.raises(aio.AioRpcError) as caught:
            await stub.Reserve(pb.ReserveRequest(sku="sku-0000", quantity=1))
    assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert served.service.store.get("sku-0000").quantity == 100


async def test_the_request_id_comes_back_and_is_in_the_access_log(
    served: Running, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="inventory.access")
    async with client(served.port) as channel:
        call = inventory(channel).GetItem(
            pb.GetItemRequest(sku="nope"), metadata=(("x-request-id", "req-42"),)
        )
        with pytest.raises(aio.AioRpcError) as caught:
            await call
    assert ("x-request-id", "req-42") in tuple(caught.value.trailing_metadata() or ())

    def finished() -> list[str]:
        return [r.getMessage() for r in caplog.records if "NOT_FOUND" in r.getMessage()]

    # context.abort() sends the status before it raises, so the client can hold its answer
    # before the interceptor's `finally` has logged the line: wait for it, do not race it.
    await eventually(lambda: bool(finished()), what="the access log's NOT_FOUND line")
    lines = finished()
    assert len(lines) == 1
    assert "/inventory.v1.Inventory/GetItem" in lines[0]
    assert "rid=req-42" in lines[0]


async def test_the_client_adds_a_request_id_when_the_caller_has_none(served: Running) -> None:
    async with client(served.port) as channel:
        call = inventory(channel).GetItem(pb.GetItemRequest(sku="sku-0000"))
        await call
        trailers = dict(await call.trailing_metadata() or ())
    assert len(str(trailers["x-request-id"])) == 32  # a uuid4, in hex
