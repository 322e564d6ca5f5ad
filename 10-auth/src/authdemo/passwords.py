"""Password hashing: the passlib API (from the maintained `libpass` distribution).

Policy, enforced here and again at the HTTP edge (422):

- a new password has at least `MIN_PASSWORD_CHARS` characters; any password (at login too)
  has at most `MAX_PASSWORD_BYTES` bytes of UTF-8 and no NUL or lone surrogate
  (`check_hashable`). The limit is in *bytes* because that is what hashes see, and it is
  generous: 64 characters of any script fit (an emoji is 4 bytes).
- new hashes are always Argon2id; bcrypt is only *verified* (legacy rows), and is marked
  deprecated, so a successful login re-hashes the password with Argon2id.
- bcrypt reads at most 72 bytes. bcrypt 4 silently truncated longer passwords, bcrypt 5
  raises ValueError. A legacy bcrypt hash of a long password was therefore made from its
  first 72 bytes, so that is exactly what we verify against it (never more: that would be a
  500), and the upgrade then hashes the *whole* password with Argon2id.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from passlib.context import CryptContext

from authdemo._settings import HashingParams
from authdemo.errors import HashingBusyError, PasswordPolicyError

MIN_PASSWORD_CHARS = 8
MAX_PASSWORD_BYTES = 256
BCRYPT_MAX_BYTES = 72


def check_policy(password: str) -> None:
    """For a new password: raise `PasswordPolicyError` if it is too short or too long."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise PasswordPolicyError(f"password must be at least {MIN_PASSWORD_CHARS} characters")
    check_hashable(password)


def check_hashable(password: str) -> None:
    """For any password, at login too: refuse what no hash may see, or what is too big.

    A NUL: passlib's bcrypt refuses it (`NullPasswordError`), so against a legacy bcrypt row
    it would be a 500, and only there: a way to tell which accounts are legacy ones. A lone
    surrogate (JSON allows `"\\ud800"`) has no UTF-8, and `UnicodeEncodeError`'s message
    would quote it back in the 422. Both are refused the same way for every user.
    """
    if "\x00" in password:
        raise PasswordPolicyError("password must not contain NUL characters")
    try:
        size = len(password.encode("utf-8"))
    except UnicodeEncodeError as exc:
        raise PasswordPolicyError("password must be valid Unicode (no lone surrogates)") from exc
    if size > MAX_PASSWORD_BYTES:
        raise PasswordPolicyError(f"password must be at most {MAX_PASSWORD_BYTES} bytes in UTF-8")


def make_context(params: HashingParams) -> CryptContext:
    """argon2 first (the scheme new hashes use), bcrypt still accepted but deprecated."""
    return CryptContext(
        schemes=["argon2", "bcrypt"],
        deprecated="auto",
        argon2__type="ID",
        argon2__time_cost=params.argon2_time_cost,
        argon2__memory_cost=params.argon2_memory_kib,
        argon2__parallelism=params.argon2_parallelism,
        bcrypt__rounds=params.bcrypt_rounds,
    )


class PasswordHasher:
    """Hash and verify passwords; `verify` is the single call a login makes.

    `dummy_hash` is a real Argon2 hash of a random secret, computed once here (not lazily on
    the first unknown user, which would make that one request slower). Login verifies
    against it when the user does not exist, so both paths do the same work.
    """

    def __init__(self, params: HashingParams) -> None:
        self.context = make_context(params)
        self.dummy_hash = self.context.hash(secrets.token_urlsafe(32))
        # Argon2's memory is per call: without a bound, a burst of logins (FastAPI runs 40
        # sync handlers at once) wants 40 times argon2_memory_kib.
        self._slots = threading.BoundedSemaphore(params.max_concurrent_hashes)
        self._wait_seconds = params.hash_wait_seconds

    @contextmanager
    def _slot(self) -> Iterator[None]:
        if not self._slots.acquire(timeout=self._wait_seconds):
            raise HashingBusyError()
        try:
            yield
        finally:
            self._slots.release()

    def hash(self, password: str) -> str:
        check_policy(password)
        with self._slot():
            return self.context.hash(password)

    def verify(self, password: str, stored_hash: str) -> tuple[bool, str | None]:
        """`(matched, replacement_hash)`: a replacement when the stored hash is outdated.

        The caller must save the replacement; that is how bcrypt rows (and Argon2 rows with
        old parameters) are upgraded at login. Unknown users go through here too (with the
        dummy hash), so the bound and its wait treat them alike.
        """
        check_hashable(password)
        with self._slot():
            return self._verify(password, stored_hash)

    def _verify(self, password: str, stored_hash: str) -> tuple[bool, str | None]:
        raw = password.encode("utf-8")
        if len(raw) > BCRYPT_MAX_BYTES and self.context.identify(stored_hash) == "bcrypt":
            # Legacy bcrypt saw only the first 72 bytes (possibly half a character).
            # verify_and_update would re-hash the *truncated* bytes, so upgrade by hand.
            matched = self.context.verify(raw[:BCRYPT_MAX_BYTES], stored_hash)
            return matched, self.context.hash(password) if matched else None
        matched, replacement = self.context.verify_and_update(password, stored_hash)
        return matched, replacement
