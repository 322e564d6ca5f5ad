"""The five algorithms on a hand-moved clock: no test sleeps."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from throttle import (
    GCRA,
    FixedWindow,
    Limiter,
    Rate,
    SlidingWindowCounter,
    SlidingWindowLog,
    TokenBucket,
)


class FakeClock:
    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


Factory = Callable[[Rate, FakeClock], Limiter]
ALGORITHMS: dict[str, Factory] = {
    "token-bucket": lambda rate, clock: TokenBucket(rate, clock=clock),
    "fixed-window": lambda rate, clock: FixedWindow(rate, clock=clock),
    "sliding-log": lambda rate, clock: SlidingWindowLog(rate, clock=clock),
    "sliding-counter": lambda rate, clock: SlidingWindowCounter(rate, clock=clock),
    "gcra": lambda rate, clock: GCRA(rate, clock=clock),
}
HOLDS_AT_BOUNDARY = ["token-bucket", "sliding-log", "sliding-counter", "gcra"]


def allowed(limiter: Limiter, n: int, key: str = "k") -> int:
    return sum(limiter.allow(key).allowed for _ in range(n))


@pytest.mark.parametrize("name", ALGORITHMS)
def test_each_algorithm_allows_the_limit_then_refuses(name: str) -> None:
    clock = FakeClock(0.0)
    limiter = ALGORITHMS[name](Rate(10, 60), clock)
    assert allowed(limiter, 10) == 10
    refused = limiter.allow("k")
    assert not refused.allowed
    assert refused.remaining == 0
    assert refused.retry_after > 0
    assert allowed(limiter, 3, key="other") == 3  # keys are independent


@pytest.mark.parametrize("name", ALGORITHMS)
def test_waiting_retry_after_is_enough(name: str) -> None:
    """A client that waits exactly Retry-After finds room: the header never lies short."""
    clock = FakeClock(12.5)
    limiter = ALGORITHMS[name](Rate(5, 10), clock)
    allowed(limiter, 5)
    refused = limiter.allow("k")
    assert not refused.allowed
    clock.now += refused.retry_after + 1e-6
    assert limiter.allow("k").allowed


def test_token_bucket_refills_at_limit_per_period() -> None:
    clock = FakeClock()
    bucket = TokenBucket(Rate(10, 60), burst=10, clock=clock)  # one token every 6 s
    assert allowed(bucket, 10) == 10
    clock.now += 5.9
    assert not bucket.allow("k").allowed
    clock.now += 0.1
    assert bucket.allow("k").allowed
    clock.now += 60 * 10  # a long pause refills to `burst`, never beyond
    assert allowed(bucket, 20) == 10


def test_token_bucket_a_clock_that_steps_back_adds_no_tokens() -> None:
    clock = FakeClock()
    bucket = TokenBucket(Rate(2, 60), clock=clock)
    allowed(bucket, 2)
    clock.now -= 3600
    assert not bucket.allow("k").allowed


def test_gcra_answers_like_a_token_bucket() -> None:
    """Same rate and burst, same requests at the same times: the same decisions."""
    rng = random.Random(18)
    clock = FakeClock()
    bucket, gcra = TokenBucket(Rate(5, 10), clock=clock), GCRA(Rate(5, 10), clock=clock)
    for _ in range(500):
        clock.now += rng.choice([0.0, 0.1, 0.5, 1.0, 2.0, 3.0])
        assert bucket.allow("k").allowed == gcra.allow("k").allowed


def test_sliding_log_remembers_one_timestamp_per_request() -> None:
    clock = FakeClock()
    log = SlidingWindowLog(Rate(100, 60), clock=clock)
    allowed(log, 100)
    assert len(log._log["k"]) == 100  # the memory column of the table, counted


def test_broken_fixed_window_lets_twice_the_limit_through_at_a_boundary() -> None:
    clock = FakeClock(59.9)  # the last 100 ms of the window [0, 60)
    limiter = FixedWindow(Rate(10, 60), clock=clock)
    first = allowed(limiter, 10)
    clock.now = 60.0  # the first instant of the next window
    second = allowed(limiter, 10)
    assert first + second == 20  # 20 requests in 0.1 s under a "10 a minute" limit


@pytest.mark.parametrize("name", HOLDS_AT_BOUNDARY)
def test_fixed_at_a_boundary_the_limit_holds(name: str) -> None:
    clock = FakeClock(59.9)
    limiter = ALGORITHMS[name](Rate(10, 60), clock)
    first = allowed(limiter, 10)
    clock.now = 60.0
    second = allowed(limiter, 10)
    assert first + second == 10
