"""Check every field of an input and report *all* problems at once, as one exception group."""

from __future__ import annotations

import re

from accounts.errors import InvalidAccountError, InvalidFieldError

__all__ = ["MAX_NAME", "check_email", "check_name", "validate_new_account"]

# Deliberately simple: one "@", something on each side, a dot in the domain. Real delivery
# is the only true check of an email address; this only rejects obvious typos.
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_NAME = 80


def check_email(email: str) -> InvalidFieldError | None:
    if not EMAIL.fullmatch(email):
        return InvalidFieldError("email", "must look like name@example.com")
    return None


def check_name(name: str) -> InvalidFieldError | None:
    if not name.strip():
        return InvalidFieldError("name", "must not be blank")
    if len(name) > MAX_NAME:
        return InvalidFieldError("name", f"must be at most {MAX_NAME} characters")
    return None


def validate_new_account(email: str, name: str) -> None:
    """Raise InvalidAccountError holding one InvalidFieldError per bad field, or return."""
    problems = [p for p in (check_email(email), check_name(name)) if p is not None]
    if problems:
        # Go: return errors.Join(problems...). Python: one group, every leaf kept.
        raise InvalidAccountError("invalid account", problems)
