"""Fixtures: a real grpc.aio server on port 0 in the test's own event loop, and its clients."""

from __future__ import annotations

import logging
import signal
from collections.abc import AsyncIterator, Iterator

import pytest

from inventory import InventoryService, Running, Store, sample, start
from tests.support import TOKENS, drained


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"  # grpc.aio runs on asyncio only


@pytest.fixture(autouse=True)
def _quiet_access_log() -> Iterator[None]:
    """Tests that read the access log turn it up themselves (caplog); leave it as found."""
    logger = logging.getLogger("inventory.access")
    level = logger.level
    yield
    logger.setLevel(level)


@pytest.fixture
def default_sigint() -> Iterator[None]:
    """Children inherit SIGINT's disposition: make sure it is the default, not ignored."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


@pytest.fixture
async def served() -> AsyncIterator[Running]:
    service = InventoryService(Store(sample(5)), shelf_seconds=0.005)
    running = await start(service, TOKENS)
    try:
        yield running
    finally:
        await drained(running.stop(None))
