"""BROKEN: deciding what an error *is* by reading its message."""

from __future__ import annotations

import sqlite3

from accounts.errors import DuplicateError
from accounts.models import Account
from accounts.store import AccountStore

# The schema before emails became case-insensitive: a plain UNIQUE column. SQLite names the
# column in its message ("UNIQUE constraint failed: accounts.email"); with the expression
# index in accounts.store.SCHEMA it names the index instead.
SCHEMA_V1 = """
CREATE TABLE IF NOT EXISTS accounts (
    id    INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name  TEXT NOT NULL CHECK (length(trim(name)) > 0)
);
"""


class TextMatchingStore(AccountStore):
    """Same as AccountStore.create, except "is it a duplicate?" is a substring test."""

    def create(self, email: str, name: str) -> Account:
        try:
            with self.conn:
                cur = self.conn.execute(
                    "INSERT INTO accounts (email, name) VALUES (?, ?)", (email, name)
                )
        except sqlite3.IntegrityError as exc:
            if "UNIQUE constraint failed: accounts.email" in str(exc):  # the bug
                raise DuplicateError(email) from exc
            raise
        assert cur.lastrowid is not None
        return Account(cur.lastrowid, email, name)
