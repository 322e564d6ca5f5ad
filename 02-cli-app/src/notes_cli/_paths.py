"""Where the database lives: the --db flag, else $NOTES_DB, else the XDG data directory."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

ENV_VAR = "NOTES_DB"


def default_db_path(environ: Mapping[str, str] | None = None) -> Path:
    """$NOTES_DB if set, else $XDG_DATA_HOME/notes-cli/notes.sqlite3 (~/.local/share/...)."""
    env = os.environ if environ is None else environ
    if env.get(ENV_VAR):
        return Path(env[ENV_VAR])
    data_home = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "notes-cli" / "notes.sqlite3"


def prepare(path: Path) -> Path:
    """Create the parent folder only for the default location, never for a user's typo."""
    if path == default_db_path({"XDG_DATA_HOME": os.environ.get("XDG_DATA_HOME", "")}):
        path.parent.mkdir(parents=True, exist_ok=True)
    return path
