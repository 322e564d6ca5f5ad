"""The README's Break it patches turn the named tests red; exercise solutions turn them green."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.labs import Lab, Solution, check_every_patch_is_listed, check_lab, check_solution

LABS = [
    Lab(
        patch="labs/01-no-deadline.patch",
        files=("tests/test_deadlines.py",),
        fails={"test_fixed_the_client_puts_a_deadline_on_every_call": r"TimeoutError"},
    ),
    Lab(
        patch="labs/02-ignore-cancellation.patch",
        files=("tests/test_deadlines.py",),
        fails={"test_fixed_a_cancelled_recount_stops_counting": r"TimeoutError"},
    ),
    Lab(
        patch="labs/03-reuse-field-number.patch",
        files=("tests/test_evolution.py",),
        fails={
            "test_fixed_a_new_number_is_unknown_to_the_old_client": r"\(1000, 7\) == \(1000, 0\)"
        },
    ),
    Lab(
        patch="labs/04-unbounded-read-ahead.patch",
        files=("tests/test_flow_control.py",),
        fails={
            "test_fixed_flow_control_stops_the_reader_of_a_slow_stream": r"50000 < \(50000 // 2\)"
        },
    ),
]
SOLUTIONS = [
    Solution(
        patch="solutions/exercise-1.patch",
        exercise=1,
        files=("tests/test_exercises.py", "tests/test_errors.py"),
        checks=("test_exercise_1_a_status_code_becomes_the_domain_error_again",),
    ),
    Solution(
        patch="solutions/exercise-2.patch",
        exercise=2,
        files=("tests/test_exercises.py", "tests/test_rpcs.py", "tests/test_codegen.py"),
        checks=("test_exercise_2_list_items_filters_by_min_quantity",),
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
