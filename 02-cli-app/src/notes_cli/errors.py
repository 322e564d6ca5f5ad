"""Every error the notes tool raises on purpose, in one tree.

    NotesError                 base: catch this at the edge, exit 1, print one line
    ├── InvalidNote            the note text is empty or only whitespace
    ├── NoteNotFound           no note has the id the user asked for
    └── StoreError             the database cannot be opened, read or written
                               (``__cause__`` is the ``sqlite3.Error`` underneath)

Usage errors (unknown flag, missing or malformed argument) are not here: the argument parser
(argparse or click) detects them before the core runs, and they exit 2.
"""

from __future__ import annotations


class NotesError(Exception):
    """Base class of the tool's expected failures.

    Catch it once, at the edge, and turn it into exit code 1::

        try:
            store.get(note_id)
        except NotesError as exc:
            print(f"notes: error: {exc}", file=sys.stderr)
            return 1
    """


class InvalidNote(NotesError):
    """The note text is empty or only whitespace."""


class NoteNotFound(NotesError):
    """No note has this id."""

    def __init__(self, note_id: int) -> None:
        super().__init__(f"note {note_id} not found")
        self.note_id = note_id


class StoreError(NotesError):
    """The SQLite file cannot be opened, read or written; ``__cause__`` says why."""
