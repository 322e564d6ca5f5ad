"""Celery: the same charge as a task, with each setting that a crash or a retry needs.

| setting | the failure it prevents |
| --- | --- |
| `acks_late=True` | the worker dies mid-task and the message, acked on receipt, is gone |
| `reject_on_worker_lost=True` | a prefork child is killed (OOM) and the task is acked as failed |
| `autoretry_for` + `retry_backoff` + `retry_jitter` | a provider blip fails the task at once, |
|                                                     | or every retry hits the provider together |
| `max_retries` | a task that cannot succeed is retried forever |
| `soft_time_limit` / `time_limit` | a hung call holds the worker (and the message) forever |
| `worker_prefetch_multiplier=1` | one worker hoards messages that others could run |
"""

from __future__ import annotations

import psycopg
from celery import Celery
from celery.schedules import crontab
from kombu import Exchange, Queue

from jobqueue.cron import nightly_report
from jobqueue.errors import ProviderUnavailable
from jobqueue.payments import charge, count_attempt, record_receipt
from jobqueue.settings import Settings


def create_app(settings: Settings) -> Celery:
    """A Celery app whose queue, exchange and Redis keys are all named from `settings`."""
    app = Celery("jobqueue", broker=settings.amqp_url, backend=settings.redis_url)
    exchange = Exchange(settings.queue, type="direct", durable=True)
    app.conf.update(
        task_queues=[Queue(settings.queue, exchange, routing_key=settings.queue, durable=True)],
        task_default_queue=settings.queue,
        task_default_exchange=settings.queue,
        task_default_routing_key=settings.queue,
        task_serializer="json",  # never pickle: a message is data, not code
        accept_content=["json"],
        result_serializer="json",
        result_expires=3600,
        result_backend_transport_options={"global_keyprefix": settings.redis_prefix},
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        worker_enable_remote_control=False,  # no globally named pidbox queues per worker
        broker_connection_retry_on_startup=True,
        timezone="UTC",
        enable_utc=True,
        beat_schedule={
            "nightly-report": {
                "task": "jobqueue.nightly_report",
                "schedule": crontab(minute="30", hour="2"),  # 02:30 UTC, every day
            }
        },
    )
    register_tasks(app, settings)
    return app


def register_tasks(app: Celery, settings: Settings) -> None:
    url = settings.postgres_url

    @app.task(
        name="jobqueue.charge_order",
        acks_late=True,
        reject_on_worker_lost=True,
        autoretry_for=(ProviderUnavailable, psycopg.OperationalError),
        retry_backoff=True,  # 1 s, 2 s, 4 s ... (whole seconds: Celery's countdowns are ints)
        retry_backoff_max=600,
        retry_jitter=True,  # a random delay in [0, backoff]
        max_retries=settings.max_attempts - 1,
        soft_time_limit=settings.task_soft_time_limit,
        time_limit=settings.task_soft_time_limit + 10,
    )
    def charge_order(order_id: int) -> str:
        """Charge the order by id (never pass the order itself: it would be stale)."""
        count_attempt(url, order_id)
        with psycopg.connect(url) as conn:
            with conn.transaction():
                charged = charge(conn, order_id, key=f"order:{order_id}")
            with conn.transaction():
                record_receipt(conn, order_id)
        return "charged" if charged else "already charged"

    @app.task(name="jobqueue.nightly_report")
    def nightly_report_task() -> bool:
        return nightly_report(url, app.now().date())
