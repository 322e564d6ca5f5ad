"""Celery end to end: start a worker process, send a charge by order id, read its result from
Redis, send the same charge again (the idempotency key absorbs it), then stop the worker with
SIGTERM (a warm shutdown: exit 0).

Uses the JOBQUEUE_* / COURSE_* URLs, the queue `example-02`, the Redis prefix `example-02:`
and a scratch schema; removes all three at the end.
"""

from __future__ import annotations

import os
import signal
import subprocess

import psycopg

from jobqueue import Settings, create_app
from jobqueue.scratch import celery_worker_command, remove_celery_names, scratch_schema


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
        env = {
            **os.environ,
            "JOBQUEUE_POSTGRES_URL": url,
            "JOBQUEUE_QUEUE": settings.queue,
            "JOBQUEUE_REDIS_PREFIX": settings.redis_prefix,
        }
        worker = subprocess.Popen(
            celery_worker_command("--loglevel=WARNING"),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
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
