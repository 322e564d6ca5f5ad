"""Settings the app reads from `HTTPSERVER_*` environment variables, once, at startup.

pydantic-settings parses and validates them (lesson 03): a bad value is a `ValidationError`
that `serve.py` turns into one line per variable and exit 78, before anything is bound.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_PREFIX = "HTTPSERVER_"


class Settings(BaseSettings):
    """What the app needs to know; the server's own limits are `serve.py`'s options.

    - `db_path` (`HTTPSERVER_DB_PATH`): SQLite path for the note store.
    - `max_body_bytes` (`HTTPSERVER_MAX_BODY_BYTES`): the largest request body; larger is 413.
    - `handler_timeout` (`HTTPSERVER_HANDLER_TIMEOUT`): seconds a request may take inside the
      app before it is cancelled and answered 503. Shorter than the graceful-shutdown bound,
      so a drain never has to cut a request the timeout would not have cut anyway.
    - `gate_dir` (`HTTPSERVER_GATE_DIR`): when set, mounts the lab route
      `POST /lab/slow/{name}`, which waits until the file `<gate_dir>/<name>.open` exists.
      Tests use it to hold a request in flight for as long as they want, without sleeping.
    - `lab` (`HTTPSERVER_LAB`): a deliberate mistake to stage (`eager-exit`), or empty.
    """

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, env_ignore_empty=True, frozen=True)

    db_path: str = ":memory:"
    max_body_bytes: int = Field(default=64 * 1024, ge=0)
    handler_timeout: float = Field(default=10.0, gt=0)
    gate_dir: Path | None = None
    lab: Literal["", "eager-exit"] = ""


def config_problems(exc: ValidationError) -> list[str]:
    """One line per invalid variable, named as an operator sets it (no value: it may be secret)."""
    return [
        f"{ENV_PREFIX}{'_'.join(str(part) for part in error['loc']).upper()}: {error['msg']}"
        for error in exc.errors(include_url=False, include_input=False)
    ]
