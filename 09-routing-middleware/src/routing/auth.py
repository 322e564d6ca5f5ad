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

import asyncio
import hashlib
import hmac
import os
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from routing._asgi import ASGIApp, Receive, Scope, Send, header, refuse

MAX_KEY_LENGTH = 256
DETAIL = "missing or invalid API key"


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: what a handler gets instead of a raw header."""

    name: str


class KeyVerifier:
    """Check an API key against the known keys, deliberately expensively.

    Keys are kept only as PBKDF2 digests (never in plain text), so each check costs
    `iterations` rounds of SHA-256: the stand-in for what is expensive in real systems (a
    database lookup, a call to an identity service, a password-strength hash). `calls` counts
    the checks, which is what the rate-limit lab measures.
    """

    def __init__(self, keys: Mapping[str, str], iterations: int = 100_000) -> None:
        """`keys` maps each API key to its owner's name."""
        if iterations < 1:
            raise ValueError(f"iterations must be >= 1, got {iterations}")
        self.iterations = iterations
        self._salt = os.urandom(16)
        self._known = [(self._digest(key), Principal(owner)) for key, owner in keys.items()]
        self.calls = 0
        self._calls_lock = threading.Lock()  # verify() runs in worker threads

    def _digest(self, key: str) -> bytes:
        return hashlib.pbkdf2_hmac("sha256", key.encode(), self._salt, self.iterations)

    def verify(self, presented: str) -> Principal | None:
        """The owner of `presented`, or None. Compares against every key in constant time."""
        with self._calls_lock:
            self.calls += 1
        digest = self._digest(presented)
        found = None
        for known, principal in self._known:
            if hmac.compare_digest(digest, known):
                found = principal
        return found

    async def averify(self, presented: str) -> Principal | None:
        """`verify` in a worker thread: a CPU-bound check must not stall the event loop."""
        return await asyncio.to_thread(self.verify, presented)


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
        principal = None if token is None else await self.verifier.averify(token)
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
    principal = None if token is None else await verifier.averify(token)
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
