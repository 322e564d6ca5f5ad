"""One contract, three backends: the fake, Postgres with a schema per test, and Postgres with
a rolled-back transaction per test. If the fake drifts from Postgres, a test here says where.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import psycopg
import pytest

from latefees import DuplicateInvoice, InMemoryInvoiceRepository, InvoiceRepository
from latefees.postgres import PostgresInvoiceRepository
from tests.conftest import InvoiceFactory


@pytest.fixture(params=["memory", "postgres-schema", "postgres-rollback"])
def repo(request: pytest.FixtureRequest) -> Iterator[InvoiceRepository]:
    if request.param == "memory":
        yield InMemoryInvoiceRepository()
    elif request.param == "postgres-schema":
        with psycopg.connect(request.getfixturevalue("schema_url"), autocommit=True) as conn:
            yield PostgresInvoiceRepository(conn)
    else:
        yield PostgresInvoiceRepository(request.getfixturevalue("rolled_back"))


def test_an_added_invoice_reads_back_equal(
    repo: InvoiceRepository, make_invoice: InvoiceFactory
) -> None:
    invoice = make_invoice(amount_cents=12_345, due=date(2026, 2, 28))
    repo.add(invoice)
    assert repo.get(invoice.id) == invoice


def test_an_unknown_id_is_none(repo: InvoiceRepository) -> None:
    assert repo.get("nope") is None


def test_overdue_means_unpaid_unassessed_and_due_before_today(
    repo: InvoiceRepository, make_invoice: InvoiceFactory
) -> None:
    today = date(2026, 3, 31)
    wanted = [
        make_invoice(id="b", due=date(2026, 3, 2)),
        make_invoice(id="a", due=date(2026, 3, 2)),
        make_invoice(id="c", due=date(2026, 1, 15)),
    ]
    unwanted = [
        make_invoice(due=today),
        make_invoice(due=date(2026, 4, 1)),
        make_invoice(paid=True),
        make_invoice(fee_cents=10),
    ]
    for invoice in wanted + unwanted:
        repo.add(invoice)
    assert [i.id for i in repo.unassessed_overdue(today)] == ["c", "a", "b"]


def test_a_recorded_fee_takes_it_out_of_the_overdue_list(
    repo: InvoiceRepository, make_invoice: InvoiceFactory
) -> None:
    invoice = make_invoice()
    repo.add(invoice)
    repo.record_fee(invoice.id, 300)
    assert repo.unassessed_overdue(date(2026, 3, 31)) == []
    stored = repo.get(invoice.id)
    assert stored is not None
    assert stored.fee_cents == 300


@pytest.mark.skip(reason="exercise 1: make the fake refuse a duplicate id, as Postgres does")
def test_exercise_1_a_duplicate_id_is_refused(
    repo: InvoiceRepository, make_invoice: InvoiceFactory
) -> None:
    repo.add(make_invoice(id="inv-1", amount_cents=100))
    with pytest.raises(DuplicateInvoice):
        repo.add(make_invoice(id="inv-1", amount_cents=200))
    stored = repo.get("inv-1")
    assert stored is not None
    assert stored.amount_cents == 100
