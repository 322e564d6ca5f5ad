"""Async SQLAlchemy with psycopg's async driver (Postgres only: see src/bank/aio.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import MissingGreenlet, StatementError
from sqlalchemy.ext.asyncio import AsyncSession

from bank import aio, transfers
from bank.connect import make_engine
from tests.databases import Database
from tests.support import seed


@pytest.fixture
def pg(postgres_db: Database) -> Database:
    return postgres_db


@pytest.fixture
def engine(pg: Database) -> Iterator[Engine]:
    """A sync engine on the same database, to seed it."""
    engine = make_engine(pg.url)
    try:
        yield engine
    finally:
        engine.dispose()


def test_concurrent_reads_each_borrow_a_pooled_connection(pg: Database, engine: Engine) -> None:
    ids = list(seed(engine, a=1, b=2, c=3, d=4).values())

    async def main() -> list[int]:
        async_engine = aio.make_async_engine(pg.url, pool_size=2)
        try:
            return await aio.balances(async_engine, ids * 3)
        finally:
            await async_engine.dispose()

    assert asyncio.run(main()) == [1, 2, 3, 4] * 3


def test_async_engine_refuses_mysql_with_a_clear_error() -> None:
    with pytest.raises(ValueError, match="aiomysql"):
        aio.make_async_engine("mysql://u:p@127.0.0.1/d")


async def sent_totals(
    url: str, query: Callable[[AsyncSession], Awaitable[dict[str, int]]]
) -> dict[str, int]:
    """Run one of aio's sent_totals_* queries on a fresh async engine, then dispose it."""
    async_engine = aio.make_async_engine(url)
    try:
        async with AsyncSession(async_engine) as session:
            return await query(session)
    finally:
        await async_engine.dispose()


def test_broken_lazy_load_in_async_code_raises_missing_greenlet(
    pg: Database, engine: Engine
) -> None:
    ids = seed(engine, alice=100, bob=0)
    transfers.transfer(engine, ids["alice"], ids["bob"], 5)

    with pytest.raises(StatementError) as caught:
        asyncio.run(sent_totals(pg.url, aio.sent_totals_lazy))
    assert isinstance(caught.value.orig, MissingGreenlet)


def test_fixed_selectinload_works_in_async_code(pg: Database, engine: Engine) -> None:
    ids = seed(engine, alice=100, bob=0)
    transfers.transfer(engine, ids["alice"], ids["bob"], 5)

    assert asyncio.run(sent_totals(pg.url, aio.sent_totals_eager)) == {"alice": 5, "bob": 0}
