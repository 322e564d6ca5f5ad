"""One trace across RabbitMQ: the publisher puts `traceparent` in the message headers, the
consumer continues the trace from them (a PRODUCER span, then a CONSUMER span, one trace)."""

from __future__ import annotations

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractIncomingMessage
from opentelemetry.trace import SpanKind, Tracer

from shopwatch.tracing import extract, inject, record_failure


async def publish_order(channel: AbstractChannel, tracer: Tracer, queue: str, body: bytes) -> None:
    with tracer.start_as_current_span(f"{queue} publish", kind=SpanKind.PRODUCER) as span:
        span.set_attribute("messaging.system", "rabbitmq")
        span.set_attribute("messaging.destination.name", queue)
        headers: dict[str, str] = {}
        inject(headers)
        message = aio_pika.Message(body, headers=dict(headers), content_type="application/json")
        await channel.default_exchange.publish(message, routing_key=queue)


async def handle_order(message: AbstractIncomingMessage, tracer: Tracer) -> None:
    """Process one delivery inside a CONSUMER span that continues the publisher's trace."""
    carrier = {k: v for k, v in message.headers.items() if isinstance(v, str)}
    with tracer.start_as_current_span(
        f"{message.routing_key} process", context=extract(carrier), kind=SpanKind.CONSUMER
    ) as span:
        span.set_attribute("messaging.system", "rabbitmq")
        try:
            span.set_attribute("order.bytes", len(message.body))
            await message.ack()
        except Exception as exc:
            record_failure(span, exc)
            await message.nack(requeue=False)
            raise
