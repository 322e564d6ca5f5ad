"""RED metrics (Rate, Errors, Duration) per route, for prometheus-client.

Labels are the method, the route *template* (`/items/{item_id}`) and the status code: a raw
path or a user id as a label makes one time series per value, and the series count explodes.
"""

from __future__ import annotations

import os
import time

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The shop answers from Redis in about a millisecond and waits for the pricing service, so
# most requests take 2-50 ms; the SLO (99% under 250 ms) needs a bucket edge at 0.25. Buckets
# finer around the target tell a slow week from a broken one; a handful more cost little.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
UNMATCHED = "<unmatched>"  # every path no route matched shares one label value


class HttpMetrics:
    """The three RED instruments, registered in `registry` (one per app, so tests stay apart)."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry
        self.requests = Counter(
            "shopwatch_http_requests",
            "HTTP requests answered, by route template and status.",
            ["method", "route", "status"],
            registry=registry,
        )
        self.duration = Histogram(
            "shopwatch_http_request_duration_seconds",
            "Time from request start to response start, by route template.",
            ["method", "route"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.in_progress = Gauge(
            "shopwatch_http_requests_in_progress",
            "Requests being handled now.",
            ["method"],
            registry=registry,
            multiprocess_mode="livesum",  # with several workers: the sum over live ones
        )


class MetricsMiddleware:
    """Pure ASGI middleware: count, time and gauge every HTTP request by its route template."""

    def __init__(self, app: ASGIApp, metrics: HttpMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        status = 500  # what the client gets if the app raises before it answers
        started = time.perf_counter()

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        in_progress = self.metrics.in_progress.labels(method)
        in_progress.inc()
        try:
            await self.app(scope, receive, send_status)
        finally:
            in_progress.dec()
            route = route_template(scope)
            self.metrics.requests.labels(method, route, str(status)).inc()
            self.metrics.duration.labels(method, route).observe(time.perf_counter() - started)


def route_template(scope: Scope) -> str:
    """`/items/{item_id}` for the matched route; the router puts it in the scope."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else UNMATCHED


def render_metrics(registry: CollectorRegistry) -> tuple[bytes, str]:
    """The exposition text for a scrape, and its content type.

    With PROMETHEUS_MULTIPROC_DIR set (several worker processes), every process writes its
    values to files there, and a scrape reads all of them: whichever worker answers, the
    numbers are the sum over the workers, not that worker's own share.
    """
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        collected = CollectorRegistry()
        MultiProcessCollector(collected)  # type: ignore[no-untyped-call]  # untyped in 0.26
        return generate_latest(collected), CONTENT_TYPE_LATEST
    return generate_latest(registry), CONTENT_TYPE_LATEST
