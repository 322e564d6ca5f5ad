"""Fixtures: each test runs once on Postgres and once on MySQL/MariaDB, in its own database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from bank.connect import make_engine
from bank.models import Base
from tests.databases import Database, Kind, throwaway_database
from tests.services import require

KINDS: list[Kind] = ["postgres", "mysql"]


@pytest.fixture(scope="session")
def postgres_url() -> str:
    return require("postgres")


@pytest.fixture(scope="session")
def mysql_url() -> str:
    return require("mysql")


@pytest.fixture(params=KINDS)
def empty_db(request: pytest.FixtureRequest) -> Iterator[Database]:
    """A new, empty database on the server named by the parameter; dropped after the test."""
    kind: Kind = request.param
    server = request.getfixturevalue(f"{kind}_url")
    with throwaway_database(kind, server) as database:
        yield database


def create_tables(database: Database) -> Database:
    """The bank's tables, by create_all: the same schema as the migrations, which
    tests/test_migrations.py proves with `alembic check`."""
    engine = make_engine(database.url)
    try:
        Base.metadata.create_all(engine)
    finally:
        engine.dispose()
    return database


@pytest.fixture
def db(empty_db: Database) -> Database:
    """A new database with the bank's tables, once per server."""
    return create_tables(empty_db)


@pytest.fixture
def postgres_db(postgres_url: str) -> Iterator[Database]:
    """A new Postgres database with the bank's tables, for Postgres-only tests."""
    with throwaway_database("postgres", postgres_url) as database:
        yield create_tables(database)


@pytest.fixture
def engine(db: Database) -> Iterator[Engine]:
    """A pooled engine on the test's database, disposed (every connection closed) after it."""
    engine = make_engine(db.url, lock_timeout_s=10)
    try:
        yield engine
    finally:
        engine.dispose()
