"""The pure core: a table of cases (Go's table-driven test) and properties (Go's fuzzing)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from latefees import Policy, days_late, late_fee

POLICY = Policy(grace_days=3, daily_rate_bp=10, cap_bp=1_000)


@pytest.mark.parametrize(
    ("amount", "days", "fee"),
    [
        pytest.param(10_000, 0, 0, id="on-time"),
        pytest.param(10_000, 3, 0, id="last-day-of-grace"),
        pytest.param(10_000, 4, 40, id="first-day-after-grace"),
        pytest.param(12_345, 4, 49, id="rounds-down-to-whole-cents"),
        pytest.param(10_000, 100, 1_000, id="reaches-the-cap"),
        pytest.param(10_000, 5_000, 1_000, id="never-above-the-cap"),
        pytest.param(1, 50, 0, id="one-cent-invoice"),
    ],
)
def test_late_fee_table(amount: int, days: int, fee: int) -> None:
    assert late_fee(amount, days, POLICY) == fee


@pytest.mark.parametrize(
    ("due", "today", "late"),
    [
        pytest.param(date(2026, 3, 1), date(2026, 2, 27), 0, id="before-due"),
        pytest.param(date(2026, 3, 1), date(2026, 3, 1), 0, id="on-the-due-date"),
        pytest.param(date(2026, 2, 28), date(2026, 3, 1), 1, id="across-a-month-end"),
        pytest.param(date(2025, 12, 31), date(2026, 1, 1), 1, id="across-a-year-end"),
    ],
)
def test_days_late_table(due: date, today: date, late: int) -> None:
    assert days_late(due, today) == late


def test_a_negative_policy_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        Policy(grace_days=-1)


amounts = st.integers(min_value=1, max_value=10**9)
days = st.integers(min_value=0, max_value=10_000)
policies = st.builds(
    Policy,
    grace_days=st.integers(0, 60),
    daily_rate_bp=st.integers(0, 500),
    cap_bp=st.integers(0, 10_000),
)


@given(amounts, days, policies)
def test_the_fee_is_never_negative_nor_above_the_cap(amount: int, late: int, p: Policy) -> None:
    fee = late_fee(amount, late, p)
    assert 0 <= fee <= amount * p.cap_bp // 10_000


@given(amounts, days, policies)
def test_one_more_day_never_costs_less(amount: int, late: int, p: Policy) -> None:
    assert late_fee(amount, late + 1, p) >= late_fee(amount, late, p)


@given(amounts, st.integers(0, 60), policies)
def test_nothing_is_charged_within_grace(amount: int, late: int, p: Policy) -> None:
    assert late_fee(amount, min(late, p.grace_days), p) == 0


@given(st.dates(), st.integers(-1_000, 1_000))
def test_days_late_is_the_distance_past_due(due: date, shift: int) -> None:
    try:
        today = due + timedelta(days=shift)
    except OverflowError:
        return  # past date.max: not a date any invoice has
    assert days_late(due, today) == max(0, shift)
