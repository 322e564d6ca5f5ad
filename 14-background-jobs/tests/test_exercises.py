"""Exercises from README.md: delete an exercise's skip line once you have done it.

Reference solutions are in solutions/; try first.
"""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

import jobqueue.queue
from jobqueue import Worker, claim, drain, enqueue
from tests.support import count, new_order


@pytest.mark.skip(reason="exercise 1: add queue.requeue_dead(conn, job_id)")
def test_exercise_1_a_dead_job_can_be_replayed_once_its_cause_is_fixed(url: str) -> None:
    requeue_dead: Any = getattr(jobqueue.queue, "requeue_dead")  # noqa: B009  # not there yet
    order_id = new_order(url, amount_cents=5_000_000)
    with psycopg.connect(url, autocommit=True) as conn:
        job_id = enqueue(conn, "charge_order", {"order_id": order_id}, max_attempts=2)
        worker = Worker(url, "w1", backoff_base=0.0)
        assert [o.state for o in drain(worker, conn)] == ["queued", "dead"]
        assert requeue_dead(conn, job_id + 1) is False  # no such job

        conn.execute("UPDATE orders SET amount_cents = 4999 WHERE id = %s", (order_id,))
        assert requeue_dead(conn, job_id) is True
        assert requeue_dead(conn, job_id) is False  # queued now, not dead
        outcomes = drain(worker, conn)

    assert [(o.state, o.job.attempts) for o in outcomes] == [("done", 1)]
    assert count(url, "charges") == 1


@pytest.mark.skip(reason="exercise 2: add queue.heartbeat(conn, job, lease_seconds)")
def test_exercise_2_a_heartbeat_keeps_a_long_job_from_being_claimed_again(url: str) -> None:
    heartbeat: Any = getattr(jobqueue.queue, "heartbeat")  # noqa: B009  # not there yet
    with psycopg.connect(url, autocommit=True) as conn:
        enqueue(conn, "noop", {})
        job = claim(conn, "long", lease_seconds=0.001)
        assert job is not None
        conn.execute("SELECT pg_sleep(0.01)")  # the lease has run out ...
        assert heartbeat(conn, job, 60) is True  # ... but the worker is alive and says so
        assert claim(conn, "other", lease_seconds=60) is None

        conn.execute("UPDATE jobs SET locked_by = 'other'")  # someone else has it now
        assert heartbeat(conn, job, 60) is False
