"""Notes: the model, the port its storage must fit, and the use cases."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from notes.errors import InvalidNote, NoteNotFound

MAX_TEXT_LENGTH = 500


@dataclass(frozen=True, slots=True)
class Note:
    id: int
    text: str
    done: bool = False


class NoteRepository(Protocol):
    """The port: what the service needs from storage, owned by the service layer.

    Adapters in `notes.repositories` implement it without inheriting from it (structural
    typing, like a Go interface). `get` and `mark_done` return None for an unknown id and let
    the service decide what "not found" means; storage failures raise `StorageError`.
    """

    def add(self, text: str) -> Note: ...

    def get(self, note_id: int) -> Note | None: ...

    def all(self) -> list[Note]: ...

    def mark_done(self, note_id: int) -> Note | None: ...


def clean_text(text: str) -> str:
    """The note rule, in one place: stripped, not blank, at most MAX_TEXT_LENGTH characters.

    The service applies it; an entrypoint may call it early to refuse input before it opens
    anything (the CLI does, so a blank note is a usage error).
    """
    cleaned = text.strip()
    if not cleaned:
        raise InvalidNote("a note needs some text")
    if len(cleaned) > MAX_TEXT_LENGTH:
        raise InvalidNote(f"a note is at most {MAX_TEXT_LENGTH} characters, got {len(cleaned)}")
    return cleaned


class NoteService:
    """The use cases. It receives its repository; it never builds or finds one."""

    def __init__(self, repository: NoteRepository) -> None:
        self._repository = repository

    def add(self, text: str) -> Note:
        return self._repository.add(clean_text(text))

    def list(self, *, include_done: bool = True) -> list[Note]:
        notes = self._repository.all()
        return notes if include_done else [note for note in notes if not note.done]

    def get(self, note_id: int) -> Note:
        note = self._repository.get(note_id)
        if note is None:
            raise NoteNotFound(note_id)
        return note

    def complete(self, note_id: int) -> Note:
        note = self._repository.mark_done(note_id)
        if note is None:
            raise NoteNotFound(note_id)
        return note
