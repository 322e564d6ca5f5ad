"""Deadlines on Postgres: a query past its budget is stopped on the server, and the
connection it ran on serves the next query. Postgres only (see src/bank/deadlines.py).

Run: uv run python examples/06_deadlines.py
"""

from __future__ import annotations

import asyncio

import psycopg
from sqlalchemy import Engine, text

from bank.connect import make_engine
from bank.deadlines import fetch_within, within_statement_timeout
from bank.errors import DeadlineExceeded, driver_error
from bank.scratch import scratch_database
from bank.settings import settings_or_exit

FOREVER = "SELECT pg_sleep(3600)"


def server_state(engine: Engine, pid: int) -> str:
    with engine.connect() as conn:
        query = text("SELECT state FROM pg_stat_activity WHERE pid = :pid")
        return str(conn.execute(query, {"pid": pid}).scalar_one())


def with_statement_timeout(engine: Engine) -> None:
    with engine.connect() as conn:
        default = conn.execute(text("SHOW statement_timeout")).scalar_one()
        conn.rollback()
        try:
            with conn.begin(), within_statement_timeout(conn, 200):
                conn.execute(text(FOREVER))
        except DeadlineExceeded as exc:
            sqlstate = getattr(driver_error(exc.__cause__ or exc), "sqlstate", None)
            print(f"statement_timeout 200ms, pg_sleep(3600): DeadlineExceeded, SQLSTATE {sqlstate}")
        one = conn.execute(text("SELECT 1")).scalar_one()
        after = conn.execute(text("SHOW statement_timeout")).scalar_one()
        print(
            f"  same connection: SELECT 1 -> {one}; "
            f"statement_timeout after the transaction {after!r} (before {default!r})"
        )


async def with_asyncio_timeout(url: str, engine: Engine) -> None:
    async with await psycopg.AsyncConnection.connect(url) as conn:
        try:
            await fetch_within(conn, FOREVER, budget=0.2)
        except DeadlineExceeded as exc:
            cause = type(exc.__cause__).__name__
            print(f"asyncio.timeout(0.2), pg_sleep(3600):  DeadlineExceeded, from {cause}")
        state = await asyncio.to_thread(server_state, engine, conn.info.backend_pid)
        rows = await fetch_within(conn, "SELECT 1", budget=10)
        print(f"  the server says the session is {state!r}; same connection: SELECT 1 -> {rows}")


def main() -> None:
    settings_or_exit()  # a bad COURSE_*_URL: exit 78 naming it, before any connection
    with scratch_database("postgres") as url:
        engine = make_engine(url)
        try:
            with_statement_timeout(engine)
            asyncio.run(with_asyncio_timeout(url, engine))
        finally:
            engine.dispose()


if __name__ == "__main__":
    main()
