"""A log line leads to its trace: structlog lines carry the current trace_id and span_id."""

from __future__ import annotations

import io
import json

import structlog
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from shopwatch import configure_logging


def test_log_lines_carry_the_trace_and_span_ids(
    provider: TracerProvider, exporter: InMemorySpanExporter
) -> None:
    out = io.StringIO()
    configure_logging(out)
    log = structlog.get_logger("test")
    with provider.get_tracer("test").start_as_current_span("work"):
        log.info("inside")
    log.info("outside")

    (span,) = exporter.get_finished_spans()
    inside, outside = (json.loads(line) for line in out.getvalue().splitlines())
    assert inside["trace_id"] == format(span.context.trace_id, "032x")
    assert inside["span_id"] == format(span.context.span_id, "016x")
    assert "trace_id" not in outside
