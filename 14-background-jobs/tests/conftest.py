"""Fixtures: each test gets its own Postgres schema `t_<hex>`, RabbitMQ queue and exchange
`t-<hex>` and Redis key prefix `t:<hex>:`, and removes them afterwards, so suites run twice in
a row and in any order against the course's real services."""

from __future__ import annotations

import signal
from collections.abc import Iterator

import pytest

from jobqueue import Settings
from tests.services import require
from tests.support import CeleryWorker, isolated_settings, schema, start_worker


@pytest.fixture(scope="session")
def postgres_url() -> str:
    return require("postgres")


@pytest.fixture(scope="session")
def redis_url() -> str:
    return require("redis")


@pytest.fixture(scope="session")
def amqp_url() -> str:
    return require("rabbitmq")


@pytest.fixture
def url(postgres_url: str) -> Iterator[str]:
    """A URL whose search_path is a new schema with the lesson's tables; dropped afterwards."""
    with schema(postgres_url) as scoped:
        yield scoped


@pytest.fixture
def settings(url: str, amqp_url: str, redis_url: str) -> Iterator[Settings]:
    """Settings naming this test's schema, queue and key prefix; broker and Redis cleaned after."""
    with isolated_settings(url, amqp_url, redis_url) as settings:
        yield settings


@pytest.fixture(scope="module")
def shared(postgres_url: str, amqp_url: str, redis_url: str) -> Iterator[Settings]:
    """One schema, queue and prefix for a module whose tests share one Celery worker (worker
    starts cost about 2 s each); the tests use orders of their own."""
    with schema(postgres_url) as url, isolated_settings(url, amqp_url, redis_url) as settings:
        yield settings


@pytest.fixture(scope="module")
def shared_worker(shared: Settings) -> Iterator[CeleryWorker]:
    with start_worker(shared, "shared") as worker:
        yield worker


@pytest.fixture(autouse=True)
def default_sigint() -> Iterator[None]:
    """Children inherit an ignored SIGINT from some CI runners; give them the default."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)
