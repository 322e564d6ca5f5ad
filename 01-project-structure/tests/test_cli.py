"""The `notes` console script, run as a real subprocess."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from notes.api import cli
from notes.errors import StorageError

NOTES = Path(sys.executable).with_name("notes")


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in {"NOTES_DB", "XDG_DATA_HOME"}}
    return subprocess.run(
        [str(NOTES), *args],
        env={**base, **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def rows(db: Path) -> list[tuple[int, str, int]]:
    # closing(): a sqlite3 connection's own `with` commits or rolls back; it does not close.
    with closing(sqlite3.connect(db)) as connection:
        return list(connection.execute("SELECT id, text, done FROM notes ORDER BY id"))


def test_add_list_done_round_trip_through_the_db_flag(tmp_path: Path) -> None:
    db = tmp_path / "notes.sqlite3"
    assert run("--db", str(db), "add", "buy milk").stdout == "added note 1: buy milk\n"
    assert run("--db", str(db), "add", "call mom").returncode == 0
    assert run("--db", str(db), "done", "1").stdout == "done note 1: buy milk\n"
    listed = run("--db", str(db), "list")
    assert (listed.returncode, listed.stderr) == (0, "")
    assert listed.stdout.splitlines() == ["1 [x] buy milk", "2 [ ] call mom"]
    assert run("--db", str(db), "list", "--pending").stdout.splitlines() == ["2 [ ] call mom"]
    assert rows(db) == [(1, "buy milk", 1), (2, "call mom", 0)]


def test_notes_db_env_var_chooses_the_file(tmp_path: Path) -> None:
    db = tmp_path / "from-env.sqlite3"
    assert run("add", "from env", env={"NOTES_DB": str(db)}).returncode == 0
    assert rows(db) == [(1, "from env", 0)]


def test_default_path_is_under_xdg_data_home_and_created_on_first_use(tmp_path: Path) -> None:
    assert run("add", "default place", env={"XDG_DATA_HOME": str(tmp_path)}).returncode == 0
    assert rows(tmp_path / "notes" / "notes.sqlite3") == [(1, "default place", 0)]


@pytest.mark.parametrize(
    "args",
    [
        pytest.param([], id="no-command"),
        pytest.param(["frobnicate"], id="unknown-command"),
        pytest.param(["done", "abc"], id="id-not-an-integer"),
        pytest.param(["add"], id="missing-text"),
    ],
)
def test_usage_error_exits_2_with_usage_on_stderr_and_no_traceback(
    tmp_path: Path, args: list[str]
) -> None:
    db = tmp_path / "notes.sqlite3"
    done = run("--db", str(db), *args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("usage: notes")
    assert "Traceback" not in done.stderr
    assert not db.exists(), "a usage error must not open (or create) the database"


def test_blank_note_is_a_usage_error_exits_2_and_opens_nothing(tmp_path: Path) -> None:
    db = tmp_path / "notes.sqlite3"
    done = run("--db", str(db), "add", "   ")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith("usage: notes add")
    assert "Traceback" not in done.stderr
    assert not db.exists(), "a usage error must not open (or create) the database"


def test_blank_note_stores_nothing_in_an_existing_database(tmp_path: Path) -> None:
    db = tmp_path / "notes.sqlite3"
    run("--db", str(db), "add", "keep me")
    assert run("--db", str(db), "add", "").returncode == 2
    assert rows(db) == [(1, "keep me", 0)]


def test_done_unknown_id_exits_1_and_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "notes.sqlite3"
    run("--db", str(db), "add", "keep me")
    done = run("--db", str(db), "done", "7")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.startswith("notes: error:")
    assert rows(db) == [(1, "keep me", 0)]


def test_unopenable_database_exits_1_with_one_line_on_stderr(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    done = run("--db", str(blocker / "notes.sqlite3"), "list")
    assert (done.returncode, done.stdout) == (1, "")
    assert len(done.stderr.splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_failed_open_keeps_the_driver_error_and_closes_it(tmp_path: Path) -> None:
    not_a_database = tmp_path / "junk.sqlite3"
    not_a_database.write_bytes(b"this is not a SQLite file" * 100)
    from notes.repositories import SqliteNoteRepository

    opened: list[object] = []
    recording = True

    def record(event: str, args: tuple[object, ...]) -> None:
        if recording and event == "sqlite3.connect/handle":
            opened.append(args[0])

    sys.addaudithook(record)  # a hook cannot be removed, so it is switched off below
    try:
        with pytest.raises(StorageError) as caught:
            SqliteNoteRepository.open(not_a_database)
    finally:
        recording = False
    assert isinstance(caught.value.__cause__, sqlite3.DatabaseError)
    [connection] = opened
    assert isinstance(connection, sqlite3.Connection)
    with pytest.raises(sqlite3.ProgrammingError):  # "Cannot operate on a closed database."
        connection.execute("SELECT 1")


def test_main_returns_exit_codes_in_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same mapping, called as a function: what `[project.scripts]` wraps in sys.exit()."""
    db = str(tmp_path / "notes.sqlite3")
    assert cli.main(["add", "x"], environ={"NOTES_DB": db}) == cli.EXIT_OK
    assert cli.main(["--db", db, "done", "5"], environ={}) == cli.EXIT_FAILURE
    for usage_error in (["--db", db, "nope"], ["--db", db, "add", " "]):
        with pytest.raises(SystemExit) as usage:
            cli.main(usage_error, environ={})
        assert usage.value.code == cli.EXIT_USAGE
    assert capsys.readouterr().out == "added note 1: x\n"
