"""Isolation levels, shown rather than described: read a row twice in one transaction while
another connection changes it in between.

    READ COMMITTED   each statement sees what was committed before it started: the second
                     read sees the other transaction's change (a non-repeatable read).
                     Postgres' default.
    REPEATABLE READ  the transaction reads from one snapshot: both reads agree.
                     MySQL/MariaDB InnoDB's default.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from sqlalchemy import Engine, text

Level = Literal["READ COMMITTED", "REPEATABLE READ", "SERIALIZABLE"]


def read_twice(
    engine: Engine, level: Level, account_id: int, between: Callable[[], None]
) -> tuple[int, int]:
    """The balance read twice in one transaction at `level`, with `between()` in between."""
    with engine.connect().execution_options(isolation_level=level) as conn, conn.begin():
        query = text("SELECT balance FROM accounts WHERE id = :id")
        first = conn.execute(query, {"id": account_id}).scalar_one()
        between()
        second = conn.execute(query, {"id": account_id}).scalar_one()
    return int(first), int(second)


def set_balance(engine: Engine, account_id: int, balance: int) -> None:
    """Another client's committed change (its own connection and transaction)."""
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE accounts SET balance = :b WHERE id = :id"),
            {"b": balance, "id": account_id},
        )
