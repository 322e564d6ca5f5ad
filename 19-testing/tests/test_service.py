"""Testing the redesign: a held clock, the fake repository and a recording notifier are
passed in. No patching, no env vars, no network, no database, and no knowledge of internals."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta

import pytest

from latefees import FeeService, FixedClock, InMemoryInvoiceRepository, NotifyError, Policy
from tests.conftest import InvoiceFactory


class RecordingNotifier:
    """A fake notifier: it works (it remembers), and the test reads what it remembered."""

    def __init__(self, fail: bool = False) -> None:
        self.sent: list[tuple[str, str, int]] = []
        self.fail = fail

    def send(self, invoice_id: str, email: str, fee_cents: int) -> None:
        if self.fail:
            raise NotifyError(f"refused {invoice_id}")
        self.sent.append((invoice_id, email, fee_cents))


def service_with(
    repo: InMemoryInvoiceRepository, clock: FixedClock, notifier: RecordingNotifier | None = None
) -> FeeService:
    return FeeService(repo, notifier or RecordingNotifier(), clock, Policy())


def test_charges_and_notifies(make_invoice: InvoiceFactory, clock: FixedClock) -> None:
    repo = InMemoryInvoiceRepository()
    repo.add(make_invoice(id="inv-1", email="a@example.com", due=date(2026, 3, 1)))
    notifier = RecordingNotifier()
    service = FeeService(repo, notifier, clock, Policy())

    done = service.assess()

    assert [(a.invoice_id, a.days_late, a.fee_cents) for a in done] == [("inv-1", 30, 300)]
    assert notifier.sent == [("inv-1", "a@example.com", 300)]
    assert repo.get("inv-1") == make_invoice(
        id="inv-1", email="a@example.com", due=date(2026, 3, 1), fee_cents=300
    )


def test_invoices_within_grace_paid_or_assessed_are_left_alone(
    make_invoice: InvoiceFactory, clock: FixedClock
) -> None:
    repo = InMemoryInvoiceRepository()
    for invoice in (
        make_invoice(due=date(2026, 3, 28)),  # 3 days late: still in grace
        make_invoice(paid=True),
        make_invoice(fee_cents=50),
    ):
        repo.add(invoice)
    assert service_with(repo, clock).assess() == []


def test_a_second_run_charges_nothing_twice(
    make_invoice: InvoiceFactory, clock: FixedClock
) -> None:
    repo = InMemoryInvoiceRepository()
    repo.add(make_invoice())
    service = service_with(repo, clock)
    assert len(service.assess()) == 1
    clock.advance(timedelta(days=1))
    assert service.assess() == []


def test_a_failed_notification_keeps_the_fee_so_it_is_not_charged_twice(
    make_invoice: InvoiceFactory, clock: FixedClock
) -> None:
    repo = InMemoryInvoiceRepository()
    repo.add(make_invoice(id="inv-1"))
    with pytest.raises(NotifyError):
        service_with(repo, clock, notifier=RecordingNotifier(fail=True)).assess()
    stored = repo.get("inv-1")
    assert stored is not None
    assert stored.fee_cents == 300


def test_each_fee_is_logged(
    make_invoice: InvoiceFactory, clock: FixedClock, caplog: pytest.LogCaptureFixture
) -> None:
    repo = InMemoryInvoiceRepository()
    repo.add(make_invoice(id="inv-7"))
    with caplog.at_level(logging.INFO, logger="latefees"):
        service_with(repo, clock).assess()
    [record] = caplog.records
    assert record.levelno == logging.INFO
    assert record.args == (300, "inv-7", 30)


def test_fixed_an_injected_clock_holds_still_across_midnight(make_invoice: InvoiceFactory) -> None:
    """One second before midnight UTC, then after it: each run sees exactly one day."""
    repo = InMemoryInvoiceRepository()
    repo.add(make_invoice(id="inv-1", due=date(2026, 3, 1)))
    clock = FixedClock(datetime(2026, 3, 30, 23, 59, 59, tzinfo=UTC))
    [assessed] = service_with(repo, clock).assess()
    assert (assessed.days_late, assessed.fee_cents) == (29, 290)
