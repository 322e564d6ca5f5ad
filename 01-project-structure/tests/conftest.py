"""Fixtures: one repository of each kind, and a clean environment for every test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from notes.repositories import MemoryNoteRepository, SqliteNoteRepository
from notes.services import NoteRepository
from tests.fakes import FakeNoteRepository


@pytest.fixture(autouse=True)
def _no_notes_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's own NOTES_DB or XDG_DATA_HOME must not leak into a test."""
    monkeypatch.delenv("NOTES_DB", raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)


@pytest.fixture(params=["memory", "sqlite", "fake"])
def repository(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[NoteRepository]:
    """Every implementation of the port, so one set of tests defines what the port means."""
    match request.param:
        case "memory":
            memory = MemoryNoteRepository()
            yield memory
            memory.close()
        case "sqlite":
            sqlite = SqliteNoteRepository.open(tmp_path / "notes.sqlite3")
            yield sqlite
            sqlite.close()
        case _:
            yield FakeNoteRepository()
