"""The README's Break it patches turn the named tests red; exercise solutions turn them green."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.labs import Lab, Solution, check_every_patch_is_listed, check_lab, check_solution


def both(test: str) -> tuple[str, ...]:
    """The test's name once per front end (the `script` fixture runs it on both)."""
    return (f"{test}[notes]", f"{test}[notes-argparse]")


SIGINT_EXPECTED = r"assert 130 == -<Signals.SIGINT: 2>"
LABS = [
    Lab(
        patch="labs/01-swallowed-error.patch",
        files=("tests/test_break_it.py",),
        fails={"test_fixed_error_exits_1_so_the_next_step_does_not_run[notes]": r"assert 0 == 1"},
    ),
    Lab(
        patch="labs/02-no-broken-pipe-handler.patch",
        files=("tests/test_break_it.py",),
        fails={
            "test_fixed_list_into_head_is_quiet[notes-argparse]": r"Traceback",
            "test_fixed_list_into_real_shell_pipe[notes-argparse]": r"Traceback",
        },
    ),
    Lab(
        patch="labs/03-exit-130.patch",
        files=("tests/test_signals.py",),
        fails={
            "test_ctrl_c_also_stops_the_calling_shell_script[notes]": r"next-step-ran",
            "test_ctrl_c_also_stops_the_calling_shell_script[notes-argparse]": r"next-step-ran",
            "test_sigint_ends_by_sigint_without_traceback[notes]": SIGINT_EXPECTED,
            "test_sigint_ends_by_sigint_without_traceback[notes-argparse]": SIGINT_EXPECTED,
            "test_sigint_during_import_saves_nothing[notes]": SIGINT_EXPECTED,
            "test_sigint_during_import_saves_nothing[notes-argparse]": SIGINT_EXPECTED,
            "test_fixed_click_entry_point_reports_ctrl_c_as_130": SIGINT_EXPECTED,
        },
    ),
]
SOLUTIONS = [
    Solution(
        patch="solutions/exercise-1.patch",
        exercise=1,
        files=("tests/test_exercises.py", "tests/test_store.py", "tests/test_click_runner.py"),
        checks=both("test_exercise_1_count_prints_the_number_of_notes"),
    ),
    Solution(
        patch="solutions/exercise-2.patch",
        exercise=2,
        files=("tests/test_exercises.py", "tests/test_break_it.py", "tests/test_click_runner.py"),
        checks=both("test_exercise_2_rm_missing_ok_is_idempotent"),
    ),
    Solution(
        patch="solutions/exercise-3.patch",
        exercise=3,
        files=("tests/test_exercises.py", "tests/test_contract.py", "tests/test_click_runner.py"),
        checks=both("test_exercise_3_show_several_reports_each_missing_and_exits_1"),
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
