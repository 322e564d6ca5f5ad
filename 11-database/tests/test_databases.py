"""The per-test database fixtures clean up even when a failed test left a session with an open
transaction on its database (a thread that never finished, a connection never closed): a
throwaway database is dropped; a reused Postgres database comes back empty, alone, renamed."""

from __future__ import annotations

import threading
from contextlib import closing, suppress

import psycopg
import pymysql
import pytest

from bank.connect import dbapi_connect
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


@pytest.mark.parametrize("kind", ["postgres", "mysql"])
def test_database_is_dropped_despite_a_leftover_open_transaction(
    kind: Kind, request: pytest.FixtureRequest
) -> None:
    server: str = request.getfixturevalue(f"{kind}_url")
    context = throwaway_database(kind, server)
    database = context.__enter__()
    leftover = dbapi_connect(database.url)  # what a stuck test leaves behind
    try:
        with closing(leftover.cursor()) as cur:
            cur.execute("CREATE TABLE t (id INT PRIMARY KEY)")
            leftover.commit()
            cur.execute("INSERT INTO t VALUES (1)")  # a transaction left open: locks held
        # The drop runs in a daemon thread so that, if it waited for the leftover session's
        # locks, this test fails after DEADLINE instead of hanging the run.
        drop = threading.Thread(target=context.__exit__, args=(None, None, None), daemon=True)
        drop.start()
        drop.join(DEADLINE)
        assert not drop.is_alive(), "DROP DATABASE waited for the leftover session's locks"
        assert not exists(kind, server, database.name)
    finally:
        with suppress(pymysql.err.Error):  # killed by the fixture: already closed
            leftover.close()


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
    leftover = dbapi_connect(used.url)  # what a stuck test leaves behind
    try:
        with closing(leftover.cursor()) as cur:
            cur.execute("CREATE SCHEMA extra")
            cur.execute("CREATE TABLE extra.t (id INT PRIMARY KEY)")
            cur.execute("CREATE TABLE t (id INT PRIMARY KEY)")
            leftover.commit()
            cur.execute("INSERT INTO t VALUES (1)")  # a transaction left open: locks held
        recycle = threading.Thread(target=context.__exit__, args=(None, None, None), daemon=True)
        recycle.start()
        recycle.join(DEADLINE)
        assert not recycle.is_alive(), "recycling waited for the leftover session's locks"
        with databases.database() as again:
            assert again.name != used.name
            assert not exists("postgres", postgres_url, used.name)  # the old URL leads nowhere
            assert names_in(again) == (["public"], [], 0)
        with pytest.raises(psycopg.OperationalError), closing(leftover.cursor()) as cur:
            cur.execute("SELECT 1")  # the server ended the leftover session
    finally:
        leftover.close()
        databases.close()
    assert not exists("postgres", postgres_url, again.name)
