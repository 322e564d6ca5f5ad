"""Settings the app reads from the environment, once, in `create_app()`."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Settings:
    """What the app needs to know; the server's own limits live in `serve.py`.

    - `db_path`: SQLite path for the note store (`:memory:` by default).
    - `max_body_bytes`: the largest request body accepted; larger gets 413.
    - `gate_dir`: when set, mounts the lab route `POST /lab/slow/{name}` whose request
      waits until the file `<gate_dir>/<name>.open` exists. Tests use it to hold a request
      in flight for as long as they want, without sleeping.
    - `lab`: a deliberate mistake to stage (`"eager-exit"`), or `""` for the correct app.
    """

    db_path: str = ":memory:"
    max_body_bytes: int = 64 * 1024
    gate_dir: Path | None = None
    lab: str = ""

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        gate = env.get("HTTPSERVER_GATE_DIR", "")
        return cls(
            db_path=env.get("HTTPSERVER_DB", ":memory:"),
            max_body_bytes=int(env.get("HTTPSERVER_MAX_BODY_BYTES", str(64 * 1024))),
            gate_dir=Path(gate) if gate else None,
            lab=env.get("HTTPSERVER_LAB", ""),
        )
