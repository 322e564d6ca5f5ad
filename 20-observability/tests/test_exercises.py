"""Exercises from README.md: delete an exercise's skip line once you have done it.

Reference solutions are in solutions/; try first.
"""

from __future__ import annotations

import httpx2 as httpx
import pytest
import redis
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from prometheus_client.parser import text_string_to_metric_families

from shopwatch import Settings, create_app
from tests.support import serve_in_thread, wait_for


@pytest.mark.skip(reason="exercise 1: answer every request with its trace id in X-Trace-Id")
def test_exercise_1_the_response_names_its_trace(
    provider: TracerProvider, exporter: InMemorySpanExporter
) -> None:
    settings = Settings(redis_url="redis://127.0.0.1:1/0", pricing_url="http://127.0.0.1:1")
    with serve_in_thread(create_app(settings, tracer_provider=provider)) as url:
        response = httpx.get(f"{url}/healthz")
    (span,) = wait_for(lambda: exporter.get_finished_spans() or None, "the server span")
    assert response.headers["X-Trace-Id"] == format(span.context.trace_id, "032x")


@pytest.mark.skip(reason="exercise 2: count pricing failures by reason")
def test_exercise_2_pricing_failures_are_counted_by_reason(redis_url: str, key_prefix: str) -> None:
    redis.Redis.from_url(redis_url).set(f"{key_prefix}stock:apple", 1)
    settings = Settings(
        redis_url=redis_url, key_prefix=key_prefix, pricing_url="http://127.0.0.1:1"
    )
    with serve_in_thread(create_app(settings)) as url:
        httpx.get(f"{url}/items/apple")
        httpx.get(f"{url}/items/apple")
        text = httpx.get(f"{url}/metrics").text
    samples = {
        (s.name, s.labels.get("reason")): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }
    assert samples["shopwatch_pricing_errors_total", "ConnectError"] == 2.0
