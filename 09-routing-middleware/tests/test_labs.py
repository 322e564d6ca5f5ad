"""The README's Break it patches turn the named tests red; exercise solutions turn them green."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.labs import Lab, Solution, check_every_patch_is_listed, check_lab, check_solution

REAL_SERVER = "test_real_server_runs_log_cors_ratelimit_auth_outermost_first"
PREFLIGHT_REFUSED = "the preflight did not get past auth"
LABS = [
    Lab(
        patch="labs/01-logging-inside-auth.patch",
        files=("tests/test_order.py",),
        fails={
            # The 401 never reaches the log layer: no line, no X-Request-ID on the answer.
            "test_fixed_logging_outside_auth_logs_the_401_with_its_request_id": (
                "the 401 is not logged"
            ),
            # The preflight is answered by CORS, outside the log layer: it has no ID.
            REAL_SERVER: "the preflight was not logged",
        },
    ),
    Lab(
        patch="labs/02-rate-limit-after-auth.patch",
        files=("tests/test_order.py",),
        fails={
            # Every wrong key is a 401 and a key lookup; the limiter never says 429.
            "test_fixed_rate_limit_before_auth_stops_the_flood_before_the_key_lookup": (
                "the flood was never rate limited"
            ),
            REAL_SERVER: "the flood was never rate limited",
        },
    ),
    Lab(
        patch="labs/03-auth-outside-cors.patch",
        files=("tests/test_order.py",),
        fails={
            # Auth answers the browser's preflight (it carries no credentials by design).
            "test_fixed_cors_outside_auth_answers_the_preflight": PREFLIGHT_REFUSED,
            REAL_SERVER: PREFLIGHT_REFUSED,
        },
    ),
]
SOLUTIONS = [
    Solution(
        patch="solutions/exercise-1.patch",
        exercise=1,
        files=(
            "tests/test_exercises.py",
            "tests/test_order.py",
            "tests/test_ratelimit.py",
            "tests/test_settings.py",
        ),
        checks=("test_exercise_1_each_caller_has_its_own_quota_behind_one_address",),
    ),
    Solution(
        patch="solutions/exercise-2.patch",
        exercise=2,
        files=("tests/test_exercises.py", "tests/test_request_log.py"),
        checks=("test_exercise_2_access_log_lines_are_json",),
    ),
    Solution(
        patch="solutions/exercise-3.patch",
        exercise=3,
        files=("tests/test_exercises.py", "tests/test_ratelimit.py", "tests/test_auth.py"),
        checks=("test_exercise_3_health_checks_are_never_rate_limited",),
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
