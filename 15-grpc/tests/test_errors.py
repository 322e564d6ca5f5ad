"""Domain errors travel as status codes; only UNAVAILABLE is retried, and only where it is safe."""

from __future__ import annotations

from typing import Any

import grpc
import pytest
from grpc import aio

from inventory import InventoryService, Store, sample, start
from inventory.errors import InvalidQuantity, NotFound, OutOfStock, is_retryable, status_for
from inventory.pb import inventory_pb2 as pb
from tests.support import TOKENS, client, drained, inventory

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    ("sku", "quantity", "code"),
    [
        ("nope", 1, grpc.StatusCode.NOT_FOUND),
        ("sku-0000", 0, grpc.StatusCode.INVALID_ARGUMENT),
        ("sku-0000", 10_000, grpc.StatusCode.FAILED_PRECONDITION),
    ],
)
async def test_a_domain_error_arrives_as_its_status_code(
    served: Any, sku: str, quantity: int, code: grpc.StatusCode
) -> None:
    async with client(served.port) as channel:
        with pytest.raises(aio.AioRpcError) as caught:
            await inventory(channel).Reserve(pb.ReserveRequest(sku=sku, quantity=quantity))
    assert caught.value.code() == code
    assert served.service.store.get("sku-0000").quantity == 100  # nothing was taken


def test_the_mapping_and_what_may_be_retried() -> None:
    assert status_for(NotFound()) == grpc.StatusCode.NOT_FOUND
    assert status_for(InvalidQuantity()) == grpc.StatusCode.INVALID_ARGUMENT
    assert status_for(OutOfStock()) == grpc.StatusCode.FAILED_PRECONDITION
    assert is_retryable(grpc.StatusCode.UNAVAILABLE)
    assert not is_retryable(grpc.StatusCode.DEADLINE_EXCEEDED)  # the work may have happened
    assert not is_retryable(grpc.StatusCode.FAILED_PRECONDITION)


class Flaky(InventoryService):
    """Answers UNAVAILABLE to the first `failures` calls of each method, and counts attempts."""

    def __init__(self, failures: int) -> None:
        super().__init__(Store(sample(2)))
        self.failures = failures
        self.attempts: dict[str, int] = {"GetItem": 0, "Reserve": 0}

    async def _maybe_fail(self, method: str, context: Any) -> None:
        self.attempts[method] += 1
        if self.attempts[method] <= self.failures:
            await context.abort(grpc.StatusCode.UNAVAILABLE, "restarting")

    async def GetItem(self, request: pb.GetItemRequest, context: Any) -> pb.Item:
        await self._maybe_fail("GetItem", context)
        return await super().GetItem(request, context)

    async def Reserve(self, request: pb.ReserveRequest, context: Any) -> pb.Reservation:
        await self._maybe_fail("Reserve", context)
        return await super().Reserve(request, context)


async def test_the_service_config_retries_an_idempotent_call_on_unavailable() -> None:
    flaky = Flaky(failures=2)
    running = await start(flaky, TOKENS)
    try:
        async with client(running.port) as channel:
            item = await inventory(channel).GetItem(pb.GetItemRequest(sku="sku-0001"))
    finally:
        await drained(running.stop(None))
    assert item.sku == "sku-0001"
    assert flaky.attempts["GetItem"] == 3  # two UNAVAILABLE, retried by gRPC itself


async def test_a_non_idempotent_call_is_never_retried() -> None:
    flaky = Flaky(failures=1)
    running = await start(flaky, TOKENS)
    try:
        async with client(running.port) as channel:
            with pytest.raises(aio.AioRpcError) as caught:
                await inventory(channel).Reserve(pb.ReserveRequest(sku="sku-0001", quantity=1))
    finally:
        await drained(running.stop(None))
    assert caught.value.code() == grpc.StatusCode.UNAVAILABLE
    assert flaky.attempts["Reserve"] == 1


async def test_not_found_is_not_retried(served: Any) -> None:
    async with client(served.port) as channel:
        with pytest.raises(aio.AioRpcError) as caught:
            await inventory(channel).GetItem(pb.GetItemRequest(sku="nope"))
    assert caught.value.code() == grpc.StatusCode.NOT_FOUND
