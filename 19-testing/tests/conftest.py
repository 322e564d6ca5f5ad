"""Fixtures: a held clock, an invoice factory, a notification receiver, and Postgres isolated
two ways (a schema per test, or one transaction per test that is rolled back)."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from urllib.parse import quote

import psycopg
import pytest

from latefees import FixedClock, Invoice
from latefees.postgres import create_tables
from tests.services import require
from tests.support import Receiver, receiver

NOW = datetime(2026, 3, 31, 12, 0, tzinfo=UTC)  # a Tuesday, noon UTC

InvoiceFactory = Callable[..., Invoice]


@pytest.fixture
def clock() -> FixedClock:
    """Function scope: each test gets its own clock, so advancing it cannot leak."""
    return FixedClock(NOW)


@pytest.fixture
def make_invoice() -> InvoiceFactory:
    """A factory: sensible defaults, a fresh id each call, override only what the test is about."""
    numbers = itertools.count(1)

    def make(**overrides: object) -> Invoice:
        n = next(numbers)
        fields: dict[str, object] = {
            "id": f"inv-{n}",
            "email": f"customer{n}@example.com",
            "amount_cents": 10_000,
            "due": date(2026, 3, 1),
        }
        fields.update(overrides)
        return Invoice(**fields)  # type: ignore[arg-type]  # the test names the fields

    return make


@pytest.fixture
def notices() -> Iterator[Receiver]:
    with receiver() as state:
        yield state


@pytest.fixture(scope="session")
def postgres_url() -> str:
    return require("postgres")


def with_search_path(url: str, schema: str) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options={quote(f'-c search_path={schema}')}"


@pytest.fixture
def schema_url(postgres_url: str) -> Iterator[str]:
    """Isolation by schema: a new schema `t_<hex>` with the tables, dropped afterwards."""
    schema = f"t_{uuid.uuid4().hex}"
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        url = with_search_path(postgres_url, schema)
        with psycopg.connect(url, autocommit=True) as conn:
            create_tables(conn)
        yield url
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.fixture(scope="session")
def shared_connection(postgres_url: str) -> Iterator[psycopg.Connection[object]]:
    """One schema and one connection for the whole session, for the rollback fixture."""
    schema = f"t_{uuid.uuid4().hex}"
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    try:
        with psycopg.connect(with_search_path(postgres_url, schema)) as conn:
            create_tables(conn)
            yield conn
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.fixture
def rolled_back(
    shared_connection: psycopg.Connection[object],
) -> Iterator[psycopg.Connection[object]]:
    """Isolation by rollback: the test runs inside one transaction that is never committed.
    The repository's own `conn.transaction()` blocks become SAVEPOINTs inside it."""
    with shared_connection.transaction(force_rollback=True):
        yield shared_connection
