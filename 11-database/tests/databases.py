"""A throwaway database per test, on Postgres or MySQL/MariaDB, dropped on every path.

Copy this file with `services.py`. The course's `course` user may create databases: on
Postgres it has CREATEDB; on MySQL it has rights only on databases named like `t\\_%`, so the
name is always `t_<uuid hex>`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from typing import Literal
from urllib.parse import unquote, urlsplit, urlunsplit

import psycopg
import pymysql

Kind = Literal["postgres", "mysql"]


@dataclass(frozen=True, slots=True)
class Database:
    kind: Kind
    name: str
    url: str  # same form as COURSE_*_URL: postgresql://... or mysql://...


def _admin(
    kind: Kind, url: str
) -> psycopg.Connection[tuple[object, ...]] | pymysql.Connection[pymysql.cursors.Cursor]:
    if kind == "postgres":
        # CREATE/DROP DATABASE cannot run inside a transaction block: autocommit.
        return psycopg.connect(url, autocommit=True)
    parts = urlsplit(url)
    return pymysql.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 3306,
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        autocommit=True,
    )


def _execute(kind: Kind, url: str, sql: str) -> None:
    with closing(_admin(kind, url)) as conn, closing(conn.cursor()) as cur:
        cur.execute(sql)


@contextmanager
def throwaway_database(kind: Kind, server_url: str) -> Iterator[Database]:
    """Create `t_<hex>` on the server, yield it, drop it (also when the test failed)."""
    name = f"t_{uuid.uuid4().hex}"
    _execute(kind, server_url, f"CREATE DATABASE {name}")
    try:
        yield Database(kind, name, urlunsplit(urlsplit(server_url)._replace(path=f"/{name}")))
    finally:
        # WITH (FORCE) ends sessions a failed test left open (Postgres 13+); on MySQL a
        # leftover session with an open transaction would make DROP wait for its lock.
        force = " WITH (FORCE)" if kind == "postgres" else ""
        _execute(kind, server_url, f"DROP DATABASE IF EXISTS {name}{force}")
