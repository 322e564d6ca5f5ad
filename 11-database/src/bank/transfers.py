"""Moving money correctly: one transaction, and updates the server computes.

- `transfer`: debit, credit and the ledger row in one transaction (`engine.begin()`):
  all three happen or none does. The two rows are updated in id order, so two opposite
  transfers never lock them in opposite orders (a deadlock), and a transaction the server
  rolled back as a deadlock or serialization victim is run again (`run_transaction`), after
  a jittered, exponentially growing pause (`Backoff`).
- `withdraw_atomic`: `UPDATE ... SET balance = balance - :n WHERE ... AND balance >= :n`.
  The server reads and writes the row under its row lock, so two concurrent withdrawals
  cannot both start from the same old balance.
- `withdraw_locked`: when the decision needs the value in Python, read it with
  `SELECT ... FOR UPDATE NOWAIT`: the row is locked until commit, and a second transaction
  asking for it fails at once (RowLocked) instead of waiting, so the caller decides to retry.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError, OperationalError

from bank.errors import (
    AccountNotFound,
    InsufficientFunds,
    RowLocked,
    is_lock_not_available,
    is_retryable,
)

T = TypeVar("T")


def _nothing() -> None:
    pass


def _exists(conn: Connection, account_id: int) -> bool:
    found = conn.execute(text("SELECT 1 FROM accounts WHERE id = :id"), {"id": account_id})
    return found.first() is not None


def withdraw_atomic(conn: Connection, account_id: int, amount: int) -> None:
    result = conn.execute(
        text("UPDATE accounts SET balance = balance - :n WHERE id = :id AND balance >= :n"),
        {"n": amount, "id": account_id},
    )
    if result.rowcount == 0:
        if not _exists(conn, account_id):
            raise AccountNotFound(account_id)
        raise InsufficientFunds(account_id, amount)


def deposit_atomic(conn: Connection, account_id: int, amount: int) -> None:
    result = conn.execute(
        text("UPDATE accounts SET balance = balance + :n WHERE id = :id"),
        {"n": amount, "id": account_id},
    )
    if result.rowcount == 0:
        raise AccountNotFound(account_id)


def withdraw_locked(
    conn: Connection, account_id: int, amount: int, *, after_read: Callable[[], None] = _nothing
) -> None:
    """Read-modify-write made safe by a row lock (FOR UPDATE NOWAIT: MySQL 8.0+, MariaDB
    10.3+, Postgres). `after_read` is the lab's seam: the tests run a rival there."""
    try:
        row = conn.execute(
            text("SELECT balance FROM accounts WHERE id = :id FOR UPDATE NOWAIT"),
            {"id": account_id},
        ).first()
    except OperationalError as exc:
        if is_lock_not_available(exc):
            raise RowLocked(f"account {account_id} is locked by another transaction") from exc
        raise
    if row is None:
        raise AccountNotFound(account_id)
    after_read()
    if row.balance < amount:
        raise InsufficientFunds(account_id, amount)
    conn.execute(
        text("UPDATE accounts SET balance = :balance WHERE id = :id"),
        {"balance": row.balance - amount, "id": account_id},
    )


@dataclass(frozen=True, slots=True)
class Backoff:
    """How long to wait before retry n (1, 2, ...): "full jitter" exponential backoff.

    The pause is uniform in [0, min(cap, base * 2**(n-1))): it grows with each retry, so a
    contended row gets room, and it is random, so two victims of the same deadlock do not
    retry in lockstep and collide again. `random` and `sleep` are seams for tests.
    """

    base: float = 0.02  # seconds
    cap: float = 1.0
    random: Callable[[], float] = random.random
    sleep: Callable[[float], None] = time.sleep

    def delay(self, retry: int) -> float:
        ceiling: float = min(self.cap, self.base * 2.0 ** (retry - 1))
        return self.random() * ceiling

    def pause(self, retry: int) -> None:
        self.sleep(self.delay(retry))


def run_transaction(
    engine: Engine,
    work: Callable[[Connection], T],
    *,
    attempts: int = 3,
    backoff: Backoff = Backoff(),  # frozen: one shared default is safe
) -> T:
    """Run `work` in a transaction; run it again (up to `attempts` in all), after a backoff
    pause, when the server aborted it as a deadlock or serialization victim. Other errors
    propagate at once. `work` must be safe to repeat: everything it did was rolled back."""
    for attempt in range(1, attempts + 1):
        try:
            with engine.begin() as conn:  # COMMIT at the end, ROLLBACK if anything raises
                return work(conn)
        except DBAPIError as exc:
            if attempt == attempts or not is_retryable(exc):
                raise
        backoff.pause(attempt)
    raise AssertionError("unreachable: the last attempt returns or raises")


def move(
    conn: Connection,
    from_id: int,
    to_id: int,
    amount: int,
    *,
    between: Callable[[], None] = _nothing,
) -> None:
    """The transfer's statements, inside the caller's transaction. `between` runs after the
    first row is locked and before the second (the tests' seam to stage two transfers)."""
    if amount <= 0 or from_id == to_id:
        raise ValueError("a transfer moves a positive amount between two accounts")
    # Lock the two rows in id order whatever the direction: A->B and B->A both lock the
    # lower id first, so neither can hold one row while waiting for the other.
    for step, account_id in enumerate(sorted((from_id, to_id))):
        if step == 1:
            between()
        if account_id == from_id:
            withdraw_atomic(conn, from_id, amount)
        else:
            deposit_atomic(conn, to_id, amount)
    conn.execute(
        text("INSERT INTO transfers (from_id, to_id, amount) VALUES (:f, :t, :n)"),
        {"f": from_id, "t": to_id, "n": amount},
    )


def transfer(engine: Engine, from_id: int, to_id: int, amount: int) -> None:
    """Move `amount` from one account to another: all of it happens, or none of it."""
    run_transaction(engine, lambda conn: move(conn, from_id, to_id, amount))
