"""The README's Break it patches turn the named tests red; exercise solutions turn them green."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.labs import Lab, Solution, check_every_patch_is_listed, check_lab, check_solution

LABS = [
    Lab(
        patch="labs/01-ack-on-receipt.patch",
        files=("tests/test_process.py",),
        fails={"test_fixed_manual_ack_redelivers_after_a_sigkill": r"assert 0 == 1"},
    ),
    Lab(
        patch="labs/02-requeue-forever.patch",
        files=("tests/test_consumer.py",),
        fails={"test_fixed_retries_with_backoff_then_dead_letters_with_the_reason": r"Timeout"},
    ),
    Lab(
        patch="labs/03-no-idempotency.patch",
        files=("tests/test_consumer.py",),
        fails={"test_fixed_the_idempotency_key_charges_once": r"assert 2 == 1"},
    ),
    Lab(
        patch="labs/04-not-mandatory.patch",
        files=("tests/test_publish.py",),
        fails={"test_fixed_an_unroutable_message_raises_at_the_publisher": r"DID NOT RAISE"},
    ),
]
SOLUTIONS = [
    Solution(
        patch="solutions/exercise-1.patch",
        exercise=1,
        files=("tests/test_exercises.py", "tests/test_publish.py"),
        checks=("test_exercise_1_publish_many_confirms_every_message",),
    ),
    Solution(
        patch="solutions/exercise-2.patch",
        exercise=2,
        files=("tests/test_exercises.py", "tests/test_dlq_cli.py"),
        checks=("test_exercise_2_list_json_prints_one_object_per_dead_letter",),
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
