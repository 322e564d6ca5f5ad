"""The core, tested without any command line: return values and exception types."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from notes_cli import (
    InvalidNote,
    Note,
    NoteNotFound,
    NotesError,
    NoteStore,
    StoreError,
    default_db_path,
)


def test_add_get_list_remove_round_trip(db: Path) -> None:
    with NoteStore(db) as store:
        first = store.add("  buy milk  ")
        second = store.add("call the bank")
        assert store.get(first) == Note(first, "buy milk")
        store.remove(first)
        assert list(store.iter_notes()) == [Note(second, "call the bank")]


def test_notes_survive_reopening_the_file(db: Path) -> None:
    with NoteStore(db) as store:
        note_id = store.add("persisted")
    with NoteStore(db) as store:
        assert store.get(note_id).text == "persisted"


def test_missing_note_raises_not_found_with_its_id(db: Path) -> None:
    with NoteStore(db) as store, pytest.raises(NoteNotFound) as caught:
        store.remove(42)
    assert caught.value.note_id == 42
    assert isinstance(caught.value, NotesError)


def test_add_many_is_all_or_nothing(db: Path) -> None:
    """One blank line in an import must not leave the lines before it saved."""
    with NoteStore(db) as store:
        with pytest.raises(InvalidNote):
            store.add_many(["first", "   ", "third"])
        assert list(store.iter_notes()) == []


def test_limit_stops_early(db: Path) -> None:
    with NoteStore(db) as store:
        store.add_many(["a", "b", "c"])
        assert [note.text for note in store.iter_notes(limit=2)] == ["a", "b"]


def test_unopenable_database_is_a_store_error_caused_by_sqlite(tmp_path: Path) -> None:
    """A directory is not a database file: the sqlite3 error is kept as __cause__."""
    with pytest.raises(StoreError) as caught:
        NoteStore(tmp_path)
    assert isinstance(caught.value.__cause__, sqlite3.OperationalError)


def test_a_file_that_is_not_sqlite_is_a_store_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not a database, just text" * 100)
    with pytest.raises(StoreError) as caught:
        NoteStore(junk)
    assert isinstance(caught.value.__cause__, sqlite3.DatabaseError)


def test_db_path_prefers_env_var_then_xdg() -> None:
    assert default_db_path({"NOTES_DB": "/x/n.sqlite3"}) == Path("/x/n.sqlite3")
    assert default_db_path({"XDG_DATA_HOME": "/data"}) == Path("/data/notes-cli/notes.sqlite3")
    assert default_db_path({}).parts[-3:] == ("share", "notes-cli", "notes.sqlite3")
