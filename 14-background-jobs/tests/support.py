"""Test helpers: isolated names, Celery worker processes, locks that stage "mid-task"."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from celery import Celery

from jobqueue import Settings, create_app
from jobqueue.broken import register_broken_tasks
from jobqueue.scratch import celery_worker_command, remove_celery_names, scratch_schema


def schema(postgres_url: str) -> AbstractContextManager[str]:
    """A new schema `t_<hex>` with the lesson's tables; the URL puts it on the search_path."""
    return scratch_schema(postgres_url, f"t_{uuid.uuid4().hex}")


@contextmanager
def isolated_settings(url: str, amqp_url: str, redis_url: str) -> Iterator[Settings]:
    """Settings with a queue `t-<hex>` and a Redis prefix `t:<hex>:`, both removed after."""
    hex_ = uuid.uuid4().hex
    settings = Settings(
        postgres_url=url,
        amqp_url=amqp_url,
        redis_url=redis_url,
        queue=f"t-{hex_}",
        redis_prefix=f"t:{hex_}:",
        max_attempts=3,
        backoff_base=0.0,
        task_soft_time_limit=30,
    )
    try:
        yield settings
    finally:
        remove_celery_names(settings)


def producer_app(settings: Settings) -> Celery:
    """The producer side: the same tasks, by the same names, as the worker has."""
    app = create_app(settings)
    register_broken_tasks(app, settings)
    return app


def environment(settings: Settings) -> dict[str, str]:
    """A child's environment: only what it needs, built from `settings`."""
    return {
        "PATH": os.environ["PATH"],
        # A lab run puts the patched copy's src/ first on PYTHONPATH: the child must see it too.
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
        "JOBQUEUE_POSTGRES_URL": settings.postgres_url,
        "JOBQUEUE_AMQP_URL": settings.amqp_url,
        "JOBQUEUE_REDIS_URL": settings.redis_url,
        "JOBQUEUE_QUEUE": settings.queue,
        "JOBQUEUE_REDIS_PREFIX": settings.redis_prefix,
        "JOBQUEUE_MAX_ATTEMPTS": str(settings.max_attempts),
        "JOBQUEUE_BACKOFF_BASE": str(settings.backoff_base),
        "JOBQUEUE_LEASE_SECONDS": str(settings.lease_seconds),
        "JOBQUEUE_TASK_SOFT_TIME_LIMIT": str(settings.task_soft_time_limit),
    }


class LogReader:
    """Reads a child's output on a thread; `wait_for(pattern)` blocks until a line matches."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        assert proc.stdout is not None
        self._thread = threading.Thread(target=self._pump, args=(proc.stdout,), daemon=True)
        self._thread.start()

    def _pump(self, stream: Any) -> None:
        for line in stream:
            self._queue.put(line)
        self._queue.put(None)

    def wait_for(self, pattern: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                lines = "".join(self.lines)
                raise AssertionError(f"no line matching {pattern!r} in:\n{lines}") from None
            if line is None:
                raise AssertionError(f"exited before {pattern!r}:\n{''.join(self.lines)}")
            self.lines.append(line)
            if re.search(pattern, line):
                return line

    def rest(self, timeout: float = 20.0) -> str:
        """Everything until the stream closes."""
        self._thread.join(timeout)
        while not self._queue.empty():
            line = self._queue.get()
            if line is not None:
                self.lines.append(line)
        return "".join(self.lines)


@dataclass
class CeleryWorker:
    proc: subprocess.Popen[str]
    log: LogReader


@contextmanager
def started(command: list[str], settings: Settings, ready: str) -> Iterator[CeleryWorker]:
    """Start a child, wait until its output says `ready`; at the end kill it and whatever it
    started (a Celery worker's pool process would otherwise outlive a killed parent)."""
    proc = subprocess.Popen(
        command,
        env=environment(settings),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,  # one stream: celery prints "Warm shutdown" on stdout
        text=True,
        start_new_session=True,  # its own process group, so the cleanup reaches its children
    )
    log = LogReader(proc)
    try:
        log.wait_for(ready)
        yield CeleryWorker(proc, log)
    finally:
        with suppress(ProcessLookupError):  # the group is already gone
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)
        log.rest()
        assert proc.stdout is not None
        proc.stdout.close()


