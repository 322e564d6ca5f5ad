"""Turn "build the settings" into one call that either returns them or names every problem."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from settings_demo._settings import ENV_PREFIX, NESTED_DELIMITER, Settings
from settings_demo.errors import ConfigError, FieldProblem

DEFAULT_ENV_FILE = Path(".env")


def env_var_for(error: ErrorDetails) -> str:
    """The environment variable an operator sets, for one pydantic error.

    ("http", "port") -> SIGNER_HTTP__PORT. An unknown key in `.env` (extra_forbidden) is
    reported under its own name, prefix or not: SIGNER_LINKS_TTL, POSTGRES_PASSWORD.
    """
    parts = [str(part) for part in error["loc"]]
    if error["type"] == "extra_forbidden":
        return parts[0].upper()
    return ENV_PREFIX + NESTED_DELIMITER.join(parts).upper()


def known_env_vars() -> set[str]:
    """Every SIGNER_* name that means something: each field, and each nested field."""
    names: set[str] = set()
    for name, field in Settings.model_fields.items():
        top = ENV_PREFIX + name.upper()
        names.add(top)
        if isinstance(field.annotation, type) and issubclass(field.annotation, BaseModel):
            for sub in field.annotation.model_fields:
                names.add(top + NESTED_DELIMITER + sub.upper())
    return names


def _unknown_env_vars(environ: Mapping[str, str]) -> list[FieldProblem]:
    # pydantic-settings ignores unknown environment variables (it rejects unknown .env keys).
    # A typo such as SIGNER_LINKS_TTL (one underscore) would silently fall back to a default.
    known = known_env_vars()
    return [
        FieldProblem(env_var=name, field="", message="not a setting (a typo?)")
        for name in sorted(environ)
        if name.upper().startswith(ENV_PREFIX) and name.upper() not in known
    ]


def load_settings(env_file: Path | None = DEFAULT_ENV_FILE, **overrides: Any) -> Settings:
    """Build the settings once, at startup, or raise ConfigError naming every invalid one.

    ``env_file=None`` reads no `.env` at all (tests, and production if you prefer).
    ``overrides`` are keyword arguments to ``Settings``: they beat every other source.
    """
    problems = _unknown_env_vars(os.environ)
    try:
        settings = Settings(_env_file=env_file, **overrides)
    except ValidationError as exc:
        problems += [
            FieldProblem(
                env_var=env_var_for(error),
                field=".".join(str(part) for part in error["loc"]),
                message=error["msg"],
            )
            # include_input=False: the rejected value may be a secret.
            for error in exc.errors(include_url=False, include_input=False, include_context=False)
        ]
        raise ConfigError(sorted(problems, key=lambda p: p.env_var)) from exc
    if problems:
        raise ConfigError(problems)
    return settings
