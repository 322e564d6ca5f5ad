"""Exercise 2's check (exercise 1's is in tests/test_contract.py: it runs on every backend)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from latefees.business_days import next_business_day


@pytest.mark.skip(reason="exercise 2: implement next_business_day")
@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)))
def test_exercise_2_next_business_day_properties(day: date) -> None:
    moved = next_business_day(day)
    assert moved.weekday() < 5
    assert timedelta(0) <= moved - day <= timedelta(days=2)
    assert next_business_day(moved) == moved
    if day.weekday() < 5:
        assert moved == day


@pytest.mark.skip(reason="exercise 2: implement next_business_day")
@pytest.mark.parametrize(
    ("day", "moved"),
    [
        pytest.param(date(2026, 3, 6), date(2026, 3, 6), id="friday-stays"),
        pytest.param(date(2026, 3, 7), date(2026, 3, 9), id="saturday-to-monday"),
        pytest.param(date(2026, 3, 8), date(2026, 3, 9), id="sunday-to-monday"),
    ],
)
def test_exercise_2_weekends_move_to_monday(day: date, moved: date) -> None:
    assert next_business_day(day) == moved
