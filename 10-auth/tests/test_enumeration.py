"""Login does the same work whether or not the user exists, counted, not timed.

Timing is what an attacker measures, but a timing assertion flakes on a loaded machine.
The cause of the timing difference is countable: the number of password verifications.
(`benchmarks/bench_login_timing.py` shows the timing itself.)
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from authdemo import Auth, User
from authdemo.broken import login_returning_early
from authdemo.errors import InvalidCredentialsError
from tests.support import PASSWORD, CountingHasher

Login = Callable[[Auth, str, str], User]


def fixed_login(auth: Auth, username: str, password: str) -> User:
    return auth.authenticate(username, password)


def verifications(auth: Auth, login: Login, username: str, password: str) -> int:
    """How many password verifications one failed login ran."""
    hasher = auth.hasher
    assert isinstance(hasher, CountingHasher)
    before = hasher.verifications
    with pytest.raises(InvalidCredentialsError):
        login(auth, username, password)
    return hasher.verifications - before


def test_broken_login_skips_hashing_for_unknown_users(auth: Auth) -> None:
    auth.register("alice", PASSWORD)
    assert verifications(auth, login_returning_early, "alice", "wrong password") == 1
    assert verifications(auth, login_returning_early, "mallory", "wrong password") == 0


def test_fixed_login_verifies_exactly_once_for_unknown_and_known_users(auth: Auth) -> None:
    auth.register("alice", PASSWORD)
    assert verifications(auth, fixed_login, "alice", "wrong password") == 1
    assert verifications(auth, fixed_login, "mallory", "wrong password") == 1


def test_fixed_unknown_user_is_verified_against_a_real_argon2_hash(auth: Auth) -> None:
    """The dummy hash uses the current scheme and cost, so it costs what a real one does."""
    real = auth.hasher.hash(PASSWORD)
    dummy = auth.hasher.dummy_hash
    assert dummy.split("$")[:4] == real.split("$")[:4]  # same scheme, version, parameters


def test_unknown_user_and_wrong_password_raise_the_same_error(auth: Auth) -> None:
    auth.register("alice", PASSWORD)
    with pytest.raises(InvalidCredentialsError) as wrong_password:
        auth.authenticate("alice", "wrong password")
    with pytest.raises(InvalidCredentialsError) as unknown_user:
        auth.authenticate("mallory", PASSWORD)
    assert str(wrong_password.value) == str(unknown_user.value)
