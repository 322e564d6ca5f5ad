from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.procs import Server, serve


@pytest.fixture
def gate_dir(tmp_path: Path) -> Path:
    gates = tmp_path / "gates"
    gates.mkdir()
    return gates


@pytest.fixture
def server(gate_dir: Path) -> Iterator[Server]:
    """A fresh `httpserver-serve` with production defaults, killed if a test leaves it up."""
    running = serve(gate_dir)
    try:
        yield running
    finally:
        running.close()
