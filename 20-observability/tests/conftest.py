"""Fixtures: Redis and RabbitMQ from the course's services (skip or fail with the reason), a
Redis key prefix per test, and a tracer provider whose spans land in memory."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
import structlog
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from shopwatch import make_tracer_provider
from tests.services import require, required_services

INSTALL_PROMETHEUS = (
    "install it with `apt-get download prometheus && dpkg-deb -x prometheus_*.deb root` and set "
    "COURSE_PROMETHEUS_BIN and COURSE_PROMTOOL_BIN to root/usr/bin/prometheus and promtool "
    "(the repository's .ci/prometheus.sh does exactly this)"
)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def redis_url() -> str:
    return require("redis")


@pytest.fixture(scope="session")
def amqp_url() -> str:
    return require("rabbitmq")


@pytest.fixture
def key_prefix(redis_url: str) -> Iterator[str]:
    """`t:<hex>:`; every key under it is deleted afterwards (SCAN + DEL, never FLUSHDB)."""
    prefix = f"t:{uuid.uuid4().hex}:"
    yield prefix
    with redis.Redis.from_url(redis_url) as client:
        for key in client.scan_iter(match=f"{prefix}*"):
            client.delete(key)


@pytest.fixture
def exporter() -> InMemorySpanExporter:
    return InMemorySpanExporter()


@pytest.fixture
def provider(exporter: InMemorySpanExporter) -> Iterator[TracerProvider]:
    """Every span, exported the moment it ends (SimpleSpanProcessor), into `exporter`."""
    provider = make_tracer_provider("shop", ratio=1.0)
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    yield provider
    provider.shutdown()


@pytest.fixture(autouse=True)
def _reset_structlog() -> Iterator[None]:
    yield
    structlog.reset_defaults()


def _binary(variable: str, name: str) -> str:
    found = os.environ.get(variable) or shutil.which(name)
    if found and Path(found).is_file():
        return found
    reason = f"{name} not found ({variable} unset, not on PATH): {INSTALL_PROMETHEUS}"
    if "prometheus" in required_services():
        pytest.fail(f"{reason}. prometheus is listed in COURSE_REQUIRE_SERVICES.", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def prometheus_bin() -> str:
    return _binary("COURSE_PROMETHEUS_BIN", "prometheus")


@pytest.fixture(scope="session")
def promtool_bin() -> str:
    return _binary("COURSE_PROMTOOL_BIN", "promtool")
