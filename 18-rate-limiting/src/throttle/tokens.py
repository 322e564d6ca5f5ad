"""Bearer tokens that carry a user id and a tier, signed with HMAC-SHA256.

`<user>.<tier>.<signature>`: enough for this lesson to give each user a tier from the token
without a database. Lesson 10 does real tokens (JWTs with expiry, audience and rotation).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

TIERS = ("free", "pro")


@dataclass(frozen=True, slots=True)
class Identity:
    """Who the limit applies to: `key` names the bucket, `tier` picks the rate."""

    key: str
    tier: str


def _sign(secret: bytes, user: str, tier: str) -> str:
    return hmac.new(secret, f"{user}.{tier}".encode(), hashlib.sha256).hexdigest()


def issue_token(secret: str, user: str, tier: str) -> str:
    if tier not in TIERS or not user.isalnum():
        raise ValueError("user must be alphanumeric and tier one of " + ", ".join(TIERS))
    return f"{user}.{tier}.{_sign(secret.encode(), user, tier)}"


def read_token(secret: str, token: str) -> Identity | None:
    """The identity in a valid token, None for anything else (never an exception)."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    user, tier, signature = parts
    if tier not in TIERS or not hmac.compare_digest(signature, _sign(secret.encode(), user, tier)):
        return None
    return Identity(key=f"user:{user}", tier=tier)
