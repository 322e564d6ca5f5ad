"""The README's Break it patches turn the named tests red; exercise solutions turn them green."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.labs import Lab, Solution, check_every_patch_is_listed, check_lab, check_solution

LABS = [
    Lab(
        patch="labs/01-early-ack.patch",
        files=("tests/test_crash.py",),
        fails={
            "test_fixed_late_ack_and_the_key_charge_once_after_a_sigkill": (
                r"assert 'FAILURE' == 'SUCCESS'"
            )
        },
    ),
    Lab(
        patch="labs/02-enqueue-outside.patch",
        files=("tests/test_outbox.py",),
        fails={"test_fixed_a_rolled_back_order_leaves_no_job": r"assert 1 == 0"},
    ),
    Lab(
        patch="labs/03-no-overlap-guard.patch",
        files=("tests/test_cron.py",),
        fails={
            "test_fixed_the_advisory_lock_lets_one_run_do_the_work": (
                r"assert \(True, True\) == \(True, False\)"
            )
        },
    ),
    Lab(
        patch="labs/04-retry-forever.patch",
        files=("tests/test_queue.py",),
        fails={"test_fixed_a_poison_job_dies_after_max_attempts_with_its_error": r"AssertionError"},
    ),
]
SOLUTIONS = [
    Solution(
        patch="solutions/exercise-1.patch",
        exercise=1,
        files=("tests/test_exercises.py", "tests/test_queue.py"),
        checks=("test_exercise_1_a_dead_job_can_be_replayed_once_its_cause_is_fixed",),
    ),
    Solution(
        patch="solutions/exercise-2.patch",
        exercise=2,
        files=("tests/test_exercises.py", "tests/test_queue.py"),
        checks=("test_exercise_2_a_heartbeat_keeps_a_long_job_from_being_claimed_again",),
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
