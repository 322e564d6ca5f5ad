"""The README's Break it patches turn the named tests red; exercise solutions turn them green."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.labs import Lab, Solution, check_every_patch_is_listed, check_lab, check_solution

LABS = [
    Lab(
        patch="labs/01-retry-any-error.patch",
        files=("tests/test_store.py", "tests/test_cli.py"),
        fails={
            "test_retry_does_not_retry_what_is_not_transient": r"assert 5 == 1",
            "test_connect_to_an_impossible_path_is_not_transient_and_is_tried_once": (
                r"assert 5 == 1"
            ),
            "test_a_store_that_cannot_be_opened_fails_at_once_with_exit_1": r"retrying",
            "test_invalid_input_exits_5_and_lists_every_field": r"attempt 1 failed",
        },
    ),
    Lab(
        patch="labs/02-from-none.patch",
        files=("tests/test_break_it.py",),
        fails={
            "test_fixed_duplicate_and_not_found_stay_distinct": r"isinstance\(None, ",
            "test_fixed_from_exc_keeps_the_cause": (
                r"Right contains one more item: <class 'sqlite3.IntegrityError'>"
            ),
            "test_fixed_error_code_match_survives_the_migration[v1]": r"isinstance\(None, ",
            "test_fixed_error_code_match_survives_the_migration[current]": (r"isinstance\(None, "),
        },
    ),
]
SOLUTIONS = [
    Solution(
        patch="solutions/exercise-1.patch",
        exercise=1,
        files=("tests/test_exercises.py", "tests/test_errors.py", "tests/test_cli.py"),
        checks=("test_exercise_1_suspended_error_has_its_own_row",),
    ),
    Solution(
        patch="solutions/exercise-2.patch",
        exercise=2,
        files=("tests/test_exercises.py", "tests/test_store.py", "tests/test_cli.py"),
        checks=("test_exercise_2_a_failed_import_writes_nothing",),
    ),
    Solution(
        patch="solutions/exercise-3.patch",
        exercise=3,
        files=("tests/test_exercises.py", "tests/test_store.py", "tests/test_cli.py"),
        checks=("test_exercise_3_import_reports_every_invalid_line",),
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
