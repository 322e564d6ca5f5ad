"""The README's Break it patches turn the named tests red; exercise solutions turn them green."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.labs import Lab, Solution, check_every_patch_is_listed, check_lab, check_solution

LABS = [
    Lab(
        patch="labs/01-user-id-label.patch",
        files=("tests/test_metrics.py",),
        fails={"test_fixed_the_shop_keeps_one_series_however_many_users": r"assert 50 == 1"},
    ),
    Lab(
        patch="labs/02-executor-without-context.patch",
        files=("tests/test_tracing.py",),
        fails={
            "test_fixed_the_receipt_span_is_a_child_of_the_request": r"AssertionError",
            "test_parent_based_sampling_follows_the_callers_decision[sampled]": r"AssertionError",
        },
    ),
    Lab(
        patch="labs/03-per-process-counters.patch",
        files=("tests/test_processes.py",),
        fails={"test_fixed_multiprocess_mode_counts_every_worker": r"AssertionError"},
    ),
    Lab(
        patch="labs/04-swallowed-exception.patch",
        files=("tests/test_tracing.py",),
        fails={
            "test_fixed_an_unreachable_pricing_service_marks_the_client_span_failed": (
                r"StatusCode.UNSET"
            )
        },
    ),
]
SOLUTIONS = [
    Solution(
        patch="solutions/exercise-1.patch",
        exercise=1,
        files=("tests/test_exercises.py", "tests/test_tracing.py"),
        checks=("test_exercise_1_the_response_names_its_trace",),
    ),
    Solution(
        patch="solutions/exercise-2.patch",
        exercise=2,
        files=("tests/test_exercises.py", "tests/test_tracing.py"),
        checks=("test_exercise_2_pricing_failures_are_counted_by_reason",),
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
