"""The service's settings: one typed model, read from the environment, `.env` and defaults.

Precedence, highest first (pydantic-settings' default source order, kept on purpose):

    1. keyword arguments to ``Settings(...)``      (tests and code)
    2. environment variables ``SIGNER_*``          (what an orchestrator sets)
    3. the ``.env`` file in the working directory  (a developer's convenience)
    4. the defaults written below
"""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    HttpUrl,
    SecretStr,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_PREFIX = "SIGNER_"
NESTED_DELIMITER = "__"
PLACEHOLDER_SIGNING_KEY = "change-me"
MIN_SIGNING_KEY_LENGTH = 32


def _plain_number_is_seconds(value: Any) -> Any:
    """Read "90" or "2.5" as seconds.

    pydantic reads a timedelta from an int or float as seconds, but from a *string* only as
    ISO 8601 ("PT90S") or "[D days,] HH:MM:SS"; every environment variable is a string.
    """
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return value
    return value


def _say_what_a_duration_looks_like(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    # pydantic's own message for "2s" talks about a "day identifier": name the accepted forms.
    try:
        return handler(value)
    except ValidationError as exc:
        if any(error["type"] == "time_delta_parsing" for error in exc.errors()):
            raise PydanticCustomError(
                "duration_parsing",
                "expected a duration such as PT30S, PT15M, 00:15:00 or 900 (seconds)",
            ) from exc
        raise


# A duration: ISO 8601 ("PT2S", "PT15M"), "HH:MM:SS", or a plain number of seconds ("2.5").
Duration = Annotated[
    timedelta,
    WrapValidator(_say_what_a_duration_looks_like),
    BeforeValidator(_plain_number_is_seconds),
]


def _positive(value: timedelta) -> timedelta:
    if value <= timedelta(0):
        raise PydanticCustomError("duration_not_positive", "must be a positive duration")
    return value


PositiveDuration = Annotated[Duration, AfterValidator(_positive)]


class Environment(StrEnum):
    """Where the service runs. Only ``dev`` tolerates placeholder secrets."""

    DEV = "dev"
    TEST = "test"
    PROD = "prod"


class HttpSettings(BaseModel):
    """Where and how the service listens: ``SIGNER_HTTP__*``."""

    model_config = ConfigDict(frozen=True)

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535, description="0 picks a free port")
    request_timeout: PositiveDuration = timedelta(seconds=5)


class LinkSettings(BaseModel):
    """What the signed links look like: ``SIGNER_LINKS__*``."""

    model_config = ConfigDict(frozen=True)

    base_url: HttpUrl
    ttl: PositiveDuration = timedelta(minutes=15)


class Settings(BaseSettings):
    """Every setting of the signer service, validated all at once."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_nested_delimiter=NESTED_DELIMITER,
        env_file=".env",
        env_file_encoding="utf-8",
        # A rejected value may be a secret: keep it out of str(ValidationError).
        hide_input_in_errors=True,
        # The default, spelled out: an unknown key in .env (a typo) is an error.
        extra="forbid",
        frozen=True,
    )

    # `env` comes first: the signing_key validator reads it from info.data.
    env: Environment = Environment.DEV
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    http: HttpSettings = Field(default_factory=HttpSettings)
    links: LinkSettings
    signing_key: SecretStr = SecretStr(PLACEHOLDER_SIGNING_KEY)

    @model_validator(mode="before")
    @classmethod
    def _links_errors_name_the_missing_field(cls, data: Any) -> Any:
        # Without this, "nothing set" reports `links` missing instead of SIGNER_LINKS__BASE_URL.
        if isinstance(data, dict) and "links" not in data:
            return {**data, "links": {}}
        return data

    @field_validator("signing_key")
    @classmethod
    def _real_key_outside_dev(cls, key: SecretStr, info: ValidationInfo) -> SecretStr:
        env = info.data.get("env")  # absent when `env` itself was invalid
        if env is None or env is Environment.DEV:
            return key
        value = key.get_secret_value()
        if value == PLACEHOLDER_SIGNING_KEY:
            raise ValueError(f"the placeholder signing key is refused when env={env.value}")
        if len(value) < MIN_SIGNING_KEY_LENGTH:
            raise ValueError(
                f"must be at least {MIN_SIGNING_KEY_LENGTH} characters when env={env.value}"
            )
        return key
