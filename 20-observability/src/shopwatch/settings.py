"""Configuration from SHOPWATCH_* variables, read once at start (lesson 03's pattern)."""

from __future__ import annotations

from pydantic import AliasChoices, Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from shopwatch.errors import ConfigError


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="SHOPWATCH_",
        env_ignore_empty=True,
        hide_input_in_errors=True,
        populate_by_name=True,
    )

    # SHOPWATCH_REDIS_URL, else the course-wide COURSE_REDIS_URL, else compose's default.
    redis_url: str = Field(
        default="redis://127.0.0.1:6379/0",
        validation_alias=AliasChoices("SHOPWATCH_REDIS_URL", "COURSE_REDIS_URL"),
    )
    key_prefix: str = "shop:"
    pricing_url: str = "http://127.0.0.1:8001"
    service_name: str = "shop"
    # OTLP/HTTP traces endpoint (e.g. http://127.0.0.1:4318/v1/traces); unset: no export.
    otlp_endpoint: str | None = None
    # Head sampling: the share of new traces kept; a request with a parent follows its parent.
    trace_ratio: float = Field(default=1.0, ge=0.0, le=1.0)
    workers: int = Field(default=1, ge=1, le=64)


def load_settings() -> Settings:
    """Settings from the environment, or ConfigError naming every bad variable."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = [
            f"SHOPWATCH_{'_'.join(str(p) for p in error['loc']).upper()}: {error['msg']}"
            for error in exc.errors()
        ]
        raise ConfigError(problems) from None
