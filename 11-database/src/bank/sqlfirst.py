"""CRUD SQL-first: the SQL lives in `sql/queries.sql`, aiosql turns it into functions.

The counterpart of Go's sqlc, with one difference: sqlc generates typed Go code at build
time, aiosql builds the functions when the file is loaded. So this module wraps each query
in a typed function, and `tests/test_sqlfirst.py` runs `sqlc vet` over the same file to
check every column and table against the schema before anything runs.

aiosql turns `:name` into each driver's placeholder (`%(name)s` for psycopg and PyMySQL).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import aiosql
import psycopg

from bank.connect import DBAPIConnection
from bank.errors import AccountNotFound, DuplicateOwner, is_unique_violation
from bank.records import AccountRow

QUERIES = Path(__file__).parent / "sql" / "queries.sql"


@cache
def queries(driver: str) -> Any:  # aiosql's Queries: one attribute per query, made at load
    return aiosql.from_path(QUERIES, driver)


def _q(conn: DBAPIConnection) -> Any:
    return queries("psycopg" if isinstance(conn, psycopg.Connection) else "pymysql")


def create_account(conn: DBAPIConnection, owner: str, balance: int = 0) -> int:
    q = _q(conn)
    try:
        q.create_account(conn, owner=owner, balance=balance)
    except Exception as exc:
        if is_unique_violation(exc):
            raise DuplicateOwner(owner) from exc
        raise
    # No RETURNING on MySQL 8.4: read the id back by the unique owner, in the same transaction.
    row = q.get_account_by_owner(conn, owner=owner)
    return int(row[0])


def get_account(conn: DBAPIConnection, account_id: int) -> AccountRow | None:
    row = _q(conn).get_account(conn, id=account_id)
    return None if row is None else AccountRow(*row)


def find_accounts_by_owner(conn: DBAPIConnection, owner: str) -> list[AccountRow]:
    row = _q(conn).get_account_by_owner(conn, owner=owner)
    return [] if row is None else [AccountRow(*row)]


def list_accounts(conn: DBAPIConnection) -> list[AccountRow]:
    return [AccountRow(*row) for row in _q(conn).list_accounts(conn)]


def deposit(conn: DBAPIConnection, account_id: int, amount: int) -> None:
    if _q(conn).deposit(conn, id=account_id, amount=amount) == 0:
        raise AccountNotFound(account_id)


def delete_account(conn: DBAPIConnection, account_id: int) -> bool:
    return bool(_q(conn).delete_account(conn, id=account_id) == 1)


def sent_totals(conn: DBAPIConnection) -> dict[str, int]:
    """How much each owner has sent: one query with a JOIN, no N+1 possible."""
    return {owner: int(total) for owner, total in _q(conn).sent_totals(conn)}
