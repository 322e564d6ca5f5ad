"""The exit-code contract, checked on the installed console scripts as real subprocesses.

Every test runs twice, once per front end (the `script` fixture): argparse and click must be
interchangeable for anyone who calls them from a shell, a Makefile or a CI job.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.helpers import DEADLINE, run, shell

COMMANDS = [[], ["add"], ["list"], ["show"], ["rm"], ["import"]]


def test_success_exits_0_with_data_on_stdout_only(script: Path, db: Path) -> None:
    added = run([script, "add", "buy", "milk"], db)
    assert (added.returncode, added.stderr) == (0, "")
    note_id = int(added.stdout)  # the data is exactly the id: usable as $(notes add ...)

    shown = run([script, "show", str(note_id)], db)
    assert (shown.returncode, shown.stdout, shown.stderr) == (0, "buy milk\n", "")

    listed = run([script, "list"], db)
    assert (listed.returncode, listed.stdout) == (0, f"{note_id}\tbuy milk\n")


def test_json_lines_output_parses(script: Path, db: Path) -> None:
    run([script, "add", "one"], db)
    run([script, "add", "two"], db)
    listed = run([script, "list", "--format", "json"], db)
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [row["text"] for row in rows] == ["one", "two"]


def test_confirmation_goes_to_stderr_not_stdout(script: Path, db: Path) -> None:
    """`rm` has no data to print; its confirmation is a diagnostic, so stdout stays empty."""
    note_id = run([script, "add", "temp"], db).stdout.strip()
    removed = run([script, "rm", note_id], db)
    assert (removed.returncode, removed.stdout) == (0, "")
    assert removed.stderr.strip()


def test_runtime_error_exits_1_with_one_line_on_stderr(script: Path, db: Path) -> None:
    done = run([script, "show", "999"], db)
    assert done.returncode == 1
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("kind", ["directory", "not-sqlite"])
def test_unusable_database_exits_1_with_one_line(script: Path, tmp_path: Path, kind: str) -> None:
    """sqlite3 cannot use the file: the user gets one line, not a traceback."""
    bad = tmp_path / "bad.sqlite3"
    if kind == "directory":
        bad.mkdir()
    else:
        bad.write_bytes(b"plain text, not a database\n" * 200)
    done = run([script, "list"], bad)
    assert (done.returncode, done.stdout) == (1, "")
    assert len(done.stderr.splitlines()) == 1
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["list", "--bogus"], id="unknown-flag"),
        pytest.param(["frobnicate"], id="unknown-command"),
        pytest.param([], id="no-command"),
        pytest.param(["show"], id="missing-argument"),
        pytest.param(["show", "abc"], id="not-an-integer"),
        pytest.param(["show", "0"], id="out-of-range"),
        pytest.param(["list", "--format", "xml"], id="invalid-choice"),
        pytest.param(["list", "--limit"], id="flag-without-value"),
        pytest.param(["add", "   "], id="blank-note"),
        pytest.param(["add", "", " "], id="blank-words"),
    ],
)
def test_usage_error_exits_2_with_usage_on_stderr_and_nothing_on_stdout(
    script: Path, db: Path, args: list[str]
) -> None:
    done = run([script, *args], db)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "usage:" in done.stderr.lower()
    assert "Traceback" not in done.stderr
    assert not db.exists(), "a usage error must not even open the database"


@pytest.mark.parametrize("flag", ["-h", "--help"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "top")
def test_help_exits_0_on_every_command(
    script: Path, db: Path, command: list[str], flag: str
) -> None:
    done = run([script, *command, flag], db)
    assert (done.returncode, done.stderr) == (0, "")
    assert "usage:" in done.stdout.lower()
    assert len(done.stdout.splitlines()) >= 3, "help should say more than the usage line"
    assert not db.exists()


def test_import_reads_stdin_and_composes_in_a_pipe(script: Path, db: Path) -> None:
    """A real shell pipeline: printf | notes import, then notes list | wc -l."""
    imported = shell(f"printf 'one\\ntwo\\n\\nthree\\n' | '{script}' import", db)
    assert imported.returncode == 0
    assert len(imported.stdout.split()) == 3  # three new ids on stdout; the blank line skipped
    counted = shell(f"'{script}' list | wc -l", db)
    assert counted.stdout.strip() == "3"


def test_db_flag_beats_env_var(script: Path, db: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite3"
    run([script, "--db", str(other), "add", "flagged"], db)
    assert run([script, "list"], db).stdout == ""
    assert run([script, "--db", str(other), "list"], db).stdout.endswith("flagged\n")


def test_default_location_is_created_under_xdg_data_home(script: Path, tmp_path: Path) -> None:
    """No --db and no NOTES_DB: the tool creates its folder under $XDG_DATA_HOME."""
    env = {k: v for k, v in os.environ.items() if k != "NOTES_DB"}
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    done = subprocess.run(
        [str(script), "add", "hello"], capture_output=True, text=True, env=env, timeout=DEADLINE
    )
    assert done.returncode == 0
    assert (tmp_path / "data" / "notes-cli" / "notes.sqlite3").is_file()


def test_missing_parent_of_an_explicit_db_is_an_error(script: Path, tmp_path: Path) -> None:
    """A typo in --db must not create directories: exit 1, and the folder still absent."""
    typo = tmp_path / "no-such-dir" / "notes.sqlite3"
    done = run([script, "--db", str(typo), "list"], tmp_path / "unused.sqlite3")
    assert (done.returncode, done.stdout) == (1, "")
    assert not typo.parent.exists()
