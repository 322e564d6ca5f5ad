"""The CLI edge as a real process: exit codes from the table, data on stdout, errors on stderr."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from accounts.errors import (
    DuplicateError,
    InvalidAccountError,
    NotFoundError,
    StoreOpenError,
    StoreUnavailableError,
)
from accounts.outcomes import OUTCOMES
from tests.helpers import accounts_script, run_cli

DEADLINE = 20.0  # bounds a hang; never measures speed


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
    assert done.stderr.startswith("accounts: invalid:")  # reported at once, never retried
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


@pytest.fixture
def sigint_deliverable() -> Iterator[None]:
    """A child inherits an *ignored* SIGINT (a shell's background job, some CI runners), and
    then Ctrl-C never reaches it. Put the default handler back in this process first."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


@pytest.mark.usefixtures("sigint_deliverable")
def test_ctrl_c_during_an_import_closes_the_store_and_dies_by_sigint(
    db_path: Path, tmp_path: Path
) -> None:
    """The import reads a pipe that has sent one line and stays open, as a slow upstream
    would. A real SIGINT: one line on stderr, no traceback, death by the signal, and what was
    committed before it is intact."""
    fifo = tmp_path / "rows.csv"
    os.mkfifo(fifo)
    proc = subprocess.Popen(
        [accounts_script(), "--db", str(db_path), "import", str(fifo)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        with fifo.open("w") as upstream:
            upstream.write("ada@example.com,Ada\n")
            upstream.flush()
            wait_for_rows(db_path, 1)  # committed: the import now blocks on the next line
            proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=DEADLINE)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == -signal.SIGINT  # a shell shows 130 and stops its script
    assert (out, err) == ("", "accounts: interrupted\n")
    assert run_cli("list", db=db_path).stdout == "1 ada@example.com Ada\n"


def wait_for_rows(db_path: Path, count: int) -> None:
    """Poll the store from outside until `count` accounts are committed."""
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        with contextlib.closing(sqlite3.connect(db_path, timeout=0)) as conn:
            try:
                (found,) = conn.execute("SELECT count(*) FROM accounts").fetchone()
            except sqlite3.OperationalError:  # no table yet, or locked while a commit runs
                found = 0
        if found >= count:
            return
        time.sleep(0.01)  # polling with a deadline, not waiting for a guess
    raise AssertionError(f"the store never held {count} accounts")


def test_a_store_that_cannot_be_opened_fails_at_once_with_exit_1(tmp_path: Path) -> None:
    """No such directory is not transient: no retries, one line naming the store, exit 1."""
    done = run_cli("--attempts", "5", "list", db=tmp_path / "missing" / "accounts.sqlite3")
    assert done.returncode == OUTCOMES[StoreOpenError].exit_code == 1
    assert "retrying" not in done.stderr
    assert done.stderr.startswith("accounts: store_error: cannot open the accounts store at")
    assert "Traceback" not in done.stderr


def test_help_lists_every_exit_status_from_the_table() -> None:
    done = subprocess.run([accounts_script(), "--help"], capture_output=True, text=True, check=True)
    epilog = done.stdout.split("exit status:", 1)[1]
    listed = {int(line.split()[0]) for line in epilog.splitlines() if line.strip()[:1].isdigit()}
    assert listed == {0, 1, 2} | {o.exit_code for o in OUTCOMES.values()}
