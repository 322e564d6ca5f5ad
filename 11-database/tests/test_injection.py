"""SQL injection: string formatting vs bound parameters, on both servers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from typing import Any

import pytest
from sqlalchemy import Engine

from bank import broken, raw
from bank.connect import DBAPIConnection, dbapi_connect
from tests.databases import Database
from tests.support import seed

CLASSIC = "nobody' OR '1'='1"
# Survives quote doubling on MySQL: \' is an escaped quote there, the next ' ends the string.
BACKSLASH = "\\' OR 1=1 -- "


@pytest.fixture
def conn(db: Database, engine: Engine) -> Iterator[DBAPIConnection]:
    seed(engine, alice=100, bob=50)
    with closing(dbapi_connect(db.url, autocommit=True)) as conn:
        yield conn


def owners(rows: list[Any]) -> list[str]:
    return sorted(row.owner for row in rows)


def test_broken_formatted_query_returns_every_account(conn: DBAPIConnection) -> None:
    assert owners(broken.find_accounts_by_owner_formatted(conn, CLASSIC)) == ["alice", "bob"]


def test_fixed_bound_parameter_is_only_ever_data(conn: DBAPIConnection) -> None:
    assert raw.find_accounts_by_owner(conn, CLASSIC) == []
    assert raw.find_accounts_by_owner(conn, BACKSLASH) == []
    assert owners(raw.find_accounts_by_owner(conn, "alice")) == ["alice"]


def test_broken_escaping_by_hand_holds_on_postgres_and_fails_on_mysql(
    conn: DBAPIConnection, db: Database
) -> None:
    """Quote doubling stops the classic input on both, but MySQL/MariaDB also treat a
    backslash as an escape inside strings (unless sql_mode has NO_BACKSLASH_ESCAPES)."""
    assert broken.find_accounts_by_owner_escaped(conn, CLASSIC) == []
    leaked = owners(broken.find_accounts_by_owner_escaped(conn, BACKSLASH))
    assert leaked == ([] if db.kind == "postgres" else ["alice", "bob"])
