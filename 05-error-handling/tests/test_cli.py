"""The CLI edge as a real process: exit codes from the table, data on stdout, errors on stderr."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from accounts.errors import (
    DuplicateError,
    InvalidAccountError,
    NotFoundError,
    StoreUnavailableError,
)
from accounts.outcomes import OUTCOMES
from tests.helpers import run_cli


def test_add_prints_the_account_on_stdout_and_exits_0(db_path: Path) -> None:
    done = run_cli("add", "ada@example.com", "Ada", db=db_path)
    assert done.returncode == 0
    assert done.stdout.split(" ", 2) == ["1", "ada@example.com", "Ada\n"]
    assert done.stderr == ""


def test_duplicate_exits_with_its_code_and_names_the_cause_on_stderr(db_path: Path) -> None:
    run_cli("add", "ada@example.com", "Ada", db=db_path)
    done = run_cli("add", "ADA@example.com", "Ada", db=db_path)
    assert done.returncode == OUTCOMES[DuplicateError].exit_code == 4
    assert done.stdout == ""
    assert "sqlite3.IntegrityError" in done.stderr  # the cause survived to the edge


def test_not_found_exits_3(db_path: Path) -> None:
    done = run_cli("get", "7", db=db_path)
    assert done.returncode == OUTCOMES[NotFoundError].exit_code == 3
    assert done.stdout == ""


def test_invalid_input_exits_5_and_lists_every_field(db_path: Path) -> None:
    done = run_cli("add", "nope", " ", db=db_path)
    assert done.returncode == OUTCOMES[InvalidAccountError].exit_code == 5
    fields = [line.split(":")[0].strip() for line in done.stderr.splitlines()[1:]]
    assert fields == ["email", "name"]


def test_usage_error_exits_2_with_usage_on_stderr(db_path: Path) -> None:
    done = run_cli("frobnicate", db=db_path)
    assert done.returncode == 2
    assert done.stderr.startswith("usage:")
    assert done.stdout == ""


def test_locked_store_is_retried_then_exits_6(db_path: Path, locked: sqlite3.Connection) -> None:
    done = run_cli("--busy-timeout", "0", "--attempts", "3", "list", db=db_path)
    assert done.returncode == OUTCOMES[StoreUnavailableError].exit_code == 6
    retry_lines = [line for line in done.stderr.splitlines() if "retrying" in line]
    assert len(retry_lines) == 2  # 3 attempts = 2 retries, then the error is reported
    assert "sqlite3.OperationalError" in done.stderr


def test_import_failure_exit_code_and_line_note(db_path: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "users.csv"
    csv_file.write_text("ada@example.com,Ada\nbroken-line,\n")
    done = run_cli("import", str(csv_file), db=db_path)
    assert done.returncode == 5
    assert f"{csv_file} line 2" in done.stderr
    listed = run_cli("list", db=db_path)
    assert listed.stdout.splitlines() == ["1 ada@example.com Ada"]


def test_import_of_a_missing_file_exits_2_without_a_traceback(
    db_path: Path, tmp_path: Path
) -> None:
    done = run_cli("import", str(tmp_path / "nope.csv"), db=db_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("accounts: cannot read")
    assert "Traceback" not in done.stderr


def test_an_unexpected_error_is_not_mapped_it_crashes_with_exit_1(tmp_path: Path) -> None:
    """A bug must not hide behind a domain exit code: traceback on stderr, exit 1."""
    not_a_db = tmp_path / "junk.sqlite3"
    not_a_db.write_text("this is not a database" * 100)
    done = run_cli("list", db=not_a_db)
    assert done.returncode == 1
    assert "Traceback" in done.stderr
    assert "sqlite3.DatabaseError" in done.stderr
