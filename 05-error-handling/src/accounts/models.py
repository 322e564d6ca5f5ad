"""The one domain value this lesson stores."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Account"]


@dataclass(frozen=True, slots=True)
class Account:
    id: int
    email: str
    name: str
