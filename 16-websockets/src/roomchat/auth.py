"""Who may open a socket: signed tokens and short-lived tickets, and the Origin check.

A *token* is long-lived (hours) and travels only in an `Authorization` header. A *ticket* is
short-lived (seconds) and may travel in the URL, because a browser's `WebSocket` and
`EventSource` cannot set headers: a proxy log that records it records something already dead.
Both are `kind.user.expires.signature`, signed with HMAC-SHA256; no server state.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping

from roomchat.errors import Unauthorized

TOKEN_TTL = 12 * 3600


def sign(secret: str, kind: str, user: str, *, ttl: int, now: float) -> str:
    """A credential of `kind` ("token" or "ticket") for `user`, valid for `ttl` seconds."""
    if not user.isalnum():
        raise ValueError(f"user names are letters and digits: {user!r}")
    return _signed(secret, f"{kind}.{user}.{int(now) + ttl}")


def verify(secret: str, kind: str, credential: str, *, now: float) -> str:
    """The user a valid credential of `kind` names; Unauthorized otherwise."""
    body = credential.rsplit(".", 1)[0]
    # Constant-time comparison first; only a genuine credential's claims are read.
    if not hmac.compare_digest(_signed(secret, body).encode(), credential.encode()):
        raise Unauthorized("bad signature")
    got_kind, user, expires = body.split(".")
    if got_kind != kind:
        raise Unauthorized(f"a {got_kind} is not a {kind}")
    if int(expires) < now:
        raise Unauthorized("expired")
    return user


def _signed(secret: str, body: str) -> str:
    mac = hmac.new(secret.encode(), body.encode(), hashlib.sha256).digest()
    return f"{body}.{base64.urlsafe_b64encode(mac).decode().rstrip('=')}"


def authenticate(
    secret: str, headers: Mapping[str, str], query: Mapping[str, str], *, now: float
) -> str:
    """The user behind a handshake: a Bearer token in the header, or a ticket in the URL."""
    header = headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return verify(secret, "token", header[7:].strip(), now=now)
    if "ticket" in query:
        return verify(secret, "ticket", query["ticket"], now=now)
    raise Unauthorized("no credential")


def origin_allowed(origin: str | None, allowed: frozenset[str]) -> bool:
    """Refuse a browser page from another site (cross-site WebSocket hijacking).

    Browsers send cookies with a WebSocket handshake to any site and do not apply CORS to it:
    the Origin header is the server's only sign of which page opened the socket.
    """
    if origin is None:
        return True  # not a browser: it has no victim's cookies to ride on
    return origin in allowed
