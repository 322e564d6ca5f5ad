"""A repository in a dict: the embedded default for tests and for `--db :memory:`."""

from __future__ import annotations

import threading
from dataclasses import replace

from notes.services import Note


class MemoryNoteRepository:
    """Implements `NoteRepository`. Thread-safe, because the HTTP entrypoint may call it from
    several worker threads at once."""

    def __init__(self) -> None:
        self._notes: dict[int, Note] = {}
        self._next_id = 1
        self._lock = threading.Lock()

    def add(self, text: str) -> Note:
        with self._lock:
            note = Note(id=self._next_id, text=text)
            self._notes[note.id] = note
            self._next_id += 1
            return note

    def get(self, note_id: int) -> Note | None:
        with self._lock:
            return self._notes.get(note_id)

    def all(self) -> list[Note]:
        with self._lock:
            return sorted(self._notes.values(), key=lambda note: note.id)

    def mark_done(self, note_id: int) -> Note | None:
        with self._lock:
            note = self._notes.get(note_id)
            if note is None:
                return None
            self._notes[note_id] = done = replace(note, done=True)
            return done

    def close(self) -> None:
        """Nothing to release; present so the composition root treats both adapters alike."""
