"""The README's exercises, as tests a learner un-skips when the exercise is done."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_architecture import CONTRACTS, LESSON, broken_copy, lint_imports
from tests.test_cli import rows, run


@pytest.mark.skip(reason="exercise 1: add `notes delete ID` through port, adapters and fake")
def test_delete_removes_the_note_and_unknown_id_exits_1(tmp_path: Path) -> None:
    db = tmp_path / "notes.sqlite3"
    run("--db", str(db), "add", "first")
    run("--db", str(db), "add", "second")
    deleted = run("--db", str(db), "delete", "1")
    assert deleted.returncode == 0
    assert rows(db) == [(2, "second", 0)]
    missing = run("--db", str(db), "delete", "1")
    assert (missing.returncode, missing.stdout) == (1, "")


@pytest.mark.skip(reason="exercise 2: add the `internal` contract to [tool.importlinter]")
def test_internal_contract_is_kept_and_bites(tmp_path: Path) -> None:
    assert "internal" in CONTRACTS
    code, verdicts = lint_imports(LESSON)
    assert (code, verdicts["internal"]) == (0, "KEPT")
    copy = broken_copy(tmp_path, "notes.api.cli", "from notes._internal import paths")
    code, verdicts = lint_imports(copy)
    assert (code, verdicts["internal"]) == (1, "BROKEN")
