"""The per-test database fixture drops its database even when a failed test left a session
with an open transaction on it (a thread that never finished, a connection never closed)."""

from __future__ import annotations

import threading
from contextlib import closing, suppress

import pymysql
import pytest

from bank.connect import dbapi_connect
from tests.databases import Kind, throwaway_database
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
