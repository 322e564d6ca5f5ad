"""Go's fmt.Errorf("...: %w", err) is Python's ``raise DomainError(...) from err``.

The driver's error is not lost: it is ``__cause__`` (Go: errors.Unwrap), and ``add_note``
attaches context on the way up without changing the type.
"""

from __future__ import annotations

import sqlite3

from accounts import AccountStore, DuplicateError, connect


def main() -> None:
    store = AccountStore(connect(":memory:"))
    store.create("ada@example.com", "Ada")
    try:
        try:
            store.create("Ada@Example.com", "Ada again")
        except DuplicateError as exc:
            exc.add_note("while registering the signup form")  # context, same type
            raise
    except DuplicateError as exc:
        cause = exc.__cause__
        print("caught:", type(exc).__name__, "email =", exc.email)
        print("cause:", type(cause).__name__, isinstance(cause, sqlite3.IntegrityError))
        if isinstance(cause, sqlite3.IntegrityError):
            print("sqlite error name:", cause.sqlite_errorname)
        print("notes:", exc.__notes__)


if __name__ == "__main__":
    main()
