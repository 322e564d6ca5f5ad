"""Settings from the environment (`ROUTING_*`), read once at start with pydantic-settings.

Lesson 03's rule: `load_settings()` either returns valid settings or raises `ConfigError`
naming *every* bad variable; `routing-serve` prints one line per variable and exits 78
before anything is bound. A rejected value is never echoed: `ROUTING_API_KEYS` is a secret.
"""

from __future__ import annotations

import os
from typing import Annotated, Any, Literal

from pydantic import Field, PositiveInt, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

AuthMode = Literal["middleware", "dependency"]
ENV_PREFIX = "ROUTING_"


def parse_keys(raw: str) -> dict[str, str]:
    """`owner:key,owner:key` -> {key: owner}."""
    keys: dict[str, str] = {}
    for number, entry in enumerate(filter(None, (part.strip() for part in raw.split(","))), 1):
        owner, sep, key = entry.partition(":")
        if not sep or not owner.strip() or not key.strip():
            # Never echo the entry: it holds an API key.
            raise ValueError(f"entry {number} is not owner:key")
        keys[key.strip()] = owner.strip()
    return keys


class Settings(BaseSettings):
    """What the app needs. Keyword arguments beat `ROUTING_*` variables, which beat defaults."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        hide_input_in_errors=True,  # a rejected value may be an API key
        frozen=True,
    )

    # key -> owner. NoDecode: the variable is `owner:key,owner:key`, not JSON.
    api_keys: Annotated[dict[str, str], NoDecode] = Field(default_factory=dict, repr=False)
    rate_capacity: PositiveInt = 20
    # allow_inf_nan=False: "nan", "inf" and "1e999" would switch the limit off without a word.
    rate_per_second: float = Field(default=5.0, gt=0, allow_inf_nan=False)
    cors_origins: Annotated[tuple[str, ...], NoDecode] = ("http://localhost:5173",)
    auth_mode: AuthMode = "middleware"

    @field_validator("api_keys", mode="before")
    @classmethod
    def _keys_from_pairs(cls, value: Any) -> Any:
        return parse_keys(value) if isinstance(value, str) else value

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _origins_from_commas(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tuple(origin.strip() for origin in value.split(",") if origin.strip())
        return value


class ConfigError(Exception):
    """The environment does not make valid settings; `problems` has one line per variable."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def known_variables() -> set[str]:
    return {ENV_PREFIX + name.upper() for name in Settings.model_fields}


def load_settings() -> Settings:
    """Settings from the `ROUTING_*` environment variables, or ConfigError naming each bad one.

    An unknown `ROUTING_*` variable is an error too: pydantic-settings ignores it, and a typo
    (`ROUTING_RATE_CAPACTY`) would otherwise fall back to the default without a word.
    """
    known = known_variables()
    problems = [
        f"{name}: not a setting (a typo?)"
        for name in sorted(os.environ)
        if name.upper().startswith(ENV_PREFIX) and name.upper() not in known
    ]
    try:
        settings = Settings()
    except ValidationError as exc:
        problems += [
            f"{ENV_PREFIX}{str(error['loc'][0]).upper()}: {error['msg']}"
            # include_input=False: the rejected value may be an API key.
            for error in exc.errors(include_url=False, include_input=False, include_context=False)
        ]
    if problems:
        raise ConfigError(problems)
    return settings
