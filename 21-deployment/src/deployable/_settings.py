"""Configuration from the environment (twelve-factor), with one rule per environment.

The same image runs in dev, staging and prod; only the environment differs. The environment's
name selects a row of `RULES` here, and nowhere else: the rest of the code reads settings
(`expose_docs`, `drain_seconds`), never `if environment == "prod"`.

Secrets come from files: Kubernetes mounts a Secret as a directory with one file per key
(`/run/secrets/app/app_database_url`), and pydantic-settings reads such a directory with
`secrets_dir`. A file beats the default; an environment variable beats the file.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from deployable.errors import ConfigError

EXIT_CONFIG = 78  # EX_CONFIG: fix the configuration; retrying will not help
PREFIX = "APP_"
SECRETS_DIR_VARIABLE = "APP_SECRETS_DIR"
DEFAULT_SECRETS_DIR = "/run/secrets/app"
Environment = Literal["dev", "staging", "prod"]


@dataclass(frozen=True, slots=True)
class Rule:
    """What an environment demands of the configuration."""

    required_secrets: tuple[str, ...]  # fields that must come from a secret, not a default
    docs_allowed: bool


RULES: dict[Environment, Rule] = {
    "dev": Rule(required_secrets=(), docs_allowed=True),
    "staging": Rule(required_secrets=("database_url", "upstream_token"), docs_allowed=True),
    "prod": Rule(required_secrets=("database_url", "upstream_token"), docs_allowed=False),
}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=PREFIX, env_ignore_empty=True, hide_input_in_errors=True, frozen=True
    )

    environment: Environment = "dev"
    database_url: SecretStr | None = Field(default=None, repr=False)
    upstream_url: str = "http://127.0.0.1:8081"
    upstream_token: SecretStr | None = Field(default=None, repr=False)
    expose_docs: bool = True
    drain_seconds: float = Field(default=0.0, ge=0, le=60)
    graceful_seconds: int = Field(default=20, ge=1, le=300)

    def database_dsn(self) -> str:
        """The database URL; dev falls back to the course's local Postgres."""
        if self.database_url is None:
            return "postgresql://course:course@127.0.0.1:5432/course"
        return self.database_url.get_secret_value()


def variable(field: str) -> str:
    return f"{PREFIX}{field.upper()}"


def settings_or_exit(program: str) -> Settings:
    """The settings, or one line per bad variable on stderr and exit 78 (EX_CONFIG)."""
    try:
        return load_settings()
    except ConfigError as exc:
        print(f"{program}: refusing to start, invalid configuration:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        raise SystemExit(EXIT_CONFIG) from None


def load_settings() -> Settings:
    """Read and check the settings; raise ConfigError naming every bad variable."""
    secrets_dir = Path(os.environ.get(SECRETS_DIR_VARIABLE, DEFAULT_SECRETS_DIR))
    # pydantic-settings warns about a missing secrets directory; dev has none, which is fine.
    found = secrets_dir if secrets_dir.is_dir() else None
    try:
        settings = Settings(_secrets_dir=found)
    except ValidationError as exc:
        problems = [f"{variable(str(error['loc'][0]))}: {error['msg']}" for error in exc.errors()]
        raise ConfigError(problems) from None
    problems = rule_problems(settings, secrets_dir)
    if problems:
        raise ConfigError(problems)
    return settings


def rule_problems(settings: Settings, secrets_dir: Path) -> list[str]:
    """What the environment's rule refuses in these settings, one line per variable."""
    rule = RULES[settings.environment]
    problems = [
        f"{variable(field)}: required in {settings.environment}; mount it as the file "
        f"{secrets_dir / variable(field).lower()}"
        for field in rule.required_secrets
        if getattr(settings, field) is None
    ]
    if settings.expose_docs and not rule.docs_allowed:
        problems.append(f"{variable('expose_docs')}: must be false in {settings.environment}")
    return problems
