"""The domain record and the two ports the service talks through."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Invoice:
    id: str
    email: str
    amount_cents: int
    due: date
    fee_cents: int = 0
    paid: bool = False


class InvoiceRepository(Protocol):
    """Where invoices live. The fake (`memory.py`) and Postgres (`postgres.py`) both satisfy
    it, and `tests/test_contract.py` runs one suite against both so they cannot drift."""

    def add(self, invoice: Invoice) -> None:
        """Store a new invoice; `DuplicateInvoice` if the id is taken."""
        ...

    def get(self, invoice_id: str) -> Invoice | None: ...

    def unassessed_overdue(self, today: date) -> Sequence[Invoice]:
        """Unpaid invoices due before `today` that carry no fee yet, oldest due date first."""
        ...

    def record_fee(self, invoice_id: str, fee_cents: int) -> None: ...


class Notifier(Protocol):
    def send(self, invoice_id: str, email: str, fee_cents: int) -> None:
        """Tell the customer about the fee; `NotifyError` when that fails."""
        ...
