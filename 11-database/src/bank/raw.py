"""CRUD with raw SQL through the DB-API drivers (psycopg 3, PyMySQL): Go's database/sql.

Every value travels as a bound parameter (`%s`): the driver sends or escapes it as data, so
it can never change the statement. Both drivers use the `%s` placeholder, but the servers
still differ: Postgres returns the new id with `RETURNING`, MySQL 8.4 has no RETURNING (MariaDB
does) and reports it as `cursor.lastrowid`. Nothing here commits: the caller owns the
transaction (`with transaction(conn): ...`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing, contextmanager

import psycopg

from bank.connect import DBAPIConnection
from bank.errors import AccountNotFound, DuplicateOwner, is_unique_violation
from bank.records import AccountRow


@contextmanager
def transaction(conn: DBAPIConnection) -> Iterator[None]:
    """Commit if the block succeeds, roll back if it raises (psycopg also has
    `conn.transaction()`; PyMySQL has nothing like it, so the lesson writes it once)."""
    try:
        yield
    except BaseException:
        conn.rollback()
        raise
    else:
        conn.commit()


def create_account(conn: DBAPIConnection, owner: str, balance: int = 0) -> int:
    """Insert an account and return its id; DuplicateOwner if the owner has one."""
    try:
        if isinstance(conn, psycopg.Connection):
            with conn.cursor() as pg:
                pg.execute(
                    "INSERT INTO accounts (owner, balance) VALUES (%s, %s) RETURNING id",
                    (owner, balance),
                )
                row = pg.fetchone()
                if row is None:  # RETURNING gives one row
                    raise RuntimeError("INSERT ... RETURNING returned no row")
                return int(row[0])
        with closing(conn.cursor()) as my:
            my.execute("INSERT INTO accounts (owner, balance) VALUES (%s, %s)", (owner, balance))
            return my.lastrowid
    except Exception as exc:
        if is_unique_violation(exc):
            raise DuplicateOwner(owner) from exc
        raise


def get_account(conn: DBAPIConnection, account_id: int) -> AccountRow | None:
    with closing(conn.cursor()) as cur:
        cur.execute("SELECT id, owner, balance FROM accounts WHERE id = %s", (account_id,))
        row = cur.fetchone()
    return None if row is None else AccountRow(*row)


def find_accounts_by_owner(conn: DBAPIConnection, owner: str) -> list[AccountRow]:
    """The safe search: the owner is a bound parameter (compare broken.py)."""
    with closing(conn.cursor()) as cur:
        cur.execute("SELECT id, owner, balance FROM accounts WHERE owner = %s", (owner,))
        return [AccountRow(*row) for row in cur.fetchall()]


def list_accounts(conn: DBAPIConnection) -> list[AccountRow]:
    with closing(conn.cursor()) as cur:
        cur.execute("SELECT id, owner, balance FROM accounts ORDER BY id")
        return [AccountRow(*row) for row in cur.fetchall()]


def deposit(conn: DBAPIConnection, account_id: int, amount: int) -> None:
    """Add to a balance in one statement (never read, add in Python, write back)."""
    with closing(conn.cursor()) as cur:
        cur.execute(
            "UPDATE accounts SET balance = balance + %s WHERE id = %s", (amount, account_id)
        )
        if cur.rowcount == 0:
            raise AccountNotFound(account_id)


def delete_account(conn: DBAPIConnection, account_id: int) -> bool:
    with closing(conn.cursor()) as cur:
        cur.execute("DELETE FROM accounts WHERE id = %s", (account_id,))
        return cur.rowcount == 1
