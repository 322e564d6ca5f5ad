"""A suite with 100 % line and branch coverage of fees.py that still lets a mutant live.

Run on its own by tests/test_mutation.py and examples/02_mutmut.py; the lesson's suite does
not collect it (its name does not start with `test_`).
"""

from datetime import date

import pytest

from latefees.fees import Policy, days_late, late_fee

POLICY = Policy(grace_days=3, daily_rate_bp=10, cap_bp=1_000)


def test_on_time_costs_nothing() -> None:
    assert late_fee(10_000, 0, POLICY) == 0


def test_a_late_invoice_pays_the_daily_rate() -> None:
    assert late_fee(10_000, 10, POLICY) == 100


def test_the_fee_stops_at_the_cap() -> None:
    assert late_fee(10_000, 1_000, POLICY) == 1_000


def test_days_late() -> None:
    assert days_late(date(2026, 3, 1), date(2026, 3, 11)) == 10


def test_a_negative_policy_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        Policy(daily_rate_bp=-1)
