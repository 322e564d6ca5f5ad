"""BROKEN: ``raise DuplicateError(...) from None`` throws the evidence away."""

from __future__ import annotations

import sqlite3

from accounts.errors import DuplicateError
from accounts.models import Account
from accounts.store import AccountStore


class CauseHidingStore(AccountStore):
    """Same as AccountStore.create, except the translation ends in ``from None``."""

    def create(self, email: str, name: str) -> Account:
        try:
            with self.conn:
                cur = self.conn.execute(
                    "INSERT INTO accounts (email, name) VALUES (?, ?)", (email, name)
                )
        except sqlite3.IntegrityError as exc:
            if exc.sqlite_errorcode == sqlite3.SQLITE_CONSTRAINT_UNIQUE:
                # The bug: "the driver error is noise". __cause__ is None and
                # __suppress_context__ is True, so no traceback or log shows what failed.
                raise DuplicateError(email) from None
            raise
        assert cur.lastrowid is not None
        return Account(cur.lastrowid, email, name)