def start_worker(settings: Settings, name: str) -> Any:
    """A Celery worker on this test's queue: one prefork child runs the tasks (so a time limit
    can be enforced, and a SIGKILL of the child is a worker lost mid-task), without mingle,
    gossip or heartbeat (each is a broker round trip at start or a global queue)."""
    command = celery_worker_command(f"--hostname={name}@%h", "--loglevel=INFO")
    return started(command, settings, ready=r"ready\.")


def pool_child(worker: CeleryWorker) -> int:
    """The pid of the worker's one pool process (Linux: /proc lists a thread's children)."""
    pid = worker.proc.pid
    listing = Path(f"/proc/{pid}/task/{pid}/children")
    if not listing.parent.is_dir():
        pytest.skip("finding Celery's pool process reads Linux's /proc: on macOS, use a Linux VM")
    children = listing.read_text().split()
    assert len(children) == 1, children
    return int(children[0])


def process_state(pid: int) -> str:
    """The one-letter state in /proc/<pid>/stat: R, S, ..., Z for a zombie (dead, not reaped)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    return stat[stat.rindex(")") + 2]  # the name in parentheses may hold spaces


def sigkill_pool_child(worker: CeleryWorker, timeout: float = 10.0) -> None:
    """SIGKILL the worker's pool process, as the OOM killer would, while the worker's main
    process is stopped; continue it once the child is dead and can be reaped.

    Celery notices a dead child by its sentinel pipe, which closes a moment before the kernel
    lets the parent reap the child. A parent that looks in that moment finds nobody dead and
    only looks again at its 5 s maintenance tick (deeper.md), so the same crash took 0.6 s or
    5.6 s at random. Stopped until the child is a zombie, the parent always looks after: the
    same failure and the same recovery, every time at once.
    """
    child = pool_child(worker)
    os.kill(worker.proc.pid, signal.SIGSTOP)
    try:
        os.kill(child, signal.SIGKILL)
        deadline = time.monotonic() + timeout
        while process_state(child) != "Z":
            assert time.monotonic() < deadline, f"pool process {child} still not dead"
            time.sleep(0.001)
    finally:
        os.kill(worker.proc.pid, signal.SIGCONT)


def count(url: str, table: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(row[0]) if row else 0


def new_order(url: str, amount_cents: int = 2999) -> int:
    """An order committed directly (no job): for the Celery tests, which send tasks themselves."""
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "INSERT INTO orders (customer, sku, amount_cents) VALUES ('ada', 'book', %s)"
            " RETURNING id",
            (amount_cents,),
        ).fetchone()
        assert row is not None
        return int(row[0])


@contextmanager
def table_locked(url: str, table: str) -> Iterator[None]:
    """Hold an EXCLUSIVE lock on `table`: an INSERT into it blocks until the block ends."""
    with psycopg.connect(url) as conn:
        conn.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        yield
        conn.rollback()


def wait_until_blocked(url: str, table: str, timeout: float = 30.0) -> None:
    """Until someone waits for a lock on this test's `table` (the task's INSERT waits on ours):
    the task is mid-way, and anything it sent before (an early ack) has left the process.

    `to_regclass` finds the table in the test's own schema (the URL's search_path): a test
    running beside this one, in another xdist worker, blocks on its own `receipts`, not ours.
    """
    deadline = time.monotonic() + timeout
    with psycopg.connect(url, autocommit=True) as conn:
        while True:
            row = conn.execute(
                "SELECT count(*) FROM pg_locks WHERE relation = to_regclass(%s) AND NOT granted",
                (table,),
            ).fetchone()
            if row and row[0]:
                return
            assert time.monotonic() < deadline, f"nobody reached INSERT INTO {table}"
            time.sleep(0.02)


def queue_state(app: Celery, name: str) -> tuple[int, int]:
    """(messages ready, consumers) of a queue, from a passive declare."""
    with app.connection_for_write() as conn:
        channel: Any = conn.default_channel
        _, ready, consumers = channel.queue_declare(name, passive=True)
        return int(ready), int(consumers)
