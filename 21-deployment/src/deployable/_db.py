"""The database side: one table, its migration, and the queries the routes need."""

from __future__ import annotations

import psycopg

from deployable.errors import DependencyUnavailable

CONNECT_TIMEOUT = 2  # seconds; a probe must answer well within its own timeout
MIGRATION = """
CREATE TABLE IF NOT EXISTS visits (
    name  text PRIMARY KEY,
    count integer NOT NULL
)
"""
COUNT_VISIT = """
INSERT INTO visits (name, count) VALUES (%s, 1)
ON CONFLICT (name) DO UPDATE SET count = visits.count + 1
RETURNING count
"""


async def connect(dsn: str) -> psycopg.AsyncConnection[tuple[object, ...]]:
    try:
        return await psycopg.AsyncConnection.connect(
            dsn, connect_timeout=CONNECT_TIMEOUT, autocommit=True
        )
    except psycopg.OperationalError as exc:
        raise DependencyUnavailable("the database is unreachable") from exc


async def ping(dsn: str) -> None:
    async with await connect(dsn) as conn:
        await conn.execute("SELECT 1")


async def migrate(dsn: str) -> None:
    async with await connect(dsn) as conn:
        await conn.execute(MIGRATION)


async def count_visit(dsn: str, name: str) -> int:
    async with await connect(dsn) as conn:
        row = await (await conn.execute(COUNT_VISIT, (name,))).fetchone()
    if row is None or not isinstance(row[0], int):  # RETURNING always gives one count
        raise RuntimeError(f"unexpected RETURNING row: {row!r}")
    return row[0]
