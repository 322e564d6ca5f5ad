"""Rates parse strictly: a typo must fail startup, never become "no limit"."""

from __future__ import annotations

import pytest

from throttle import Rate


@pytest.mark.parametrize(
    ("text", "limit", "period"),
    [("10/min", 10, 60.0), ("30/10s", 30, 10.0), ("5/s", 5, 1.0), ("1000/h", 1000, 3600.0)],
)
def test_a_rate_parses(text: str, limit: int, period: float) -> None:
    assert Rate.parse(text) == Rate(limit, period)


@pytest.mark.parametrize("text", ["0/min", "ten/min", "10", "10/fortnight", "10/0s", "-1/s"])
def test_a_bad_rate_is_refused(text: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011  # Rate.parse raises only ValueError
        Rate.parse(text)
