"""Lesson 21's service: one image, configured per environment, ready for Kubernetes."""

from deployable._settings import RULES, Settings, load_settings
from deployable.app import create_app
from deployable.errors import ConfigError, DependencyUnavailable
from deployable.lifecycle import Lifecycle

__all__ = [
    "RULES",
    "ConfigError",
    "DependencyUnavailable",
    "Lifecycle",
    "Settings",
    "create_app",
    "load_settings",
]
