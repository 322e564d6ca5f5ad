"""The pure core: how late an invoice is and what that costs. No clock, no I/O, no settings.

Everything here is a function of its arguments, so a table of cases (parametrize) and a few
properties (hypothesis) test it completely, and a mutation tool can judge those tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

BASIS_POINTS = 10_000  # 1 bp = 0.01 %


@dataclass(frozen=True, slots=True)
class Policy:
    """A late-fee policy: nothing within the grace period, then a daily rate, up to a cap."""

    grace_days: int = 3
    daily_rate_bp: int = 10  # 0.10 % of the amount for every day late
    cap_bp: int = 1_000  # the fee never exceeds 10 % of the amount

    def __post_init__(self) -> None:
        if self.grace_days < 0 or self.daily_rate_bp < 0 or self.cap_bp < 0:
            raise ValueError(f"a policy's numbers cannot be negative: {self}")


def days_late(due: date, today: date) -> int:
    """Whole days past the due date; 0 on or before it."""
    return max(0, (today - due).days)


def late_fee(amount_cents: int, days: int, policy: Policy) -> int:
    """The fee in cents for an invoice of `amount_cents` that is `days` late.

    Within the grace period (days <= grace_days) there is no fee at all; after it, every day
    late counts, rounded down to whole cents, and the fee never exceeds the cap.
    """
    if days <= policy.grace_days:
        return 0
    fee = amount_cents * policy.daily_rate_bp * days // BASIS_POINTS
    cap = amount_cents * policy.cap_bp // BASIS_POINTS
    return min(fee, cap)
