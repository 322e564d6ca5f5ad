"""The fake repository: a dict that behaves like the real thing, for fast tests.

A fake really works (unlike a stub, which only returns canned answers), so a test can call
the service and then look at what is stored. It is only worth having while it behaves like
Postgres: `tests/test_contract.py` holds it to that.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date

from latefees.invoices import Invoice


class InMemoryInvoiceRepository:
    def __init__(self) -> None:
        self._rows: dict[str, Invoice] = {}

    def add(self, invoice: Invoice) -> None:
        self._rows[invoice.id] = invoice

    def get(self, invoice_id: str) -> Invoice | None:
        return self._rows.get(invoice_id)

    def unassessed_overdue(self, today: date) -> Sequence[Invoice]:
        found = [
            row
            for row in self._rows.values()
            if not row.paid and row.fee_cents == 0 and row.due < today
        ]
        return sorted(found, key=lambda row: (row.due, row.id))

    def record_fee(self, invoice_id: str, fee_cents: int) -> None:
        self._rows[invoice_id] = dataclasses.replace(self._rows[invoice_id], fee_cents=fee_cents)
