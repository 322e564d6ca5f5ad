"""The README's exercises. Remove a skip marker once you have done the exercise."""

from __future__ import annotations

import httpx2 as httpx
import pytest

from authdemo import Auth
from tests.procs import DEADLINE, Server
from tests.support import PASSWORD


@pytest.mark.skip(reason="exercise 1: normalise passwords with NFKC before hashing/verifying")
def test_exercise_1_composed_and_decomposed_passwords_match(auth: Auth) -> None:
    composed = "caf\N{LATIN SMALL LETTER E WITH ACUTE} au lait"
    decomposed = "cafe\N{COMBINING ACUTE ACCENT} au lait"
    assert composed != decomposed
    auth.register("alice", composed)
    assert auth.authenticate("alice", decomposed).username == "alice"


@pytest.mark.skip(reason="exercise 2: logout also revokes the access token (a jti deny-list)")
def test_exercise_2_logout_revokes_the_access_token(server: Server) -> None:
    credentials = {"username": "alice", "password": PASSWORD}
    httpx.post(f"{server.url}/register", json=credentials, timeout=DEADLINE)
    tokens = httpx.post(f"{server.url}/login", json=credentials, timeout=DEADLINE).json()
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert httpx.get(f"{server.url}/me", headers=bearer, timeout=DEADLINE).status_code == 200
    logout = httpx.post(
        f"{server.url}/logout",
        json={"refresh_token": tokens["refresh_token"]},
        headers=bearer,  # the access token to end, alongside the refresh token
        timeout=DEADLINE,
    )
    assert logout.status_code == 204
    after = httpx.get(f"{server.url}/me", headers=bearer, timeout=DEADLINE)
    assert after.status_code == 401
    assert after.headers["www-authenticate"].endswith('error="invalid_token"')


@pytest.mark.skip(reason="exercise 3: lock password login after 5 failures, for any username")
def test_exercise_3_five_failures_lock_the_account_for_everyone(server: Server) -> None:
    credentials = {"username": "alice", "password": PASSWORD}
    httpx.post(f"{server.url}/register", json=credentials, timeout=DEADLINE)
    for username in ("alice", "mallory"):
        for _ in range(5):
            wrong = {"username": username, "password": "wrong password"}
            httpx.post(f"{server.url}/login", json=wrong, timeout=DEADLINE)
    alice = httpx.post(f"{server.url}/login", json=credentials, timeout=DEADLINE)
    mallory = httpx.post(
        f"{server.url}/login", json={**credentials, "username": "mallory"}, timeout=DEADLINE
    )
    assert alice.status_code != 200  # locked, even with the right password
    assert (alice.status_code, alice.json()) == (mallory.status_code, mallory.json())
