"""Run the Alembic migrations from code (the tests and examples do; learners may use the CLI).

    BANK_DATABASE_URL=postgresql://... uv run alembic upgrade head

and from Python:

    command.upgrade(alembic_config(url), "head")
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(
    url: str,
    *,
    lab: bool = False,
    output: TextIO | None = None,
    versions: Path | None = None,
) -> Config:
    """An Alembic config for `url`.

    `lab=True` adds the failing Break-it migration; `output` receives what the commands print
    (offline `--sql` DDL, `current`, `check`); `versions` replaces the revisions folder (the
    autogenerate test writes a fresh revision into an empty one)."""
    config = Config(output_buffer=output, stdout=output or sys.stdout)
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    # configparser interpolation: a literal % in a URL (an encoded password) must be doubled.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    locations = [versions or MIGRATIONS / "versions"] + ([MIGRATIONS / "lab"] if lab else [])
    config.set_main_option("version_locations", ":".join(str(p) for p in locations))
    return config
