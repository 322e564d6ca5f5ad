"""The composition root: the one place that chooses adapters and wires them into services.

Entrypoints call `open_service(settings)`; tests build `NoteService(FakeNoteRepository())`
directly. Nothing here runs at import time: settings are read when `Settings.from_env` is
called, and the database is opened when `open_service` is entered.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol

from notes._internal.paths import default_db_path
from notes.repositories import MemoryNoteRepository, SqliteNoteRepository
from notes.services import NoteRepository, NoteService

DB_ENV = "NOTES_DB"
MEMORY = ":memory:"


@dataclass(frozen=True, slots=True)
class Settings:
    """What the composition root needs. `db` is a file path, or ":memory:" for the memory store."""

    db: str

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Settings:
        """`$NOTES_DB` if set, else the XDG default path."""
        return cls(db=environ.get(DB_ENV) or str(default_db_path(environ)))


class _ClosableRepository(NoteRepository, Protocol):
    def close(self) -> None: ...


def _repository_for(settings: Settings) -> _ClosableRepository:
    if settings.db == MEMORY:
        return MemoryNoteRepository()
    return SqliteNoteRepository.open(settings.db)


@contextmanager
def open_service(settings: Settings) -> Iterator[NoteService]:
    """Build a `NoteService` on the repository `settings` asks for; close it on exit."""
    repository = _repository_for(settings)
    try:
        yield NoteService(repository)
    finally:
        repository.close()
