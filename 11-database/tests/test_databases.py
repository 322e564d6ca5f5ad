"""The per-test database fixtures clean up even when a failed test left a session with an open
transaction on its database (a thread that never finished, a connection never closed): a
throwaway database is dropped; a reused Postgres database comes back empty, alone, renamed."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, closing, contextmanager, suppress

import psycopg
import pymysql
import pytest

from bank.connect import DBAPIConnection, dbapi_connect
from tests.databases import Database, Kind, PostgresDatabases, throwaway_database
from tests.support import DEADLINE


def exists(kind: Kind, server: str, name: str) -> bool:
    sql = (
        "SELECT 1 FROM pg_database WHERE datname = %s"
        if kind == "postgres"
        else "SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = %s"
    )
    with closing(dbapi_connect(server, autocommit=True)) as conn, closing(conn.cursor()) as cur:
        cur.execute(sql, (name,))
        return cur.fetchone() is not None


@contextmanager
def left_holding_locks(
    cleanup: AbstractContextManager[Database], database: Database, *setup: str
) -> Iterator[DBAPIConnection]:
    """Leave a session on `database` with an open transaction holding locks (what a stuck test
    leaves behind), then end `cleanup` in a daemon thread: a cleanup that waited for those locks
    fails the test after DEADLINE instead of hanging the run. Yields the leftover connection."""
    leftover = dbapi_connect(database.url)
    try:
        with closing(leftover.cursor()) as cur:
            for sql in (*setup, "CREATE TABLE t (id INT PRIMARY KEY)"):
                cur.execute(sql)
            leftover.commit()
            cur.execute("INSERT INTO t VALUES (1)")  # a transaction left open: locks held
        ending = threading.Thread(target=cleanup.__exit__, args=(None, None, None), daemon=True)
        ending.start()
        ending.join(DEADLINE)
        assert not ending.is_alive(), "the cleanup waited for the leftover session's locks"
        yield leftover
    finally:
        with suppress(pymysql.err.Error, psycopg.Error):  # ended by the cleanup: already closed
            leftover.close()


@pytest.mark.parametrize("kind", ["postgres", "mysql"])
def test_database_is_dropped_despite_a_leftover_open_transaction(
    kind: Kind, request: pytest.FixtureRequest
) -> None:
    server: str = request.getfixturevalue(f"{kind}_url")
    context = throwaway_database(kind, server)
    database = context.__enter__()
    with left_holding_locks(context, database):
        assert not exists(kind, server, database.name)


def names_in(database: Database) -> tuple[list[str], list[str], int]:
    """The database's schemas, its tables, and the sessions on it but the one asking."""
    with (
        closing(dbapi_connect(database.url, autocommit=True)) as conn,
        closing(conn.cursor()) as cur,
    ):
        cur.execute(
            "SELECT nspname FROM pg_namespace "
            "WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'"
        )
        schemas = sorted(str(name) for (name,) in cur.fetchall())
        cur.execute(
            "SELECT table_schema || '.' || table_name FROM information_schema.tables "
            "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
        )
        tables = sorted(str(name) for (name,) in cur.fetchall())
        cur.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        row = cur.fetchone()
    assert row is not None
    return schemas, tables, int(str(row[0]))


def test_reused_postgres_database_comes_back_empty_alone_and_renamed(postgres_url: str) -> None:
    databases = PostgresDatabases(postgres_url)
    context = databases.database()
    used = context.__enter__()
    try:
        extra = ("CREATE SCHEMA extra", "CREATE TABLE extra.t (id INT PRIMARY KEY)")
        with left_holding_locks(context, used, *extra) as leftover:
            with databases.database() as again:
                assert again.name != used.name
                assert not exists("postgres", postgres_url, used.name)  # the old URL: nowhere
                assert names_in(again) == (["public"], [], 0)
            with pytest.raises(psycopg.OperationalError), closing(leftover.cursor()) as cur:
                cur.execute("SELECT 1")  # the server ended the leftover session
    finally:
        databases.close()
    assert not exists("postgres", postgres_url, again.name)
