"""The business write and its job, in one transaction: the transactional outbox."""

from __future__ import annotations

from typing import Any

import psycopg

from jobqueue.queue import enqueue


def place_order(url: str, customer: str, sku: str, amount_cents: int) -> int:
    """Take one item of `sku` from stock, record the order, enqueue its charge; return its id.

    All three commit together or not at all: an order that rolls back (out of stock) leaves
    no job, and a committed order always has its job. Raises psycopg.errors.CheckViolation
    when the sku is out of stock.
    """
    with psycopg.connect(url) as conn, conn.transaction():
        order_id = insert_order(conn, customer, sku, amount_cents)
        enqueue(conn, "charge_order", {"order_id": order_id})
        conn.execute("UPDATE stock SET available = available - 1 WHERE sku = %s", (sku,))
    return order_id


def insert_order(conn: psycopg.Connection[Any], customer: str, sku: str, amount_cents: int) -> int:
    """Insert an order row in the caller's transaction; return its id."""
    row = conn.execute(
        "INSERT INTO orders (customer, sku, amount_cents) VALUES (%s, %s, %s) RETURNING id",
        (customer, sku, amount_cents),
    ).fetchone()
    if row is None:  # INSERT ... RETURNING gives one row
        raise RuntimeError("INSERT ... RETURNING returned no row")
    return int(row[0])


def add_stock(url: str, sku: str, available: int) -> None:
    with psycopg.connect(url) as conn:
        conn.execute(
            "INSERT INTO stock (sku, available) VALUES (%s, %s)"
            " ON CONFLICT (sku) DO UPDATE SET available = excluded.available",
            (sku, available),
        )
