"""The hand-built queue end to end: orders and their jobs commit together, a worker drains the
queue, a poison job dies after its attempts with its error, a rolled-back order leaves no job.

Uses JOBQUEUE_POSTGRES_URL (or COURSE_POSTGRES_URL) and a scratch schema it drops at the end.
"""

from __future__ import annotations

import logging

import psycopg

from jobqueue import Settings, Worker, drain, place_order
from jobqueue.scratch import scratch_schema


def main() -> None:
    logging.basicConfig(level=logging.ERROR)  # the worker logs each failure as a WARNING
    settings = Settings()
    with scratch_schema(settings.postgres_url, "example_01") as url:
        place_order(url, "ada", "book", 2999)
        place_order(url, "bob", "book", 5_000_000)  # over the card limit: a poison job
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("UPDATE stock SET available = 0")
        try:
            place_order(url, "cyd", "book", 1999)
        except psycopg.errors.CheckViolation:
            print("out of stock: the order rolled back, and its job with it")

        worker = Worker(url, "example", backoff_base=0.0)  # no waiting between attempts here
        with psycopg.connect(url, autocommit=True) as conn:
            for outcome in drain(worker, conn):
                job = outcome.job
                print(f"job {job.id} attempt {job.attempts}/{job.max_attempts}: {outcome.state}")
            rows = conn.execute("SELECT id, state, last_error FROM jobs ORDER BY id").fetchall()
        for job_id, state, error in rows:
            print(f"job {job_id}: {state}" + (f" ({error})" if error else ""))


if __name__ == "__main__":
    main()
