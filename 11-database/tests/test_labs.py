"""The README's Break it patches turn the named tests red; exercise solutions turn them green.

The nested pytest runs see the same COURSE_* variables as this one, so they use the same
servers, and skip or fail the same way when one is down.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.labs import Lab, Solution, check_every_patch_is_listed, check_lab, check_solution

BOTH = ("postgres", "mysql")
LABS = [
    Lab(
        patch="labs/01-lost-update.patch",
        files=("tests/test_transactions.py",),
        fails={
            f"test_fixed_select_for_update_nowait_makes_the_rival_fail_fast[{kind}]": (
                r"lost update: two withdrawals of 30 left 70"
            )
            for kind in BOTH
        },
    ),
    Lab(
        patch="labs/02-autocommit-transfer.patch",
        files=("tests/test_transactions.py",),
        fails={
            f"test_fixed_transfer_is_all_or_nothing[{kind}]": r"assert 70 == 100" for kind in BOTH
        },
    ),
    Lab(
        patch="labs/03-sql-injection.patch",
        files=("tests/test_injection.py",),
        fails={
            f"test_fixed_bound_parameter_is_only_ever_data[{kind}]": r"assert \[AccountRow\("
            for kind in BOTH
        },
    ),
    Lab(
        patch="labs/04-n-plus-1.patch",
        files=("tests/test_nplus1.py",),
        fails={
            f"test_fixed_selectinload_sends_two_queries_whatever_the_size[{kind}]": (
                r"assert 7 == 2"
            )
            for kind in BOTH
        },
    ),
    Lab(
        patch="labs/05-duplicate-as-500.patch",
        files=("tests/test_api.py",),
        fails={
            f"test_fixed_duplicate_is_a_409_without_sql[{kind}]": r"assert 500 == 409"
            for kind in BOTH
        },
    ),
    Lab(
        patch="labs/06-lock-order.patch",
        files=("tests/test_deadlocks.py",),
        fails={
            "test_fixed_transfers_lock_rows_in_id_order_and_never_deadlock[postgres]": (
                r"DeadlockDetected"
            ),
            "test_fixed_transfers_lock_rows_in_id_order_and_never_deadlock[mysql]": (
                r"Deadlock found"
            ),
        },
    ),
]
SOLUTIONS = [
    Solution(
        patch="solutions/exercise-1.patch",
        exercise=1,
        files=("tests/test_exercises.py", "tests/test_migrations.py"),
        checks=tuple(f"test_exercise_1_version_column_stops_the_lost_update[{k}]" for k in BOTH),
    ),
    Solution(
        patch="solutions/exercise-2.patch",
        exercise=2,
        files=("tests/test_exercises.py", "tests/test_sqlfirst.py"),
        checks=tuple(
            f"test_exercise_2_transfers_from_lists_what_an_account_sent[{k}]" for k in BOTH
        ),
    ),
    Solution(
        patch="solutions/exercise-3.patch",
        exercise=3,
        files=("tests/test_exercises.py", "tests/test_migrations.py"),
        checks=tuple(f"test_exercise_3_transfers_have_a_creation_time[{k}]" for k in BOTH),
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
