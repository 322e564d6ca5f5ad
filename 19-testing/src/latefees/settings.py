"""Settings read once, at the edge, from a mapping (os.environ in production, a dict in tests).

LATEFEES_DATABASE_URL   postgresql://... (required)
LATEFEES_NOTIFY_URL     http(s)://... where fee notices are POSTed (required)
LATEFEES_GRACE_DAYS     whole days without a fee (default 3)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from latefees.errors import ConfigError
from latefees.fees import Policy


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str
    notify_url: str
    policy: Policy


def load_settings(environ: Mapping[str, str]) -> Settings:
    """Every bad or missing variable is named in one ConfigError, not just the first."""
    problems = []
    database_url = environ.get("LATEFEES_DATABASE_URL", "")
    if not database_url.startswith(("postgresql://", "postgres://")):
        problems.append("LATEFEES_DATABASE_URL: must be a postgresql:// URL")
    notify_url = environ.get("LATEFEES_NOTIFY_URL", "")
    if not notify_url.startswith(("http://", "https://")):
        problems.append("LATEFEES_NOTIFY_URL: must be an http:// or https:// URL")
    raw_grace = environ.get("LATEFEES_GRACE_DAYS", "3")
    grace = int(raw_grace) if raw_grace.isdigit() else -1
    if grace < 0:
        problems.append(f"LATEFEES_GRACE_DAYS: must be a whole number >= 0, got {raw_grace!r}")
    if problems:
        raise ConfigError(problems)
    return Settings(database_url, notify_url, Policy(grace_days=grace))
