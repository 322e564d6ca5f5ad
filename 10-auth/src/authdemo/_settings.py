"""Configuration: `AUTHDEMO_*` variables, read once at startup with pydantic-settings.

`load_settings()` reads the environment through `Environment` (lesson 03's pattern) and
returns the frozen `Settings` the app is built from, or raises `ConfigError` naming *every*
bad variable (a value pydantic refuses, or an `AUTHDEMO_*` name that is not a setting), so
`authdemo-serve` prints them and exits 78 before anything is bound.

The defaults are the production values. Tests build their own `Settings` (or set the
variables for a server process) with cheap Argon2 parameters; nothing in the code paths
weakens them on its own.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pydantic import Field, PositiveInt, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from authdemo.errors import ConfigError

ENV_PREFIX = "AUTHDEMO_"


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


class Environment(BaseSettings):
    """The `AUTHDEMO_*` variables, one field each. An empty variable means the default."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, env_ignore_empty=True)

    db: str = "authdemo.db"
    key_dir: Path | None = None
    active_kid: str | None = None
    # A TTL or an Argon2 cost of 0 is a typo, not a policy: every number is at least 1.
    access_ttl_seconds: PositiveInt = 300
    argon2_time_cost: PositiveInt = 3
    argon2_memory_kib: Annotated[int, Field(ge=8)] = 64 * 1024  # Argon2's own minimum
    argon2_parallelism: PositiveInt = 4
    bcrypt_rounds: Annotated[int, Field(ge=4, le=31)] = 12  # what bcrypt accepts
    max_concurrent_hashes: PositiveInt = 4

    def to_settings(self) -> Settings:
        return Settings(
            db_path=self.db,
            hashing=HashingParams(
                argon2_time_cost=self.argon2_time_cost,
                argon2_memory_kib=self.argon2_memory_kib,
                argon2_parallelism=self.argon2_parallelism,
                bcrypt_rounds=self.bcrypt_rounds,
                max_concurrent_hashes=self.max_concurrent_hashes,
            ),
            tokens=TokenSettings(access_ttl_seconds=self.access_ttl_seconds),
            key_dir=self.key_dir,
            active_kid=self.active_kid,
        )


def load_settings() -> Settings:
    """Read the environment once, or raise `ConfigError` naming every bad variable."""
    known = {ENV_PREFIX + name.upper() for name in Environment.model_fields}
    # pydantic-settings ignores unknown variables: a typo would silently mean the default.
    problems = [
        (name, "not a setting (a typo?)")
        for name in sorted(os.environ)
        if name.upper().startswith(ENV_PREFIX) and name.upper() not in known
    ]
    try:
        environment = Environment()
    except ValidationError as exc:
        # include_input=False: the rejected value stays out of logs (it could be a secret).
        for error in exc.errors(include_url=False, include_input=False, include_context=False):
            problems.append((ENV_PREFIX + str(error["loc"][0]).upper(), error["msg"]))
        raise ConfigError(sorted(problems)) from exc
    if problems:
        raise ConfigError(problems)
    return environment.to_settings()
