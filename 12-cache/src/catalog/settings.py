"""Settings, read once at start (lesson 03's rule: a bad variable is named, exit 78)."""

from __future__ import annotations

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CATALOG_", frozen=True, populate_by_name=True)

    postgres_url: str = Field(
        default="postgresql://course:course@127.0.0.1:5432/course",
        validation_alias=AliasChoices("CATALOG_POSTGRES_URL", "COURSE_POSTGRES_URL"),
    )
    redis_url: str = Field(
        default="redis://127.0.0.1:6379/0",
        validation_alias=AliasChoices("CATALOG_REDIS_URL", "COURSE_REDIS_URL"),
    )
    key_prefix: str = "catalog"
    # A cache hit costs well under a millisecond; past this, Redis counts as down for this call
    # and the read goes to Postgres. redis-py's own default is 5 s, with 10 retries.
    redis_timeout_seconds: float = Field(default=0.25, gt=0, le=5)
    # Connections to Redis, shared by every request; a burst waits for one (for at most the
    # timeout above) instead of opening a hundred new ones at once.
    redis_max_connections: int = Field(default=32, ge=1)
    ttl_seconds: float = Field(default=300, gt=0)
    ttl_jitter: float = Field(default=0.1, ge=0, lt=1)  # +-10%: keys set together expire apart
    negative_ttl_seconds: float = Field(default=10, gt=0)  # "no such product", briefly
    lease_seconds: float = Field(default=2, gt=0)  # one loader per key across processes
