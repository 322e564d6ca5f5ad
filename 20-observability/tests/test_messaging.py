"""One trace across RabbitMQ: the publisher's PRODUCER span is the parent of the consumer's
CONSUMER span, carried by the `traceparent` message header. Queue `t-<hex>`, deleted after."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import aio_pika
import pytest
from aio_pika.abc import AbstractChannel
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from shopwatch.messaging import handle_order, publish_order

pytestmark = pytest.mark.anyio


@pytest.fixture
async def channel(amqp_url: str) -> AsyncIterator[AbstractChannel]:
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        yield await connection.channel()


@pytest.fixture
async def queue(channel: AbstractChannel) -> AsyncIterator[str]:
    name = f"t-{uuid.uuid4().hex}"
    await channel.declare_queue(name, durable=True)
    yield name
    await channel.queue_delete(name)


async def test_producer_and_consumer_are_one_trace(
    channel: AbstractChannel,
    queue: str,
    provider: TracerProvider,
    exporter: InMemorySpanExporter,
) -> None:
    tracer = provider.get_tracer("test")
    await publish_order(channel, tracer, queue, b'{"order": 1}')

    declared = await channel.get_queue(queue)
    message = await declared.get(timeout=10)
    assert message is not None
    assert "traceparent" in message.headers
    await handle_order(message, tracer)

    producer, consumer = sorted(exporter.get_finished_spans(), key=lambda s: s.kind.value)
    assert (producer.kind, consumer.kind) == (SpanKind.PRODUCER, SpanKind.CONSUMER)
    assert producer.name == f"{queue} publish"
    assert consumer.name == f"{queue} process"
    assert consumer.context.trace_id == producer.context.trace_id
    assert consumer.parent is not None
    assert consumer.parent.span_id == producer.context.span_id
