"""The use case, with everything it depends on passed in: a clock, a policy and two ports."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from latefees.clock import Clock
from latefees.fees import Policy, days_late, late_fee
from latefees.invoices import InvoiceRepository, Notifier

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Assessment:
    invoice_id: str
    days_late: int
    fee_cents: int


@dataclass
class FeeService:
    repo: InvoiceRepository
    notifier: Notifier
    clock: Clock
    policy: Policy

    def assess(self) -> list[Assessment]:
        """Charge every unassessed overdue invoice its fee and tell its customer.

        The fee is stored before the customer is told: a failed notification leaves a fee
        that the next run will not charge twice.
        """
        today = self.clock.now().date()
        done = []
        for invoice in self.repo.unassessed_overdue(today):
            days = days_late(invoice.due, today)
            fee = late_fee(invoice.amount_cents, days, self.policy)
            if fee == 0:
                continue
            self.repo.record_fee(invoice.id, fee)
            self.notifier.send(invoice.id, invoice.email, fee)
            logger.info("late fee %d cents on %s (%d days late)", fee, invoice.id, days)
            done.append(Assessment(invoice.id, days, fee))
        return done
