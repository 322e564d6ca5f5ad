"""What a signup request returns; shared by the broken and the fixed handler."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SignupResult:
    status: int  # 201 created, 422 the form is invalid
    errors: tuple[str, ...]
    warnings: tuple[str, ...]
