"""The package's exceptions.

JobError                  base: catch this to handle any of them
├── OrderNotFound         a job names an order that is not (or not yet) committed
├── PaymentDeclined       the payment can never succeed: retrying will not help (poison)
└── ProviderUnavailable   the payment provider is down for now: worth retrying later
"""

from __future__ import annotations


class JobError(Exception):
    """Base class: `except JobError` handles every failure a job raises on purpose."""


class OrderNotFound(JobError):
    """The order id a job carries is not visible: rolled back, or not committed yet."""


class PaymentDeclined(JobError):
    """A permanent failure: the same input fails the same way on every attempt."""


class ProviderUnavailable(JobError):
    """A transient failure: the same input may succeed on a later attempt."""
