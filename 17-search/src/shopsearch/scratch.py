"""A throwaway schema full of generated products, for the examples and the benchmark."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg

from shopsearch import db
from shopsearch.dataset import generate
from shopsearch.settings import load_settings


@contextmanager
def catalogue(schema: str, count: int) -> Iterator[psycopg.Connection[Any]]:
    """A connection whose search_path is a new `schema` holding `count` products; the schema
    is dropped when the block ends, however it ends."""
    url = load_settings().postgres_url
    with psycopg.connect(url, autocommit=True) as admin:
        db.install_extensions(admin)
        admin.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        admin.execute(f"CREATE SCHEMA {schema}")
        try:
            with psycopg.connect(url, options=f"-c search_path={schema},public") as conn:
                db.create_tables(conn)
                db.insert_products(conn, generate(count))
                yield conn
        finally:
            admin.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
