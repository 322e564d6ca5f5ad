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
    StoreOpenError,
    StoreUnavailableError,
)

__all__ = ["OUTCOMES", "Outcome", "outcome_for"]


@dataclass(frozen=True, slots=True)
class Outcome:
    code: str  # stable, machine-readable; clients switch on this, never on the message
    exit_code: int
    http_status: int


# The course's exit codes: 0 success, 1 a failure at run time (an unmapped domain error, a
# store that cannot be opened), 2 usage (argparse), and 3-63 for a command's own outcomes,
# which a calling script can tell apart: here 3-6. Ctrl-C is not in the table: the CLI ends
# *by* SIGINT (a shell shows 130), see accounts.cli.
OUTCOMES: Mapping[type[AccountsError], Outcome] = MappingProxyType(
    {
        AccountsError: Outcome("error", 1, 500),
        NotFoundError: Outcome("not_found", 3, 404),
        DuplicateError: Outcome("duplicate", 4, 409),
        InvalidFieldError: Outcome("invalid", 5, 422),
        InvalidAccountError: Outcome("invalid", 5, 422),
        StoreUnavailableError: Outcome("unavailable", 6, 503),
        StoreOpenError: Outcome("store_error", 1, 500),
    }
)


def outcome_for(exc: AccountsError) -> Outcome:
    """The row for the most specific class of ``exc`` in the table (walks the MRO)."""
    for cls in type(exc).__mro__:
        if cls in OUTCOMES:
            return OUTCOMES[cls]
    raise AssertionError("unreachable: AccountsError itself is in the table")
