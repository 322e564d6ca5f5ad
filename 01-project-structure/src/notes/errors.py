"""Every error the notes package raises on purpose, in one tree.

    NotesError                  base: `except NotesError` catches all of them
    ├── InvalidNote             the caller sent bad input (empty text, text too long)
    ├── NoteNotFound            no note has that id
    └── StorageError            the repository could not read or write (disk, locked database)

The core raises these; the entrypoints (`notes.api.cli`, `notes.api.http`) map them to exit
codes and HTTP statuses in one place each. A storage error keeps the driver's exception as
`__cause__`, so the traceback in a log still shows what SQLite said.
"""

from __future__ import annotations

__all__ = ["InvalidNote", "NoteNotFound", "NotesError", "StorageError"]


class NotesError(Exception):
    """Base class. Catch this at an edge to handle every expected failure of the package::

    try:
        service.complete(note_id)
    except NotesError as exc:
        ...
    """


class InvalidNote(NotesError, ValueError):
    """The note's text is empty or too long; nothing was stored."""


class NoteNotFound(NotesError, LookupError):
    """No note has the requested id."""

    def __init__(self, note_id: int) -> None:
        super().__init__(f"note {note_id} not found")
        self.note_id = note_id


class StorageError(NotesError):
    """The repository failed; `__cause__` holds the driver's exception."""
