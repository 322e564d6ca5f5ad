"""Shared fixtures: the anyio backend, a controllable clock, a clean contextvar per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from deadlines import request_id
from tests.support import FakeClock


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(autouse=True)
def _no_request_id_leaks() -> Iterator[None]:
    """Each test starts and ends without a request id bound in its context."""
    assert request_id.get() is None
    yield
    assert request_id.get() is None
