"""A small notes tool built twice (argparse and click) behind one exit-code contract."""

from notes_cli._edge import ExitCode, run_cli
from notes_cli._paths import default_db_path
from notes_cli._store import Note, NoteStore
from notes_cli.errors import InvalidNote, NoteNotFound, NotesError, StoreError

__all__ = [
    "ExitCode",
    "InvalidNote",
    "Note",
    "NoteNotFound",
    "NoteStore",
    "NotesError",
    "StoreError",
    "default_db_path",
    "run_cli",
]
