"""Benchmark: bulk inserts, N+1 vs eager loading, raw SQL vs ORM reads, on both servers;
and on MySQL, what PyMySQL's default TLS costs each new connection.

    uv run python benchmarks/bench_db.py            # a few seconds per server
    uv run python benchmarks/bench_db.py --quick    # a smoke run (the README shows one)
    uv run python benchmarks/bench_db.py --server postgres --rows 20000

Each variant runs --repeat times in a scratch database (t_<hex>, dropped at the end); the
table shows the median, the spread over the repeats (fastest and slowest run), and the speed
of the median relative to the first variant of its group (2.0x: twice as fast; 0.5x: takes
twice as long). On a shared or busy machine the spread is wide and the ratios move between
runs: compare the directions, not the decimals.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import psycopg
import pymysql
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from bank import broken, sqlfirst
from bank.connect import DBAPIConnection, dbapi_connect, make_engine
from bank.models import Account, Base
from bank.queries import sent_totals_eager
from bank.scratch import scratch_database
from bank.settings import KINDS, Kind, settings_or_exit

INSERT = "INSERT INTO accounts (owner, balance) VALUES (%s, %s)"


@dataclass(frozen=True, slots=True)
class Timing:
    """One variant's runs, in milliseconds."""

    runs: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.runs)


def timed(run: Callable[[], object], repeat: int, before: Callable[[], None]) -> Timing:
    times = []
    for _ in range(repeat):
        before()
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return Timing(tuple(times))


def report(title: str, results: list[tuple[str, Timing]]) -> None:
    print(title)
    print(f"  {'variant':<26} {'median':>9} {'min-max (ms)':>17} {'speed':>6}")
    baseline = results[0][1].median
    for name, timing in results:
        spread = f"{min(timing.runs):.1f}-{max(timing.runs):.1f}"
        print(f"  {name:<26} {timing.median:6.1f} ms {spread:>17} {baseline / timing.median:5.1f}x")


def clear(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM transfers"))
        conn.execute(text("DELETE FROM accounts"))


def bench_inserts(conn: DBAPIConnection, engine: Engine, rows: int, repeat: int) -> None:
    data = [(f"owner{i}", i) for i in range(rows)]

    def row_by_row() -> None:
        with closing(conn.cursor()) as cur:
            for row in data:
                cur.execute(INSERT, row)
        conn.commit()

    def executemany() -> None:
        with closing(conn.cursor()) as cur:
            cur.executemany(INSERT, data)
        conn.commit()

    variants: list[tuple[str, Callable[[], None]]] = [
        ("row by row (execute)", row_by_row),
        ("executemany", executemany),
    ]
    if isinstance(conn, psycopg.Connection):
        pg = conn

        def copy() -> None:
            with pg.cursor() as cur, cur.copy("COPY accounts (owner, balance) FROM STDIN") as cp:
                for row in data:
                    cp.write_row(row)
            pg.commit()

        variants.append(("COPY FROM STDIN", copy))
    results = [(name, timed(run, repeat, lambda: clear(engine))) for name, run in variants]
    report(f"insert {rows} rows, one transaction", results)


def seed_transfers(engine: Engine, accounts: int) -> None:
    clear(engine)
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO accounts (owner, balance) VALUES (:o, 100)"),
            [{"o": f"owner{i}"} for i in range(accounts)],
        )
        ids = list(conn.execute(text("SELECT id FROM accounts ORDER BY id")).scalars())
        conn.execute(
            text("INSERT INTO transfers (from_id, to_id, amount) VALUES (:f, :t, 1)"),
            [{"f": a, "t": b} for a, b in zip(ids, ids[1:] + ids[:1], strict=True)] * 2,
        )


