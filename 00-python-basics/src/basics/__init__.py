"""Lesson 00: Python's object model, as the mental model for everything after it."""

from basics.composition import (
    AutoDelegatingStore,
    CountingStore,
    LowerKeysDict,
    LowerKeysMap,
    MemoryStore,
    Store,
)
from basics.defaults import DEFAULT_TIMEOUT, MISSING, User, patch_user, resolve_timeout
from basics.errors import BasicsError, CurrencyMismatchError, InvalidMoneyError
from basics.memory import bytes_per_instance, deep_sizeof
from basics.protocols import EmailNotifier, Notifier, SmsNotifier, broadcast
from basics.signup import SignupResult
from basics.values import LineItem, Money, Order, Quote

__all__ = [
    "DEFAULT_TIMEOUT",
    "MISSING",
    "AutoDelegatingStore",
    "BasicsError",
    "CountingStore",
    "CurrencyMismatchError",
    "EmailNotifier",
    "InvalidMoneyError",
    "LineItem",
    "LowerKeysDict",
    "LowerKeysMap",
    "MemoryStore",
    "Money",
    "Notifier",
    "Order",
    "Quote",
    "SignupResult",
    "SmsNotifier",
    "Store",
    "User",
    "broadcast",
    "bytes_per_instance",
    "deep_sizeof",
    "patch_user",
    "resolve_timeout",
]
