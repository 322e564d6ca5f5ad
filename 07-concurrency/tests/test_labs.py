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
        patch="labs/01-no-lock.patch",
        files=("tests/test_lost_update.py",),
        fails={
            "test_fixed_lock_keeps_every_update_while_all_threads_contend": r"most_inside",
        },
    ),
    Lab(
        patch="labs/02-cancel-on-close.patch",
        files=("tests/test_pool.py",),
        fails={
            # Each one: jobs accepted by submit() and never handled.
            "test_fixed_close_drains_every_item_exactly_once_and_leaves_no_task": (
                r"assert Counter\("
            ),
            "test_a_failing_job_is_recorded_and_the_worker_keeps_going": r"assert done ==",
            "test_submit_after_close_raises_and_queues_nothing": r"assert 0 == 1",
            "test_broken_unbounded_queue_lets_the_producer_run_arbitrarily_far_ahead": (
                r"assert 0 == 1000"
            ),
        },
    ),
    Lab(
        patch="labs/03-task-per-item.patch",
        files=("tests/test_fanout.py",),
        fails={
            "test_fixed_map_concurrent_reads_input_only_as_calls_finish": r"assert 1000 == 4",
            "test_map_concurrent_first_error_cancels_the_rest": r"AssertionError",
        },
    ),
]
SOLUTIONS = [
    Solution(
        patch="solutions/exercise-1.patch",
        exercise=1,
        files=("tests/test_exercises.py",),
        checks=("test_exercise_1_opposite_transfers_do_not_deadlock",),
    ),
    Solution(
        patch="solutions/exercise-2.patch",
        exercise=2,
        files=("tests/test_exercises.py",),
        checks=("test_exercise_2_different_keys_run_at_once_and_one_key_runs_alone",),
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
