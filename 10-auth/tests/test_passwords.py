"""Password hashing: Argon2id first, bcrypt upgraded at login, the 72-byte edge, the policy."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest

from authdemo import Auth, HashingParams, PasswordHasher
from authdemo.broken import verify_feeding_bcrypt_everything
from authdemo.errors import HashingBusyError, InvalidCredentialsError, PasswordPolicyError
from authdemo.passwords import BCRYPT_MAX_BYTES, MAX_PASSWORD_BYTES
from tests.procs import DEADLINE
from tests.support import FAST_HASHING, PASSWORD, legacy_bcrypt_hash

# 24 ASCII bytes + 16 four-byte emoji = 88 bytes; byte 72 falls inside the 13th emoji.
LONG = "long-password-with-emoji" + "\N{GRINNING FACE}" * 16


@pytest.fixture(scope="module")
def hasher() -> PasswordHasher:
    return PasswordHasher(FAST_HASHING)


def test_new_hashes_are_argon2id_with_the_configured_cost(hasher: PasswordHasher) -> None:
    stored = hasher.hash(PASSWORD)
    assert stored.startswith("$argon2id$v=19$m=1024,t=1,p=1$")
    assert hasher.verify(PASSWORD, stored) == (True, None)
    assert hasher.verify("wrong password", stored) == (False, None)


def test_production_defaults_are_not_the_test_parameters() -> None:
    params = HashingParams()
    assert (params.argon2_time_cost, params.argon2_memory_kib, params.argon2_parallelism) == (
        3,
        65536,
        4,
    )


def test_bcrypt_user_logs_in_and_the_stored_hash_becomes_argon2(auth: Auth) -> None:
    user_id = auth.store.add_user("legacy", legacy_bcrypt_hash(PASSWORD), frozenset())
    auth.authenticate("legacy", PASSWORD)
    upgraded = auth.store.get_user(user_id)
    assert upgraded is not None
    assert upgraded.password_hash.startswith("$argon2id$")
    assert auth.hasher.verify(PASSWORD, upgraded.password_hash) == (True, None)


def test_wrong_password_does_not_upgrade_a_bcrypt_hash(auth: Auth) -> None:
    legacy = legacy_bcrypt_hash(PASSWORD)
    user_id = auth.store.add_user("legacy", legacy, frozenset())
    with pytest.raises(InvalidCredentialsError):
        auth.authenticate("legacy", "not the password")
    user = auth.store.get_user(user_id)
    assert user is not None
    assert user.password_hash == legacy


def test_argon2_hash_with_old_parameters_is_rehashed_at_login(auth: Auth) -> None:
    cheaper = PasswordHasher(
        HashingParams(argon2_time_cost=1, argon2_memory_kib=512, argon2_parallelism=1)
    )
    user_id = auth.store.add_user("old-cost", cheaper.hash(PASSWORD), frozenset())
    auth.authenticate("old-cost", PASSWORD)
    user = auth.store.get_user(user_id)
    assert user is not None
    assert user.password_hash.startswith("$argon2id$v=19$m=1024,t=1,p=1$")


def test_broken_long_password_against_bcrypt_raises(hasher: PasswordHasher) -> None:
    """bcrypt 5 (through libpass) raises instead of truncating: at the edge, a 500."""
    assert len(LONG.encode()) > BCRYPT_MAX_BYTES
    with pytest.raises(ValueError, match="72 bytes"):
        verify_feeding_bcrypt_everything(hasher, LONG, legacy_bcrypt_hash(LONG))


def test_fixed_long_password_verifies_legacy_bcrypt_and_upgrades_the_whole_password(
    hasher: PasswordHasher,
) -> None:
    legacy = legacy_bcrypt_hash(LONG)
    matched, replacement = hasher.verify(LONG, legacy)
    assert matched
    assert replacement is not None
    assert replacement.startswith("$argon2id$")
    # The new hash covers every byte: a password that only shares the first 72 bytes
    # matched the old bcrypt hash, and no longer matches.
    same_prefix = LONG[:-1] + "\N{SMILING FACE WITH HALO}"
    assert same_prefix.encode()[:72] == LONG.encode()[:72]
    assert hasher.verify(same_prefix, legacy)[0]
    assert hasher.verify(same_prefix, replacement) == (False, None)
    assert hasher.verify(LONG, replacement) == (True, None)


def test_the_72_byte_cut_may_split_a_character_and_still_verifies(hasher: PasswordHasher) -> None:
    # 71 ASCII bytes then a 3-byte euro sign: bcrypt saw 71 bytes and one third of the euro.
    password = "p" * 71 + "\N{EURO SIGN}"
    assert len(password.encode()) == 74
    assert hasher.verify(password, legacy_bcrypt_hash(password))[0]


@pytest.mark.parametrize(
    ("password", "accepted"),
    [
        ("\N{GRINNING FACE}" * 64, True),  # 64 characters, 256 bytes: the limit
        ("\N{GRINNING FACE}" * 65, False),  # 65 characters, 260 bytes
        ("\N{EURO SIGN}" * 85, True),  # 255 bytes
        ("\N{EURO SIGN}" * 86, False),  # 86 characters, 258 bytes
        ("a" * 256, True),
        ("a" * 257, False),
        ("seven77", False),  # too short
        ("\N{GRINNING FACE}" * 8, True),  # 8 characters is enough, whatever their bytes
    ],
    ids=["64-emoji", "65-emoji", "85-euro", "86-euro", "256-ascii", "257-ascii", "7", "8-emoji"],
)
def test_policy_counts_bytes_for_the_maximum_and_characters_for_the_minimum(
    hasher: PasswordHasher, password: str, accepted: bool
) -> None:
    if accepted:
        assert hasher.verify(password, hasher.hash(password)) == (True, None)
    else:
        with pytest.raises(PasswordPolicyError):
            hasher.hash(password)


def test_login_refuses_an_oversized_password_before_hashing(auth: Auth) -> None:
    auth.register("alice", PASSWORD)
    with pytest.raises(PasswordPolicyError):
        auth.authenticate("alice", "a" * (MAX_PASSWORD_BYTES + 1))


@pytest.mark.parametrize(
    "password", ["correct horse\x00battery", "\ud800correct horse"], ids=["nul", "lone-surrogate"]
)
def test_unhashable_password_is_a_policy_error_whatever_the_stored_hash(
    hasher: PasswordHasher, password: str
) -> None:
    """passlib's bcrypt refuses NUL (NullPasswordError) and UTF-8 has no lone surrogates.

    Both must be the policy's PasswordPolicyError (a 422) for every kind of stored hash: a
    crash only against bcrypt rows would tell an attacker which accounts are legacy ones.
    """
    for stored in (legacy_bcrypt_hash(PASSWORD), hasher.hash(PASSWORD), hasher.dummy_hash):
        with pytest.raises(PasswordPolicyError):
            hasher.verify(password, stored)
    with pytest.raises(PasswordPolicyError):
        hasher.hash(password)


class GatedHasher(PasswordHasher):
    """The real hasher, whose first verification holds its slot until `release` is set."""

    def __init__(self, params: HashingParams) -> None:
        super().__init__(params)
        self.inside = threading.Event()
        self.release = threading.Event()

    def _verify(self, password: str, stored_hash: str) -> tuple[bool, str | None]:
        if not self.inside.is_set():
            self.inside.set()
            self.release.wait(DEADLINE)
        return super()._verify(password, stored_hash)


def test_hashing_is_bounded_and_a_caller_over_the_bound_is_told_busy() -> None:
    """Each Argon2 call holds `argon2_memory_kib` (64 MiB in production): 40 logins at once
    in FastAPI's thread pool would want 2.5 GiB. Past the bound a caller waits, then 503s."""
    params = replace(FAST_HASHING, max_concurrent_hashes=1, hash_wait_seconds=0.01)
    hasher = GatedHasher(params)
    stored = hasher.hash(PASSWORD)
    holder = threading.Thread(target=hasher.verify, args=(PASSWORD, stored))
    holder.start()
    try:
        assert hasher.inside.wait(DEADLINE)
        with pytest.raises(HashingBusyError):
            hasher.verify(PASSWORD, stored)  # the only slot stays held until `release`
        with pytest.raises(HashingBusyError):
            hasher.hash(PASSWORD)
    finally:
        hasher.release.set()
        holder.join(DEADLINE)
    assert hasher.verify(PASSWORD, stored) == (True, None)  # the slot was given back
