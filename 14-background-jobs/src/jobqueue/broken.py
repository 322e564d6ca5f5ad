"""The naive versions that the Break it tests run next to the fixed ones."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import psycopg
from celery import Celery

from jobqueue.orders import insert_order
from jobqueue.payments import charge, record_receipt
from jobqueue.queue import enqueue
from jobqueue.settings import Settings
from jobqueue.worker import Outcome, Worker


def register_broken_tasks(app: Celery, settings: Settings) -> None:
    url = settings.postgres_url

    @app.task(name="jobqueue.broken.charge_order_early_ack", acks_late=False)
    def charge_order_early_ack(order_id: int) -> str:
        """Acked when received: a worker that dies mid-task loses it."""
        with psycopg.connect(url) as conn:
            with conn.transaction():
                charge(conn, order_id, key=f"order:{order_id}")
            with conn.transaction():
                record_receipt(conn, order_id)
        return "charged"

    @app.task(name="jobqueue.broken.charge_order_no_key", acks_late=True)
    def charge_order_no_key(order_id: int) -> str:
        """Acked late, but with a new key on every run: a redelivery charges again."""
        with psycopg.connect(url) as conn:
            with conn.transaction():
                charge(conn, order_id, key=str(uuid.uuid4()))
            with conn.transaction():
                record_receipt(conn, order_id)
        return "charged"


def place_order_enqueue_outside(
    url: str,
    customer: str,
    sku: str,
    amount_cents: int,
    before_commit: Callable[[], Any] | None = None,
) -> int:
    """The order in one transaction, its job on another connection ("the queue is another
    system", as a broker is): a worker can see the job before the order exists, and the job
    stays when the order rolls back."""
    with psycopg.connect(url) as conn, conn.transaction():
        order_id = insert_order(conn, customer, sku, amount_cents)
        with psycopg.connect(url, autocommit=True) as jobs:
            enqueue(jobs, "charge_order", {"order_id": order_id})
        if before_commit is not None:
            before_commit()
        conn.execute("UPDATE stock SET available = available - 1 WHERE sku = %s", (sku,))
    return order_id


def retry_forever(worker: Worker, conn: psycopg.Connection[Any]) -> Outcome | None:
    """Run one job and, whatever happens, put a failure straight back in the queue: no limit,
    no backoff ("it will work next time")."""
    outcome = worker.run_once(conn)
    if outcome is not None and outcome.state == "dead":
        conn.execute(
            "UPDATE jobs SET state = 'queued', run_at = now(), finished_at = NULL WHERE id = %s",
            (outcome.job.id,),
        )
        return Outcome(outcome.job, "queued", outcome.error)
    return outcome
