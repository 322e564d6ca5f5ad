"""The package's errors.

ShopwatchError
 └── ConfigError   bad SHOPWATCH_* variables; the server exits 78 and names each one
"""

from __future__ import annotations


class ShopwatchError(Exception):
    """Base class: `except ShopwatchError` catches every error this package raises on purpose."""


class ConfigError(ShopwatchError):
    """The configuration is invalid; `problems` holds one line per bad variable."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems
