"""Operating it: health checking, reflection, message size limits."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import grpc
import pytest
from grpc import aio
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import (
    ProtoReflectionDescriptorDatabase,
)

from inventory import Running
from inventory.client import CHANNEL_OPTIONS, MAX_MESSAGE_BYTES
from inventory.pb import inventory_pb2 as pb
from inventory.server import SERVER_OPTIONS
from tests.support import client, inventory, target

pytestmark = pytest.mark.anyio
SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING


async def test_health_answers_without_a_token_and_goes_not_serving_on_stop(
    served: Running,
) -> None:
    async with aio.insecure_channel(target(served.port)) as channel:
        # types-grpcio-health-checking's HealthStub declares no methods: type it by hand.
        health: Any = health_pb2_grpc.HealthStub(channel)
        asked = health_pb2.HealthCheckRequest(service="inventory.v1.Inventory")
        assert (await health.Check(asked, timeout=5)).status == SERVING
        watch = health.Watch(asked, timeout=10)
        assert (await watch.read()).status == SERVING
        await served.health.enter_graceful_shutdown()
        assert (await watch.read()).status == NOT_SERVING
        watch.cancel()


def list_services(port: int) -> list[str]:
    """What `buf curl --list-methods` or grpcurl's `list` would show, via reflection."""
    with grpc.insecure_channel(target(port)) as channel:
        return sorted(ProtoReflectionDescriptorDatabase(channel).get_services())


async def test_reflection_lists_the_services_and_describes_the_messages(served: Running) -> None:
    # The sync reflection client blocks: run it in a thread so this loop can serve it.
    services = await asyncio.to_thread(list_services, served.port)
    assert services == [
        "grpc.health.v1.Health",
        "grpc.reflection.v1alpha.ServerReflection",
        "inventory.v1.Inventory",
    ]


async def test_a_message_over_the_limit_is_refused_with_resource_exhausted(
    served: Running,
) -> None:
    async def huge() -> AsyncIterator[pb.Item]:
        yield pb.Item(sku="big", description="x" * (MAX_MESSAGE_BYTES + 1))

    async with aio.insecure_channel(target(served.port)) as channel:  # no client-side limit
        call = inventory(channel).ImportItems(
            huge(), metadata=(("authorization", "Bearer w-token"),), timeout=10
        )
        with pytest.raises(aio.AioRpcError) as caught:
            await call
    assert caught.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert "big" not in {item.sku for item in served.service.store.all()}


async def test_the_client_refuses_to_send_over_its_own_limit(served: Running) -> None:
    async with client(served.port) as channel:
        with pytest.raises(aio.AioRpcError) as caught:
            await inventory(channel).GetItem(pb.GetItemRequest(sku="x" * (MAX_MESSAGE_BYTES + 1)))
    assert caught.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED


def test_client_keepalive_pings_no_more_often_than_the_server_allows() -> None:
    """A client that pings more often than the server permits gets GOAWAY "too_many_pings"
    and UNAVAILABLE on its calls; the two option lists must agree."""
    client_options = dict(CHANNEL_OPTIONS)
    server_options = dict(SERVER_OPTIONS)
    assert server_options["grpc.keepalive_permit_without_calls"] == 1
    interval = server_options["grpc.http2.min_recv_ping_interval_without_data_ms"]
    client_ping = client_options["grpc.keepalive_time_ms"]
    assert isinstance(interval, int)
    assert isinstance(client_ping, int)
    assert client_ping >= interval
    assert server_options["grpc.so_reuseport"] == 0
