"""A throwaway database for the examples and the benchmark: `t_<hex>`, dropped afterwards.

The course's `course` user may create databases on Postgres (CREATEDB) and, on MySQL, only
those named like `t\\_%`; so every scratch database is `t_<uuid hex>`. The tests have their
own copy of this idea in tests/databases.py (a lesson's tests do not lean on its package for
their fixtures).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager

from bank.connect import dbapi_connect, with_database
from bank.settings import Kind, server_url


@contextmanager
def scratch_database(kind: Kind) -> Iterator[str]:
    """Create a database on the course server of this kind; yield its URL; drop it."""
    server = server_url(kind)
    name = f"t_{uuid.uuid4().hex}"
    with closing(dbapi_connect(server, autocommit=True)) as conn, closing(conn.cursor()) as cur:
        cur.execute(f"CREATE DATABASE {name}")  # a name we made, never user input
    try:
        yield with_database(server, name)
    finally:
        force = " WITH (FORCE)" if kind == "postgres" else ""
        with (
            closing(dbapi_connect(server, autocommit=True)) as conn,
            closing(conn.cursor()) as cur,
        ):
            cur.execute(f"DROP DATABASE IF EXISTS {name}{force}")
