"""The lesson's exceptions, mapped to exit codes in one place (`serve.py`, `migrate.py`).

DeployableError
├── ConfigError          invalid configuration: every bad variable is named (exit 78)
└── DependencyUnavailable  the database cannot be reached (exit 69, or 503 on /readyz)
"""


class DeployableError(Exception):
    """Base of the lesson's own errors."""


class ConfigError(DeployableError):
    """The configuration is invalid; `problems` holds one line per bad variable."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class DependencyUnavailable(DeployableError):
    """A dependency (the database) did not answer."""
