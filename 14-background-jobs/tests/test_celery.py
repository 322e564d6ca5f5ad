"""Celery against the real RabbitMQ and Redis, one worker for the module: a charge's result comes
back through Redis, a duplicate changes nothing, a transient failure is retried with backoff
and then fails with its error, a permanent one fails at once, and the schedule is in UTC."""

from __future__ import annotations

from datetime import UTC, datetime

import psycopg
from celery.schedules import crontab

from jobqueue import Settings
from tests.support import CeleryWorker, new_order, producer_app

WITHIN = 30.0  # a hang bound, not a speed claim


def test_a_charge_runs_on_the_worker_and_its_result_comes_back_through_redis(
    shared: Settings, shared_worker: CeleryWorker
) -> None:
    app = producer_app(shared)
    order_id = new_order(shared.postgres_url)

    result = app.send_task("jobqueue.charge_order", args=[order_id])

    assert result.get(timeout=WITHIN) == "charged"
    with psycopg.connect(shared.postgres_url) as conn:
        row = conn.execute("SELECT count(*) FROM charges WHERE order_id = %s", (order_id,))
        assert row.fetchone() == (1,)


def test_the_same_task_twice_charges_once(shared: Settings, shared_worker: CeleryWorker) -> None:
    """A redelivery or a retry is just the same task again: the idempotency key absorbs it."""
    app = producer_app(shared)
    order_id = new_order(shared.postgres_url)

    first = app.send_task("jobqueue.charge_order", args=[order_id])
    second = app.send_task("jobqueue.charge_order", args=[order_id])

    assert [first.get(timeout=WITHIN), second.get(timeout=WITHIN)] == [
        "charged",
        "already charged",
    ]


def test_a_transient_failure_is_retried_then_fails_with_its_error(
    shared: Settings, shared_worker: CeleryWorker
) -> None:
    """The provider is down for good: max_retries (2 here) retries with jittered backoff, then
    FAILURE with the last error, which the result keeps."""
    app = producer_app(shared)
    order_id = new_order(shared.postgres_url)
    with psycopg.connect(shared.postgres_url) as conn:
        conn.execute("INSERT INTO outages VALUES ('card')")
    try:
        result = app.send_task("jobqueue.charge_order", args=[order_id])
        result.get(timeout=WITHIN, propagate=False)
    finally:
        with psycopg.connect(shared.postgres_url) as conn:
            conn.execute("DELETE FROM outages")

    assert result.state == "FAILURE"
    assert type(result.result).__name__ == "ProviderUnavailable"
    with psycopg.connect(shared.postgres_url) as conn:
        tries = conn.execute("SELECT count(*) FROM attempts WHERE order_id = %s", (order_id,))
        assert tries.fetchone() == (shared.max_attempts,)  # 1 + max_retries


def test_a_declined_payment_fails_at_once_without_retries(
    shared: Settings, shared_worker: CeleryWorker
) -> None:
    """PaymentDeclined is not in autoretry_for: retrying a permanent error is the poison loop."""
    app = producer_app(shared)
    order_id = new_order(shared.postgres_url, amount_cents=5_000_000)

    result = app.send_task("jobqueue.charge_order", args=[order_id])
    result.get(timeout=WITHIN, propagate=False)

    assert result.state == "FAILURE"
    assert type(result.result).__name__ == "PaymentDeclined"
    with psycopg.connect(shared.postgres_url) as conn:
        tries = conn.execute("SELECT count(*) FROM attempts WHERE order_id = %s", (order_id,))
        assert tries.fetchone() == (1,)


def test_the_nightly_report_is_scheduled_at_0230_utc(shared: Settings) -> None:
    app = producer_app(shared)
    entry = app.conf.beat_schedule["nightly-report"]
    schedule: crontab = entry["schedule"]
    schedule.app = app  # the schedule reads the app's timezone

    # Due at 02:30 UTC whatever the machine's zone: the next run after 01:00 UTC is 90 min away.
    last_run = datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    start, forward, _ = schedule.remaining_delta(last_run)
    assert str(app.conf.timezone) == "UTC"
    assert entry["task"] == "jobqueue.nightly_report"
    assert start + forward == datetime(2026, 3, 29, 2, 30, tzinfo=UTC)


def test_a_task_stuck_past_its_soft_time_limit_fails_and_frees_the_worker(
    shared: Settings, shared_worker: CeleryWorker
) -> None:
    """A hung call would hold the worker, and its message, forever. Here the receipt's INSERT
    waits on a lock the test holds: the soft time limit interrupts it (psycopg cancels the
    query), the task fails with SoftTimeLimitExceeded, and the worker takes the next task."""
    app = producer_app(shared)
    stuck_order = new_order(shared.postgres_url)
    with psycopg.connect(shared.postgres_url) as blocker:
        blocker.execute("LOCK TABLE receipts IN ACCESS EXCLUSIVE MODE")  # until this block ends
        stuck = app.send_task(
            "jobqueue.charge_order", args=[stuck_order], soft_time_limit=1, time_limit=20
        )
        stuck.get(timeout=WITHIN, propagate=False)
        blocker.rollback()

    assert stuck.state == "FAILURE"
    assert type(stuck.result).__name__ == "SoftTimeLimitExceeded"
    next_order = new_order(shared.postgres_url)
    assert app.send_task("jobqueue.charge_order", args=[next_order]).get(timeout=WITHIN) == (
        "charged"
    )
