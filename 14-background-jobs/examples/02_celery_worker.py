"""Celery end to end: start a worker process, send a charge by order id, read its result from
Redis, send the same charge again (the idempotency key absorbs it), then stop the worker with
SIGTERM (a warm shutdown: exit 0).

Uses the JOBQUEUE_* / COURSE_* URLs, the queue `example-02`, the Redis prefix `example-02:`
and a scratch schema; removes all three at the end.
"""

from __future__ import annotations

import signal

import psycopg

from jobqueue import Settings, create_app
from jobqueue.scratch import quiet_celery_worker, remove_celery_names, scratch_schema


def main() -> None:
    base = Settings()
    with scratch_schema(base.postgres_url, "example_02") as url:
        settings = base.model_copy(
            update={"postgres_url": url, "queue": "example-02", "redis_prefix": "example-02:"}
        )
        with psycopg.connect(url) as conn:
            row = conn.execute(
                "INSERT INTO orders (customer, sku, amount_cents) VALUES ('ada', 'book', 2999)"
                " RETURNING id"
            ).fetchone()
        assert row is not None
        order_id = int(row[0])
        app = create_app(settings)
        worker = quiet_celery_worker(settings)
        try:
            first = app.send_task("jobqueue.charge_order", args=[order_id])
            print(f"charge_order({order_id}): {first.get(timeout=60)}")
            again = app.send_task("jobqueue.charge_order", args=[order_id])
            print(f"charge_order({order_id}) again: {again.get(timeout=60)}")
        finally:
            worker.send_signal(signal.SIGTERM)
            print(f"worker stopped by SIGTERM: exit {worker.wait(60)}")
            remove_celery_names(settings)
        with psycopg.connect(url) as conn:
            charges = conn.execute("SELECT count(*) FROM charges").fetchone()
        print(f"charges for order {order_id}: {charges[0] if charges else 0}")


if __name__ == "__main__":
    main()
