"""Middleware 2 (and its alternative): API-key authentication, two ways.

`ApiKeyMiddleware` is blanket: it runs for every HTTP request before routing, so it also
guards paths that do not exist (a 404 is never reached without a key) and it cannot read
anything about the route (it has only a path, so public routes are an explicit list).

`require_principal` is the FastAPI dependency version: per route, declared in the route's
signature, visible in the OpenAPI schema as a security scheme, and it hands the handler a
typed `Principal`. Unknown paths and wrong methods get 404/405 before it ever runs.

Both check `Authorization: Bearer <key>` with the same `KeyVerifier`, and both answer 401 with
`WWW-Authenticate` (RFC 6750), so the client learns which scheme to use.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.types import ASGIApp, Receive, Scope, Send

from routing._asgi import header, refuse

MAX_KEY_LENGTH = 256
INDEX_BYTES = 8  # how much of the digest the lookup uses
DETAIL = "missing or invalid API key"


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: what a handler gets instead of a raw header."""

    name: str


class KeyVerifier:
    """Find the owner of an API key by its keyed hash, as a database finds a row by an index.

    API keys are random (`secrets.token_urlsafe(32)`: 256 bits), so the right tool is a fast
    keyed hash, HMAC-SHA256 with a server secret, looked up by its value:

    - A slow password hash (PBKDF2, bcrypt, Argon2) exists to make guessing a *low-entropy*
      secret expensive. Nobody enumerates 2**256 keys, however fast the hash; a slow hash
      only makes every request, and a flood of bad keys, burn CPU.
    - Per-key salts exist so that two users with the same password get different hashes and
      one precomputed table cannot crack them all. Random keys never repeat and cannot be
      precomputed, and a salted hash could not be *looked up*: it would be checked against
      every stored key in turn. One server secret (the HMAC key) is enough, and it means a
      leaked table of digests cannot be tested offline even for a weak key.

    `calls` counts the lookups: in production each one is a database query (or a call to an
    identity service), which is what the rate limit in front of auth protects (lab 02).
    """

    def __init__(self, keys: Mapping[str, str], secret: bytes | None = None) -> None:
        """`keys` maps each API key to its owner's name. Only digests are kept.

        `secret` is the HMAC key; by default a random one for this process, which is enough
        when the keys arrive in plain text at start. Digests stored in a database need the
        same secret at every start, from your secret store, never next to the digests.
        """
        self._secret = secrets.token_bytes(32) if secret is None else secret
        # The "index": the digest's first bytes -> (whole digest, owner), like a database
        # column `key_hash_prefix` with an index. Two stored keys sharing 8 bytes of HMAC is a
        # 1 in 2**64 event per pair; refuse it rather than shadow a key.
        self._index: dict[bytes, tuple[bytes, Principal]] = {}
        for key, owner in keys.items():
            digest = self.digest(key)
            if digest[:INDEX_BYTES] in self._index:
                raise ValueError("two API keys share an index prefix")
            self._index[digest[:INDEX_BYTES]] = (digest, Principal(owner))
        self.calls = 0

    def digest(self, key: str) -> bytes:
        return hmac.new(self._secret, key.encode(), hashlib.sha256).digest()

    def verify(self, presented: str) -> Principal | None:
        """The owner of `presented`, or None: one lookup, one constant-time comparison."""
        self.calls += 1
        digest = self.digest(presented)
        found = self._index.get(digest[:INDEX_BYTES])
        if found is None or not hmac.compare_digest(found[0], digest):
            return None
        return found[1]


def bearer_token(raw: bytes | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header value, or None."""
    if raw is None:
        return None
    scheme, _, token = raw.decode("latin-1").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > MAX_KEY_LENGTH:
        return None
    return token


def challenge(*, invalid: bool) -> str:
    """The `WWW-Authenticate` value: RFC 6750 adds `error="invalid_token"` for a bad key."""
    return 'Bearer realm="routing", error="invalid_token"' if invalid else 'Bearer realm="routing"'


class ApiKeyMiddleware:
    """Answer 401 to every HTTP request and websocket handshake without a valid key, except
    on `public_paths`."""

    def __init__(
        self, app: ASGIApp, verifier: KeyVerifier, public_paths: Iterable[str] = ()
    ) -> None:
        self.app = app
        self.verifier = verifier
        # Exact paths only: a prefix test (`startswith("/health")`) would also open
        # `/healthcheck-admin`, and the middleware cannot ask the router what a path is.
        self.public_paths = frozenset(public_paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Lifespan passes; websocket handshakes do not: a blanket rule that skipped them would
        # leave every websocket route public.
        if scope["type"] not in ("http", "websocket") or scope["path"] in self.public_paths:
            await self.app(scope, receive, send)
            return
        raw = header(scope, b"authorization")
        token = bearer_token(raw)
        principal = None if token is None else self.verifier.verify(token)
        if principal is None:
            www = challenge(invalid=token is not None)
            await refuse(scope, send, 401, DETAIL, [(b"www-authenticate", www.encode())])
            return
        # Handed to the app through the scope: `request.state.principal` in a handler.
        scope.setdefault("state", {})["principal"] = principal
        await self.app(scope, receive, send)


# --- the dependency version -------------------------------------------------------------

# auto_error=False: we raise our own 401 (with the same body and challenge as the
# middleware) instead of FastAPI's default. The scheme still appears in the OpenAPI schema.
bearer_scheme = HTTPBearer(auto_error=False, description="API key as a Bearer token")


async def require_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> Principal:
    """Per-route auth: the handler gets a `Principal` or the request gets a 401."""
    verifier: KeyVerifier = request.app.state.verifier
    token = None
    if credentials is not None and len(credentials.credentials) <= MAX_KEY_LENGTH:
        token = credentials.credentials
    principal = None if token is None else verifier.verify(token)
    if principal is None:
        raise HTTPException(
            status_code=401,
            detail=DETAIL,
            headers={"WWW-Authenticate": challenge(invalid=token is not None)},
        )
    return principal


def principal_from_state(request: Request) -> Principal:
    """Per-route access to what `ApiKeyMiddleware` stored. Fails closed if it is not there.

    Without the middleware in the stack this raises, and the client gets a 500, never an
    anonymous success.
    """
    principal = getattr(request.state, "principal", None)
    if not isinstance(principal, Principal):
        raise RuntimeError("no principal on the request: is ApiKeyMiddleware in the stack?")
    return principal
