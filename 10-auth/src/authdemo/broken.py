"""Deliberately broken versions of the lesson's code, each a mistake found in real systems.

Tests prove that each one fails (`test_broken_*`) and that the fixed code does not
(`test_fixed_*`). Never copy anything from this file.

- `decode_peek_then_trust`: reads the claims with `verify_signature: False` and uses them.
- `decode_alg_from_header`: a hand-written verifier that lets the token choose the
  algorithm (`none`, or HS256 keyed with our *public* key), trusts a key embedded in the
  header when the `kid` is unknown, compares MACs with `==`, and checks no claim but `sub`.
- `login_returning_early`: skips hashing for unknown users (user enumeration by timing).
- `verify_feeding_bcrypt_everything`: passes >72-byte passwords to bcrypt (a 500 on bcrypt 5).
- `rotate_check_then_act`: SELECT, then UPDATE: two concurrent refreshes both succeed.
- `rotate_without_reuse_detection`: deletes the used token, so a replay is just "invalid"
  and the thief's newer token lives on.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable
from typing import Any

import jwt
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from jwt.algorithms import RSAAlgorithm

from authdemo._store import Rotation, RotationResult, Store, User
from authdemo.errors import InvalidCredentialsError, InvalidTokenError
from authdemo.keys import KeySet, public_pem
from authdemo.passwords import PasswordHasher
from authdemo.service import Auth


def decode_peek_then_trust(token: str) -> dict[str, Any]:
    """BROKEN: "we only read the user id from it" -- and then authorise with it."""
    try:
        claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError as exc:
        raise InvalidTokenError("malformed") from exc
    return claims


def _b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _key_for(header: dict[str, Any], keys: KeySet) -> rsa.RSAPublicKey:
    key = keys.verify_keys.get(str(header.get("kid")))
    if key is None and "jwk" in header:
        # BROKEN: "the token tells us its key" (CVE-2018-0114): anyone can sign with their
        # own key and ship its public half in the header.
        embedded = RSAAlgorithm.from_jwk(header["jwk"])
        if isinstance(embedded, rsa.RSAPublicKey):
            key = embedded
    if key is None:
        raise InvalidTokenError("no key")
    return key


def decode_alg_from_header(token: str, keys: KeySet) -> dict[str, Any]:
    """BROKEN: the token's header decides how the token is verified."""
    try:
        header_b64, payload_b64, signature_b64 = token.split(".")
        header: dict[str, Any] = json.loads(_b64decode(header_b64))
        claims: dict[str, Any] = json.loads(_b64decode(payload_b64))
        signature = _b64decode(signature_b64)
    except ValueError as exc:
        raise InvalidTokenError("malformed") from exc
    signed = f"{header_b64}.{payload_b64}".encode()
    alg = header.get("alg")  # BROKEN: the attacker picks the algorithm
    if alg == "none":
        pass  # BROKEN: "unsigned tokens are for local testing"
    elif alg == "HS256":
        # BROKEN: the key material is our RSA *public* key, which we publish in the JWKS;
        # anyone can compute this MAC. (And `==` is not constant time: hmac.compare_digest.)
        secret = public_pem(_key_for(header, keys))
        if hmac.new(secret, signed, hashlib.sha256).digest() != signature:
            raise InvalidTokenError("bad signature")
    elif alg == "RS256":
        try:
            _key_for(header, keys).verify(signature, signed, padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature as exc:
            raise InvalidTokenError("bad signature") from exc
    else:
        raise InvalidTokenError(f"unsupported alg {alg!r}")
    # BROKEN: no exp, nbf, iat, aud or iss check: "the signature is valid, so it is fine".
    if "sub" not in claims:
        raise InvalidTokenError("no sub")
    return claims


def login_returning_early(auth: Auth, username: str, password: str) -> User:
    """BROKEN: an unknown user costs one SELECT, a known one a SELECT plus Argon2."""
    user = auth.store.find_user(username)
    if user is None:
        raise InvalidCredentialsError()  # returns ~100x faster than a wrong password
    matched, _ = auth.hasher.verify(password, user.password_hash)
    if not matched:
        raise InvalidCredentialsError()
    return user


def verify_feeding_bcrypt_everything(
    hasher: PasswordHasher, password: str, stored_hash: str
) -> tuple[bool, str | None]:
    """BROKEN: bcrypt 5 raises ValueError for >72 bytes, so a long password is a 500."""
    matched, replacement = hasher.context.verify_and_update(password, stored_hash)
    return matched, replacement


def rotate_check_then_act(
    store: Store,
    old_hash: bytes,
    new_hash: bytes,
    now: int,
    expires_at: int,
    between: Callable[[], None] = lambda: None,
) -> RotationResult:
    """BROKEN: the check (SELECT) and the act (UPDATE) are separate statements.

    `between` runs after the check; tests use it to let a second caller check too.
    """
    with store.connect() as conn:
        row = conn.execute(
            "SELECT family_id, user_id FROM refresh_tokens WHERE token_hash = ?"
            " AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?",
            (old_hash, now),
        ).fetchone()
    if row is None:
        return RotationResult(Rotation.INVALID)
    between()
    with store.transaction() as conn:
        conn.execute("UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ?", (now, old_hash))
        conn.execute(
            "INSERT INTO refresh_tokens (token_hash, family_id, user_id, expires_at)"
            " VALUES (?, ?, ?, ?)",
            (new_hash, row[0], row[1], expires_at),
        )
    return RotationResult(Rotation.ROTATED, row[1])


def rotate_without_reuse_detection(
    store: Store, old_hash: bytes, new_hash: bytes, now: int, expires_at: int
) -> RotationResult:
    """BROKEN: atomic, but forgets used tokens, so a replay cannot be recognised."""
    with store.transaction() as conn:
        row = conn.execute(
            "DELETE FROM refresh_tokens WHERE token_hash = ? AND revoked_at IS NULL"
            " AND expires_at > ? RETURNING family_id, user_id",
            (old_hash, now),
        ).fetchone()
        if row is None:
            return RotationResult(Rotation.INVALID)
        conn.execute(
            "INSERT INTO refresh_tokens (token_hash, family_id, user_id, expires_at)"
            " VALUES (?, ?, ?, ?)",
            (new_hash, row[0], row[1], expires_at),
        )
    return RotationResult(Rotation.ROTATED, row[1])
