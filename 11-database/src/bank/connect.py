"""Connections: URLs, driver names, the DB-API drivers, and SQLAlchemy's pooled engine.

One URL per server in the environment (`postgresql://...`, `mysql://...`, as every tool
understands them); the driver is chosen here, once:

- raw DB-API: psycopg 3 for Postgres, PyMySQL for MySQL/MariaDB;
- SQLAlchemy: the same drivers, named in the URL's scheme: `postgresql+psycopg://`,
  `mysql+pymysql://`. Without the `+driver` part SQLAlchemy picks its historical default
  (psycopg2, mysqlclient), which is not installed.

TLS to MySQL is chosen here too (`mysql_tls`): PyMySQL's own default is neither safe nor cheap.
"""

from __future__ import annotations

import ipaddress
import ssl
from functools import cache
from typing import Any, TypeAlias
from urllib.parse import unquote, urlsplit, urlunsplit

import psycopg
import pymysql
import pymysql.constants.CLIENT
from sqlalchemy import Engine, create_engine

from bank.settings import Kind

DRIVERS: dict[Kind, str] = {"postgres": "postgresql+psycopg", "mysql": "mysql+pymysql"}
SCHEMES: dict[str, Kind] = {
    "postgresql": "postgres",
    "postgres": "postgres",
    "mysql": "mysql",
    "mariadb": "mysql",
}

# A string: PyMySQL's Connection is generic only in its type stubs, not at run time.
DBAPIConnection: TypeAlias = (
    "psycopg.Connection[tuple[Any, ...]] | pymysql.connections.Connection[pymysql.cursors.Cursor]"
)


def kind_of(url: str) -> Kind:
    """'postgres' or 'mysql', from a URL's scheme (with or without a +driver part)."""
    scheme = urlsplit(url).scheme.split("+")[0]
    try:
        return SCHEMES[scheme]
    except KeyError:
        raise ValueError(f"not a Postgres or MySQL URL: scheme {scheme!r}") from None


def sqlalchemy_url(url: str) -> str:
    """The URL with the driver SQLAlchemy must use: postgresql+psycopg, mysql+pymysql."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(scheme=DRIVERS[kind_of(url)]))


def with_database(url: str, database: str) -> str:
    """The same server and credentials, another database."""
    return urlunsplit(urlsplit(url)._replace(path=f"/{database}"))


def is_loopback(host: str | None) -> bool:
    """True for localhost, 127.0.0.0/8 and ::1: the bytes never leave the machine."""
    if not host or host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a name: it may resolve anywhere
        return False


@cache
def verifying_context() -> ssl.SSLContext:
    """One TLS context for the process: the server's certificate must chain to a trusted CA
    (the system's, or the bundle named by SSL_CERT_FILE) and name the host."""
    return ssl.create_default_context()


def mysql_tls(url: str) -> dict[str, Any]:
    """PyMySQL's TLS arguments for a MySQL URL.

    PyMySQL 2's default ("preferred") encrypts whenever the server offers TLS but checks no
    certificate, so a man in the middle goes unnoticed, and it builds a new TLS context,
    loading the CA bundle, for every connection. Instead: no TLS to a loopback address, and
    verified TLS, from one shared context, to any other host.
    """
    if is_loopback(urlsplit(url).hostname):
        return {"ssl_disabled": True}
    return {"ssl": verifying_context()}


def make_engine(
    url: str,
    *,
    pool_size: int = 5,
    max_overflow: int = 5,
    pool_timeout: float = 10.0,
    pool_recycle: int = 1800,
    lock_timeout_s: int = 5,
    pool_pre_ping: bool = True,
    echo: bool = False,
) -> Engine:
    """A pooled SQLAlchemy engine with production settings.

    - QueuePool: `pool_size` connections kept open, `max_overflow` more under load, and a
      caller waits at most `pool_timeout` seconds for one (then TimeoutError, not a hang).
    - `pool_pre_ping`: test a connection with a cheap round trip before handing it out, so a
      server restart or an idle timeout costs a reconnect, not a failed request.
    - `pool_recycle`: replace connections older than this (MySQL's `wait_timeout` closes
      idle connections server-side after 8 hours by default).
    - A lock wait is bounded by `lock_timeout_s` on both servers: a blocked statement fails
      with an error instead of hanging the request.
    - MySQL: TLS as `mysql_tls` decides.
    """
    connect_args: dict[str, Any]
    if kind_of(url) == "postgres":
        connect_args = {"options": f"-c lock_timeout={lock_timeout_s * 1000}"}
    else:
        connect_args = {
            "init_command": f"SET SESSION innodb_lock_wait_timeout = {lock_timeout_s}",
            "charset": "utf8mb4",
            **mysql_tls(url),
        }
    return create_engine(
        sqlalchemy_url(url),
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_timeout=pool_timeout,
        pool_recycle=pool_recycle,
        pool_pre_ping=pool_pre_ping,
        connect_args=connect_args,
        echo=echo,
    )


def dbapi_connect(url: str, *, autocommit: bool = False) -> DBAPIConnection:
    """A plain DB-API connection (no pool). Close it: use `contextlib.closing`.

    Both drivers start a transaction implicitly at the first statement unless `autocommit`.
    """
    parts = urlsplit(url)
    if kind_of(url) == "postgres":
        # libpq knows postgresql:// only, not SQLAlchemy's postgresql+psycopg://
        return psycopg.connect(
            urlunsplit(parts._replace(scheme="postgresql")), autocommit=autocommit
        )
    return pymysql.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 3306,
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        database=parts.path.lstrip("/") or None,
        charset="utf8mb4",
        autocommit=autocommit,
        # rowcount = rows the WHERE matched, as on Postgres and through SQLAlchemy (whose
        # dialect sets this flag too); without it MySQL reports rows *changed*, so an UPDATE
        # that writes the same value would look like "no such row".
        client_flag=pymysql.constants.CLIENT.FOUND_ROWS,
        **mysql_tls(url),
    )
