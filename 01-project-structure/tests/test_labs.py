"""The README's Break it patches turn the named tests red; exercise solutions turn them green."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.labs import Lab, Solution, check_every_patch_is_listed, check_lab, check_solution

LABS = [
    Lab(
        patch="labs/01-service-raises-http-errors.patch",
        files=("tests/test_architecture.py", "tests/test_service.py"),
        fails={
            # lint-imports exits 1: "notes.services is not allowed to import fastapi".
            "test_fixed_real_package_keeps_every_contract": r"assert 1 == 0",
            # Callers catch NoteNotFound (the CLI maps it to exit 1); they now get an
            # HTTPException, which the CLI does not know: a traceback (the README shows it).
            "test_complete_unknown_id_raises_note_not_found_with_the_id": r"HTTPException",
        },
    ),
    Lab(
        patch="labs/02-connect-at-import.patch",
        files=("tests/test_import_side_effects.py",),
        fails={
            # The probe records the connection (and the file it creates) during the import.
            "test_fixed_importing_services_with_empty_env_opens_nothing": r"sqlite3\.connect",
            # NOTES_DB points into a missing folder: the import itself raises.
            "test_fixed_import_ignores_an_unusable_database_setting": r"OperationalError",
        },
    ),
]
SOLUTIONS = [
    Solution(
        patch="solutions/exercise-1.patch",
        exercise=1,
        files=(
            "tests/test_exercises.py",
            "tests/test_cli.py",
            "tests/test_service.py",
            "tests/test_repository_contract.py",
        ),
        checks=("test_exercise_1_delete_removes_the_note_and_unknown_id_exits_1",),
    ),
    Solution(
        patch="solutions/exercise-2.patch",
        exercise=2,
        files=("tests/test_exercises.py", "tests/test_architecture.py"),
        checks=("test_exercise_2_internal_contract_is_kept_and_bites",),
    ),
    Solution(
        patch="solutions/exercise-3.patch",
        exercise=3,
        files=("tests/test_exercises.py", "tests/test_cli.py", "tests/test_architecture.py"),
        checks=("test_exercise_3_python_dash_m_notes_is_the_same_command",),
    ),
]


@pytest.mark.parametrize("lab", LABS, ids=lambda lab: lab.name)
def test_lab_fails_exactly_the_named_tests(lab: Lab, tmp_path: Path) -> None:
    check_lab(lab, tmp_path)


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda solution: solution.name)
def test_solution_makes_the_exercise_pass(solution: Solution, tmp_path: Path) -> None:
    check_solution(solution, tmp_path)


def test_every_patch_is_proven_and_named() -> None:
    check_every_patch_is_listed(LABS, SOLUTIONS)
