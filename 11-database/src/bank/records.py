"""The plain value every CRUD style returns, so the three can be compared one to one."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AccountRow:
    id: int
    owner: str
    balance: int  # cents
