"""Settings read once, at the edge, from a mapping (os.environ in production, a dict in tests).

LATEFEES_DATABASE_URL   postgresql://... (required)
LATEFEES_NOTIFY_URL     http(s)://... where fee notices are POSTed (required)
LATEFEES_GRACE_DAYS     whole days without a fee (default 3)

`Settings` is lesson 03's pydantic-settings model (prefix `LATEFEES_`, every bad variable named,
exit 78 in serve.py). Its only source is what `load_settings` hands it from the mapping it is
given: pydantic-settings would otherwise also read os.environ and `.env` behind the mapping's
back, and a test's dict would no longer be the whole environment.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from latefees.errors import ConfigError
from latefees.fees import Policy

ENV_PREFIX = "LATEFEES_"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, frozen=True, hide_input_in_errors=True)

    database_url: str
    notify_url: str
    grace_days: int = Field(default=3, ge=0)

    @field_validator("database_url")
    @classmethod
    def _postgres(cls, value: str) -> str:
        if not value.startswith(("postgresql://", "postgres://")):
            raise ValueError("must be a postgresql:// URL")
        return value

    @field_validator("notify_url")
    @classmethod
    def _http(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL")
        return value

    @property
    def policy(self) -> Policy:
        return Policy(grace_days=self.grace_days)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Keyword arguments only: load_settings passes the mapping's values, and nothing else
        # (no os.environ, no .env file) may fill in a variable the mapping lacks.
        return (init_settings,)


def load_settings(environ: Mapping[str, str]) -> Settings:
    """Every bad or missing variable is named in one ConfigError, not just the first."""
    values = {
        name: environ[ENV_PREFIX + name.upper()]
        for name in Settings.model_fields
        if ENV_PREFIX + name.upper() in environ
    }
    try:
        return Settings.model_validate(values)
    except ValidationError as exc:
        problems = [
            f"{ENV_PREFIX}{str(error['loc'][0]).upper()}: {error['msg']}"
            for error in exc.errors(include_url=False, include_input=False)
        ]
        raise ConfigError(problems) from None
