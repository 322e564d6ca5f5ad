"""A job queue in Postgres, by hand: the idea behind Go's River and Python's procrastinate.

- `enqueue` takes the caller's connection: the job commits or rolls back with the business
  write (the transactional outbox).
- `claim` takes one due job with `FOR UPDATE SKIP LOCKED`, so workers never wait on each other
  or take the same row, and leases it: a job whose worker died is claimed again once its lease
  has run out.
- `fail` schedules the next attempt with exponential backoff and full jitter, or, after
  `max_attempts`, marks the job dead with its last error.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg.types.json import Jsonb


@dataclass(frozen=True, slots=True)
class Job:
    id: int
    kind: str
    args: dict[str, Any]
    attempts: int  # this claim included
    max_attempts: int
    worker: str


def enqueue(
    conn: psycopg.Connection[Any], kind: str, args: dict[str, Any], *, max_attempts: int = 5
) -> int:
    """Insert a job in the caller's transaction; return its id."""
    row = conn.execute(
        "INSERT INTO jobs (kind, args, max_attempts) VALUES (%s, %s, %s) RETURNING id",
        (kind, Jsonb(args), max_attempts),
    ).fetchone()
    if row is None:  # INSERT ... RETURNING gives one row
        raise RuntimeError("INSERT ... RETURNING returned no row")
    return int(row[0])


CLAIM = """
UPDATE jobs
   SET state = 'running', attempts = attempts + 1, locked_by = %(worker)s,
       locked_until = now() + make_interval(secs => %(lease)s)
 WHERE id = (
        SELECT id FROM jobs
         WHERE (state = 'queued' AND run_at <= now())
            OR (state = 'running' AND locked_until < now())  -- its worker's lease ran out
         ORDER BY run_at, id
         LIMIT 1
           FOR UPDATE SKIP LOCKED)
RETURNING id, kind, args, attempts, max_attempts
"""


def claim(conn: psycopg.Connection[Any], worker: str, lease_seconds: float) -> Job | None:
    """Claim the next due job (or one whose lease expired) for `worker`; None when idle.

    Commits at once: the claim must be visible to other workers while the job runs.
    """
    with conn.transaction():
        row = conn.execute(CLAIM, {"worker": worker, "lease": lease_seconds}).fetchone()
    if row is None:
        return None
    return Job(
        id=row[0], kind=row[1], args=row[2], attempts=row[3], max_attempts=row[4], worker=worker
    )


def complete(conn: psycopg.Connection[Any], job: Job) -> bool:
    """Mark the job done, in the caller's transaction (the one that did the work).

    False when the job is no longer ours (the lease ran out and another worker took it): the
    caller must roll back, so the work is done once.
    """
    done = conn.execute(
        "UPDATE jobs SET state = 'done', finished_at = now(), locked_by = NULL,"
        " locked_until = NULL WHERE id = %s AND locked_by = %s AND state = 'running'",
        (job.id, job.worker),
    )
    return done.rowcount == 1


def backoff(
    attempt: int, base: float, cap: float = 3600.0, rand: Callable[[], float] = random.random
) -> float:
    """Seconds before attempt `attempt + 1`: full jitter over base * 2^(attempt-1), capped.

    Jitter spreads the retries of many jobs that failed together (a database restart), so
    they do not all come back in the same second.
    """
    return float(rand() * min(cap, base * 2 ** (attempt - 1)))


FAIL = """
UPDATE jobs
   SET state = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END,
       finished_at = CASE WHEN attempts >= max_attempts THEN now() END,
       run_at = now() + make_interval(secs => %(delay)s),
       last_error = %(error)s, locked_by = NULL, locked_until = NULL
 WHERE id = %(id)s AND locked_by = %(worker)s
RETURNING state
"""


def fail(conn: psycopg.Connection[Any], job: Job, error: str, base: float) -> str:
    """Record a failed attempt: back to 'queued' after a backoff, or 'dead'. Returns the state."""
    with conn.transaction():
        row = conn.execute(
            FAIL,
            {
                "delay": backoff(job.attempts, base),
                "error": error,
                "id": job.id,
                "worker": job.worker,
            },
        ).fetchone()
    return str(row[0]) if row else "lost"


def counts(conn: psycopg.Connection[Any]) -> dict[str, int]:
    """Jobs per state."""
    rows = conn.execute("SELECT state, count(*) FROM jobs GROUP BY state").fetchall()
    return {str(state): int(n) for state, n in rows}
