"""The README's exercises, as tests a learner un-skips when the exercise is done."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_architecture import CONTRACTS, LESSON, broken_copy, lint_imports
from tests.test_cli import rows, run


@pytest.mark.skip(reason="exercise 1: add `notes delete ID` through port, adapters and fake")
def test_exercise_1_delete_removes_the_note_and_unknown_id_exits_1(tmp_path: Path) -> None:
    db = tmp_path / "notes.sqlite3"
    run("--db", str(db), "add", "first")
    run("--db", str(db), "add", "second")
    deleted = run("--db", str(db), "delete", "1")
    assert deleted.returncode == 0
    assert rows(db) == [(2, "second", 0)]
    missing = run("--db", str(db), "delete", "1")
    assert (missing.returncode, missing.stdout) == (1, "")


@pytest.mark.skip(reason="exercise 2: add the `internal` contract to [tool.importlinter]")
def test_exercise_2_internal_contract_is_kept_and_bites(tmp_path: Path) -> None:
    assert "internal" in CONTRACTS
    code, verdicts = lint_imports(LESSON)
    assert (code, verdicts["internal"]) == (0, "KEPT")
    copy = broken_copy(tmp_path, "notes.api.cli", "from notes._internal import paths")
    code, verdicts = lint_imports(copy)
    assert (code, verdicts["internal"]) == (1, "BROKEN")


@pytest.mark.skip(reason="exercise 3: add src/notes/__main__.py so `python -m notes` is the CLI")
def test_exercise_3_python_dash_m_notes_is_the_same_command(tmp_path: Path) -> None:
    db = tmp_path / "notes.sqlite3"
    env = {k: v for k, v in os.environ.items() if k not in {"NOTES_DB", "XDG_DATA_HOME"}}

    def python_m(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "notes", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    added = python_m("--db", str(db), "add", "via -m")
    assert (added.returncode, added.stdout) == (0, "added note 1: via -m\n")
    missing = python_m("--db", str(db), "done", "9")
    assert (missing.returncode, missing.stdout) == (1, "")
    usage = python_m("done", "abc")
    assert usage.returncode == 2
    assert usage.stderr.startswith("usage: notes done")
    # Importing the module (a test runner, a docs tool, pickle) must run nothing.
    imported = subprocess.run(
        [sys.executable, "-c", "import notes.__main__"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (imported.returncode, imported.stdout, imported.stderr) == (0, "", "")
