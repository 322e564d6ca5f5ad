"""Break it 3: overlapping cron runs. A run that outlasts its interval, or a second beat, must
not build the report twice. The overlap is forced with an Event, not timed: the first run
waits inside its work until the second has come and gone."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import date

import pytest
import redis

from jobqueue import nightly_report, nightly_report_redis
from jobqueue.cron import build_report
from tests.support import count

DAY = date(2026, 3, 29)


Run = Callable[[Callable[[], None] | None], bool | None]


def overlapping(first: Run, second: Run) -> list[bool | None]:
    """Run `first` on a thread; while it is inside its work, run `second`; return both results,
    the second's first."""
    inside, done = threading.Event(), threading.Event()
    results: list[bool | None] = []

    def hold() -> None:
        inside.set()
        assert done.wait(30), "the second run never finished"

    thread = threading.Thread(target=lambda: results.append(first(hold)))
    thread.start()
    try:
        assert inside.wait(30), "the first run never started its work"
        results.append(second(None))
    finally:
        done.set()
        thread.join(30)
    return results


def test_broken_two_unguarded_runs_build_the_report_twice(url: str) -> None:
    overlapping(
        lambda during: build_report(url, DAY, during),
        lambda during: build_report(url, DAY, during),
    )
    assert count(url, "reports") == 2


def test_fixed_the_advisory_lock_lets_one_run_do_the_work(url: str) -> None:
    second, first = overlapping(
        lambda during: nightly_report(url, DAY, during),
        lambda during: nightly_report(url, DAY, during),
    )
    assert (first, second) == (True, False)  # the second saw the lock and skipped
    assert count(url, "reports") == 1


def test_the_advisory_lock_is_free_again_after_a_run(url: str) -> None:
    assert nightly_report(url, DAY) is True
    assert nightly_report(url, DAY) is True
    assert count(url, "reports") == 2


@pytest.fixture
def client(redis_url: str) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(redis_url)
    with client:
        yield client


def test_the_redis_lock_keeps_a_second_run_out_within_its_ttl(
    url: str, client: redis.Redis
) -> None:
    key = f"t:{uuid.uuid4().hex}:lock"
    second, first = overlapping(
        lambda during: nightly_report_redis(url, client, key, 60_000, DAY, during),
        lambda during: nightly_report_redis(url, client, key, 60_000, DAY, during),
    )
    assert (first, second) == (True, False)
    assert client.exists(key) == 0  # released by its owner


def test_a_run_that_outlasts_the_redis_ttl_lets_a_second_run_in(
    url: str, client: redis.Redis
) -> None:
    """The failure mode of a TTL lock: the first run is still working when its lock expires."""
    key = f"t:{uuid.uuid4().hex}:lock"

    def after_expiry(during: Callable[[], None] | None) -> bool:
        deadline = time.monotonic() + 30
        while client.exists(key):  # the first run's 50 ms have run out
            assert time.monotonic() < deadline
            time.sleep(0.01)
        return nightly_report_redis(url, client, key, 60_000, DAY)

    second, first = overlapping(
        lambda during: nightly_report_redis(url, client, key, 50, DAY, during),
        after_expiry,
    )
    assert (first, second) == (True, True)
    assert count(url, "reports") == 2  # done twice
