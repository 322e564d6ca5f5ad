"""Refresh tokens: hashed at rest, rotated on every use, reuse revokes the family, atomic."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from authdemo import Auth, KeySet, Rotation, RotationResult, hash_refresh_token
from authdemo.broken import rotate_check_then_act, rotate_without_reuse_detection
from authdemo.errors import RefreshTokenError, RefreshTokenReuseError
from authdemo.service import new_refresh_token
from tests.procs import DEADLINE
from tests.support import PASSWORD, family_states, make_auth, run_twice_at_once


@pytest.fixture
def alice(auth: Auth) -> Auth:
    auth.register("alice", PASSWORD)
    return auth


def test_refresh_rotates_and_the_new_token_works(alice: Auth) -> None:
    first = alice.login("alice", PASSWORD)
    second = alice.refresh(first.refresh_token)
    assert second.refresh_token != first.refresh_token
    third = alice.refresh(second.refresh_token)
    assert third.access_token


def test_only_the_hash_is_stored(alice: Auth, tmp_path: Path) -> None:
    pair = alice.login("alice", PASSWORD)
    with alice.store.connect() as conn:
        stored = [row[0] for row in conn.execute("SELECT token_hash FROM refresh_tokens")]
    assert stored == [hash_refresh_token(pair.refresh_token)]
    db_bytes = b"".join(p.read_bytes() for p in tmp_path.glob("auth.db*"))  # and -wal
    assert pair.refresh_token.encode() not in db_bytes


def test_broken_reuse_without_detection_leaves_the_thiefs_token_alive(alice: Auth) -> None:
    """The thief refreshes with a stolen A first; the victim's later use of A merely fails."""
    a = alice.login("alice", PASSWORD).refresh_token
    b, c = new_refresh_token(), new_refresh_token()
    store = alice.store
    now, later = 1_000, 10**10

    def rotate(old: str, new: str) -> RotationResult:
        return rotate_without_reuse_detection(
            store, hash_refresh_token(old), hash_refresh_token(new), now, later
        )

    assert rotate(a, b).outcome is Rotation.ROTATED  # thief: A -> B
    assert rotate(a, new_refresh_token()).outcome is Rotation.INVALID  # victim replays A
    assert rotate(b, c).outcome is Rotation.ROTATED  # the thief's B still works


def test_fixed_reuse_of_an_old_token_revokes_the_whole_family(alice: Auth) -> None:
    a = alice.login("alice", PASSWORD).refresh_token
    b = alice.refresh(a).refresh_token  # rotate A -> B
    with pytest.raises(RefreshTokenReuseError):
        alice.refresh(a)  # A again: reuse
    with pytest.raises(RefreshTokenError):
        alice.refresh(b)  # B is dead too
    assert family_states(alice.store.path, hash_refresh_token(b)) == {
        "live": 0,
        "used": 1,
        "revoked": 2,
    }


def test_reuse_revokes_only_its_own_family(alice: Auth) -> None:
    laptop = alice.login("alice", PASSWORD).refresh_token
    phone = alice.login("alice", PASSWORD).refresh_token
    alice.refresh(laptop)
    with pytest.raises(RefreshTokenReuseError):
        alice.refresh(laptop)
    assert alice.refresh(phone).access_token  # another session is unaffected


def test_logout_revokes_the_session(alice: Auth) -> None:
    a = alice.login("alice", PASSWORD).refresh_token
    b = alice.refresh(a).refresh_token
    alice.logout(b)
    with pytest.raises(RefreshTokenError):
        alice.refresh(b)
    alice.logout("never-issued")  # unknown tokens are ignored, not an error


def test_expired_refresh_token_is_rejected(tmp_path: Path, keys: KeySet) -> None:
    clock = [1_000_000.0]
    auth = make_auth(tmp_path / "clock.db", keys)
    auth.clock = lambda: clock[0]
    auth.register("alice", PASSWORD)
    token = auth.login("alice", PASSWORD).refresh_token
    clock[0] += auth.settings.refresh_ttl_seconds + 1
    with pytest.raises(RefreshTokenError) as rejected:
        auth.refresh(token)
    assert not isinstance(rejected.value, RefreshTokenReuseError)


def test_broken_check_then_act_lets_two_concurrent_refreshes_both_succeed(alice: Auth) -> None:
    """Both callers pass the SELECT before either UPDATEs: the barrier forces that order."""
    old = hash_refresh_token(alice.login("alice", PASSWORD).refresh_token)
    both_checked = threading.Barrier(2, timeout=DEADLINE)
    outcomes: list[Rotation] = []

    def wait_for_the_other_check() -> None:
        both_checked.wait()

    def use() -> None:
        new = hash_refresh_token(new_refresh_token())
        result = rotate_check_then_act(
            alice.store, old, new, 1_000, 10**10, between=wait_for_the_other_check
        )
        outcomes.append(result.outcome)

    run_twice_at_once(use)
    assert outcomes == [Rotation.ROTATED, Rotation.ROTATED]  # one token, two sessions


@pytest.mark.parametrize("attempt", range(10))
def test_fixed_rotation_lets_exactly_one_of_two_concurrent_refreshes_succeed(
    alice: Auth, attempt: int
) -> None:
    token = alice.login("alice", PASSWORD).refresh_token
    start = threading.Barrier(2, timeout=DEADLINE)
    outcomes: list[str] = []

    def use() -> None:
        start.wait()
        try:
            alice.refresh(token)
            outcomes.append("rotated")
        except RefreshTokenError as exc:
            outcomes.append(type(exc).__name__)

    run_twice_at_once(use)
    assert sorted(outcomes) == ["RefreshTokenReuseError", "rotated"]
