"""Helpers shared by the tests: seeding accounts and reading balances through the engine."""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import Engine, text

DEADLINE = 20.0  # seconds: bounds a hang, never measures speed


def seed(engine: Engine, **balances: int) -> dict[str, int]:
    """Create one account per keyword (owner=balance); return owner -> id."""
    ids: dict[str, int] = {}
    with engine.begin() as conn:
        for owner, balance in balances.items():
            conn.execute(
                text("INSERT INTO accounts (owner, balance) VALUES (:o, :b)"),
                {"o": owner, "b": balance},
            )
            ids[owner] = conn.execute(
                text("SELECT id FROM accounts WHERE owner = :o"), {"o": owner}
            ).scalar_one()
    return ids


def balance(engine: Engine, account_id: int) -> int:
    with engine.connect() as conn:
        value = conn.execute(
            text("SELECT balance FROM accounts WHERE id = :id"), {"id": account_id}
        ).scalar_one()
    return int(value)


def total_money(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(text("SELECT COALESCE(SUM(balance), 0) FROM accounts")).scalar_one()
        )


def poll(condition: Callable[[], bool], what: str) -> None:
    """Wait until `condition()` holds, or fail after DEADLINE seconds."""
    deadline = time.monotonic() + DEADLINE
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def statements_waiting_for_a_lock(engine: Engine, kind: str, prefix: str) -> int:
    """How many other sessions are inside a statement starting with `prefix`, waiting.

    Postgres says so directly (wait_event_type 'Lock'). On MySQL/MariaDB the course user may
    read only its own threads in the processlist (no PROCESS privilege for innodb_trx), so a
    statement still running there while our transaction holds the row is a statement waiting.
    """
    if kind == "postgres":
        sql = (
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND wait_event_type = 'Lock' AND query LIKE :p"
        )
    else:
        sql = (
            "SELECT COUNT(*) FROM information_schema.PROCESSLIST "
            "WHERE ID <> CONNECTION_ID() AND DB = DATABASE() AND INFO LIKE :p"
        )
    with engine.connect() as conn:
        return int(conn.execute(text(sql), {"p": prefix + "%"}).scalar_one())
