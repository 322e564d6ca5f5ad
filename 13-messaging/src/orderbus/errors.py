"""Errors of the order bus.

    OrderBusError            base: catch this at the edge
     ├── Unroutable          the broker returned a mandatory message: no queue is bound for it
     └── NotConfirmed        the broker refused (nacked) a published message

A handler's own failure is not one of these: the consumer turns it into a retry or a dead
letter (`orderbus.consumer`), never into an exception that stops consuming.
"""

from __future__ import annotations


class OrderBusError(Exception):
    """Base of the order bus's errors::

    try:
        await publisher.publish(event)
    except OrderBusError as exc:
        ...  # the event was NOT accepted: keep it (outbox) and retry, or fail the request
    """


class Unroutable(OrderBusError):
    def __init__(self, routing_key: str) -> None:
        super().__init__(f"no queue is bound for routing key {routing_key!r}")
        self.routing_key = routing_key


class NotConfirmed(OrderBusError):
    def __init__(self, routing_key: str) -> None:
        super().__init__(f"the broker did not confirm the message for {routing_key!r}")
        self.routing_key = routing_key
