"""The core: notes kept in one SQLite file. No printing, no exiting, no argv."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Self

from notes_cli.errors import InvalidNote, NoteNotFound, StoreError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS notes (
    id   INTEGER PRIMARY KEY AUTOINCREMENT,
    text TEXT NOT NULL CHECK (length(trim(text)) > 0)
)
"""


@dataclass(frozen=True, slots=True)
class Note:
    id: int
    text: str


@contextmanager
def _translated(action: str) -> Iterator[None]:
    """Turn any sqlite3 error into a StoreError that keeps the original as __cause__."""
    try:
        yield
    except sqlite3.Error as exc:
        raise StoreError(f"cannot {action}: {exc}") from exc


def _clean(text: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise InvalidNote("a note needs some text")
    return cleaned


class NoteStore:
    """Notes in a SQLite file (or ``":memory:"``). Use it as a context manager."""

    def __init__(self, path: Path | str) -> None:
        self.path = path
        with _translated(f"open the notes database {str(path)!r}"):
            self._conn = sqlite3.connect(path)
            try:
                with self._conn:
                    self._conn.execute(_SCHEMA)
            except sqlite3.Error:
                self._conn.close()
                raise

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._conn.close()

    def add(self, text: str) -> int:
        """Store one note and return its id."""
        return self.add_many([text])[0]

    def add_many(self, texts: Iterable[str]) -> list[int]:
        """Store several notes in one transaction: all of them, or none if any is invalid."""
        cleaned = [_clean(text) for text in texts]  # validate everything before writing
        ids: list[int] = []
        with _translated("save notes"), self._conn:
            for text in cleaned:
                cursor = self._conn.execute("INSERT INTO notes (text) VALUES (?)", (text,))
                if cursor.lastrowid is None:  # sqlite always sets it after an INSERT
                    raise RuntimeError("INSERT returned no row id")
                ids.append(cursor.lastrowid)
        return ids

    def iter_notes(self, limit: int | None = None) -> Iterator[Note]:
        """Yield notes oldest first, streaming rows instead of loading them all."""
        sql = "SELECT id, text FROM notes ORDER BY id"
        params: tuple[int, ...] = ()
        if limit is not None:
            sql += " LIMIT ?"
            params = (limit,)
        with _translated("read notes"):
            for note_id, text in self._conn.execute(sql, params):
                yield Note(note_id, text)

    def get(self, note_id: int) -> Note:
        with _translated("read notes"):
            row = self._conn.execute(
                "SELECT id, text FROM notes WHERE id = ?", (note_id,)
            ).fetchone()
        if row is None:
            raise NoteNotFound(note_id)
        return Note(row[0], row[1])

    def remove(self, note_id: int) -> None:
        with _translated("delete notes"), self._conn:
            deleted = self._conn.execute("DELETE FROM notes WHERE id = ?", (note_id,)).rowcount
        if deleted == 0:
            raise NoteNotFound(note_id)
