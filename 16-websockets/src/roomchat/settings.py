"""Settings, read once at start: a bad variable is named and the server exits 78 (lesson 03)."""

from __future__ import annotations

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ROOMCHAT_", frozen=True, populate_by_name=True)

    redis_url: str = Field(
        default="redis://127.0.0.1:6379/0",
        validation_alias=AliasChoices("ROOMCHAT_REDIS_URL", "COURSE_REDIS_URL"),
    )
    # Every stream and channel name starts with this: tests use `t:<hex>:roomchat`.
    key_prefix: str = Field(default="roomchat", min_length=1)
    # Signs tokens and tickets (HMAC-SHA256). No default: a guessable secret is a bug.
    secret: SecretStr = Field(min_length=16)
    host: str = "127.0.0.1"
    port: int = Field(default=8765, ge=0, le=65535)
    # Browser pages allowed to open a socket (comma list). A missing Origin (curl, a backend
    # client) is allowed: cross-site hijacking needs a browser, and browsers always send one.
    allowed_origins: str = "http://127.0.0.1:8765,http://localhost:8765"
    # Keepalive: a ping every `ping_interval` s; no pong within `ping_timeout` s closes (1011).
    ping_interval: float = Field(default=20.0, gt=0)
    ping_timeout: float = Field(default=20.0, gt=0)
    # Events one connection may have waiting; one more and the client is cut off (1008).
    send_queue: int = Field(default=64, ge=1)
    # Largest message a client may send, in bytes; a bigger one closes with 1009.
    max_message: int = Field(default=4096, ge=1)
    # Events per room kept in the Redis Stream for resuming clients.
    replay_len: int = Field(default=1000, ge=1)
    ticket_ttl: int = Field(default=30, ge=1)

    def origins(self) -> frozenset[str]:
        return frozenset(o.strip() for o in self.allowed_origins.split(",") if o.strip())
