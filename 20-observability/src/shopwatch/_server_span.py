"""A SERVER span per request, continuing the caller's trace from its `traceparent` header.

This is what opentelemetry-instrumentation-fastapi does for you (deeper.md compares them);
written out here so the parts are visible: extract, start, name by route template, status.
"""

from __future__ import annotations

from opentelemetry.trace import SpanKind, Status, StatusCode, Tracer
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shopwatch.metrics import route_template
from shopwatch.tracing import extract


class TracingMiddleware:
    def __init__(self, app: ASGIApp, tracer: Tracer) -> None:
        self.app = app
        self.tracer = tracer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        with self.tracer.start_as_current_span(
            method, context=extract(headers), kind=SpanKind.SERVER
        ) as span:
            span.set_attribute("http.request.method", method)

            async def send_status(message: Message) -> None:
                if message["type"] == "http.response.start":
                    status = message["status"]
                    span.set_attribute("http.response.status_code", status)
                    if status >= 500:  # a 4xx is the client's error, not the server's
                        span.set_status(Status(StatusCode.ERROR))
                await send(message)

            try:
                await self.app(scope, receive, send_status)
            finally:
                # The route is known only once the router ran: name the span after it then.
                route = route_template(scope)
                span.update_name(f"{method} {route}")
                span.set_attribute("http.route", route)
