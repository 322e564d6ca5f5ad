"""A fake that records, for service tests: no mock.patch, no database."""

from __future__ import annotations

from dataclasses import replace

from notes.services import Note


class FakeNoteRepository:
    """Implements `NoteRepository` with a list, and records every write it was asked to do.

    `writes` lets a test assert what the service sent to storage (or that it sent nothing);
    the repository contract tests run against this fake too, so it cannot drift from the
    real adapters.
    """

    def __init__(self) -> None:
        self.notes: list[Note] = []
        self.writes: list[tuple[str, object]] = []

    def add(self, text: str) -> Note:
        self.writes.append(("add", text))
        note = Note(id=len(self.notes) + 1, text=text)
        self.notes.append(note)
        return note

    def get(self, note_id: int) -> Note | None:
        return next((note for note in self.notes if note.id == note_id), None)

    def all(self) -> list[Note]:
        return list(self.notes)

    def mark_done(self, note_id: int) -> Note | None:
        self.writes.append(("mark_done", note_id))
        for index, note in enumerate(self.notes):
            if note.id == note_id:
                self.notes[index] = done = replace(note, done=True)
                return done
        return None

    def close(self) -> None:
        self.writes.append(("close", None))
