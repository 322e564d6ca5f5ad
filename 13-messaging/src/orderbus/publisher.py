"""Publishing that knows whether the broker took the message.

The channel has publisher confirms on (the broker acks each message once a durable queue has
it) and `on_return_raises=True` (a `mandatory` message that no queue is bound for comes back as
an error instead of vanishing). Without both, `publish` returns as soon as the bytes are in the
socket buffer, whatever becomes of them.
"""

from __future__ import annotations

from aio_pika.abc import AbstractExchange
from aiormq.exceptions import DeliveryError
from pamqp.commands import Basic

from orderbus.errors import NotConfirmed, Unroutable
from orderbus.messages import OrderPlaced, to_message


class Publisher:
    def __init__(self, exchange: AbstractExchange) -> None:
        self.exchange = exchange  # on a channel(publisher_confirms=True, on_return_raises=True)

    async def publish(self, event: OrderPlaced, *, message_id: str | None = None) -> str:
        """Publish and wait for the broker's confirm; return the message id."""
        message = to_message(event, message_id=message_id)
        try:
            confirmation = await self.exchange.publish(message, event.routing_key, mandatory=True)
        except DeliveryError as exc:  # returned: no queue is bound for this routing key
            raise Unroutable(event.routing_key) from exc
        if not isinstance(confirmation, Basic.Ack):
            raise NotConfirmed(event.routing_key)
        if message.message_id is None:  # to_message always sets one
            raise RuntimeError("message has no message_id")
        return message.message_id
