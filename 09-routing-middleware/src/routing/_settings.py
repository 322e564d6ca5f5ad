"""Settings from the environment (`ROUTING_*`), parsed once, with clear errors."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, TypeVar, cast

AuthMode = Literal["middleware", "dependency"]


N = TypeVar("N", int, float)


def _number(env: Mapping[str, str], name: str, default: N, kind: type[N]) -> N:
    """`env[name]` as a positive `kind`, or `default`; a bad value names the variable."""
    raw = env.get(name)
    if raw is None:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise ValueError(f"{name} must be a number, got {raw!r}") from None
    # float() also reads "nan" and "inf" (and "1e999" as inf); either would switch the rate
    # limit off without a word (a NaN compares False with everything).
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {raw!r}")
    return value


def parse_keys(raw: str) -> dict[str, str]:
    """`owner:key,owner:key` -> {key: owner}."""
    keys: dict[str, str] = {}
    for entry in filter(None, (part.strip() for part in raw.split(","))):
        owner, sep, key = entry.partition(":")
        if not sep or not owner or not key:
            raise ValueError(f"ROUTING_API_KEYS entries look like owner:key, got {entry!r}")
        keys[key] = owner
    return keys


@dataclass(frozen=True, slots=True)
class Settings:
    api_keys: Mapping[str, str] = field(default_factory=dict)  # key -> owner
    key_iterations: int = 100_000
    rate_capacity: int = 20
    rate_per_second: float = 5.0
    cors_origins: tuple[str, ...] = ("http://localhost:5173",)
    auth_mode: AuthMode = "middleware"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        default = cls()
        mode = env.get("ROUTING_AUTH_MODE", default.auth_mode)
        if mode not in ("middleware", "dependency"):
            raise ValueError(f"ROUTING_AUTH_MODE must be middleware or dependency, got {mode!r}")
        origins = env.get("ROUTING_CORS_ORIGINS")
        return cls(
            api_keys=parse_keys(env.get("ROUTING_API_KEYS", "")),
            key_iterations=_number(env, "ROUTING_KEY_ITERATIONS", default.key_iterations, int),
            rate_capacity=_number(env, "ROUTING_RATE_CAPACITY", default.rate_capacity, int),
            rate_per_second=_number(env, "ROUTING_RATE_PER_SECOND", default.rate_per_second, float),
            cors_origins=default.cors_origins
            if origins is None
            else tuple(o.strip() for o in origins.split(",") if o.strip()),
            auth_mode=cast(AuthMode, mode),
        )
