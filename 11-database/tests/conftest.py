"""Fixtures: each test runs once on Postgres and once on MySQL/MariaDB, in its own database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from bank.connect import make_engine
from bank.models import Base
from tests.databases import Database, Kind, PostgresDatabases, throwaway_database
from tests.services import require

KINDS: list[Kind] = ["postgres", "mysql"]


@pytest.fixture(scope="session")
def postgres_url() -> str:
    return require("postgres")


@pytest.fixture(scope="session")
def mysql_url() -> str:
    return require("mysql")


@pytest.fixture(scope="session")
def postgres_databases(postgres_url: str) -> Iterator[PostgresDatabases]:
    """This process's Postgres databases, reused test after test; dropped at the end."""
    databases = PostgresDatabases(postgres_url)
    try:
        yield databases
    finally:
        databases.close()


@pytest.fixture(params=KINDS)
def empty_db(request: pytest.FixtureRequest) -> Iterator[Database]:
    """An empty database on the server named by the parameter, the test's alone."""
    kind: Kind = request.param
    if kind == "postgres":
        databases: PostgresDatabases = request.getfixturevalue("postgres_databases")
        with databases.database() as database:
            yield database
    else:
        with throwaway_database(kind, request.getfixturevalue("mysql_url")) as database:
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
def postgres_db(postgres_databases: PostgresDatabases) -> Iterator[Database]:
    """A Postgres database with the bank's tables, for Postgres-only tests."""
    with postgres_databases.database() as database:
        yield create_tables(database)


@pytest.fixture
def engine(db: Database) -> Iterator[Engine]:
    """A pooled engine on the test's database, disposed (every connection closed) after it."""
    engine = make_engine(db.url, lock_timeout_s=10)
    try:
        yield engine
    finally:
        engine.dispose()
