"""A throwaway database per test, on Postgres or MySQL/MariaDB, dropped on every path.

Copy this file with `services.py`. The course's `course` user may create databases: on
Postgres it has CREATEDB; on MySQL it has rights only on databases named like `t\\_%`, so the
name is always `t_<uuid hex>`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
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
        _drop(kind, server_url, name)


def _drop(kind: Kind, url: str, name: str) -> None:
    """Drop the database, ending first the sessions a failed test left open on it."""
    with closing(_admin(kind, url)) as conn, closing(conn.cursor()) as cur:
        if kind == "postgres":
            cur.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")  # Postgres 13+
            return
        # MySQL has no FORCE: a leftover session with an open transaction holds metadata
        # locks, and DROP would wait for them for lock_wait_timeout (a year by default).
        # The course user may KILL its own sessions; KILL rolls their transactions back.
        cur.execute(
            "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = %s AND ID <> CONNECTION_ID()",
            (name,),
        )
        for (session,) in cur.fetchall():
            # It may have ended on its own meanwhile (1094 unknown thread): nothing to do.
            with suppress(pymysql.err.OperationalError):
                cur.execute(f"KILL {int(str(session))}")
        cur.execute("SET SESSION lock_wait_timeout = 30")  # fail, never hang
        cur.execute(f"DROP DATABASE IF EXISTS {name}")
