"""The README's Break it patches turn the named tests red; exercise solutions turn them green."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.labs import Lab, Solution, check_every_patch_is_listed, check_lab, check_solution

FORGERIES = [
    "alg-none",
    "hs256-public-key",
    "expired",
    "not-yet-valid",
    "wrong-aud",
    "wrong-iss",
    "tampered-payload",
]  # every case of the matrix but unknown-kid, which the kid lookup still refuses

LABS = [
    Lab(
        patch="labs/01-peek-then-trust.patch",
        files=("tests/test_forgery.py",),
        fails={
            **{
                f"test_fixed_decoder_rejects_forged_token[{case}]": r"DID NOT RAISE"
                for case in FORGERIES
            },
            **{
                f"test_fixed_server_answers_401_invalid_token_to_forged_token[{case}]": (
                    r"assert 200 == 401"
                )
                for case in FORGERIES
            },
            "test_the_reason_goes_to_the_server_log_only": r"AssertionError",
        },
    ),
    Lab(
        patch="labs/02-delete-spent-tokens.patch",
        files=("tests/test_refresh.py",),
        fails={
            "test_fixed_reuse_of_an_old_token_revokes_the_whole_family": r"RefreshTokenError",
            "test_reuse_revokes_only_its_own_family": r"RefreshTokenError",
            **{
                "test_fixed_rotation_lets_exactly_one_of_two_concurrent_refreshes_succeed"
                f"[{attempt}]": r"'RefreshTokenError' != 'RefreshTokenReuseError'"
                for attempt in range(10)
            },
        },
    ),
    Lab(
        patch="labs/03-skip-hashing-for-unknown-users.patch",
        files=("tests/test_enumeration.py",),
        fails={
            "test_fixed_login_verifies_exactly_once_for_unknown_and_known_users": r"assert 0 == 1"
        },
    ),
    Lab(
        patch="labs/04-let-passlib-handle-bcrypt.patch",
        files=("tests/test_passwords.py",),
        fails={
            "test_fixed_long_password_verifies_legacy_bcrypt_and_upgrades_the_whole_password": (
                r"ValueError: password cannot be longer than 72 bytes"
            ),
            "test_the_72_byte_cut_may_split_a_character_and_still_verifies": (
                r"ValueError: password cannot be longer than 72 bytes"
            ),
        },
    ),
]
SOLUTIONS = [
    Solution(
        patch="solutions/exercise-1.patch",
        exercise=1,
        files=("tests/test_exercises.py", "tests/test_passwords.py"),
        checks=("test_exercise_1_composed_and_decomposed_passwords_match",),
    ),
    Solution(
        patch="solutions/exercise-2.patch",
        exercise=2,
        files=("tests/test_exercises.py", "tests/test_forgery.py", "tests/test_refresh.py"),
        checks=("test_exercise_2_logout_revokes_the_access_token",),
    ),
    Solution(
        patch="solutions/exercise-3.patch",
        exercise=3,
        files=("tests/test_exercises.py", "tests/test_enumeration.py", "tests/test_passwords.py"),
        checks=("test_exercise_3_five_failures_lock_the_account_for_everyone",),
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
