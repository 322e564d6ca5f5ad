"""The hand-built Postgres queue: SKIP LOCKED claims, leases, backoff with jitter, and the dead
state (Break it 4: the poison job)."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from jobqueue import Worker, backoff, claim, counts, drain, enqueue
from jobqueue.broken import retry_forever
from tests.support import count, new_order


def conn_for(url: str) -> psycopg.Connection[Any]:
    return psycopg.connect(url, autocommit=True)


def test_two_workers_claim_different_jobs_without_waiting(url: str) -> None:
    with conn_for(url) as conn:
        first, second = enqueue(conn, "noop", {}), enqueue(conn, "noop", {})
    with conn_for(url) as a, conn_for(url) as b:
        a.execute("BEGIN")
        held = a.execute(
            "SELECT id FROM jobs ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED"
        ).fetchone()  # worker a is mid-claim: its row is locked
        job = claim(b, "b", lease_seconds=30)  # b skips it instead of waiting for it
        a.execute("ROLLBACK")

    assert held == (first,)
    assert job is not None
    assert job.id == second


def test_a_job_runs_in_the_transaction_that_marks_it_done(url: str) -> None:
    order_id = new_order(url)
    with conn_for(url) as conn:
        enqueue(conn, "charge_order", {"order_id": order_id})
        outcomes = drain(Worker(url, "w1"), conn)

        assert [o.state for o in outcomes] == ["done"]
        assert counts(conn) == {"done": 1}
    assert count(url, "charges") == 1


def test_a_job_whose_lease_ran_out_is_claimed_again(url: str) -> None:
    """Its worker died (or stalls): after the lease, another worker takes the job, and the
    first one can no longer complete it."""
    with conn_for(url) as conn:
        enqueue(conn, "noop", {})
        dead = claim(conn, "dies", lease_seconds=0.001)
        assert dead is not None
        conn.execute("SELECT pg_sleep(0.01)")  # the lease is a timestamp in the past now
        again = claim(conn, "heir", lease_seconds=30)

        assert again is not None
        assert (again.id, again.attempts) == (dead.id, 2)
        row = conn.execute("SELECT locked_by FROM jobs WHERE id = %s", (dead.id,)).fetchone()
        assert row == ("heir",)


def test_a_worker_that_lost_its_lease_rolls_its_work_back(url: str) -> None:
    order_id = new_order(url)
    with conn_for(url) as conn:
        job_id = enqueue(conn, "charge_order", {"order_id": order_id})

        def steal_then_charge(c: psycopg.Connection[Any], args: dict[str, Any]) -> None:
            with conn_for(url) as other:  # the lease "ran out": another worker took the job
                other.execute("UPDATE jobs SET locked_by = 'heir' WHERE id = %s", (job_id,))
            c.execute("INSERT INTO receipts VALUES (%s)", (args["order_id"],))

        outcome = Worker(url, "slow", {"charge_order": steal_then_charge}).run_once(conn)

    assert outcome is not None
    assert outcome.state == "lost"
    assert count(url, "receipts") == 0  # rolled back: the heir does the work once


@pytest.mark.parametrize("attempt", [1, 2, 3, 10])
def test_backoff_doubles_and_full_jitter_spreads_it(attempt: int) -> None:
    ceiling = 0.5 * 2 ** (attempt - 1)
    assert backoff(attempt, 0.5, rand=lambda: 1.0) == ceiling
    assert backoff(attempt, 0.5, rand=lambda: 0.0) == 0.0
    assert backoff(attempt, 0.5, cap=2.0, rand=lambda: 1.0) == min(ceiling, 2.0)


def test_a_failed_job_waits_for_its_backoff(url: str) -> None:
    with conn_for(url) as conn:
        enqueue(conn, "charge_order", {"order_id": 12345})  # no such order: fails
        worker = Worker(url, "w1", backoff_base=3600.0)
        outcomes = drain(worker, conn)

        assert [o.state for o in outcomes] == ["queued"]  # not claimable for a while
        row = conn.execute("SELECT run_at > now(), last_error FROM jobs").fetchone()
    assert row is not None
    assert row[0] is True
    assert row[1].startswith("OrderNotFound")


# --- Break it 4: the poison job ------------------------------------------------------------


def test_broken_a_poison_job_without_a_limit_is_retried_forever(url: str) -> None:
    order_id = new_order(url, amount_cents=5_000_000)  # over the card limit: always declined
    with conn_for(url) as conn:
        enqueue(conn, "charge_order", {"order_id": order_id}, max_attempts=3)
        worker = Worker(url, "w1", backoff_base=0.0)
        outcomes = [retry_forever(worker, conn) for _ in range(20)]

        assert {o.state for o in outcomes if o} == {"queued"}  # 20 attempts, never dead
        assert counts(conn) == {"queued": 1}


def test_fixed_a_poison_job_dies_after_max_attempts_with_its_error(url: str) -> None:
    order_id = new_order(url, amount_cents=5_000_000)
    with conn_for(url) as conn:
        job_id = enqueue(conn, "charge_order", {"order_id": order_id}, max_attempts=3)
        outcomes = drain(Worker(url, "w1", backoff_base=0.0), conn, limit=20)

        row = conn.execute(
            "SELECT state, attempts, last_error FROM jobs WHERE id = %s", (job_id,)
        ).fetchone()
    assert [o.state for o in outcomes] == ["queued", "queued", "dead"]
    assert row is not None
    state, attempts, last_error = row
    assert (state, attempts) == ("dead", 3)
    assert last_error.startswith("PaymentDeclined: ")
