"""The README's Break it patches turn the named tests red; exercise solutions turn them green."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.labs import Lab, Solution, check_every_patch_is_listed, check_lab, check_solution

LABS = [
    Lab(
        patch="labs/01-stale-set.patch",
        files=("tests/test_races.py",),
        fails={
            "test_fixed_the_lease_keeps_the_old_row_out": r"assert 2999 == 3499",
            # a plain SET leaves the lease behind as well
            "test_fixed_a_miss_read_before_a_fill_sends_no_query_after_it": r"assert not 1",
        },
    ),
    Lab(
        patch="labs/02-no-single-flight.patch",
        files=("tests/test_races.py",),
        fails={
            "test_fixed_single_flight_sends_one_query_per_process": r"assert 100 == 1",
            "test_fixed_the_lease_sends_one_query_across_two_processes": r"assert 100 == 1",
        },
    ),
    Lab(
        patch="labs/03-write-before-commit.patch",
        files=("tests/test_races.py", "tests/test_cache_aside.py"),
        fails={
            "test_fixed_a_rollback_deletes_nothing_and_serves_the_committed_row": (
                r"assert 1 == 2999"
            ),
        },
    ),
    Lab(
        patch="labs/04-no-index.patch",
        files=("tests/test_index.py",),
        fails={"test_fixed_open_catalog_creates_the_sku_index": r"'Seq Scan' == 'Index Scan'"},
    ),
    Lab(
        patch="labs/05-redis-defaults.patch",
        files=("tests/test_fail_open.py",),
        fails={"test_fixed_a_black_holed_redis_times_out_and_falls_through": r"TimeoutError"},
    ),
]
SOLUTIONS = [
    Solution(
        patch="solutions/exercise-1.patch",
        exercise=1,
        files=("tests/test_exercises.py", "tests/test_cache_aside.py"),
        checks=("test_exercise_1_get_many_sends_one_mget_and_one_query",),
    ),
    Solution(
        patch="solutions/exercise-2.patch",
        exercise=2,
        files=("tests/test_exercises.py", "tests/test_cache_aside.py"),
        checks=("test_exercise_2_a_deleted_product_is_gone_from_the_cache_too",),
    ),
    Solution(
        patch="solutions/exercise-3.patch",
        exercise=3,
        files=("tests/test_exercises.py", "tests/test_fail_open.py"),
        checks=("test_exercise_3_a_dead_redis_is_skipped_after_five_errors",),
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
