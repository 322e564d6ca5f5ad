"""The one place where domain errors become exit codes and HTTP statuses.

Both edges import this table: ``accounts.cli`` reads ``exit_code``, ``accounts.api`` reads
``http_status``. Core code never knows either number. A test checks that every
AccountsError subclass has its own row, so a new error cannot silently become a 500.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from accounts.errors import (
    AccountsError,
    DuplicateError,
    InvalidAccountError,
    InvalidFieldError,
    NotFoundError,
    StoreUnavailableError,
)

__all__ = ["EXIT_INTERRUPTED", "OUTCOMES", "Outcome", "outcome_for"]


@dataclass(frozen=True, slots=True)
class Outcome:
    code: str  # stable, machine-readable; clients switch on this, never on the message
    exit_code: int
    http_status: int


# 0 success, 1 an unmapped failure, 2 usage (argparse), 3-6 domain, 130 = 128 + SIGINT.
OUTCOMES: Mapping[type[AccountsError], Outcome] = MappingProxyType(
    {
        AccountsError: Outcome("error", 1, 500),
        NotFoundError: Outcome("not_found", 3, 404),
        DuplicateError: Outcome("duplicate", 4, 409),
        InvalidFieldError: Outcome("invalid", 5, 422),
        InvalidAccountError: Outcome("invalid", 5, 422),
        StoreUnavailableError: Outcome("unavailable", 6, 503),
    }
)
EXIT_INTERRUPTED = 130


def outcome_for(exc: AccountsError) -> Outcome:
    """The row for the most specific class of ``exc`` in the table (walks the MRO)."""
    for cls in type(exc).__mro__:
        if cls in OUTCOMES:
            return OUTCOMES[cls]
    raise AssertionError("unreachable: AccountsError itself is in the table")
