"""Configuration that is typed, layered, secret-safe and validated before a service starts."""

from settings_demo._loading import known_env_vars, load_settings
from settings_demo._settings import (
    Duration,
    Environment,
    HttpSettings,
    LinkSettings,
    Settings,
)
from settings_demo.errors import (
    EXIT_CONFIG,
    EXIT_OK,
    EXIT_UNAVAILABLE,
    ConfigError,
    FieldProblem,
    SettingsDemoError,
)

__all__ = [
    "EXIT_CONFIG",
    "EXIT_OK",
    "EXIT_UNAVAILABLE",
    "ConfigError",
    "Duration",
    "Environment",
    "FieldProblem",
    "HttpSettings",
    "LinkSettings",
    "Settings",
    "SettingsDemoError",
    "known_env_vars",
    "load_settings",
]
