"""Users and refresh tokens in SQLite (stdlib `sqlite3`), one short connection per call.

Refresh tokens are stored as SHA-256 digests, never in clear: a leaked database (or backup)
must not hand out live sessions. Rows are never deleted on use: a used row is what lets us
recognise a replayed token and revoke its whole family.

User ids are `AUTOINCREMENT`: an access token names its user by id (`sub`), and a plain
`INTEGER PRIMARY KEY` hands the highest id out again once that user is deleted, so a
deleted user's token would sign in as the next user to register.

Every connection is opened in autocommit mode (`isolation_level=None`) so that transactions
are explicit: `BEGIN IMMEDIATE` takes the write lock *before* reading, which is what makes
`rotate_refresh` atomic between processes, not only between threads.
"""

from __future__ import annotations

import enum
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    scopes TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS refresh_tokens (
    token_hash BLOB PRIMARY KEY,
    family_id TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    expires_at INTEGER NOT NULL,
    used_at INTEGER,
    revoked_at INTEGER
);
CREATE INDEX IF NOT EXISTS refresh_tokens_family ON refresh_tokens(family_id);
"""

BUSY_TIMEOUT_SECONDS = 10.0


@dataclass(frozen=True, slots=True)
class User:
    id: int
    username: str
    password_hash: str
    scopes: frozenset[str]


class Rotation(enum.Enum):
    """What `rotate_refresh` did with the presented token."""

    ROTATED = "rotated"  # it was live; it is now used and its successor is stored
    REUSED = "reused"  # it had been used before: the family is now revoked
    INVALID = "invalid"  # unknown, expired or revoked: nothing changed


@dataclass(frozen=True, slots=True)
class RotationResult:
    outcome: Rotation
    user_id: int | None = None


def _user(row: tuple[int, str, str, str]) -> User:
    return User(row[0], row[1], row[2], frozenset(row[3].split()))


class Store:
    def __init__(self, path: str) -> None:
        self.path = path

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """A connection that is closed on every path (`with sqlite3.connect()` is not)."""
        with closing(
            sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        ) as conn:
            conn.execute("PRAGMA foreign_keys = ON")
            yield conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """`BEGIN IMMEDIATE` ... `COMMIT`, or `ROLLBACK` if the block raises."""
        with self.connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:  # a failed COMMIT or a lost lock may have ended it
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def init(self) -> None:
        with self.connect() as conn:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.executescript(SCHEMA)

    # users

    def add_user(self, username: str, password_hash: str, scopes: frozenset[str]) -> int:
        """Insert a user; `sqlite3.IntegrityError` if the name is taken."""
        with self.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO users (username, password_hash, scopes) VALUES (?, ?, ?)",
                (username, password_hash, " ".join(sorted(scopes))),
            )
            if cursor.lastrowid is None:  # sqlite always sets it after an INSERT
                raise RuntimeError("INSERT returned no row id")
            return cursor.lastrowid

    def find_user(self, username: str) -> User | None:
        with self.connect() as conn:
            row = conn.execute(
                "SELECT id, username, password_hash, scopes FROM users WHERE username = ?",
                (username,),
            ).fetchone()
        return None if row is None else _user(row)

    def get_user(self, user_id: int) -> User | None:
        with self.connect() as conn:
            row = conn.execute(
                "SELECT id, username, password_hash, scopes FROM users WHERE id = ?", (user_id,)
            ).fetchone()
        return None if row is None else _user(row)

    def list_users(self) -> list[User]:
        with self.connect() as conn:
            rows = conn.execute(
                "SELECT id, username, password_hash, scopes FROM users ORDER BY id"
            ).fetchall()
        return [_user(row) for row in rows]

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                "UPDATE users SET password_hash = ? WHERE id = ?", (password_hash, user_id)
            )

    def set_scopes(self, username: str, scopes: frozenset[str]) -> None:
        with self.transaction() as conn:
            conn.execute(
                "UPDATE users SET scopes = ? WHERE username = ?",
                (" ".join(sorted(scopes)), username),
            )

    # refresh tokens

    def add_refresh(self, token_hash: bytes, family_id: str, user_id: int, expires_at: int) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO refresh_tokens (token_hash, family_id, user_id, expires_at)"
                " VALUES (?, ?, ?, ?)",
                (token_hash, family_id, user_id, expires_at),
            )

    def rotate_refresh(
        self, old_hash: bytes, new_hash: bytes, now: int, expires_at: int
    ) -> RotationResult:
        """Spend `old_hash` and store `new_hash` in its family, in one transaction.

        The conditional UPDATE is the claim: only a live row matches, and the write lock
        (`BEGIN IMMEDIATE`) means a second caller with the same token waits, then finds the
        row already used, and takes the reuse branch.
        """
        with self.transaction() as conn:
            claimed = conn.execute(
                "UPDATE refresh_tokens SET used_at = :now"
                " WHERE token_hash = :old AND used_at IS NULL AND revoked_at IS NULL"
                " AND expires_at > :now"
                " RETURNING family_id, user_id",
                {"now": now, "old": old_hash},
            ).fetchone()
            if claimed is not None:
                family_id, user_id = claimed
                conn.execute(
                    "INSERT INTO refresh_tokens (token_hash, family_id, user_id, expires_at)"
                    " VALUES (?, ?, ?, ?)",
                    (new_hash, family_id, user_id, expires_at),
                )
                return RotationResult(Rotation.ROTATED, user_id)
            row = conn.execute(
                "SELECT family_id, used_at FROM refresh_tokens WHERE token_hash = ?",
                (old_hash,),
            ).fetchone()
            if row is None or row[1] is None:
                return RotationResult(Rotation.INVALID)
            # Used before: either the client or a thief holds a stale copy. We cannot tell
            # which, so every token of the family dies (OAuth 2.0 Security BCP, 4.14.2).
            self._revoke_family(conn, row[0], now)
            return RotationResult(Rotation.REUSED)

    def revoke_family_of(self, token_hash: bytes, now: int) -> None:
        """Logout: revoke the family the token belongs to (nothing if it is unknown)."""
        with self.transaction() as conn:
            row = conn.execute(
                "SELECT family_id FROM refresh_tokens WHERE token_hash = ?", (token_hash,)
            ).fetchone()
            if row is not None:
                self._revoke_family(conn, row[0], now)

    @staticmethod
    def _revoke_family(conn: sqlite3.Connection, family_id: str, now: int) -> None:
        conn.execute(
            "UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL",
            (now, family_id),
        )
