"""An inventory service over gRPC (grpc.aio): the lesson's package.

`server.start` builds and starts the server, `client.connect` the channel, `service` holds the
servicer, `interceptors` what every call goes through, `errors` the domain errors and their
status codes; `pb/` is generated from `proto/` by `scripts/generate.py`.
"""

from inventory.client import connect, stub
from inventory.errors import InvalidQuantity, InventoryError, NotFound, OutOfStock
from inventory.server import Running, start
from inventory.service import InventoryService
from inventory.store import Stock, Store, sample

__all__ = [
    "InvalidQuantity",
    "InventoryError",
    "InventoryService",
    "NotFound",
    "OutOfStock",
    "Running",
    "Stock",
    "Store",
    "connect",
    "sample",
    "start",
    "stub",
]
