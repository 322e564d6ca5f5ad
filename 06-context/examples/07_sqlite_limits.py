"""Server-side limits: the engine stops a statement that a thread could not stop on its own.

The statement counts forever. Both fixes end it with SQLITE_INTERRUPT, raised as QueryTimeout:
the engine checking a deadline (like Postgres statement_timeout) and an interrupt sent from
another thread when the awaiting task is cancelled (like a Postgres cancel request).
"""

from __future__ import annotations

import asyncio
import sqlite3

from deadlines import Deadline, QueryTimeout, query_interruptible, query_with_deadline

ENDLESS = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n"


async def main() -> None:
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    try:
        try:
            query_with_deadline(conn, ENDLESS, deadline=Deadline.after(0.2))
        except QueryTimeout as exc:
            cause = exc.__cause__
            assert isinstance(cause, sqlite3.OperationalError)
            print(f"deadline in the engine: QueryTimeout from {cause.sqlite_errorname}")

        try:
            async with asyncio.timeout(0.2):
                await query_interruptible(conn, ENDLESS)
        except TimeoutError:
            print("cancelled task, interrupted statement: TimeoutError")
        print(f"connection free again: {conn.execute('SELECT 1').fetchone()}")
    finally:
        conn.close()


if __name__ == "__main__":
    asyncio.run(main())
