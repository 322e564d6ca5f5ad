"""Adapters that implement `notes.services.NoteRepository`: in memory and SQLite.

They depend on the service layer (for `Note` and the port), never the other way round.
Importing this package opens nothing: connections are made by `SqliteNoteRepository.open`,
which only the composition root (`notes.bootstrap`) calls.
"""

from notes.repositories.memory import MemoryNoteRepository
from notes.repositories.sqlite import SqliteNoteRepository

__all__ = ["MemoryNoteRepository", "SqliteNoteRepository"]
