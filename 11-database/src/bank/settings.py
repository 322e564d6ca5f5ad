"""Where the databases are: the course's URLs, read from the environment.

The same variables and defaults as every lesson's `tests/services.py`, so the examples and the
tests talk to the same servers: `COURSE_POSTGRES_URL` and `COURSE_MYSQL_URL`.
"""

from __future__ import annotations

import os
import socket
from typing import Literal
from urllib.parse import urlsplit

Kind = Literal["postgres", "mysql"]
KINDS: tuple[Kind, ...] = ("postgres", "mysql")

DEFAULTS: dict[Kind, tuple[str, str]] = {
    "postgres": ("COURSE_POSTGRES_URL", "postgresql://course:course@127.0.0.1:5432/course"),
    "mysql": ("COURSE_MYSQL_URL", "mysql://course:course@127.0.0.1:3306/course"),
}
DEFAULT_PORTS = {"postgresql": 5432, "postgres": 5432, "mysql": 3306, "mariadb": 3306}


def server_url(kind: Kind) -> str:
    """The server's URL from its COURSE_* variable, or the docker-compose default."""
    variable, default = DEFAULTS[kind]
    return os.environ.get(variable) or default


def skip_reason(*kinds: Kind, timeout: float = 2.0) -> str:
    """Why README examples cannot run here ("" when they can, or must and should fail).

    A server listed in COURSE_REQUIRE_SERVICES never gives a reason: the example runs and
    fails, exactly as the test fixtures fail instead of skipping.
    """
    required = {s.strip() for s in os.environ.get("COURSE_REQUIRE_SERVICES", "").split(",")}
    for kind in kinds:
        parts = urlsplit(server_url(kind))
        host = parts.hostname or "127.0.0.1"
        port = parts.port or DEFAULT_PORTS[parts.scheme.split("+")[0]]
        try:
            with socket.create_connection((host, port), timeout):
                continue
        except OSError as exc:
            if kind in required:
                continue
            return (
                f"{kind} is not reachable at {host}:{port} ({exc}): start it with "
                f"`docker compose up -d --wait {kind}` or set {DEFAULTS[kind][0]}"
            )
    return ""
