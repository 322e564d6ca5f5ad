"""Proto evolution on a real wire: a server built from one generation of `Price`, a client
built from another. The method path is the same; only field numbers travel.

    gen1         sku=1, price_cents=2, discount_cents=3        (the old client)
    gen2_reused  sku=1, price_cents=2, stock_on_hand=3         (number 3 reused: corrupts gen1)
    gen2         sku=1, price_cents=2, reserved 3, stock_on_hand=4   (safe)
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import grpc
from google.protobuf.message import Message
from grpc import aio

METHOD = "/catalog.Catalog/GetPrice"
M = TypeVar("M", bound=Message)


@asynccontextmanager
async def price_server(price_type: Any, **fields: Any) -> AsyncIterator[int]:
    """Serve GetPrice(sku) -> `price_type(sku=..., **fields)` on a free port; yield the port."""

    async def get_price(request: Any, context: aio.ServicerContext[Any, Any]) -> Any:
        return price_type(sku=request.sku, **fields)

    handler = grpc.unary_unary_rpc_method_handler(
        get_price,
        request_deserializer=price_type.FromString,
        response_serializer=price_type.SerializeToString,
    )
    server = aio.server()
    server.add_generic_rpc_handlers(
        (grpc.method_handlers_generic_handler("catalog.Catalog", {"GetPrice": handler}),)
    )
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    try:
        yield port
    finally:
        await server.stop(grace=1)  # lets the client see a clean GOAWAY, not a reset


async def get_price(port: int, price_type: type[M], sku: str) -> M:
    """Call GetPrice as a client compiled from `price_type`'s generation would."""
    async with aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        call: aio.UnaryUnaryMultiCallable[M, M] = channel.unary_unary(
            METHOD,
            request_serializer=lambda message: message.SerializeToString(),
            response_deserializer=price_type.FromString,
        )
        response: M = await call(price_type(sku=sku), timeout=5)
        return response
