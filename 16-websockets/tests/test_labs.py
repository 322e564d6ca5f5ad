"""The README's Break it patches turn the named tests red; exercise solutions turn them green."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.labs import Lab, Solution, check_every_patch_is_listed, check_lab, check_solution

LABS = [
    Lab(
        patch="labs/01-unbounded-queue.patch",
        files=("tests/test_slow_consumer.py",),
        fails={
            "test_fixed_a_slow_client_costs_a_bounded_queue_then_is_cut_off": r"assert \d+ <= 32"
        },
    ),
    Lab(
        patch="labs/02-no-keepalive.patch",
        files=("tests/test_lifecycle.py",),
        fails={"test_fixed_keepalive_closes_a_peer_that_stopped_answering": r"TimeoutError"},
    ),
    Lab(
        patch="labs/03-local-fan-out.patch",
        files=("tests/test_processes.py",),
        fails={"test_fixed_a_message_sent_to_a_reaches_a_client_on_b": r"TimeoutError"},
    ),
    Lab(
        patch="labs/04-any-origin.patch",
        files=("tests/test_auth.py", "tests/test_asgi.py"),
        fails={
            "test_fixed_origin_allowed_only_lists_the_sites_own_pages": r"AssertionError",
            "test_fixed_a_page_from_another_site_is_refused": r"handshake accepted",
            "test_fixed_asgi_refuses_a_page_from_another_site": r"handshake accepted",
        },
    ),
]
SOLUTIONS = [
    Solution(
        patch="solutions/exercise-1.patch",
        exercise=1,
        files=("tests/test_exercises.py", "tests/test_asgi.py"),
        checks=("test_exercise_1_presence_is_a_plain_rest_endpoint",),
    ),
    Solution(
        patch="solutions/exercise-2.patch",
        exercise=2,
        files=("tests/test_exercises.py", "tests/test_resume.py"),
        checks=("test_exercise_2_follow_gives_up_after_max_attempts",),
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
