"""Jobs per second through the SKIP LOCKED queue with 1, 2 and 4 workers, and Celery's throughput
and enqueue latency on the same work (charge an order: read it, insert a charge and a receipt).

    uv run python benchmarks/bench_queue.py [--jobs 200] [--repeats 3]

Each variant runs `--repeats` times on fresh rows; the table shows the median and the range.
Needs Postgres, RabbitMQ and Redis (the JOBQUEUE_* or COURSE_* URLs). Uses a scratch schema,
a queue and a Redis prefix of its own, and removes them.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from collections.abc import Callable

import psycopg

from jobqueue import Settings, Worker, create_app, drain, enqueue
from jobqueue.scratch import quiet_celery_worker, remove_celery_names, scratch_schema


def new_orders(url: str, n: int) -> list[int]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "INSERT INTO orders (customer, sku, amount_cents)"
            " SELECT 'ada', 'book', 100 FROM generate_series(1, %s) RETURNING id",
            (n,),
        ).fetchall()
    return [int(r[0]) for r in rows]


def reset(url: str) -> None:
    with psycopg.connect(url) as conn:
        conn.execute("TRUNCATE jobs, receipts, charges, attempts, orders RESTART IDENTITY")


def queue_run(url: str, jobs: int, workers: int) -> float:
    """Jobs per second for `workers` threads draining `jobs` jobs, each on its connection."""
    reset(url)
    with psycopg.connect(url) as conn:
        for order_id in new_orders(url, jobs):
            enqueue(conn, "charge_order", {"order_id": order_id})

    def work(name: str) -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            drain(Worker(url, name), conn, limit=jobs)

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(workers)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return jobs / (time.perf_counter() - start)


def celery_run(settings: Settings, jobs: int) -> tuple[float, float]:
    """(jobs per second from first send to last charge, median send latency in ms)."""
    url = settings.postgres_url
    reset(url)
    order_ids = new_orders(url, jobs)
    app = create_app(settings)
    latencies: list[float] = []
    with psycopg.connect(url, autocommit=True) as conn:
        start = time.perf_counter()
        with app.producer_or_acquire() as producer:
            for order_id in order_ids:
                sent = time.perf_counter()
                app.send_task("jobqueue.charge_order", args=[order_id], producer=producer)
                latencies.append((time.perf_counter() - sent) * 1000)
        while True:
            row = conn.execute("SELECT count(*) FROM receipts").fetchone()
            if row and row[0] >= jobs:
                break
            time.sleep(0.01)
        elapsed = time.perf_counter() - start
    return jobs / elapsed, statistics.median(latencies)


def line(name: str, values: list[float], unit: str, digits: int = 0) -> str:
    fmt: Callable[[float], str] = lambda v: f"{v:.{digits}f}"  # noqa: E731  # one format
    median = fmt(statistics.median(values))
    return f"{name:<32} {median:>6}  [{fmt(min(values))}-{fmt(max(values))}] {unit}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--name", default="bench-14", help="schema, queue and prefix name")
    args = parser.parse_args()
    base = Settings()
    schema = args.name.replace("-", "_")
    with scratch_schema(base.postgres_url, schema) as url:
        settings = base.model_copy(
            update={"postgres_url": url, "queue": args.name, "redis_prefix": f"{args.name}:"}
        )
        print(f"{args.jobs} jobs per run, {args.repeats} repeats: median [min-max]")
        for workers in (1, 2, 4):
            rates = [queue_run(url, args.jobs, workers) for _ in range(args.repeats)]
            plural = "s" if workers > 1 else ""
            print(line(f"SKIP LOCKED queue, {workers} worker{plural}", rates, "jobs/s"))
        worker = quiet_celery_worker(settings)
        try:
            celery_run(settings, 1)  # warm up: the worker is ready once this is done
            runs = [celery_run(settings, args.jobs) for _ in range(args.repeats)]
        finally:
            worker.terminate()
            worker.wait(60)
            remove_celery_names(settings)
        print(line("Celery, 1 worker process", [r[0] for r in runs], "jobs/s"))
        print(line("Celery enqueue (send_task)", [r[1] for r in runs], "ms", digits=2))


if __name__ == "__main__":
    main()
