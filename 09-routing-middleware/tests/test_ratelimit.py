"""Middleware 3: the token bucket, driven by a manual clock (no sleeping)."""

from __future__ import annotations

import math

import pytest
from starlette.testclient import WebSocketDenialResponse

from routing import KeyVerifier, ManualClock, RateLimiter, TokenBucket
from tests.support import ALICE, client, make_app


def test_a_full_bucket_allows_capacity_requests_then_says_how_long_to_wait() -> None:
    limiter = RateLimiter(capacity=3, refill_per_second=0.5, clock=ManualClock())
    assert [limiter.check("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.check("a") == pytest.approx(2.0)  # one token per 2 s


def test_tokens_come_back_with_time() -> None:
    clock = ManualClock()
    limiter = RateLimiter(capacity=2, refill_per_second=1.0, clock=clock)
    assert [limiter.check("a") for _ in range(3)] == [0.0, 0.0, pytest.approx(1.0)]
    clock.advance(0.5)
    assert limiter.check("a") == pytest.approx(0.5)
    clock.advance(0.5)
    assert limiter.check("a") == 0.0


def test_the_bucket_never_holds_more_than_its_capacity() -> None:
    clock = ManualClock()
    limiter = RateLimiter(capacity=2, refill_per_second=1.0, clock=clock)
    clock.advance(3600)
    assert [limiter.check("a") for _ in range(3)] == [0.0, 0.0, pytest.approx(1.0)]


def test_a_clock_that_steps_back_adds_no_tokens() -> None:
    bucket = TokenBucket(capacity=1, refill_per_second=1.0, tokens=0.0, updated=100.0)
    assert bucket.take(now=50.0) == pytest.approx(1.0)


def test_keys_have_separate_buckets() -> None:
    limiter = RateLimiter(capacity=1, refill_per_second=0.1, clock=ManualClock())
    assert limiter.check("10.0.0.1") == 0.0
    assert limiter.check("10.0.0.1") > 0
    assert limiter.check("10.0.0.2") == 0.0


def test_the_number_of_buckets_is_bounded() -> None:
    limiter = RateLimiter(capacity=1, refill_per_second=0.1, clock=ManualClock(), max_keys=2)
    for key in ("a", "b", "c"):
        limiter.check(key)
    # "a" was least recently used and evicted: it starts again with a full bucket.
    assert limiter.check("a") == 0.0
    assert limiter.check("c") > 0


@pytest.mark.parametrize(
    ("capacity", "rate"),
    [(0, 1.0), (1, 0.0), (1, -1.0), (1, math.nan), (1, math.inf)],
    ids=["no-capacity", "zero", "neg", "nan", "inf"],
)
def test_nonsense_limits_are_refused(capacity: int, rate: float) -> None:
    with pytest.raises(ValueError, match="capacity"):
        RateLimiter(capacity=capacity, refill_per_second=rate)


def test_the_429_carries_retry_after_in_whole_seconds_rounded_up() -> None:
    clock = ManualClock()
    http = client(make_app(capacity=2, per_second=0.4, clock=clock))
    assert [http.get("/v1/items/1", headers=ALICE).status_code for _ in range(2)] == [200, 200]
    limited = http.get("/v1/items/1", headers=ALICE)
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "3"  # 2.5 s, rounded up
    assert limited.json() == {"detail": "rate limit exceeded; retry in 3 s"}
    clock.advance(2.5)
    assert http.get("/v1/items/1", headers=ALICE).status_code == 200


def test_websocket_handshakes_spend_tokens_and_get_429_too() -> None:
    """Otherwise a flood of handshakes would reach the key check unlimited (lab (b) again)."""
    app = make_app(capacity=1, per_second=0.25)
    http = client(app)
    wrong = {"Authorization": "Bearer not-a-real-key"}
    for expected in (401, 429, 429):
        with (
            pytest.raises(WebSocketDenialResponse) as denied,
            http.websocket_connect("/v1/stream", headers=wrong),
        ):
            pytest.fail("the websocket was accepted")
        assert denied.value.status_code == expected
    assert denied.value.headers["retry-after"] == "4"
    verifier: KeyVerifier = app.state.verifier
    assert verifier.calls == 1
