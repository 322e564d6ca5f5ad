"""The downstream service: `GET /prices/{item_id}`. It runs as its own process, so the trace
reaches it only through the `traceparent` header the shop sends."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from prometheus_client import CollectorRegistry
from starlette.middleware import Middleware

from shopwatch._server_span import TracingMiddleware
from shopwatch.metrics import HttpMetrics, MetricsMiddleware


def create_pricing_app(tracer_provider: TracerProvider) -> FastAPI:
    tracer = tracer_provider.get_tracer("shopwatch.pricing")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        tracer_provider.force_flush()  # spans still in the batch go out before exit

    app = FastAPI(
        title="pricing",
        lifespan=lifespan,
        middleware=[
            Middleware(MetricsMiddleware, metrics=HttpMetrics(CollectorRegistry())),
            Middleware(TracingMiddleware, tracer=tracer),
        ],
    )

    @app.get("/prices/{item_id}")
    async def price(item_id: str) -> dict[str, object]:
        cents = 100 + sum(item_id.encode()) % 900  # a stand-in for a real price lookup
        span = trace.get_current_span()
        span.add_event("price looked up", {"item.id": item_id, "price.cents": cents})
        return {"item_id": item_id, "price": cents / 100}

    return app
