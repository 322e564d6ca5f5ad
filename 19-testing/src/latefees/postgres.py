"""The real repository, on Postgres with psycopg 3.

It never commits on its own: each write is `with conn.transaction()`, which commits on an
autocommit connection and becomes a SAVEPOINT inside a transaction the caller already opened.
That is what lets a test wrap everything in one transaction and roll it back
(`tests/conftest.py`, `rollback_repo`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import psycopg
from psycopg.rows import class_row

from latefees.errors import DuplicateInvoice
from latefees.invoices import Invoice

SCHEMA = """
CREATE TABLE IF NOT EXISTS invoices (
    id           text PRIMARY KEY,
    email        text NOT NULL,
    amount_cents bigint NOT NULL CHECK (amount_cents > 0),
    due          date NOT NULL,
    fee_cents    bigint NOT NULL DEFAULT 0 CHECK (fee_cents >= 0),
    paid         boolean NOT NULL DEFAULT false
)
"""
COLUMNS = "id, email, amount_cents, due, fee_cents, paid"


def create_tables(conn: psycopg.Connection[object]) -> None:
    with conn.transaction():
        conn.execute(SCHEMA)


class PostgresInvoiceRepository:
    def __init__(self, conn: psycopg.Connection[object]) -> None:
        self.conn = conn

    def add(self, invoice: Invoice) -> None:
        try:
            with self.conn.transaction():
                self.conn.execute(
                    f"INSERT INTO invoices ({COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s)",
                    (
                        invoice.id,
                        invoice.email,
                        invoice.amount_cents,
                        invoice.due,
                        invoice.fee_cents,
                        invoice.paid,
                    ),
                )
        except psycopg.errors.UniqueViolation as exc:
            raise DuplicateInvoice(invoice.id) from exc

    def get(self, invoice_id: str) -> Invoice | None:
        with self.conn.cursor(row_factory=class_row(Invoice)) as cur:
            cur.execute(f"SELECT {COLUMNS} FROM invoices WHERE id = %s", (invoice_id,))
            return cur.fetchone()

    def unassessed_overdue(self, today: date) -> Sequence[Invoice]:
        with self.conn.cursor(row_factory=class_row(Invoice)) as cur:
            cur.execute(
                f"SELECT {COLUMNS} FROM invoices"
                " WHERE NOT paid AND fee_cents = 0 AND due < %s ORDER BY due, id",
                (today,),
            )
            return cur.fetchall()

    def record_fee(self, invoice_id: str, fee_cents: int) -> None:
        with self.conn.transaction():
            self.conn.execute(
                "UPDATE invoices SET fee_cents = %s WHERE id = %s", (fee_cents, invoice_id)
            )
