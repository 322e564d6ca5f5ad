"""A Celery worker stops warm on SIGTERM: it takes no new message, finishes the task it runs,
acks it and exits 0. The task is held mid-way by a lock on the receipts table, as in
test_crash.py."""

from __future__ import annotations

import signal

from jobqueue import Settings
from tests.support import (
    count,
    new_order,
    producer_app,
    queue_state,
    start_worker,
    table_locked,
    wait_until_blocked,
)

WITHIN = 30.0


def test_sigterm_is_a_warm_shutdown_that_finishes_the_task(settings: Settings) -> None:
    app = producer_app(settings)
    order_id = new_order(settings.postgres_url)
    with start_worker(settings, "draining") as worker:
        with table_locked(settings.postgres_url, "receipts"):
            result = app.send_task("jobqueue.charge_order", args=[order_id])
            wait_until_blocked(settings.postgres_url, "receipts")
            worker.proc.send_signal(signal.SIGTERM)
            worker.log.wait_for("[Ww]arm shutdown")
        # The lock is gone: the task finishes, then the worker exits.
        assert worker.proc.wait(WITHIN) == 0
        assert result.get(timeout=WITHIN) == "charged"

    assert count(settings.postgres_url, "receipts") == 1
    assert queue_state(app, settings.queue) == (0, 0)  # acked, nothing left behind
