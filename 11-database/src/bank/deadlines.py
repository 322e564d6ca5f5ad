"""Deadlines on Postgres: a query that outlives its budget is stopped *on the server*.

A client-side timeout alone is not enough: the client stops waiting, but the server keeps
running the query (holding its locks and a connection) until it finishes. Two ways to stop
it there, both leaving the connection usable for the next query:

- `within_statement_timeout` (sync, any caller): `set_config('statement_timeout', ...,
  true)`, which is `SET LOCAL`: the server cancels any statement of this transaction that
  runs longer, with SQLSTATE 57014 (query_canceled), and the setting ends with the
  transaction, so it never leaks into the next user of a pooled connection.
- `fetch_within` (asyncio): `asyncio.timeout(budget)` around psycopg 3's async query. When
  the deadline cancels the task, psycopg sends the server a cancel request and waits until
  the server has stopped the query, then lets the cancellation go on (TimeoutError). The
  transaction is rolled back on the way out, so the connection is idle and usable.

Neither is portable: MySQL bounds a SELECT with `max_execution_time` (milliseconds) and
MariaDB any statement with `max_statement_time` (seconds); this lesson shows Postgres only.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, LiteralString

import psycopg
from sqlalchemy import Connection, text
from sqlalchemy.exc import OperationalError

from bank.errors import DeadlineExceeded, is_query_canceled


@contextmanager
def within_statement_timeout(conn: Connection, budget_ms: int) -> Iterator[Connection]:
    """Bound every statement in the caller's transaction on `conn` to `budget_ms`.

    A statement that runs longer is cancelled by the server and raises DeadlineExceeded;
    the caller's `with engine.begin()` then rolls the transaction back as for any error.
    """
    if budget_ms <= 0:
        raise ValueError("a budget is a positive number of milliseconds")
    # SET cannot take a bound parameter; set_config(name, value, is_local) can.
    conn.execute(
        text("SELECT set_config('statement_timeout', :ms, true)"), {"ms": f"{budget_ms}ms"}
    )
    try:
        yield conn
    except OperationalError as exc:
        if is_query_canceled(exc):
            raise DeadlineExceeded(f"a statement ran past its {budget_ms} ms budget") from exc
        raise


async def fetch_within(
    conn: psycopg.AsyncConnection[tuple[Any, ...]],
    query: LiteralString,
    params: tuple[Any, ...] = (),
    *,
    budget: float,
) -> list[tuple[Any, ...]]:
    """All rows of `query`, or DeadlineExceeded once `budget` seconds have passed.

    On the deadline the query is cancelled on the server (psycopg does that when the task
    is cancelled) and its transaction rolled back: `conn` is ready for the next query.
    """
    try:
        async with asyncio.timeout(budget), conn.transaction():
            cursor = await conn.execute(query, params)
            return await cursor.fetchall()
    except TimeoutError as exc:
        raise DeadlineExceeded(f"the query ran past its {budget} s budget") from exc
