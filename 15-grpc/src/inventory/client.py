"""The client side: one channel with its service config, keepalive and size limits.

The retry policy lives in the service config, not in a loop around the call: gRPC itself
retries GetItem and ListItems (idempotent: asking twice changes nothing) on UNAVAILABLE only,
with exponential backoff, and never retries Reserve (not idempotent: a retry after a lost
answer would reserve twice).
"""

from __future__ import annotations

import json

from grpc import aio

from inventory.interceptors import call_defaults
from inventory.pb import inventory_pb2_grpc as pb_grpc

SERVICE = "inventory.v1.Inventory"
MAX_MESSAGE_BYTES = 1024 * 1024  # both directions; the server uses the same limit
SERVICE_CONFIG = {
    "methodConfig": [
        {
            "name": [
                {"service": SERVICE, "method": "GetItem"},
                {"service": SERVICE, "method": "ListItems"},
            ],
            "retryPolicy": {
                "maxAttempts": 4,
                "initialBackoff": "0.05s",
                "maxBackoff": "1s",
                "backoffMultiplier": 2,
                "retryableStatusCodes": ["UNAVAILABLE"],
            },
        }
    ]
}
CHANNEL_OPTIONS = [
    ("grpc.service_config", json.dumps(SERVICE_CONFIG)),
    ("grpc.enable_retries", 1),
    ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
    ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
    # Ping an idle connection every 30 s and drop it if no answer in 10 s: a peer that vanished
    # (a NAT or load balancer that forgot the flow) is found before a call is sent into it.
    ("grpc.keepalive_time_ms", 30_000),
    ("grpc.keepalive_timeout_ms", 10_000),
]


def connect(target: str, token: str, *, default_timeout: float = 2.0) -> aio.Channel:
    """An insecure channel (TLS is out of this lesson's scope) with the course's defaults."""
    return aio.insecure_channel(
        target,
        options=CHANNEL_OPTIONS,
        interceptors=call_defaults(token, default_timeout),
    )


def stub(channel: aio.Channel) -> pb_grpc.InventoryAsyncStub:
    return pb_grpc.InventoryStub(channel)  # typed as the async stub for an aio channel
