"""Use cases: validate, then call the store. Adds context to errors on their way up."""

from __future__ import annotations

import csv
from collections.abc import Iterable

from accounts.errors import AccountsError
from accounts.models import Account
from accounts.store import AccountStore
from accounts.validation import validate_new_account

__all__ = ["import_rows", "register"]


def register(store: AccountStore, email: str, name: str) -> Account:
    """Create an account. Raises InvalidAccountError (every bad field) or DuplicateError."""
    validate_new_account(email, name)
    return store.create(email, name)


def import_rows(store: AccountStore, lines: Iterable[str], source: str) -> list[Account]:
    """Register one account per ``email,name`` CSV line; stop at the first failure.

    The error keeps its type and cause; ``add_note`` only adds *where* it happened, the way
    Go code wraps with ``fmt.Errorf("%s line %d: %w", source, n, err)``.
    """
    created: list[Account] = []
    for lineno, row in enumerate(csv.reader(lines), start=1):
        email, name = ([*row, "", ""])[:2]
        try:
            created.append(register(store, email.strip(), name.strip()))
        except AccountsError as exc:
            exc.add_note(f"{source} line {lineno}: {','.join(row)}")
            raise  # same object, same type, same __cause__: only a note was added
    return created
