"""Fixtures: the default SIGINT handler for children, a Postgres schema per test, and the
session's images, which the run's first pytest process removes when the whole run is over."""

from __future__ import annotations

import os
import signal
import uuid
from collections.abc import Iterator
from urllib.parse import quote

import psycopg
import pytest

from tests.images import Images, all_image_ids, remove_leftovers, require_podman, why_no_podman
from tests.services import require

OWNER = "COURSE_IMAGES_OWNER"  # set by the run's first pytest process: its pid
STORE_BEFORE = pytest.StashKey[set[str]]()


def pytest_configure(config: pytest.Config) -> None:
    """The first pytest process of a run (not an xdist worker, not a lab's nested run, not a
    README's `uv run pytest`: they all inherit the variable) owns podman's store for the run."""
    if hasattr(config, "workerinput") or os.environ.get(OWNER):
        return
    os.environ[OWNER] = str(os.getpid())
    if why_no_podman() is None:
        config.stash[STORE_BEFORE] = all_image_ids()


def pytest_unconfigure(config: pytest.Config) -> None:
    """After every worker and nested run has ended, nothing can be standing on an image."""
    before = config.stash.get(STORE_BEFORE, None)
    if before is not None:
        remove_leftovers(before)


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
    """The session's images, each built on first use; untagged at the end (see above)."""
    require_podman()
    built = Images()
    try:
        yield built
    finally:
        built.close()
