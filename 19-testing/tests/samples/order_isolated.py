"""The same two tests, each with its own repository from a function-scoped fixture.

Passes in every order. Run only by tests/test_flaky.py, in a nested pytest.
"""

from datetime import date

import pytest

from latefees import InMemoryInvoiceRepository, Invoice


@pytest.fixture
def repo() -> InMemoryInvoiceRepository:
    repo = InMemoryInvoiceRepository()
    repo.add(Invoice("inv-1", "a@example.com", 10_000, date(2026, 3, 1)))
    return repo


def test_record_a_fee(repo: InMemoryInvoiceRepository) -> None:
    repo.record_fee("inv-1", 300)
    assert repo.unassessed_overdue(date(2026, 3, 31)) == []


def test_the_invoice_is_overdue(repo: InMemoryInvoiceRepository) -> None:
    assert [i.id for i in repo.unassessed_overdue(date(2026, 3, 31))] == ["inv-1"]
