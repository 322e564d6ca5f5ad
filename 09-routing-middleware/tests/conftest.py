from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.procs import Server, serving
from tests.support import ROOMY_ENV


@pytest.fixture(scope="session")
def roomy_server() -> Iterator[Server]:
    """A real `routing-serve` with a rate limit too large to matter, shared by read-only tests."""
    with serving(**ROOMY_ENV) as server:
        yield server
