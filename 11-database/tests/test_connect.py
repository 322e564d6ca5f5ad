"""URLs, drivers and the pool: what make_engine() promises, checked on both servers."""

from __future__ import annotations

import ssl
from contextlib import closing
from urllib.parse import unquote, urlsplit, urlunsplit

import psycopg
import pymysql
import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.pool import QueuePool

from bank.connect import (
    dbapi_connect,
    is_loopback,
    kind_of,
    make_engine,
    mysql_tls,
    sqlalchemy_url,
    with_database,
)
from tests.databases import Database
from tests.support import poll


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://u:p@h:5432/d", "postgresql+psycopg://u:p@h:5432/d"),
        ("postgresql+psycopg2://u:p@h/d", "postgresql+psycopg://u:p@h/d"),
        ("mysql://u:p@h:3306/d", "mysql+pymysql://u:p@h:3306/d"),
        ("mariadb://u:p@h/d", "mysql+pymysql://u:p@h/d"),
    ],
)
def test_sqlalchemy_url_names_the_installed_driver(url: str, expected: str) -> None:
    assert sqlalchemy_url(url) == expected


def test_unknown_scheme_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="sqlite"):
        kind_of("sqlite:///x.db")


def test_with_database_swaps_only_the_path() -> None:
    assert with_database("mysql://u:p@h:1/course", "t_1") == "mysql://u:p@h:1/t_1"


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.0.1", True),
        ("[::1]", True),
        ("localhost", True),
        ("10.0.0.5", False),
        ("db.internal", False),  # a name may resolve anywhere
    ],
)
def test_mysql_tls_is_off_only_on_loopback_and_verified_elsewhere(
    host: str, loopback: bool
) -> None:
    tls = mysql_tls(f"mysql://u:p@{host}:3306/d")
    if loopback:
        assert tls == {"ssl_disabled": True}
        assert is_loopback(urlsplit(f"mysql://{host}").hostname)
        return
    context = tls["ssl"]
    assert (context.verify_mode, context.check_hostname) == (ssl.CERT_REQUIRED, True)
    assert mysql_tls(f"mysql://u:p@{host}:3306/other")["ssl"] is context  # built once


def test_mysql_connections_on_loopback_build_no_tls_context(mysql_url: str) -> None:
    """PyMySQL's default builds a TLS context (the CA bundle, parsed) for every connection,
    whether or not the server offers TLS; bank.connect's connections, pooled or not, don't."""
    engine = make_engine(mysql_url)
    try:
        with engine.connect() as conn:
            pooled = conn.connection.driver_connection
            assert isinstance(pooled, pymysql.connections.Connection)
            assert (pooled.ssl, getattr(pooled, "ctx", None)) == (False, None)
    finally:
        engine.dispose()
    with closing(dbapi_connect(mysql_url)) as raw:
        assert isinstance(raw, pymysql.connections.Connection)
        assert (raw.ssl, getattr(raw, "ctx", None)) == (False, None)
    parts = urlsplit(mysql_url)
    plain = pymysql.connect(
        host=parts.hostname,
        port=parts.port or 3306,
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
    )
    with closing(plain):
        assert plain.ssl  # what PyMySQL does unasked: "preferred" TLS, a context built
        assert isinstance(getattr(plain, "ctx", None), ssl.SSLContext)


def test_engine_pool_settings(db: Database) -> None:
    engine = make_engine(db.url, pool_size=3, max_overflow=2, pool_timeout=7)
    try:
        assert isinstance(engine.pool, QueuePool)
        assert (engine.pool.size(), engine.pool.timeout()) == (3, 7)
    finally:
        engine.dispose()


def test_pool_lends_size_plus_overflow_then_times_out(db: Database) -> None:
    """pool_size=1 + max_overflow=1: two connections; a third caller waits pool_timeout and
    gets an error, instead of opening connection after connection until the server refuses."""
    engine = make_engine(db.url, pool_size=1, max_overflow=1, pool_timeout=0.1)
    try:
        with engine.connect(), engine.connect(), pytest.raises(PoolTimeout):
            engine.connect()
    finally:
        engine.dispose()


