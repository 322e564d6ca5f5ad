"""The forgery matrix: each token is accepted by a broken decoder and rejected by ours.

Run three ways: against the broken decoder that falls for it (`test_broken_*`), against
`decode_access_token` (`test_fixed_*`), and over HTTP against a real server, where a
correctly signed admin token is the control that proves the route would otherwise answer.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx2 as httpx
import jwt
import pytest

from authdemo import KeySet, Store, TokenSettings, decode_access_token
from authdemo.broken import decode_alg_from_header
from authdemo.errors import InvalidTokenError
from authdemo.forgeries import MATRIX, Forgery, claims, signed
from authdemo.keys import public_pem
from tests.procs import DEADLINE, Server, wait_until
from tests.support import PASSWORD, fresh_server

SETTINGS = TokenSettings()
CASES = [pytest.param(case, id=case.name) for case in MATRIX]


@pytest.mark.parametrize("case", CASES)
def test_broken_decoder_accepts_forged_token(
    case: Forgery, keys: KeySet, other_key: KeySet
) -> None:
    token = case.make(keys, other_key, SETTINGS, "42")
    accepted = case.broken(token, keys)
    assert accepted["sub"] == "42"
    assert accepted["scope"] == "admin"


@pytest.mark.parametrize("case", CASES)
def test_fixed_decoder_rejects_forged_token(case: Forgery, keys: KeySet, other_key: KeySet) -> None:
    token = case.make(keys, other_key, SETTINGS, "42")
    with pytest.raises(InvalidTokenError):
        decode_access_token(token, keys, SETTINGS)


def test_control_a_genuine_token_passes_both_decoders(keys: KeySet) -> None:
    token = signed(keys, claims(SETTINGS, "42"))
    assert decode_alg_from_header(token, keys)["scope"] == "admin"
    assert decode_access_token(token, keys, SETTINGS).scopes == frozenset({"admin"})


def test_pyjwt_itself_refuses_a_pem_public_key_as_hmac_secret(keys: KeySet) -> None:
    """Why `broken.py` verifies HS256 by hand: PyJWT would not let us make this mistake."""
    secret = public_pem(keys.verify_keys["k1"])
    with pytest.raises(jwt.InvalidKeyError):
        jwt.encode({"sub": "42"}, secret, algorithm="HS256")


@pytest.fixture(scope="module")
def victim_server(tmp_path_factory: pytest.TempPathFactory, keys: KeySet) -> Iterator[Server]:
    """A server with one registered admin user, id 1: what the forgeries impersonate."""
    db = tmp_path_factory.mktemp("forgery") / "auth.db"
    with fresh_server(db, keys) as running:
        response = httpx.post(
            f"{running.url}/register",
            json={"username": "victim", "password": PASSWORD},
            timeout=DEADLINE,
        )
        assert response.json()["id"] == 1
        Store(str(db)).set_scopes("victim", frozenset({"admin"}))
        yield running


def test_control_a_genuine_admin_token_is_served(victim_server: Server, keys: KeySet) -> None:
    token = signed(keys, claims(SETTINGS, "1"))
    response = httpx.get(
        f"{victim_server.url}/admin/users",
        headers={"Authorization": f"Bearer {token}"},
        timeout=DEADLINE,
    )
    assert response.status_code == 200
    assert [user["username"] for user in response.json()] == ["victim"]


@pytest.mark.parametrize("case", CASES)
def test_fixed_server_answers_401_invalid_token_to_forged_token(
    case: Forgery, victim_server: Server, keys: KeySet, other_key: KeySet
) -> None:
    token = case.make(keys, other_key, SETTINGS, "1")
    for path in ("/me", "/admin/users"):
        response = httpx.get(
            f"{victim_server.url}{path}",
            headers={"Authorization": f"Bearer {token}"},
            timeout=DEADLINE,
        )
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == (
            'Bearer realm="authdemo", error="invalid_token"'
        )
        # The same body for every case: the client is not told which check failed.
        assert response.json() == {"detail": "invalid token"}


def test_the_reason_goes_to_the_server_log_only(victim_server: Server, keys: KeySet) -> None:
    now = 1_000_000
    token = signed(keys, claims(SETTINGS, "1", iat=now, nbf=now, exp=now + 1))
    response = httpx.get(
        f"{victim_server.url}/me", headers={"Authorization": f"Bearer {token}"}, timeout=DEADLINE
    )
    assert response.json() == {"detail": "invalid token"}
    wait_until(
        lambda: "ExpiredSignatureError" in victim_server.log_so_far(), "the reason in the log"
    )
