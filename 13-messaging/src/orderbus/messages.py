"""What travels: an OrderPlaced event as JSON, in a persistent message with a message id."""

from __future__ import annotations

import uuid

import aio_pika
from pydantic import BaseModel, ConfigDict, Field

ATTEMPTS = "x-attempts"  # our own retry count; RabbitMQ 4 no longer counts x-death for us


class OrderPlaced(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    order_id: str = Field(min_length=1, max_length=64)
    customer: str = Field(min_length=1, max_length=64)
    amount_cents: int = Field(gt=0)
    region: str = Field(default="eu", pattern=r"^[a-z]{2}$")

    @property
    def routing_key(self) -> str:
        return f"order.placed.{self.region}"


def to_message(event: OrderPlaced, *, message_id: str | None = None) -> aio_pika.Message:
    """A persistent message (written to disk by a durable queue) whose id makes it idempotent:
    every redelivery and every re-publish of this event carries the same id."""
    return aio_pika.Message(
        body=event.model_dump_json().encode(),
        content_type="application/json",
        message_id=message_id or str(uuid.uuid4()),
        delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        headers={ATTEMPTS: 0},
    )
