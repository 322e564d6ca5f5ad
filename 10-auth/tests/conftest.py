from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from authdemo import Auth, KeySet, generate_key
from tests.procs import Server, serve
from tests.support import FAST_ENV, make_auth, write_key_dir


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
def server(tmp_path: Path, db_path: Path, keys: KeySet) -> Iterator[Server]:
    """A real `authdemo-serve` on a free port, with its own database and our key."""
    key_dir = write_key_dir(tmp_path / "keys", keys)
    running = serve(AUTHDEMO_DB=str(db_path), AUTHDEMO_KEY_DIR=str(key_dir), **FAST_ENV)
    try:
        yield running
    finally:
        running.close()
