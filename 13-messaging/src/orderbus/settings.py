"""Settings, read once at start (lesson 03's rule: a bad variable is named, exit 78)."""

from __future__ import annotations

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ORDERBUS_", frozen=True, populate_by_name=True)

    amqp_url: str = Field(
        default="amqp://course:course@127.0.0.1:5672/course",
        validation_alias=AliasChoices("ORDERBUS_AMQP_URL", "COURSE_AMQP_URL"),
    )
    postgres_url: str = Field(
        default="postgresql://course:course@127.0.0.1:5432/course",
        validation_alias=AliasChoices("ORDERBUS_POSTGRES_URL", "COURSE_POSTGRES_URL"),
    )
    # Every exchange and queue name starts with this: tests and examples use their own.
    namespace: str = Field(default="orderbus", pattern=r"^[a-z0-9][a-z0-9._-]*$")
    # Unacked messages one consumer may hold: its batch size and its share of the queue.
    prefetch: int = Field(default=10, ge=1, le=1000)
    # Attempts before a message goes to the dead letters; attempt n waits retry_base_ms*2^(n-1).
    max_attempts: int = Field(default=4, ge=1, le=10)
    retry_base_ms: int = Field(default=1000, ge=1)
