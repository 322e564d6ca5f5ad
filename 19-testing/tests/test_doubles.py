"""Stub, fake and mock, side by side, on the same question: does the service notify?

- A stub answers with canned data and records nothing (`StubRepository`): right when the test
  only needs the service to be *fed*.
- A fake is a working, simpler implementation (`InMemoryInvoiceRepository`,
  `RecordingNotifier`): right for state you check afterwards; it needs a contract test.
- A mock records calls and lets you assert on them (`unittest.mock`): right for "was this
  called, with what" at a boundary you do not own. Build it with `create_autospec` so it
  refuses calls the real class would refuse.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from unittest import mock

import pytest

from latefees import FeeService, FixedClock, InMemoryInvoiceRepository, Invoice, Policy
from latefees.notifier import HttpNotifier
from tests.conftest import InvoiceFactory
from tests.test_service import RecordingNotifier


class StubRepository:
    """Returns one overdue invoice, whatever it is asked; remembers nothing."""

    def __init__(self, invoice: Invoice) -> None:
        self.invoice = invoice

    def add(self, invoice: Invoice) -> None:
        raise NotImplementedError  # the service under test never adds

    def get(self, invoice_id: str) -> Invoice | None:
        return self.invoice

    def unassessed_overdue(self, today: date) -> Sequence[Invoice]:
        return [self.invoice]

    def record_fee(self, invoice_id: str, fee_cents: int) -> None:
        pass


def test_with_a_stub_repository_and_a_fake_notifier(
    make_invoice: InvoiceFactory, clock: FixedClock
) -> None:
    notifier = RecordingNotifier()
    FeeService(StubRepository(make_invoice(id="inv-1")), notifier, clock, Policy()).assess()
    assert [sent[0] for sent in notifier.sent] == ["inv-1"]


def test_with_fakes_the_stored_state_is_checked(
    make_invoice: InvoiceFactory, clock: FixedClock
) -> None:
    repo = InMemoryInvoiceRepository()
    repo.add(make_invoice(id="inv-1"))
    FeeService(repo, RecordingNotifier(), clock, Policy()).assess()
    assert repo.unassessed_overdue(clock.now().date()) == []


def test_broken_a_plain_mock_accepts_any_call(
    make_invoice: InvoiceFactory, clock: FixedClock
) -> None:
    """`Mock()` has every attribute and takes any arguments: it cannot notice a wrong call."""
    notifier = mock.Mock()
    FeeService(InMemoryInvoiceRepository(), notifier, clock, Policy())
    notifier.send("inv-1", "a@example.com", 300, "EUR", urgent=True)  # no real send() takes this
    notifier.sned("typo")  # nor is there a `sned`
    assert notifier.send.call_count == 1


def test_plain_mock_notifier(make_invoice: InvoiceFactory, clock: FixedClock) -> None:
    """The kind of test that keeps passing when HttpNotifier.send changes (labs/01)."""
    repo = InMemoryInvoiceRepository()
    repo.add(make_invoice(id="inv-1", email="a@example.com"))
    notifier = mock.Mock()
    FeeService(repo, notifier, clock, Policy()).assess()
    notifier.send.assert_called_once_with("inv-1", "a@example.com", 300)


def test_fixed_an_autospec_mock_checks_calls_against_the_real_signature(
    make_invoice: InvoiceFactory, clock: FixedClock
) -> None:
    repo = InMemoryInvoiceRepository()
    repo.add(make_invoice(id="inv-1", email="a@example.com"))
    notifier = mock.create_autospec(HttpNotifier, instance=True)
    FeeService(repo, notifier, clock, Policy()).assess()
    notifier.send.assert_called_once_with("inv-1", "a@example.com", 300)


def test_autospec_refuses_what_the_real_class_would() -> None:
    notifier = mock.create_autospec(HttpNotifier, instance=True)
    with pytest.raises(TypeError):
        notifier.send("inv-1", "a@example.com", 300, "EUR")
    with pytest.raises(AttributeError):
        notifier.sned("typo")
