"""The auth core: register, login, refresh, logout. No HTTP in here (see `app.py`).

Refresh tokens are opaque random strings (`secrets.token_urlsafe(32)`, 256 bits). The
database keeps only their SHA-256. A fast hash is right here, and Argon2 would be wrong:

- slow hashes exist to make guessing *low-entropy* secrets (passwords) expensive; nobody
  can enumerate 2**256 random tokens, however fast the hash;
- we must find the row by the token (`WHERE token_hash = ?`), which needs a deterministic
  hash; Argon2 is salted, so it could only be checked row by row;
- a refresh happens every few minutes per client: Argon2's cost would be paid constantly.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from authdemo._settings import TokenSettings
from authdemo._store import Rotation, Store, User
from authdemo.errors import (
    InvalidCredentialsError,
    RefreshTokenError,
    RefreshTokenReuseError,
    UsernameTakenError,
)
from authdemo.keys import KeySet
from authdemo.passwords import PasswordHasher
from authdemo.tokens import issue_access_token

REFRESH_TOKEN_BYTES = 32


def hash_refresh_token(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8")).digest()


def new_refresh_token() -> str:
    return secrets.token_urlsafe(REFRESH_TOKEN_BYTES)


@dataclass(frozen=True, slots=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int
    token_type: str = "Bearer"  # noqa: S105  (the scheme's name, not a secret)


class Auth:
    """Wires the store, the password hasher and the signing keys together."""

    def __init__(
        self,
        store: Store,
        hasher: PasswordHasher,
        keys: KeySet,
        settings: TokenSettings,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.hasher = hasher
        self.keys = keys
        self.settings = settings
        self.clock = clock

    def register(self, username: str, password: str, scopes: frozenset[str] = frozenset()) -> int:
        password_hash = self.hasher.hash(password)
        try:
            return self.store.add_user(username, password_hash, scopes)
        except sqlite3.IntegrityError as exc:
            raise UsernameTakenError(username) from exc

    def authenticate(self, username: str, password: str) -> User:
        """The user, if the password matches. One hash verification whatever happens.

        An unknown user is verified against the hasher's dummy hash, so "no such user" costs
        the same as "wrong password" and the response time does not reveal which it was.
        """
        user = self.store.find_user(username)
        stored = self.hasher.dummy_hash if user is None else user.password_hash
        matched, replacement = self.hasher.verify(password, stored)
        if user is None or not matched:
            raise InvalidCredentialsError()
        if replacement is not None:
            self.store.set_password_hash(user.id, replacement)
        return user

    def login(self, username: str, password: str) -> TokenPair:
        user = self.authenticate(username, password)
        refresh = new_refresh_token()
        self.store.add_refresh(
            hash_refresh_token(refresh), uuid.uuid4().hex, user.id, self._refresh_expiry()
        )
        return self._pair(user, refresh)

    def refresh(self, refresh_token: str) -> TokenPair:
        """Spend `refresh_token`, return a new pair. A replayed token revokes its family."""
        new = new_refresh_token()
        result = self.store.rotate_refresh(
            hash_refresh_token(refresh_token),
            hash_refresh_token(new),
            now=int(self.clock()),
            expires_at=self._refresh_expiry(),
        )
        if result.outcome is Rotation.REUSED:
            raise RefreshTokenReuseError()
        if result.outcome is Rotation.INVALID or result.user_id is None:
            raise RefreshTokenError()
        user = self.store.get_user(result.user_id)
        if user is None:
            raise RefreshTokenError()
        return self._pair(user, new)

    def logout(self, refresh_token: str) -> None:
        """Revoke the session (the token's family). Unknown tokens are ignored."""
        self.store.revoke_family_of(hash_refresh_token(refresh_token), int(self.clock()))

    def _refresh_expiry(self) -> int:
        return int(self.clock()) + self.settings.refresh_ttl_seconds

    def _pair(self, user: User, refresh: str) -> TokenPair:
        access = issue_access_token(
            self.keys, self.settings, str(user.id), user.scopes, now=self.clock()
        )
        return TokenPair(access, refresh, self.settings.access_ttl_seconds)
