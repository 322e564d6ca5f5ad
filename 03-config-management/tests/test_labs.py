"""The README's Break it patches turn the named tests red; exercise solutions turn them green."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.labs import Lab, Solution, check_every_patch_is_listed, check_lab, check_solution

LABS = [
    Lab(
        patch="labs/01-key-from-environ.patch",
        files=("tests/test_service.py",),
        fails={"test_settings_from_the_env_file_reach_the_handlers": r"assert 500 == 200"},
    ),
    Lab(
        patch="labs/02-show-rejected-input.patch",
        files=("tests/test_secrets.py", "tests/test_settings.py"),
        fails={
            "test_a_rejected_secret_is_not_echoed_in_any_error": (
                r"assert 's3cr3t-signing-key-t' not in"
            )
        },
    ),
]
SOLUTIONS = [
    Solution(
        patch="solutions/exercise-1.patch",
        exercise=1,
        files=("tests/test_exercises.py", "tests/test_settings.py", "tests/test_service.py"),
        checks=(
            "test_exercise_1_go_style_durations[1m30s-expected0]",
            "test_exercise_1_go_style_durations[250ms-expected1]",
            "test_exercise_1_go_style_durations[1h0m5s-expected3]",
            "test_exercise_1_bad_go_style_durations_are_still_refused[-1s]",
        ),
    ),
    Solution(
        patch="solutions/exercise-2.patch",
        exercise=2,
        files=("tests/test_exercises.py", "tests/test_settings.py"),
        checks=("test_exercise_2_prod_refuses_plain_http_links",),
    ),
    Solution(
        patch="solutions/exercise-3.patch",
        exercise=3,
        files=("tests/test_exercises.py", "tests/test_settings.py", "tests/test_service.py"),
        checks=(
            "test_exercise_3_signing_key_from_a_secrets_directory",
            "test_exercise_3_service_takes_a_secrets_dir_option",
        ),
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
