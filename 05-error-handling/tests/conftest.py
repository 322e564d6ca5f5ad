"""Fixtures shared by the tests: stores, a CLI runner, the anyio backend."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from accounts import AccountStore, connect


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "accounts.sqlite3"


@pytest.fixture
def store(db_path: Path) -> Iterator[AccountStore]:
    conn = connect(db_path)
    yield AccountStore(conn)
    conn.close()


@pytest.fixture
def locked(db_path: Path, store: AccountStore) -> Iterator[sqlite3.Connection]:
    """Another connection holding an exclusive lock on the store's file, as a busy writer would.

    Depends on ``store`` so the schema exists before the lock is taken.
    """
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    yield holder
    holder.execute("ROLLBACK")
    holder.close()
