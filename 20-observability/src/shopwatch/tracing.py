"""Tracing set-up: one TracerProvider per process, parent-based ratio sampling, W3C context."""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping

from opentelemetry.context import Context
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter
from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased
from opentelemetry.trace import Span, Status, StatusCode
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

PROPAGATOR = TraceContextTextMapPropagator()  # the `traceparent` header, W3C Trace Context


def make_tracer_provider(
    service_name: str, ratio: float = 1.0, exporter: SpanExporter | None = None
) -> TracerProvider:
    """A provider that keeps `ratio` of new traces and always follows a caller's decision.

    ParentBased: a request that arrives with a sampled `traceparent` is recorded whatever the
    ratio, so a trace is never cut in half between services.
    """
    provider = TracerProvider(
        resource=Resource.create({"service.name": service_name}),
        sampler=ParentBased(TraceIdRatioBased(ratio)),
    )
    if exporter is not None:
        provider.add_span_processor(BatchSpanProcessor(exporter))
    return provider


def inject(carrier: MutableMapping[str, str], context: Context | None = None) -> None:
    """Write the current span's `traceparent` into outgoing headers."""
    PROPAGATOR.inject(carrier, context=context)


def extract(carrier: Mapping[str, str]) -> Context:
    """The caller's span context from incoming headers (an empty context if there is none)."""
    return PROPAGATOR.extract(carrier)


def record_failure(span: Span, exc: BaseException) -> None:
    """Mark a span failed: the exception as an event, and status ERROR.

    `start_as_current_span` does this itself for an exception that leaves the `with` block;
    code that catches the exception inside the span must do it, or the span stays OK.
    """
    span.record_exception(exc)
    span.set_status(Status(StatusCode.ERROR, type(exc).__name__))
