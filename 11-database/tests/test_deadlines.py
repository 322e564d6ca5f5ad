"""Deadlines on Postgres: past its budget a query is stopped on the server, and the same
connection runs the next query. Postgres only (src/bank/deadlines.py says why)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import Connection, Engine, text

from bank.connect import make_engine
from bank.deadlines import fetch_within, within_statement_timeout
from bank.errors import DeadlineExceeded, is_query_canceled
from tests.databases import Database

FOREVER = "SELECT pg_sleep(3600)"  # an hour: only a cancel on the server ends it in time


@pytest.fixture
def engine(postgres_db: Database) -> Iterator[Engine]:
    engine = make_engine(postgres_db.url)
    try:
        yield engine
    finally:
        engine.dispose()


def server_state(engine: Engine, pid: int) -> str:
    """What the server says the backend `pid` is doing: 'active' while a query runs."""
    with engine.connect() as conn:
        state = conn.execute(
            text("SELECT state FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}
        ).scalar_one()
    return str(state)


def pid_of(conn: Connection) -> int:
    return int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())


def test_statement_timeout_cancels_on_the_server_and_the_connection_lives_on(
    engine: Engine,
) -> None:
    with engine.connect() as conn:
        pid = pid_of(conn)
        before = conn.execute(text("SHOW statement_timeout")).scalar_one()
        conn.rollback()
        with (
            pytest.raises(DeadlineExceeded) as caught,
            conn.begin(),
            within_statement_timeout(conn, 200),
        ):
            conn.execute(text(FOREVER))
        assert is_query_canceled(caught.value.__cause__ or caught.value)  # SQLSTATE 57014
        # The same session, rolled back and idle: the next query runs, and SET LOCAL ended
        # with the transaction, so the budget does not follow the connection back to the pool.
        assert pid_of(conn) == pid
        assert conn.execute(text("SHOW statement_timeout")).scalar_one() == before
        conn.rollback()
        assert server_state(engine, pid) == "idle"  # asked on another pooled connection


def test_statement_timeout_lets_a_statement_within_budget_finish(engine: Engine) -> None:
    with engine.begin() as conn, within_statement_timeout(conn, 10_000):
        assert conn.execute(text("SELECT pg_sleep(0.01), 42")).one()[1] == 42


def test_a_budget_must_be_positive(engine: Engine) -> None:
    with (
        engine.begin() as conn,
        pytest.raises(ValueError, match="positive"),
        within_statement_timeout(conn, 0),
    ):
        pass


def test_asyncio_deadline_cancels_the_query_on_the_server_and_the_connection_lives_on(
    postgres_db: Database, engine: Engine
) -> None:
    """asyncio.timeout cancels the task; psycopg 3 then sends the server a cancel request
    and waits for it, so when DeadlineExceeded arrives the server is no longer running the
    query (not 'active'), and the same connection answers the next query."""

    async def main() -> tuple[str, list[tuple[object, ...]], psycopg.pq.TransactionStatus]:
        async with await psycopg.AsyncConnection.connect(postgres_db.url) as conn:
            pid = conn.info.backend_pid
            with pytest.raises(DeadlineExceeded) as caught:
                await fetch_within(conn, FOREVER, budget=0.2)
            assert isinstance(caught.value.__cause__, TimeoutError)
            state = await asyncio.to_thread(server_state, engine, pid)
            rows = await fetch_within(conn, "SELECT 1", budget=10)
            return state, rows, conn.info.transaction_status

    state, rows, status = asyncio.run(main())
    assert state == "idle"  # stopped on the server, and its transaction rolled back
    assert rows == [(1,)]
    assert status == psycopg.pq.TransactionStatus.IDLE
