"""Where the databases are: the course's URLs, read once from the environment.

The same variables and defaults as every lesson's `tests/services.py`, so the examples and the
tests talk to the same servers: `COURSE_POSTGRES_URL` and `COURSE_MYSQL_URL`. They are parsed
with pydantic-settings (lesson 03): a bad value is named by its variable, and a command that
cannot start exits 78 (EX_CONFIG) with one line per bad variable and no traceback.
"""

from __future__ import annotations

import socket
import sys
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

Kind = Literal["postgres", "mysql"]
KINDS: tuple[Kind, ...] = ("postgres", "mysql")
EX_CONFIG = 78

DEFAULTS: dict[Kind, tuple[str, str]] = {
    "postgres": ("COURSE_POSTGRES_URL", "postgresql://course:course@127.0.0.1:5432/course"),
    "mysql": ("COURSE_MYSQL_URL", "mysql://course:course@127.0.0.1:3306/course"),
}
DEFAULT_PORTS = {"postgresql": 5432, "postgres": 5432, "mysql": 3306, "mariadb": 3306}
SCHEMES: dict[Kind, set[str]] = {
    "postgres": {"postgresql", "postgres"},
    "mysql": {"mysql", "mariadb"},
}


def _check_url(kind: Kind, url: str) -> str:
    parts = urlsplit(url)
    scheme = parts.scheme.split("+")[0]
    if scheme not in SCHEMES[kind]:
        raise ValueError(f"must be a {' or '.join(sorted(SCHEMES[kind]))}:// URL, not {scheme!r}")
    if not parts.hostname:
        raise ValueError("names no host")
    try:
        parts.port  # noqa: B018  # urlsplit checks the port only when asked
    except ValueError as exc:
        raise ValueError(f"has a bad port: {exc}") from None
    return url


class Settings(BaseSettings):
    """The servers' URLs; an empty variable counts as unset (the compose default)."""

    model_config = SettingsConfigDict(env_prefix="COURSE_", extra="ignore", frozen=True)

    postgres_url: str = DEFAULTS["postgres"][1]
    mysql_url: str = DEFAULTS["mysql"][1]
    # A comma list (postgres,mysql): services that must answer, so a test fails, not skips.
    require_services: Annotated[frozenset[str], NoDecode] = frozenset()

    @field_validator("postgres_url", "mysql_url", mode="before")
    @classmethod
    def _empty_is_default(cls, value: object, info: ValidationInfo) -> object:
        if value == "":
            return DEFAULTS["postgres" if info.field_name == "postgres_url" else "mysql"][1]
        return value

    @field_validator("require_services", mode="before")
    @classmethod
    def _comma_list(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(name.strip() for name in value.split(",") if name.strip())
        return value

    @field_validator("postgres_url")
    @classmethod
    def _postgres(cls, value: str) -> str:
        return _check_url("postgres", value)

    @field_validator("mysql_url")
    @classmethod
    def _mysql(cls, value: str) -> str:
        return _check_url("mysql", value)

    def url(self, kind: Kind) -> str:
        return self.postgres_url if kind == "postgres" else self.mysql_url


def settings_or_exit() -> Settings:
    """The settings, or exit 78 naming every bad variable (for commands: examples, bench)."""
    try:
        return Settings()
    except ValidationError as exc:
        for error in exc.errors(include_input=False, include_url=False):
            variable = f"COURSE_{str(error['loc'][0]).upper()}"
            print(f"{variable}: {error['msg']}", file=sys.stderr)
        raise SystemExit(EX_CONFIG) from None


def server_url(kind: Kind) -> str:
    """The server's URL from its COURSE_* variable, or the docker-compose default."""
    return Settings().url(kind)


def skip_reason(*kinds: Kind, timeout: float = 2.0) -> str:
    """Why README examples cannot run here ("" when they can, or must and should fail).

    A server listed in COURSE_REQUIRE_SERVICES never gives a reason: the example runs and
    fails, exactly as the test fixtures fail instead of skipping.
    """
    settings = Settings()
    for kind in kinds:
        parts = urlsplit(settings.url(kind))
        host = parts.hostname or "127.0.0.1"
        port = parts.port or DEFAULT_PORTS[parts.scheme.split("+")[0]]
        try:
            with socket.create_connection((host, port), timeout):
                continue
        except OSError as exc:
            if kind in settings.require_services:
                continue
            return (
                f"{kind} is not reachable at {host}:{port} ({exc}): start it with "
                f"`docker compose up -d --wait {kind}` or set {DEFAULTS[kind][0]}"
            )
    return ""
