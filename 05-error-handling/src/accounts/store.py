"""Accounts in SQLite (stdlib sqlite3): the adapter where driver errors become domain errors.

This is the only module that knows sqlite3. It translates by *error code*, not by message
text, and always chains with ``from exc`` so the driver's error stays on ``__cause__``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from accounts.errors import DuplicateError, NotFoundError, StoreUnavailableError
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


def connect(
    path: str | Path, *, busy_timeout: float = 5.0, check_same_thread: bool = True
) -> sqlite3.Connection:
    """Open the database and create the schema. ``busy_timeout`` bounds waits on a lock."""
    try:
        conn = sqlite3.connect(path, timeout=busy_timeout, check_same_thread=check_same_thread)
    except sqlite3.OperationalError as exc:
        raise StoreUnavailableError(f"cannot open the accounts store at {path}") from exc
    try:
        conn.executescript(SCHEMA)
    except sqlite3.Error as exc:
        # The connection exists but is unusable (busy, not a database...): close it here,
        # or every retry of a busy store leaks one more open file.
        conn.close()
        if isinstance(exc, sqlite3.OperationalError):
            raise StoreUnavailableError(f"cannot open the accounts store at {path}") from exc
        raise
    return conn


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
        # SQLITE_BUSY / SQLITE_LOCKED after the busy timeout, disk I/O errors...: transient.
        if exc.sqlite_errorcode & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
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
        assert cur.lastrowid is not None  # an INSERT on a rowid table always sets it
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
