"""The port's contract: every NoteRepository (memory, SQLite, and the test fake) passes these."""

from __future__ import annotations

from notes.services import Note, NoteRepository


def test_add_assigns_increasing_ids_and_stores_text_as_given(repository: NoteRepository) -> None:
    first = repository.add("buy milk")
    second = repository.add("call mom")
    assert first == Note(id=first.id, text="buy milk", done=False)
    assert second.id > first.id
    assert repository.get(first.id) == first


def test_all_returns_notes_oldest_first(repository: NoteRepository) -> None:
    added = [repository.add(text) for text in ("a", "b", "c")]
    assert repository.all() == added


def test_get_unknown_id_returns_none(repository: NoteRepository) -> None:
    repository.add("only one")
    assert repository.get(999) is None


def test_mark_done_returns_the_updated_note_and_persists_it(repository: NoteRepository) -> None:
    note = repository.add("write tests")
    done = repository.mark_done(note.id)
    assert done == Note(id=note.id, text="write tests", done=True)
    assert repository.get(note.id) == done


def test_mark_done_unknown_id_returns_none_and_changes_nothing(
    repository: NoteRepository,
) -> None:
    note = repository.add("keep me")
    assert repository.mark_done(note.id + 100) is None
    assert repository.all() == [note]
