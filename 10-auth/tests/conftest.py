from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from authdemo import Auth, KeySet, generate_key
from tests.procs import Server
from tests.support import fresh_server, make_auth


@pytest.fixture(scope="session")
def keys() -> KeySet:
    """One RSA key for the whole run (generating RSA keys is the slow part)."""
    return KeySet.single("k1", generate_key())


@pytest.fixture(scope="session")
def other_key() -> KeySet:
    """A second, unrelated key: a rotation target, or an attacker's key."""
    return KeySet.single("k2", generate_key())


@pytest.fixture
def auth(tmp_path: Path, keys: KeySet) -> Auth:
    return make_auth(tmp_path / "auth.db", keys)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "server.db"


@pytest.fixture
def server(db_path: Path, keys: KeySet) -> Iterator[Server]:
    """A real `authdemo-serve` on a free port, with its own database and our key."""
    with fresh_server(db_path, keys) as running:
        yield running
