"""The clock port: the real one is aware and in UTC; the fake refuses a naive time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from latefees import FixedClock, SystemClock


def test_the_system_clock_is_utc() -> None:
    assert SystemClock().now().utcoffset() == timedelta(0)


def test_a_fixed_clock_needs_an_aware_time() -> None:
    with pytest.raises(ValueError, match="aware"):
        FixedClock(datetime(2026, 3, 31, 12, 0))


def test_a_fixed_clock_moves_only_when_told() -> None:
    clock = FixedClock(datetime(2026, 3, 31, 23, 59, 59, tzinfo=UTC))
    assert clock.now() == clock.now()
    clock.advance(timedelta(seconds=1))
    assert clock.now().date().isoformat() == "2026-04-01"
