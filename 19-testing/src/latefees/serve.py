"""`latefees-serve`: the composition root. Settings, the clock, the database connection and
the HTTP client are made here, once, and handed to the service; nothing below reaches out.

Exit status: 0 stopped by SIGTERM after draining; 2 bad option; 69 Postgres or the port
cannot be had; 78 bad LATEFEES_* variable (each named); Ctrl-C: killed by SIGINT after
draining.

uvicorn's default log config has no handler for our `latefees` logger, so the service's own
lines (one per fee charged) would be dropped: `log_config()` puts it on uvicorn's stderr
handler (lesson 08's serve.py).
"""

from __future__ import annotations

import argparse
import copy
import os
import signal
import socket
import sys
from collections.abc import Sequence
from contextlib import closing
from types import FrameType
from typing import Any

import httpx
import psycopg
import uvicorn
from fastapi import FastAPI
from uvicorn.config import LOGGING_CONFIG

from latefees.api import create_app
from latefees.clock import SystemClock
from latefees.errors import ConfigError
from latefees.notifier import HttpNotifier
from latefees.postgres import PostgresInvoiceRepository, create_tables
from latefees.service import FeeService
from latefees.settings import load_settings

EXIT_UNAVAILABLE = 69
EXIT_CONFIG = 78


def log_config() -> dict[str, Any]:
    """uvicorn's own logging config, plus our `latefees` logger on the same stderr handler."""
    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["latefees"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config


def _exit_zero_after_drain(signum: int, frame: FrameType | None) -> None:
    # uvicorn drains, restores this handler and re-raises SIGTERM: exit 0, not -15 (lesson 08).
    raise SystemExit(0)


def port_number(text: str) -> int:
    """An argparse type: a TCP port, 0 to 65535 (0 picks a free one).

    Out of range is a usage error (exit 2, naming --port) before anything starts, not a
    traceback from `bind()` once the app is up.
    """
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be 0 to 65535, got {value}")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="latefees-serve", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=port_number, default=8000, help="0 picks a free port")
    args = parser.parse_args(argv)
    try:
        settings = load_settings(os.environ)
    except ConfigError as exc:
        print("latefees-serve: refusing to start, invalid settings:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_CONFIG
    try:
        conn = psycopg.connect(settings.database_url, autocommit=True)
    except psycopg.OperationalError as exc:
        print(f"latefees-serve: cannot reach Postgres: {exc}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    with conn, httpx.Client(timeout=5.0) as client:
        create_tables(conn)
        service = FeeService(
            repo=PostgresInvoiceRepository(conn),
            notifier=HttpNotifier(client, settings.notify_url),
            clock=SystemClock(),
            policy=settings.policy,
        )
        return _run(create_app(service), args.host, args.port)


def _run(app: FastAPI, host: str, port: int) -> int:
    try:
        sock = socket.create_server((host, port))
    except OSError as exc:
        print(f"latefees-serve: cannot listen on {host}:{port}: {exc}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    with closing(sock):
        bound = sock.getsockname()[1]
        # The ready line: a test (or a supervisor) reads the real port from it.
        print(f"latefees-serve: listening on http://{host}:{bound}", file=sys.stderr, flush=True)
        signal.signal(signal.SIGTERM, _exit_zero_after_drain)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        server = uvicorn.Server(
            uvicorn.Config(app, log_config=log_config(), log_level="warning", access_log=False)
        )
        server.run(sockets=[sock])
    return 0


if __name__ == "__main__":
    sys.exit(main())
