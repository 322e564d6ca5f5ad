"""Accounts in SQLite (stdlib sqlite3): the adapter where driver errors become domain errors.

This is the only module that knows sqlite3. It translates by *error code*, not by message
text, and always chains with ``from exc`` so the driver's error stays on ``__cause__``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from accounts.errors import (
    AccountsError,
    DuplicateError,
    NotFoundError,
    StoreOpenError,
    StoreUnavailableError,
)
from accounts.models import Account

__all__ = ["SCHEMA", "AccountStore", "connect"]

# Emails are unique case-insensitively, so the constraint is an expression index. Note what
# that does to SQLite's message: "UNIQUE constraint failed: index 'accounts_email_ci'", not
# "...: accounts.email". Code that matched the old text breaks; code that reads the error
# code does not (see accounts.broken.text_match).
SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    id    INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    name  TEXT NOT NULL CHECK (length(trim(name)) > 0)
);
CREATE UNIQUE INDEX IF NOT EXISTS accounts_email_ci ON accounts (lower(email));
"""


# Only these mean "someone else holds the lock right now": the same call may succeed later.
# SQLITE_CANTOPEN (no such directory), SQLITE_PERM, SQLITE_READONLY... fail the same way on
# every attempt, so retrying them only delays the error an operator has to fix.
TRANSIENT = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})


def is_transient(exc: sqlite3.Error) -> bool:
    """True for errors worth retrying. Extended codes (SQLITE_BUSY_SNAPSHOT) keep the primary
    code in their low byte."""
    return exc.sqlite_errorcode & 0xFF in TRANSIENT


def connect(
    path: str | Path, *, busy_timeout: float = 5.0, check_same_thread: bool = True
) -> sqlite3.Connection:
    """Open the database and create the schema. ``busy_timeout`` bounds waits on a lock.

    Raises StoreUnavailableError (transient: retry) or StoreOpenError (not: fix the path).
    """
    try:
        conn = sqlite3.connect(path, timeout=busy_timeout, check_same_thread=check_same_thread)
    except sqlite3.OperationalError as exc:
        raise _open_error(exc, path) from exc
    try:
        conn.executescript(SCHEMA)
    except sqlite3.Error as exc:
        # The connection exists but is unusable (busy, not a database...): close it here,
        # or every retry of a busy store leaks one more open file.
        conn.close()
        if isinstance(exc, sqlite3.OperationalError):
            raise _open_error(exc, path) from exc
        raise  # SQLITE_NOTADB and friends: not ours to classify, a loud crash
    return conn


def _open_error(exc: sqlite3.OperationalError, path: str | Path) -> AccountsError:
    if is_transient(exc):
        return StoreUnavailableError(f"the accounts store at {path} is busy")
    return StoreOpenError(f"cannot open the accounts store at {path}")


@contextmanager
def _translated(email: str | None = None) -> Iterator[None]:
    """Turn the sqlite3 errors this store expects into domain errors, keeping the cause."""
    try:
        yield
    except sqlite3.IntegrityError as exc:
        # IntegrityError covers UNIQUE, CHECK, NOT NULL and FOREIGN KEY. Only UNIQUE means
        # "duplicate"; anything else is a bug in our validation and must stay loud.
        if exc.sqlite_errorcode == sqlite3.SQLITE_CONSTRAINT_UNIQUE and email is not None:
            raise DuplicateError(email) from exc
        raise
    except sqlite3.OperationalError as exc:
        # SQLITE_BUSY / SQLITE_LOCKED after the busy timeout: transient. Anything else
        # (no such table, disk I/O) is not ours to retry and stays loud.
        if is_transient(exc):
            raise StoreUnavailableError("the accounts store is busy") from exc
        raise


class AccountStore:
    """Create, read and change accounts. Every method commits or rolls back its own work."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def create(self, email: str, name: str) -> Account:
        with _translated(email), self.conn:
            cur = self.conn.execute(
                "INSERT INTO accounts (email, name) VALUES (?, ?)", (email, name)
            )
        if cur.lastrowid is None:  # an INSERT on a rowid table always sets it
            raise RuntimeError("INSERT returned no row id")
        return Account(cur.lastrowid, email, name)

    def get(self, account_id: int) -> Account:
        with _translated():
            row = self.conn.execute(
                "SELECT id, email, name FROM accounts WHERE id = ?", (account_id,)
            ).fetchone()
        if row is None:
            raise NotFoundError(account_id)
        return Account(*row)

    def change_email(self, account_id: int, email: str) -> Account:
        with _translated(email), self.conn:
            cur = self.conn.execute(
                "UPDATE accounts SET email = ? WHERE id = ? RETURNING id, email, name",
                (email, account_id),
            )
            row = cur.fetchone()
        if row is None:
            raise NotFoundError(account_id)
        return Account(*row)

    def all(self) -> list[Account]:
        with _translated():
            rows = self.conn.execute("SELECT id, email, name FROM accounts ORDER BY id")
            return [Account(*row) for row in rows]
