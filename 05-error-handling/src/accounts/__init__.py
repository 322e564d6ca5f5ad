"""Lesson 05: an accounts store whose errors are types, causes and one mapping table."""

from accounts.errors import (
    AccountsError,
    DuplicateError,
    InvalidAccountError,
    InvalidFieldError,
    NotFoundError,
    StoreOpenError,
    StoreUnavailableError,
)
from accounts.models import Account
from accounts.outcomes import OUTCOMES, Outcome, outcome_for
from accounts.resilience import fetch_or_default, retry
from accounts.store import AccountStore, connect

__all__ = [
    "OUTCOMES",
    "Account",
    "AccountStore",
    "AccountsError",
    "DuplicateError",
    "InvalidAccountError",
    "InvalidFieldError",
    "NotFoundError",
    "Outcome",
    "StoreOpenError",
    "StoreUnavailableError",
    "connect",
    "fetch_or_default",
    "outcome_for",
    "retry",
]
