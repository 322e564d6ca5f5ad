"""The inventory's domain errors, and the one place they become gRPC status codes.

    InventoryError
    ├── NotFound          -> NOT_FOUND            the sku does not exist
    ├── InvalidQuantity   -> INVALID_ARGUMENT     the request can never succeed as sent
    └── OutOfStock        -> FAILED_PRECONDITION  it may succeed once the state changes

The client side reads the code back: only UNAVAILABLE is safe to retry blindly, and only for
a method that is idempotent (GetItem, ListItems); see `RETRYABLE` and client.SERVICE_CONFIG.
"""

from __future__ import annotations

import grpc


class InventoryError(Exception):
    """Base class: every error the domain raises on purpose."""

    code = grpc.StatusCode.UNKNOWN


class NotFound(InventoryError):
    code = grpc.StatusCode.NOT_FOUND


class InvalidQuantity(InventoryError):
    code = grpc.StatusCode.INVALID_ARGUMENT


class OutOfStock(InventoryError):
    code = grpc.StatusCode.FAILED_PRECONDITION


# Codes where the same request may succeed if sent again unchanged. UNAVAILABLE means the
# request did not reach the handler (or the server is going away); RESOURCE_EXHAUSTED may be a
# rate limit. DEADLINE_EXCEEDED is *not* here: the work may have happened.
RETRYABLE = frozenset({grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.RESOURCE_EXHAUSTED})


def status_for(exc: InventoryError) -> grpc.StatusCode:
    """The status code a domain error is sent as."""
    return exc.code


def is_retryable(code: grpc.StatusCode) -> bool:
    """True where a client may send the same request again (idempotent methods only)."""
    return code in RETRYABLE
