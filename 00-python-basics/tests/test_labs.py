"""The README's Break it patches turn the named tests red; exercise solutions turn them green."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.labs import Lab, Solution, check_every_patch_is_listed, check_lab, check_solution

LABS = [
    Lab(
        patch="labs/01-default-list.patch",
        files=("tests/test_state_leak.py",),
        fails={
            # Bob's valid form comes back 422, carrying Alice's errors.
            "test_fixed_each_call_gets_its_own_state": r"assert \(422, \(",
            "test_fixed_no_leak_between_requests_in_one_process": r"assert \(422, ",
            # ruff's B006 now finds the bug in fixed.py too: the linter would catch this PR.
            "test_ruff_flags_the_broken_version": r"'fixed\.py', 'B006'",
        },
    ),
    Lab(
        patch="labs/02-classvar-list.patch",
        files=("tests/test_state_leak.py",),
        fails={
            # Bob gets Alice's warning (and every RequestContext shares one list).
            "test_fixed_each_call_gets_its_own_state": r"letters only",
            "test_fixed_no_leak_between_requests_in_one_process": r"letters only",
        },
    ),
]
SOLUTIONS = [
    Solution(
        patch="solutions/exercise-1.patch",
        exercise=1,
        files=("tests/test_exercises.py", "tests/test_protocols.py"),
        checks=("test_exercise_1_webhook_notifier",),
    ),
    Solution(
        patch="solutions/exercise-2.patch",
        exercise=2,
        files=("tests/test_exercises.py", "tests/test_composition.py"),
        checks=("test_exercise_2_guarded_delegation",),
    ),
    Solution(
        patch="solutions/exercise-3.patch",
        exercise=3,
        files=("tests/test_exercises.py", "tests/test_state_leak.py"),
        checks=("test_exercise_3_noqa_on_the_line_instead_of_the_whole_file",),
    ),
    Solution(
        patch="solutions/exercise-4.patch",
        exercise=4,
        files=("tests/test_exercises.py", "tests/test_memory.py", "tests/test_values.py"),
        checks=("test_exercise_4_live_orders_do_not_keep_orders_alive",),
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
