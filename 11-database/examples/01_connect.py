"""Connect to both servers three ways: a DB-API driver, a pooled engine, and back to none.

Run: uv run python examples/01_connect.py
"""

from __future__ import annotations

from contextlib import closing

from sqlalchemy import Engine, text
from sqlalchemy.pool import QueuePool

from bank.connect import dbapi_connect, make_engine, sqlalchemy_url
from bank.scratch import scratch_database
from bank.settings import KINDS, settings_or_exit


def pool_state(engine: Engine) -> str:
    pool = engine.pool
    assert isinstance(pool, QueuePool)
    return f"{pool.checkedout()} checked out, {pool.checkedin()} idle"


def main() -> None:
    settings_or_exit()  # a bad COURSE_*_URL: exit 78 naming it, before any connection
    for kind in KINDS:
        with scratch_database(kind) as url:
            print(f"{kind}: {sqlalchemy_url(url).split('://')[0]}://...")
            # 1. The driver alone. closing(): both drivers' `with conn:` differ (psycopg
            # closes, PyMySQL 1.x closes, sqlite3 does not); closing() always does.
            with closing(dbapi_connect(url)) as conn, closing(conn.cursor()) as cur:
                cur.execute("SELECT 1 + %s", (41,))
                print(f"  DB-API {type(conn).__module__.split('.')[0]}: {cur.fetchone()}")
            # 2. A pooled engine: connections are borrowed and returned, not opened and closed.
            engine = make_engine(url, pool_size=2, max_overflow=0)
            try:
                with engine.connect() as c1, engine.connect() as c2:
                    version = c1.execute(text("SELECT version()")).scalar_one()
                    c2.execute(text("SELECT 1"))
                    print(f"  server: {version.split(' on ')[0]}")
                    print(f"  pool while borrowed: {pool_state(engine)}")
                print(f"  pool after the with: {pool_state(engine)}")
            finally:
                engine.dispose()  # 3. close every pooled connection
            print(f"  pool after dispose:  {pool_state(engine)}")


if __name__ == "__main__":
    main()
