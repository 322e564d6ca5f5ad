"""Middleware 3: the token bucket, driven by a manual clock (no sleeping)."""

from __future__ import annotations

import math

import pytest
from starlette.testclient import TestClient, WebSocketDenialResponse

from routing import KeyVerifier, ManualClock, RateLimiter, TokenBucket
from routing.ratelimit import client_key
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


@pytest.mark.parametrize(
    ("host", "key"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.7", "203.0.113.7"),  # IPv4 on a dual-stack socket
        ("testclient", "testclient"),
    ],
)
def test_clients_are_keyed_by_address_and_ipv6_by_its_64_network(host: str, key: str) -> None:
    assert client_key({"type": "http", "client": (host, 50000)}) == key


def test_one_ipv6_host_cannot_get_a_fresh_bucket_by_changing_its_address() -> None:
    app = make_app(capacity=2, per_second=0.01)
    statuses = [
        TestClient(app, client=(f"2001:db8:1:2::{n:x}", 50000))
        .get("/v1/items/1", headers=ALICE)
        .status_code
        for n in range(1, 5)
    ]
    assert statuses == [200, 200, 429, 429]
