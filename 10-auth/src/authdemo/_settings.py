"""Configuration, read once from the environment in `create_app()`.

The defaults are the production values. Tests build their own `Settings` (or set the
variables for a server process) with cheap Argon2 parameters; nothing in the code paths
weakens them on its own.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class HashingParams:
    """Password hashing cost.

    Argon2id defaults are RFC 9106's second recommended option (t=3, 64 MiB, p=4), which is
    also argon2-cffi's default profile. Raising them later is safe: `verify_and_update`
    re-hashes each user's password with the new cost at their next login.

    Each Argon2 call holds `argon2_memory_kib` of memory, so at most `max_concurrent_hashes`
    run at once; a caller waits up to `hash_wait_seconds` for a slot, then gets a 503.
    """

    argon2_time_cost: int = 3
    argon2_memory_kib: int = 64 * 1024
    argon2_parallelism: int = 4
    bcrypt_rounds: int = 12
    max_concurrent_hashes: int = 4
    hash_wait_seconds: float = 10.0


@dataclass(frozen=True, slots=True)
class TokenSettings:
    """Access-token policy: who issues them, for whom, and for how long."""

    issuer: str = "https://auth.authdemo.test"
    audience: str = "authdemo-api"
    access_ttl_seconds: int = 300
    leeway_seconds: int = 10
    refresh_ttl_seconds: int = 14 * 24 * 3600


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything `create_app()` needs.

    - `db_path`: the SQLite file for users and refresh tokens.
    - `key_dir`: a directory of PEM private keys named `<kid>.pem`; `active_kid` picks the
      one that signs (default: the last name in sort order). Without `key_dir` the server
      generates an ephemeral key at startup: every token dies with the process.
    """

    db_path: str = "authdemo.db"
    hashing: HashingParams = field(default_factory=HashingParams)
    tokens: TokenSettings = field(default_factory=TokenSettings)
    key_dir: Path | None = None
    active_kid: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        hashing = HashingParams(
            argon2_time_cost=_positive_int(env, "AUTHDEMO_ARGON2_TIME_COST", 3),
            argon2_memory_kib=_positive_int(env, "AUTHDEMO_ARGON2_MEMORY_KIB", 64 * 1024),
            argon2_parallelism=_positive_int(env, "AUTHDEMO_ARGON2_PARALLELISM", 4),
            bcrypt_rounds=_positive_int(env, "AUTHDEMO_BCRYPT_ROUNDS", 12),
            max_concurrent_hashes=_positive_int(env, "AUTHDEMO_MAX_CONCURRENT_HASHES", 4),
        )
        tokens = TokenSettings(
            access_ttl_seconds=_positive_int(env, "AUTHDEMO_ACCESS_TTL_SECONDS", 300),
        )
        key_dir = env.get("AUTHDEMO_KEY_DIR", "")
        return cls(
            db_path=env.get("AUTHDEMO_DB", "authdemo.db"),
            hashing=hashing,
            tokens=tokens,
            key_dir=Path(key_dir) if key_dir else None,
            active_kid=env.get("AUTHDEMO_ACTIVE_KID") or None,
        )


def _positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    """`env[name]` as a whole number >= 1; a bad value fails startup naming the variable."""
    raw = env.get(name, "")
    if not raw:
        return default
    problem = f"{name} must be a whole number >= 1, not {raw!r}"
    try:
        value = int(raw)
    except ValueError as exc:
        raise ValueError(problem) from exc
    if value < 1:  # a TTL of 0, or an Argon2 cost of 0, is a typo, not a policy
        raise ValueError(problem)
    return value
