"""Spans, parents, attributes, events and status, asserted exactly with the in-memory exporter.
The shop and the pricing app run on real uvicorn servers (threads here; processes in
test_processes.py); Redis is the course's real Redis."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager

import httpx2 as httpx
import pytest
import redis
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

from shopwatch import Settings, create_app, create_pricing_app, make_tracer_provider
from tests.support import serve_in_thread, wait_for


def finished(exporter: InMemorySpanExporter, count: int) -> list[ReadableSpan]:
    """The spans once `count` have ended (a server span ends just after its response left)."""
    return wait_for(
        lambda: (
            list(exporter.get_finished_spans())
            if len(exporter.get_finished_spans()) >= count
            else None
        ),
        f"{count} finished spans",
    )


def by_name(spans: list[ReadableSpan]) -> dict[str, ReadableSpan]:
    return {span.name: span for span in spans}


@contextmanager
def shop(
    redis_url: str, key_prefix: str, provider: TracerProvider, pricing_url: str
) -> Iterator[str]:
    settings = Settings(redis_url=redis_url, key_prefix=key_prefix, pricing_url=pricing_url)
    with serve_in_thread(create_app(settings, tracer_provider=provider)) as url:
        yield url


@pytest.fixture
def pricing_url(provider: TracerProvider) -> Iterator[str]:
    with serve_in_thread(create_pricing_app(provider)) as url:
        yield url


def test_one_request_is_one_trace_with_exact_parents_and_attributes(
    redis_url: str,
    key_prefix: str,
    provider: TracerProvider,
    exporter: InMemorySpanExporter,
    pricing_url: str,
) -> None:
    redis.Redis.from_url(redis_url).set(f"{key_prefix}stock:apple", 7)
    with shop(redis_url, key_prefix, provider, pricing_url) as url:
        response = httpx.get(f"{url}/items/apple")
    assert response.json() == {"item_id": "apple", "stock": 7, "price": 6.3}

    spans = by_name(finished(exporter, 4))
    assert sorted(spans) == [
        "GET /items/{item_id}",
        "GET /prices/{item_id}",
        "redis GET",
    ]  # the shop's client span and pricing's server span share a name: both are there
    everything = exporter.get_finished_spans()
    assert len(everything) == 4
    server = spans["GET /items/{item_id}"]
    pricing_server, client = sorted(
        (s for s in everything if s.name == "GET /prices/{item_id}"),
        key=lambda s: s.kind == SpanKind.CLIENT,
    )
    assert {s.context.trace_id for s in everything} == {server.context.trace_id}
    assert server.parent is None
    assert spans["redis GET"].parent == server.context
    assert client.parent == server.context
    assert pricing_server.parent is not None
    assert pricing_server.parent.span_id == client.context.span_id  # through `traceparent`
    assert pricing_server.parent.is_remote
    assert server.attributes == {
        "http.request.method": "GET",
        "http.response.status_code": 200,
        "http.route": "/items/{item_id}",
    }
    (event,) = pricing_server.events
    assert event.name == "price looked up"
    assert event.attributes == {"item.id": "apple", "price.cents": 630}
    assert all(s.status.status_code is StatusCode.UNSET for s in everything)


def test_broken_a_swallowed_exception_leaves_the_span_ok(
    provider: TracerProvider, exporter: InMemorySpanExporter
) -> None:
    """The naive degrade: catch, fall back, say nothing. The trace shows a healthy call."""
    tracer = provider.get_tracer("test")
    with tracer.start_as_current_span("GET /prices/{item_id}"):
        try:
            raise ConnectionRefusedError("pricing is down")
        except ConnectionRefusedError:
            pass  # price = None

    (span,) = exporter.get_finished_spans()
    assert span.status.status_code is StatusCode.UNSET
    assert span.events == ()


def test_fixed_an_unreachable_pricing_service_marks_the_client_span_failed(
    redis_url: str, key_prefix: str, provider: TracerProvider, exporter: InMemorySpanExporter
) -> None:
    redis.Redis.from_url(redis_url).set(f"{key_prefix}stock:apple", 7)
    with shop(redis_url, key_prefix, provider, "http://127.0.0.1:1") as url:
        response = httpx.get(f"{url}/items/apple")
    assert response.json()["price"] is None  # the shop degrades...

    client = by_name(finished(exporter, 3))["GET /prices/{item_id}"]
    assert client.status.status_code is StatusCode.ERROR  # ...and the trace says why
    assert client.status.description == "ConnectError"
    (event,) = client.events
    assert event.name == "exception"
    assert event.attributes is not None
    assert event.attributes["exception.type"] == "httpx.ConnectError"


def test_an_unhandled_exception_records_it_and_answers_500(
    provider: TracerProvider, exporter: InMemorySpanExporter
) -> None:
    """Redis down: the route raises; the server span is ERROR with the exception recorded."""
    settings = Settings(redis_url="redis://127.0.0.1:1/0", pricing_url="http://127.0.0.1:1")
    with serve_in_thread(create_app(settings, tracer_provider=provider)) as url:
        response = httpx.get(f"{url}/items/apple")
    assert response.status_code == 500
    spans = by_name(finished(exporter, 2))
    server = spans["GET /items/{item_id}"]
    assert server.status.status_code is StatusCode.ERROR
    assert spans["redis GET"].events[0].name == "exception"


def test_broken_run_in_executor_loses_the_trace(
    provider: TracerProvider, exporter: InMemorySpanExporter
) -> None:
    tracer = provider.get_tracer("test")

    def blocking() -> None:
        with tracer.start_as_current_span("in the pool"):
            pass

    async def request() -> None:
        with tracer.start_as_current_span("request"):
            await asyncio.get_running_loop().run_in_executor(None, blocking)

    asyncio.run(request())
    spans = by_name(list(exporter.get_finished_spans()))
    assert spans["in the pool"].parent is None  # a new trace: the link is lost
    assert spans["in the pool"].context.trace_id != spans["request"].context.trace_id


def test_fixed_the_receipt_span_is_a_child_of_the_request(
    provider: TracerProvider, exporter: InMemorySpanExporter
) -> None:
    settings = Settings(redis_url="redis://127.0.0.1:1/0", pricing_url="http://127.0.0.1:1")
    with serve_in_thread(create_app(settings, tracer_provider=provider)) as url:
        assert httpx.get(f"{url}/items/pear/receipt").json() == {"receipt": "receipt for pear"}
    spans = by_name(finished(exporter, 2))
    assert spans["render receipt"].parent == spans["GET /items/{item_id}/receipt"].context


@pytest.mark.parametrize(
    ("flags", "recorded"), [("01", True), ("00", False)], ids=["sampled", "not-sampled"]
)
def test_parent_based_sampling_follows_the_callers_decision(flags: str, recorded: bool) -> None:
    """Ratio 0 keeps no new trace, yet a caller's sampled trace is always continued."""
    exporter = InMemorySpanExporter()
    provider = make_tracer_provider("shop", ratio=0.0)
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    trace_id = "4bf92f3577b34da6a3ce929d0e0e4736"
    settings = Settings(redis_url="redis://127.0.0.1:1/0", pricing_url="http://127.0.0.1:1")
    with serve_in_thread(create_app(settings, tracer_provider=provider)) as url:
        httpx.get(f"{url}/healthz")  # no traceparent: a new trace, ratio 0: dropped
        header = {"traceparent": f"00-{trace_id}-00f067aa0ba902b7-{flags}"}
        httpx.get(f"{url}/healthz", headers=header)
        httpx.get(f"{url}/items/x/receipt", headers=header)
    provider.shutdown()  # ends with the server; every span that will end has ended
    spans = exporter.get_finished_spans()
    if recorded:
        assert sorted(s.name for s in spans) == [
            "GET /healthz",
            "GET /items/{item_id}/receipt",
            "render receipt",
        ]
        assert {format(s.context.trace_id, "032x") for s in spans} == {trace_id}
    else:
        assert spans == ()