def backend_id(engine: Engine, kind: str) -> int:
    with engine.connect() as conn:
        sql = "SELECT pg_backend_pid()" if kind == "postgres" else "SELECT CONNECTION_ID()"
        return int(conn.execute(text(sql)).scalar_one())


def kill(db: Database, backend: int) -> None:
    """What a server restart or a firewall's idle timeout does to a pooled connection."""
    sql = f"SELECT pg_terminate_backend({backend})" if db.kind == "postgres" else f"KILL {backend}"
    with closing(dbapi_connect(db.url, autocommit=True)) as conn, closing(conn.cursor()) as cur:
        cur.execute(sql)  # an int we read from the server, not user input


@pytest.mark.parametrize("pre_ping", [False, True], ids=["broken-no-pre-ping", "fixed-pre-ping"])
def test_pool_pre_ping_replaces_a_connection_the_server_closed(
    db: Database, pre_ping: bool
) -> None:
    engine = make_engine(db.url, pool_size=1, max_overflow=0, pool_pre_ping=pre_ping)
    try:
        kill(db, backend_id(engine, db.kind))  # the pooled connection is now dead
        if pre_ping:
            assert backend_id(engine, db.kind) > 0  # a fresh connection, transparently
        else:
            with pytest.raises(OperationalError):
                backend_id(engine, db.kind)
    finally:
        engine.dispose()


def other_sessions(db: Database) -> int:
    """Sessions open on the test's database, not counting the one asking."""
    if db.kind == "postgres":
        sql = (
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    else:
        sql = (
            "SELECT COUNT(*) FROM information_schema.PROCESSLIST "
            "WHERE DB = DATABASE() AND ID <> CONNECTION_ID()"
        )
    with closing(dbapi_connect(db.url, autocommit=True)) as conn, closing(conn.cursor()) as cur:
        cur.execute(sql)
        row = cur.fetchone()
    assert row is not None
    return int(row[0])


def test_dispose_closes_every_pooled_connection_on_the_server(db: Database) -> None:
    engine = make_engine(db.url)
    try:
        with engine.connect(), engine.connect():
            pass  # two connections, now idle in the pool
        assert other_sessions(db) == 2
    finally:
        engine.dispose()  # also when the assertion fails: never leak the pool
    # The server notices a closed socket a moment later: poll, do not sleep.
    poll(lambda: other_sessions(db) == 0, "the server to see both sessions end")


def test_wrong_password_is_refused_by_mysql(mysql_url: str) -> None:
    """MySQL and MariaDB always check the password."""
    parts = urlsplit(mysql_url)
    wrong = urlunsplit(
        parts._replace(netloc=f"{parts.username}:not-the-password@{parts.netloc.split('@')[-1]}")
    )
    with pytest.raises(pymysql.err.OperationalError) as caught:
        dbapi_connect(wrong).close()
    assert caught.value.args[0] == 1045  # ER_ACCESS_DENIED_ERROR


def test_wrong_password_is_refused_by_postgres(postgres_url: str) -> None:
    """Postgres checks it only where pg_hba.conf asks for it: compose's Postgres 17 and the
    course's CI (scram-sha-256) do; a server that trusts loopback (the course machine's own
    Postgres 15) lets a wrong password in, and there this test skips, saying so, because it
    could prove nothing."""
    parts = urlsplit(postgres_url)
    wrong = urlunsplit(
        parts._replace(netloc=f"{parts.username}:not-the-password@{parts.netloc.split('@')[-1]}")
    )
    refused: psycopg.OperationalError | None = None
    try:
        dbapi_connect(wrong).close()
    except psycopg.OperationalError as exc:
        refused = exc
    if refused is None:
        pytest.skip("this Postgres trusts loopback connections: a wrong password connects")
    assert refused.sqlstate in (None, "28P01")  # invalid_password, when libpq passes it on
    dbapi_connect(postgres_url).close()  # and the right password does connect
