"""Lesson 13: order events over RabbitMQ, designed for the failures."""

from orderbus.bootstrap import Bus, open_bus, open_pool, topology_of
from orderbus.consumer import PaymentConsumer
from orderbus.errors import NotConfirmed, OrderBusError, Unroutable
from orderbus.messages import ATTEMPTS, OrderPlaced, to_message
from orderbus.publisher import Publisher
from orderbus.settings import Settings
from orderbus.topology import Declared, Topology, declare

__all__ = [
    "ATTEMPTS",
    "Bus",
    "Declared",
    "NotConfirmed",
    "OrderBusError",
    "OrderPlaced",
    "PaymentConsumer",
    "Publisher",
    "Settings",
    "Topology",
    "Unroutable",
    "declare",
    "open_bus",
    "open_pool",
    "to_message",
    "topology_of",
]
