"""Two tests that share one repository at module level: the second needs the first's leftovers.

Passes alone, passes in file order, fails when pytest-randomly runs the second one first.
Run only by tests/test_flaky.py, in a nested pytest.
"""

from datetime import date

from latefees import InMemoryInvoiceRepository, Invoice

REPO = InMemoryInvoiceRepository()  # module state: every test in this file shares it


def test_add_an_invoice() -> None:
    REPO.add(Invoice("inv-1", "a@example.com", 10_000, date(2026, 3, 1)))
    assert REPO.get("inv-1") is not None


def test_the_invoice_is_overdue() -> None:
    assert [i.id for i in REPO.unassessed_overdue(date(2026, 3, 31))] == ["inv-1"]
