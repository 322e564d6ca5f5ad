"""The naive signup handler: state leaks from one request into the next.

Two bugs, one cause: an object created *once* is used as if it were created per call.

1. ``errors: list[str] = []`` in a ``def``: the list is built when the def runs (at import) and
   stored in ``validate_signup.__defaults__``; every call that omits ``errors`` appends to it.
2. ``warnings: list[str] = []`` in a class body: a class attribute, one list on the class;
   ``self.warnings.append`` finds it through the instance and mutates the shared list.

A script that handles one request never notices. A server, where the module stays imported for
days, answers the second user with the first user's errors. ruff reports both (B006, RUF012):
pyproject.toml silences it for this file only, because the bug is the point.
"""

from __future__ import annotations

from collections.abc import Mapping

from basics.signup import SignupResult


def validate_signup(form: Mapping[str, str], errors: list[str] = []) -> list[str]:
    if "@" not in form.get("email", ""):
        errors.append("email: not an email address")
    if len(form.get("password", "")) < 12:
        errors.append("password: shorter than 12 characters")
    return errors


class RequestContext:
    """Per-request state... or so it looks."""

    warnings: list[str] = []

    def __init__(self, request_id: str) -> None:
        self.request_id = request_id

    def warn(self, message: str) -> None:
        self.warnings.append(message)


def handle_signup(form: Mapping[str, str], request_id: str) -> SignupResult:
    context = RequestContext(request_id)
    if form.get("password", "").isalpha():
        context.warn("password: letters only, consider adding digits")
    errors = validate_signup(form)
    return SignupResult(
        status=422 if errors else 201,
        errors=tuple(errors),
        warnings=tuple(context.warnings),
    )
