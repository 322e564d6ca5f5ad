"""An empty database per test, on Postgres or MySQL/MariaDB, cleaned up on every path.

Copy this file with `services.py`. The course's `course` user may create databases: on
Postgres it has CREATEDB; on MySQL it has rights only on databases named like `t\\_%`, so the
name is always `t_<uuid hex>`.

On MySQL a database is a folder: `throwaway_database` creates one per test and drops it. On
Postgres, `CREATE DATABASE` copies the whole `template1` database, every system catalog: more
server CPU than most tests here use (CONTRIBUTING's facts have the numbers). So
`PostgresDatabases` hands a test a database that an earlier test of the same process used,
emptied, and drops them all at the end.
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
        ssl_disabled=True,  # tests talk to loopback only; see bank.connect.mysql_tls for why
    )


def _url(server_url: str, name: str) -> str:
    return urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))


def _execute(kind: Kind, url: str, sql: str) -> None:
    with closing(_admin(kind, url)) as conn, closing(conn.cursor()) as cur:
        cur.execute(sql)


@contextmanager
def throwaway_database(kind: Kind, server_url: str) -> Iterator[Database]:
    """Create `t_<hex>` on the server, yield it, drop it (also when the test failed)."""
    name = f"t_{uuid.uuid4().hex}"
    _execute(kind, server_url, f"CREATE DATABASE {name}")
    try:
        yield Database(kind, name, _url(server_url, name))
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


class PostgresDatabases:
    """Empty Postgres databases, each for one test at a time, reused: when a test ends, its
    database loses every session the test left (and their locks), gets a new name, so that
    nothing that kept the old URL can reach the next test's data, and is emptied. `close()`
    drops them all.
    """

    def __init__(self, server_url: str) -> None:
        self.server_url = server_url
        self.idle: list[Database] = []

    @contextmanager
    def database(self) -> Iterator[Database]:
        database = self.idle.pop() if self.idle else self._new(f"t_{uuid.uuid4().hex}")
        try:
            yield database
        finally:
            try:
                self.idle.append(self._recycled(database))
            except BaseException:
                _drop("postgres", self.server_url, database.name)
                raise

    def _new(self, name: str) -> Database:
        _execute("postgres", self.server_url, f"CREATE DATABASE {name}")
        return Database("postgres", name, _url(self.server_url, name))

    def _recycled(self, used: Database) -> Database:
        name = f"t_{uuid.uuid4().hex}"
        with psycopg.connect(self.server_url, autocommit=True) as admin:
            admin.execute("SET lock_timeout = '30s'")  # fail, never hang
            # Wait (up to 10 s each) until the sessions are gone: RENAME needs none left.
            admin.execute(
                "SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity "
                "WHERE datname = %s AND backend_type = 'client backend'",
                (used.name,),
            )
            admin.execute(f"ALTER DATABASE {used.name} RENAME TO {name}")
        database = Database("postgres", name, _url(self.server_url, name))
        try:
            _empty(database)
        except BaseException:
            _drop("postgres", self.server_url, name)
            raise
        return database

    def close(self) -> None:
        while self.idle:
            _drop("postgres", self.server_url, self.idle.pop().name)


def _empty(database: Database) -> None:
    """As new: only an empty public schema, owned and granted as Postgres 15 and later do."""
    with psycopg.connect(database.url, autocommit=True) as conn:
        schemas = conn.execute(
            "SELECT quote_ident(nspname) FROM pg_namespace "
            "WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'"
        ).fetchall()
        if schemas:
            conn.execute(f"DROP SCHEMA {', '.join(s for (s,) in schemas)} CASCADE")
        conn.execute("CREATE SCHEMA public AUTHORIZATION pg_database_owner")
        conn.execute("GRANT USAGE ON SCHEMA public TO PUBLIC")
