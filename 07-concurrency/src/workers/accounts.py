"""Exercise 1: money moves between two accounts, each with its own lock.

`transfer` takes the source's lock, then the target's. That is correct for one transfer and
a deadlock for two opposite ones: thread 1 holds A and waits for B, thread 2 holds B and
waits for A, forever. The fix is yours (see the README's Exercises).
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class Account:
    def __init__(self, name: str, balance: int) -> None:
        self.name = name
        self.balance = balance
        self.lock = threading.Lock()


def _nothing() -> None:
    """The default gap between taking the first lock and the second."""


def transfer(
    source: Account, target: Account, amount: int, between: Callable[[], object] = _nothing
) -> None:
    """Move `amount` from source to target; both balances change together or not at all."""
    if amount <= 0:
        raise ValueError(f"amount must be positive, got {amount}")
    if source is target:  # threading.Lock is not reentrant: taking it twice would hang
        raise ValueError(f"cannot transfer from {source.name} to itself")
    with source.lock:
        between()  # the lab's hook: the other transfer takes its first lock here
        with target.lock:
            if source.balance < amount:
                raise ValueError(f"{source.name} has {source.balance}, cannot send {amount}")
            source.balance -= amount
            target.balance += amount
