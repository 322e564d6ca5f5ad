"""The service's rules, tested against a recording fake: no database, no patching."""

from __future__ import annotations

import pytest

from notes.errors import InvalidNote, NoteNotFound, NotesError
from notes.services import MAX_TEXT_LENGTH, Note, NoteService
from tests.fakes import FakeNoteRepository


@pytest.fixture
def fake() -> FakeNoteRepository:
    return FakeNoteRepository()


def test_add_strips_whitespace_before_storing(fake: FakeNoteRepository) -> None:
    note = NoteService(fake).add("  buy milk \n")
    assert note.text == "buy milk"
    assert fake.writes == [("add", "buy milk")]


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "x" * (MAX_TEXT_LENGTH + 1)])
def test_invalid_text_raises_and_never_reaches_storage(fake: FakeNoteRepository, text: str) -> None:
    with pytest.raises(InvalidNote):
        NoteService(fake).add(text)
    assert fake.writes == []


def test_longest_allowed_text_is_stored(fake: FakeNoteRepository) -> None:
    NoteService(fake).add("x" * MAX_TEXT_LENGTH)
    assert len(fake.notes) == 1


def test_complete_unknown_id_raises_note_not_found_with_the_id(fake: FakeNoteRepository) -> None:
    with pytest.raises(NoteNotFound) as caught:
        NoteService(fake).complete(42)
    assert caught.value.note_id == 42
    assert isinstance(caught.value, NotesError)
    assert isinstance(caught.value, LookupError)


def test_get_unknown_id_raises_note_not_found(fake: FakeNoteRepository) -> None:
    with pytest.raises(NoteNotFound):
        NoteService(fake).get(1)


def test_list_pending_hides_done_notes(fake: FakeNoteRepository) -> None:
    service = NoteService(fake)
    milk = service.add("buy milk")
    mom = service.add("call mom")
    service.complete(milk.id)
    assert service.list() == [Note(milk.id, "buy milk", True), mom]
    assert service.list(include_done=False) == [mom]
