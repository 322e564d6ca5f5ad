"""Build the server: the servicer, interceptors, health, reflection, limits, keepalive."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from grpc import aio
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_health.v1.health import aio as health_aio
from grpc_reflection.v1alpha import reflection

from inventory.client import MAX_MESSAGE_BYTES, SERVICE
from inventory.interceptors import AccessLog, AuthInterceptor
from inventory.pb import inventory_pb2
from inventory.pb import inventory_pb2_grpc as pb_grpc
from inventory.service import InventoryService

SERVER_OPTIONS = [
    # gRPC sets SO_REUSEPORT by default: a second server on the same port would start and
    # silently share the traffic. Off, a taken port is an error (exit 69 in serve.py).
    ("grpc.so_reuseport", 0),
    ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
    ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
    # Accept the clients' keepalive pings (every 30 s, even with no call in flight) instead of
    # answering them with GOAWAY "too_many_pings".
    ("grpc.keepalive_permit_without_calls", 1),
    ("grpc.http2.min_recv_ping_interval_without_data_ms", 20_000),
    # Our own pings, so a half-open client connection is closed after 2 h + 20 s.
    ("grpc.keepalive_time_ms", 2 * 60 * 60 * 1000),
    ("grpc.keepalive_timeout_ms", 20_000),
]


@dataclass(slots=True)
class Running:
    server: aio.Server
    port: int
    service: InventoryService
    health: health_aio.HealthServicer

    async def stop(self, grace: float | None) -> None:
        """Say NOT_SERVING, refuse new calls, let calls in flight finish for up to `grace` s."""
        await self.health.enter_graceful_shutdown()
        await self.server.stop(grace)
        self.service.close()


async def start(
    service: InventoryService, tokens: Mapping[str, str], host: str = "127.0.0.1", port: int = 0
) -> Running:
    """Start serving on host:port (0: any free port) and return the port actually bound."""
    server = aio.server(interceptors=[AccessLog(), AuthInterceptor(tokens)], options=SERVER_OPTIONS)
    pb_grpc.add_InventoryServicer_to_server(service, server)
    health = health_aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health, server)
    names = (
        inventory_pb2.DESCRIPTOR.services_by_name["Inventory"].full_name,
        health_pb2.DESCRIPTOR.services_by_name["Health"].full_name,
        reflection.SERVICE_NAME,
    )
    reflection.enable_server_reflection(names, server)
    bound = server.add_insecure_port(f"{host}:{port}")
    await server.start()
    for name in ("", SERVICE):
        await health.set(name, health_pb2.HealthCheckResponse.SERVING)
    return Running(server, bound, service, health)
