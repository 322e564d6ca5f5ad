"""The README's Break it patches turn the named tests red; exercise solutions turn them green."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.labs import Lab, Solution, check_every_patch_is_listed, check_lab, check_solution

LABS = [
    Lab(
        patch="labs/01-signature-changed.patch",
        files=("tests/test_doubles.py",),
        fails={"test_fixed_an_autospec_mock_checks_calls_against_the_real_signature": r"TypeError"},
    ),
    Lab(
        patch="labs/02-module-scoped-fixture.patch",
        files=("tests/test_flaky.py",),
        fails={"test_fixed_a_function_scoped_fixture_passes_in_every_order": r"assert 1 == 0"},
    ),
    Lab(
        patch="labs/03-no-boundary-test.patch",
        files=("tests/test_mutation.py",),
        fails={"test_fixed_the_boundary_assertion_kills_the_mutant": r"the mutant survived"},
    ),
    Lab(
        patch="labs/04-wall-clock.patch",
        files=("tests/test_service.py",),
        # Every test that holds the clock still now sees the real date: each one fails.
        fails={
            "test_fixed_an_injected_clock_holds_still_across_midnight": r"== \(29, 290\)",
            "test_charges_and_notifies": r"== \[\('inv-1', 30, 300\)\]",
            "test_invoices_within_grace_paid_or_assessed_are_left_alone": r"AssertionError",
            "test_a_failed_notification_keeps_the_fee_so_it_is_not_charged_twice": r"== 300",
            "test_each_fee_is_logged": r"== \(300, 'inv-7', 30\)",
        },
    ),
]
SOLUTIONS = [
    Solution(
        patch="solutions/exercise-1.patch",
        exercise=1,
        files=("tests/test_contract.py",),
        checks=("test_exercise_1_a_duplicate_id_is_refused[memory]",),
    ),
    Solution(
        patch="solutions/exercise-2.patch",
        exercise=2,
        files=("tests/test_exercises.py",),
        checks=(
            "test_exercise_2_next_business_day_properties",
            "test_exercise_2_weekends_move_to_monday[friday-stays]",
            "test_exercise_2_weekends_move_to_monday[saturday-to-monday]",
            "test_exercise_2_weekends_move_to_monday[sunday-to-monday]",
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
