"""Exercises from README.md: delete an exercise's skip line once you have done it.

Reference solutions are in solutions/; try first.
"""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from tests.conftest import SECRET
from throttle import GCRA, Rate, Settings, TokenBucket


@pytest.mark.skip(reason="exercise 1: a cost larger than the burst raises ValueError")
def test_exercise_1_a_cost_above_the_burst_is_a_value_error() -> None:
    for limiter in (
        TokenBucket(Rate(10, 60), burst=5, clock=lambda: 0.0),
        GCRA(Rate(10, 60), burst=5, clock=lambda: 0.0),
    ):
        with pytest.raises(ValueError, match="burst"):
            limiter.allow("k", cost=6)
        assert limiter.allow("k", cost=5).allowed  # the largest cost that can ever pass


@pytest.mark.skip(reason="exercise 2: THROTTLE_IPV6_PREFIX outside 32-128 fails startup")
def test_exercise_2_an_ipv6_prefix_outside_32_to_128_is_refused() -> None:
    for prefix in (0, 8, 31, 129):
        with pytest.raises(ValidationError) as refused:
            Settings(token_secret=SECRET, ipv6_prefix=prefix)
        assert [error["loc"] for error in refused.value.errors()] == [("ipv6_prefix",)]
    assert Settings(token_secret=SECRET, ipv6_prefix=48).ipv6_prefix == 48
