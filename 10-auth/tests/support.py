"""Helpers shared by the tests: cheap hashing, keys on disk, a hasher that counts, servers,
two threads at once."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import bcrypt

from authdemo import Auth, HashingParams, KeySet, PasswordHasher, Store, TokenSettings
from authdemo.keys import private_pem
from tests.procs import DEADLINE, Server, serve

# Valid Argon2id and bcrypt parameters, chosen to be cheap. Only tests construct these;
# the production defaults in `HashingParams()` are untouched.
FAST_HASHING = HashingParams(
    argon2_time_cost=1, argon2_memory_kib=1024, argon2_parallelism=1, bcrypt_rounds=4
)
FAST_ENV = {
    "AUTHDEMO_ARGON2_TIME_COST": "1",
    "AUTHDEMO_ARGON2_MEMORY_KIB": "1024",
    "AUTHDEMO_ARGON2_PARALLELISM": "1",
    "AUTHDEMO_BCRYPT_ROUNDS": "4",
}
PASSWORD = "correct horse battery staple"


class CountingHasher(PasswordHasher):
    """The real hasher, recording how many password verifications it ran."""

    def __init__(self, params: HashingParams) -> None:
        super().__init__(params)
        self.verifications = 0

    def verify(self, password: str, stored_hash: str) -> tuple[bool, str | None]:
        self.verifications += 1
        return super().verify(password, stored_hash)


def legacy_bcrypt_hash(password: str) -> str:
    """A hash as the old bcrypt-based system stored it: bcrypt 4 hashed the first 72 bytes."""
    return bcrypt.hashpw(password.encode("utf-8")[:72], bcrypt.gensalt(rounds=4)).decode()


def make_auth(db: Path, keys: KeySet, hasher: PasswordHasher | None = None) -> Auth:
    store = Store(str(db))
    store.init()
    return Auth(store, hasher or CountingHasher(FAST_HASHING), keys, TokenSettings())


def write_key_dir(directory: Path, keys: KeySet) -> Path:
    """Write the signing key as `<kid>.pem` (mode 0600), as a secret store would mount it."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{keys.signing_kid}.pem"
    path.write_bytes(private_pem(keys.signing_key))
    path.chmod(0o600)
    return directory


@contextmanager
def fresh_server(db: Path, keys: KeySet) -> Iterator[Server]:
    """A real `authdemo-serve` on a free port: its own database `db`, signing with `keys`."""
    key_dir = write_key_dir(db.parent / "keys", keys)
    running = serve(AUTHDEMO_DB=str(db), AUTHDEMO_KEY_DIR=str(key_dir), **FAST_ENV)
    try:
        yield running
    finally:
        running.close()


def run_twice_at_once(use: Callable[[], None]) -> None:
    """Run `use` in two threads and wait for both; `use` lines them up with a Barrier."""
    threads = [threading.Thread(target=use) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(DEADLINE)
        assert not thread.is_alive(), f"a thread still runs after {DEADLINE} s"


def family_states(db: str, token_hash: bytes) -> dict[str, int]:
    """How many tokens of this token's family are live, used, revoked: read from the file."""
    with closing(sqlite3.connect(db)) as conn:
        row = conn.execute(
            "SELECT"
            " SUM(used_at IS NULL AND revoked_at IS NULL),"
            " SUM(used_at IS NOT NULL), SUM(revoked_at IS NOT NULL)"
            " FROM refresh_tokens WHERE family_id ="
            " (SELECT family_id FROM refresh_tokens WHERE token_hash = ?)",
            (token_hash,),
        ).fetchone()
    live, used, revoked = (value or 0 for value in row)
    return {"live": live, "used": used, "revoked": revoked}
