"""The effects a job has: charge an order (idempotently) and record its receipt."""

from __future__ import annotations

from typing import Any

import psycopg

from jobqueue.errors import OrderNotFound, PaymentDeclined, ProviderUnavailable

CARD_LIMIT_CENTS = 1_000_000  # an order above this is declined on every attempt: a poison job


def charge(conn: psycopg.Connection[Any], order_id: int, key: str) -> bool:
    """Charge the order once per idempotency `key`, in the caller's transaction.

    Returns False when this key was charged before: the UNIQUE constraint on
    charges.idempotency_key turns the second insert into nothing. Raises OrderNotFound,
    PaymentDeclined (permanent) or ProviderUnavailable (transient).
    """
    row = conn.execute("SELECT amount_cents FROM orders WHERE id = %s", (order_id,)).fetchone()
    if row is None:
        raise OrderNotFound(f"order {order_id} does not exist (rolled back, or not committed)")
    amount = int(row[0])
    if conn.execute("SELECT 1 FROM outages").fetchone():
        raise ProviderUnavailable("the payment provider answered 503")
    if amount > CARD_LIMIT_CENTS:
        raise PaymentDeclined(f"order {order_id}: {amount} cents is over the card limit")
    inserted = conn.execute(
        "INSERT INTO charges (order_id, amount_cents, idempotency_key) VALUES (%s, %s, %s)"
        " ON CONFLICT (idempotency_key) DO NOTHING",
        (order_id, amount, key),
    )
    return inserted.rowcount == 1


def record_receipt(conn: psycopg.Connection[Any], order_id: int) -> None:
    """The step after the charge (in real life: e-mail the receipt). Idempotent too."""
    conn.execute("INSERT INTO receipts (order_id) VALUES (%s) ON CONFLICT DO NOTHING", (order_id,))


def count_attempt(url: str, order_id: int) -> None:
    """Record that a charge was tried, in a transaction of its own (so a rollback keeps it)."""
    with psycopg.connect(url) as conn:
        conn.execute("INSERT INTO attempts (order_id) VALUES (%s)", (order_id,))
