"""Go's errors.Join is an ExceptionGroup; ``except*`` handles each kind inside it.

Validation checks every field and raises all problems at once, so a form shows them all.
"""

from __future__ import annotations

from accounts import InvalidAccountError, InvalidFieldError
from accounts.validation import validate_new_account


def main() -> None:
    try:
        validate_new_account("not-an-email", "   ")
    except* InvalidFieldError as group:
        # `group` is an exception group holding only the matching leaves.
        print(type(group).__name__, "with", len(group.exceptions), "field errors")
        for leaf in group.exceptions:
            assert isinstance(leaf, InvalidFieldError)
            print(f"  {leaf.field}: {leaf.problem}")

    # It is still one object you can catch whole, because it is an AccountsError too.
    try:
        validate_new_account("ada@example.com", "")
    except InvalidAccountError as exc:
        print("fields:", exc.fields)


if __name__ == "__main__":
    main()
