"""Fixtures: the default SIGINT handler for children, and a Postgres schema per test."""

from __future__ import annotations

import signal
import uuid
from collections.abc import Iterator
from urllib.parse import quote

import psycopg
import pytest

from tests.images import Images, require_podman
from tests.services import require


@pytest.fixture(autouse=True)
def default_sigint() -> Iterator[None]:
    """Children inherit SIGINT's disposition: make sure it is the default, not ignored."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


@pytest.fixture(scope="session")
def postgres_url() -> str:
    return require("postgres")


@pytest.fixture
def schema_url(postgres_url: str) -> Iterator[str]:
    """A new schema `t_<hex>`; the URL puts it first on the search_path. Dropped afterwards."""
    schema = f"t_{uuid.uuid4().hex}"
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        sep = "&" if "?" in postgres_url else "?"
        yield f"{postgres_url}{sep}options={quote(f'-c search_path={schema}')}"
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.fixture(scope="session")
def images() -> Iterator[Images]:
    """The session's images, each built on first use; all removed at the end."""
    require_podman()
    built = Images()
    try:
        yield built
    finally:
        built.close()
