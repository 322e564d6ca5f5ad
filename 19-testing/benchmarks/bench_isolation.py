"""What per-test isolation costs on a real Postgres: rollback vs a schema vs a database per test.

Each "test" adds a few invoices through the real repository and reads the overdue list.
Prints, per variant, the cost of one test (setup + work + teardown) in ms: the median over
the repeats and its spread (min-max), and the ratio to the rollback variant.

    uv run python benchmarks/bench_isolation.py [--tests 10] [--repeats 5]

Exit status: 0; 2 bad option; 69 Postgres cannot be reached (COURSE_POSTGRES_URL).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from datetime import date
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg

from latefees import Invoice
from latefees.postgres import PostgresInvoiceRepository, create_tables

DEFAULT_URL = "postgresql://course:course@127.0.0.1:5432/course"


def work(conn: psycopg.Connection[object], invoices: int) -> None:
    repo = PostgresInvoiceRepository(conn)
    for n in range(invoices):
        repo.add(Invoice(f"inv-{n}", "a@example.com", 10_000, date(2026, 3, 1)))
    assert len(repo.unassessed_overdue(date(2026, 3, 31))) == invoices


def on_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def with_search_path(url: str, schema: str) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options={quote(f'-c search_path={schema}')}"


def by_rollback(url: str, tests: int, invoices: int) -> float:
    """One schema and one connection for all tests; each test is a transaction rolled back."""
    schema = f"t_{uuid.uuid4().hex}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    try:
        with psycopg.connect(with_search_path(url, schema)) as conn:
            create_tables(conn)
            started = time.perf_counter()
            for _ in range(tests):
                with conn.transaction(force_rollback=True):
                    work(conn, invoices)
            return (time.perf_counter() - started) / tests
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def fresh_each_test(
    url: str, tests: int, invoices: int, kind: str, drop_suffix: str, url_for: Callable[[str], str]
) -> float:
    """Each test: create a schema or database, connect, create the tables, work, drop it."""
    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as admin:
        for _ in range(tests):
            name = f"t_{uuid.uuid4().hex}"
            admin.execute(f"CREATE {kind} {name}")
            try:
                with psycopg.connect(url_for(name), autocommit=True) as conn:
                    create_tables(conn)
                    work(conn, invoices)
            finally:
                admin.execute(f"DROP {kind} IF EXISTS {name} {drop_suffix}")
    return (time.perf_counter() - started) / tests


def by_schema(url: str, tests: int, invoices: int) -> float:
    return fresh_each_test(
        url, tests, invoices, "SCHEMA", "CASCADE", lambda name: with_search_path(url, name)
    )


def by_database(url: str, tests: int, invoices: int) -> float:
    # WITH (FORCE): a connection a test leaked must not keep its database alive.
    return fresh_each_test(
        url, tests, invoices, "DATABASE", "WITH (FORCE)", lambda name: on_database(url, name)
    )


VARIANTS: dict[str, Callable[[str, int, int], float]] = {
    "transaction rolled back": by_rollback,
    "schema per test": by_schema,
    "database per test": by_database,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tests", type=int, default=10, help="tests per repeat")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--invoices", type=int, default=5, help="rows each test writes")
    args = parser.parse_args(argv)
    if min(args.tests, args.repeats, args.invoices) < 1:
        parser.error("--tests, --repeats and --invoices must be at least 1")
    url = os.environ.get("COURSE_POSTGRES_URL") or DEFAULT_URL
    try:
        psycopg.connect(url, connect_timeout=5).close()
    except psycopg.OperationalError as exc:
        print(f"bench_isolation: cannot reach Postgres: {exc}", file=sys.stderr)
        return 69
    print(
        f"{args.tests} tests x {args.repeats} repeats, {args.invoices} rows each: "
        "ms per test, median [min-max]"
    )
    baseline = 0.0
    for name, variant in VARIANTS.items():
        runs = [variant(url, args.tests, args.invoices) * 1000 for _ in range(args.repeats)]
        median = statistics.median(runs)
        baseline = baseline or median
        print(
            f"{name:<25} {median:7.2f}  [{min(runs):.2f}-{max(runs):.2f}]  x{median / baseline:.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
