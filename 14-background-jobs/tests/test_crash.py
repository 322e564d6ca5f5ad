"""Break it 1: a Celery worker process SIGKILLed mid-task.

"Mid-task" is forced, not timed: the test locks the receipts table, so the task blocks on its
INSERT after the charge has committed, until the test lets go. The kill hits the pool process
that runs the task (what the OOM killer does); its parent notices and acts on the settings.
The parent is stopped for the moment of the kill, so that it notices at once rather than at
its 5 s tick (see `sigkill_pool_child`).
"""

from __future__ import annotations

from typing import Any

from celery.result import AsyncResult

from jobqueue import Settings
from tests.support import (
    count,
    new_order,
    producer_app,
    sigkill_pool_child,
    start_worker,
    table_locked,
    wait_until_blocked,
)

WITHIN = 30.0


def crash_mid_task(settings: Settings, task: str) -> AsyncResult[Any]:
    """Send `task` for a new order, SIGKILL the pool process while the task waits on the
    receipts lock, let go of the lock, and return the task's final result."""
    app = producer_app(settings)
    order_id = new_order(settings.postgres_url)
    with start_worker(settings, "crash") as worker:
        with table_locked(settings.postgres_url, "receipts"):
            result = app.send_task(task, args=[order_id])
            wait_until_blocked(settings.postgres_url, "receipts")
            sigkill_pool_child(worker)
            worker.log.wait_for("WorkerLostError|[Rr]equeu|exited prematurely")
        result.get(timeout=WITHIN, propagate=False)
    return result


def test_broken_early_ack_loses_the_task_when_its_worker_dies(settings: Settings) -> None:
    result = crash_mid_task(settings, "jobqueue.broken.charge_order_early_ack")

    assert result.state == "FAILURE"  # acked on receipt, never run again
    assert type(result.result).__name__ == "WorkerLostError"
    assert count(settings.postgres_url, "charges") == 1  # charged ...
    assert count(settings.postgres_url, "receipts") == 0  # ... and the rest never happens


def test_broken_late_ack_without_an_idempotency_key_charges_twice(settings: Settings) -> None:
    result = crash_mid_task(settings, "jobqueue.broken.charge_order_no_key")

    assert result.state == "SUCCESS"  # redelivered and finished ...
    assert count(settings.postgres_url, "charges") == 2  # ... after charging a second time


def test_fixed_late_ack_and_the_key_charge_once_after_a_sigkill(settings: Settings) -> None:
    result = crash_mid_task(settings, "jobqueue.charge_order")

    assert result.state == "SUCCESS"
    assert result.result == "already charged"  # the second run found the key
    assert count(settings.postgres_url, "charges") == 1
    assert count(settings.postgres_url, "receipts") == 1
