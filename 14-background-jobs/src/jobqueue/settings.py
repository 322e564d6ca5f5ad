"""Settings, read once at start (lesson 03's rule: a bad variable is named, exit 78)."""

from __future__ import annotations

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="JOBQUEUE_", frozen=True, populate_by_name=True)

    postgres_url: str = Field(
        default="postgresql://course:course@127.0.0.1:5432/course",
        validation_alias=AliasChoices("JOBQUEUE_POSTGRES_URL", "COURSE_POSTGRES_URL"),
    )
    amqp_url: str = Field(
        default="amqp://course:course@127.0.0.1:5672/course",
        validation_alias=AliasChoices("JOBQUEUE_AMQP_URL", "COURSE_AMQP_URL"),
    )
    redis_url: str = Field(
        default="redis://127.0.0.1:6379/0",
        validation_alias=AliasChoices("JOBQUEUE_REDIS_URL", "COURSE_REDIS_URL"),
    )
    # The Celery queue (and exchange) name; tests use their own `t-<hex>`.
    queue: str = Field(default="jobqueue", pattern=r"^[a-z0-9][a-z0-9._-]*$")
    # Every Redis key Celery writes starts with this; tests use `t:<hex>:`.
    redis_prefix: str = Field(default="jobqueue:")
    # The hand-built queue: how long a claimed job is leased to its worker, in seconds.
    lease_seconds: float = Field(default=30.0, gt=0)
    # Attempts before a job is dead; attempt n waits about backoff_base * 2^(n-1) seconds.
    max_attempts: int = Field(default=5, ge=1, le=50)
    backoff_base: float = Field(default=1.0, ge=0)
    # Celery: a task still running after this many seconds gets SoftTimeLimitExceeded, and is
    # killed 10 s later.
    task_soft_time_limit: int = Field(default=60, gt=0)
