"""Every way the accounts domain can fail, as types a caller can catch.

The tree::

    AccountsError                  base: ``except AccountsError`` catches every domain failure
     ├── NotFoundError             no account with that id               (Go: ErrNotFound)
     ├── DuplicateError            the email is already taken            (Go: ErrDuplicate)
     │                             __cause__ is the sqlite3.IntegrityError that proved it
     ├── InvalidFieldError         one field breaks a rule: .field, .problem
     ├── InvalidAccountError       ExceptionGroup of every InvalidFieldError at once
     │                             (Go: errors.Join(errs...)); also an AccountsError
     ├── StoreUnavailableError     the store could not answer now (another writer holds
     │                             the lock): transient, safe to retry; __cause__ is the
     │                             sqlite3.OperationalError (SQLITE_BUSY / SQLITE_LOCKED)
     └── StoreOpenError            the store cannot be opened as configured (no such
                                   directory, no permission): retrying will not help

Rules this module keeps:

- Callers decide by *type* (``except DuplicateError``) and read *attributes*
  (``exc.field``, ``exc.email``), never by parsing ``str(exc)``: the message is for humans
  and may be reworded at any time.
- Low-level errors are wrapped with ``raise DomainError(...) from exc`` so the original stays
  reachable as ``__cause__`` (Go: ``fmt.Errorf("...: %w", err)``).
- The mapping from these types to exit codes and HTTP statuses lives in one place,
  ``accounts.outcomes``, used by both edges (``accounts.cli`` and ``accounts.api``).
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "AccountsError",
    "DuplicateError",
    "InvalidAccountError",
    "InvalidFieldError",
    "NotFoundError",
    "StoreOpenError",
    "StoreUnavailableError",
]


class AccountsError(Exception):
    """Base of every accounts domain error.

    Catch it where any domain failure gets the same treatment::

        try:
            service.register(store, email, name)
        except AccountsError as exc:
            outcome = outcome_for(exc)  # one table decides the exit/status code
    """


class NotFoundError(AccountsError):
    """No account has this id."""

    def __init__(self, account_id: int) -> None:
        super().__init__(f"no account with id {account_id}")
        self.account_id = account_id


class DuplicateError(AccountsError):
    """Another account already uses this email (compared case-insensitively)."""

    def __init__(self, email: str) -> None:
        super().__init__(f"email {email!r} is already taken")
        self.email = email


class InvalidFieldError(AccountsError):
    """One input field breaks a rule. ``field`` names it; ``problem`` says what is wrong."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


class InvalidAccountError(ExceptionGroup[InvalidFieldError], AccountsError):
    """Every invalid field of one input, raised together so the caller can fix them all.

    It is an ExceptionGroup, so ``except* InvalidFieldError`` takes the leaves; and it is an
    AccountsError, so the edge's single ``except AccountsError`` maps it like any other.
    """

    def derive(self, excs: Sequence[InvalidFieldError]) -> InvalidAccountError:  # type: ignore[override]  # typeshed overloads derive for any exception type; this group only ever holds InvalidFieldError
        # split()/subgroup() (and so except*) call derive(): keep the domain type on the parts.
        return InvalidAccountError(self.message, excs)

    @property
    def fields(self) -> list[str]:
        """Names of the invalid fields, in the order they were checked."""
        return [leaf.field for leaf in self.exceptions if isinstance(leaf, InvalidFieldError)]


class StoreUnavailableError(AccountsError):
    """The store could not serve the request right now; retrying later may succeed."""


class StoreOpenError(AccountsError):
    """The store cannot be opened as configured; the same call will fail the same way."""
