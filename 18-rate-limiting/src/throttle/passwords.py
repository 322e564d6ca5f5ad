"""A deliberately expensive password check (PBKDF2), counting every hash it computes.

The count is how the tests prove *where* the login limit runs: a limit that runs after the
hash has already paid for the hash (lab 04). Lesson 10 covers password hashing properly.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import os

ITERATIONS = 50_000


class PasswordChecker:
    def __init__(self, users: dict[str, str]) -> None:
        self.hashes = 0
        self._users: dict[str, tuple[bytes, bytes]] = {}
        for user, password in users.items():
            salt = os.urandom(16)
            self._users[user] = (salt, self._hash(password, salt))

    @staticmethod
    def _hash(password: str, salt: bytes) -> bytes:
        return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, ITERATIONS)

    async def verify(self, user: str, password: str) -> bool:
        """Hash once per call, known user or not, so timing does not reveal who exists."""
        salt, stored = self._users.get(user, (b"\0" * 16, b""))
        self.hashes += 1
        computed = await asyncio.to_thread(self._hash, password, salt)
        return hmac.compare_digest(computed, stored)
