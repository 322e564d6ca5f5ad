"""The README's Break it patches turn the named tests red; exercise solutions turn them green."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.labs import Lab, Solution, check_every_patch_is_listed, check_lab, check_solution
from tests.services import require

LABS = [
    Lab(
        patch="labs/01-read-modify-write.patch",
        files=("tests/test_redis_limiter.py",),
        fails={
            "test_fixed_the_lua_script_holds_the_limit_across_processes": (
                r"\['allowed', 'allowed'\] == \['allowed', 'refused'\]"
            ),
            # The script is no longer what decides, so nothing loads it again.
            "test_the_script_is_reloaded_after_script_flush": r"\[False\] == \[True\]",
        },
    ),
    Lab(
        patch="labs/02-fixed-window.patch",
        files=("tests/test_algorithms.py",),
        fails={
            "test_fixed_at_a_boundary_the_limit_holds[sliding-counter]": (
                r"assert \(10 \+ 10\) == 10"
            ),
        },
    ),
    Lab(
        patch="labs/03-trust-every-proxy.patch",
        files=("tests/test_spoofing.py",),
        fails={
            "test_fixed_only_our_proxy_is_trusted_and_the_limit_holds": (
                r"At index 3 diff: 200 != 429"
            ),
        },
    ),
    Lab(
        patch="labs/04-limit-after-work.patch",
        files=("tests/test_login.py",),
        fails={
            "test_fixed_the_login_limit_runs_before_the_hash": r"assert 10 == 3",
            "test_log_in_refuses_before_hashing": r"assert 4 == 3",
        },
    ),
]
# These labs' tests need Redis: without it they skip, and the lab would see nothing fail.
NEEDS_REDIS = {"01-read-modify-write", "03-trust-every-proxy", "04-limit-after-work"}
SOLUTIONS = [
    Solution(
        patch="solutions/exercise-1.patch",
        exercise=1,
        files=("tests/test_exercises.py", "tests/test_algorithms.py"),
        checks=("test_exercise_1_a_cost_above_the_burst_is_a_value_error",),
    ),
    Solution(
        patch="solutions/exercise-2.patch",
        exercise=2,
        files=("tests/test_exercises.py", "tests/test_app.py"),
        checks=("test_exercise_2_an_ipv6_prefix_outside_32_to_128_is_refused",),
    ),
]


@pytest.mark.parametrize("lab", LABS, ids=lambda lab: lab.name)
def test_lab_fails_exactly_the_named_tests(lab: Lab, tmp_path: Path) -> None:
    if lab.name in NEEDS_REDIS:
        require("redis")  # skips, or fails when COURSE_REQUIRE_SERVICES names it
    check_lab(lab, tmp_path)


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda solution: solution.name)
def test_solution_makes_the_exercise_pass(solution: Solution, tmp_path: Path) -> None:
    check_solution(solution, tmp_path)


def test_every_patch_is_proven_and_named() -> None:
    check_every_patch_is_listed(LABS, SOLUTIONS)
