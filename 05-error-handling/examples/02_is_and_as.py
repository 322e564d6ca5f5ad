"""Go's errors.Is / errors.As are ``except`` clauses, ``isinstance`` and attributes.

Branch on the type, read the fields; the message is for people and never parsed.
"""

from __future__ import annotations

from accounts import (
    AccountsError,
    AccountStore,
    DuplicateError,
    NotFoundError,
    connect,
    outcome_for,
)


def change(store: AccountStore, account_id: int, email: str) -> str:
    try:
        store.change_email(account_id, email)
    except NotFoundError as exc:  # errors.Is(err, ErrNotFound)
        return f"no account {exc.account_id}"
    except DuplicateError as exc:  # var d *DuplicateError; errors.As(err, &d)
        return f"{exc.email} belongs to someone else"
    return "changed"


def main() -> None:
    store = AccountStore(connect(":memory:"))
    ada = store.create("ada@example.com", "Ada")
    bob = store.create("bob@example.com", "Bob")
    print(change(store, bob.id, "bob@example.org"))
    print(change(store, 99, "x@example.com"))
    print(change(store, bob.id, ada.email.upper()))

    # One hierarchy means one `except` for "any domain failure", and one table for codes.
    for exc in (NotFoundError(7), DuplicateError("a@b.c")):
        assert isinstance(exc, AccountsError)
        outcome = outcome_for(exc)
        print(
            f"{type(exc).__name__:<15} code={outcome.code:<10} "
            f"exit={outcome.exit_code} http={outcome.http_status}"
        )


if __name__ == "__main__":
    main()
