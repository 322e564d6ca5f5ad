"""Access tokens: short-lived JWTs signed with RS256, verified with the algorithm pinned.

The decoder reads two things from the unverified header, and each can only make it refuse:
the `kid`, to pick one of *our* public keys, and the `typ`, which must be `at+jwt`. The
algorithm comes from this module (`ALGORITHM`), never from the token, and PyJWT then checks
the signature and every required claim.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Any

import jwt

from authdemo._settings import TokenSettings
from authdemo.errors import InvalidTokenError
from authdemo.keys import KeySet

ALGORITHM = "RS256"
# RFC 9068: marks a JWT as an access token, not an ID token (S105: a type name, not a secret).
TOKEN_TYPE = "at+jwt"  # noqa: S105
REQUIRED_CLAIMS = ["exp", "iat", "sub", "aud", "iss"]


@dataclass(frozen=True, slots=True)
class AccessClaims:
    """What a verified access token says."""

    subject: str
    scopes: frozenset[str]
    expires_at: int
    token_id: str


def issue_access_token(
    keys: KeySet,
    settings: TokenSettings,
    subject: str,
    scopes: frozenset[str] = frozenset(),
    now: float | None = None,
) -> str:
    """Sign an access token for `subject` with the active key."""
    issued = int(time.time() if now is None else now)
    claims: dict[str, Any] = {
        "iss": settings.issuer,
        "aud": settings.audience,
        "sub": subject,
        "iat": issued,
        "nbf": issued,
        "exp": issued + settings.access_ttl_seconds,
        "jti": uuid.uuid4().hex,
        "scope": " ".join(sorted(scopes)),
    }
    headers = {"kid": keys.signing_kid, "typ": TOKEN_TYPE}
    return jwt.encode(claims, keys.signing_key, algorithm=ALGORITHM, headers=headers)


def decode_access_token(token: str, keys: KeySet, settings: TokenSettings) -> AccessClaims:
    """Verify `token` completely or raise `InvalidTokenError` (its `reason` is for logs)."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise InvalidTokenError("malformed token") from exc
    kid = header.get("kid")
    key = keys.verify_keys.get(kid) if isinstance(kid, str) else None
    if key is None:
        raise InvalidTokenError("unknown kid")
    if header.get("typ") != TOKEN_TYPE:
        raise InvalidTokenError("not an access token (typ)")
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],  # pinned: the header's "alg" is never trusted
            audience=settings.audience,
            issuer=settings.issuer,
            leeway=settings.leeway_seconds,
            options={"require": REQUIRED_CLAIMS},
        )
    except jwt.PyJWTError as exc:
        raise InvalidTokenError(f"{type(exc).__name__}: {exc}") from exc
    scope = claims.get("scope", "")
    jti = claims.get("jti", "")
    if not isinstance(scope, str) or not isinstance(jti, str):
        raise InvalidTokenError("malformed scope or jti claim")
    return AccessClaims(
        subject=claims["sub"],
        scopes=frozenset(scope.split()),
        expires_at=int(claims["exp"]),
        token_id=jti,
    )