def lazy(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        return broken.sent_totals_lazy(session)


def eager(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        return sent_totals_eager(session)


def bench_relations(engine: Engine, accounts: int, repeat: int) -> None:
    seed_transfers(engine, accounts)
    results = [
        ("lazy loading (N+1)", timed(lambda: lazy(engine), repeat, lambda: None)),
        ("selectinload (2 queries)", timed(lambda: eager(engine), repeat, lambda: None)),
    ]
    report(f"{accounts} accounts with their transfers", results)


def bench_reads(conn: DBAPIConnection, engine: Engine, reads: int, repeat: int) -> None:
    with engine.connect() as c:
        ids = c.execute(text("SELECT id FROM accounts ORDER BY id")).scalars().all()
    wanted = [ids[i % len(ids)] for i in range(reads)]

    def dbapi() -> None:
        with closing(conn.cursor()) as cur:
            for account_id in wanted:
                cur.execute("SELECT id, owner, balance FROM accounts WHERE id = %s", (account_id,))
                cur.fetchone()
        conn.commit()

    def sql_first() -> None:
        for account_id in wanted:
            sqlfirst.get_account(conn, account_id)
        conn.commit()

    def core() -> None:
        query = text("SELECT id, owner, balance FROM accounts WHERE id = :id")
        with engine.connect() as c:
            for account_id in wanted:
                c.execute(query, {"id": account_id}).one()

    def orm() -> None:
        with Session(engine) as session:
            for account_id in wanted:
                session.scalars(select(Account).where(Account.id == account_id)).one()
                session.expunge_all()  # build the object every time, as a new request would

    results = [
        ("DB-API cursor", timed(dbapi, repeat, lambda: None)),
        ("aiosql get_account", timed(sql_first, repeat, lambda: None)),
        ("SQLAlchemy Core text()", timed(core, repeat, lambda: None)),
        ("ORM select(Account)", timed(orm, repeat, lambda: None)),
    ]
    report(f"{reads} reads of one row by id", results)


def bench_connect(url: str, count: int, repeat: int) -> None:
    """Open and close connections: PyMySQL's default ("preferred" TLS: a TLS context built, the
    CA bundle parsed, for every connection) against bank.connect's (no TLS on loopback)."""
    parts = urlsplit(url)

    def pymysql_default() -> None:
        for _ in range(count):
            pymysql.connect(
                host=parts.hostname,
                port=parts.port or 3306,
                user=unquote(parts.username or ""),
                password=unquote(parts.password or ""),
                database=parts.path.lstrip("/"),
            ).close()

    def bank_connect() -> None:
        for _ in range(count):
            dbapi_connect(url).close()

    results = [
        ("PyMySQL default", timed(pymysql_default, repeat, lambda: None)),
        ("dbapi_connect (no TLS)", timed(bank_connect, repeat, lambda: None)),
    ]
    report(f"open and close {count} connections", results)


def run(kind: Kind, args: argparse.Namespace) -> None:
    with scratch_database(kind) as url:
        engine = make_engine(url)
        try:
            Base.metadata.create_all(engine)
            print(f"== {kind} (repeat={args.repeat})")
            with closing(dbapi_connect(url)) as conn:
                bench_inserts(conn, engine, args.rows, args.repeat)
                bench_relations(engine, args.accounts, args.repeat)
                bench_reads(conn, engine, args.reads, args.repeat)
            if kind == "mysql":
                bench_connect(url, args.connections, args.repeat)
        finally:
            engine.dispose()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--server", choices=[*KINDS, "both"], default="both")
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--accounts", type=int, default=100)
    parser.add_argument("--reads", type=int, default=1000)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a smoke run")
    args = parser.parse_args(argv)
    settings_or_exit()  # a bad COURSE_*_URL: exit 78 naming it, before any connection
    if args.quick:
        args.rows, args.accounts, args.reads, args.repeat = 200, 20, 100, 1
        args.connections = 5
    for kind in KINDS:
        if args.server in (kind, "both"):
            run(kind, args)


if __name__ == "__main__":
    main()
