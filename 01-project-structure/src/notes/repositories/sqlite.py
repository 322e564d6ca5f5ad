"""A repository in a SQLite file (stdlib `sqlite3`): the default store of the `notes` command.

Nothing happens at import time. `SqliteNoteRepository.open(path)` creates the parent folder,
connects and creates the table; the composition root calls it and later calls `close()`.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from notes.errors import StorageError
from notes.services import Note

SCHEMA = """
CREATE TABLE IF NOT EXISTS notes (
    id   INTEGER PRIMARY KEY AUTOINCREMENT,
    text TEXT    NOT NULL,
    done INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1))
)
"""


@contextmanager
def _storage_errors() -> Iterator[None]:
    """Turn a driver error into `StorageError`, keeping the original as `__cause__`."""
    try:
        yield
    except sqlite3.Error as exc:
        raise StorageError(f"notes database error: {exc}") from exc


def _row_to_note(row: tuple[int, str, int]) -> Note:
    note_id, text, done = row
    return Note(id=note_id, text=text, done=bool(done))


class SqliteNoteRepository:
    """Implements `NoteRepository` on one connection, serialised by a lock so the HTTP
    entrypoint's worker threads can share it."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection
        self._lock = threading.Lock()

    @classmethod
    def open(cls, path: Path | str) -> SqliteNoteRepository:
        """Connect to the database at `path` (created if missing) and make sure the table exists."""
        target = str(path)
        try:
            if target != ":memory:":
                Path(target).parent.mkdir(parents=True, exist_ok=True)
            # check_same_thread=False: the lock above, not the thread that opened it, guards use.
            connection = sqlite3.connect(target, timeout=10.0, check_same_thread=False)
        except (OSError, sqlite3.Error) as exc:
            raise StorageError(f"cannot open the notes database at {target}: {exc}") from exc
        try:
            with connection:
                connection.execute(SCHEMA)
        except sqlite3.Error as exc:
            # connect() succeeds on a file that is not a database; the first query fails.
            # Close the connection here: nobody else holds a reference to it.
            connection.close()
            raise StorageError(f"cannot open the notes database at {target}: {exc}") from exc
        return cls(connection)

    def add(self, text: str) -> Note:
        with self._lock, _storage_errors(), self._connection:
            cursor = self._connection.execute(
                "INSERT INTO notes (text) VALUES (?) RETURNING id, text, done", (text,)
            )
            return _row_to_note(cursor.fetchone())

    def get(self, note_id: int) -> Note | None:
        with self._lock, _storage_errors():
            row = self._connection.execute(
                "SELECT id, text, done FROM notes WHERE id = ?", (note_id,)
            ).fetchone()
        return None if row is None else _row_to_note(row)

    def all(self) -> list[Note]:
        with self._lock, _storage_errors():
            rows = self._connection.execute("SELECT id, text, done FROM notes ORDER BY id")
            return [_row_to_note(row) for row in rows]

    def mark_done(self, note_id: int) -> Note | None:
        with self._lock, _storage_errors(), self._connection:
            row = self._connection.execute(
                "UPDATE notes SET done = 1 WHERE id = ? RETURNING id, text, done", (note_id,)
            ).fetchone()
        return None if row is None else _row_to_note(row)

    def close(self) -> None:
        with self._lock:
            self._connection.close()
