"""The README's Break it patches turn the named tests red; exercise solutions turn them green."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.labs import Lab, Solution, check_every_patch_is_listed, check_lab, check_solution

LABS = [
    Lab(
        patch="labs/01-sigterm-handler.patch",
        files=("tests/test_shutdown.py",),
        fails={
            "test_fixed_sigterm_drains_in_flight_request_then_exits_0": (
                r"exited before logging 'Waiting for connections to close'"
            ),
        },
    ),
    Lab(
        patch="labs/03-shielded-handler.patch",
        files=("tests/test_errors.py",),
        fails={
            "test_handler_timeout_answers_503_and_cancels_the_handler": (
                r"the handler was left running"
            ),
        },
    ),
]
SOLUTIONS = [
    Solution(
        patch="solutions/exercise-1.patch",
        exercise=1,
        files=("tests/test_exercises.py", "tests/test_stdlib.py"),
        checks=tuple(
            f"test_exercise_1_stdlib_server_refuses_bodies_it_cannot_frame_or_afford[{case}]"
            for case in ("too-large", "negative", "not-a-number", "chunked", "no-length")
        ),
    ),
    Solution(
        patch="solutions/exercise-2.patch",
        exercise=2,
        files=("tests/test_exercises.py", "tests/test_errors.py"),
        checks=(
            "test_exercise_2_a_shorter_client_deadline_wins",
            "test_exercise_2_a_longer_or_bad_client_deadline_is_ignored",
        ),
    ),
    Solution(
        patch="solutions/exercise-3.patch",
        exercise=3,
        files=("tests/test_exercises.py", "tests/test_stdlib.py"),
        checks=("test_exercise_3_stdlib_server_drains_on_sigterm",),
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
