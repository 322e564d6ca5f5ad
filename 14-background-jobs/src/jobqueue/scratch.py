"""A throwaway schema for the examples and the benchmark: created, used, dropped."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote

import psycopg
import redis

from jobqueue.celery_app import create_app
from jobqueue.orders import add_stock
from jobqueue.schema import create_schema
from jobqueue.settings import Settings


@contextmanager
def scratch_schema(postgres_url: str, name: str) -> Iterator[str]:
    """A fresh schema `name` with the lesson's tables; yields a URL that uses it; drops it."""
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")
        conn.execute(f"CREATE SCHEMA {name}")
    try:
        sep = "&" if "?" in postgres_url else "?"
        url = f"{postgres_url}{sep}options={quote(f'-c search_path={name}')}"
        create_schema(url)
        add_stock(url, "book", 1000)
        yield url
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")


def celery_worker_command(*options: str) -> list[str]:
    """`celery worker` for this lesson's app, with one prefork pool process, and without mingle,
    gossip and heartbeat (each costs broker round trips at start, or a globally named queue)."""
    return [
        *(sys.executable, "-m", "celery", "-A", "jobqueue.celery_worker", "worker"),
        *("--pool=prefork", "--concurrency=1", "--without-mingle", "--without-gossip"),
        *("--without-heartbeat", *options),
    ]


def remove_celery_names(settings: Settings) -> None:
    """Delete the queue and exchange named `settings.queue`, and every Redis key under
    `settings.redis_prefix` (SCAN + DEL, never FLUSHDB)."""
    with create_app(settings).connection_for_write() as conn:
        channel: Any = conn.default_channel  # kombu's stubs type it as the abstract channel
        channel.queue_delete(settings.queue)
        channel.exchange_delete(settings.queue)
    with redis.Redis.from_url(settings.redis_url) as client:
        for key in client.scan_iter(match=f"{settings.redis_prefix}*"):
            client.delete(key)


def quiet_celery_worker(settings: Settings) -> subprocess.Popen[bytes]:
    """A worker process for `settings` (its database, queue and prefix), its output discarded."""
    env = {
        **os.environ,
        "JOBQUEUE_POSTGRES_URL": settings.postgres_url,
        "JOBQUEUE_QUEUE": settings.queue,
        "JOBQUEUE_REDIS_PREFIX": settings.redis_prefix,
    }
    return subprocess.Popen(
        celery_worker_command("--loglevel=WARNING"),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
