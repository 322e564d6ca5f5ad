"""The hand-built queue's worker: claim a job, run it in the transaction that marks it done."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import psycopg

from jobqueue.payments import charge, record_receipt
from jobqueue.queue import Job, claim, complete, fail

logger = logging.getLogger(__name__)

Handler = Callable[[psycopg.Connection[Any], dict[str, Any]], None]


def charge_order(conn: psycopg.Connection[Any], args: dict[str, Any]) -> None:
    """Charge an order and record its receipt. The job carries the order's id, not the order:
    the worker reads the row as it is now, not a copy from when the job was enqueued."""
    order_id = int(args["order_id"])
    charge(conn, order_id, key=f"order:{order_id}")
    record_receipt(conn, order_id)


HANDLERS: Mapping[str, Handler] = {"charge_order": charge_order}


class LeaseLost(Exception):
    """Another worker claimed the job after our lease ran out: our work is rolled back."""


@dataclass(frozen=True, slots=True)
class Outcome:
    job: Job
    state: str  # done, queued (will retry), dead, lost
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Worker:
    url: str
    name: str
    handlers: Mapping[str, Handler] = field(default_factory=lambda: HANDLERS)
    lease_seconds: float = 30.0
    backoff_base: float = 1.0

    def run_once(self, conn: psycopg.Connection[Any]) -> Outcome | None:
        """Claim and run one job on `conn` (autocommit); None when no job is due."""
        job = claim(conn, self.name, self.lease_seconds)
        if job is None:
            return None
        logger.info("job %d %s: attempt %d by %s", job.id, job.kind, job.attempts, self.name)
        if job.attempts > job.max_attempts:  # its workers kept dying: a poison of another kind
            error = f"its worker's lease ran out {job.max_attempts} times"
            return Outcome(job, fail(conn, job, error, self.backoff_base), error)
        try:
            # The effect and "done" commit together: a crash before the commit undoes both.
            with conn.transaction():
                self.handlers[job.kind](conn, job.args)
                if not complete(conn, job):
                    raise LeaseLost(f"job {job.id} was claimed by another worker")
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
            state = fail(conn, job, error, self.backoff_base)
            logger.warning("job %d failed (%s), now %s", job.id, error, state)
            return Outcome(job, state, error)
        logger.info("job %d done", job.id)
        return Outcome(job, "done")

    def run(self, stop: threading.Event, idle_wait: float = 0.2) -> None:
        """Work until `stop` is set; the job in hand is finished first."""
        with psycopg.connect(self.url, autocommit=True) as conn:
            logger.info("worker %s ready", self.name)
            while not stop.is_set():
                if self.run_once(conn) is None:
                    stop.wait(idle_wait)  # idle: poll again soon (LISTEN/NOTIFY in deeper.md)


def drain(worker: Worker, conn: psycopg.Connection[Any], limit: int = 1000) -> list[Outcome]:
    """Run due jobs until none is left (or `limit` runs); return what happened to each."""
    outcomes: list[Outcome] = []
    while len(outcomes) < limit and (outcome := worker.run_once(conn)) is not None:
        outcomes.append(outcome)
    return outcomes
