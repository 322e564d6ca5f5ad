"""Where the notes database lives when nobody says: the XDG data directory."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

APP_DIR = "notes"
DB_FILE = "notes.sqlite3"


def default_db_path(environ: Mapping[str, str]) -> Path:
    """`$XDG_DATA_HOME/notes/notes.sqlite3`, else `~/.local/share/notes/notes.sqlite3`.

    A pure function of the mapping it is given: it reads no global state and touches no disk,
    so calling it (or importing this module) never creates anything.
    """
    xdg = environ.get("XDG_DATA_HOME", "")
    # The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
    if xdg and Path(xdg).is_absolute():
        base = Path(xdg)
    else:
        home = environ.get("HOME") or str(Path.home())
        base = Path(home) / ".local" / "share"
    return base / APP_DIR / DB_FILE
