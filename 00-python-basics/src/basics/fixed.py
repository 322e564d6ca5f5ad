"""The fixed signup handler: every call and every request builds its own state.

1. ``errors: list[str] | None = None`` and a new list inside the body, per call. (Better still,
   as here, do not take an accumulator argument at all: return a fresh list.)
2. ``warnings`` is an instance attribute, created in ``__init__``; a dataclass does the same
   with ``field(default_factory=list)``, and refuses ``= []`` outright.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from basics.signup import SignupResult


def validate_signup(form: Mapping[str, str]) -> list[str]:
    errors: list[str] = []
    if "@" not in form.get("email", ""):
        errors.append("email: not an email address")
    if len(form.get("password", "")) < 12:
        errors.append("password: shorter than 12 characters")
    return errors


@dataclass(slots=True)
class RequestContext:
    request_id: str
    warnings: list[str] = field(default_factory=list)

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
