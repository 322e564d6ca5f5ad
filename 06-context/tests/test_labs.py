"""The README's Break it patches turn the named tests red; exercise solutions turn them green."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.labs import (
    Lab,
    Solution,
    check_every_patch_is_listed,
    check_lab,
    check_solution,
)

LABS = [
    Lab(
        patch="labs/01-swallow-cancel.patch",
        files=("tests/test_cancellation.py",),
        fails={
            "test_fixed_timeout_around_the_worker_raises_timeout_error": r"DID NOT RAISE",
            "test_fixed_cancelled_job_is_marked_done": r"cancel was swallowed",
        },
    ),
    Lab(
        patch="labs/02-timeout-per-layer.patch",
        files=("tests/test_layers.py",),
        fails={
            "test_service_passes_the_request_deadline_down_unchanged": (
                r"assert <built-in function monotonic> is <tests.support.FakeClock"
            ),
        },
    ),
]
SOLUTIONS = [
    Solution(
        patch="solutions/exercise-1.patch",
        exercise=1,
        files=(
            "tests/test_exercises.py",
            "tests/test_budget.py",
            "tests/test_dependency_timeout.py",
        ),
        checks=("test_exercise_1_no_attempt_starts_with_less_than_the_floor",),
    ),
    Solution(
        patch="solutions/exercise-2.patch",
        exercise=2,
        files=("tests/test_exercises.py",),
        checks=(
            "test_exercise_2_a_subprocess_past_its_deadline_is_killed_and_reaped",
            "test_exercise_2_a_subprocess_within_its_deadline_returns_its_output",
        ),
    ),
    Solution(
        patch="solutions/exercise-3.patch",
        exercise=3,
        files=("tests/test_exercises.py", "tests/test_budget.py"),
        checks=("test_exercise_3_the_budget_crosses_a_hop_as_what_is_left",),
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
