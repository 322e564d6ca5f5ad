"""N+1 queries from lazy loading, counted with a before_cursor_execute hook, and the fix."""

from __future__ import annotations

from contextlib import closing

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bank import broken, sqlfirst, transfers
from bank.connect import dbapi_connect
from bank.queries import sent_totals_eager
from bank.querycount import count_queries
from tests.databases import Database
from tests.support import seed

ACCOUNTS = 6


@pytest.fixture
def bank_with_transfers(engine: Engine) -> dict[str, int]:
    """Six accounts; account i sent i transfers of 1 to the next one."""
    ids = seed(engine, **{f"owner{i}": 100 for i in range(ACCOUNTS)})
    for i in range(ACCOUNTS):
        for _ in range(i):
            transfers.transfer(engine, ids[f"owner{i}"], ids[f"owner{(i + 1) % ACCOUNTS}"], 1)
    return {f"owner{i}": i for i in range(ACCOUNTS)}


def test_broken_lazy_loading_sends_one_query_per_account(
    engine: Engine, bank_with_transfers: dict[str, int]
) -> None:
    with Session(engine) as session, count_queries(engine) as statements:
        totals = broken.sent_totals_lazy(session)
    assert totals == bank_with_transfers
    assert len(statements) == 1 + ACCOUNTS


def test_fixed_selectinload_sends_two_queries_whatever_the_size(
    engine: Engine, bank_with_transfers: dict[str, int]
) -> None:
    with Session(engine) as session, count_queries(engine) as statements:
        totals = sent_totals_eager(session)
    assert totals == bank_with_transfers
    assert len(statements) == 2
    assert " IN " in statements[1].upper()


def test_sql_first_join_gives_the_same_answer_in_one_query(
    db: Database, bank_with_transfers: dict[str, int]
) -> None:
    with closing(dbapi_connect(db.url)) as conn:
        assert sqlfirst.sent_totals(conn) == bank_with_transfers
