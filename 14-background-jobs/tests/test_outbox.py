"""Break it 2: the job enqueued outside the business transaction. The order and its job must
commit together (the transactional outbox): no job for an order that rolled back, and no
worker that sees a job before its order exists."""

from __future__ import annotations

import psycopg
import pytest

from jobqueue import Outcome, Worker, drain, place_order
from jobqueue.broken import place_order_enqueue_outside
from tests.support import count


def out_of_stock(url: str) -> None:
    with psycopg.connect(url) as conn:
        conn.execute("UPDATE stock SET available = 0 WHERE sku = 'book'")


def test_an_order_and_its_job_commit_together(url: str) -> None:
    order_id = place_order(url, "ada", "book", 2999)

    with psycopg.connect(url, autocommit=True) as conn:
        outcomes = drain(Worker(url, "w1"), conn)
    assert [(o.job.args, o.state) for o in outcomes] == [({"order_id": order_id}, "done")]
    assert count(url, "charges") == 1


def test_broken_a_job_sent_outside_the_transaction_runs_before_its_order_exists(
    url: str,
) -> None:
    seen: list[Outcome | None] = []

    def a_worker_is_fast() -> None:  # the job is visible; the order is not committed yet
        with psycopg.connect(url, autocommit=True) as conn:
            seen.append(Worker(url, "fast").run_once(conn))

    place_order_enqueue_outside(url, "ada", "book", 2999, before_commit=a_worker_is_fast)

    assert seen[0] is not None
    assert seen[0].error is not None
    assert seen[0].error.startswith("OrderNotFound")


def test_broken_a_job_sent_outside_the_transaction_outlives_a_rollback(url: str) -> None:
    out_of_stock(url)
    with pytest.raises(psycopg.errors.CheckViolation):
        place_order_enqueue_outside(url, "ada", "book", 2999)

    assert count(url, "orders") == 0
    assert count(url, "jobs") == 1  # a charge for an order that does not exist


def test_fixed_a_rolled_back_order_leaves_no_job(url: str) -> None:
    out_of_stock(url)
    with pytest.raises(psycopg.errors.CheckViolation):
        place_order(url, "ada", "book", 2999)

    assert count(url, "orders") == 0
    assert count(url, "jobs") == 0
