"""BROKEN: ``except Exception: return None`` turns every failure into "not found"."""

from __future__ import annotations

from accounts.errors import NotFoundError
from accounts.models import Account
from accounts.store import AccountStore


def change_email_or_none(store: AccountStore, account_id: int, email: str) -> Account | None:
    """Return the changed account, or None "if there is no such account"."""
    try:
        return store.change_email(account_id, email)
    except Exception:  # the bug: duplicate, locked store, typo'd SQL... all become None
        return None


def change_email(store: AccountStore, account_id: int, email: str) -> Account:
    """The caller trusts the Optional contract: None means not found. So a duplicate is a 404."""
    account = change_email_or_none(store, account_id, email)
    if account is None:
        raise NotFoundError(account_id)
    return account
