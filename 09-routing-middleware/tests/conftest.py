from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.procs import Server, serve
from tests.support import ALICE_KEY, BOB_KEY, ORIGIN


@pytest.fixture(scope="session")
def roomy_server() -> Iterator[Server]:
    """A real `routing-serve` with a rate limit too large to matter, shared by read-only tests."""
    running = serve(
        ROUTING_API_KEYS=f"alice:{ALICE_KEY},bob:{BOB_KEY}",
        ROUTING_KEY_ITERATIONS="1000",
        ROUTING_RATE_CAPACITY="1000000",
        ROUTING_RATE_PER_SECOND="1000",
        ROUTING_CORS_ORIGINS=ORIGIN,
    )
    try:
        yield running
    finally:
        running.close()
