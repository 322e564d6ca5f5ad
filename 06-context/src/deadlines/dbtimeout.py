"""Server-side limits: make the engine stop the work, because a thread cannot be killed.

With Postgres you set `statement_timeout` (per role, per session, or `SET LOCAL` in a
transaction) and cancel a running query with the driver's cancel request; lesson 11 does that
against a real server. SQLite runs in-process, so the same two ideas are:

- a progress handler that returns non-zero once the deadline has passed (the statement
  timeout: the engine checks the budget itself, every N virtual-machine instructions);
- `Connection.interrupt()` from another thread (the cancel request: someone else says stop).

Either way the statement fails with SQLITE_INTERRUPT, which we raise as QueryTimeout.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Sequence
from typing import Any

from deadlines.budget import Deadline
from deadlines.errors import QueryTimeout

__all__ = ["query_interruptible", "query_with_deadline"]

Rows = list[tuple[Any, ...]]


def query_with_deadline(
    conn: sqlite3.Connection,
    sql: str,
    params: Sequence[object] = (),
    *,
    deadline: Deadline,
    check_every: int = 1_000,
) -> Rows:
    """Run one statement that SQLite itself aborts when `deadline` passes."""
    deadline.timeout()  # do not even start when the budget is already spent

    def over_budget() -> int:
        return 1 if deadline.expired() else 0

    conn.set_progress_handler(over_budget, check_every)
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError as exc:
        if exc.sqlite_errorcode == sqlite3.SQLITE_INTERRUPT:
            raise QueryTimeout("the statement ran past its deadline") from exc
        raise
    finally:
        conn.set_progress_handler(None, 0)


async def query_interruptible(
    conn: sqlite3.Connection, sql: str, params: Sequence[object] = ()
) -> Rows:
    """Run a statement in a thread; if the caller is cancelled, interrupt the statement.

    The connection must be opened with check_same_thread=False and must not be used by
    anyone else meanwhile. After a cancellation this waits for the thread to return, so
    the connection is free again when CancelledError (or the caller's TimeoutError) arrives.
    """

    def run() -> Rows:
        try:
            return conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode == sqlite3.SQLITE_INTERRUPT:
                raise QueryTimeout("the statement was interrupted") from exc
            raise

    work = asyncio.create_task(asyncio.to_thread(run))
    try:
        return await asyncio.shield(work)
    except asyncio.CancelledError:
        # interrupt() (safe from any thread) stops only a statement that is already running;
        # if the worker thread has not started it yet, that call is lost. Repeat until done.
        while not work.done():
            conn.interrupt()
            await asyncio.wait({work}, timeout=0.01)
        if not work.cancelled():
            work.exception()  # QueryTimeout, read by nobody: the caller is gone
        raise
