"""What fees_weak.py misses: the edge of the grace period, and rounding. Run with it."""

from latefees.fees import Policy, late_fee

POLICY = Policy(grace_days=3, daily_rate_bp=10, cap_bp=1_000)


def test_the_last_day_of_grace_is_free_and_the_next_is_not() -> None:
    assert late_fee(10_000, 3, POLICY) == 0
    assert late_fee(10_000, 4, POLICY) == 40


def test_fees_round_down_to_whole_cents() -> None:
    assert late_fee(12_345, 4, POLICY) == 49
    assert late_fee(12_345, 1_000, POLICY) == 1_234
