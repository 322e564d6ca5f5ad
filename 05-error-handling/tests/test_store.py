"""The SQLite adapter: driver errors become domain errors by code, with the cause kept."""

from __future__ import annotations

import random
import sqlite3
import sys
from pathlib import Path

import pytest

from accounts import service
from accounts.errors import (
    DuplicateError,
    InvalidAccountError,
    NotFoundError,
    StoreOpenError,
    StoreUnavailableError,
)
from accounts.resilience import retry
from accounts.store import AccountStore, connect


def test_create_and_get_round_trip(store: AccountStore) -> None:
    created = store.create("ada@example.com", "Ada")
    assert store.get(created.id) == created
    assert store.all() == [created]


def test_duplicate_email_any_case_is_duplicate_error_caused_by_integrity_error(
    store: AccountStore,
) -> None:
    store.create("ada@example.com", "Ada")
    with pytest.raises(DuplicateError) as info:
        store.create("ADA@Example.COM", "Impostor")
    assert info.value.email == "ADA@Example.COM"
    cause = info.value.__cause__
    assert isinstance(cause, sqlite3.IntegrityError)
    assert cause.sqlite_errorcode == sqlite3.SQLITE_CONSTRAINT_UNIQUE
    assert len(store.all()) == 1  # nothing half-written


def test_a_check_violation_is_not_called_a_duplicate(store: AccountStore) -> None:
    """IntegrityError is wider than "duplicate": a CHECK failure is a bug and stays loud."""
    with pytest.raises(sqlite3.IntegrityError) as info:
        store.create("ada@example.com", "   ")  # bypasses validation on purpose
    assert not isinstance(info.value, DuplicateError)
    assert info.value.sqlite_errorcode == sqlite3.SQLITE_CONSTRAINT_CHECK


def test_missing_id_is_not_found(store: AccountStore) -> None:
    with pytest.raises(NotFoundError) as info:
        store.get(404)
    assert info.value.account_id == 404
    with pytest.raises(NotFoundError):
        store.change_email(404, "x@example.com")


def test_change_email_to_a_taken_one_is_duplicate_and_changes_nothing(
    store: AccountStore,
) -> None:
    ada = store.create("ada@example.com", "Ada")
    bob = store.create("bob@example.com", "Bob")
    with pytest.raises(DuplicateError) as info:
        store.change_email(bob.id, ada.email)
    assert isinstance(info.value.__cause__, sqlite3.IntegrityError)
    assert store.get(bob.id) == bob


def test_a_locked_store_is_unavailable_with_the_operational_error_as_cause(
    db_path: Path, locked: sqlite3.Connection
) -> None:
    impatient = AccountStore(sqlite3.connect(db_path, timeout=0))
    with pytest.raises(StoreUnavailableError) as info:
        impatient.create("ada@example.com", "Ada")
    cause = info.value.__cause__
    assert isinstance(cause, sqlite3.OperationalError)
    assert cause.sqlite_errorcode == sqlite3.SQLITE_BUSY
    impatient.conn.close()


def test_connect_to_an_impossible_path_is_not_transient_and_is_tried_once(tmp_path: Path) -> None:
    """No such directory fails the same way every time: StoreOpenError, not the transient
    StoreUnavailableError, so a retry loop gives up at once instead of sleeping first."""
    calls: list[int] = []

    def open_it() -> sqlite3.Connection:
        calls.append(1)
        return connect(tmp_path / "no-such-dir" / "a.sqlite3")

    with pytest.raises(StoreOpenError) as info:
        retry(open_it, attempts=5, sleep=lambda _: None)
    assert not isinstance(info.value, StoreUnavailableError)
    cause = info.value.__cause__
    assert isinstance(cause, sqlite3.OperationalError)
    assert cause.sqlite_errorcode == sqlite3.SQLITE_CANTOPEN
    assert len(calls) == 1


def test_connect_to_a_locked_store_is_unavailable_and_closes_what_it_opened(
    db_path: Path, locked: sqlite3.Connection
) -> None:
    opened: list[object] = []
    recording = True

    def record(event: str, args: tuple[object, ...]) -> None:
        if recording and event == "sqlite3.connect/handle":
            opened.append(args[0])

    sys.addaudithook(record)  # a hook cannot be removed, so it is switched off below
    try:
        with pytest.raises(StoreUnavailableError) as info:
            connect(db_path, busy_timeout=0)
    finally:
        recording = False
    assert isinstance(info.value.__cause__, sqlite3.OperationalError)
    [conn] = opened
    assert isinstance(conn, sqlite3.Connection)
    with pytest.raises(sqlite3.ProgrammingError):  # closed: a retry loop leaks nothing
        conn.execute("SELECT 1")


def test_register_validates_before_touching_the_store(store: AccountStore) -> None:
    with pytest.raises(InvalidAccountError):
        service.register(store, "nope", "")
    assert store.all() == []


def test_import_adds_a_note_with_the_line_and_keeps_type_and_cause(
    store: AccountStore,
) -> None:
    lines = ["ada@example.com,Ada\n", "bob@example.com,Bob\n", "ADA@example.com,Ada2\n"]
    with pytest.raises(DuplicateError) as info:
        service.import_rows(store, lines, source="users.csv")
    assert isinstance(info.value.__cause__, sqlite3.IntegrityError)
    (note,) = info.value.__notes__
    assert note.startswith("users.csv line 3")
    assert [a.email for a in store.all()] == ["ada@example.com", "bob@example.com"]


def test_retry_backs_off_exponentially_with_full_jitter() -> None:
    """Each pause is jitter() times the capped exponential step: recorded, not slept."""
    slept: list[float] = []
    draws = iter([0.5, 1.0, 0.0, 0.25])

    def busy() -> None:
        raise StoreUnavailableError("busy")

    with pytest.raises(StoreUnavailableError):
        retry(
            busy,
            attempts=5,
            backoff=0.1,
            max_backoff=0.3,
            sleep=slept.append,
            jitter=lambda: next(draws),
        )
    # steps 0.1, 0.2, 0.4 -> capped 0.3, 0.8 -> capped 0.3; four pauses between five attempts
    assert slept == pytest.approx([0.05, 0.2, 0.0, 0.075])


def test_retry_pauses_differ_between_clients_that_failed_together() -> None:
    """Two clients with the same schedule but their own randomness do not retry in step."""
    schedules: list[list[float]] = []
    for seed in (1, 2):
        slept: list[float] = []
        draw = random.Random(seed).random

        def busy() -> None:
            raise StoreUnavailableError("busy")

        with pytest.raises(StoreUnavailableError):
            retry(busy, attempts=4, sleep=slept.append, jitter=draw)
        schedules.append(slept)
    assert schedules[0] != schedules[1]
    assert all(0 <= pause <= 0.05 * 2**n for s in schedules for n, pause in enumerate(s))


def test_retry_does_not_retry_what_is_not_transient() -> None:
    calls: list[int] = []

    def duplicate() -> None:
        calls.append(1)
        raise DuplicateError("ada@example.com")

    with pytest.raises(DuplicateError):
        retry(duplicate, attempts=5, sleep=lambda _: None)
    assert len(calls) == 1
