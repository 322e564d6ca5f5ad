"""Background jobs: a Postgres queue by hand, Celery, idempotency keys and guarded cron."""

from jobqueue.celery_app import create_app
from jobqueue.cron import advisory_lock, nightly_report, nightly_report_redis, redis_lock
from jobqueue.errors import JobError, OrderNotFound, PaymentDeclined, ProviderUnavailable
from jobqueue.orders import add_stock, place_order
from jobqueue.queue import Job, backoff, claim, complete, counts, enqueue, fail
from jobqueue.schema import create_schema
from jobqueue.settings import Settings
from jobqueue.worker import Outcome, Worker, drain

__all__ = [
    "Job",
    "JobError",
    "OrderNotFound",
    "Outcome",
    "PaymentDeclined",
    "ProviderUnavailable",
    "Settings",
    "Worker",
    "add_stock",
    "advisory_lock",
    "backoff",
    "claim",
    "complete",
    "counts",
    "create_app",
    "create_schema",
    "drain",
    "enqueue",
    "fail",
    "nightly_report",
    "nightly_report_redis",
    "place_order",
    "redis_lock",
]
