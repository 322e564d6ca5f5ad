"""The shop: `GET /items/{item_id}` reads stock from Redis and asks the pricing service (another
process) for the price; `GET /metrics` is what Prometheus scrapes.

Composition root: `create_app` wires settings, the Redis client, the HTTP client, metrics and
tracing; the lifespan opens and closes them.
"""

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import structlog
from fastapi import FastAPI, HTTPException, Request, Response
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.trace import SpanKind, Tracer
from prometheus_client import CollectorRegistry
from redis.asyncio import Redis
from starlette.middleware import Middleware

from shopwatch._server_span import TracingMiddleware
from shopwatch.metrics import HttpMetrics, MetricsMiddleware, render_metrics
from shopwatch.offload import run_blocking
from shopwatch.settings import Settings
from shopwatch.tracing import inject, record_failure

log = structlog.get_logger("shopwatch.shop")


def create_app(
    settings: Settings,
    *,
    tracer_provider: TracerProvider | None = None,
    registry: CollectorRegistry | None = None,
    metrics: bool = True,
) -> FastAPI:
    """The shop app. No tracer provider: no spans (a no-op tracer). `metrics=False`: no RED
    middleware (the benchmark's baseline)."""
    registry = registry or CollectorRegistry()
    tracer: Tracer = (
        tracer_provider.get_tracer("shopwatch")
        if tracer_provider is not None
        else trace.NoOpTracer()
    )
    middleware = []
    if metrics:  # listed first: outermost, so it also times and counts the tracing work
        middleware.append(Middleware(MetricsMiddleware, metrics=HttpMetrics(registry)))
    if tracer_provider is not None:
        middleware.append(Middleware(TracingMiddleware, tracer=tracer))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        redis = Redis.from_url(settings.redis_url, socket_timeout=2, socket_connect_timeout=2)
        async with httpx.AsyncClient(base_url=settings.pricing_url, timeout=2.0) as client:
            app.state.redis = redis
            app.state.pricing = client
            try:
                yield
            finally:
                await redis.aclose()
                if tracer_provider is not None:
                    tracer_provider.force_flush()  # spans still in the batch go out now

    app = FastAPI(title="shop", lifespan=lifespan, middleware=middleware)

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/metrics")
    async def metrics_endpoint() -> Response:
        body, content_type = render_metrics(registry)
        return Response(body, media_type=content_type)

    @app.get("/items/{item_id}")
    async def get_item(item_id: str, request: Request) -> dict[str, object]:
        redis: Redis = request.app.state.redis
        with tracer.start_as_current_span("redis GET", kind=SpanKind.CLIENT) as span:
            span.set_attribute("db.system.name", "redis")
            stock = await redis.get(f"{settings.key_prefix}stock:{item_id}")
        if stock is None:
            raise HTTPException(status_code=404, detail="no such item")
        price = await fetch_price(request.app.state.pricing, tracer, item_id)
        log.info("item_served", item_id=item_id, priced=price is not None)
        return {"item_id": item_id, "stock": int(stock), "price": price}

    @app.get("/items/{item_id}/receipt")
    async def receipt(item_id: str, response: Response) -> dict[str, str]:
        # Which worker process answered: with several workers, each has its own memory.
        response.headers["X-Worker-Pid"] = str(os.getpid())
        # CPU-bound work goes to a thread; its span must still be a child of this request's.
        return {"receipt": await run_blocking(render_receipt, tracer, item_id)}

    return app


async def fetch_price(client: httpx.AsyncClient, tracer: Tracer, item_id: str) -> float | None:
    """The price from the pricing service, or None when it cannot be had (the shop degrades).

    The outgoing request carries `traceparent`, so the pricing service's span joins our trace.
    """
    with tracer.start_as_current_span("GET /prices/{item_id}", kind=SpanKind.CLIENT) as span:
        headers: dict[str, str] = {}
        inject(headers)
        try:
            response = await client.get(f"/prices/{item_id}", headers=headers)
            response.raise_for_status()
            return float(response.json()["price"])
        except httpx.HTTPError as exc:
            # Degrading is a decision; hiding the failure is not. The span says it failed.
            record_failure(span, exc)
            log.warning(
                "price_unavailable", item_id=item_id, error=type(exc).__name__, exc_info=True
            )
            return None


def render_receipt(tracer: Tracer, item_id: str) -> str:
    """Blocking work (think: a PDF), run in a thread pool."""
    with tracer.start_as_current_span("render receipt") as span:
        span.set_attribute("item.id", item_id)
        log.info("receipt_rendered", item_id=item_id)
        return f"receipt for {item_id}"
