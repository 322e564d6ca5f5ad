"""notes: a small notes service whose architecture is visible in its imports.

The public API is exactly `__all__`; anything else (modules named `_x`, the `_internal`
package, names not listed here) may change without notice.

    api  ->  bootstrap  ->  repositories  ->  services  ->  errors

Each arrow is an allowed import; `lint-imports` fails the build on any other direction.
Importing this package opens no database and reads no environment variable.
"""

from notes.bootstrap import Settings, open_service
from notes.errors import InvalidNote, NoteNotFound, NotesError, StorageError
from notes.repositories import MemoryNoteRepository, SqliteNoteRepository
from notes.services import Note, NoteRepository, NoteService

__all__ = [
    "InvalidNote",
    "MemoryNoteRepository",
    "Note",
    "NoteNotFound",
    "NoteRepository",
    "NoteService",
    "NotesError",
    "Settings",
    "SqliteNoteRepository",
    "StorageError",
    "open_service",
]
