"""Go's zero values, in Python: explicit defaults, and telling "not given" from "None".

Go gives every variable a usable zero value. Python has no such thing: a name is bound to an
object or it does not exist, and an attribute you never set raises AttributeError. Defaults are
written out, and a mutable default is built per instance with ``field(default_factory=...)``.

When ``None`` is itself a meaningful value (a PATCH that clears the email), "the caller did not
pass it" needs its own sentinel. A one-member Enum is the sentinel mypy can narrow with ``is``.
"""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass, field
from typing import Final, Literal


class _Missing(enum.Enum):
    MISSING = enum.auto()

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing.MISSING
"""Default for "argument not given", distinct from every value a caller can pass, None too."""

Missing = Literal[_Missing.MISSING]


@dataclass(frozen=True, slots=True)
class User:
    user_id: int
    nickname: str
    email: str | None = None  # None is a real state here: "no email on file"
    roles: frozenset[str] = frozenset()
    tags: list[str] = field(default_factory=list)  # a new list per User, never a shared one


def patch_user(
    user: User,
    *,
    nickname: str | Missing = MISSING,
    email: str | Missing | None = MISSING,
) -> User:
    """Apply a partial update, as an HTTP PATCH does.

    ``email=None`` clears the email; leaving ``email`` out keeps it. With ``None`` as the
    default the two calls would be indistinguishable, and every PATCH of the nickname would
    silently erase the email.
    """
    return dataclasses.replace(
        user,
        nickname=user.nickname if nickname is MISSING else nickname,
        email=user.email if email is MISSING else email,
    )


DEFAULT_TIMEOUT: Final = 30.0


def resolve_timeout(requested: float | None) -> float:
    """None means "use the default"; 0.0 is a real request (fail immediately), kept as is.

    The tempting ``requested or DEFAULT_TIMEOUT`` turns 0.0 into 30.0, because 0.0 is falsy.
    """
    return DEFAULT_TIMEOUT if requested is None else requested
