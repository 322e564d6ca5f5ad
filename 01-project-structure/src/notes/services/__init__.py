"""The service layer: business rules and the ports (Protocols) the adapters implement.

This layer imports nothing but the standard library's typing tools and `notes.errors`:
no web framework, no database driver. The import-linter contracts in pyproject.toml
enforce that, and `tests/test_import_side_effects.py` checks it at run time.
"""

from notes.services.notes import MAX_TEXT_LENGTH, Note, NoteRepository, NoteService, clean_text

__all__ = ["MAX_TEXT_LENGTH", "Note", "NoteRepository", "NoteService", "clean_text"]
