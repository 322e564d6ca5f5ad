"""The resource the lifespan opens and closes: a small SQLite-backed note store.

It stands in for any connection pool. What matters for the lesson is *when* it is closed:
after the last in-flight request has finished, never from a signal handler.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Note:
    id: int
    title: str
    body: str


class StoreClosedError(RuntimeError):
    """The store was used before `open()` or after `close()`."""


class NoteStore:
    """Notes in SQLite. Thread-safe: FastAPI runs sync endpoints in a thread pool."""

    def __init__(self, path: str = ":memory:") -> None:
        self._path = path
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None

    def open(self) -> None:
        db = sqlite3.connect(self._path, check_same_thread=False)
        db.execute(
            "CREATE TABLE IF NOT EXISTS notes "
            "(id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL, body TEXT NOT NULL)"
        )
        db.commit()
        self._db = db

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    @property
    def is_open(self) -> bool:
        return self._db is not None

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            raise StoreClosedError("the note store is not open")
        return self._db

    def add(self, title: str, body: str) -> Note:
        with self._lock:
            db = self._conn()
            cursor = db.execute("INSERT INTO notes (title, body) VALUES (?, ?)", (title, body))
            db.commit()
            note_id = cursor.lastrowid
        if note_id is None:  # sqlite always sets it after an INSERT
            raise RuntimeError("INSERT returned no row id")
        return Note(note_id, title, body)

    def get(self, note_id: int) -> Note | None:
        with self._lock:
            row = (
                self._conn()
                .execute("SELECT id, title, body FROM notes WHERE id = ?", (note_id,))
                .fetchone()
            )
        return None if row is None else Note(int(row[0]), str(row[1]), str(row[2]))

    def count(self) -> int:
        with self._lock:
            (n,) = self._conn().execute("SELECT count(*) FROM notes").fetchone()
        return int(n)
