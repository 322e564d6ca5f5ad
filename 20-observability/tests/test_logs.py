"""A log line leads to its trace: structlog lines carry the current trace_id and span_id, and
a caught exception's line carries its traceback."""

from __future__ import annotations

import io
import json
import socket

import httpx
import pytest
import structlog
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from shopwatch import configure_logging
from shopwatch.app import fetch_price


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


@pytest.mark.anyio
async def test_a_fallback_logs_the_exception_with_its_traceback() -> None:
    """The pricing service refuses: `fetch_price` degrades to no price, and its warning carries
    the exception as data (type, message, frames), not only the exception's name."""
    out = io.StringIO()
    configure_logging(out)
    with socket.socket() as refusing:  # bound, never listening: a connect is refused at once
        refusing.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{refusing.getsockname()[1]}"
        async with httpx.AsyncClient(base_url=url, timeout=10) as client:
            price = await fetch_price(client, trace.NoOpTracer(), "apple")

    assert price is None
    (line,) = (json.loads(line) for line in out.getvalue().splitlines())
    assert (line["event"], line["level"], line["error"]) == (
        "price_unavailable",
        "warning",
        "ConnectError",
    )
    # httpx's ConnectError and the httpcore error it was raised from, each with its frames.
    assert line["exception"][0]["exc_type"] == "ConnectError"
    assert all(each["frames"] for each in line["exception"]), "the traceback's frames"
