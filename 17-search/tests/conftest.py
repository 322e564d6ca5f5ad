"""Fixtures: Postgres schemas `t_<hex>` (one shared, read-only catalogue of 20,000 products per
session; a small fresh one per test that writes), Elasticsearch indices `t-<hex>` where a real
Elasticsearch answers. Teardown drops them all, so suites run twice in a row, in any order."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote

import psycopg
import pytest
from elasticsearch import Elasticsearch

from shopsearch import db, generate, index
from tests.services import require

CATALOGUE_SIZE = 20_000


@pytest.fixture(scope="session")
def postgres_url() -> str:
    url = require("postgres")
    with psycopg.connect(url, autocommit=True) as conn:
        db.install_extensions(conn)
    return url


def with_search_path(url: str, schema: str) -> str:
    """`public` stays on the path: pg_trgm's functions and operators live there."""
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options={quote(f'-c search_path={schema},public')}"


@contextmanager
def new_schema(postgres_url: str, products: int) -> Iterator[str]:
    """A schema `t_<hex>` with the tables and `products` generated products; dropped after."""
    schema = f"t_{uuid.uuid4().hex}"
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        url = with_search_path(postgres_url, schema)
        with psycopg.connect(url) as conn:
            db.create_tables(conn)
            db.insert_products(conn, generate(products))
        yield url
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.fixture(scope="session")
def catalogue_url(postgres_url: str) -> Iterator[str]:
    """20,000 products, shared by the tests that only read."""
    with new_schema(postgres_url, CATALOGUE_SIZE) as url:
        yield url


@pytest.fixture
def catalogue(catalogue_url: str) -> Iterator[psycopg.Connection[Any]]:
    with psycopg.connect(catalogue_url) as conn:
        yield conn
        conn.rollback()


@pytest.fixture
def schema_url(postgres_url: str) -> Iterator[str]:
    """A fresh schema of 100 products for a test that writes."""
    with new_schema(postgres_url, 100) as url:
        yield url


@pytest.fixture
def conn(schema_url: str) -> Iterator[psycopg.Connection[Any]]:
    with psycopg.connect(schema_url) as conn:
        yield conn


@pytest.fixture(scope="session")
def es_url() -> str:
    return require("elasticsearch")


@pytest.fixture
def es(es_url: str) -> Iterator[Elasticsearch]:
    client = index.connect(es_url, timeout=30)
    yield client
    client.close()


@pytest.fixture
def alias(es: Elasticsearch) -> Iterator[str]:
    """An alias name `t-<hex>`; every index `t-<hex>-*` is deleted after."""
    name = f"t-{uuid.uuid4().hex}"
    yield name
    index.delete_indices(es, name)
