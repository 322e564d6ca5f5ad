"""Exercises from README.md: delete an exercise's skip line once you have done it.

Reference solutions are in solutions/; try first.
"""

from __future__ import annotations

from typing import Any, cast

import grpc
import pytest
from grpc import aio

from inventory import OutOfStock, Running, errors
from inventory.pb import inventory_pb2 as pb
from tests.support import READER, client, inventory

pytestmark = pytest.mark.anyio


@pytest.mark.skip(reason="exercise 1: add errors.from_status, the client's side of the mapping")
async def test_exercise_1_a_status_code_becomes_the_domain_error_again(served: Running) -> None:
    from_status = cast(Any, errors).from_status
    async with client(served.port) as channel:
        with pytest.raises(aio.AioRpcError) as caught:
            await inventory(channel).Reserve(pb.ReserveRequest(sku="sku-0002", quantity=10_000))

    error = from_status(caught.value.code(), caught.value.details())

    assert type(error) is OutOfStock
    assert str(error) == caught.value.details()
    assert from_status(grpc.StatusCode.UNAVAILABLE, "restarting") is None  # not a domain error


@pytest.mark.skip(reason="exercise 2: add ListItemsRequest.min_quantity and filter on it")
async def test_exercise_2_list_items_filters_by_min_quantity(served: Running) -> None:
    request = cast(Any, pb.ListItemsRequest)(min_quantity=103)
    async with client(served.port, READER) as channel:
        skus = [item.sku async for item in inventory(channel).ListItems(request)]
    assert skus == ["sku-0003", "sku-0004"]
