"""Access tokens: required claims, leeway, the pinned algorithm, key rotation by `kid`."""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from hypothesis import given, settings
from hypothesis import strategies as st

from authdemo import KeySet, TokenSettings, decode_access_token, issue_access_token, load_key_dir
from authdemo.errors import InvalidTokenError
from authdemo.forgeries import claims, signed
from authdemo.tokens import REQUIRED_CLAIMS
from tests.support import write_key_dir

SETTINGS = TokenSettings()


def test_issued_token_round_trips(keys: KeySet) -> None:
    token = issue_access_token(keys, SETTINGS, "7", frozenset({"admin", "read"}))
    decoded = decode_access_token(token, keys, SETTINGS)
    assert (decoded.subject, decoded.scopes) == ("7", frozenset({"admin", "read"}))
    assert jwt.get_unverified_header(token) == {"alg": "RS256", "typ": "at+jwt", "kid": "k1"}


@pytest.mark.parametrize("missing", REQUIRED_CLAIMS)
def test_token_without_a_required_claim_is_rejected(keys: KeySet, missing: str) -> None:
    payload = claims(SETTINGS, "7")
    del payload[missing]
    with pytest.raises(InvalidTokenError) as rejected:
        decode_access_token(signed(keys, payload), keys, SETTINGS)
    assert isinstance(rejected.value.__cause__, jwt.PyJWTError)


def test_pyjwt_without_require_accepts_a_token_that_never_expires(keys: KeySet) -> None:
    """Why `REQUIRED_CLAIMS` exists: PyJWT checks `exp` only when the token has one."""
    payload = claims(SETTINGS, "7")
    del payload["exp"]
    decoded = jwt.decode(
        signed(keys, payload),
        keys.verify_keys["k1"],
        algorithms=["RS256"],
        audience=SETTINGS.audience,
        issuer=SETTINGS.issuer,
    )
    assert "exp" not in decoded  # accepted, and valid forever
    with pytest.raises(InvalidTokenError):
        decode_access_token(signed(keys, payload), keys, SETTINGS)


@pytest.mark.parametrize(("seconds_past_expiry", "accepted"), [(-60, True), (5, True), (60, False)])
def test_expiry_allows_a_small_leeway_for_clock_skew(
    keys: KeySet, seconds_past_expiry: int, accepted: bool
) -> None:
    exp = int(time.time()) - seconds_past_expiry
    token = signed(keys, claims(SETTINGS, "7", iat=exp - 300, nbf=exp - 300, exp=exp))
    if accepted:
        assert decode_access_token(token, keys, SETTINGS).expires_at == exp
    else:
        with pytest.raises(InvalidTokenError):
            decode_access_token(token, keys, SETTINGS)


def test_token_with_another_typ_is_rejected(keys: KeySet) -> None:
    """An ID token (or any other JWT) signed by the same key is not an access token."""
    token = signed(keys, claims(SETTINGS, "7"), typ="JWT")
    with pytest.raises(InvalidTokenError):
        decode_access_token(token, keys, SETTINGS)


def test_non_string_scope_is_rejected(keys: KeySet) -> None:
    token = signed(keys, claims(SETTINGS, "7", scope=["admin"]))
    with pytest.raises(InvalidTokenError):
        decode_access_token(token, keys, SETTINGS)


@pytest.mark.parametrize(
    "garbage", ["", "a", "a.b", "a.b.c", "....", "Bearer x", "eyJhbGciOiJub25lIn0.e30."]
)
def test_garbage_is_rejected_as_invalid_token(keys: KeySet, garbage: str) -> None:
    with pytest.raises(InvalidTokenError):
        decode_access_token(garbage, keys, SETTINGS)


def test_rotation_old_key_verifies_until_removed(keys: KeySet, other_key: KeySet) -> None:
    old_token = issue_access_token(keys, SETTINGS, "7")
    rotated = keys.rotated("k2", other_key.signing_key)
    new_token = issue_access_token(rotated, SETTINGS, "7")
    assert jwt.get_unverified_header(new_token)["kid"] == "k2"
    # Both verify while both keys are in the set.
    assert decode_access_token(old_token, rotated, SETTINGS).subject == "7"
    assert decode_access_token(new_token, rotated, SETTINGS).subject == "7"
    # Once the old key is retired, its tokens are rejected as "unknown kid".
    retired = rotated.without("k1")
    with pytest.raises(InvalidTokenError, match="unknown kid"):
        decode_access_token(old_token, retired, SETTINGS)
    assert decode_access_token(new_token, retired, SETTINGS).subject == "7"


def test_rotation_refuses_to_remove_the_signing_key(keys: KeySet) -> None:
    with pytest.raises(ValueError, match="signing"):
        keys.without("k1")


def test_key_dir_loads_every_kid_and_signs_with_the_active_one(
    tmp_path: Path, keys: KeySet, other_key: KeySet
) -> None:
    write_key_dir(tmp_path, keys)
    write_key_dir(tmp_path, other_key)
    assert load_key_dir(tmp_path).signing_kid == "k2"  # default: last name in sort order
    chosen = load_key_dir(tmp_path, active_kid="k1")
    assert chosen.signing_kid == "k1"
    assert sorted(chosen.verify_keys) == ["k1", "k2"]
    with pytest.raises(ValueError, match="no key file"):
        load_key_dir(tmp_path, active_kid="k9")


def test_jwks_publishes_public_keys_only(keys: KeySet, other_key: KeySet) -> None:
    published = keys.rotated("k2", other_key.signing_key).jwks()["keys"]
    assert [(k["kid"], k["kty"], k["alg"]) for k in published] == [
        ("k1", "RSA", "RS256"),
        ("k2", "RSA", "RS256"),
    ]
    assert all("d" not in k for k in published)  # "d" is the RSA private exponent


@pytest.mark.parametrize("kind", ["rsa-private", "ec-public"])
def test_key_set_refuses_a_verify_key_that_is_not_an_rsa_public_key(
    keys: KeySet, other_key: KeySet, kind: str
) -> None:
    """`jwks()` publishes every verify key: a private one would publish its "d", "p", "q".
    And the algorithm is pinned to RS256 for every key, so a key of another type is a bug."""
    wrong: dict[str, Any] = {
        "rsa-private": other_key.signing_key,
        "ec-public": ec.generate_private_key(ec.SECP256R1()).public_key(),
    }
    with pytest.raises(TypeError):
        KeySet("k1", keys.signing_key, {"k2": wrong[kind]})


def b64json(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


@given(st.text(max_size=400))
@settings(max_examples=200, deadline=None)
def test_any_string_is_rejected_with_invalid_token_error(keys: KeySet, token: str) -> None:
    with pytest.raises(InvalidTokenError):
        decode_access_token(token, keys, SETTINGS)


@given(
    header=st.one_of(
        JSON,
        st.fixed_dictionaries(
            {"kid": st.just("k1"), "typ": st.just("at+jwt")},
            optional={"alg": st.sampled_from(["RS256", "HS256", "none", "ES256"]) | JSON},
        ),
    ),
    payload=JSON,
    signature=st.binary(max_size=300),
)
@settings(max_examples=200, deadline=None)
def test_any_well_formed_but_unsigned_token_is_rejected_with_invalid_token_error(
    keys: KeySet, header: object, payload: object, signature: bytes
) -> None:
    """Headers and payloads of any JSON shape: never a crash, never an acceptance."""
    sig = base64.urlsafe_b64encode(signature).rstrip(b"=").decode()
    with pytest.raises(InvalidTokenError):
        decode_access_token(f"{b64json(header)}.{b64json(payload)}.{sig}", keys, SETTINGS)
