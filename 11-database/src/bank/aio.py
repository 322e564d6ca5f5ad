"""Async SQLAlchemy on Postgres, with psycopg 3's async driver (same `postgresql+psycopg://`).

Needs the `sqlalchemy[asyncio]` extra: SQLAlchemy 2.1 no longer installs greenlet by itself,
and its async layer runs the sync ORM inside greenlets. MySQL would need an async driver
(aiomysql or asyncmy) that this lesson does not install.

Lazy loading cannot work in async code: touching an unloaded relationship would have to do
I/O inside a plain attribute access, so SQLAlchemy raises `MissingGreenlet` instead. N+1
becomes an error: load relations eagerly (`selectinload`) or via `AsyncAttrs.awaitable_attrs`.
"""

from __future__ import annotations

import asyncio

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, create_async_engine
from sqlalchemy.orm import selectinload

from bank.connect import kind_of, sqlalchemy_url
from bank.models import Account


def make_async_engine(url: str, *, pool_size: int = 5) -> AsyncEngine:
    if kind_of(url) != "postgres":
        raise ValueError("async MySQL needs aiomysql or asyncmy, not installed in this lesson")
    return create_async_engine(
        sqlalchemy_url(url), pool_size=pool_size, max_overflow=0, pool_pre_ping=True
    )


async def balance(engine: AsyncEngine, account_id: int) -> int:
    async with engine.connect() as conn:
        result = await conn.execute(
            text("SELECT balance FROM accounts WHERE id = :id"), {"id": account_id}
        )
        return int(result.scalar_one())


async def balances(engine: AsyncEngine, ids: list[int]) -> list[int]:
    """Read many balances concurrently: each task borrows its own pooled connection."""
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(balance(engine, account_id)) for account_id in ids]
    return [task.result() for task in tasks]


async def sent_totals_lazy(session: AsyncSession) -> dict[str, int]:
    """The sync N+1 code, awaited: raises MissingGreenlet at the first `a.sent`."""
    accounts = (await session.scalars(select(Account).order_by(Account.id))).all()
    return {a.owner: sum(t.amount for t in a.sent) for a in accounts}


async def sent_totals_eager(session: AsyncSession) -> dict[str, int]:
    query = select(Account).options(selectinload(Account.sent)).order_by(Account.id)
    accounts = (await session.scalars(query)).all()
    return {a.owner: sum(t.amount for t in a.sent) for a in accounts}
