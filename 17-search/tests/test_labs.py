"""The README's Break it patches turn the named tests red; exercise solutions turn them green."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.labs import Lab, Solution, check_every_patch_is_listed, check_lab, check_solution

LABS = [
    Lab(
        patch="labs/01-offset-token.patch",
        files=("tests/test_paging.py",),
        fails={"test_fixed_browse_survives_inserts_between_pages": r"AssertionError"},
    ),
    Lab(
        patch="labs/02-no-tiebreaker.patch",
        files=("tests/test_paging.py",),
        fails={"test_fixed_browse_visits_every_row_once": r"AssertionError"},
    ),
    Lab(
        patch="labs/05-no-fallback.patch",
        files=("tests/test_sync.py",),
        fails={
            "test_fixed_search_degrades_to_postgres_when_elasticsearch_is_down": r"ConnectionError",
            "test_a_sick_cluster_degrades_too": r"ApiError",
        },
    ),
    Lab(
        patch="labs/04-bulk-200-means-ok.patch",
        files=("tests/test_client.py", "tests/test_sync.py"),
        fails={
            "test_fixed_bulk_reports_each_refused_document": r"assert 5 == 3",
            "test_fixed_a_refused_document_stays_queued": r"AssertionError",
            "test_a_failed_reindex_leaves_the_alias_where_it_was": r"DID NOT RAISE",
        },
    ),
    Lab(
        patch="labs/03-no-refresh.patch",
        files=("tests/test_client.py",),
        fails={"test_fixed_save_waits_for_the_refresh": r"AssertionError"},
    ),
]
SOLUTIONS = [
    Solution(
        patch="solutions/exercise-1.patch",
        exercise=1,
        files=("tests/test_exercises.py", "tests/test_queries.py", "tests/test_client.py"),
        checks=("test_exercise_1_search_body_filters_on_a_price_range",),
    ),
    Solution(
        patch="solutions/exercise-2.patch",
        exercise=2,
        files=("tests/test_exercises.py", "tests/test_postgres_search.py"),
        checks=("test_exercise_2_full_text_search_filters_by_category",),
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
