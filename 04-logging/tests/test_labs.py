"""The README's Break it patches turn the named tests red; exercise solutions turn them green."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.labs import Lab, Solution, check_every_patch_is_listed, check_lab, check_solution

LABS = [
    Lab(
        patch="labs/01-clear-on-entry.patch",
        files=("tests/test_request_ids.py",),
        fails={"test_outer_bindings_survive_the_middleware": r"KeyError: 'tenant'"},
    ),
    Lab(
        patch="labs/02-library-print.patch",
        files=("tests/test_library_hijack.py",),
        fails={
            "test_fixed_polite_library_joins_the_app_stream_even_without_force": (
                r"NotJsonLineError"
            ),
            "test_polite_library_alone_prints_nothing_anywhere": r"polite_geo: lookup",
        },
    ),
    # Exercise 3 fixes chatty_geo, so the tests that show its two bugs stop reproducing them:
    # exactly these three fail until the bug is put back (README, exercise 3).
    Lab(
        patch="solutions/exercise-3.patch",
        files=("tests/test_library_hijack.py",),
        fails={
            "test_broken_chatty_library_basicconfig_silently_drops_the_app_config": (
                r"DID NOT RAISE"
            ),
            "test_broken_chatty_library_print_corrupts_the_json_stream_even_with_force": (
                r"DID NOT RAISE"
            ),
            "test_importing_chatty_library_changes_the_root_logger": r"AssertionError",
        },
    ),
]
SOLUTIONS = [
    Solution(
        patch="solutions/exercise-1.patch",
        exercise=1,
        files=("tests/test_exercises.py", "tests/test_request_ids.py"),
        checks=("test_exercise_1_user_agent_is_bound_and_truncated",),
    ),
    Solution(
        patch="solutions/exercise-2.patch",
        exercise=2,
        files=("tests/test_exercises.py", "tests/test_redact.py"),
        checks=("test_exercise_2_bearer_tokens_in_free_text_are_redacted",),
    ),
    Solution(
        patch="solutions/exercise-3.patch",
        exercise=3,
        files=("tests/test_exercises.py",),
        checks=("test_exercise_3_the_fixed_chatty_library_joins_the_app_stream",),
    ),
    Solution(
        patch="solutions/exercise-4.patch",
        exercise=4,
        files=("tests/test_exercises.py", "tests/test_benchmark.py"),
        checks=("test_exercise_4_the_benchmark_measures_a_disabled_structlog_call",),
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
